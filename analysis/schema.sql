-- ndksim results schema: the one definition of a results database.
--
-- The C++ writer (scenarios/results) embeds this file at build time; the Python tools in analysis/
-- read it at run time for the schema version. analysis/README.md documents every column.
--
-- Conventions: one database per run. Simulated times are integer picoseconds (suffix _ps), rates
-- integer bit/s (_bps), sizes integer bytes (_bytes); wall-clock durations carry their unit (_us).
-- Enumerations (operation types, NDK statuses, reasons) are stored as integer codes; the `names`
-- table maps each (domain, code) to its name, so rows stay small and the names stay with the data.
-- Bump user_version on any incompatible change.

PRAGMA user_version = 2;

-- One row: the run itself.
CREATE TABLE runs (
    scenario TEXT NOT NULL,
    scenario_name TEXT NOT NULL,
    seed INTEGER NOT NULL,
    rng_run INTEGER NOT NULL,
    ndksim_version TEXT NOT NULL,
    ns3_version TEXT NOT NULL,
    sim_time_ps INTEGER,
    events INTEGER,
    wall_time_us INTEGER,
    status TEXT NOT NULL
);

-- The full effective parameter set: every scenario key (given or default) and attribute setting.
CREATE TABLE params (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    unit TEXT NOT NULL,
    source TEXT NOT NULL
) WITHOUT ROWID;

-- Names of integer codes used in other tables.
CREATE TABLE names (
    domain TEXT NOT NULL,
    code INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (domain, code)
) WITHOUT ROWID;

-- Hosts and switches, so node numbers in other tables can be named.
CREATE TABLE nodes (
    node INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL
);

-- One row per completed work request (NDK operation).
CREATE TABLE ops (
    host INTEGER NOT NULL,
    qp INTEGER NOT NULL,
    type INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    post_ps INTEGER NOT NULL,
    completion_ps INTEGER,
    status INTEGER NOT NULL
);

-- One row per flow (a message or transfer with a known ideal completion time).
CREATE TABLE flows (
    src INTEGER NOT NULL,
    dst INTEGER NOT NULL,
    workload INTEGER NOT NULL,
    priority INTEGER NOT NULL,
    size_bytes INTEGER NOT NULL,
    start_ps INTEGER NOT NULL,
    fct_ps INTEGER,
    ideal_fct_ps INTEGER NOT NULL,
    slowdown REAL,
    status INTEGER NOT NULL
);

-- One row per token lifetime (a memory window bind or a memory region registration).
CREATE TABLE tokens (
    host INTEGER NOT NULL,
    token INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    created_ps INTEGER NOT NULL,
    rights INTEGER NOT NULL,
    address INTEGER NOT NULL,
    length_bytes INTEGER NOT NULL,
    uses INTEGER NOT NULL,
    invalidation INTEGER NOT NULL,
    invalidated_ps INTEGER,
    lifetime_ps INTEGER
);

-- One row per rejected remote access (the responder's token check failed).
CREATE TABLE violations (
    time_ps INTEGER NOT NULL,
    host INTEGER NOT NULL,
    qp INTEGER NOT NULL,
    src INTEGER NOT NULL,
    type INTEGER NOT NULL,
    token INTEGER NOT NULL,
    address INTEGER NOT NULL,
    length_bytes INTEGER NOT NULL,
    reason INTEGER NOT NULL,
    status INTEGER NOT NULL
);

-- Per-QP transport and congestion-control counters at the end of the run.
CREATE TABLE qps (
    host INTEGER NOT NULL,
    qp INTEGER NOT NULL,
    peer_host INTEGER NOT NULL,
    peer_qp INTEGER NOT NULL,
    priority INTEGER NOT NULL,
    tx_bytes INTEGER NOT NULL,
    tx_packets INTEGER NOT NULL,
    retransmits INTEGER NOT NULL,
    timeouts INTEGER NOT NULL,
    naks_sent INTEGER NOT NULL,
    naks_received INTEGER NOT NULL,
    cnps_sent INTEGER NOT NULL,
    cnps_received INTEGER NOT NULL,
    rate_changes INTEGER NOT NULL,
    min_rate_bps INTEGER NOT NULL,
    final_rate_bps INTEGER NOT NULL
);

-- Per port and priority counters at the end of the run (hosts' NIC ports and switch ports).
CREATE TABLE ports (
    node INTEGER NOT NULL,
    port INTEGER NOT NULL,
    priority INTEGER NOT NULL,
    tx_bytes INTEGER NOT NULL,
    tx_packets INTEGER NOT NULL,
    rx_bytes INTEGER NOT NULL,
    rx_packets INTEGER NOT NULL,
    pause_sent INTEGER NOT NULL,
    pause_received INTEGER NOT NULL,
    paused_ps INTEGER NOT NULL,
    ecn_marked INTEGER NOT NULL,
    peak_buffer_bytes INTEGER NOT NULL
);

-- Drops per port, priority and reason; lossless = 1 marks a drop on a lossless (PFC) priority.
CREATE TABLE port_drops (
    node INTEGER NOT NULL,
    port INTEGER NOT NULL,
    priority INTEGER NOT NULL,
    reason INTEGER NOT NULL,
    lossless INTEGER NOT NULL,
    packets INTEGER NOT NULL,
    bytes INTEGER NOT NULL
);

-- Time series: each series is one metric of one object, declared once.
CREATE TABLE series (
    series INTEGER PRIMARY KEY,
    object TEXT NOT NULL,
    metric TEXT NOT NULL,
    unit TEXT NOT NULL
);

CREATE TABLE samples (
    series INTEGER NOT NULL,
    time_ps INTEGER NOT NULL,
    value REAL NOT NULL
);

-- ndksim:indexes
-- Everything below runs once, after the last row: building indexes at the end is several times
-- cheaper than maintaining them during the run.
CREATE INDEX ops_by_type ON ops (type, host);
CREATE INDEX flows_by_size ON flows (size_bytes);
CREATE INDEX tokens_by_token ON tokens (host, token);
CREATE INDEX violations_by_reason ON violations (reason);
CREATE INDEX qps_by_host ON qps (host, qp);
CREATE INDEX ports_by_node ON ports (node, port, priority);
CREATE INDEX samples_by_series ON samples (series, time_ps);
