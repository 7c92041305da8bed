#!/usr/bin/python3
"""ndksim_compare: one table of several runs (a sweep), one row per database.

usage: analysis/ndksim_compare.py DB [DB ...] [--all-params] [--csv OUT]

Columns: the database, the run's seed, rng_run and status, every parameter whose value differs
between the runs (all of them with --all-params), then headline metrics: operations and ops/s,
op latency p50/p99, FCT slowdown p50/p99, tokens, rejected accesses, pause frames, ECN marks,
drops on lossless priorities. --csv writes the same table for further analysis.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ndksim_db as ndb  # noqa: E402

pd = ndb.need_pandas()


def scalar(con, sql, table):
    if table not in ndb.tables(con):
        return 0
    v = con.execute(sql).fetchone()[0]
    return v if v is not None else 0


def metrics(path):
    con = ndb.open_db(path)
    info = ndb.run_info(con)
    params = ndb.read(con, "SELECT key, value FROM params", "params")
    row = {"db": path, "seed": info.get("seed"), "rng_run": info.get("rng_run"),
           "status": info.get("status")}
    ops = ndb.read(con, "SELECT completion_ps - post_ps AS lat FROM ops", "ops")
    secs = ndb.sim_seconds(info)
    row["ops"] = len(ops)
    row["ops/s"] = len(ops) / secs if secs and len(ops) else float("nan")
    lat = ops["lat"].dropna() / ndb.PS_PER_US if not ops.empty else pd.Series(dtype=float)
    row["lat_p50_us"] = ndb.percentile(lat, 0.5)
    row["lat_p99_us"] = ndb.percentile(lat, 0.99)
    flows = ndb.read(con, "SELECT slowdown FROM flows", "flows")
    sd = flows["slowdown"].dropna() if not flows.empty else pd.Series(dtype=float)
    row["flows"] = len(flows)
    row["slowdown_p50"] = ndb.percentile(sd, 0.5)
    row["slowdown_p99"] = ndb.percentile(sd, 0.99)
    row["tokens"] = scalar(con, "SELECT count(*) FROM tokens", "tokens")
    row["violations"] = scalar(con, "SELECT count(*) FROM violations", "violations")
    row["pause_sent"] = scalar(con, "SELECT sum(pause_sent) FROM ports", "ports")
    row["ecn_marked"] = scalar(con, "SELECT sum(ecn_marked) FROM ports", "ports")
    row["lossless_drops"] = scalar(con, "SELECT sum(packets) FROM port_drops WHERE lossless = 1",
                                   "port_drops")
    con.close()
    return row, dict(zip(params.get("key", []), params.get("value", [])))


def compare(paths, all_params=False):
    rows, params = zip(*(metrics(p) for p in paths))
    keys = sorted(set().union(*params))
    shown = [k for k in keys
             if all_params or len({p.get(k) for p in params}) > 1]
    table = []
    for row, p in zip(rows, params):
        merged = {k: row[k] for k in ("db", "seed", "rng_run", "status")}
        merged.update({k: p.get(k) for k in shown})
        merged.update({k: v for k, v in row.items() if k not in merged})
        table.append(merged)
    return pd.DataFrame(table)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", nargs="+", help="results databases (one per run)")
    ap.add_argument("--all-params", action="store_true", help="show every parameter")
    ap.add_argument("--csv", metavar="OUT", help="also write the table as CSV")
    args = ap.parse_args()
    df = compare(args.db, args.all_params)
    ndb.show(f"{len(df)} runs", df)
    if args.csv:
        df.to_csv(args.csv, index=False)
        print(f"\nwrote {args.csv}")


if __name__ == "__main__":
    main()
