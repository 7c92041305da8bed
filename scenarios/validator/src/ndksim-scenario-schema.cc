#include "ndksim/scenario/ndksim-scenario-schema.h"

#include "ndksim/topo/generators.h"

#include <limits>

namespace ndksim::scenario
{

namespace
{

constexpr int64_t kMaxI64 = std::numeric_limits<int64_t>::max();

/** A topology generator string must name a generator the topology library knows. */
std::string
CheckTopologySpec(const std::string& spec)
{
    if (ndksim::topo::IsGeneratorSpec(spec))
    {
        return "";
    }
    std::string names;
    for (const std::string& n : ndksim::topo::GeneratorNames())
    {
        names += (names.empty() ? "" : ", ") + n;
    }
    return "'" + spec + "' is not a generator spec name:key=value,... (generators: " + names +
           "); use 'file' for topology files";
}

} // namespace

ScenarioSchema
MakeNdksimScenarioSchema()
{
    ScenarioSchema schema;

    // Consumed by ndksim-run itself.
    schema.Add(SectionSpec("run", "run control", "ndksim-run"))
        .Add(KeySpec("seed", ValueType::Integer, "ns-3 RNG seed (RngSeedManager::SetSeed)")
                 .Range(1, 4294967295)
                 .Default("1"))
        .Add(KeySpec("rng_run", ValueType::Integer, "ns-3 RNG run number (RngSeedManager::SetRun)")
                 .Range(0, kMaxI64)
                 .Default("1"))
        .Add(KeySpec("stop_time", ValueType::Time, "simulated time at which the run stops")
                 .Range(1, kMaxI64)
                 .Planned("the fabric run loop"))
        .Add(KeySpec("progress", ValueType::Boolean, "print a progress line on stderr")
                 .Default("false"));

    // Consumed by the built-in demo of ndksim-run.
    schema.Add(SectionSpec("demo", "built-in two-host token-flow demo", "ndksim-run demo"))
        .Add(KeySpec("bytes", ValueType::Size, "bytes the server writes into the client's window")
                 .Range(1, 1LL << 30)
                 .Default("65536"));

    // Consumed by ndksim-run (db) and, later, the pcap helper and the recorder.
    schema.Add(SectionSpec("output", "what the run writes", "ndksim-run"))
        .Add(KeySpec("db",
                     ValueType::OutputPath,
                     "results database; {name}, {seed} and {rng_run} are replaced; relative to "
                     "the working directory")
                 .Default("results/{name}-{seed}.db"))
        .Add(KeySpec("pcap",
                     ValueType::StringList,
                     "devices to capture: \"host3\", \"sw1:2\", \"all\"")
                 .Planned("the pcap helper"))
        .Add(KeySpec("sample_interval", ValueType::Time, "period of time-series samples")
                 .Range(1, kMaxI64)
                 .Planned("the results recorder"));

    // Consumed by ndksim-run: Config::SetDefault on each, before anything is created.
    schema
        .Add(SectionSpec("attributes",
                         "ns-3 attribute defaults, \"ns3::Type::Attribute\" = value",
                         "ndksim-run (Config::SetDefault)"))
        .Attributes("");

    schema.Add(SectionSpec("topology", "the fabric", "FabricHelper"))
        .Add(KeySpec("spec", ValueType::String, "generator string, e.g. \"fattree:k=4\"")
                 .Verify(CheckTopologySpec))
        .Add(KeySpec("file",
                     ValueType::InputFile,
                     "DOT, GraphML or HPCC topology file, relative to the scenario"))
        .Add(KeySpec("link_rate", ValueType::Rate, "rate of links the topology leaves unset"))
        .Add(KeySpec("link_delay", ValueType::Time, "delay of links the topology leaves unset"))
        .Exclusive({"spec", "file"}, true)
        .Planned("FabricHelper (helper/)");

    schema.Add(SectionSpec("nic", "NIC attributes (short names are ns3::RdmaNic's)", "RdmaNic"))
        .Attributes("ns3::RdmaNic")
        .Planned("RdmaNic (model/nic)");

    schema
        .Add(SectionSpec("switch",
                         "switch attributes (short names are ns3::RoceSwitch's)",
                         "RoceSwitch"))
        .Attributes("ns3::RoceSwitch")
        .Planned("RoceSwitch (model/fabric)");

    schema.Add(SectionSpec("cc", "congestion control of every QP", "RdmaCongestionOps"))
        .Discriminator("type", "congestion-control algorithm")
        .Variant(VariantSpec{"dcqcn",
                             "DCQCN; other keys are ns3::RdmaDcqcn attributes",
                             {},
                             "ns3::RdmaDcqcn"})
        .Variant(VariantSpec{"dcqcn_paper",
                             "DCQCN as published; other keys are ns3::RdmaDcqcnPaper attributes",
                             {},
                             "ns3::RdmaDcqcnPaper"})
        .Variant(VariantSpec{"none", "line rate, no reaction to CNPs", {}, ""})
        .Planned("RdmaCongestionOps (model/cc)");

    // Workloads: one [[workload]] per traffic source; "type" selects the application.
    SectionSpec& workload =
        schema.Add(SectionSpec("workload", "traffic sources", "workload applications"))
            .Array()
            .Discriminator("type", "workload application")
            .Add(KeySpec("start", ValueType::Time, "when it starts").Default("0"))
            .Add(KeySpec("stop", ValueType::Time, "when it stops generating").Range(1, kMaxI64))
            .Add(KeySpec("priority", ValueType::Integer, "traffic class").Range(0, 7).Default("3"))
            .Planned("workload applications (model/apps)");
    workload.Variant(
        VariantSpec{"storage", "clients bind windows and send tokens; servers read/write", {}, ""}
            .Add(KeySpec("clients", ValueType::StringList, "client hosts").Required())
            .Add(KeySpec("servers", ValueType::StringList, "server hosts").Required())
            .Add(KeySpec("io_size", ValueType::Size, "bytes per I/O")
                     .Range(1, 1LL << 30)
                     .Default("65536"))
            .Add(KeySpec("read_fraction", ValueType::Float, "share of reads")
                     .RangeFloat(0, 1)
                     .Default("0.5"))
            .Add(KeySpec("queue_depth", ValueType::Integer, "outstanding I/Os per client")
                     .Range(1, 4096)
                     .Default("8")));
    workload.Variant(
        VariantSpec{"cdf", "flows with sizes from a CDF file at a target load", {}, ""}
            .Add(KeySpec("cdf_file", ValueType::InputFile, "flow-size CDF (size, percentile)")
                     .Required())
            .Add(KeySpec("load", ValueType::Float, "offered load per host link")
                     .RangeFloat(0, 1)
                     .Required())
            .Add(KeySpec("pattern", ValueType::Choice, "destination choice")
                     .Choices({"random", "permutation", "all-to-all"})
                     .Default("random")));
    workload.Variant(
        VariantSpec{"incast", "many senders to one receiver at once", {}, ""}
            .Add(KeySpec("target", ValueType::String, "receiving host").Required())
            .Add(KeySpec("fan_in", ValueType::Integer, "senders").Range(1, 1 << 20).Required())
            .Add(KeySpec("size", ValueType::Size, "bytes per sender").Range(1, kMaxI64).Required())
            .Add(KeySpec("rounds", ValueType::Integer, "repetitions")
                     .Range(1, 1 << 20)
                     .Default("1")));
    workload.Variant(
        VariantSpec{"bulk_write", "long RDMA Writes between two hosts", {}, ""}
            .Add(KeySpec("src", ValueType::String, "sending host").Required())
            .Add(KeySpec("dst", ValueType::String, "receiving host").Required())
            .Add(KeySpec("size", ValueType::Size, "bytes per write").Range(1, kMaxI64).Required())
            .Add(KeySpec("qps", ValueType::Integer, "parallel QPs").Range(1, 4096).Default("1")));
    workload.Variant(
        VariantSpec{"token_churn", "bind, use and invalidate windows at a rate", {}, ""}
            .Add(KeySpec("hosts", ValueType::StringList, "hosts doing it").Required())
            .Add(KeySpec("rate", ValueType::Float, "binds per second per host")
                     .RangeFloat(0, 1e12)
                     .Required())
            .Add(KeySpec("window_size", ValueType::Size, "bytes per window")
                     .Range(1, kMaxI64)
                     .Default("4096"))
            .Add(KeySpec("invalidate", ValueType::Choice, "how tokens end")
                     .Choices({"local", "remote"})
                     .Default("remote")));
    workload.Variant(VariantSpec{"attacker", "remote accesses with guessed tokens", {}, ""}
                         .Add(KeySpec("source", ValueType::String, "attacking host").Required())
                         .Add(KeySpec("target", ValueType::String, "attacked host").Required())
                         .Add(KeySpec("rate", ValueType::Float, "guesses per second")
                                  .RangeFloat(0, 1e12)
                                  .Required())
                         .Add(KeySpec("guess", ValueType::Choice, "token guessing")
                                  .Choices({"sequential", "random", "stale"})
                                  .Default("random")));
    workload.Variant(VariantSpec{"hpcc_flows", "flows from an HPCC-format flow file", {}, ""}.Add(
        KeySpec("file", ValueType::InputFile, "flow file, relative to the scenario").Required()));
    return schema;
}

} // namespace ndksim::scenario
