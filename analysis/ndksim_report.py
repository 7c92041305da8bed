#!/usr/bin/python3
"""ndksim_report: summary tables (and optional plots) of ndksim results databases.

usage: analysis/ndksim_report.py DB [DB ...] [--plot OUTDIR]

For each database: the run; operations per type (ops/s, latency p50/p99/p999); FCT slowdown
p50/p95/p99 per flow-size bucket; tokens by how they ended; rejected accesses; QP counters; PFC
pauses and ECN marks; drops and lossless violations. Tables without rows print "none".
Times are shown in microseconds; the database stores integer picoseconds.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ndksim_db as ndb  # noqa: E402

pd = ndb.need_pandas()


def quantiles(series, qs):
    return [ndb.percentile(series, q) for q in qs]


def op_table(con, info):
    ops = ndb.read(con, "SELECT type, status, bytes, post_ps, completion_ps FROM ops", "ops")
    if ops.empty:
        return ops, ops
    types = ndb.names(con, "op_type")
    secs = ndb.sim_seconds(info)
    ops["op"] = ndb.label(ops["type"], types)
    ops["latency_us"] = (ops["completion_ps"] - ops["post_ps"]) / ndb.PS_PER_US
    rows = []
    for op, g in ops.groupby("op", sort=True):
        lat = g["latency_us"].dropna()
        p50, p99, p999 = quantiles(lat, [0.5, 0.99, 0.999])
        pending = g["status"] == ndb.STATUS_PENDING
        rows.append({"op": op, "count": len(g),
                     "failed": int(((g["status"] != 0) & ~pending).sum()),
                     "unfinished": int(pending.sum()),
                     "bytes": int(g["bytes"].sum()),
                     "ops/s": len(g) / secs if secs else float("nan"),
                     "p50_us": p50, "p99_us": p99, "p999_us": p999})
    return pd.DataFrame(rows), ops


def flow_table(con):
    flows = ndb.read(con, "SELECT size_bytes, fct_ps, ideal_fct_ps, slowdown, status FROM flows",
                     "flows")
    if flows.empty:
        return flows, flows
    flows["bucket"] = flows["size_bytes"].map(ndb.size_bucket)
    order = {name: i for i, (_, _, name) in enumerate(ndb.SIZE_BUCKETS)}
    rows = []
    for bucket, g in sorted(flows.groupby("bucket"), key=lambda kv: order[kv[0]]):
        sd = g["slowdown"].dropna()
        p50, p95, p99 = quantiles(sd, [0.5, 0.95, 0.99])
        rows.append({"size": bucket, "flows": len(g), "failed": int((g["fct_ps"].isna() & (g["status"] != ndb.STATUS_PENDING)).sum()),
                     "unfinished": int((g["status"] == ndb.STATUS_PENDING).sum()),
                     "slowdown_p50": p50, "slowdown_p95": p95, "slowdown_p99": p99,
                     "fct_p50_us": ndb.percentile(g["fct_ps"], 0.5) / ndb.PS_PER_US
                     if g["fct_ps"].notna().any() else float("nan")})
    return pd.DataFrame(rows), flows


def token_table(con):
    t = ndb.read(con, "SELECT kind, invalidation, uses, lifetime_ps FROM tokens", "tokens")
    if t.empty:
        return t
    t["kind"] = ndb.label(t["kind"], ndb.names(con, "token_kind"))
    t["ended"] = ndb.label(t["invalidation"], ndb.names(con, "invalidation"))
    rows = []
    for (kind, ended), g in t.groupby(["kind", "ended"], sort=True):
        life = g["lifetime_ps"].dropna() / ndb.PS_PER_US
        p50, p99 = quantiles(life, [0.5, 0.99])
        rows.append({"kind": kind, "invalidated": ended, "tokens": len(g),
                     "uses": int(g["uses"].sum()), "lifetime_p50_us": p50,
                     "lifetime_p99_us": p99})
    return pd.DataFrame(rows)


def violation_table(con):
    v = ndb.read(con, "SELECT reason, status, type, count(*) AS rejected FROM violations "
                      "GROUP BY reason, status, type ORDER BY reason, status, type", "violations")
    if v.empty:
        return v
    v["reason"] = ndb.label(v["reason"], ndb.names(con, "violation_reason"))
    v["status"] = ndb.label(v["status"], ndb.names(con, "status"))
    v["op"] = ndb.label(v["type"], ndb.names(con, "op_type"))
    return v[["reason", "status", "op", "rejected"]]


def qp_table(con):
    q = ndb.read(con, "SELECT count(*) AS qps, sum(retransmits) AS retransmits, "
                      "sum(timeouts) AS timeouts, sum(naks_sent) AS naks_sent, "
                      "sum(naks_received) AS naks_received, sum(cnps_sent) AS cnps_sent, "
                      "sum(cnps_received) AS cnps_received, sum(rate_changes) AS rate_changes "
                      "FROM qps HAVING count(*) > 0", "qps")
    return q


def port_table(con):
    p = ndb.read(con, "SELECT coalesce(n.kind, 'node') AS kind, count(DISTINCT p.node || ':' || "
                      "p.port) AS ports, sum(p.pause_sent) AS pause_sent, "
                      "sum(p.pause_received) AS pause_received, "
                      "sum(p.paused_ps) / 1e6 AS paused_us, sum(p.ecn_marked) AS ecn_marked, "
                      "max(p.peak_buffer_bytes) AS peak_buffer_bytes "
                      "FROM ports p LEFT JOIN nodes n ON n.node = p.node "
                      "GROUP BY 1 ORDER BY 1", "ports")
    return p


def drop_table(con):
    d = ndb.read(con, "SELECT reason, lossless, sum(packets) AS packets, sum(bytes) AS bytes "
                      "FROM port_drops GROUP BY reason, lossless ORDER BY reason, lossless",
                 "port_drops")
    if d.empty:
        return d
    d["reason"] = ndb.label(d["reason"], ndb.names(con, "drop_reason"))
    d["lossless_violation"] = d["lossless"].map({1: "yes", 0: "no"})
    return d[["reason", "lossless_violation", "packets", "bytes"]]


def cdf(ax, values, label):
    s = values.dropna().sort_values().to_numpy()
    if len(s):
        ax.plot(s, [(i + 1) / len(s) for i in range(len(s))], label=label, drawstyle="steps-post")


def plot(outdir, stem, ops, flows):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("  plots skipped: matplotlib missing (apt-get install python3-matplotlib)")
        return []
    os.makedirs(outdir, exist_ok=True)
    written = []
    for name, data, group, column, xlabel in (
            ("fct-slowdown-cdf", flows, "bucket", "slowdown", "FCT slowdown"),
            ("op-latency-cdf", ops, "op", "latency_us", "operation latency (us)")):
        path = os.path.join(outdir, f"{stem}-{name}.png")
        if data.empty or data[column].dropna().empty:
            print(f"  {name}: no data, not written")
            continue
        fig, ax = plt.subplots(figsize=(6, 4))
        for key, g in data.groupby(group, sort=True):
            cdf(ax, g[column], str(key))
        ax.set_xlabel(xlabel)
        ax.set_ylabel("CDF")
        if data[column].dropna().min() > 0:
            ax.set_xscale("log")
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize="small")
        fig.tight_layout()
        fig.savefig(path, dpi=100)
        plt.close(fig)
        written.append(path)
        print(f"  wrote {path}")
    return written


def report(path, plot_dir=None):
    con = ndb.open_db(path)
    info = ndb.run_info(con)
    print(f"== {path}")
    if info:
        secs = ndb.sim_seconds(info)
        print(f"  scenario {info['scenario']} (seed {info['seed']}, rng_run {info['rng_run']}), "
              f"status {info['status']}, ndksim {info['ndksim_version']}, "
              f"ns-3 {info['ns3_version']}")
        print(f"  simulated {secs if secs else 0:.6f} s, events {info.get('events')}, "
              f"wall {info.get('wall_time_us')} us")
    else:
        print("  run: none")
    op_summary, ops = op_table(con, info)
    ndb.show("operations per type (latency = completion - post)", op_summary)
    flow_summary, flows = flow_table(con)
    ndb.show("FCT slowdown per flow size", flow_summary)
    ndb.show("tokens", token_table(con))
    ndb.show("rejected accesses (violations)", violation_table(con))
    ndb.show("QP counters", qp_table(con))
    ndb.show("PFC pauses and ECN marks", port_table(con))
    ndb.show("drops and lossless violations", drop_table(con))
    if plot_dir:
        print("\nplots")
        stem = os.path.splitext(os.path.basename(path))[0]
        plot(plot_dir, stem, ops, flows)
    con.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", nargs="+", help="results databases")
    ap.add_argument("--plot", metavar="OUTDIR", help="write PNG plots to OUTDIR")
    args = ap.parse_args()
    for i, path in enumerate(args.db):
        if i:
            print()
        report(path, args.plot)


if __name__ == "__main__":
    main()
