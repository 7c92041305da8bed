"""Shared helpers of the ndksim analysis tools: opening result databases and reading tables.

The schema is analysis/schema.sql (the same file the C++ writer embeds); its version is read from
there, so a database from another schema version is flagged rather than misread silently.
"""

import math
import os
import re
import sqlite3
import sys

SCHEMA_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schema.sql")
PS_PER_S = 1e12
PS_PER_US = 1e6


def need_pandas():
    """Import pandas, or exit with a message naming the Debian package."""
    try:
        import pandas  # noqa: F401
    except ImportError:
        sys.exit("ndksim analysis needs pandas: apt-get install python3-pandas "
                 "(use /usr/bin/python3, Debian's interpreter)")
    return pandas


def schema_version():
    """The user_version declared by analysis/schema.sql."""
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        m = re.search(r"PRAGMA user_version = (\d+);", f.read())
    return int(m.group(1)) if m else None


def open_db(path):
    """Open a results database read-only; warn if its schema version differs."""
    if not os.path.isfile(path):
        sys.exit(f"{path}: no such results database")
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    version = con.execute("PRAGMA user_version").fetchone()[0]
    expected = schema_version()
    if expected is not None and version != expected:
        print(f"warning: {path}: schema version {version}, these tools expect {expected}",
              file=sys.stderr)
    return con


def tables(con):
    return {r[0] for r in con.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}


def read(con, sql, table=None):
    """A query as a DataFrame; an absent table reads as empty."""
    pd = need_pandas()
    if table is not None and table not in tables(con):
        return pd.DataFrame()
    return pd.read_sql_query(sql, con)


def names(con, domain):
    """{code: name} of one domain of the names table."""
    if "names" not in tables(con):
        return {}
    return dict(con.execute("SELECT code, name FROM names WHERE domain = ?", (domain,)))


def label(codes, mapping):
    """Codes replaced by their names where known."""
    return codes.map(lambda c: mapping.get(c, str(c)))


def run_info(con):
    """The runs row as a dict (empty if absent)."""
    df = read(con, "SELECT * FROM runs", "runs")
    return {} if df.empty else df.iloc[0].to_dict()


def sim_seconds(info):
    t = info.get("sim_time_ps")
    try:
        return float(t) / PS_PER_S if t is not None and float(t) > 0 else None
    except (TypeError, ValueError):
        return None


# NDK STATUS_PENDING: flows.status of a flow still running when the run ended.
STATUS_PENDING = 0x103

SIZE_BUCKETS = [(0, 10_000, "<10KB"), (10_000, 100_000, "10KB-100KB"),
                (100_000, 1_000_000, "100KB-1MB"), (1_000_000, 10_000_000, "1MB-10MB"),
                (10_000_000, float("inf"), ">=10MB")]


def percentile(series, p):
    """Nearest-rank percentile: the value at rank ceil(p * n) of the sorted values, as the
    summary of ndksim-run computes it (so both print the same figures); NaN when empty."""
    values = sorted(v for v in series if v == v)
    if not values:
        return float("nan")
    rank = min(len(values), max(1, math.ceil(p * len(values))))
    return values[rank - 1]


def size_bucket(size):
    for lo, hi, name in SIZE_BUCKETS:
        if lo <= size < hi:
            return name
    return SIZE_BUCKETS[-1][2]


def show(title, df, floatfmt="{:.3f}"):
    """Print a titled table, or "none" when there is nothing to show."""
    print(f"\n{title}")
    if df is None or df.empty:
        print("  none")
        return
    text = df.to_string(index=False, float_format=lambda v: floatfmt.format(v))
    print("\n".join("  " + line for line in text.splitlines()))
