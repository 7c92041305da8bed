// ECMP tables against brute-force enumeration of all simple shortest paths.
#include "ndksim/topo/ecmp-routes.h"
#include "ndksim/topo/generators.h"
#include "ndksim/topo/topo-error.h"
#include "ndksim/topo/topo-stats.h"
#include "ndksim/topo/validate.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace ndksim::topo;

namespace
{

/**
 * Enumerates simple switch paths by DFS with a cost bound raised step by step (iterative
 * deepening), so it finds the optimum without any shortest-path algorithm: every simple path of
 * cost <= optimum from s to t is visited.
 */
class BruteForce
{
  public:
    BruteForce(const Topology& topo, RoutingMetric metric, const std::set<LinkId>& down)
        : m_topo(topo),
          m_metric(metric),
          m_down(down),
          m_onPath(topo.NumNodes(), 0)
    {
    }

    /// First-hop ports of all minimum-cost paths s -> t, and how many such paths there are.
    std::vector<PortIndex> FirstHops(NodeId s, NodeId t, std::uint64_t* pathCount = nullptr)
    {
        std::uint64_t bound = 0;
        while (bound != NONE)
        {
            m_found = false;
            m_next = NONE;
            m_first.clear();
            m_paths = 0;
            m_onPath[s] = 1;
            Dfs(s, t, 0, bound, 0, s);
            m_onPath[s] = 0;
            if (m_found)
            {
                if (pathCount)
                {
                    *pathCount = m_paths;
                }
                return std::vector<PortIndex>(m_first.begin(), m_first.end());
            }
            bound = m_next;
        }
        if (pathCount)
        {
            *pathCount = 0;
        }
        return {};
    }

  private:
    static constexpr std::uint64_t NONE = std::numeric_limits<std::uint64_t>::max();

    void Dfs(NodeId v, NodeId t, std::uint64_t cost, std::uint64_t bound, PortIndex first, NodeId s)
    {
        if (v == t)
        {
            if (cost == bound)
            {
                m_found = true;
                m_first.insert(first);
                ++m_paths;
            }
            return;
        }
        for (PortIndex p = 0; p < m_topo.NumPorts(v); ++p)
        {
            const Port port = m_topo.GetPort(v, p);
            if (m_down.count(port.link) || !IsSwitch(m_topo.GetRole(port.peer)) ||
                m_onPath[port.peer])
            {
                continue;
            }
            const std::uint64_t w =
                m_metric == RoutingMetric::HopCount ? 1 : m_topo.GetLink(port.link).delayPs;
            if (cost + w > bound)
            {
                m_next = std::min(m_next, cost + w);
                continue;
            }
            m_onPath[port.peer] = 1;
            Dfs(port.peer, t, cost + w, bound, v == s ? p : first, s);
            m_onPath[port.peer] = 0;
        }
    }

    const Topology& m_topo;
    RoutingMetric m_metric;
    std::set<LinkId> m_down;
    std::vector<char> m_onPath;
    bool m_found = false;
    std::uint64_t m_next = NONE;
    std::set<PortIndex> m_first;
    std::uint64_t m_paths = 0;
};

/// Checks every (switch, ToR) entry and every (switch, host) lookup against the brute force.
void
ExpectMatchesBruteForce(const Topology& topo, const RoutingOptions& options)
{
    const EcmpRoutes routes(topo, options);
    BruteForce brute(topo,
                     options.metric,
                     std::set<LinkId>(options.downLinks.begin(), options.downLinks.end()));
    std::size_t compared = 0;
    for (std::size_t t = 0; t < routes.NumTors(); ++t)
    {
        const NodeId tor = routes.GetTor(t);
        for (NodeId s = 0; s < topo.NumNodes(); ++s)
        {
            if (!IsSwitch(topo.GetRole(s)))
            {
                continue;
            }
            const std::vector<PortIndex> expected =
                s == tor ? std::vector<PortIndex>{} : brute.FirstHops(s, tor);
            ASSERT_EQ(routes.NextHopsToTor(s, t).ToVector(), expected)
                << "switch " << topo.GetName(s) << " to ToR " << topo.GetName(tor);
            ++compared;
        }
    }
    EXPECT_GT(compared, 0u);
    // Per-host lookups: the ToR entry, or the direct port at the destination's own ToR.
    for (NodeId h : topo.GetHosts())
    {
        const HostAttachment att = topo.GetAttachment(h);
        const std::size_t t = routes.GetTorIndex(att.tor);
        EXPECT_EQ(routes.GetHostTorIndex(h), t);
        for (NodeId s = 0; s < topo.NumNodes(); ++s)
        {
            if (!IsSwitch(topo.GetRole(s)))
            {
                continue;
            }
            if (s == att.tor)
            {
                const bool up =
                    std::find(options.downLinks.begin(), options.downLinks.end(), att.link) ==
                    options.downLinks.end();
                EXPECT_EQ(routes.NextHops(s, h).ToVector(),
                          up ? std::vector<PortIndex>{att.torPort} : std::vector<PortIndex>{});
            }
            else
            {
                EXPECT_EQ(routes.NextHops(s, h).ToVector(), routes.NextHopsToTor(s, t).ToVector());
            }
        }
    }
}

/// A copy of \p topo with delays drawn from {1, 2, 3} us, so delay ties still occur.
Topology
WithRandomDelays(const Topology& topo, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    Topology out;
    for (NodeId v = 0; v < topo.NumNodes(); ++v)
    {
        out.AddNode(topo.GetRole(v), topo.GetName(v));
    }
    for (LinkId l = 0; l < topo.NumLinks(); ++l)
    {
        LinkProps p = topo.GetLink(l);
        p.delayPs = (1 + UniformBelow(rng, 3)) * 1'000'000ULL;
        out.AddLink(topo.GetLinkEnds(l).a, topo.GetLinkEnds(l).b, p);
    }
    return out;
}

LinkId
LinkBetween(const Topology& topo, const std::string& a, const std::string& b)
{
    return topo.FindLink(*topo.FindNode(a), *topo.FindNode(b)).value();
}

} // namespace

TEST(TopoRouting, FatTreeK4MatchesBruteForce)
{
    ExpectMatchesBruteForce(MakeTopology("fattree:k=4"), RoutingOptions());
}

TEST(TopoRouting, FatTreeK4OversubscribedMatchesBruteForce)
{
    ExpectMatchesBruteForce(MakeTopology("fattree:k=4,oversub=2"), RoutingOptions());
}

TEST(TopoRouting, LeafSpineMatchesBruteForce)
{
    ExpectMatchesBruteForce(MakeTopology("leafspine:leaves=5,spines=3,hosts=2"), RoutingOptions());
}

TEST(TopoRouting, DragonflyMatchesBruteForce)
{
    ExpectMatchesBruteForce(MakeTopology("dragonfly:a=4,p=2,h=2"), RoutingOptions());
}

TEST(TopoRouting, JellyfishMatchesBruteForce)
{
    ExpectMatchesBruteForce(MakeTopology("jellyfish:switches=16,ports=6,hosts=2,seed=3"),
                            RoutingOptions());
}

TEST(TopoRouting, DelayMetricMatchesBruteForce)
{
    RoutingOptions delay;
    delay.metric = RoutingMetric::Delay;
    for (std::uint64_t seed : {1, 2, 3})
    {
        ExpectMatchesBruteForce(WithRandomDelays(MakeTopology("fattree:k=4"), seed), delay);
        ExpectMatchesBruteForce(WithRandomDelays(MakeTopology("dragonfly:a=3,p=1,h=1"), seed),
                                delay);
    }
}

TEST(TopoRouting, DelayMetricAvoidsSlowSpine)
{
    // Two leaves, three spines; spine0's links are slower. Hops: 3 next hops; delay: 2.
    Topology t;
    const NodeId h0 = t.AddNode(NodeRole::Host, "h0");
    const NodeId h1 = t.AddNode(NodeRole::Host, "h1");
    const NodeId l0 = t.AddNode(NodeRole::Tor, "l0");
    const NodeId l1 = t.AddNode(NodeRole::Tor, "l1");
    LinkProps fast;
    fast.rateBps = 100'000'000'000ULL;
    fast.delayPs = 1'000'000;
    LinkProps slow = fast;
    slow.delayPs = 3'000'000;
    t.AddLink(h0, l0, fast);
    t.AddLink(h1, l1, fast);
    for (int s = 0; s < 3; ++s)
    {
        const NodeId spine = t.AddNode(NodeRole::Core, "s" + std::to_string(s));
        t.AddLink(l0, spine, s == 0 ? slow : fast);
        t.AddLink(l1, spine, s == 0 ? slow : fast);
    }
    ASSERT_NO_THROW(Validate(t));
    RoutingOptions delay;
    delay.metric = RoutingMetric::Delay;
    EXPECT_EQ(EcmpRoutes(t).NextHops(l0, h1).ToVector(), (std::vector<PortIndex>{1, 2, 3}));
    EXPECT_EQ(EcmpRoutes(t, delay).NextHops(l0, h1).ToVector(), (std::vector<PortIndex>{2, 3}));
}

TEST(TopoRouting, FailedLinkIsAvoided)
{
    const Topology topo = MakeTopology("fattree:k=4");
    RoutingOptions options;
    const LinkId cut = LinkBetween(topo, "tor0", "agg0");
    options.downLinks = {cut, LinkBetween(topo, "agg2", "core0")};
    ExpectMatchesBruteForce(topo, options);

    const EcmpRoutes routes(topo, options);
    const NodeId tor0 = *topo.FindNode("tor0");
    const PortIndex deadPort = topo.GetLinkEnds(cut).portA;
    for (std::size_t t = 0; t < routes.NumTors(); ++t)
    {
        for (PortIndex p : routes.NextHopsToTor(tor0, t))
        {
            EXPECT_NE(p, deadPort);
        }
    }
    // tor0 -> tor2 (another pod) had 4 paths; with tor0-agg0 down only agg1 remains.
    const NodeId host4 = topo.GetHost(4);
    EXPECT_EQ(routes.NextHops(tor0, host4).size(), 1u);
    EXPECT_EQ(routes.NumUnreachable(), 0u);
    EXPECT_TRUE(routes.GetUnreachableTorPairs().empty());
}

TEST(TopoRouting, IsolatedTorAndHostAreReported)
{
    const Topology topo = MakeTopology("fattree:k=4");
    RoutingOptions options;
    options.downLinks = {LinkBetween(topo, "tor0", "agg0"),
                         LinkBetween(topo, "tor0", "agg1"),
                         LinkBetween(topo, "host4", "tor2")};
    ExpectMatchesBruteForce(topo, options);
    const EcmpRoutes routes(topo, options);
    const NodeId tor0 = *topo.FindNode("tor0");
    const NodeId tor2 = *topo.FindNode("tor2");
    // 19 other switches cannot reach tor0, and tor0 reaches none of the 7 other ToRs.
    EXPECT_EQ(routes.NumUnreachable(), 19u + 7u);
    EXPECT_EQ(routes.GetUnreachableTorPairs().size(), 14u);
    EXPECT_EQ(routes.GetUnreachableHosts(), std::vector<NodeId>{topo.GetHost(4)});
    EXPECT_TRUE(routes.NextHops(tor2, topo.GetHost(0)).empty());
    EXPECT_TRUE(routes.NextHops(tor2, topo.GetHost(4)).empty());
    EXPECT_EQ(routes.NextHops(tor2, topo.GetHost(5)).size(), 1u);
    EXPECT_TRUE(routes.NextHops(topo.GetHost(4), topo.GetHost(5)).empty());
    EXPECT_TRUE(routes.NextHops(tor0, topo.GetHost(6)).empty());
    EXPECT_EQ(routes.NextHops(tor0, topo.GetHost(1)).ToVector(), std::vector<PortIndex>{1});
}

TEST(TopoRouting, MultiHomedHostIsRejected)
{
    // Two switches joined only through a host would need the host as transit: not allowed, and
    // Validate() rejects the multi-homed host; without the host path the fabric is cut.
    Topology t;
    const NodeId a = t.AddNode(NodeRole::Tor, "a");
    const NodeId b = t.AddNode(NodeRole::Tor, "b");
    const NodeId ha = t.AddNode(NodeRole::Host, "ha");
    const NodeId hb = t.AddNode(NodeRole::Host, "hb");
    LinkProps p;
    p.rateBps = 1'000'000'000ULL;
    p.delayPs = 1000;
    t.AddLink(ha, a, p);
    t.AddLink(hb, b, p);
    t.AddLink(ha, b, p);
    EXPECT_THROW(Validate(t), TopoError);
    EXPECT_THROW(EcmpRoutes{t}, TopoError);
}

TEST(TopoRouting, LookupsAndErrors)
{
    const Topology topo = MakeTopology("leafspine:leaves=2,spines=2,hosts=2");
    const EcmpRoutes routes(topo);
    EXPECT_EQ(routes.NumTors(), 2u);
    const NodeId h0 = topo.GetHost(0);
    const NodeId h3 = topo.GetHost(3);
    EXPECT_EQ(routes.NextHops(h0, h3).ToVector(), std::vector<PortIndex>{0});
    EXPECT_TRUE(routes.NextHops(h0, h0).empty());
    const NodeId leaf0 = *topo.FindNode("leaf0");
    EXPECT_EQ(routes.NextHops(leaf0, h3).ToVector(), (std::vector<PortIndex>{2, 3}));
    EXPECT_THROW(routes.NextHops(leaf0, leaf0), std::invalid_argument);
    EXPECT_THROW(routes.NextHops(999, h0), std::out_of_range);
    EXPECT_THROW(routes.GetTorIndex(*topo.FindNode("spine0")), std::invalid_argument);
    RoutingOptions bad;
    bad.downLinks = {12345};
    EXPECT_THROW(EcmpRoutes(topo, bad), TopoError);
}

TEST(TopoRouting, TablesAreCompact)
{
    const Topology topo = MakeTopology("fattree:k=16");
    const EcmpRoutes routes(topo);
    EXPECT_EQ(routes.NumTors(), 128u);
    // Interned sets: a ToR has its uplink set, an agg its up set plus one port per local ToR,
    // a core one port per pod. Far fewer than switches x ToRs.
    EXPECT_LT(routes.NumPortSets(), 400u);
    EXPECT_LT(routes.MemoryBytes(), topo.NumSwitches() * routes.NumTors() * 4 + 200'000);
}

TEST(TopoRouting, PortNumberingFollowsOutEdgesAndLinkOrder)
{
    const Topology topo = MakeTopology("dragonfly:a=3,p=2,h=1");
    const TopoGraph& g = topo.GetGraph();
    for (NodeId v = 0; v < topo.NumNodes(); ++v)
    {
        PortIndex p = 0;
        LinkId last = 0;
        for (auto [it, end] = boost::out_edges(v, g); it != end; ++it, ++p)
        {
            const Port port = topo.GetPort(v, p);
            EXPECT_EQ(port.peer, boost::target(*it, g));
            EXPECT_EQ(port.link, g[*it].id);
            if (p > 0)
            {
                EXPECT_GT(port.link, last);
            }
            last = port.link;
            const Port back = topo.GetPort(port.peer, port.peerPort);
            EXPECT_EQ(back.peer, v);
            EXPECT_EQ(back.link, port.link);
        }
        EXPECT_EQ(p, topo.NumPorts(v));
    }
}

TEST(TopoRouting, PathCountsMatchBruteForce)
{
    for (const char* spec : {"fattree:k=4",
                             "dragonfly:a=4,p=1,h=2",
                             "leafspine:leaves=3,spines=4,hosts=1",
                             "jellyfish:switches=12,ports=5,hosts=1,seed=9"})
    {
        const Topology topo = MakeTopology(spec);
        const EcmpRoutes routes(topo);
        BruteForce brute(topo, RoutingMetric::HopCount, {});
        for (std::size_t t = 0; t < routes.NumTors(); ++t)
        {
            const NodeId dst = routes.GetTor(t);
            const std::vector<std::uint64_t> counts = EqualCostPathCounts(topo, dst);
            for (std::size_t s = 0; s < routes.NumTors(); ++s)
            {
                const NodeId src = routes.GetTor(s);
                if (src == dst)
                {
                    continue;
                }
                std::uint64_t expected = 0;
                brute.FirstHops(src, dst, &expected);
                ASSERT_EQ(counts[src], expected) << spec << " " << src << " -> " << dst;
            }
        }
    }
}
