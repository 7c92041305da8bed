#include "ndksim/results/results-summary.h"

#include "ndksim/results/results-writer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <iomanip>
#include <map>
#include <sqlite3.h>
#include <sstream>
#include <vector>

namespace ndksim::results
{

namespace
{

/** A read-only connection closed on scope exit. */
class ReadOnlyDb
{
  public:
    explicit ReadOnlyDb(const std::string& path)
        : m_path(path)
    {
        if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        {
            // The handle exists even when opening fails, and no destructor runs after a throw.
            const std::string why = m_db ? sqlite3_errmsg(m_db) : "out of memory";
            sqlite3_close(m_db);
            m_db = nullptr;
            throw ResultsError("results database " + m_path + ": cannot open: " + why);
        }
    }

    ~ReadOnlyDb()
    {
        sqlite3_close(m_db);
    }

    ReadOnlyDb(const ReadOnlyDb&) = delete;
    ReadOnlyDb& operator=(const ReadOnlyDb&) = delete;

    [[noreturn]] void Fail(const std::string& what)
    {
        throw ResultsError("results database " + m_path + ": " + what + ": " +
                           (m_db ? sqlite3_errmsg(m_db) : "out of memory"));
    }

    /** Run \p sql and call \p row for each result row. */
    template <typename F>
    void Query(const char* sql, F row)
    {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(m_db, sql, -1, &s, nullptr) != SQLITE_OK)
        {
            Fail(std::string("query '") + sql + "'");
        }
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        {
            row(s);
        }
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE)
        {
            Fail(std::string("query '") + sql + "'");
        }
    }

  private:
    std::string m_path;     //!< for messages
    sqlite3* m_db{nullptr}; //!< connection
};

std::string
Text(sqlite3_stmt* s, int column)
{
    const unsigned char* t = sqlite3_column_text(s, column);
    return t ? reinterpret_cast<const char*>(t) : "";
}

/** Nearest-rank percentile of sorted values: the value at rank ceil(p * n). */
double
Percentile(const std::vector<double>& sorted, double p)
{
    if (sorted.empty())
    {
        return 0;
    }
    auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
    return sorted[std::min(sorted.size(), std::max<std::size_t>(rank, 1)) - 1];
}

/** A number with \p digits decimals. */
std::string
Fixed(double v, int digits)
{
    std::ostringstream out;
    out << std::fixed << std::setprecision(digits) << v;
    return out.str();
}

/** Size buckets of FCT slowdowns (as analysis/ndksim_report.py): upper bound and name. */
constexpr std::pair<int64_t, const char*> kBuckets[] = {{10000, "<10KB"},
                                                        {100000, "10KB-100KB"},
                                                        {1000000, "100KB-1MB"},
                                                        {10000000, "1MB-10MB"},
                                                        {INT64_MAX, ">=10MB"}};
constexpr std::size_t kNBuckets = sizeof(kBuckets) / sizeof(kBuckets[0]);

/** \return the index in kBuckets of a flow of \p bytes. */
std::size_t
BucketOf(int64_t bytes)
{
    std::size_t b = 0;
    while (bytes >= kBuckets[b].first && b + 1 < kNBuckets)
    {
        ++b;
    }
    return b;
}

/** The flows of one size bucket. */
struct BucketFlows
{
    std::vector<double> slowdowns; //!< of completed flows, ascending (the query sorts)
    int64_t failed{0};             //!< no FCT, a failure status
    int64_t unfinished{0};         //!< no FCT, still running at the end
};

} // namespace

std::string
DescribeResults(const std::string& path)
{
    ReadOnlyDb db(path);
    std::ostringstream out;
    db.Query("SELECT scenario_name, seed, rng_run, status, sim_time_ps, events FROM runs",
             [&](sqlite3_stmt* s) {
                 out << "  run " << Text(s, 0) << " seed " << sqlite3_column_int64(s, 1)
                     << " rng_run " << sqlite3_column_int64(s, 2) << ": " << Text(s, 3)
                     << ", simulated " << sqlite3_column_int64(s, 4) << " ps, "
                     << sqlite3_column_int64(s, 5) << " events\n";
             });
    std::ostringstream tables;
    db.Query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY rowid",
             [&](sqlite3_stmt* s) { tables << Text(s, 0) << ' '; });
    // Row counts need one query per table; the table names come from the file itself.
    out << "  rows:";
    std::istringstream names(tables.str());
    std::string table;
    while (names >> table)
    {
        const std::string sql = "SELECT count(*) FROM \"" + table + "\"";
        db.Query(sql.c_str(), [&](sqlite3_stmt* s) {
            if (sqlite3_column_int64(s, 0) > 0)
            {
                out << ' ' << table << ' ' << sqlite3_column_int64(s, 0);
            }
        });
    }
    out << "\n";
    db.Query("SELECT coalesce(t.name, o.type), coalesce(st.name, o.status), count(*), sum(o.bytes) "
             "FROM ops o "
             "LEFT JOIN names t ON t.domain = 'op_type' AND t.code = o.type "
             "LEFT JOIN names st ON st.domain = 'status' AND st.code = o.status "
             "GROUP BY o.type, o.status ORDER BY min(o.rowid)",
             [&](sqlite3_stmt* s) {
                 out << "  ops " << Text(s, 0) << " " << Text(s, 1) << ": "
                     << sqlite3_column_int64(s, 2) << " (" << sqlite3_column_int64(s, 3)
                     << " bytes)\n";
             });
    db.Query("SELECT coalesce(n.name, t.invalidation), count(*), sum(t.uses), t.invalidation "
             "FROM tokens t "
             "LEFT JOIN names n ON n.domain = 'invalidation' AND n.code = t.invalidation "
             "GROUP BY t.invalidation ORDER BY t.invalidation",
             [&](sqlite3_stmt* s) {
                 // Invalidation 0: the token outlived the run.
                 out << "  tokens "
                     << (sqlite3_column_int64(s, 3) == 0 ? "still valid at the end"
                                                         : "invalidated " + Text(s, 0))
                     << ": " << sqlite3_column_int64(s, 1) << " (" << sqlite3_column_int64(s, 2)
                     << " uses)\n";
             });
    db.Query("SELECT coalesce(n.name, v.status), count(*) FROM violations v "
             "LEFT JOIN names n ON n.domain = 'status' AND n.code = v.status "
             "GROUP BY v.status ORDER BY v.status",
             [&](sqlite3_stmt* s) {
                 out << "  rejected accesses " << Text(s, 0) << ": " << sqlite3_column_int64(s, 1)
                     << "\n";
             });
    // Per op type: rate over the simulated time and latency percentiles (post to completion).
    double simSeconds = 0;
    db.Query("SELECT sim_time_ps FROM runs", [&](sqlite3_stmt* s) {
        simSeconds = static_cast<double>(sqlite3_column_int64(s, 0)) * 1e-12;
    });
    std::vector<std::pair<std::string, std::vector<double>>> latencies;
    db.Query("SELECT coalesce(t.name, o.type), (o.completion_ps - o.post_ps) * 1e-6 FROM ops o "
             "LEFT JOIN names t ON t.domain = 'op_type' AND t.code = o.type "
             "WHERE o.completion_ps IS NOT NULL "
             "ORDER BY o.type, o.completion_ps - o.post_ps",
             [&](sqlite3_stmt* s) {
                 const std::string type = Text(s, 0);
                 if (latencies.empty() || latencies.back().first != type)
                 {
                     latencies.emplace_back(type, std::vector<double>());
                 }
                 latencies.back().second.push_back(sqlite3_column_double(s, 1));
             });
    for (const auto& [type, values] : latencies)
    {
        out << "  latency " << type << ": " << values.size() << " ops, "
            << Fixed(simSeconds > 0 ? static_cast<double>(values.size()) / simSeconds : 0, 0)
            << " ops/s, p50 " << Fixed(Percentile(values, 0.5), 3) << " us, p99 "
            << Fixed(Percentile(values, 0.99), 3) << " us, p999 "
            << Fixed(Percentile(values, 0.999), 3) << " us\n";
    }
    // FCT slowdown per size bucket; failed and unfinished flows (no FCT) are counted, not ranked.
    std::array<BucketFlows, kNBuckets> buckets;
    db.Query("SELECT size_bytes, slowdown, status FROM flows ORDER BY slowdown",
             [&](sqlite3_stmt* s) {
                 BucketFlows& b = buckets[BucketOf(sqlite3_column_int64(s, 0))];
                 if (sqlite3_column_type(s, 1) != SQLITE_NULL)
                 {
                     b.slowdowns.push_back(sqlite3_column_double(s, 1));
                 }
                 else if (sqlite3_column_int64(s, 2) == kStatusPending)
                 {
                     ++b.unfinished;
                 }
                 else
                 {
                     ++b.failed;
                 }
             });
    for (std::size_t i = 0; i < kNBuckets; ++i)
    {
        const std::vector<double>& v = buckets[i].slowdowns;
        const int64_t failed = buckets[i].failed;
        const int64_t unfinished = buckets[i].unfinished;
        if (v.empty() && failed == 0 && unfinished == 0)
        {
            continue;
        }
        out << "  fct slowdown " << kBuckets[i].second << ": " << v.size() << " flows";
        if (failed > 0 || unfinished > 0)
        {
            out << " completed";
            if (failed > 0)
            {
                out << ", " << failed << " failed";
            }
            if (unfinished > 0)
            {
                out << ", " << unfinished << " unfinished at the end";
            }
        }
        if (!v.empty())
        {
            out << ", p50 " << Fixed(Percentile(v, 0.5), 3) << ", p95 "
                << Fixed(Percentile(v, 0.95), 3) << ", p99 " << Fixed(Percentile(v, 0.99), 3);
        }
        out << "\n";
    }
    db.Query("SELECT count(*), coalesce(sum(invalidation <> 0), 0) FROM tokens",
             [&](sqlite3_stmt* s) {
                 // Created: windows bound and regions registered (fast or not).
                 const int64_t created = sqlite3_column_int64(s, 0);
                 const int64_t invalidated = sqlite3_column_int64(s, 1);
                 out << "  tokens: " << created << " created, " << invalidated << " invalidated";
                 if (created > invalidated)
                 {
                     out << ", " << created - invalidated << " still valid at the end";
                 }
                 out << "\n";
             });
    db.Query("SELECT count(*) FROM violations", [&](sqlite3_stmt* s) {
        out << "  violations: " << sqlite3_column_int64(s, 0) << "\n";
    });
    db.Query("SELECT coalesce(sum(p.pause_sent), 0), coalesce(sum(p.paused_ps), 0), "
             "coalesce(sum(p.ecn_marked), 0) FROM ports p",
             [&](sqlite3_stmt* s) {
                 out << "  pfc: " << sqlite3_column_int64(s, 0) << " pause frames sent, "
                     << Fixed(static_cast<double>(sqlite3_column_int64(s, 1)) * 1e-6, 3)
                     << " us paused; ecn: " << sqlite3_column_int64(s, 2) << " packets marked\n";
             });
    db.Query("SELECT coalesce(sum(packets), 0), coalesce(sum(CASE WHEN lossless THEN packets "
             "ELSE 0 END), 0) FROM port_drops",
             [&](sqlite3_stmt* s) {
                 out << "  drops: " << sqlite3_column_int64(s, 0)
                     << " packets, lossless violations: " << sqlite3_column_int64(s, 1) << "\n";
             });
    return out.str();
}

} // namespace ndksim::results
