// The scenario validator: every error path (one small bad file each, its expected messages in
// "# expect:" comment lines), --set overrides, defaults, canonical values and planned sections.
#include "ndksim/scenario/ndksim-scenario-schema.h"
#include "ndksim/scenario/ns3-attribute-check.h"
#include "ndksim/scenario/scenario-validator.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ndksim::scenario;

namespace
{

const std::string kBad = "tests/data/scenarios/bad";
const std::string kGood = "tests/data/scenarios/good";

ScenarioSchema
Schema()
{
    ScenarioSchema schema = MakeNdksimScenarioSchema();
    schema.SetAttributeChecker(CheckNs3Attribute);
    return schema;
}

/** The validation result of a file and overrides. */
struct Outcome
{
    Scenario scenario;
    std::vector<std::string> errors;
};

Outcome
Validate(const std::string& path, const std::vector<std::string>& sets = {})
{
    static const ScenarioSchema schema = Schema();
    ScenarioValidator v(schema);
    v.LoadFile(path);
    for (const std::string& s : sets)
    {
        v.ApplySet(s);
    }
    Outcome o{v.Finish(), {}};
    o.errors = v.GetErrors();
    return o;
}

std::string
Lines(const std::vector<std::string>& lines)
{
    std::string out;
    for (const std::string& l : lines)
    {
        out += "  " + l + "\n";
    }
    return out;
}

std::vector<std::string>
BadFiles()
{
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(kBad))
    {
        if (entry.path().extension() == ".toml")
        {
            files.push_back(entry.path().filename().string());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

class ScenarioBadFile : public testing::TestWithParam<std::string>
{
};

} // namespace

// Each bad file lists "# set: key=value" overrides and "# expect: message" lines ({file} is its
// path). Every expected message must be the start of one error, in order, and nothing else.
TEST_P(ScenarioBadFile, ReportsExactlyTheExpectedErrors)
{
    const std::string path = kBad + "/" + GetParam();
    std::ifstream in(path);
    std::vector<std::string> sets;
    std::vector<std::string> expected;
    for (std::string line; std::getline(in, line);)
    {
        if (line.rfind("# set: ", 0) == 0)
        {
            sets.push_back(line.substr(7));
        }
        else if (line.rfind("# expect: ", 0) == 0)
        {
            std::string e = line.substr(10);
            if (auto at = e.find("{file}"); at != std::string::npos)
            {
                e.replace(at, 6, path);
            }
            expected.push_back(e);
        }
    }
    ASSERT_FALSE(expected.empty()) << path << " has no '# expect:' line";
    Outcome o = Validate(path, sets);
    ASSERT_EQ(o.errors.size(), expected.size()) << "errors:\n" << Lines(o.errors);
    for (std::size_t i = 0; i < expected.size(); ++i)
    {
        EXPECT_EQ(o.errors[i].substr(0, expected[i].size()), expected[i]) << "errors:\n"
                                                                          << Lines(o.errors);
    }
}

INSTANTIATE_TEST_SUITE_P(Bad,
                         ScenarioBadFile,
                         testing::ValuesIn(BadFiles()),
                         [](const testing::TestParamInfo<std::string>& info) {
                             std::string name = info.param.substr(0, info.param.size() - 5);
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });

TEST(ScenarioValidator, MissingScenarioFileIsAnError)
{
    Outcome o = Validate("tests/data/scenarios/no-such.toml");
    ASSERT_EQ(o.errors.size(), 1u);
    EXPECT_EQ(o.errors[0], "tests/data/scenarios/no-such.toml: scenario file not found");
}

TEST(ScenarioValidator, DefaultScenarioIsValid)
{
    Outcome o = Validate("scenarios/default.toml");
    ASSERT_TRUE(o.errors.empty()) << Lines(o.errors);
    EXPECT_TRUE(o.scenario.GetPlannedUses().empty());
    EXPECT_EQ(o.scenario.GetName(), "default");
    EXPECT_TRUE(o.scenario.HasSection("topology"));
    EXPECT_EQ(o.scenario.GetText("workload[0].type"), "storage");
}

TEST(ScenarioValidator, DemoScenarioIsValidWithDefaults)
{
    Outcome o = Validate("scenarios/demo.toml");
    ASSERT_TRUE(o.errors.empty()) << Lines(o.errors);
    EXPECT_TRUE(o.scenario.GetPlannedUses().empty());
    EXPECT_EQ(o.scenario.GetName(), "demo");
    EXPECT_EQ(o.scenario.GetInteger("run.seed"), 1);
    EXPECT_EQ(o.scenario.GetInteger("demo.bytes"), 65536);
    EXPECT_EQ(o.scenario.Find("demo.bytes")->source, "file");
    EXPECT_EQ(o.scenario.Find("demo.bytes")->unit, "bytes");
    EXPECT_FALSE(o.scenario.GetBoolean("run.progress"));
    EXPECT_EQ(o.scenario.Find("run.progress")->source, "default");
    EXPECT_EQ(o.scenario.GetText("output.db"), "results/{name}-{seed}-{rng_run}.db");
    // Keys without a default stay absent; absent sections contribute nothing.
    EXPECT_EQ(o.scenario.Find("run.stop_time"), nullptr);
    EXPECT_EQ(o.scenario.Find("workload[0].type"), nullptr);
    EXPECT_FALSE(o.scenario.HasSection("topology"));
}

TEST(ScenarioValidator, SetOverridesFileAndDefaults)
{
    Outcome o = Validate("scenarios/demo.toml",
                         {"demo.bytes=1MiB",
                          "run.progress=true",
                          "output.db=out/x.db",
                          "ns3::NdkAdapter::MaxInlineDataSize=128"});
    ASSERT_TRUE(o.errors.empty()) << Lines(o.errors);
    EXPECT_EQ(o.scenario.GetInteger("demo.bytes"), 1 << 20);
    EXPECT_EQ(o.scenario.Find("demo.bytes")->source, "--set");
    EXPECT_EQ(o.scenario.Find("demo.bytes")->where, "--set demo.bytes=1MiB");
    EXPECT_TRUE(o.scenario.GetBoolean("run.progress"));
    EXPECT_EQ(o.scenario.GetText("output.db"), "out/x.db");
    auto attributes = o.scenario.GetAttributes("attributes");
    ASSERT_EQ(attributes.size(), 1u);
    EXPECT_EQ(attributes[0].first, "ns3::NdkAdapter::MaxInlineDataSize");
    EXPECT_EQ(attributes[0].second, "128");
    EXPECT_NE(o.scenario.Find("ns3::NdkAdapter::MaxInlineDataSize"), nullptr);
}

TEST(ScenarioValidator, FullScenarioValidatesAndReportsPlannedConsumers)
{
    Outcome o = Validate(kGood + "/full.toml");
    ASSERT_TRUE(o.errors.empty()) << Lines(o.errors);
    const Scenario& s = o.scenario;
    // Canonical values: times in ps, rates in bit/s, sizes in bytes, files resolved.
    EXPECT_EQ(s.GetInteger("topology.link_delay"), 1000000);
    EXPECT_EQ(s.Find("topology.link_delay")->unit, "ps");
    EXPECT_EQ(s.GetInteger("topology.link_rate"), 100000000000);
    EXPECT_EQ(s.Find("topology.link_rate")->unit, "bit/s");
    EXPECT_EQ(s.GetCount("workload"), 3u);
    EXPECT_EQ(s.GetText("workload[0].type"), "storage");
    EXPECT_EQ(s.GetInteger("workload[0].io_size"), 4096);
    EXPECT_DOUBLE_EQ(s.GetFloat("workload[0].read_fraction"), 0.5); // default of its variant
    EXPECT_EQ(s.GetInteger("workload[1].start"), 10000000);
    EXPECT_EQ(s.GetInteger("workload[1].priority"), 5);
    EXPECT_EQ(s.GetInteger("workload[1].dscp"), 40);
    EXPECT_EQ(s.Find("workload[0].priority"), nullptr); // no default: the NIC's Priority
    EXPECT_EQ(s.GetText("workload[2].file"), kGood + "/flows.txt");
    auto nic = s.GetAttributes("nic");
    ASSERT_EQ(nic.size(), 2u);
    EXPECT_EQ(nic[0].first, "ns3::RdmaNic::PathMtu");
    EXPECT_EQ(nic[0].second, "4096");
    EXPECT_EQ(nic[1].first, "ns3::RdmaNic::PcieBandwidth");
    auto cc = s.GetAttributes("cc");
    ASSERT_EQ(cc.size(), 1u);
    EXPECT_EQ(cc[0].first, "ns3::RdmaDcqcn::RateAi");
    // Every section and key of the product is wired: nothing is reported as planned.
    const auto& planned = s.GetPlannedUses();
    EXPECT_TRUE(planned.empty()) << Lines(planned);
}

TEST(ScenarioValidator, SettingsFollowSchemaOrderAndAreStable)
{
    Outcome a = Validate(kGood + "/full.toml", {"run.seed=7"});
    Outcome b = Validate(kGood + "/full.toml", {"run.seed=7"});
    ASSERT_TRUE(a.errors.empty()) << Lines(a.errors);
    ASSERT_EQ(a.scenario.GetSettings().size(), b.scenario.GetSettings().size());
    for (std::size_t i = 0; i < a.scenario.GetSettings().size(); ++i)
    {
        EXPECT_EQ(a.scenario.GetSettings()[i].key, b.scenario.GetSettings()[i].key);
        EXPECT_EQ(a.scenario.GetSettings()[i].text, b.scenario.GetSettings()[i].text);
    }
    EXPECT_EQ(a.scenario.GetSettings().front().key, "run.seed");
}

TEST(ScenarioValidator, SchemaCanBeExtendedByANewSection)
{
    ScenarioSchema schema;
    schema.Add(SectionSpec("mmu", "switch buffer policy", "RoceMmu"))
        .Add(KeySpec("buffer", ValueType::Size, "shared buffer")
                 .Range(1, 1LL << 40)
                 .Default("12MiB"))
        .Add(KeySpec("alpha", ValueType::Float, "dynamic threshold").RangeFloat(0, 64));
    ScenarioValidator v(schema);
    v.LoadString("[mmu]\nalpha = 2\n", "inline.toml");
    v.ApplySet("mmu.alpha=80");
    Scenario s = v.Finish();
    ASSERT_EQ(v.GetErrors().size(), 1u);
    EXPECT_EQ(v.GetErrors()[0], "--set mmu.alpha=80: mmu.alpha: 80 is out of range 0..64");
    EXPECT_EQ(s.GetInteger("mmu.buffer"), 12 << 20);
}
