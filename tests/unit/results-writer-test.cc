// The results writer: every table written and read back, temporary name and atomic rename,
// Abort and destruction, crash safety under SIGKILL, byte-identical output, the summary.
#include "ndksim/results/results-schema.h"
#include "ndksim/results/results-summary.h"
#include "ndksim/results/results-writer.h"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <sqlite3.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace ndksim::results;
namespace fs = std::filesystem;

namespace
{

/** A fresh directory per test, removed afterwards. */
class ResultsWriterTest : public testing::Test
{
  protected:
    void SetUp() override
    {
        const auto* info = testing::UnitTest::GetInstance()->current_test_info();
        m_dir = fs::temp_directory_path() /
                ("ndksim-results-" + std::to_string(getpid()) + "-" + info->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }

    void TearDown() override
    {
        fs::remove_all(m_dir);
    }

    std::string Path(const std::string& name) const
    {
        return (m_dir / name).string();
    }

    fs::path m_dir;
};

RunInfo
Info()
{
    RunInfo info;
    info.scenario = "scenarios/test.toml";
    info.scenarioName = "test";
    info.seed = 5;
    info.rngRun = 2;
    info.ndksimVersion = "0.1.0";
    info.ns3Version = "3.37";
    return info;
}

RunEnd
End()
{
    RunEnd end;
    end.simTimePs = 123456789;
    end.events = 42;
    end.wallTimeUs = 1000;
    return end;
}

/** A small read-only handle for checks. */
class Db
{
  public:
    explicit Db(const std::string& path, int flags = SQLITE_OPEN_READONLY)
    {
        EXPECT_EQ(sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr), SQLITE_OK) << path;
    }

    ~Db()
    {
        sqlite3_close(m_db);
    }

    /** \return the first column of the first row as text ("NULL" for NULL, "" if no row) */
    std::string One(const std::string& sql)
    {
        sqlite3_stmt* s = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(m_db, sql.c_str(), -1, &s, nullptr), SQLITE_OK)
            << sql << ": " << sqlite3_errmsg(m_db);
        std::string out;
        if (s && sqlite3_step(s) == SQLITE_ROW)
        {
            const unsigned char* t = sqlite3_column_text(s, 0);
            out = t ? reinterpret_cast<const char*>(t) : "NULL";
        }
        sqlite3_finalize(s);
        return out;
    }

  private:
    sqlite3* m_db{nullptr};
};

/** One row of every table, every field set (no kNull), so every column must be non-NULL. */
void
WriteOneOfEach(ResultsWriter& w)
{
    w.AddParam("run.seed", "5", "", "file");
    w.DefineName(domain::kOpType, 64, "Write");
    w.DefineName(domain::kStatus, 0, "STATUS_SUCCESS");
    w.AddNode(0, "host", "h0");
    uint32_t series = w.DefineSeries("sw0:1", "queue_bytes", "bytes");
    w.AddOp({0, 1, 64, 4096, 1000, 3000, 0});
    w.AddFlow({0, 1, 0, 3, 4096, 1000, 4000, 2000});
    TokenRow t;
    t.host = 1;
    t.token = 0x1234;
    t.createdPs = 100;
    t.rights = 2;
    t.address = 0x10000;
    t.lengthBytes = 4096;
    t.uses = 3;
    t.invalidation = Invalidation::Remote;
    t.invalidatedPs = 600;
    w.AddToken(t);
    w.AddViolation({700, 1, 2, 0, 64, 0x1234, 0x10000, 4096, 1, 0xC0000005});
    w.AddQp({0, 1, 1, 2, 3, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
    w.AddPort({2, 1, 3, 10, 11, 12, 13, 14, 15, 16, 17, 18});
    w.AddPortDrop({2, 1, 3, 7, true, 4, 4096});
    w.AddSample({series, 5000, 2.5});
}

std::string
ReadBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace

TEST_F(ResultsWriterTest, WritesEveryColumnAndRenamesOnFinish)
{
    const std::string path = Path("run.db");
    {
        ResultsWriter w(path, Info());
        EXPECT_EQ(w.GetTempPath(), path + ".partial-" + std::to_string(getpid()));
        EXPECT_TRUE(fs::exists(w.GetTempPath()));
        EXPECT_FALSE(fs::exists(path));
        WriteOneOfEach(w);
        EXPECT_EQ(w.GetRowCount(), 8u);
        w.Finish(End());
        EXPECT_FALSE(fs::exists(w.GetTempPath()));
    }
    ASSERT_TRUE(fs::exists(path));
    for (const char* suffix : {"-wal", "-shm", "-journal"})
    {
        EXPECT_FALSE(fs::exists(path + suffix)) << suffix;
    }
    Db db(path);
    EXPECT_EQ(db.One("PRAGMA user_version"), std::to_string(kSchemaVersion));
    EXPECT_EQ(db.One("PRAGMA journal_mode"), "delete");
    EXPECT_EQ(db.One("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(db.One("SELECT scenario || '|' || scenario_name || '|' || seed || '|' || rng_run || "
                     "'|' || sim_time_ps || '|' || events || '|' || wall_time_us || '|' || status "
                     "FROM runs"),
              "scenarios/test.toml|test|5|2|123456789|42|1000|ok");
    // Every column of every table is written: no NULL where every field was given.
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* tables = nullptr;
    sqlite3_prepare_v2(raw,
                       "SELECT name FROM sqlite_schema WHERE type = 'table'",
                       -1,
                       &tables,
                       nullptr);
    int checked = 0;
    while (sqlite3_step(tables) == SQLITE_ROW)
    {
        std::string table = reinterpret_cast<const char*>(sqlite3_column_text(tables, 0));
        EXPECT_EQ(db.One("SELECT count(*) FROM " + table), table == "names" ? "8" : "1") << table;
        sqlite3_stmt* columns = nullptr;
        sqlite3_prepare_v2(raw,
                           ("SELECT name FROM pragma_table_info('" + table + "')").c_str(),
                           -1,
                           &columns,
                           nullptr);
        while (sqlite3_step(columns) == SQLITE_ROW)
        {
            std::string column = reinterpret_cast<const char*>(sqlite3_column_text(columns, 0));
            EXPECT_EQ(db.One("SELECT count(*) FROM " + table + " WHERE " + column + " IS NULL"),
                      "0")
                << table << "." << column << " left NULL";
            ++checked;
        }
        sqlite3_finalize(columns);
    }
    sqlite3_finalize(tables);
    sqlite3_close(raw);
    EXPECT_GT(checked, 80);
    // Derived columns and enumeration names.
    EXPECT_EQ(db.One("SELECT slowdown FROM flows"), "2.0");
    EXPECT_EQ(db.One("SELECT lifetime_ps FROM tokens"), "500");
    EXPECT_EQ(db.One("SELECT name FROM names WHERE domain = 'invalidation' AND code = 2"),
              "remote");
    EXPECT_EQ(db.One("SELECT lossless FROM port_drops"), "1");
    EXPECT_EQ(db.One("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE "
                     "'sqlite_%'"),
              "7");
}

TEST_F(ResultsWriterTest, AbsentValuesAreNull)
{
    const std::string path = Path("nulls.db");
    {
        ResultsWriter w(path, Info());
        w.AddOp({0, 1, 64, 4096, 1000, kNull, 0});
        w.AddFlow({0, 1, 0, 3, 4096, 1000, kNull, 2000});
        w.AddToken(TokenRow{});
        w.Finish(RunEnd{});
    }
    Db db(path);
    EXPECT_EQ(db.One("SELECT completion_ps FROM ops"), "NULL");
    EXPECT_EQ(db.One("SELECT coalesce(fct_ps, 'x') || coalesce(slowdown, 'y') FROM flows"), "xy");
    EXPECT_EQ(db.One("SELECT coalesce(invalidated_ps, 'x') || coalesce(lifetime_ps, 'y') FROM "
                     "tokens"),
              "xy");
    EXPECT_EQ(db.One("SELECT coalesce(sim_time_ps, 'x') || status FROM runs"), "xok");
}

TEST_F(ResultsWriterTest, GroupsAndTransactionsKeepEveryRowInOrder)
{
    const std::string path = Path("many.db");
    {
        ResultsWriter::Options options;
        options.rowsPerTransaction = 7; // not a multiple of the row group: boundaries everywhere
        ResultsWriter w(path, Info(), options);
        uint32_t s = w.DefineSeries("x", "y", "");
        for (uint32_t i = 0; i < 1003; ++i)
        {
            w.AddOp({i % 4, i, 64, i, static_cast<int64_t>(i), static_cast<int64_t>(i) + 5, 0});
            if (i % 10 == 0)
            {
                w.AddSample({s, static_cast<int64_t>(i), i * 0.5});
            }
        }
        w.Finish(End());
    }
    Db db(path);
    EXPECT_EQ(db.One("SELECT count(*) FROM ops"), "1003");
    EXPECT_EQ(db.One("SELECT count(*) FROM ops WHERE qp != rowid - 1 OR bytes != qp"), "0");
    EXPECT_EQ(db.One("SELECT count(*) FROM samples"), "101");
    EXPECT_EQ(db.One("SELECT sum(value) FROM samples"), "25250.0");
}

TEST_F(ResultsWriterTest, AbortAndDestructionLeaveNoFile)
{
    const std::string aborted = Path("aborted.db");
    const std::string dropped = Path("dropped.db");
    {
        ResultsWriter w(aborted, Info());
        WriteOneOfEach(w);
        w.Abort();
        w.Abort(); // idempotent
        EXPECT_THROW(w.Finish(End()), ResultsError);
    }
    {
        ResultsWriter w(dropped, Info());
        WriteOneOfEach(w);
    }
    EXPECT_TRUE(fs::is_empty(m_dir)) << "left behind: " << fs::directory_iterator(m_dir)->path();
}

TEST_F(ResultsWriterTest, FinishReplacesAnOlderDatabase)
{
    const std::string path = Path("again.db");
    std::ofstream(path) << "old";
    {
        ResultsWriter w(path, Info());
        w.Finish(End());
    }
    Db db(path);
    EXPECT_EQ(db.One("SELECT count(*) FROM runs"), "1");
}

TEST_F(ResultsWriterTest, UncreatableDatabaseThrowsAndLeavesNothing)
{
    std::ofstream(Path("file")) << "x";
    const std::string path = Path("file/sub/run.db"); // a directory under a regular file
    EXPECT_THROW(ResultsWriter(path, Info()), ResultsError);
    EXPECT_EQ(std::distance(fs::directory_iterator(m_dir), fs::directory_iterator()), 1);
}

TEST_F(ResultsWriterTest, IdenticalWritesGiveIdenticalBytes)
{
    auto write = [&](const std::string& path) {
        ResultsWriter::Options options;
        options.rowsPerTransaction = 100;
        ResultsWriter w(path, Info(), options);
        WriteOneOfEach(w);
        for (uint32_t i = 0; i < 2000; ++i)
        {
            w.AddOp({i % 3, i, 64, 4096, i * 1000LL, i * 1000LL + 700, 0});
        }
        w.Finish(End());
    };
    write(Path("a.db"));
    write(Path("b.db"));
    const std::string a = ReadBytes(Path("a.db"));
    EXPECT_GT(a.size(), 4096u);
    EXPECT_TRUE(a == ReadBytes(Path("b.db")));
}

// A writer killed with SIGKILL mid-run: nothing under the final name, and the temporary file it
// leaves is a consistent SQLite database holding at least the committed transactions.
TEST_F(ResultsWriterTest, SigkillLeavesNoFinalFileAndAConsistentTemporary)
{
    const std::string path = Path("killed.db");
    int ready[2];
    ASSERT_EQ(pipe(ready), 0);
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0)
    {
        close(ready[0]);
        ResultsWriter::Options options;
        options.rowsPerTransaction = 500;
        ResultsWriter w(path, Info(), options);
        uint32_t s = w.DefineSeries("x", "y", "");
        for (uint64_t i = 0;; ++i)
        {
            w.AddOp({0, static_cast<uint32_t>(i), 64, i, static_cast<int64_t>(i), kNull, 0});
            w.AddSample({s, static_cast<int64_t>(i), 1.0});
            if (i == 5000)
            {
                char c = 1;
                (void)!write(ready[1], &c, 1);
            }
        }
    }
    close(ready[1]);
    char c = 0;
    ASSERT_EQ(read(ready[0], &c, 1), 1);
    close(ready[0]);
    std::this_thread::sleep_for(std::chrono::milliseconds(20)); // let it be mid-transaction
    ASSERT_EQ(kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status));

    EXPECT_FALSE(fs::exists(path));
    const std::string temp = ResultsWriter::TempPathFor(path, child);
    ASSERT_TRUE(fs::exists(temp));
    {
        // Opening read-write lets SQLite recover from the WAL, as any later reader would.
        Db db(temp, SQLITE_OPEN_READWRITE);
        EXPECT_EQ(db.One("PRAGMA integrity_check"), "ok");
        EXPECT_EQ(db.One("SELECT status FROM runs"), "running");
        const long ops = std::stol(db.One("SELECT count(*) FROM ops"));
        EXPECT_GE(ops, 2000); // 10000 rows were appended before the signal: 20 commits
        EXPECT_EQ(ops % 16, 0) << "rows arrive in whole groups of the multi-row INSERT";
    }
}

TEST_F(ResultsWriterTest, SummaryNamesCodesFromTheDatabase)
{
    const std::string path = Path("summary.db");
    {
        ResultsWriter w(path, Info());
        WriteOneOfEach(w);
        w.Finish(End());
    }
    const std::string text = DescribeResults(path);
    EXPECT_NE(text.find("run test seed 5 rng_run 2: ok"), std::string::npos) << text;
    EXPECT_NE(text.find("ops Write STATUS_SUCCESS: 1 (4096 bytes)"), std::string::npos) << text;
    EXPECT_NE(text.find("tokens invalidated remote: 1 (3 uses)"), std::string::npos) << text;
    EXPECT_NE(text.find("rows: runs 1 params 1 names 8 nodes 1 ops 1 flows 1"), std::string::npos)
        << text;
    EXPECT_THROW(DescribeResults(Path("missing.db")), ResultsError);
}
