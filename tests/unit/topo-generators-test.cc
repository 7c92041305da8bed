// Generators: textbook counts, degrees, rates, determinism, and the generator-string parser.
#include "ndksim/topo/generators.h"
#include "ndksim/topo/topo-error.h"
#include "ndksim/topo/validate.h"

#include <gtest/gtest.h>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

using namespace ndksim::topo;

namespace
{

std::size_t
CountRole(const Topology& topo, NodeRole role)
{
    std::size_t n = 0;
    for (NodeId v = 0; v < topo.NumNodes(); ++v)
    {
        n += topo.GetRole(v) == role ? 1 : 0;
    }
    return n;
}

/// Link list as (a, b) name pairs, for comparing two graphs.
std::vector<std::pair<std::string, std::string>>
LinkNames(const Topology& topo)
{
    std::vector<std::pair<std::string, std::string>> out;
    for (LinkId l = 0; l < topo.NumLinks(); ++l)
    {
        const LinkEnds& e = topo.GetLinkEnds(l);
        out.emplace_back(topo.GetName(e.a), topo.GetName(e.b));
    }
    return out;
}

std::string
SpecError(const std::string& spec)
{
    try
    {
        MakeTopology(spec);
    }
    catch (const TopoError& e)
    {
        return e.what();
    }
    return "";
}

} // namespace

class FatTreeCounts : public ::testing::TestWithParam<std::uint32_t>
{
};

TEST_P(FatTreeCounts, MatchTextbookFormulas)
{
    const std::uint32_t k = GetParam();
    FatTreeParams p;
    p.k = k;
    const Topology topo = MakeFatTree(p);
    EXPECT_NO_THROW(Validate(topo));
    EXPECT_EQ(topo.NumHosts(), k * k * k / 4);
    EXPECT_EQ(topo.NumSwitches(), 5 * k * k / 4);
    EXPECT_EQ(topo.NumLinks(), 3 * k * k * k / 4);
    EXPECT_EQ(CountRole(topo, NodeRole::Tor), k * k / 2);
    EXPECT_EQ(CountRole(topo, NodeRole::Agg), k * k / 2);
    EXPECT_EQ(CountRole(topo, NodeRole::Core), k * k / 4);
    for (NodeId v = 0; v < topo.NumNodes(); ++v)
    {
        const bool host = topo.GetRole(v) == NodeRole::Host;
        EXPECT_EQ(topo.NumPorts(v), host ? 1u : k) << topo.GetName(v);
    }
    for (LinkId l = 0; l < topo.NumLinks(); ++l)
    {
        const LinkEnds& e = topo.GetLinkEnds(l);
        const bool hostLink = topo.GetRole(e.a) == NodeRole::Host;
        EXPECT_EQ(topo.GetLink(l).rateBps, hostLink ? 100'000'000'000ULL : 400'000'000'000ULL);
        EXPECT_EQ(topo.GetLink(l).delayPs, 1'000'000ULL);
    }
    // Host i is node i and sits below ToR i / (k/2), on ToR port i % (k/2).
    for (std::size_t i = 0; i < topo.NumHosts(); ++i)
    {
        EXPECT_EQ(topo.GetHost(i), i);
        const HostAttachment att = topo.GetAttachment(topo.GetHost(i));
        EXPECT_EQ(topo.GetName(att.tor), "tor" + std::to_string(i / (k / 2)));
        EXPECT_EQ(att.torPort, i % (k / 2));
    }
    // Every core links to every pod exactly once.
    for (NodeId v = 0; v < topo.NumNodes(); ++v)
    {
        if (topo.GetRole(v) != NodeRole::Core)
        {
            continue;
        }
        std::set<NodeId> pods;
        for (PortIndex p = 0; p < topo.NumPorts(v); ++p)
        {
            const NodeId agg = topo.GetPort(v, p).peer;
            EXPECT_EQ(topo.GetRole(agg), NodeRole::Agg);
            pods.insert((agg - (topo.NumHosts() + k * k / 2)) / (k / 2));
        }
        EXPECT_EQ(pods.size(), k);
    }
}

INSTANTIATE_TEST_SUITE_P(TopoGenerators, FatTreeCounts, ::testing::Values(4u, 8u, 16u));

TEST(TopoGenerators, FatTreeOversubscriptionAndRates)
{
    const Topology topo =
        MakeTopology("fattree:k=8,oversub=2,host_rate=25Gbps,fabric_rate=100G,delay=0.5us");
    EXPECT_EQ(topo.NumHosts(), 8u * 4u * 8u); // 8 hosts on each of 32 ToRs
    EXPECT_EQ(topo.NumSwitches(), 80u);
    for (NodeId v = 0; v < topo.NumNodes(); ++v)
    {
        if (topo.GetRole(v) == NodeRole::Tor)
        {
            EXPECT_EQ(topo.NumPorts(v), 12u); // 8 hosts + 4 uplinks
            for (PortIndex p = 0; p < 12; ++p)
            {
                const LinkProps& link = topo.GetLink(topo.GetPort(v, p).link);
                // Host ports come first, then the uplinks.
                EXPECT_EQ(link.rateBps, p < 8 ? 25'000'000'000ULL : 100'000'000'000ULL);
                EXPECT_EQ(link.delayPs, 500'000ULL);
            }
        }
    }
    EXPECT_NE(SpecError("fattree:k=8,oversub=1.3").find("whole number"), std::string::npos);
    EXPECT_NE(SpecError("fattree:k=4,oversub=0.5").find("oversub=0.5 must be between 1"),
              std::string::npos);
}

TEST(TopoGenerators, FatTreeRejectsBadK)
{
    EXPECT_NE(SpecError("fattree:k=5").find("k=5 is odd"), std::string::npos);
    EXPECT_NE(SpecError("fattree:k=50").find("k=50 must be between 4 and 48"), std::string::npos);
    EXPECT_NE(SpecError("fattree:k=2").find("between 4 and 48"), std::string::npos);
}

TEST(TopoGenerators, LeafSpineCountsAndDegrees)
{
    const Topology topo = MakeTopology("leafspine:leaves=6,spines=3,hosts=10");
    EXPECT_NO_THROW(Validate(topo));
    EXPECT_EQ(topo.NumHosts(), 60u);
    EXPECT_EQ(CountRole(topo, NodeRole::Tor), 6u);
    EXPECT_EQ(CountRole(topo, NodeRole::Core), 3u);
    EXPECT_EQ(topo.NumLinks(), 60u + 18u);
    for (NodeId v = 0; v < topo.NumNodes(); ++v)
    {
        const NodeRole r = topo.GetRole(v);
        const std::size_t expected = r == NodeRole::Host ? 1 : r == NodeRole::Tor ? 13 : 6;
        EXPECT_EQ(topo.NumPorts(v), expected) << topo.GetName(v);
    }
}

TEST(TopoGenerators, DragonflyCountsDegreesAndGlobalLinks)
{
    DragonflyParams p;
    p.a = 4;
    p.p = 2;
    p.h = 2;
    const Topology topo = MakeDragonfly(p);
    EXPECT_NO_THROW(Validate(topo));
    const std::size_t groups = 9;
    EXPECT_EQ(topo.NumSwitches(), groups * 4);
    EXPECT_EQ(topo.NumHosts(), groups * 4 * 2);
    EXPECT_EQ(topo.NumLinks(), 72u + groups * 6 + groups * (groups - 1) / 2);
    const NodeId base = static_cast<NodeId>(topo.NumHosts());
    std::set<std::pair<std::size_t, std::size_t>> groupPairs;
    for (LinkId l = 0; l < topo.NumLinks(); ++l)
    {
        const LinkEnds& e = topo.GetLinkEnds(l);
        if (topo.GetRole(e.a) == NodeRole::Host)
        {
            continue;
        }
        const std::size_t ga = (e.a - base) / 4;
        const std::size_t gb = (e.b - base) / 4;
        if (ga != gb)
        {
            // Exactly one global link per pair of groups.
            EXPECT_TRUE(groupPairs.insert({std::min(ga, gb), std::max(ga, gb)}).second);
        }
    }
    EXPECT_EQ(groupPairs.size(), groups * (groups - 1) / 2);
    for (NodeId v = base; v < topo.NumNodes(); ++v)
    {
        EXPECT_EQ(topo.NumPorts(v), 2u + 3u + 2u) << topo.GetName(v);
    }
}

TEST(TopoGenerators, JellyfishIsRegularConnectedAndSeeded)
{
    const Topology a = MakeTopology("jellyfish:switches=20,ports=8,hosts=4,seed=1");
    const Topology b = MakeTopology("jellyfish:switches=20,ports=8,hosts=4,seed=1");
    const Topology c = MakeTopology("jellyfish:switches=20,ports=8,hosts=4,seed=2");
    EXPECT_NO_THROW(Validate(a));
    EXPECT_EQ(a.NumHosts(), 80u);
    EXPECT_EQ(a.NumSwitches(), 20u);
    EXPECT_EQ(a.NumLinks(), 80u + 20u * 4u / 2u);
    for (NodeId v = 80; v < a.NumNodes(); ++v)
    {
        EXPECT_EQ(a.NumPorts(v), 8u);
    }
    EXPECT_EQ(LinkNames(a), LinkNames(b));
    EXPECT_NE(LinkNames(a), LinkNames(c));
}

TEST(TopoGenerators, JellyfishHardCasesStayExact)
{
    // r = n-1 admits only the complete graph; r = 2 needs a single cycle (retries).
    for (const auto& [n, ports, hosts] :
         std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>>{{10, 10, 1},
                                                                              {30, 3, 1},
                                                                              {7, 6, 2},
                                                                              {64, 17, 1}})
    {
        for (std::uint64_t seed = 1; seed <= 5; ++seed)
        {
            JellyfishParams p;
            p.switches = n;
            p.ports = ports;
            p.hostsPerSwitch = hosts;
            std::mt19937_64 rng(seed);
            const Topology topo = MakeJellyfish(p, rng);
            EXPECT_NO_THROW(Validate(topo)) << n << " " << ports << " seed " << seed;
            for (NodeId v = static_cast<NodeId>(topo.NumHosts()); v < topo.NumNodes(); ++v)
            {
                EXPECT_EQ(topo.NumPorts(v), ports);
            }
        }
    }
    EXPECT_NE(SpecError("jellyfish:switches=5,ports=4,hosts=1").find("must be even"),
              std::string::npos);
    EXPECT_NE(SpecError("jellyfish:switches=20,ports=5,hosts=4").find("cannot connect"),
              std::string::npos);
}

TEST(TopoGenerators, UniformBelowIsDeterministicAndInRange)
{
    std::mt19937_64 a(7);
    std::mt19937_64 b(7);
    std::vector<int> hits(6, 0);
    for (int i = 0; i < 6000; ++i)
    {
        const std::uint64_t x = UniformBelow(a, 6);
        ASSERT_LT(x, 6u);
        EXPECT_EQ(x, UniformBelow(b, 6));
        ++hits[x];
    }
    for (int h : hits)
    {
        EXPECT_GT(h, 800);
    }
}

TEST(TopoGenerators, SpecParserAppliesKeys)
{
    const Topology t = MakeTopology("leafspine: leaves=2, spines=4, hosts=3, delay=2us, "
                                    "host_delay=1000ns");
    EXPECT_EQ(t.NumHosts(), 6u);
    EXPECT_EQ(t.NumSwitches(), 6u);
    for (LinkId l = 0; l < t.NumLinks(); ++l)
    {
        const bool hostLink = t.GetRole(t.GetLinkEnds(l).a) == NodeRole::Host;
        // host_delay overrides delay even though delay comes first.
        EXPECT_EQ(t.GetLink(l).delayPs, hostLink ? 1'000'000ULL : 2'000'000ULL);
    }
    const Topology d = MakeTopology("dragonfly:a=2,p=1,h=1,global_rate=200Gbps");
    EXPECT_EQ(d.NumSwitches(), 6u);
    EXPECT_EQ(MakeTopology("fattree").NumHosts(), 16u);
    EXPECT_TRUE(IsGeneratorSpec("fattree:k=8"));
    EXPECT_FALSE(IsGeneratorSpec("fat.txt"));
}

TEST(TopoGenerators, SpecParserErrorsNameTheProblem)
{
    EXPECT_NE(SpecError("torus:n=4").find("unknown generator 'torus'"), std::string::npos);
    const std::string unknownKey = SpecError("fattree:k=4,kk=3");
    EXPECT_NE(unknownKey.find("unknown key 'kk'"), std::string::npos);
    EXPECT_NE(unknownKey.find("oversub"), std::string::npos); // lists the known keys
    EXPECT_NE(SpecError("fattree:k=abc").find("key 'k': bad value 'abc': expected a whole"),
              std::string::npos);
    EXPECT_NE(SpecError("fattree:k=4,host_rate=fast").find("key 'host_rate': bad rate 'fast'"),
              std::string::npos);
    EXPECT_NE(SpecError("fattree:k=4,delay=1").find("key 'delay': bad delay '1': missing unit"),
              std::string::npos);
    EXPECT_NE(SpecError("fattree:k=4,k=8").find("key 'k' given twice"), std::string::npos);
    EXPECT_NE(SpecError("fattree:k").find("'k' is not key=value"), std::string::npos);
    EXPECT_NE(SpecError("leafspine:leaves=0").find("leaves=0 must be between"), std::string::npos);
}
