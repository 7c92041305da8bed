// Fat-tree installation on ns-3: build + route + install time and peak RSS, graph only and with
// every NIC, switch and cable created by FabricHelper. Prints figures; never fails on time.
// Each (k, mode) runs in its own child process, since peak RSS only grows.
//   ndksim-bench-fabric-install [k ...]            (default: 16 24 32)
//   ndksim-bench-fabric-install --objects [n]      bytes per created object, by type
#include "ndksim/topo/topo-module.h"

#include "ns3/data-rate.h"
#include "ns3/fabric-helper.h"
#include "ns3/mac48-address.h"
#include "ns3/ndk-adapter.h"
#include "ns3/ndksim-defaults.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/rdma-address-book.h"
#include "ns3/rdma-nic-helper.h"
#include "ns3/rdma-nic.h"
#include "ns3/roce-channel.h"
#include "ns3/roce-net-device.h"
#include "ns3/roce-switch-helper.h"
#include "ns3/roce-switch.h"
#include "ns3/simulator.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace ns3;
using namespace ndksim::topo;

namespace
{

double
MsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

/** \return a /proc/self/status field ("VmRSS", "VmHWM") in MiB */
double
StatusMiB(const char* field)
{
    FILE* f = std::fopen("/proc/self/status", "r");
    if (!f)
    {
        return 0;
    }
    char line[256];
    double kib = 0;
    const std::size_t n = std::strlen(field);
    while (std::fgets(line, sizeof(line), f))
    {
        if (std::strncmp(line, field, n) == 0 && line[n] == ':')
        {
            kib = std::strtod(line + n + 1, nullptr);
            break;
        }
    }
    std::fclose(f);
    return kib / 1024.0;
}

/** One fat-tree, graph and routes only, or installed on ns-3 too. */
void
RunOne(std::uint32_t k, bool install)
{
    const auto t0 = std::chrono::steady_clock::now();
    FatTreeParams params;
    params.k = k;
    const Topology topo = MakeFatTree(params);
    Validate(topo);
    const double graphMs = MsSince(t0);

    double routesMs = 0;
    double installMs = 0;
    double destroyMs = 0;
    if (!install)
    {
        const auto t1 = std::chrono::steady_clock::now();
        const EcmpRoutes routes(topo);
        routesMs = MsSince(t1);
    }
    else
    {
        // Install computes the routes itself (and drops them once the switch tables are set).
        const auto t1 = std::chrono::steady_clock::now();
        FabricHelper fabric;
        fabric.Install(topo);
        fabric.AssignStreams(1);
        installMs = MsSince(t1);
        const auto t2 = std::chrono::steady_clock::now();
        Simulator::Destroy();
        destroyMs = MsSince(t2);
    }
    std::printf("%4u %-9s %7zu %6zu %7zu %9.1f %9.1f %10.1f %10.1f %10.1f %9.1f\n",
                k,
                install ? "installed" : "graph",
                topo.NumHosts(),
                topo.NumSwitches(),
                topo.NumLinks(),
                graphMs,
                routesMs,
                installMs,
                graphMs + routesMs + installMs,
                destroyMs,
                StatusMiB("VmHWM"));
    std::fflush(stdout);
}

/** Run \p body in a child process and wait for it. */
void
InChild(const std::function<void()>& body)
{
    std::fflush(stdout);
    const pid_t pid = fork();
    if (pid == 0)
    {
        body();
        std::fflush(stdout);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    {
        std::printf("  (child failed, status %d)\n", status);
    }
}

/** RSS growth per object of \p n objects made by \p make, in bytes. */
void
PerObject(const char* what, std::uint32_t n, const std::function<void(std::uint32_t)>& make)
{
    InChild([&]() {
        const double before = StatusMiB("VmRSS");
        const auto t0 = std::chrono::steady_clock::now();
        for (std::uint32_t i = 0; i < n; ++i)
        {
            make(i);
        }
        const double ms = MsSince(t0);
        const double after = StatusMiB("VmRSS");
        std::printf("  %-44s %10.0f B %8.2f us\n",
                    what,
                    (after - before) * 1024.0 * 1024.0 / n,
                    ms * 1000.0 / n);
    });
}

/** Bytes of each created object type (leaked on purpose: the child exits). */
void
Objects(std::uint32_t n)
{
    std::printf("RSS growth and time per object (%u of each, in a child process)\n", n);
    static std::vector<Ptr<Object>> keep;
    keep.reserve(8 * n);
    PerObject("Node", n, [](std::uint32_t) { keep.push_back(CreateObject<Node>()); });
    PerObject("RoceNetDevice", n, [](std::uint32_t) {
        keep.push_back(CreateObject<RoceNetDevice>());
    });
    PerObject("RoceChannel", n, [](std::uint32_t) { keep.push_back(CreateObject<RoceChannel>()); });
    PerObject("NdkAdapter (not opened)", n, [](std::uint32_t) {
        keep.push_back(CreateObject<NdkAdapter>());
    });
    PerObject("NdkAdapter (opened 1.2)", n, [](std::uint32_t i) {
        Ptr<NdkAdapter> a = CreateObject<NdkAdapter>();
        a->Open({1, 2});
        keep.push_back(a);
    });
    PerObject("RdmaNic (not set up)", n, [](std::uint32_t) {
        keep.push_back(CreateObject<RdmaNic>());
    });
    PerObject("host: Node + RdmaNicHelper::Install", n, [](std::uint32_t i) {
        static RdmaNicHelper helper;
        static Ptr<RdmaAddressBook> book = CreateObject<RdmaAddressBook>();
        Ptr<Node> node = CreateObject<Node>();
        helper.Install(node, Ipv4Address(0x0A000001 + i), book);
        keep.push_back(node);
    });
    PerObject("switch port: RoceSwitch::AddPort (32 per switch)", n, [](std::uint32_t i) {
        static RoceSwitchHelper helper;
        static Ptr<RoceSwitch> sw;
        if (i % 32 == 0)
        {
            Ptr<Node> node = CreateObject<Node>();
            sw = helper.Install(node);
            keep.push_back(node);
        }
        Ptr<RoceNetDevice> d = helper.CreatePort();
        sw->AddPort(d);
    });
    PerObject("switch route: AddRoute(group, 16 ports), 1 switch", n, [](std::uint32_t i) {
        static Ptr<RoceSwitch> sw;
        if (i == 0)
        {
            RoceSwitchHelper helper;
            Ptr<Node> node = CreateObject<Node>();
            sw = helper.Install(node);
            keep.push_back(node);
            for (int p = 0; p < 32; ++p)
            {
                sw->AddPort(helper.CreatePort());
            }
        }
        std::vector<uint32_t> ports;
        for (uint32_t p = 16; p < 32; ++p)
        {
            ports.push_back(p);
        }
        sw->AddRoute(i, ports);
    });
}

} // namespace

int
main(int argc, char** argv)
{
    Time::SetResolution(Time::PS);
    NdksimUseDefaultScheduler();
    std::vector<std::uint32_t> ks;
    for (int i = 1; i < argc; ++i)
    {
        if (std::strcmp(argv[i], "--objects") == 0)
        {
            const std::uint32_t n =
                i + 1 < argc ? static_cast<std::uint32_t>(std::strtoul(argv[i + 1], nullptr, 10))
                             : 20000;
            Objects(n);
            return 0;
        }
        ks.push_back(static_cast<std::uint32_t>(std::strtoul(argv[i], nullptr, 10)));
    }
    if (ks.empty())
    {
        ks = {16, 24, 32};
    }
    std::printf("fat-tree on ns-3: generate+validate, ECMP routes, FabricHelper install "
                "(NICs, switches, cables, tables, AssignStreams); one child process each\n");
    std::printf("%4s %-9s %7s %6s %7s %9s %9s %10s %10s %10s %9s\n",
                "k",
                "mode",
                "hosts",
                "switch",
                "links",
                "graph_ms",
                "route_ms",
                "install_ms",
                "total_ms",
                "destroy_ms",
                "peak_MiB");
    for (std::uint32_t k : ks)
    {
        InChild([k]() { RunOne(k, false); });
        InChild([k]() { RunOne(k, true); });
    }
    return 0;
}
