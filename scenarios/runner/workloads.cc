#include "runner/workloads.h"

#include "ndksim/recorder/run-recorder.h"
#include "runner/host-selector.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/fabric-helper.h"
#include "ns3/ipv4-address.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/pointer.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rdma-attacker.h"
#include "ns3/rdma-flow-file.h"
#include "ns3/rdma-flow-generator.h"
#include "ns3/rdma-flow-size-cdf.h"
#include "ns3/rdma-kv-client.h"
#include "ns3/rdma-kv-server.h"
#include "ns3/rdma-nic.h"
#include "ns3/rdma-storage-client.h"
#include "ns3/rdma-storage-server.h"
#include "ns3/rdma-token-churn.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <stdexcept>

using namespace ns3;

namespace ndksim::run
{

namespace
{

/** \return an ns-3 constant random variable of \p ps picoseconds, in seconds, exactly enough */
std::string
SecondsConstant(int64_t ps)
{
    char text[64];
    std::snprintf(text, sizeof(text), "%.17g", static_cast<double>(ps) * 1e-12);
    return std::string("ns3::ConstantRandomVariable[Constant=") + text + "]";
}

/** Largest RDMA Write a flow is cut into (the generators' MaxWriteSize default). */
constexpr uint64_t kMaxWriteSize = 1 << 20;

/** Reads keys of one [[workload]] item; errors name the key's file position. */
class Item
{
  public:
    Item(const ndksim::scenario::Scenario& s, uint32_t index)
        : m_s(s),
          m_prefix("workload[" + std::to_string(index) + "].")
    {
    }

    const ndksim::scenario::Setting& Get(const std::string& key) const
    {
        const ndksim::scenario::Setting* v = m_s.Find(m_prefix + key);
        if (!v)
        {
            throw std::invalid_argument(m_prefix + key + ": missing");
        }
        return *v;
    }

    bool Has(const std::string& key) const
    {
        return m_s.Find(m_prefix + key) != nullptr;
    }

    int64_t Int(const std::string& key) const
    {
        return Get(key).integer;
    }

    double Real(const std::string& key) const
    {
        return Get(key).real;
    }

    bool Bool(const std::string& key) const
    {
        return Get(key).boolean;
    }

    const std::string& Text(const std::string& key) const
    {
        return Get(key).text;
    }

    /** Resolve a list of host selectors, or throw "where: key: why". */
    std::vector<uint32_t> Hosts(const std::string& key, std::size_t nHosts) const
    {
        const auto& v = Get(key);
        try
        {
            return SelectHosts(v.list, nHosts);
        }
        catch (const std::invalid_argument& e)
        {
            throw std::invalid_argument(v.where + ": " + v.key + ": " + e.what());
        }
    }

    /** Resolve one host, or throw "where: key: why". */
    uint32_t Host(const std::string& key, std::size_t nHosts) const
    {
        const auto& v = Get(key);
        try
        {
            return SelectHost(v.text, nHosts);
        }
        catch (const std::invalid_argument& e)
        {
            throw std::invalid_argument(v.where + ": " + v.key + ": " + e.what());
        }
    }

    [[noreturn]] void Fail(const std::string& key, const std::string& why) const
    {
        const auto& v = Get(key);
        if (v.source == "default")
        {
            // A default has no position of its own: point at the item (its type key).
            const auto& type = Get("type");
            throw std::invalid_argument(type.where + ": " + v.key + " (default " + v.text +
                                        "): " + why);
        }
        throw std::invalid_argument(v.where + ": " + v.key + ": " + why);
    }

  private:
    const ndksim::scenario::Scenario& m_s;
    std::string m_prefix;
};

/** Start and stop times of an item's applications. */
void
SetTimes(const Item& item, Ptr<Application> app)
{
    app->SetStartTime(PicoSeconds(item.Int("start")));
    if (item.Has("stop"))
    {
        app->SetStopTime(PicoSeconds(item.Int("stop")));
    }
}

std::string
ConstantVariable(uint64_t value)
{
    return "ns3::ConstantRandomVariable[Constant=" + std::to_string(value) + "]";
}

/**
 * The size variable of an item: its CDF (sizes between points drawn uniformly, as
 * RdmaFlowSizeCdf samples) or the constant \p size. Each application gets its own, so that its
 * stream is its own.
 */
Ptr<RandomVariableStream>
SizeVariable(const WorkloadPlan& plan, uint64_t size)
{
    if (plan.sizeCdf.empty())
    {
        Ptr<ConstantRandomVariable> c = CreateObject<ConstantRandomVariable>();
        c->SetAttribute("Constant", DoubleValue(static_cast<double>(size)));
        return c;
    }
    Ptr<EmpiricalRandomVariable> e = CreateObject<EmpiricalRandomVariable>();
    e->SetInterpolate(true);
    for (const auto& [bytes, probability] : plan.sizeCdf)
    {
        e->CDF(bytes, probability);
    }
    return e;
}

/**
 * Read \p cdfKey of \p item into \p plan (sizeCdf, maxSize) if the item has it; the constant
 * \p sizeKey must not be given too.
 */
void
PlanSizeCdf(const Item& item,
            const std::string& cdfKey,
            const std::string& sizeKey,
            WorkloadPlan& plan)
{
    plan.maxSize = static_cast<uint64_t>(item.Int(sizeKey));
    if (!item.Has(cdfKey))
    {
        return;
    }
    if (item.Get(sizeKey).source != "default")
    {
        item.Fail(cdfKey, "give " + sizeKey + " or " + cdfKey + ", not both");
    }
    try
    {
        plan.sizeCdf = RdmaFlowSizeCdf::Load(item.Text(cdfKey)).GetPoints();
    }
    catch (const std::exception& e)
    {
        item.Fail(cdfKey, e.what());
    }
    plan.maxSize = static_cast<uint64_t>(std::ceil(plan.sizeCdf.back().first));
    if (plan.maxSize > (1ULL << 30))
    {
        item.Fail(cdfKey,
                  "its largest size " + std::to_string(plan.maxSize) +
                      " bytes exceeds 1 GiB (buffers of that size are set up per slot)");
    }
}

/** One line of an HPCC flow file (times in seconds with picosecond precision). */
void
WriteFlowLine(std::ofstream& out, uint32_t src, uint32_t dst, uint64_t size, int64_t startPs)
{
    char when[40];
    std::snprintf(when,
                  sizeof(when),
                  "%lld.%012lld",
                  static_cast<long long>(startPs / 1000000000000LL),
                  static_cast<long long>(startPs % 1000000000000LL));
    out << src << ' ' << dst << " 3 100 " << size << ' ' << when << '\n';
}

/** A flow generator on every host: the item's flows and the sinks of the others. */
std::vector<Ptr<RdmaFlowGenerator>>
InstallGenerators(const Item& item,
                  const WorkloadPlan& plan,
                  FabricHelper& fabric,
                  ndksim::recorder::RunRecorder& recorder,
                  int64_t* stream)
{
    std::vector<Ptr<RdmaFlowGenerator>> gens;
    for (std::size_t h = 0; h < fabric.GetNHosts(); ++h)
    {
        Ptr<RdmaFlowGenerator> g = CreateObject<RdmaFlowGenerator>();
        g->SetAttribute("Port", UintegerValue(20000 + plan.index));
        g->SetAttribute("MaxWriteSize", UintegerValue(kMaxWriteSize));
        fabric.GetHostNode(h)->AddApplication(g);
        SetTimes(item, g);
        recorder.WatchFlows(g, plan.index, kMaxWriteSize, plan.priority);
        gens.push_back(g);
    }
    return gens;
}

} // namespace

WorkloadPlan
PlanWorkload(const ndksim::scenario::Scenario& s, uint32_t index, std::size_t nHosts)
{
    Item item(s, index);
    WorkloadPlan plan;
    plan.index = index;
    plan.type = item.Text("type");
    if (item.Has("priority"))
    {
        plan.priority = static_cast<int>(item.Int("priority"));
        plan.dscp =
            static_cast<uint8_t>(item.Has("dscp") ? item.Int("dscp") : plan.priority * 8 + 2);
    }
    else if (item.Has("dscp"))
    {
        item.Fail("dscp", "needs priority (the class the switches must map this DSCP to)");
    }
    if (plan.type == "storage" || plan.type == "kv")
    {
        plan.a = item.Hosts("clients", nHosts);
        plan.b = item.Hosts("servers", nHosts);
        if (plan.type == "storage")
        {
            PlanSizeCdf(item, "io_size_cdf", "io_size", plan);
        }
        else
        {
            PlanSizeCdf(item, "value_size_cdf", "value_size", plan);
            if (plan.maxSize > static_cast<uint64_t>(item.Int("slot_size")))
            {
                item.Fail(item.Has("value_size_cdf") ? "value_size_cdf" : "value_size",
                          "GETs of up to " + std::to_string(plan.maxSize) +
                              " bytes do not fit a slot of slot_size " +
                              std::to_string(item.Int("slot_size")) + " bytes");
            }
        }
        for (std::size_t i = 0; i < plan.a.size(); ++i)
        {
            if (plan.a[i] == plan.b[i % plan.b.size()])
            {
                item.Fail("clients",
                          "client host" + std::to_string(plan.a[i]) +
                              " would use itself as its server (client i uses server i mod " +
                              std::to_string(plan.b.size()) + ")");
            }
        }
    }
    else if (plan.type == "cdf")
    {
        plan.a = item.Hosts("hosts", nHosts);
        plan.b = {item.Host("target", nHosts)};
        if (nHosts < 2)
        {
            item.Fail("hosts", "flows need at least two hosts");
        }
        // Connecting up front to every destination a random pattern can pick is one QP pair
        // per (sender, host): quadratic in the fabric, beyond any memory at datacenter scale.
        constexpr uint64_t kMaxUpfrontConnections = 1000000;
        const uint64_t connections =
            item.Text("pattern") == "random" ? plan.a.size() * (nHosts - 1) : plan.a.size();
        if (item.Bool("connect_upfront") && connections > kMaxUpfrontConnections)
        {
            item.Fail("connect_upfront",
                      "a random pattern connects each of the " + std::to_string(plan.a.size()) +
                          " senders to all " + std::to_string(nHosts - 1) +
                          " other hosts up front: " + std::to_string(connections) +
                          " connections (limit " + std::to_string(kMaxUpfrontConnections) +
                          "); set connect_upfront = false (connections on demand)");
        }
        try
        {
            // Read now, so a malformed file stops the run before anything is created.
            RdmaFlowSizeCdf::Load(item.Text("cdf_file"));
        }
        catch (const std::exception& e)
        {
            item.Fail("cdf_file", e.what());
        }
    }
    else if (plan.type == "incast")
    {
        const uint32_t target = item.Host("target", nHosts);
        const auto fanIn = static_cast<std::size_t>(item.Int("fan_in"));
        if (fanIn + 1 > nHosts)
        {
            item.Fail("fan_in",
                      std::to_string(fanIn) + " senders need " + std::to_string(fanIn + 1) +
                          " hosts; the fabric has " + std::to_string(nHosts));
        }
        for (uint32_t h = 0; plan.a.size() < fanIn; ++h)
        {
            if (h != target)
            {
                plan.a.push_back(h);
            }
        }
        plan.b = {target};
        plan.expectedFlows = fanIn * static_cast<uint64_t>(item.Int("rounds"));
        plan.finite = true;
    }
    else if (plan.type == "bulk_write")
    {
        plan.a = {item.Host("src", nHosts)};
        plan.b = {item.Host("dst", nHosts)};
        if (plan.a[0] == plan.b[0])
        {
            item.Fail("dst", "src and dst are the same host");
        }
        plan.expectedFlows = static_cast<uint64_t>(item.Int("count"));
        plan.finite = true;
    }
    else if (plan.type == "token_churn")
    {
        plan.a = item.Hosts("hosts", nHosts);
        if (plan.a.size() < 2)
        {
            item.Fail("hosts",
                      "token churn needs at least two hosts (each binds on a QP to the "
                      "next)");
        }
    }
    else if (plan.type == "attacker")
    {
        plan.a = {item.Host("source", nHosts)};
        plan.b = {item.Host("target", nHosts)};
        if (plan.a[0] == plan.b[0])
        {
            item.Fail("target", "source and target are the same host");
        }
    }
    else if (plan.type == "hpcc_flows")
    {
        std::vector<RdmaFlowFileEntry> flows;
        try
        {
            flows = RdmaFlowFile::Load(item.Text("file"));
        }
        catch (const std::exception& e)
        {
            item.Fail("file", e.what());
        }
        int64_t first = std::numeric_limits<int64_t>::max();
        for (const RdmaFlowFileEntry& f : flows)
        {
            if (f.src >= nHosts || f.dst >= nHosts)
            {
                throw std::invalid_argument(item.Text("file") + ":" + std::to_string(f.line) +
                                            ": src/dst: host index outside the fabric's " +
                                            std::to_string(nHosts) + " hosts");
            }
            first = std::min(first, f.startPs);
        }
        plan.timeOffsetPs =
            item.Has("time_offset") ? item.Int("time_offset") : (flows.empty() ? 0 : first);
        plan.expectedFlows = flows.size();
        plan.finite = true;
    }
    else
    {
        item.Fail("type", "no engine for workload type '" + plan.type + "'");
    }
    return plan;
}

void
InstallWorkload(const ndksim::scenario::Scenario& s,
                const WorkloadPlan& plan,
                FabricHelper& fabric,
                ndksim::recorder::RunRecorder& recorder,
                int64_t* stream,
                const std::string& tempDir)
{
    Item item(s, plan.index);
    const uint16_t serverPort = static_cast<uint16_t>(10000 + plan.index);
    if (plan.priority >= 0)
    {
        // Like a NetQos policy pushed to every host: connections to the item's port, from
        // either end, get its class.
        const uint32_t base =
            plan.type == "token_churn"                                               ? 30000
            : plan.type == "storage" || plan.type == "kv" || plan.type == "attacker" ? 10000
                                                                                     : 20000;
        const auto port = static_cast<uint16_t>(base + plan.index);
        for (std::size_t h = 0; h < fabric.GetNHosts(); ++h)
        {
            fabric.GetNic(h)->AddQosPolicy(port, static_cast<uint8_t>(plan.priority), plan.dscp);
        }
    }
    if (plan.type == "storage")
    {
        const auto io = static_cast<uint64_t>(item.Int("io_size"));
        const uint64_t maxIo = plan.maxSize;
        const auto depth = static_cast<uint32_t>(item.Int("queue_depth"));
        const auto connections = static_cast<uint32_t>(item.Int("connections"));
        for (uint32_t h : plan.b)
        {
            Ptr<RdmaStorageServer> server = CreateObject<RdmaStorageServer>();
            server->SetAttribute("Port", UintegerValue(serverPort));
            server->SetAttribute("FileSize", UintegerValue(item.Int("file_size")));
            server->SetAttribute("MaxIoSize", UintegerValue(maxIo));
            server->SetAttribute("ReceiveDepth", UintegerValue(std::max<uint32_t>(64, depth)));
            fabric.GetHostNode(h)->AddApplication(server);
            SetTimes(item, server);
            recorder.WatchApp(server);
        }
        for (std::size_t i = 0; i < plan.a.size(); ++i)
        {
            Ptr<RdmaStorageClient> client = CreateObject<RdmaStorageClient>();
            client->SetAttribute(
                "Remote",
                Ipv4AddressValue(fabric.GetHostAddress(plan.b[i % plan.b.size()])));
            client->SetAttribute("Port", UintegerValue(serverPort));
            client->SetAttribute("Connections", UintegerValue(connections));
            client->SetAttribute("QueueDepth", UintegerValue(depth));
            client->SetAttribute("IoSize", PointerValue(SizeVariable(plan, io)));
            client->SetAttribute("MaxIoSize", UintegerValue(maxIo));
            client->SetAttribute("FileSize", UintegerValue(item.Int("file_size")));
            client->SetAttribute("ReadFraction", DoubleValue(item.Real("read_fraction")));
            client->SetAttribute("UseFastRegister", BooleanValue(item.Bool("fast_register")));
            client->SetAttribute("MaxIos", UintegerValue(item.Int("max_ios")));
            client->SetAttribute("ThinkTime", StringValue(SecondsConstant(item.Int("think_time"))));
            fabric.GetHostNode(plan.a[i])->AddApplication(client);
            SetTimes(item, client);
            // Clients connect once the servers listen: a microsecond after the item's start.
            client->SetStartTime(PicoSeconds(item.Int("start")) + MicroSeconds(1));
            *stream += client->AssignStreams(*stream);
            recorder.WatchApp(client);
        }
    }
    else if (plan.type == "kv")
    {
        for (uint32_t h : plan.b)
        {
            Ptr<RdmaKvServer> server = CreateObject<RdmaKvServer>();
            server->SetAttribute("Port", UintegerValue(serverPort));
            server->SetAttribute("TableSize", UintegerValue(item.Int("table_size")));
            server->SetAttribute("ValueSize", UintegerValue(item.Int("slot_size")));
            server->SetAttribute("TokenRotation",
                                 TimeValue(PicoSeconds(item.Int("token_rotation"))));
            fabric.GetHostNode(h)->AddApplication(server);
            SetTimes(item, server);
            *stream += server->AssignStreams(*stream);
            recorder.WatchApp(server);
        }
        for (std::size_t i = 0; i < plan.a.size(); ++i)
        {
            Ptr<RdmaKvClient> client = CreateObject<RdmaKvClient>();
            client->SetAttribute(
                "Remote",
                Ipv4AddressValue(fabric.GetHostAddress(plan.b[i % plan.b.size()])));
            client->SetAttribute("Port", UintegerValue(serverPort));
            client->SetAttribute("QueueDepth", UintegerValue(item.Int("queue_depth")));
            client->SetAttribute("RequestRate", DoubleValue(item.Real("request_rate")));
            client->SetAttribute(
                "ValueSize",
                PointerValue(SizeVariable(plan, static_cast<uint64_t>(item.Int("value_size")))));
            client->SetAttribute("MaxRequests", UintegerValue(item.Int("max_requests")));
            fabric.GetHostNode(plan.a[i])->AddApplication(client);
            SetTimes(item, client);
            client->SetStartTime(PicoSeconds(item.Int("start")) + MicroSeconds(1));
            *stream += client->AssignStreams(*stream);
            recorder.WatchApp(client);
        }
    }
    else if (plan.type == "cdf")
    {
        std::vector<bool> sends(fabric.GetNHosts(), false);
        for (uint32_t h : plan.a)
        {
            sends[h] = true;
        }
        const std::string& pattern = item.Text("pattern");
        auto gens = InstallGenerators(item, plan, fabric, recorder, stream);
        for (std::size_t h = 0; h < gens.size(); ++h)
        {
            Ptr<RdmaFlowGenerator> g = gens[h];
            g->SetAttribute("CdfFile", StringValue(item.Text("cdf_file")));
            g->SetAttribute("Load", DoubleValue(sends[h] ? item.Real("load") : 0.0));
            g->SetAttribute("Pattern",
                            EnumValue(pattern == "permutation" ? RdmaFlowGenerator::PERMUTATION
                                      : pattern == "incast"    ? RdmaFlowGenerator::INCAST
                                                               : RdmaFlowGenerator::RANDOM));
            g->SetAttribute("PermutationShift", UintegerValue(item.Int("shift")));
            g->SetAttribute("IncastTarget", UintegerValue(plan.b[0]));
            g->SetAttribute("MaxFlows", UintegerValue(item.Int("max_flows")));
            g->SetAttribute("ConnectUpfront", BooleanValue(item.Bool("connect_upfront")));
            *stream += g->AssignStreams(*stream);
        }
    }
    else if (plan.type == "incast" || plan.type == "bulk_write" || plan.type == "hpcc_flows")
    {
        std::string file;
        int64_t offset = plan.timeOffsetPs;
        if (plan.type == "hpcc_flows")
        {
            file = item.Text("file");
        }
        else
        {
            // The flows are known in advance: write them as a flow file the generators replay,
            // with times relative to the item's start (offset 0).
            file = tempDir + "/workload-" + std::to_string(plan.index) + ".txt";
            std::ofstream out(file);
            out << plan.expectedFlows << '\n';
            const int64_t interval = item.Int("interval");
            if (plan.type == "incast")
            {
                const auto size = static_cast<uint64_t>(item.Int("size"));
                for (int64_t r = 0; r < item.Int("rounds"); ++r)
                {
                    for (uint32_t src : plan.a)
                    {
                        WriteFlowLine(out, src, plan.b[0], size, r * interval);
                    }
                }
            }
            else
            {
                for (int64_t k = 0; k < item.Int("count"); ++k)
                {
                    WriteFlowLine(out,
                                  plan.a[0],
                                  plan.b[0],
                                  static_cast<uint64_t>(item.Int("size")),
                                  k * interval);
                }
            }
            if (!out.flush())
            {
                throw std::runtime_error("cannot write " + file);
            }
            offset = 0;
        }
        auto gens = InstallGenerators(item, plan, fabric, recorder, stream);
        for (Ptr<RdmaFlowGenerator> g : gens)
        {
            g->SetAttribute("FlowFile", StringValue(file));
            // Connections come up at the start, not inside the first flow of each pair: FCTs
            // then compare with simulators that have no connection set-up.
            g->SetAttribute("ConnectUpfront", BooleanValue(true));
            // The generator starts each flow at (file time - offset) of simulated time, while
            // file times count from the item's start: shift by that start.
            g->SetAttribute("FlowFileTimeOffset",
                            TimeValue(PicoSeconds(offset - item.Int("start"))));
            *stream += g->AssignStreams(*stream);
        }
    }
    else if (plan.type == "token_churn")
    {
        for (std::size_t i = 0; i < plan.a.size(); ++i)
        {
            Ptr<RdmaTokenChurn> c = CreateObject<RdmaTokenChurn>();
            c->SetAttribute(
                "Remote",
                Ipv4AddressValue(fabric.GetHostAddress(plan.a[(i + 1) % plan.a.size()])));
            c->SetAttribute("Port", UintegerValue(30000 + plan.index));
            c->SetAttribute("Rate", DoubleValue(item.Real("rate")));
            c->SetAttribute("WindowSize", StringValue(ConstantVariable(item.Int("window_size"))));
            c->SetAttribute("BufferSize",
                            UintegerValue(std::max<uint64_t>(1 << 20, item.Int("window_size"))));
            c->SetAttribute("Lifetime", StringValue(SecondsConstant(item.Int("lifetime"))));
            c->SetAttribute("MaxWindows", UintegerValue(item.Int("max_windows")));
            fabric.GetHostNode(plan.a[i])->AddApplication(c);
            SetTimes(item, c);
            *stream += c->AssignStreams(*stream);
            recorder.WatchApp(c);
        }
    }
    else if (plan.type == "attacker")
    {
        Ptr<RdmaKvServer> victim = CreateObject<RdmaKvServer>();
        victim->SetAttribute("Port", UintegerValue(serverPort));
        victim->SetAttribute("TokenRotation", TimeValue(PicoSeconds(item.Int("token_rotation"))));
        fabric.GetHostNode(plan.b[0])->AddApplication(victim);
        SetTimes(item, victim);
        *stream += victim->AssignStreams(*stream);
        recorder.WatchApp(victim);
        Ptr<RdmaAttacker> attacker = CreateObject<RdmaAttacker>();
        attacker->SetAttribute("Remote", Ipv4AddressValue(fabric.GetHostAddress(plan.b[0])));
        attacker->SetAttribute("Port", UintegerValue(serverPort));
        attacker->SetAttribute("Interval", TimeValue(PicoSeconds(item.Int("interval"))));
        attacker->SetAttribute("Rounds", UintegerValue(item.Int("rounds")));
        attacker->SetAttribute("Length", UintegerValue(item.Int("length")));
        fabric.GetHostNode(plan.a[0])->AddApplication(attacker);
        SetTimes(item, attacker);
        attacker->SetStartTime(PicoSeconds(item.Int("start")) + MicroSeconds(1));
        *stream += attacker->AssignStreams(*stream);
        recorder.WatchAttacker(attacker);
    }
}

} // namespace ndksim::run
