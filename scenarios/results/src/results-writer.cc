#include "ndksim/results/results-writer.h"

#include "ndksim/results/results-schema.h"

#include <array>
#include <cstdio>
#include <filesystem>
#include <sqlite3.h>
#include <system_error>
#include <unistd.h>

namespace ndksim::results
{

namespace
{

/*
 * Rows per multi-row INSERT. Measured here: 16 rows per statement roughly doubles the rate of
 * single-row statements; more gives little and costs statement size.
 */
constexpr std::size_t kGroup = 16;

void
BindInt(sqlite3_stmt* s, int index, int64_t value)
{
    if (value == kNull)
    {
        sqlite3_bind_null(s, index);
    }
    else
    {
        sqlite3_bind_int64(s, index, value);
    }
}

void
BindU(sqlite3_stmt* s, int index, uint64_t value)
{
    // SQLite integers are signed 64-bit; values past 2^63 keep their bit pattern.
    sqlite3_bind_int64(s, index, static_cast<int64_t>(value));
}

void
BindReal(sqlite3_stmt* s, int index, double value)
{
    sqlite3_bind_double(s, index, value);
}

/*
 * One traits struct per hot table: its name, columns and how a row binds. Column names here must
 * exist in analysis/schema.sql; a mismatch fails when the statements are prepared at open time.
 */
template <typename Row>
struct Traits;

template <>
struct Traits<OpRow>
{
    static constexpr const char* kTable = "ops";
    static constexpr const char* kColumns = "host, qp, type, bytes, post_ps, completion_ps, status";
    static constexpr int kCount = 7;

    static void Bind(sqlite3_stmt* s, int i, const OpRow& r)
    {
        BindU(s, i + 0, r.host);
        BindU(s, i + 1, r.qp);
        BindU(s, i + 2, r.type);
        BindU(s, i + 3, r.bytes);
        BindInt(s, i + 4, r.postPs);
        BindInt(s, i + 5, r.completionPs);
        BindU(s, i + 6, r.status);
    }
};

template <>
struct Traits<FlowRow>
{
    static constexpr const char* kTable = "flows";
    static constexpr const char* kColumns = "src, dst, workload, priority, size_bytes, start_ps, "
                                            "fct_ps, ideal_fct_ps, slowdown, status";
    static constexpr int kCount = 10;

    static void Bind(sqlite3_stmt* s, int i, const FlowRow& r)
    {
        BindU(s, i + 0, r.src);
        BindU(s, i + 1, r.dst);
        BindU(s, i + 2, r.workload);
        BindU(s, i + 3, r.priority);
        BindU(s, i + 4, r.sizeBytes);
        BindInt(s, i + 5, r.startPs);
        BindInt(s, i + 6, r.fctPs);
        BindInt(s, i + 7, r.idealFctPs);
        if (r.fctPs != kNull && r.idealFctPs > 0)
        {
            BindReal(s, i + 8, static_cast<double>(r.fctPs) / static_cast<double>(r.idealFctPs));
        }
        else
        {
            sqlite3_bind_null(s, i + 8);
        }
        BindU(s, i + 9, r.status);
    }
};

template <>
struct Traits<TokenRow>
{
    static constexpr const char* kTable = "tokens";
    static constexpr const char* kColumns = "host, token, kind, created_ps, rights, address, "
                                            "length_bytes, uses, invalidation, invalidated_ps, "
                                            "lifetime_ps";
    static constexpr int kCount = 11;

    static void Bind(sqlite3_stmt* s, int i, const TokenRow& r)
    {
        BindU(s, i + 0, r.host);
        BindU(s, i + 1, r.token);
        BindU(s, i + 2, static_cast<uint32_t>(r.kind));
        BindInt(s, i + 3, r.createdPs);
        BindU(s, i + 4, r.rights);
        BindU(s, i + 5, r.address);
        BindU(s, i + 6, r.lengthBytes);
        BindU(s, i + 7, r.uses);
        BindU(s, i + 8, static_cast<uint32_t>(r.invalidation));
        BindInt(s, i + 9, r.invalidatedPs);
        BindInt(s, i + 10, r.invalidatedPs == kNull ? kNull : r.invalidatedPs - r.createdPs);
    }
};

template <>
struct Traits<ViolationRow>
{
    static constexpr const char* kTable = "violations";
    static constexpr const char* kColumns =
        "time_ps, host, qp, src, type, token, address, length_bytes, reason, status";
    static constexpr int kCount = 10;

    static void Bind(sqlite3_stmt* s, int i, const ViolationRow& r)
    {
        BindInt(s, i + 0, r.timePs);
        BindU(s, i + 1, r.host);
        BindU(s, i + 2, r.qp);
        BindU(s, i + 3, r.src);
        BindU(s, i + 4, r.type);
        BindU(s, i + 5, r.token);
        BindU(s, i + 6, r.address);
        BindU(s, i + 7, r.lengthBytes);
        BindU(s, i + 8, r.reason);
        BindU(s, i + 9, r.status);
    }
};

template <>
struct Traits<QpRow>
{
    static constexpr const char* kTable = "qps";
    static constexpr const char* kColumns =
        "host, qp, peer_host, peer_qp, priority, tx_bytes, tx_packets, retransmits, timeouts, "
        "naks_sent, naks_received, cnps_sent, cnps_received, rate_changes, min_rate_bps, "
        "final_rate_bps";
    static constexpr int kCount = 16;

    static void Bind(sqlite3_stmt* s, int i, const QpRow& r)
    {
        const uint64_t v[kCount] = {r.host,
                                    r.qp,
                                    r.peerHost,
                                    r.peerQp,
                                    r.priority,
                                    r.txBytes,
                                    r.txPackets,
                                    r.retransmits,
                                    r.timeouts,
                                    r.naksSent,
                                    r.naksReceived,
                                    r.cnpsSent,
                                    r.cnpsReceived,
                                    r.rateChanges,
                                    r.minRateBps,
                                    r.finalRateBps};
        for (int k = 0; k < kCount; ++k)
        {
            BindU(s, i + k, v[k]);
        }
    }
};

template <>
struct Traits<PortRow>
{
    static constexpr const char* kTable = "ports";
    static constexpr const char* kColumns =
        "node, port, priority, tx_bytes, tx_packets, rx_bytes, rx_packets, pause_sent, "
        "pause_received, paused_ps, ecn_marked, peak_buffer_bytes";
    static constexpr int kCount = 12;

    static void Bind(sqlite3_stmt* s, int i, const PortRow& r)
    {
        BindU(s, i + 0, r.node);
        BindU(s, i + 1, r.port);
        BindU(s, i + 2, r.priority);
        BindU(s, i + 3, r.txBytes);
        BindU(s, i + 4, r.txPackets);
        BindU(s, i + 5, r.rxBytes);
        BindU(s, i + 6, r.rxPackets);
        BindU(s, i + 7, r.pauseSent);
        BindU(s, i + 8, r.pauseReceived);
        BindInt(s, i + 9, r.pausedPs);
        BindU(s, i + 10, r.ecnMarked);
        BindU(s, i + 11, r.peakBufferBytes);
    }
};

template <>
struct Traits<PortDropRow>
{
    static constexpr const char* kTable = "port_drops";
    static constexpr const char* kColumns =
        "node, port, priority, reason, lossless, packets, bytes";
    static constexpr int kCount = 7;

    static void Bind(sqlite3_stmt* s, int i, const PortDropRow& r)
    {
        BindU(s, i + 0, r.node);
        BindU(s, i + 1, r.port);
        BindU(s, i + 2, r.priority);
        BindU(s, i + 3, r.reason);
        BindU(s, i + 4, r.lossless ? 1 : 0);
        BindU(s, i + 5, r.packets);
        BindU(s, i + 6, r.bytes);
    }
};

template <>
struct Traits<SampleRow>
{
    static constexpr const char* kTable = "samples";
    static constexpr const char* kColumns = "series, time_ps, value";
    static constexpr int kCount = 3;

    static void Bind(sqlite3_stmt* s, int i, const SampleRow& r)
    {
        BindU(s, i + 0, r.series);
        BindInt(s, i + 1, r.timePs);
        BindReal(s, i + 2, r.value);
    }
};

std::string
InsertSql(const char* table, const char* columns, int count, std::size_t rows)
{
    std::string group = "(";
    for (int k = 0; k < count; ++k)
    {
        group += k ? ",?" : "?";
    }
    group += ")";
    std::string sql = std::string("INSERT INTO ") + table + " (" + columns + ") VALUES ";
    for (std::size_t r = 0; r < rows; ++r)
    {
        sql += r ? "," + group : group;
    }
    return sql;
}

void
RemoveDatabaseFiles(const std::string& path)
{
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    {
        std::filesystem::remove(path + suffix, ec);
    }
}

} // namespace

class ResultsWriter::Impl
{
  public:
    /** Buffered inserts into one table: rows wait until a group of kGroup can go at once. */
    template <typename Row>
    class Table
    {
      public:
        void Prepare(Impl& db)
        {
            using T = Traits<Row>;
            m_one = db.Prepare(InsertSql(T::kTable, T::kColumns, T::kCount, 1));
            m_group = db.Prepare(InsertSql(T::kTable, T::kColumns, T::kCount, kGroup));
        }

        void Add(Impl& db, const Row& row)
        {
            m_pending[m_count++] = row;
            if (m_count == kGroup)
            {
                for (std::size_t r = 0; r < kGroup; ++r)
                {
                    Traits<Row>::Bind(m_group,
                                      1 + static_cast<int>(r) * Traits<Row>::kCount,
                                      m_pending[r]);
                }
                db.Step(m_group, Traits<Row>::kTable);
                m_count = 0;
            }
            db.RowDone();
        }

        void Flush(Impl& db)
        {
            for (std::size_t r = 0; r < m_count; ++r)
            {
                Traits<Row>::Bind(m_one, 1, m_pending[r]);
                db.Step(m_one, Traits<Row>::kTable);
            }
            m_count = 0;
        }

        void Finalize()
        {
            sqlite3_finalize(m_one);
            sqlite3_finalize(m_group);
            m_one = nullptr;
            m_group = nullptr;
        }

      private:
        sqlite3_stmt* m_one{nullptr};        //!< single-row INSERT, for the tail
        sqlite3_stmt* m_group{nullptr};      //!< kGroup-row INSERT
        std::array<Row, kGroup> m_pending{}; //!< rows not yet inserted
        std::size_t m_count{0};              //!< rows in m_pending
    };

    Impl(const std::string& finalPath, Options options)
        : m_finalPath(finalPath),
          m_tempPath(TempPathFor(finalPath, static_cast<long>(getpid()))),
          m_options(options)
    {
        if (m_options.rowsPerTransaction == 0)
        {
            m_options.rowsPerTransaction = 1;
        }
    }

    ~Impl()
    {
        Close();
    }

    [[noreturn]] void Fail(const std::string& what)
    {
        std::string message = "results database " + m_tempPath + ": " + what;
        if (m_db)
        {
            message += ": ";
            message += sqlite3_errmsg(m_db);
        }
        throw ResultsError(message);
    }

    void Exec(const char* sql, const char* what)
    {
        char* error = nullptr;
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, &error) != SQLITE_OK)
        {
            std::string message = std::string(what) + ": " + (error ? error : "unknown error");
            sqlite3_free(error);
            throw ResultsError("results database " + m_tempPath + ": " + message);
        }
    }

    sqlite3_stmt* Prepare(const std::string& sql)
    {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v3(m_db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) !=
            SQLITE_OK)
        {
            Fail("preparing '" + sql.substr(0, 60) + "...'");
        }
        return s;
    }

    void Step(sqlite3_stmt* s, const char* table)
    {
        if (sqlite3_step(s) != SQLITE_DONE)
        {
            sqlite3_reset(s);
            Fail(std::string("inserting into ") + table);
        }
        sqlite3_reset(s);
    }

    /** Count a row; commit when the transaction is full. */
    void RowDone()
    {
        ++m_rows;
        if (++m_rowsInTransaction >= m_options.rowsPerTransaction)
        {
            Exec("COMMIT; BEGIN", "committing");
            m_rowsInTransaction = 0;
        }
    }

    void Open(const RunInfo& run)
    {
        std::error_code ec;
        std::filesystem::path parent = std::filesystem::path(m_finalPath).parent_path();
        if (!parent.empty())
        {
            std::filesystem::create_directories(parent, ec);
            if (ec)
            {
                throw ResultsError("results database " + m_finalPath +
                                   ": cannot create directory " + parent.string() + ": " +
                                   ec.message());
            }
        }
        // A file of that name can only be left over from a dead process that had our pid.
        RemoveDatabaseFiles(m_tempPath);
        if (sqlite3_open_v2(m_tempPath.c_str(),
                            &m_db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                            nullptr) != SQLITE_OK)
        {
            Fail("cannot create");
        }
        // WAL: appends without rewriting pages twice; NORMAL sync is crash-safe in WAL mode (only
        // a power loss can lose the last transactions, never consistency).
        Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768",
             "setting pragmas");
        Exec(kSchemaTablesSql, "creating the schema");
        m_ops.Prepare(*this);
        m_flows.Prepare(*this);
        m_tokens.Prepare(*this);
        m_violations.Prepare(*this);
        m_qps.Prepare(*this);
        m_ports.Prepare(*this);
        m_portDrops.Prepare(*this);
        m_samples.Prepare(*this);
        m_param = Prepare("INSERT OR REPLACE INTO params (key, value, unit, source) "
                          "VALUES (?, ?, ?, ?)");
        m_name = Prepare("INSERT OR REPLACE INTO names (domain, code, name) VALUES (?, ?, ?)");
        m_node = Prepare("INSERT OR REPLACE INTO nodes (node, kind, name) VALUES (?, ?, ?)");
        m_series = Prepare("INSERT INTO series (object, metric, unit) VALUES (?, ?, ?)");

        Exec("BEGIN", "starting a transaction");
        sqlite3_stmt* s = Prepare("INSERT INTO runs (scenario, scenario_name, seed, rng_run, "
                                  "ndksim_version, ns3_version, status) "
                                  "VALUES (?, ?, ?, ?, ?, ?, 'running')");
        BindText(s, 1, run.scenario);
        BindText(s, 2, run.scenarioName);
        BindU(s, 3, run.seed);
        BindU(s, 4, run.rngRun);
        BindText(s, 5, run.ndksimVersion);
        BindText(s, 6, run.ns3Version);
        Step(s, "runs");
        sqlite3_finalize(s);
        const std::pair<TokenKind, const char*> kinds[] = {{TokenKind::MemoryRegion, "mr"},
                                                           {TokenKind::MemoryWindow, "mw"}};
        for (const auto& [code, name] : kinds)
        {
            Name(domain::kTokenKind, static_cast<uint32_t>(code), name);
        }
        const std::pair<Invalidation, const char*> ways[] = {
            {Invalidation::None, "none"},
            {Invalidation::Local, "local"},
            {Invalidation::Remote, "remote"},
            {Invalidation::Deregistered, "deregistered"}};
        for (const auto& [code, name] : ways)
        {
            Name(domain::kInvalidation, static_cast<uint32_t>(code), name);
        }
        // Commit the schema and the runs row now, so even an early crash leaves a usable file.
        Exec("COMMIT; BEGIN", "committing");
    }

    void BindText(sqlite3_stmt* s, int index, const std::string& text)
    {
        sqlite3_bind_text(s, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    }

    void Name(const std::string& domainName, uint32_t code, const std::string& name)
    {
        BindText(m_name, 1, domainName);
        BindU(m_name, 2, code);
        BindText(m_name, 3, name);
        Step(m_name, "names");
    }

    void FlushAll()
    {
        m_ops.Flush(*this);
        m_flows.Flush(*this);
        m_tokens.Flush(*this);
        m_violations.Flush(*this);
        m_qps.Flush(*this);
        m_ports.Flush(*this);
        m_portDrops.Flush(*this);
        m_samples.Flush(*this);
    }

    void FinalizeStatements()
    {
        m_ops.Finalize();
        m_flows.Finalize();
        m_tokens.Finalize();
        m_violations.Finalize();
        m_qps.Finalize();
        m_ports.Finalize();
        m_portDrops.Finalize();
        m_samples.Finalize();
        for (sqlite3_stmt** s : {&m_param, &m_name, &m_node, &m_series})
        {
            sqlite3_finalize(*s);
            *s = nullptr;
        }
    }

    void Finish(const RunEnd& end)
    {
        FlushAll();
        sqlite3_stmt* s = Prepare("UPDATE runs SET sim_time_ps = ?, events = ?, wall_time_us = ?, "
                                  "status = ?");
        BindInt(s, 1, end.simTimePs);
        BindInt(s, 2, end.events);
        BindInt(s, 3, end.wallTimeUs);
        BindText(s, 4, end.status);
        Step(s, "runs");
        sqlite3_finalize(s);
        Exec(kSchemaIndexesSql, "creating indexes");
        Exec("COMMIT", "committing");
        FinalizeStatements();
        // Fold the WAL back in and leave WAL mode: the final database is one self-contained file
        // that can be copied, opened read-only, or renamed without its -wal and -shm companions.
        Exec("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE", "checkpointing");
        if (sqlite3_close(m_db) != SQLITE_OK)
        {
            Fail("closing");
        }
        m_db = nullptr;
        if (std::rename(m_tempPath.c_str(), m_finalPath.c_str()) != 0)
        {
            std::error_code ec(errno, std::generic_category());
            RemoveDatabaseFiles(m_tempPath);
            throw ResultsError("results database " + m_finalPath + ": cannot rename " + m_tempPath +
                               ": " + ec.message());
        }
        m_finished = true;
    }

    void Close()
    {
        if (m_db)
        {
            FinalizeStatements();
            sqlite3_close(m_db);
            m_db = nullptr;
        }
    }

    void Abort()
    {
        Close();
        if (!m_finished)
        {
            RemoveDatabaseFiles(m_tempPath);
        }
    }

    std::string m_finalPath;          //!< name after Finish()
    std::string m_tempPath;           //!< name while writing
    Options m_options;                //!< tuning
    sqlite3* m_db{nullptr};           //!< open connection, null once closed
    bool m_finished{false};           //!< Finish() succeeded
    uint64_t m_rows{0};               //!< rows appended
    uint32_t m_rowsInTransaction{0};  //!< rows since the last COMMIT
    Table<OpRow> m_ops;               //!< ops
    Table<FlowRow> m_flows;           //!< flows
    Table<TokenRow> m_tokens;         //!< tokens
    Table<ViolationRow> m_violations; //!< violations
    Table<QpRow> m_qps;               //!< qps
    Table<PortRow> m_ports;           //!< ports
    Table<PortDropRow> m_portDrops;   //!< port_drops
    Table<SampleRow> m_samples;       //!< samples
    sqlite3_stmt* m_param{nullptr};   //!< params insert
    sqlite3_stmt* m_name{nullptr};    //!< names insert
    sqlite3_stmt* m_node{nullptr};    //!< nodes insert
    sqlite3_stmt* m_series{nullptr};  //!< series insert
};

ResultsWriter::ResultsWriter(const std::string& finalPath, const RunInfo& run, Options options)
    : m_impl(std::make_unique<Impl>(finalPath, options))
{
    try
    {
        m_impl->Open(run);
    }
    catch (...)
    {
        m_impl->Abort();
        throw;
    }
}

ResultsWriter::ResultsWriter(const std::string& finalPath, const RunInfo& run)
    : ResultsWriter(finalPath, run, Options{})
{
}

ResultsWriter::~ResultsWriter()
{
    m_impl->Abort();
}

void
ResultsWriter::AddParam(const std::string& key,
                        const std::string& value,
                        const std::string& unit,
                        const std::string& source)
{
    Impl& d = *m_impl;
    d.BindText(d.m_param, 1, key);
    d.BindText(d.m_param, 2, value);
    d.BindText(d.m_param, 3, unit);
    d.BindText(d.m_param, 4, source);
    d.Step(d.m_param, "params");
}

void
ResultsWriter::DefineName(const std::string& domainName, uint32_t code, const std::string& name)
{
    m_impl->Name(domainName, code, name);
}

void
ResultsWriter::AddNode(uint32_t node, const std::string& kind, const std::string& name)
{
    Impl& d = *m_impl;
    BindU(d.m_node, 1, node);
    d.BindText(d.m_node, 2, kind);
    d.BindText(d.m_node, 3, name);
    d.Step(d.m_node, "nodes");
}

uint32_t
ResultsWriter::DefineSeries(const std::string& object,
                            const std::string& metric,
                            const std::string& unit)
{
    Impl& d = *m_impl;
    d.BindText(d.m_series, 1, object);
    d.BindText(d.m_series, 2, metric);
    d.BindText(d.m_series, 3, unit);
    d.Step(d.m_series, "series");
    return static_cast<uint32_t>(sqlite3_last_insert_rowid(d.m_db));
}

void
ResultsWriter::AddOp(const OpRow& row)
{
    m_impl->m_ops.Add(*m_impl, row);
}

void
ResultsWriter::AddFlow(const FlowRow& row)
{
    m_impl->m_flows.Add(*m_impl, row);
}

void
ResultsWriter::AddToken(const TokenRow& row)
{
    m_impl->m_tokens.Add(*m_impl, row);
}

void
ResultsWriter::AddViolation(const ViolationRow& row)
{
    m_impl->m_violations.Add(*m_impl, row);
}

void
ResultsWriter::AddQp(const QpRow& row)
{
    m_impl->m_qps.Add(*m_impl, row);
}

void
ResultsWriter::AddPort(const PortRow& row)
{
    m_impl->m_ports.Add(*m_impl, row);
}

void
ResultsWriter::AddPortDrop(const PortDropRow& row)
{
    m_impl->m_portDrops.Add(*m_impl, row);
}

void
ResultsWriter::AddSample(const SampleRow& row)
{
    m_impl->m_samples.Add(*m_impl, row);
}

void
ResultsWriter::Finish(const RunEnd& end)
{
    if (!m_impl->m_db)
    {
        throw ResultsError("results database " + m_impl->m_finalPath +
                           ": Finish() after Finish() or Abort()");
    }
    try
    {
        m_impl->Finish(end);
    }
    catch (...)
    {
        m_impl->Abort();
        throw;
    }
}

void
ResultsWriter::Abort()
{
    m_impl->Abort();
}

const std::string&
ResultsWriter::GetFinalPath() const
{
    return m_impl->m_finalPath;
}

const std::string&
ResultsWriter::GetTempPath() const
{
    return m_impl->m_tempPath;
}

uint64_t
ResultsWriter::GetRowCount() const
{
    return m_impl->m_rows;
}

std::string
ResultsWriter::TempPathFor(const std::string& finalPath, long pid)
{
    return finalPath + ".partial-" + std::to_string(pid);
}

} // namespace ndksim::results
