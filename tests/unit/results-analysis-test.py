#!/usr/bin/python3
"""CTest scenario-analysis-report: the analysis tools on real and synthetic results databases.

usage: results-analysis-test.py PATH/TO/ndksim-run   (run from the source root)

Checks: ndksim-run writes a database the report reads (ops, tokens, violations by name); a
synthetic database holding every table (built from analysis/schema.sql) gives the expected
percentiles and plots; a database with empty tables prints "none" everywhere; the comparison
merges runs into one table with the differing parameter; analysis/README.md documents every
column of analysis/schema.sql. Exits 77 (skipped) without pandas.
"""

import contextlib
import io
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import traceback

ROOT = os.getcwd()
ANALYSIS = os.path.join(ROOT, "analysis")
SKIP = 77

try:
    import pandas  # noqa: F401
except ImportError:
    print("pandas missing (apt-get install python3-pandas): skipped")
    sys.exit(SKIP)
try:
    import matplotlib  # noqa: F401
    HAVE_MPL = True
except ImportError:
    HAVE_MPL = False

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print(f"FAIL: {what}")


def run(*args):
    p = subprocess.run(list(args), capture_output=True, text=True, cwd=ROOT)
    return p.returncode, p.stdout + p.stderr


sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, ANALYSIS)
import ndksim_compare  # noqa: E402
import ndksim_report  # noqa: E402

TOOLS = {"ndksim_report.py": ndksim_report, "ndksim_compare.py": ndksim_compare}


def tool(script, *args):
    """Run an analysis tool's main() in this process (pandas is imported once, not per call)."""
    out = io.StringIO()
    saved = sys.argv
    sys.argv = [script] + list(args)
    rc = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            TOOLS[script].main()
    except SystemExit as e:
        rc = e.code if isinstance(e.code, int) else 1
    except Exception:  # a crash is a failure with its traceback, not a test-harness error
        out.write(traceback.format_exc())
        rc = 1
    finally:
        sys.argv = saved
    return rc, out.getvalue()


def schema_db(path):
    con = sqlite3.connect(path)
    with open(os.path.join(ANALYSIS, "schema.sql"), encoding="utf-8") as f:
        con.executescript(f.read())
    con.execute("INSERT INTO runs VALUES ('synthetic.toml', 'synthetic', 1, 1, '0.1.0', '3.37', "
                "1000000000000, 10, 5, 'ok')")
    return con


def section(out, title):
    """Lines of the report section titled `title`, up to the next blank line."""
    start = out.index(title)
    return out[start:].split("\n\n")[0]


with tempfile.TemporaryDirectory() as tmp:
    runner = sys.argv[1]

    # 1. A database from the runner.
    demo = os.path.join(tmp, "demo-1.db")
    rc, out = run(runner, "--db", demo)
    check(rc == 0, f"ndksim-run exits 0:\n{out}")
    check("results: " + demo in out and "rejected accesses STATUS_ACCESS_VIOLATION: 1" in out,
          f"ndksim-run prints the summary read back:\n{out}")
    rc, out = tool("ndksim_report.py", demo)
    check(rc == 0, f"report on the demo exits 0:\n{out}")
    check(re.search(r"Write\s+2\s+1\s", out) is not None, f"two Writes, one failed:\n{out}")
    check("STATUS_ACCESS_VIOLATION" in section(out, "rejected accesses"), f"violation named:\n{out}")
    check("none" in section(out, "FCT slowdown"), f"no flows is 'none':\n{out}")

    # 2. A synthetic database with every table.
    full = os.path.join(tmp, "full.db")
    con = schema_db(full)
    con.execute("INSERT INTO names VALUES ('op_type', 64, 'Write'), ('drop_reason', 3, "
                "'buffer_full'), ('invalidation', 1, 'local'), ('token_kind', 2, 'mw')")
    con.execute("INSERT INTO nodes VALUES (0, 'host', 'h0'), (9, 'switch', 'sw0')")
    # 100 ops: latency 1..100 us.
    con.executemany("INSERT INTO ops VALUES (0, 1, 64, 4096, ?, ?, 0)",
                    [(i * 10**7, i * 10**7 + k * 10**6) for i, k in enumerate(range(1, 101))])
    con.execute("INSERT INTO names VALUES ('op_type', 32, 'Read')")
    con.execute("INSERT INTO ops VALUES (0, 1, 32, 8192, 5, NULL, 259)")  # STATUS_PENDING
    # 100 small flows with slowdown 1.00 .. 1.99 plus one failed (IO_TIMEOUT) and two still
    # running at the end (STATUS_PENDING); 10 large ones with slowdown 5.
    con.executemany("INSERT INTO flows VALUES (0, 1, 0, 3, 1000, 0, ?, 1000000, ?, 0)",
                    [(10**6 + i * 10**4, 1 + i / 100) for i in range(100)])
    con.execute("INSERT INTO flows VALUES (0, 1, 0, 3, 1000, 0, NULL, 1000000, NULL, 3221225653)")
    con.executemany("INSERT INTO flows VALUES (0, 1, 0, 3, 1000, 0, NULL, 1000000, NULL, 259)",
                    [()] * 2)
    con.executemany("INSERT INTO flows VALUES (0, 1, 0, 3, 2000000, 0, 5000000, 1000000, 5.0, 0)",
                    [()] * 10)
    con.execute("INSERT INTO tokens VALUES (0, 7, 2, 0, 2, 0, 4096, 3, 1, 2000000, 2000000)")
    con.execute("INSERT INTO qps VALUES (0, 1, 1, 1, 3, 100, 10, 4, 1, 0, 2, 5, 6, 7, 1, 2)")
    con.execute("INSERT INTO ports VALUES (9, 1, 3, 1, 1, 1, 1, 11, 0, 5000000, 13, 65536)")
    con.execute("INSERT INTO port_drops VALUES (9, 1, 3, 3, 1, 2, 2048)")
    con.execute("INSERT INTO series VALUES (1, 'sw0:1', 'queue_bytes', 'bytes')")
    con.execute("INSERT INTO samples VALUES (1, 0, 1.0)")
    con.commit()
    con.close()
    plots = os.path.join(tmp, "plots")
    rc, out = tool("ndksim_report.py", full, "--plot", plots)
    check(rc == 0, f"report on the full database exits 0:\n{out}")
    ops = section(out, "operations per type")
    # Nearest-rank percentiles, as the summary of ndksim-run: ranks 50, 99 and 100 of 100.
    check(re.search(r"Write\s+100\s+0\s+0\s+409600\s+100\.000\s+50\.000\s+99\.000\s+100\.000",
                    ops) is not None, f"op count, ops/s and latency percentiles:\n{ops}")
    check(re.search(r"Read\s+1\s+0\s+1\s+8192\s", ops) is not None,
          f"a Read still outstanding at the end is unfinished, not failed:\n{ops}")
    fct = section(out, "FCT slowdown")
    check(re.search(r"<10KB\s+103\s+1\s+2\s+1\.490\s+1\.940\s+1\.980", fct) is not None,
          f"small-flow counts (failed, unfinished) and slowdown percentiles:\n{fct}")
    check(re.search(r"1MB-10MB\s+10\s+0\s+0\s+5\.000", fct) is not None, f"large bucket:\n{fct}")
    check(re.search(r"mw\s+local\s+1\s+3\s+2\.000", section(out, "tokens")) is not None,
          f"token lifetime:\n{out}")
    check(re.search(r"switch\s+1\s+11\s+0\s+5\.000\s+13\s+65536", section(out, "PFC pauses"))
          is not None, f"pauses and ECN:\n{out}")
    check(re.search(r"buffer_full\s+yes\s+2\s+2048", section(out, "drops and lossless"))
          is not None, f"lossless violations:\n{out}")
    check(re.search(r"1\s+4\s+1\s+0\s+2\s+5\s+6\s+7", section(out, "QP counters")) is not None,
          f"QP counters:\n{out}")
    if HAVE_MPL:
        for name in ("full-fct-slowdown-cdf.png", "full-op-latency-cdf.png"):
            p = os.path.join(plots, name)
            check(os.path.isfile(p) and os.path.getsize(p) > 1000, f"plot {name} written")

    # 3. Empty tables: "none", never an error.
    empty = os.path.join(tmp, "empty.db")
    schema_db(empty).commit()
    rc, out = tool("ndksim_report.py", empty, "--plot", plots)
    check(rc == 0, f"report on an empty database exits 0:\n{out}")
    check(out.count("  none") == 7, f"seven 'none' tables:\n{out}")

    # 4. A sweep of two seeds merged into one table.
    demo2 = os.path.join(tmp, "demo-2.db")
    rc, out = run(runner, "--db", demo2, "--set", "run.seed=2")
    check(rc == 0, f"second run:\n{out}")
    csv = os.path.join(tmp, "sweep.csv")
    rc, out = tool("ndksim_compare.py", demo, demo2, full, "--csv", csv)
    check(rc == 0, f"compare exits 0:\n{out}")
    check("3 runs" in out and "run.seed" in out, f"differing parameter shown:\n{out}")
    if os.path.isfile(csv):
        import pandas as pd
        df = pd.read_csv(csv)
        check(len(df) == 3 and list(df["run.seed"][:2]) == [1, 2], f"csv rows:\n{df}")
        check(list(df["violations"]) == [1, 1, 0], f"violations per run:\n{df}")
    else:
        check(False, "csv written")

# 5. README documents every table and column of the schema.
con = sqlite3.connect(":memory:")
with open(os.path.join(ANALYSIS, "schema.sql"), encoding="utf-8") as f:
    con.executescript(f.read())
with open(os.path.join(ANALYSIS, "README.md"), encoding="utf-8") as f:
    readme = f.read()
sections = {m.group(1): m.start() for m in re.finditer(r"^### `(\w+)`", readme, re.M)}
for (table,) in con.execute("SELECT name FROM sqlite_schema WHERE type = 'table'"):
    if table not in sections:
        check(False, f"README: no '### `{table}`' section")
        continue
    start = sections[table]
    later = [s for s in sections.values() if s > start]
    body = readme[start:min(later) if later else len(readme)]
    for (column,) in con.execute(f"SELECT name FROM pragma_table_info('{table}')"):
        check(f"| `{column}` |" in body, f"README: {table}.{column} undocumented")

print("FAILED: %d checks" % len(failures) if failures else "all checks passed")
sys.exit(1 if failures else 0)
