#!/usr/bin/python3
"""End-to-end checks of ndksim-run on the sample scenarios.

usage: scenario-runs-test.py NDKSIM_RUN CHECK [ARG] [--update]   (run from the source root)

Checks:
  golden NAME      scenarios/NAME.toml at its seed: the summary's deterministic lines equal
                   tests/data/golden/NAME.txt (--update rewrites that file; do it on purpose,
                   after checking the difference is intended)
  determinism      the same scenario and seed twice: every table identical except
                   runs.wall_time_us; another rng_run: different rows
  hpcc-a           topo_a.txt + flow_a.txt: the 10,000,000-byte flow completes; prints its FCT
  kill             SIGKILL mid-run (at the first progress line) leaves no database
                   under the final name, and the temporary file is consistent SQLite
  bad-plans        workloads without a [topology], host selectors outside the fabric, a
                   malformed CDF file, bad pcap ports, link_rate with a topology file, dscp
                   without priority, io_size with io_size_cdf, GET sizes larger than the slots,
                   random flows connected up front on 8192 hosts: file:line:column, exit 2,
                   no database
  priority         a workload with priority 5: its flows, both QP ends and the switches'
                   queues use class 5, the other workload the default class
  size-cdf         storage io_size_cdf and kv value_size_cdf: sizes in range, mean of the CDF
"""
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile

ROOT = os.getcwd()
GOLDEN = os.path.join(ROOT, "tests", "data", "golden")


def run(*args):
    p = subprocess.run(list(args), capture_output=True, text=True, cwd=ROOT)
    return p.returncode, p.stdout, p.stderr


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def deterministic_lines(stdout):
    """The summary read back from the database, without wall-clock figures and paths."""
    keep = []
    for line in stdout.splitlines():
        if not line.startswith("  ") or line.startswith("  wall time"):
            continue
        keep.append(line)
    return "\n".join(keep) + "\n"


def golden(runner, name, update):
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, name + ".db")
        rc, out, err = run(runner, os.path.join("scenarios", name + ".toml"), "--db", db)
        if rc != 0:
            fail(f"ndksim-run {name} exited {rc}:\n{out}\n{err}")
        got = deterministic_lines(out)
    path = os.path.join(GOLDEN, name + ".txt")
    if update:
        with open(path, "w") as f:
            f.write(got)
        print(f"updated {path}")
        return
    with open(path) as f:
        want = f.read()
    if got != want:
        import difflib
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                            path, "this run"))
        fail(f"summary of {name} differs from {path} (if intended: "
             f"tests/unit/scenario-runs-test.py {runner} golden {name} --update):\n{diff}")
    print(got, end="")
    print(f"OK: {name} matches {path}")


def dump(db):
    """Every row of every table, the wall time masked."""
    con = sqlite3.connect(db)
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")]
    rows = []
    for t in tables:
        cols = [r[1] for r in con.execute(f'PRAGMA table_info("{t}")')]
        sel = ", ".join("NULL" if (t == "runs" and c == "wall_time_us") else f'"{c}"'
                        for c in cols)
        rows.append((t, list(con.execute(f'SELECT {sel} FROM "{t}"'))))
    con.close()
    return rows


def determinism(runner):
    short = ["--set", "run.stop_time=2ms"]
    with tempfile.TemporaryDirectory() as tmp:
        dbs = []
        for tag, extra in (("a", []), ("b", []), ("c", ["--set", "run.rng_run=2"])):
            db = os.path.join(tmp, tag + ".db")
            rc, out, err = run(runner, "scenarios/default.toml", "--db", db, *short, *extra)
            if rc != 0:
                fail(f"run {tag} exited {rc}:\n{out}\n{err}")
            dbs.append(dump(db))
        if dbs[0] != dbs[1]:
            for (t, a), (_, b) in zip(dbs[0], dbs[1]):
                if a != b:
                    fail(f"same seed, table {t} differs")
            fail("same seed: the databases hold different sets of tables")
        print("OK: same seed and rng_run: every table identical (wall time masked)")
        differ = [t for (t, a), (_, b) in zip(dbs[0], dbs[2]) if a != b]
        if not any(t in differ for t in ("ops", "flows", "tokens")):
            fail("rng_run 2 gives the same ops, flows and tokens as rng_run 1")
        print("OK: rng_run 2 differs in tables: " + ", ".join(differ))


def hpcc_a(runner):
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "a.db")
        rc, out, err = run(runner, "tests/data/scenarios/hpcc-a.toml", "--db", db,
                           "--set", "output.sample_interval=20us")
        if rc != 0:
            fail(f"hpcc-a exited {rc}:\n{out}\n{err}")
        con = sqlite3.connect(db)
        rows = list(con.execute("SELECT src, dst, size_bytes, fct_ps, ideal_fct_ps FROM flows"))
        # Time series: the sender's rate near line rate while the flow runs, the switch queue.
        rate = list(con.execute(
            "SELECT MAX(s.value) FROM samples s JOIN series r ON s.series = r.series "
            "WHERE r.metric = 'tx_rate'"))[0][0]
        queues = list(con.execute(
            "SELECT COUNT(*) FROM series WHERE metric = 'queue_bytes'"))[0][0]
        con.close()
    if rate is None or not 80e9 < rate <= 100e9 or queues == 0:
        fail(f"samples: peak host tx rate {rate} bps (expected 80-100 Gb/s), "
             f"{queues} queue series")
    print(f"OK: samples: peak host tx rate {rate / 1e9:.2f} Gb/s, {queues} switch queue series")
    if len(rows) != 1 or rows[0][2] != 10000000 or rows[0][3] is None:
        fail(f"expected one finished 10,000,000-byte flow, got {rows}")
    src, dst, size, fct, ideal = rows[0]
    hpcc = 834091
    print(f"hpcc-a: flow {src}->{dst} {size} B: FCT {fct / 1000:.3f} ns, ideal "
          f"{ideal / 1000:.3f} ns, slowdown {fct / ideal:.4f}; the HPCC simulator reports "
          f"{hpcc} ns ({fct / 1000 / hpcc:.4f}x)")
    # Framing alone: 82 wire bytes per 1024-byte packet here, the HPCC simulator's smaller
    # headers on 1000-byte payloads; anything beyond a few percent would be a model change.
    if not (ideal <= fct <= 1.10 * hpcc * 1000):
        fail(f"FCT {fct} ps outside [ideal {ideal} ps, 1.10 x {hpcc} ns]")
    print("OK: hpcc-a flow completed")


def kill(runner):
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "killed.db")
        p = subprocess.Popen([runner, "scenarios/hpcc-websearch.toml", "--db", db,
                              "--set", "run.progress=true"], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        # Kill on the runner's first progress line with an ETA: the simulation is under way and
        # its database open (a state of the run, not a guessed delay).
        for line in p.stderr:
            if "progress:" in line and "ETA" in line:
                break
        else:
            fail("the run ended before it could be killed")
        p.send_signal(signal.SIGKILL)
        p.wait()
        p.stderr.close()
        if os.path.exists(db):
            fail(f"{db} exists after SIGKILL")
        partials = [os.path.join(tmp, n) for n in os.listdir(tmp)
                    if n.startswith("killed.db.partial-") and not n.endswith(("-wal", "-shm"))]
        if len(partials) != 1:
            fail(f"want the one temporary database of the run, found {os.listdir(tmp)}")
        partial = partials[0]
        # What is left is the temporary file: a consistent SQLite database that does not claim
        # to be a finished run.
        con = sqlite3.connect(partial)
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
        status = con.execute("SELECT status FROM runs").fetchall()
        con.close()
        if check != "ok":
            fail(f"{partial}: integrity_check says {check}")
        if status != [("running",)]:
            fail(f"{partial}: runs says {status}, not one run still 'running'")
        left = sorted(os.listdir(tmp))
        print(f"OK: no {os.path.basename(db)} after SIGKILL; left {left}, consistent")


# Valid files whose plan does not fit the fabric or whose inputs are malformed: ndksim-run stops
# before creating anything, names the position, exits 2 and leaves no database.
BAD_PLANS = [
    ("no-topology.toml", "6:8: [workload] needs a [topology]"),
    ("bad-hosts.toml", "12:11: workload[0].servers: 'host16': host 16 is outside the fabric's "
     "16 hosts (0-15)"),
    ("bad-cdf.toml", "10:12: workload[0].cdf_file: "),
    ("bad-pcap.toml", "9:8: output.pcap: 'sw3:4': sw3 has 4 ports"),
    ("bad-pcap-syntax.toml", "9:8: output.pcap: 'sw1x:2' is not a switch port"),
    ("link-rate-with-file.toml", "7:13: topology.link_rate: applies to a generator spec only"),
    ("dscp-without-priority.toml", "13:8: workload[0].dscp: needs priority"),
    ("size-and-cdf.toml", "13:15: workload[0].io_size_cdf: give io_size or io_size_cdf, not both"),
    ("upfront-too-many.toml", "9:8: workload[0].connect_upfront (default true): a random "
     "pattern connects each of the 8192 senders to all 8191 other hosts up front"),
    ("value-cdf-too-large.toml", "13:18: workload[0].value_size_cdf: GETs of up to 2000 bytes do "
     "not fit a slot of slot_size 1024 bytes"),
]


def bad_plans(runner):
    for name, want in BAD_PLANS:
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "bad.db")
            path = "tests/data/scenarios/plan/" + name
            rc, out, err = run(runner, path, "--db", db)
            want = f"{path}:{want}"
            if rc != 2 or want not in err or os.listdir(tmp):
                fail(f"expected exit 2, '{want}', no file; got {rc}:\n{err}\n{os.listdir(tmp)}")
            print("OK: " + err.splitlines()[0])


def priority(runner):
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "priority.db")
        rc, out, err = run(runner, "tests/data/scenarios/priority.toml", "--db", db)
        if rc != 0:
            fail(f"priority.toml exited {rc}:\n{out}\n{err}")
        con = sqlite3.connect(db)
        flows = con.execute("SELECT workload, priority, fct_ps IS NOT NULL FROM flows "
                            "ORDER BY workload").fetchall()
        if flows != [(0, 5, 1), (1, 3, 1)]:
            fail(f"flows (workload, priority, done): want [(0, 5, 1), (1, 3, 1)], got {flows}")
        # Both ends of each connection are in its class.
        qps = con.execute("SELECT n.name, q.priority FROM qps q JOIN nodes n ON n.node = q.host "
                          "ORDER BY n.name, q.priority").fetchall()
        want = [("host0", 5), ("host1", 3), ("host2", 5), ("host3", 3)]
        if sorted(set(qps)) != want:
            fail(f"QP classes: want {want}, got {sorted(set(qps))}")
        # The switches classified the 1 MiB of workload 0 (1024 packets of 1024 B) by its DSCP
        # into priority 5, on the leaf of host0, a spine and the leaf of host2 (with the ACKs
        # coming back; CM datagrams stay in the default class).
        per_class = dict(con.execute(
            "SELECT p.priority, sum(p.tx_packets) FROM ports p JOIN nodes n ON n.node = p.node "
            "WHERE n.kind = 'switch' GROUP BY p.priority").fetchall())
        con.close()
        if not (3 * 1024 <= per_class.get(5, 0) < 4 * 1024):
            fail(f"switch packets in priority 5: want 3 hops x 1024 data packets, "
                 f"got {per_class}")
        print(f"OK: workload 0 in class 5 end to end (switch packets per class: {per_class})")


def size_cdf(runner):
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "size-cdf.db")
        rc, out, err = run(runner, "tests/data/scenarios/size-cdf.toml", "--db", db)
        if rc != 0:
            fail(f"size-cdf.toml exited {rc}:\n{out}\n{err}")
        con = sqlite3.connect(db)
        # Storage: one Bind per I/O covers its buffer; KV: one Read per GET.
        for op, what in ((8, "storage I/O"), (32, "KV GET and storage write")):
            n, lo, hi, mean, low_half = con.execute(
                "SELECT count(*), min(bytes), max(bytes), avg(bytes), avg(bytes < 1500) "
                "FROM ops WHERE type = ?", (op,)).fetchone()
            if n < 500 or lo < 1000 or hi > 2000:
                fail(f"{what} sizes: {n} ops in [{lo}, {hi}], want >= 500 in [1000, 2000]")
            # Uniform on [1000, 2000]: mean 1500 (sd of the mean 289 / sqrt(n)), half below.
            if abs(mean - 1500) > 5 * 289 / n ** 0.5 or not 0.4 < low_half < 0.6:
                fail(f"{what} sizes: mean {mean:.1f} (want 1500), {low_half:.2f} below 1500")
            print(f"OK: {what}: {n} sizes in [{lo}, {hi}], mean {mean:.1f}")
        con.close()


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        sys.exit(2)
    runner, check = sys.argv[1], sys.argv[2]
    if check == "golden":
        golden(runner, sys.argv[3], "--update" in sys.argv)
        return
    checks = {"determinism": determinism, "hpcc-a": hpcc_a, "kill": kill,
              "bad-plans": bad_plans, "priority": priority, "size-cdf": size_cdf}
    if check not in checks:
        fail("unknown check " + check)
    checks[check](runner)


if __name__ == "__main__":
    main()
