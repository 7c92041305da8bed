// Fat-tree build + ECMP route time and peak RSS (graph only, no ns-3). Prints figures; never
// fails on time. Each k runs in its own child process so peak RSS is per k.
//   ndksim-bench-topo-build [k ...]     (default: 16 24 32)
#include "ndksim/topo/ecmp-routes.h"
#include "ndksim/topo/generators.h"
#include "ndksim/topo/validate.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace ndksim::topo;

namespace
{

double
MsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

void
RunOne(std::uint32_t k)
{
    const auto t0 = std::chrono::steady_clock::now();
    FatTreeParams params;
    params.k = k;
    const Topology topo = MakeFatTree(params);
    const double graphMs = MsSince(t0);

    const auto t1 = std::chrono::steady_clock::now();
    Validate(topo);
    const double validateMs = MsSince(t1);

    const auto t2 = std::chrono::steady_clock::now();
    const EcmpRoutes routes(topo);
    const double routesMs = MsSince(t2);

    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("%4u %8zu %8zu %8zu %10.1f %10.1f %10.1f %10.1f %10.1f %8zu %9.1f\n",
                k,
                topo.NumHosts(),
                topo.NumSwitches(),
                topo.NumLinks(),
                graphMs,
                validateMs,
                routesMs,
                graphMs + validateMs + routesMs,
                static_cast<double>(routes.MemoryBytes()) / 1024.0,
                routes.NumPortSets(),
                static_cast<double>(usage.ru_maxrss) / 1024.0);
    std::fflush(stdout);
}

} // namespace

int
main(int argc, char** argv)
{
    std::vector<std::uint32_t> ks;
    for (int i = 1; i < argc; ++i)
    {
        ks.push_back(static_cast<std::uint32_t>(std::strtoul(argv[i], nullptr, 10)));
    }
    if (ks.empty())
    {
        ks = {16, 24, 32};
    }
    std::printf("fat-tree build + ECMP routes (hop count, per destination ToR, CSR snapshot)\n");
    std::printf("%4s %8s %8s %8s %10s %10s %10s %10s %10s %8s %9s\n",
                "k",
                "hosts",
                "switches",
                "links",
                "graph ms",
                "valid. ms",
                "routes ms",
                "total ms",
                "table KiB",
                "sets",
                "peak MiB");
    std::fflush(stdout);
    for (std::uint32_t k : ks)
    {
        const pid_t pid = fork();
        if (pid == 0)
        {
            RunOne(k);
            std::_Exit(0);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        {
            std::fprintf(stderr, "k=%u failed\n", k);
            return 1;
        }
    }
    return 0;
}
