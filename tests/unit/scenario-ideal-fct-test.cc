// Ideal FCT and the PathFinder of the recorder: paths through generated fabrics, per-ToR
// distance tables, and the closed-form ideal time against a hand computation.
#include "ndksim/recorder/ideal-fct.h"
#include "ndksim/topo/topo-module.h"

#include "ns3/roce-wire-size.h"

#include <gtest/gtest.h>

namespace
{

using ndksim::recorder::Hop;
using ndksim::recorder::IdealFctPs;
using ndksim::recorder::PathFinder;

TEST(IdealFct, PathsInAFatTreeHaveTheRightLengthAndLinks)
{
    // k=4: hosts 0,1 share a ToR; 0,2 share a pod; 0,15 cross the core.
    const ndksim::topo::Topology topo = ndksim::topo::LoadTopology(
        "fattree:k=4,host_rate=25Gbps,fabric_rate=100Gbps,host_delay=1us,fabric_delay=2us");
    PathFinder paths(topo);
    const auto h = [&](std::size_t i) { return topo.GetHost(i); };
    const std::vector<Hop> sameTor = paths.GetPath(h(0), h(1));
    ASSERT_EQ(sameTor.size(), 2u);
    for (const Hop& hop : sameTor)
    {
        EXPECT_EQ(hop.rateBps, 25000000000u);
        EXPECT_EQ(hop.delayPs, 1000000u);
    }
    const std::vector<Hop> samePod = paths.GetPath(h(0), h(2));
    ASSERT_EQ(samePod.size(), 4u);
    EXPECT_EQ(samePod[1].rateBps, 100000000000u);
    EXPECT_EQ(samePod[1].delayPs, 2000000u);
    EXPECT_EQ(samePod[3].rateBps, 25000000000u);
    const std::vector<Hop> core = paths.GetPath(h(0), h(15));
    ASSERT_EQ(core.size(), 6u);
    EXPECT_EQ(core.front().delayPs, 1000000u);
    EXPECT_EQ(core.back().delayPs, 1000000u);
    for (std::size_t i = 1; i + 1 < core.size(); ++i)
    {
        EXPECT_EQ(core[i].rateBps, 100000000000u) << "hop " << i;
    }
    EXPECT_TRUE(paths.GetPath(h(3), h(3)).empty());
    // Both hosts behind one ToR share its table: reversed paths have the same length.
    EXPECT_EQ(paths.GetPath(h(1), h(0)).size(), 2u);
    EXPECT_EQ(paths.GetPath(h(15), h(0)).size(), 6u);
}

TEST(IdealFct, LeafSpinePathsCrossOneSpine)
{
    const ndksim::topo::Topology topo =
        ndksim::topo::LoadTopology("leafspine:leaves=4,spines=2,hosts=3");
    PathFinder paths(topo);
    EXPECT_EQ(paths.GetPath(topo.GetHost(0), topo.GetHost(11)).size(), 4u);
    EXPECT_EQ(paths.GetPath(topo.GetHost(0), topo.GetHost(2)).size(), 2u);
}

TEST(IdealFct, OnePacketOverOneLinkIsItsSerializationAndTheAck)
{
    // 1000 B over a 100 Gb/s, 1 us cable: data w(p) and ACK each cross once.
    const uint64_t w = ns3::RoceWireSize::WireBytes(ns3::RoceOpcode::RDMA_WRITE_FIRST, 1000, false);
    const uint64_t a = ns3::RoceWireSize::WireBytes(ns3::RoceOpcode::ACKNOWLEDGE, 0, false);
    const std::vector<Hop> path{Hop{100000000000u, 1000000u}};
    // 8 bits per byte at 100 Gb/s is 80 ps per byte.
    EXPECT_EQ(IdealFctPs(1000, 1024, 1 << 20, path), static_cast<int64_t>(2000000 + 80 * (w + a)));
    // Two hops: the packet is stored and forwarded, so its serialization counts twice.
    const std::vector<Hop> two{path[0], path[0]};
    EXPECT_EQ(IdealFctPs(1000, 1024, 1 << 20, two), static_cast<int64_t>(4000000 + 160 * (w + a)));
}

TEST(IdealFct, ManyPacketsStreamAtTheBottleneck)
{
    // 10 full packets: the 9 behind the first stream at the slowest hop.
    const std::vector<Hop> path{Hop{100000000000u, 0}, Hop{25000000000u, 0}};
    const uint64_t first =
        ns3::RoceWireSize::WireBytes(ns3::RoceOpcode::RDMA_WRITE_FIRST, 1024, false);
    const uint64_t middle =
        ns3::RoceWireSize::WireBytes(ns3::RoceOpcode::RDMA_WRITE_MIDDLE, 1024, false);
    const uint64_t ack = ns3::RoceWireSize::WireBytes(ns3::RoceOpcode::ACKNOWLEDGE, 0, false);
    const int64_t expected =
        static_cast<int64_t>(80 * first + 320 * first + 9 * 320 * middle + 80 * ack + 320 * ack);
    EXPECT_EQ(IdealFctPs(10 * 1024, 1024, 1 << 20, path), expected);
}

} // namespace
