// Statistics: diameter, bisection (max-flow vs the analytic figure), path counts.
#include "ndksim/topo/generators.h"
#include "ndksim/topo/topo-io.h"
#include "ndksim/topo/topo-stats.h"

#include <gtest/gtest.h>
#include <string>

using namespace ndksim::topo;

TEST(TopoStats, FatTreeFigures)
{
    const Topology topo = MakeTopology("fattree:k=8");
    const TopoStats st = ComputeStats(topo);
    EXPECT_EQ(st.hosts, 128u);
    EXPECT_EQ(st.switches, 80u);
    EXPECT_EQ(st.tors, 32u);
    EXPECT_EQ(st.diameterHops, 6u);
    ASSERT_EQ(st.roles.size(), 4u);
    EXPECT_EQ(st.roles[1].role, NodeRole::Tor);
    EXPECT_EQ(st.roles[1].minPorts, 8u);
    ASSERT_EQ(st.linkClasses.size(), 3u);
    EXPECT_EQ(st.linkClasses[0].links, 128u); // host-tor
    EXPECT_EQ(st.linkClasses[2].roleA, NodeRole::Agg);
    EXPECT_EQ(st.linkClasses[2].roleB, NodeRole::Core);
    EXPECT_EQ(st.linkClasses[2].maxRateBps, 400'000'000'000ULL);
    // Same pod: k/2 paths; other pods: (k/2)^2.
    EXPECT_EQ(st.ecmpPaths.min, 4u);
    EXPECT_EQ(st.ecmpPaths.max, 16u);
    EXPECT_EQ(st.ecmpPaths.pairs, 32u * 31u);
    EXPECT_NEAR(st.ecmpPaths.mean, (3.0 * 4 + 28.0 * 16) / 31.0, 1e-9);
    // Full bisection: half the hosts at 100 Gbps.
    EXPECT_EQ(st.bisectionMinCutBps, 64u * 100'000'000'000ULL);
    EXPECT_EQ(st.bisectionAnalyticBps, st.bisectionMinCutBps);
}

TEST(TopoStats, MinCutAgreesWithAnalyticBisection)
{
    for (const char* spec : {"fattree:k=4",
                             "fattree:k=6,oversub=3,fabric_rate=100Gbps",
                             "fattree:k=4,oversub=4",
                             "fattree:k=8,host_rate=400Gbps,fabric_rate=100Gbps",
                             "leafspine:leaves=4,spines=2,hosts=8",
                             "leafspine:leaves=6,spines=3,hosts=4,fabric_rate=100Gbps"})
    {
        const Topology topo = MakeTopology(spec);
        ASSERT_TRUE(topo.GetAnalyticBisection().has_value()) << spec;
        EXPECT_EQ(BisectionMinCut(topo), *topo.GetAnalyticBisection()) << spec;
    }
    // An oversubscribed fat-tree is limited by its uplinks, not its hosts.
    const Topology over = MakeTopology("fattree:k=4,oversub=4,fabric_rate=100Gbps");
    EXPECT_EQ(BisectionMinCut(over), 4u * 2u * 100'000'000'000ULL);
    EXPECT_FALSE(MakeTopology("leafspine:leaves=3").GetAnalyticBisection().has_value());
}

TEST(TopoStats, LeafSpineAndDragonfly)
{
    const TopoStats ls = ComputeStats(MakeTopology("leafspine:leaves=4,spines=3,hosts=2"));
    EXPECT_EQ(ls.diameterHops, 4u);
    EXPECT_EQ(ls.ecmpPaths.min, 3u);
    EXPECT_EQ(ls.ecmpPaths.max, 3u);

    // Minimal dragonfly routes are at most local-global-local: 3 router hops + 2 host links.
    const TopoStats df = ComputeStats(MakeTopology("dragonfly:a=4,p=2,h=2"));
    EXPECT_EQ(df.diameterHops, 5u);
    EXPECT_EQ(df.ecmpPaths.min, 1u);
    EXPECT_EQ(df.tors, 36u);
}

TEST(TopoStats, SingleSwitch)
{
    const TopoStats st =
        ComputeStats(ReadTopologyFile(std::string(NDKSIM_SHARED_DIR) + "/data/hpcc/topo_a.txt"));
    EXPECT_EQ(st.diameterHops, 2u);
    EXPECT_EQ(st.ecmpPaths.pairs, 0u);
    EXPECT_EQ(st.bisectionMinCutBps, 100'000'000'000ULL);
}
