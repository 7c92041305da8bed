/*
 * Benchmark: ndksim-run on scenarios/hpcc-websearch.toml (the HPCC simulator's 320-host fat-tree
 * and its 399 WebSearch flows at 30 % load), run as a child process so that its peak RSS is its
 * own. Prints wall time, peak RSS, simulator events and data packets per wall-clock second, and
 * the ratios to the HPCC simulator on the same topology and flows (about 22 s and 332 MB).
 * A figure, never a pass/fail.
 */

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sqlite3.h>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace
{

constexpr double kHpccWallSeconds = 22.0; //!< the HPCC simulator, same topology and flows
constexpr double kHpccPeakMb = 332.0;     //!< its peak RSS

/** One integer from a query, or -1. */
long long
QueryInt(sqlite3* db, const char* sql)
{
    sqlite3_stmt* s = nullptr;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
    {
        v = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    return v;
}

} // namespace

int
main()
{
    const std::string scenario = std::string(NDKSIM_SOURCE_DIR) + "/scenarios/hpcc-websearch.toml";
    const std::string db = "/tmp/ndksim-bench-hpcc-websearch-" + std::to_string(getpid()) + ".db";
    const auto start = std::chrono::steady_clock::now();
    const pid_t child = fork();
    if (child == 0)
    {
        // The run's own summary is not part of the figures.
        std::freopen("/dev/null", "w", stdout);
        execl(NDKSIM_RUN_PATH, NDKSIM_RUN_PATH, scenario.c_str(), "--db", db.c_str(), nullptr);
        std::perror("exec ndksim-run");
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(child, &status, 0, &usage);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    {
        std::fprintf(stderr, "ndksim-run failed (status %d)\n", status);
        return 1;
    }
    sqlite3* handle = nullptr;
    sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr);
    const long long events = QueryInt(handle, "SELECT events FROM runs");
    const long long simPs = QueryInt(handle, "SELECT sim_time_ps FROM runs");
    const long long packets = QueryInt(handle, "SELECT sum(tx_packets) FROM qps");
    const long long flows = QueryInt(handle, "SELECT count(*) FROM flows WHERE fct_ps IS NOT NULL");
    sqlite3_close(handle);
    std::remove(db.c_str());
    const double peakMb = static_cast<double>(usage.ru_maxrss) / 1024.0;
    std::printf("hpcc-websearch: 320 hosts, 56 switches, %lld of 399 flows, %.3f ms simulated\n",
                flows,
                static_cast<double>(simPs) * 1e-9);
    std::printf("  wall time        %8.2f s   (HPCC simulator ~%.0f s: %.2fx, goal <= 0.25x)\n",
                wall,
                kHpccWallSeconds,
                wall / kHpccWallSeconds);
    std::printf("  peak RSS         %8.1f MB  (HPCC simulator ~%.0f MB: %.2fx, goal <= 1x)\n",
                peakMb,
                kHpccPeakMb,
                peakMb / kHpccPeakMb);
    std::printf("  events           %8lld     (%.2f M events/s)\n", events, events / wall * 1e-6);
    std::printf("  data packets     %8lld     (%.2f M packets/s sent by the NICs)\n",
                packets,
                packets / wall * 1e-6);
    return 0;
}
