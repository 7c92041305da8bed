// Results writer throughput: rows/s for the hot tables (ops, samples, flows) and the cost of
// Finish() (indexes, checkpoint, rename). Prints figures; never fails on time.
#include "ndksim/results/results-writer.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <unistd.h>

using namespace ndksim::results;
using Clock = std::chrono::steady_clock;

namespace
{

double
Seconds(Clock::time_point since)
{
    return std::chrono::duration<double>(Clock::now() - since).count();
}

template <typename F>
void
Measure(const char* what, const std::string& path, uint64_t rows, uint32_t perTransaction, F add)
{
    RunInfo info;
    info.scenario = "bench";
    info.scenarioName = "bench";
    ResultsWriter::Options options;
    options.rowsPerTransaction = perTransaction;
    ResultsWriter w(path, info, options);
    auto start = Clock::now();
    for (uint64_t i = 0; i < rows; ++i)
    {
        add(w, i);
    }
    double append = Seconds(start);
    auto finishStart = Clock::now();
    w.Finish(RunEnd{});
    double finish = Seconds(finishStart);
    std::printf("%-8s %9llu rows, %6u rows/tx: %8.0f k rows/s appending, %8.0f k rows/s with "
                "Finish (%.3f s indexes+checkpoint), %6.1f MB\n",
                what,
                static_cast<unsigned long long>(rows),
                perTransaction,
                rows / append / 1e3,
                rows / (append + finish) / 1e3,
                finish,
                std::filesystem::file_size(path) / 1e6);
    std::filesystem::remove(path);
}

} // namespace

int
main(int argc, char** argv)
{
    const uint64_t rows = argc > 1 ? std::stoull(argv[1]) : 1000000;
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("ndksim-bench-results-" + std::to_string(getpid()) + ".db"))
                                 .string();
    std::printf("results writer: WAL, %zu-row INSERTs, indexes at Finish()\n", size_t{16});
    for (uint32_t perTransaction : {1000u, 65536u})
    {
        Measure("ops", path, rows, perTransaction, [](ResultsWriter& w, uint64_t i) {
            w.AddOp({static_cast<uint32_t>(i % 64),
                     static_cast<uint32_t>(i % 1024),
                     64,
                     4096,
                     static_cast<int64_t>(i) * 1000,
                     static_cast<int64_t>(i) * 1000 + 2500,
                     0});
        });
    }
    Measure("samples", path, rows, 65536, [](ResultsWriter& w, uint64_t i) {
        w.AddSample({static_cast<uint32_t>(1 + i % 16), static_cast<int64_t>(i) * 1000, 0.5 * i});
    });
    Measure("flows", path, rows, 65536, [](ResultsWriter& w, uint64_t i) {
        w.AddFlow({static_cast<uint32_t>(i % 128),
                   static_cast<uint32_t>((i + 1) % 128),
                   0,
                   3,
                   1000 + i % 100000,
                   static_cast<int64_t>(i) * 100,
                   static_cast<int64_t>(5000 + i % 777),
                   5000});
    });
    return 0;
}
