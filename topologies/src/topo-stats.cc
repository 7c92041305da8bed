#include "ndksim/topo/topo-stats.h"

#include "switch-csr.h"

#include <algorithm>
#include <array>
#include <boost/graph/push_relabel_max_flow.hpp>
#include <limits>
#include <stdexcept>

namespace ndksim::topo
{

namespace
{

std::uint64_t
SaturatingAdd(std::uint64_t a, std::uint64_t b)
{
    return a > std::numeric_limits<std::uint64_t>::max() - b
               ? std::numeric_limits<std::uint64_t>::max()
               : a + b;
}

/// Shortest-path DAG DP toward the BFS source: paths(source) = 1, paths(s) = sum over next hops.
void
CountPaths(const detail::SwitchCsr& csr,
           std::uint32_t target,
           const std::vector<std::uint64_t>& dist,
           const std::vector<std::uint32_t>& order,
           std::vector<std::uint64_t>& paths)
{
    const detail::SwitchCsrGraph& g = csr.Graph();
    paths.assign(csr.NumSwitches(), 0);
    paths[target] = 1;
    // order is by nondecreasing distance, so every next hop is final before it is summed.
    for (std::uint32_t s : order)
    {
        if (s == target)
        {
            continue;
        }
        std::uint64_t sum = 0;
        for (auto [it, end] = boost::out_edges(s, g); it != end; ++it)
        {
            const std::uint32_t n = boost::target(*it, g);
            if (dist[n] != detail::UNREACHABLE && dist[n] + g[*it].weight == dist[s])
            {
                sum = SaturatingAdd(sum, paths[n]);
            }
        }
        paths[s] = sum;
    }
}

std::vector<char>
TorFlags(const Topology& topo)
{
    std::vector<char> isTor(topo.NumNodes(), 0);
    for (NodeId h : topo.GetHosts())
    {
        if (topo.NumPorts(h) > 0)
        {
            isTor[topo.GetPort(h, 0).peer] = 1;
        }
    }
    return isTor;
}

} // namespace

std::vector<std::uint64_t>
EqualCostPathCounts(const Topology& topo, NodeId dstTor)
{
    const detail::SwitchCsr csr(topo, RoutingMetric::HopCount, std::vector<char>(topo.NumLinks()));
    if (dstTor >= topo.NumNodes() || csr.Index(dstTor) == detail::NOT_A_SWITCH)
    {
        throw std::invalid_argument("EqualCostPathCounts: node " + std::to_string(dstTor) +
                                    " is not a switch");
    }
    std::vector<std::uint64_t> dist;
    std::vector<std::uint32_t> order;
    std::vector<std::uint64_t> paths;
    csr.Distances(csr.Index(dstTor), dist, &order);
    CountPaths(csr, csr.Index(dstTor), dist, order, paths);
    std::vector<std::uint64_t> out(topo.NumNodes(), 0);
    for (std::uint32_t s = 0; s < csr.NumSwitches(); ++s)
    {
        out[csr.Node(s)] = paths[s];
    }
    return out;
}

std::uint64_t
BisectionMinCut(const Topology& topo)
{
    const std::size_t hosts = topo.NumHosts();
    if (hosts < 2)
    {
        return 0;
    }
    using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
    using FlowGraph = boost::adjacency_list<
        boost::vecS,
        boost::vecS,
        boost::directedS,
        boost::no_property,
        boost::property<
            boost::edge_capacity_t,
            std::int64_t,
            boost::property<boost::edge_residual_capacity_t,
                            std::int64_t,
                            boost::property<boost::edge_reverse_t, Traits::edge_descriptor>>>>;
    const std::size_t n = topo.NumNodes();
    FlowGraph g(n + 2);
    const std::size_t source = n;
    const std::size_t sink = n + 1;
    auto capacity = boost::get(boost::edge_capacity, g);
    auto reverse = boost::get(boost::edge_reverse, g);
    // Boost's push-relabel wants every arc paired with a zero-capacity reverse arc, so an
    // undirected link is two such pairs, one per direction.
    auto addArc = [&](std::size_t u, std::size_t v, std::uint64_t cap) {
        const auto forward = boost::add_edge(u, v, g).first;
        const auto back = boost::add_edge(v, u, g).first;
        capacity[forward] = static_cast<std::int64_t>(cap);
        capacity[back] = 0;
        reverse[forward] = back;
        reverse[back] = forward;
    };
    for (LinkId l = 0; l < topo.NumLinks(); ++l)
    {
        const LinkEnds& e = topo.GetLinkEnds(l);
        const std::uint64_t rate = topo.GetLink(l).rateBps;
        addArc(e.a, e.b, rate);
        addArc(e.b, e.a, rate);
    }
    for (std::size_t i = 0; i < hosts; ++i)
    {
        const NodeId h = topo.GetHost(i);
        // The host's own link bounds what it can send or take, so that is enough capacity.
        const std::uint64_t rate = topo.GetLink(topo.GetAttachment(h).link).rateBps;
        if (i < hosts / 2)
        {
            addArc(source, h, rate);
        }
        else
        {
            addArc(h, sink, rate);
        }
    }
    return static_cast<std::uint64_t>(boost::push_relabel_max_flow(g, source, sink));
}

TopoStats
ComputeStats(const Topology& topo, const StatsOptions& options)
{
    TopoStats st;
    st.nodes = topo.NumNodes();
    st.links = topo.NumLinks();
    st.hosts = topo.NumHosts();
    st.switches = topo.NumSwitches();
    st.bisectionAnalyticBps = topo.GetAnalyticBisection();

    std::array<RoleStats, NUM_ROLES> roles{};
    for (NodeId v = 0; v < topo.NumNodes(); ++v)
    {
        RoleStats& r = roles[static_cast<std::size_t>(topo.GetRole(v))];
        const std::size_t ports = topo.NumPorts(v);
        r.minPorts = r.nodes == 0 ? ports : std::min(r.minPorts, ports);
        r.maxPorts = std::max(r.maxPorts, ports);
        ++r.nodes;
    }
    for (std::size_t i = 0; i < NUM_ROLES; ++i)
    {
        if (roles[i].nodes > 0)
        {
            roles[i].role = static_cast<NodeRole>(i);
            st.roles.push_back(roles[i]);
        }
    }

    std::array<std::array<LinkClassStats, NUM_ROLES>, NUM_ROLES> classes{};
    for (LinkId l = 0; l < topo.NumLinks(); ++l)
    {
        const LinkEnds& e = topo.GetLinkEnds(l);
        const LinkProps& p = topo.GetLink(l);
        auto ra = static_cast<std::size_t>(topo.GetRole(e.a));
        auto rb = static_cast<std::size_t>(topo.GetRole(e.b));
        LinkClassStats& c = classes[std::min(ra, rb)][std::max(ra, rb)];
        const bool first = c.links == 0;
        c.minRateBps = first ? p.rateBps : std::min(c.minRateBps, p.rateBps);
        c.maxRateBps = std::max(c.maxRateBps, p.rateBps);
        c.minDelayPs = first ? p.delayPs : std::min(c.minDelayPs, p.delayPs);
        c.maxDelayPs = std::max(c.maxDelayPs, p.delayPs);
        ++c.links;
    }
    for (std::size_t a = 0; a < NUM_ROLES; ++a)
    {
        for (std::size_t b = a; b < NUM_ROLES; ++b)
        {
            if (classes[a][b].links > 0)
            {
                classes[a][b].roleA = static_cast<NodeRole>(a);
                classes[a][b].roleB = static_cast<NodeRole>(b);
                st.linkClasses.push_back(classes[a][b]);
            }
        }
    }

    const std::vector<char> isTor = TorFlags(topo);
    std::vector<std::size_t> hostsOn(topo.NumNodes(), 0);
    for (NodeId h : topo.GetHosts())
    {
        if (topo.NumPorts(h) > 0)
        {
            ++hostsOn[topo.GetPort(h, 0).peer];
        }
    }
    std::vector<std::uint32_t> tors;
    for (NodeId v = 0; v < topo.NumNodes(); ++v)
    {
        if (isTor[v])
        {
            tors.push_back(v);
            if (hostsOn[v] >= 2)
            {
                st.diameterHops = 2;
            }
        }
    }
    st.tors = tors.size();

    if (options.paths && tors.size() >= 2)
    {
        const detail::SwitchCsr csr(topo,
                                    RoutingMetric::HopCount,
                                    std::vector<char>(topo.NumLinks(), 0));
        std::vector<std::uint64_t> dist;
        std::vector<std::uint32_t> order;
        std::vector<std::uint64_t> paths;
        long double sum = 0;
        st.ecmpPaths.min = std::numeric_limits<std::uint64_t>::max();
        for (NodeId t : tors)
        {
            const std::uint32_t ti = csr.Index(t);
            csr.Distances(ti, dist, &order);
            CountPaths(csr, ti, dist, order, paths);
            for (NodeId s : tors)
            {
                const std::uint32_t si = csr.Index(s);
                if (s == t || dist[si] == detail::UNREACHABLE)
                {
                    continue;
                }
                st.diameterHops = std::max<std::uint32_t>(st.diameterHops,
                                                          static_cast<std::uint32_t>(dist[si] + 2));
                st.ecmpPaths.min = std::min(st.ecmpPaths.min, paths[si]);
                st.ecmpPaths.max = std::max(st.ecmpPaths.max, paths[si]);
                sum += paths[si];
                ++st.ecmpPaths.pairs;
            }
        }
        if (st.ecmpPaths.pairs == 0)
        {
            st.ecmpPaths.min = 0;
        }
        else
        {
            st.ecmpPaths.mean = static_cast<double>(sum / st.ecmpPaths.pairs);
        }
    }
    if (options.bisection)
    {
        st.bisectionMinCutBps = BisectionMinCut(topo);
    }
    return st;
}

} // namespace ndksim::topo
