#include "ndksim/results/results-summary.h"

#include "ndksim/results/results-writer.h"

#include <sqlite3.h>
#include <sstream>

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
            Fail("cannot open");
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
    db.Query("SELECT coalesce(n.name, t.invalidation), count(*), sum(t.uses) FROM tokens t "
             "LEFT JOIN names n ON n.domain = 'invalidation' AND n.code = t.invalidation "
             "GROUP BY t.invalidation ORDER BY t.invalidation",
             [&](sqlite3_stmt* s) {
                 out << "  tokens invalidated " << Text(s, 0) << ": " << sqlite3_column_int64(s, 1)
                     << " (" << sqlite3_column_int64(s, 2) << " uses)\n";
             });
    db.Query("SELECT coalesce(n.name, v.status), count(*) FROM violations v "
             "LEFT JOIN names n ON n.domain = 'status' AND n.code = v.status "
             "GROUP BY v.status ORDER BY v.status",
             [&](sqlite3_stmt* s) {
                 out << "  rejected accesses " << Text(s, 0) << ": " << sqlite3_column_int64(s, 1)
                     << "\n";
             });
    return out.str();
}

} // namespace ndksim::results
