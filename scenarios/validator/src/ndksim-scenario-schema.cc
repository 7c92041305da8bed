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
        .Add(KeySpec("stop_time",
                     ValueType::Time,
                     "simulated time at which the run stops (required with [topology]; a run "
                     "whose workloads all have a known end stops earlier)")
                 .Range(1, kMaxI64))
        .Add(KeySpec("progress", ValueType::Boolean, "print a progress line on stderr")
                 .Default("false"));

    // Consumed by the built-in demo of ndksim-run (scenarios without [topology]).
    schema.Add(SectionSpec("demo", "built-in two-host token-flow demo", "ndksim-run demo"))
        .Add(KeySpec("bytes", ValueType::Size, "bytes the server writes into the client's window")
                 .Range(1, 1LL << 30)
                 .Default("65536"));

    schema.Add(SectionSpec("output", "what the run writes", "ndksim-run"))
        .Add(KeySpec("db",
                     ValueType::OutputPath,
                     "results database; {name}, {seed} and {rng_run} are replaced; relative to "
                     "the working directory")
                 .Default("results/{name}-{seed}-{rng_run}.db"))
        .Add(KeySpec("pcap",
                     ValueType::StringList,
                     "ports to capture: host selectors (\"host3\", \"0-7\", \"all\") and switch "
                     "ports \"sw1:2\" (switch index 1, port 2)"))
        .Add(KeySpec("pcap_prefix",
                     ValueType::OutputPath,
                     "pcap file prefix: <prefix>-host3.pcap, <prefix>-sw1-2.pcap; {name}, {seed} "
                     "and {rng_run} are replaced")
                 .Default("results/{name}-{seed}-{rng_run}"))
        .Add(KeySpec("sample_interval",
                     ValueType::Time,
                     "period of time-series samples: switch queues, host and QP rates")
                 .Range(1, kMaxI64));

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
        .Add(KeySpec("link_rate",
                     ValueType::Rate,
                     "rate of the links a generator spec leaves at its default (its host_rate "
                     "and fabric_rate when the spec names no rate)"))
        .Add(KeySpec("link_delay",
                     ValueType::Time,
                     "delay of the links a generator spec leaves at its default (its delay when "
                     "the spec names no delay)"))
        .Exclusive({"spec", "file"}, true);

    schema.Add(SectionSpec("nic", "NIC attributes (short names are ns3::RdmaNic's)", "RdmaNic"))
        .Attributes("ns3::RdmaNic");

    schema
        .Add(SectionSpec("switch",
                         "switch attributes (short names are ns3::RoceSwitch's; the MMU and ECN "
                         "markers by full name, ns3::RoceSwitchMmu::BufferSize)",
                         "RoceSwitch"))
        .Attributes("ns3::RoceSwitch");

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
        .Variant(VariantSpec{"none", "line rate, no reaction to CNPs", {}, ""});

    // Workloads: one [[workload]] per traffic source; "type" selects the application. Hosts are
    // selected by host index: "host3" or "3", ranges "0-7" / "host0-host7", or "all".
    SectionSpec& workload =
        schema.Add(SectionSpec("workload", "traffic sources", "workload applications"))
            .Array()
            .Discriminator("type", "workload application")
            .Add(KeySpec("start", ValueType::Time, "when its applications start").Default("0"))
            .Add(KeySpec("stop", ValueType::Time, "when its applications stop generating")
                     .Range(1, kMaxI64))
            .Add(KeySpec("priority",
                         ValueType::Integer,
                         "traffic class (PFC priority) of its connections, as a NetQos policy "
                         "on its port on every host (default: ns3::RdmaNic::Priority)")
                     .Range(0, 7))
            .Add(KeySpec("dscp",
                         ValueType::Integer,
                         "DSCP of its connections' packets (default: priority * 8 + 2, which "
                         "switches map back to that priority); needs priority")
                     .Range(0, 63));
    workload.Variant(
        VariantSpec{"storage",
                    "RdmaStorageClient/Server: bind a window, send its token, the server reads or "
                    "writes it and answers with Send-and-Invalidate",
                    {},
                    ""}
            .Add(KeySpec("clients", ValueType::StringList, "client hosts").Required())
            .Add(KeySpec("servers",
                         ValueType::StringList,
                         "server hosts; client i uses server i mod count")
                     .Required())
            .Add(KeySpec("io_size", ValueType::Size, "bytes per I/O (IoSize, MaxIoSize)")
                     .Range(1, 1LL << 30)
                     .Default("65536"))
            .Add(KeySpec("io_size_cdf",
                         ValueType::InputFile,
                         "I/O sizes drawn from a size CDF (`size percent` lines, as cdf_file), "
                         "instead of io_size"))
            .Add(KeySpec("read_fraction", ValueType::Float, "share of reads (ReadFraction)")
                     .RangeFloat(0, 1)
                     .Default("0.5"))
            .Add(KeySpec("queue_depth", ValueType::Integer, "I/Os in flight per connection")
                     .Range(1, 4096)
                     .Default("8"))
            .Add(KeySpec("connections", ValueType::Integer, "QPs per client")
                     .Range(1, 4096)
                     .Default("1"))
            .Add(KeySpec("fast_register",
                         ValueType::Boolean,
                         "fast-register an MR per I/O instead of binding a window")
                     .Default("false"))
            .Add(KeySpec("max_ios", ValueType::Integer, "I/Os per client (0: until stop)")
                     .Range(0, kMaxI64)
                     .Default("0"))
            .Add(KeySpec("file_size", ValueType::Size, "bytes of each server's file")
                     .Range(4096, 1LL << 40)
                     .Default("16MiB"))
            .Add(KeySpec("think_time", ValueType::Time, "pause between I/Os of a slot")
                     .Default("0")));
    workload.Variant(
        VariantSpec{"kv", "RdmaKvClient/Server: RDMA Reads of values at random keys", {}, ""}
            .Add(KeySpec("clients", ValueType::StringList, "client hosts").Required())
            .Add(KeySpec("servers",
                         ValueType::StringList,
                         "server hosts; client i uses server i mod count")
                     .Required())
            .Add(KeySpec("value_size", ValueType::Size, "bytes per GET")
                     .Range(1, 1LL << 30)
                     .Default("1024"))
            .Add(KeySpec("value_size_cdf",
                         ValueType::InputFile,
                         "GET sizes drawn from a size CDF (`size percent` lines, as cdf_file), "
                         "instead of value_size (at most slot_size)"))
            .Add(KeySpec("slot_size", ValueType::Size, "bytes per key slot of the table")
                     .Range(1, 1LL << 30)
                     .Default("4096"))
            .Add(KeySpec("table_size", ValueType::Size, "bytes of each server's table")
                     .Range(1, 1LL << 40)
                     .Default("1MiB"))
            .Add(KeySpec("queue_depth", ValueType::Integer, "reads in flight per client")
                     .Range(1, 4096)
                     .Default("4"))
            .Add(KeySpec("request_rate",
                         ValueType::Float,
                         "Poisson reads per second per client (0: closed loop)")
                     .RangeFloat(0, 1e12)
                     .Default("0"))
            .Add(KeySpec("max_requests", ValueType::Integer, "reads per client (0: until stop)")
                     .Range(0, kMaxI64)
                     .Default("0"))
            .Add(KeySpec("token_rotation",
                         ValueType::Time,
                         "servers re-register their table at this period (0: never)")
                     .Default("0")));
    workload.Variant(
        VariantSpec{"cdf",
                    "RdmaFlowGenerator: RDMA Write flows, sizes from a CDF file, Poisson arrivals "
                    "at a load; every host runs one (the sink of the others)",
                    {},
                    ""}
            .Add(KeySpec("cdf_file", ValueType::InputFile, "flow-size CDF (size, percentile)")
                     .Required())
            .Add(KeySpec("load", ValueType::Float, "offered load per sending host link")
                     .RangeFloat(0, 1)
                     .Required())
            .Add(KeySpec("hosts", ValueType::StringList, "sending hosts").Default("all"))
            .Add(KeySpec("pattern", ValueType::Choice, "destination choice")
                     .Choices({"random", "permutation", "incast"})
                     .Default("random"))
            .Add(
                KeySpec("target", ValueType::String, "incast: the receiving host").Default("host0"))
            .Add(KeySpec("shift", ValueType::Integer, "permutation: host i sends to i + shift")
                     .Range(1, 1 << 30)
                     .Default("1"))
            .Add(KeySpec("max_flows", ValueType::Integer, "flows per host (0: until stop)")
                     .Range(0, kMaxI64)
                     .Default("0"))
            .Add(KeySpec("connect_upfront",
                         ValueType::Boolean,
                         "connect to every destination at start")
                     .Default("true")));
    workload.Variant(
        VariantSpec{"incast",
                    "fan_in senders each write size bytes to one target at once, rounds times",
                    {},
                    ""}
            .Add(KeySpec("target", ValueType::String, "receiving host").Required())
            .Add(KeySpec("fan_in",
                         ValueType::Integer,
                         "senders: the first fan_in hosts other than the target")
                     .Range(1, 1 << 20)
                     .Required())
            .Add(KeySpec("size", ValueType::Size, "bytes per sender").Range(1, kMaxI64).Required())
            .Add(
                KeySpec("rounds", ValueType::Integer, "repetitions").Range(1, 1 << 20).Default("1"))
            .Add(KeySpec("interval", ValueType::Time, "time between rounds").Default("100us")));
    workload.Variant(
        VariantSpec{"bulk_write", "count RDMA Write flows of size bytes from src to dst", {}, ""}
            .Add(KeySpec("src", ValueType::String, "sending host").Required())
            .Add(KeySpec("dst", ValueType::String, "receiving host").Required())
            .Add(KeySpec("size", ValueType::Size, "bytes per flow").Range(1, kMaxI64).Required())
            .Add(KeySpec("count", ValueType::Integer, "flows").Range(1, 1 << 20).Default("1"))
            .Add(KeySpec("interval", ValueType::Time, "time between flow starts").Default("0")));
    workload.Variant(
        VariantSpec{"token_churn",
                    "RdmaTokenChurn: bind windows at a rate, invalidate them after a lifetime",
                    {},
                    ""}
            .Add(KeySpec("hosts",
                         ValueType::StringList,
                         "hosts doing it (at least two; each binds on a QP to the next one)")
                     .Required())
            .Add(KeySpec("rate", ValueType::Float, "binds per second per host")
                     .RangeFloat(0, 1e12)
                     .Required())
            .Add(KeySpec("window_size", ValueType::Size, "bytes per window")
                     .Range(1, kMaxI64)
                     .Default("4096"))
            .Add(KeySpec("lifetime", ValueType::Time, "how long a window stays bound")
                     .Default("10us"))
            .Add(KeySpec("max_windows", ValueType::Integer, "windows bound at once per host")
                     .Range(1, 1 << 20)
                     .Default("256")));
    workload.Variant(
        VariantSpec{"attacker",
                    "RdmaAttacker against a KV server it gets on the target: stale, forged, "
                    "privileged and out-of-range tokens",
                    {},
                    ""}
            .Add(KeySpec("source", ValueType::String, "attacking host").Required())
            .Add(KeySpec("target", ValueType::String, "attacked host").Required())
            .Add(KeySpec("interval", ValueType::Time, "time between attempts").Default("20us"))
            .Add(KeySpec("rounds", ValueType::Integer, "rounds of the attack kinds")
                     .Range(1, 1 << 20)
                     .Default("2"))
            .Add(KeySpec("length", ValueType::Size, "bytes per attempt")
                     .Range(1, 4096)
                     .Default("64"))
            .Add(KeySpec("token_rotation",
                         ValueType::Time,
                         "the victim re-registers its table at this period (stale tokens)")
                     .Default("50us")));
    workload.Variant(
        VariantSpec{"hpcc_flows",
                    "RdmaFlowGenerator replaying an HPCC flow file as RDMA Writes (every host "
                    "runs one)",
                    {},
                    ""}
            .Add(KeySpec("file", ValueType::InputFile, "flow file, relative to the scenario")
                     .Required())
            .Add(KeySpec("time_offset",
                         ValueType::Time,
                         "subtracted from the file's start times (default: its earliest start, "
                         "so the first flow starts at the workload's start)")));
    return schema;
}

} // namespace ndksim::scenario
