/*
 * ndksim-topo: describe a topology given as a generator string or a file, optionally write it as
 * DOT or GraphML.
 */
#include "ndksim/topo/topo-module.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace ndksim::topo;

namespace
{

/// Rate with 4 significant digits in the largest unit that keeps it >= 1 ("12.8 Tbps").
std::string
HumanRate(std::uint64_t bps)
{
    const char* units[] = {"bps", "Kbps", "Mbps", "Gbps", "Tbps", "Pbps"};
    double v = static_cast<double>(bps);
    int u = 0;
    while (v >= 1000.0 && u < 5)
    {
        v /= 1000.0;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.4g %s", v, units[u]);
    return buf;
}

template <typename T>
std::string
Range(T lo, T hi, std::string (*format)(T))
{
    return lo == hi ? format(lo) : format(lo) + ".." + format(hi);
}

std::string
Count(std::size_t n)
{
    return std::to_string(n);
}

std::string
Rate(std::uint64_t v)
{
    return FormatRate(v);
}

std::string
Delay(std::uint64_t v)
{
    return FormatDelay(v);
}

void
Row(const std::string& a,
    const std::string& b,
    const std::string& c = "",
    const std::string& d = "")
{
    char line[256];
    std::snprintf(line,
                  sizeof(line),
                  "  %-16s %10s   %-18s %s",
                  a.c_str(),
                  b.c_str(),
                  c.c_str(),
                  d.c_str());
    std::string text(line);
    text.erase(text.find_last_not_of(' ') + 1);
    std::printf("%s\n", text.c_str());
}

std::vector<LinkId>
ParseFailures(const Topology& topo, const std::vector<std::string>& specs)
{
    std::vector<LinkId> down;
    for (const auto& spec : specs)
    {
        const auto sep = spec.find("--");
        if (sep == std::string::npos)
        {
            throw TopoError("--fail '" + spec + "': expected NODE--NODE (node names)");
        }
        const std::string a = spec.substr(0, sep);
        const std::string b = spec.substr(sep + 2);
        const auto na = topo.FindNode(a);
        const auto nb = topo.FindNode(b);
        if (!na || !nb)
        {
            throw TopoError("--fail '" + spec + "': no node named '" + (na ? b : a) + "'");
        }
        const auto link = topo.FindLink(*na, *nb);
        if (!link)
        {
            throw TopoError("--fail '" + spec + "': no link between '" + a + "' and '" + b + "'");
        }
        down.push_back(*link);
    }
    return down;
}

/// Writes \p path with \p write whatever its extension (--dot out.txt is still DOT).
template <typename Writer>
void
WriteFile(const std::string& path, Writer write)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
    {
        throw TopoError("cannot write file", path);
    }
    write(out);
    out.flush();
    if (!out)
    {
        throw TopoError("error while writing file", path);
    }
}

void
Describe(const std::string& spec, const Topology& topo, const RoutingOptions& routing)
{
    const TopoStats st = ComputeStats(topo);
    std::printf("topology  %s\n", spec.c_str());
    if (!topo.GetDescription().empty() && topo.GetDescription() != spec)
    {
        std::printf("          %s\n", topo.GetDescription().c_str());
    }
    std::printf("\n");
    Row("role", "nodes", "ports");
    for (const auto& r : st.roles)
    {
        Row(ToString(r.role), Count(r.nodes), Range(r.minPorts, r.maxPorts, Count));
    }
    Row("total", Count(st.nodes), "", Count(st.tors) + " ToRs (switches with hosts)");
    std::printf("\n");
    Row("link", "links", "rate", "delay");
    for (const auto& c : st.linkClasses)
    {
        Row(std::string(ToString(c.roleA)) + "-" + ToString(c.roleB),
            Count(c.links),
            Range(c.minRateBps, c.maxRateBps, Rate),
            Range(c.minDelayPs, c.maxDelayPs, Delay));
    }
    Row("total", Count(st.links));
    std::printf("\n");
    std::printf("  %-16s %u hops, host to host\n", "diameter", st.diameterHops);
    const std::size_t half = st.hosts / 2;
    std::printf("  %-16s %s  max-flow min-cut between hosts 0..%zu and %zu..%zu\n",
                "bisection",
                HumanRate(st.bisectionMinCutBps).c_str(),
                half == 0 ? 0 : half - 1,
                half,
                st.hosts == 0 ? 0 : st.hosts - 1);
    if (st.bisectionAnalyticBps)
    {
        std::printf("  %-16s %s  analytic, from the structure\n",
                    "",
                    HumanRate(*st.bisectionAnalyticBps).c_str());
    }
    if (st.ecmpPaths.pairs > 0)
    {
        std::printf("  %-16s min %llu, mean %.2f, max %llu equal-cost paths per ToR pair "
                    "(%zu ordered pairs, hop count)\n",
                    "ECMP paths",
                    static_cast<unsigned long long>(st.ecmpPaths.min),
                    st.ecmpPaths.mean,
                    static_cast<unsigned long long>(st.ecmpPaths.max),
                    st.ecmpPaths.pairs);
    }

    const EcmpRoutes routes(topo, routing);
    std::printf(
        "  %-16s %s metric: %zu switches x %zu ToRs, %zu distinct next-hop sets, %.1f KiB\n",
        "routing",
        ToString(routes.GetMetric()),
        topo.NumSwitches(),
        routes.NumTors(),
        routes.NumPortSets(),
        static_cast<double>(routes.MemoryBytes()) / 1024.0);
    if (!routing.downLinks.empty())
    {
        std::printf("  %-16s %zu link(s) down: %zu (switch, ToR) entries unreachable, %zu ToR "
                    "pairs cut, %zu hosts cut off\n",
                    "failures",
                    routing.downLinks.size(),
                    routes.NumUnreachable(),
                    routes.GetUnreachableTorPairs().size(),
                    routes.GetUnreachableHosts().size());
    }
}

} // namespace

int
main(int argc, char** argv)
{
    CLI::App app{"Describe an ndksim topology: a generator string (fattree:k=8, "
                 "leafspine:leaves=4,spines=2,hosts=8, dragonfly:a=4,p=2,h=2, "
                 "jellyfish:switches=20,ports=8,hosts=4,seed=1) or a file (.dot/.gv, "
                 ".graphml/.xml, .txt = HPCC topology)",
                 "ndksim-topo"};
    std::string spec;
    std::string dotFile;
    std::string graphmlFile;
    std::string metric = "hops";
    std::vector<std::string> failures;
    std::size_t maxPorts = ValidateOptions().maxPorts;
    app.add_option("SPEC", spec, "generator string or topology file")->required();
    app.add_option("--dot", dotFile, "write the topology as GraphViz DOT to FILE");
    app.add_option("--graphml", graphmlFile, "write the topology as GraphML to FILE");
    app.add_option("--metric", metric, "ECMP path cost: hops or delay")->capture_default_str();
    app.add_option("--fail", failures, "take link NODE--NODE down for the routing summary");
    app.add_option("--max-ports", maxPorts, "most ports a switch may have")->capture_default_str();
    try
    {
        app.parse(argc, argv);
    }
    catch (const CLI::ParseError& e)
    {
        if (e.get_exit_code() == 0)
        {
            return app.exit(e);
        }
        std::cerr << "ndksim-topo: error: " << e.what() << " (see --help)\n";
        return 1;
    }
    try
    {
        ValidateOptions validate;
        validate.maxPorts = maxPorts;
        const Topology topo = LoadTopology(spec, validate);
        RoutingOptions routing;
        try
        {
            routing.metric = ParseMetric(metric);
        }
        catch (const std::invalid_argument& e)
        {
            throw TopoError(std::string("--metric: ") + e.what());
        }
        routing.downLinks = ParseFailures(topo, failures);
        Describe(spec, topo, routing);
        if (!dotFile.empty())
        {
            WriteFile(dotFile, [&topo](std::ostream& out) { WriteDot(topo, out); });
        }
        if (!graphmlFile.empty())
        {
            WriteFile(graphmlFile, [&topo](std::ostream& out) { WriteGraphml(topo, out); });
        }
        return 0;
    }
    catch (const std::exception& e)
    {
        std::cerr << "ndksim-topo: error: " << e.what() << "\n";
        return 1;
    }
}
