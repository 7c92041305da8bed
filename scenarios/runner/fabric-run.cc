#include "runner/fabric-run.h"

#include "ndksim/recorder/run-recorder.h"
#include "ndksim/topo/topo-module.h"
#include "runner/host-selector.h"

#include "ns3/config.h"
#include "ns3/core-module.h"
#include "ns3/fabric-helper.h"
#include "ns3/ndksim-defaults.h"
#include "ns3/rdma-nic.h"
#include "ns3/roce-net-device.h"
#include "ns3/roce-pcap-helper.h"
#include "ns3/roce-switch.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <stdlib.h>
#include <unistd.h>

using namespace ns3;

namespace ndksim::run
{

namespace
{

/** Append key=value to a generator spec ("fattree:k=4" -> "fattree:k=4,delay=1us"). */
std::string
AddSpecKey(const std::string& spec, const std::string& key, const std::string& value)
{
    return spec + (spec.find(':') == std::string::npos ? ":" : ",") + key + "=" + value;
}

/** \return whether the generator spec names \p key ("fattree:k=4,delay=1us" names "delay"). */
bool
HasSpecKey(const std::string& spec, const std::string& key)
{
    for (std::size_t at = spec.find(key + "="); at != std::string::npos;
         at = spec.find(key + "=", at + 1))
    {
        if (at > 0 && (spec[at - 1] == ':' || spec[at - 1] == ','))
        {
            return true;
        }
    }
    return false;
}

/** \return the rate keys of the generator family of \p spec (what [topology] link_rate sets). */
std::vector<const char*>
SpecRateKeys(const std::string& spec)
{
    if (spec.rfind("dragonfly", 0) == 0)
    {
        return {"host_rate", "local_rate", "global_rate"};
    }
    return {"host_rate", "fabric_rate"};
}

/**
 * Progress on stderr: a simulator event every 1/200 of the stop time prints at most one line
 * per wall-clock second. The wall clock is read for display only; the events it adds are
 * counted and taken out of the run's event count, and they never reorder the model's events.
 */
class Progress
{
  public:
    Progress(int64_t stopPs)
        : m_stopPs(stopPs),
          m_step(std::max<int64_t>(1, stopPs / 200)),
          m_start(std::chrono::steady_clock::now()),
          m_last(m_start)
    {
        Simulator::Schedule(PicoSeconds(m_step), &Progress::Tick, this);
    }

    /** \return the ticks that ran (a tick still pending when the run stops never counts) */
    uint64_t GetEvents() const
    {
        return m_events;
    }

    void Print(bool final)
    {
        const auto now = std::chrono::steady_clock::now();
        const double wall = std::chrono::duration<double>(now - m_start).count();
        const int64_t simPs = Simulator::Now().GetPicoSeconds();
        const double events = static_cast<double>(Simulator::GetEventCount() - m_events);
        const double done = static_cast<double>(simPs) / static_cast<double>(m_stopPs);
        char line[200];
        std::snprintf(line,
                      sizeof(line),
                      "ndksim-run: progress: simulated %.3f ms of %.3f ms (%.0f%%), wall %.1f s, "
                      "%.2f M events/s%s",
                      simPs * 1e-9,
                      m_stopPs * 1e-9,
                      100 * done,
                      wall,
                      wall > 0 ? events / wall * 1e-6 : 0.0,
                      final ? "" : ", ETA ");
        std::cerr << line;
        if (!final)
        {
            std::fprintf(stderr, "%.0f s", done > 0 ? wall * (1 - done) / done : 0.0);
        }
        std::cerr << std::endl;
        m_last = now;
    }

  private:
    void Tick()
    {
        ++m_events;
        if (std::chrono::steady_clock::now() - m_last >= std::chrono::seconds(1))
        {
            Print(false);
        }
        if (Simulator::Now().GetPicoSeconds() + m_step < m_stopPs)
        {
            Simulator::Schedule(PicoSeconds(m_step), &Progress::Tick, this);
        }
    }

    int64_t m_stopPs;
    int64_t m_step;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_last;
    uint64_t m_events{0};
};

/** A directory for generated flow files, removed with everything in it. */
class TempDir
{
  public:
    TempDir()
    {
        // mkdtemp: a fresh private directory, never one another user prepared at a guessable
        // name.
        std::string pattern =
            (std::filesystem::temp_directory_path() / "ndksim-run-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
        {
            throw std::runtime_error("cannot create a temporary directory " + pattern + ": " +
                                     std::strerror(errno));
        }
        m_path = pattern;
    }

    ~TempDir()
    {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }

    std::string Get() const
    {
        return m_path.string();
    }

  private:
    std::filesystem::path m_path;
};

/**
 * [output] pcap: host selectors and "swJ:P" switch ports (J-th switch of the topology, port P),
 * checked against \p topo; \throw std::invalid_argument "where: output.pcap: why".
 */
void
PlanPcap(const ndksim::scenario::Scenario& s, const ndksim::topo::Topology& topo, FabricPlan& plan)
{
    const ndksim::scenario::Setting* list = s.Find("output.pcap");
    if (!list)
    {
        return;
    }
    std::vector<uint32_t> switchPorts; // ports of each switch, in topology order
    for (uint32_t v = 0; v < topo.NumNodes(); ++v)
    {
        if (topo.GetRole(v) != ndksim::topo::NodeRole::Host)
        {
            switchPorts.push_back(static_cast<uint32_t>(topo.NumPorts(v)));
        }
    }
    std::vector<std::string> hosts;
    for (const std::string& item : list->list)
    {
        if (item.rfind("sw", 0) != 0)
        {
            hosts.push_back(item);
            continue;
        }
        const std::size_t colon = item.find(':');
        const std::string j = item.substr(2, colon == std::string::npos ? 0 : colon - 2);
        const std::string p = colon == std::string::npos ? "" : item.substr(colon + 1);
        const auto digits = [](const std::string& t) {
            return !t.empty() && t.size() < 10 &&
                   t.find_first_not_of("0123456789") == std::string::npos;
        };
        if (!digits(j) || !digits(p))
        {
            throw std::invalid_argument(list->where + ": output.pcap: '" + item +
                                        "' is not a switch port \"swJ:P\" (J: switch number, "
                                        "P: port number)");
        }
        const auto sw = static_cast<uint32_t>(std::stoul(j));
        const auto port = static_cast<uint32_t>(std::stoul(p));
        if (sw >= switchPorts.size())
        {
            throw std::invalid_argument(
                list->where + ": output.pcap: '" + item + "': " +
                (switchPorts.empty()
                     ? std::string("the fabric has no switches")
                     : "the switches are sw0 to sw" + std::to_string(switchPorts.size() - 1)));
        }
        if (port >= switchPorts[sw])
        {
            throw std::invalid_argument(list->where + ": output.pcap: '" + item + "': sw" + j +
                                        " has " + std::to_string(switchPorts[sw]) + " ports");
        }
        plan.pcapPorts.emplace_back(sw, port);
    }
    if (!hosts.empty())
    {
        try
        {
            plan.pcapHosts = SelectHosts(hosts, topo.NumHosts());
        }
        catch (const std::invalid_argument& e)
        {
            throw std::invalid_argument(list->where + ": output.pcap: " + e.what());
        }
    }
}

/** Open the pcap files PlanPcap chose. */
void
EnablePcap(const ndksim::scenario::Scenario& s,
           const FabricPlan& plan,
           FabricHelper& fabric,
           RocePcapHelper& pcap)
{
    if (plan.pcapPorts.empty() && plan.pcapHosts.empty())
    {
        return;
    }
    const std::string prefix = ExpandRunFields(s.GetText("output.pcap_prefix"), s);
    const std::filesystem::path dir = std::filesystem::path(prefix).parent_path();
    if (!dir.empty())
    {
        std::filesystem::create_directories(dir);
    }
    for (const auto& [j, p] : plan.pcapPorts)
    {
        pcap.EnablePcap(prefix + "-sw" + std::to_string(j) + "-" + std::to_string(p) + ".pcap",
                        fabric.GetSwitch(j)->GetPort(p));
    }
    for (uint32_t h : plan.pcapHosts)
    {
        pcap.EnablePcap(prefix + "-host" + std::to_string(h) + ".pcap", fabric.GetNic(h));
    }
}

} // namespace

std::string
ExpandRunFields(std::string path, const ndksim::scenario::Scenario& s)
{
    const std::pair<std::string, std::string> fields[] = {{"{name}", s.GetName()},
                                                          {"{seed}", s.GetText("run.seed")},
                                                          {"{rng_run}", s.GetText("run.rng_run")}};
    for (const auto& [field, value] : fields)
    {
        for (std::size_t at = path.find(field); at != std::string::npos; at = path.find(field, at))
        {
            path.replace(at, field.size(), value);
            at += value.size();
        }
    }
    return path;
}

FabricPlan
PlanFabric(const ndksim::scenario::Scenario& s)
{
    FabricPlan plan;
    std::vector<std::string> errors;
    const ndksim::scenario::Setting* stop = s.Find("run.stop_time");
    if (!stop)
    {
        errors.push_back(s.GetPath() +
                         ": run.stop_time: required with [topology] (e.g. stop_time = \"10ms\")");
    }
    else
    {
        plan.stopPs = stop->integer;
    }
    try
    {
        if (const ndksim::scenario::Setting* file = s.Find("topology.file"))
        {
            plan.topologySource = file->text;
            for (const char* key : {"topology.link_rate", "topology.link_delay"})
            {
                // A file gives every link its own rate and delay: an override would be a guess.
                if (const ndksim::scenario::Setting* extra = s.Find(key);
                    extra && extra->source != "default")
                {
                    throw std::invalid_argument(extra->where + ": " + key +
                                                ": applies to a generator spec only; a topology "
                                                "file gives each link its rate and delay");
                }
            }
            try
            {
                plan.topology = ndksim::topo::ReadTopologyFile(file->text);
            }
            catch (const std::exception& e)
            {
                throw std::invalid_argument(file->where + ": topology.file: " + e.what());
            }
        }
        else
        {
            const ndksim::scenario::Setting* spec = s.Find("topology.spec");
            std::string text = spec->text;
            if (const auto* rate = s.Find("topology.link_rate"))
            {
                for (const char* key : SpecRateKeys(text))
                {
                    if (!HasSpecKey(text, key))
                    {
                        text = AddSpecKey(text, key, rate->text + "bps");
                    }
                }
            }
            if (const auto* delay = s.Find("topology.link_delay");
                delay && !HasSpecKey(text, "delay"))
            {
                // "delay" sets every delay first; delay keys the spec names still win.
                text = AddSpecKey(text, "delay", delay->text + "ps");
            }
            plan.topologySource = text;
            try
            {
                plan.topology = ndksim::topo::LoadTopology(text);
            }
            catch (const std::exception& e)
            {
                throw std::invalid_argument(spec->where + ": topology.spec: " + e.what());
            }
        }
    }
    catch (const std::invalid_argument& e)
    {
        errors.push_back(e.what());
        throw std::invalid_argument(errors.front() + (errors.size() > 1 ? "\n" + errors[1] : ""));
    }
    try
    {
        PlanPcap(s, plan.topology, plan);
    }
    catch (const std::invalid_argument& e)
    {
        errors.push_back(e.what());
    }
    const std::size_t nHosts = plan.topology.NumHosts();
    for (uint32_t i = 0; i < s.GetCount("workload"); ++i)
    {
        try
        {
            plan.workloads.push_back(PlanWorkload(s, i, nHosts));
        }
        catch (const std::invalid_argument& e)
        {
            errors.push_back(e.what());
        }
    }
    if (!errors.empty())
    {
        std::string all;
        for (const std::string& e : errors)
        {
            all += (all.empty() ? "" : "\n") + e;
        }
        throw std::invalid_argument(all);
    }
    return plan;
}

void
ApplyDefaults(const ndksim::scenario::Scenario& s)
{
    for (const char* section : {"attributes", "nic", "switch"})
    {
        for (const auto& [name, value] : s.GetAttributes(section))
        {
            Config::SetDefault(name, StringValue(value));
        }
    }
    if (const ndksim::scenario::Setting* cc = s.Find("cc.type"))
    {
        const std::string type = cc->text == "dcqcn"         ? "ns3::RdmaDcqcn"
                                 : cc->text == "dcqcn_paper" ? "ns3::RdmaDcqcnPaper"
                                                             : "ns3::RdmaNoCc";
        Config::SetDefault("ns3::RdmaNic::CongestionControl",
                           TypeIdValue(TypeId::LookupByName(type)));
        for (const auto& [name, value] : s.GetAttributes("cc"))
        {
            Config::SetDefault(name, StringValue(value));
        }
    }
}

void
RunFabric(const ndksim::scenario::Scenario& s,
          FabricPlan& plan,
          ndksim::results::ResultsWriter* db,
          ndksim::results::RunEnd* end)
{
    ApplyDefaults(s);
    RngSeedManager::SetSeed(static_cast<uint32_t>(s.GetInteger("run.seed")));
    RngSeedManager::SetRun(static_cast<uint64_t>(s.GetInteger("run.rng_run")));

    FabricHelper fabric;
    fabric.Install(plan.topology);
    fabric.AssignStreams(0);
    if (db)
    {
        for (uint32_t n = 0; n < plan.topology.NumNodes(); ++n)
        {
            const bool host = plan.topology.GetRole(n) == ndksim::topo::NodeRole::Host;
            db->AddNode(fabric.GetNode(n)->GetId(),
                        host ? "host" : "switch",
                        plan.topology.GetName(n));
        }
    }

    ndksim::recorder::RunRecorder recorder(db, fabric, plan.topology);
    recorder.AttachFabric();
    if (const ndksim::scenario::Setting* every = s.Find("output.sample_interval"))
    {
        recorder.StartSampling(PicoSeconds(every->integer));
    }
    TempDir temp;
    int64_t stream = 1000000;
    uint64_t expected = 0;
    bool allFinite = !plan.workloads.empty();
    for (const WorkloadPlan& w : plan.workloads)
    {
        InstallWorkload(s, w, fabric, recorder, &stream, temp.Get());
        expected += w.expectedFlows;
        allFinite = allFinite && w.finite;
    }
    if (allFinite)
    {
        // Every flow of the run is known: end as soon as the last one completes.
        recorder.SetFlowCallback([expected](uint64_t done) {
            if (done == expected)
            {
                Simulator::Stop();
            }
        });
    }
    RocePcapHelper pcap;
    EnablePcap(s, plan, fabric, pcap);

    std::unique_ptr<Progress> progress;
    if (s.GetBoolean("run.progress"))
    {
        progress = std::make_unique<Progress>(plan.stopPs);
    }
    Simulator::Stop(PicoSeconds(plan.stopPs));
    Simulator::Run();
    if (progress)
    {
        progress->Print(true);
    }
    recorder.Finish();
    pcap.Close();
    end->simTimePs = Simulator::Now().GetPicoSeconds();
    end->events =
        static_cast<int64_t>(Simulator::GetEventCount() - (progress ? progress->GetEvents() : 0));
    const ndksim::recorder::RunTotals& t = recorder.GetTotals();
    // A run whose attacker got through, or whose flows did not all finish, failed its checks.
    const bool flowsDone = !allFinite || t.flows == expected;
    end->status = t.attacksGranted == 0 && flowsDone ? "ok" : "failed";
    std::cout
        << "ndksim " << NdksimVersion() << " fabric " << plan.topologySource << ": "
        << fabric.GetNHosts() << " hosts, " << fabric.GetNSwitches() << " switches, "
        << plan.workloads.size() << " workloads; " << t.ops << " ops (" << t.failedOps << " failed"
        << (t.unfinishedOps ? ", " + std::to_string(t.unfinishedOps) + " unfinished" : "") << "), "
        << t.flows << " flows" << (allFinite ? " of " + std::to_string(expected) : "")
        << (t.unfinishedFlows ? " (" + std::to_string(t.unfinishedFlows) + " unfinished)" : "")
        << ", " << t.tokens << " tokens"
        << (t.validTokens ? " (" + std::to_string(t.validTokens) + " still valid)" : "") << ", "
        << t.violations << " rejected accesses"
        << (t.attackAttempts ? ", " + std::to_string(t.attackAttempts) + " attack attempts (" +
                                   std::to_string(t.attacksGranted) + " granted)"
                             : "")
        << "\n";
    Simulator::Destroy();
}

} // namespace ndksim::run
