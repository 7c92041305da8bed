// Readers, writers and validation errors.
#include "ndksim/topo/generators.h"
#include "ndksim/topo/topo-error.h"
#include "ndksim/topo/topo-io.h"
#include "ndksim/topo/validate.h"

#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>

using namespace ndksim::topo;

namespace
{

const std::string g_data = std::string(NDKSIM_SOURCE_DIR) + "/tests/data/topo/";
const std::string g_hpcc = std::string(NDKSIM_SHARED_DIR) + "/data/hpcc/";

/// The error a file produces ("" if it loads).
std::string
LoadError(const std::string& path, const ValidateOptions& options = ValidateOptions())
{
    try
    {
        ReadTopologyFile(path, options);
    }
    catch (const TopoError& e)
    {
        return e.what();
    }
    return "";
}

/// Node-by-node and link-by-link equality, ids and port numbers included.
void
ExpectSameTopology(const Topology& a, const Topology& b)
{
    ASSERT_EQ(a.NumNodes(), b.NumNodes());
    ASSERT_EQ(a.NumLinks(), b.NumLinks());
    ASSERT_EQ(a.GetHosts(), b.GetHosts());
    for (NodeId v = 0; v < a.NumNodes(); ++v)
    {
        EXPECT_EQ(a.GetName(v), b.GetName(v));
        EXPECT_EQ(a.GetRole(v), b.GetRole(v));
        EXPECT_EQ(a.NumPorts(v), b.NumPorts(v));
    }
    for (LinkId l = 0; l < a.NumLinks(); ++l)
    {
        const LinkEnds& ea = a.GetLinkEnds(l);
        const LinkEnds& eb = b.GetLinkEnds(l);
        EXPECT_EQ(ea.a, eb.a);
        EXPECT_EQ(ea.b, eb.b);
        EXPECT_EQ(ea.portA, eb.portA);
        EXPECT_EQ(ea.portB, eb.portB);
        EXPECT_EQ(a.GetLink(l).rateBps, b.GetLink(l).rateBps);
        EXPECT_EQ(a.GetLink(l).delayPs, b.GetLink(l).delayPs);
        EXPECT_EQ(a.GetLink(l).errorRate, b.GetLink(l).errorRate);
        EXPECT_EQ(a.GetLink(l).name, b.GetLink(l).name);
    }
}

/// A fabric with every attribute in use: mixed rates, odd delays, error rates, link names.
Topology
Decorated()
{
    const Topology base = MakeTopology("dragonfly:a=3,p=2,h=1,global_rate=200Gbps,"
                                       "global_delay=1.5us");
    Topology t;
    for (NodeId v = 0; v < base.NumNodes(); ++v)
    {
        t.AddNode(base.GetRole(v), base.GetName(v));
    }
    for (LinkId l = 0; l < base.NumLinks(); ++l)
    {
        LinkProps p = base.GetLink(l);
        if (l % 5 == 0)
        {
            p.errorRate = 1.0 / 3.0 * 1e-4;
            p.name = "link \"" + std::to_string(l) + "\" <&>";
        }
        t.AddLink(base.GetLinkEnds(l).a, base.GetLinkEnds(l).b, p);
    }
    return t;
}

} // namespace

TEST(TopoIo, HpccFatTreeLoads)
{
    const Topology t = ReadTopologyFile(g_hpcc + "fat.txt");
    EXPECT_EQ(t.NumHosts(), 320u);
    EXPECT_EQ(t.NumSwitches(), 56u);
    EXPECT_EQ(t.NumLinks(), 480u);
    std::size_t tor = 0, agg = 0, core = 0;
    for (NodeId v = 0; v < t.NumNodes(); ++v)
    {
        tor += t.GetRole(v) == NodeRole::Tor;
        agg += t.GetRole(v) == NodeRole::Agg;
        core += t.GetRole(v) == NodeRole::Core;
    }
    EXPECT_EQ(tor, 20u);
    EXPECT_EQ(agg, 20u);
    EXPECT_EQ(core, 16u);
    for (LinkId l = 0; l < t.NumLinks(); ++l)
    {
        const bool hostLink = t.GetRole(t.GetLinkEnds(l).a) == NodeRole::Host ||
                              t.GetRole(t.GetLinkEnds(l).b) == NodeRole::Host;
        EXPECT_EQ(t.GetLink(l).rateBps, hostLink ? 100'000'000'000ULL : 400'000'000'000ULL);
        EXPECT_EQ(t.GetLink(l).delayPs, 1'000'000ULL); // 1000ns
        EXPECT_EQ(t.GetLink(l).errorRate, 0.0);
    }
    // Ids are the file's ids: hosts 0..319, host i is node i, and 0 hangs off switch 320.
    EXPECT_EQ(t.GetHost(17), 17u);
    EXPECT_EQ(t.GetName(320), "320");
    EXPECT_EQ(t.GetAttachment(0).tor, 320u);
}

TEST(TopoIo, HpccSmallTopologyLoads)
{
    const Topology t = ReadTopologyFile(g_hpcc + "topo_a.txt");
    EXPECT_EQ(t.NumHosts(), 2u);
    EXPECT_EQ(t.NumSwitches(), 1u);
    EXPECT_EQ(t.GetRole(2), NodeRole::Tor);
    EXPECT_EQ(t.GetLink(0).delayPs, 1'000'000ULL); // 0.001ms
}

TEST(TopoIo, DotRoundTripIsExact)
{
    const Topology original = Decorated();
    std::stringstream dot;
    WriteDot(original, dot);
    ExpectSameTopology(original, ReadDot(dot, "memory.dot"));

    const Topology fat = ReadTopologyFile(g_hpcc + "fat.txt");
    const std::string path = ::testing::TempDir() + "/topo-io-fat.dot";
    WriteTopologyFile(fat, path);
    ExpectSameTopology(fat, ReadTopologyFile(path));
    std::remove(path.c_str());
}

TEST(TopoIo, GraphmlRoundTripIsExact)
{
    const Topology original = Decorated();
    std::stringstream xml;
    WriteGraphml(original, xml);
    ExpectSameTopology(original, ReadGraphml(xml, "memory.graphml"));

    const Topology fat = MakeTopology("fattree:k=8,oversub=2");
    const std::string path = ::testing::TempDir() + "/topo-io-fat.graphml";
    WriteTopologyFile(fat, path);
    ExpectSameTopology(fat, ReadTopologyFile(path));
    std::remove(path.c_str());
}

TEST(TopoIo, DotWithoutIndexLoads)
{
    const Topology t = ReadTopologyFile(g_data + "dot-small.dot");
    EXPECT_EQ(t.NumHosts(), 2u);
    EXPECT_EQ(t.NumSwitches(), 4u);
    EXPECT_EQ(t.NumLinks(), 6u);
    const NodeId h1 = *t.FindNode("h1");
    const NodeId leaf0 = *t.FindNode("leaf0");
    EXPECT_EQ(t.GetRole(leaf0), NodeRole::Tor);
    EXPECT_EQ(t.GetRole(*t.FindNode("spine1")), NodeRole::Core);
    const LinkProps& hostLink = t.GetLink(t.GetAttachment(h1).link);
    EXPECT_EQ(hostLink.rateBps, 25'000'000'000ULL);
    EXPECT_EQ(hostLink.delayPs, 500'000ULL);
    EXPECT_DOUBLE_EQ(hostLink.errorRate, 0.001);
    // Links keep file order, so leaf0's ports are h0, spine0, spine1.
    EXPECT_EQ(t.GetName(t.GetPort(leaf0, 0).peer), "h0");
    EXPECT_EQ(t.GetName(t.GetPort(leaf0, 2).peer), "spine1");
}

TEST(TopoIo, LoadTopologyTakesFilesAndGenerators)
{
    EXPECT_EQ(LoadTopology("fattree:k=4").NumHosts(), 16u);
    EXPECT_EQ(LoadTopology(g_hpcc + "topo_a.txt").NumHosts(), 2u);
    try
    {
        LoadTopology("nonsense");
        FAIL() << "no error";
    }
    catch (const TopoError& e)
    {
        EXPECT_NE(std::string(e.what()).find("neither a topology file"), std::string::npos);
    }
    EXPECT_NE(LoadError(g_data + "no-such-file.dot").find("no-such-file.dot: cannot open file"),
              std::string::npos);
    EXPECT_NE(LoadError(g_data + "x.csv").find("unknown file type"), std::string::npos);
    // Port limits apply to generated fabrics too.
    ValidateOptions small;
    small.maxPorts = 4;
    EXPECT_THROW(LoadTopology("fattree:k=8", small), TopoError);
}

struct BadFile
{
    const char* file;
    std::size_t line;    //!< expected line in the error, 0 if none
    const char* message; //!< expected part of the message
};

void
PrintTo(const BadFile& bad, std::ostream* os)
{
    *os << bad.file;
}

class TopoBadFiles : public ::testing::TestWithParam<BadFile>
{
};

TEST_P(TopoBadFiles, FailWithFileLineAndReason)
{
    const BadFile& bad = GetParam();
    const std::string path = g_data + bad.file;
    try
    {
        ReadTopologyFile(path);
        FAIL() << bad.file << " loaded";
    }
    catch (const TopoError& e)
    {
        EXPECT_EQ(e.GetFile(), path);
        EXPECT_EQ(e.GetLine(), bad.line) << e.what();
        EXPECT_NE(e.GetMessage().find(bad.message), std::string::npos) << e.what();
        const std::string prefix =
            bad.line ? path + ":" + std::to_string(bad.line) + ": " : path + ": ";
        EXPECT_EQ(std::string(e.what()).rfind(prefix, 0), 0u) << e.what();
    }
}

INSTANTIATE_TEST_SUITE_P(
    TopoIo,
    TopoBadFiles,
    ::testing::Values(
        BadFile{"hpcc-bad-rate.txt", 3, "bad rate '100Gbpx': unknown unit 'Gbpx'"},
        BadFile{"hpcc-self-loop.txt", 5, "self-loop at node 3"},
        BadFile{"hpcc-duplicate.txt", 6, "duplicate link 3 -- 2 (first on line 5)"},
        BadFile{"hpcc-bad-header.txt", 1, "expected 'NODES SWITCHES LINKS'"},
        BadFile{"hpcc-missing-link.txt", 0, "expected 3 links (line 1), found 2"},
        BadFile{"hpcc-zero-delay.txt", 3, "bad delay '0ns': must be positive"},
        BadFile{"hpcc-short-line.txt", 4, "expected 'a b rate delay error_rate', found 3 fields"},
        BadFile{"hpcc-bad-switch-id.txt", 2, "switch id 7 out of range"},
        BadFile{"hpcc-disconnected.txt", 0, "graph is not connected (2 components)"},
        BadFile{"hpcc-host-no-link.txt", 0, "host '2' has no link"},
        BadFile{"hpcc-multihomed.txt",
                0,
                "host '0' has 2 links; hosts must have exactly one link in this version"},
        BadFile{"dot-unknown-role.dot", 0, "node 's0': unknown role 'router2'"},
        BadFile{"dot-missing-rate.dot", 0, "link 'h0' -- 's0': missing rate attribute"},
        BadFile{"dot-zero-rate.dot", 0, "link 'h0' -- 's0': bad rate '0Gbps': must be positive"},
        BadFile{"dot-self-loop.dot", 0, "self-loop at node 's0'"},
        BadFile{"dot-duplicate.dot", 0, "duplicate link 's0' -- 's1'"},
        BadFile{"dot-host-no-link.dot", 0, "host 'lonely' has no link"},
        BadFile{"dot-syntax.dot", 0, "cannot read DOT"},
        BadFile{"dot-directed.dot", 0, "cannot read DOT"},
        BadFile{"graphml-missing-role.graphml", 0, "node 's0': missing role attribute"}));

TEST(TopoIo, TooManyPortsNamesSwitchAndLimit)
{
    ValidateOptions options;
    options.maxPorts = 16;
    const std::string error = LoadError(g_hpcc + "fat.txt", options);
    EXPECT_NE(error.find("fat.txt: switch '320' has 20 ports, more than the allowed 16"),
              std::string::npos)
        << error;
}

TEST(TopoIo, InlineDotErrors)
{
    auto dotError = [](const std::string& text) {
        std::istringstream in(text);
        try
        {
            ReadDot(in, "inline.dot");
        }
        catch (const TopoError& e)
        {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_NE(dotError("graph { a [role=host, index=0]; b [role=tor]; a -- b [rate=\"1G\", "
                       "delay=\"1us\"]; }")
                  .find("inline.dot: node 'b': missing index"),
              std::string::npos);
    EXPECT_NE(dotError("graph { a [role=host]; b [role=host]; a -- b [rate=\"1G\", "
                       "delay=\"1us\"]; }")
                  .find("host 'a' is linked to host 'b'"),
              std::string::npos);
    EXPECT_NE(dotError("graph { a [role=host]; b [role=tor]; a -- b [rate=\"1G\", "
                       "delay=\"1us\", error_rate=\"2\"]; }")
                  .find("error rate 2.000000 is not in [0, 1]"),
              std::string::npos);
    EXPECT_NE(dotError("graph { a [role=host]; b [role=tor]; a -- b [rate=\"1G\"]; }")
                  .find("link 'a' -- 'b': missing delay attribute"),
              std::string::npos);
    EXPECT_EQ(dotError("graph { a [role=host]; b [role=tor]; a -- b [rate=\"1G\", "
                       "delay=\"1us\"]; }"),
              "");
}

TEST(TopoIo, ValidationOfBuiltGraphs)
{
    Topology t;
    EXPECT_THROW(Validate(t), TopoError);
    EXPECT_THROW(t.AddNode(NodeRole::Host, "x"); t.AddNode(NodeRole::Tor, "x"), TopoError);
    Topology r;
    r.AddNode(NodeRole::Host, "h");
    const NodeId s = r.AddNode(NodeRole::Tor, "s");
    r.AddLink(0, s, LinkProps{});
    try
    {
        Validate(r, ValidateOptions(), "built");
        FAIL();
    }
    catch (const TopoError& e)
    {
        EXPECT_EQ(std::string(e.what()),
                  "built: link 'h' -- 's': missing or zero rate (must be positive)");
    }
    EXPECT_THROW(r.SetRole(0, NodeRole::Tor), std::logic_error);
}
