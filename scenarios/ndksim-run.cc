/*
 * ndksim-run: runs a scenario, writes its results database and prints its summary.
 *
 * The scenario file and --set overrides are validated against the schema of
 * scenarios/validator (ndksim-scenario-schema.cc), and a fabric scenario's topology, hosts and
 * files are checked, before anything is created: bad input exits 2 and leaves no database.
 *
 * A scenario with a [topology] runs on a RoCEv2 fabric (runner/fabric-run.h): FabricHelper,
 * the [[workload]] applications, the recorder (scenarios/recorder). Without one (or with
 * --demo) it is the built-in two-host demo over the ideal transport (runner/demo-run.h).
 */

#include "ndksim/results/results-summary.h"
#include "ndksim/results/results-writer.h"
#include "ndksim/scenario/ndksim-scenario-schema.h"
#include "ndksim/scenario/ns3-attribute-check.h"
#include "ndksim/scenario/scenario-validator.h"
#include "runner/demo-run.h"
#include "runner/fabric-run.h"

#include "ns3/config.h"
#include "ns3/core-module.h"
#include "ns3/data-rate.h"
#include "ns3/ndksim-defaults.h"
#include "ns3/version-defines.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

using namespace ns3;

namespace
{

/**
 * Record the run's full parameter set: every scenario setting (defaults included), then the
 * initial value of every attribute of ndksim's own types that the scenario did not set.
 */
void
WriteParams(ndksim::results::ResultsWriter& db, const ndksim::scenario::Scenario& scenario)
{
    for (const auto& s : scenario.GetSettings())
    {
        db.AddParam(s.key, s.text, s.unit, s.source);
    }
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        TypeId tid = TypeId::GetRegistered(i);
        const std::string& type = tid.GetName();
        if (type.rfind("ns3::Ndk", 0) != 0 && type.rfind("ns3::Rdma", 0) != 0 &&
            type.rfind("ns3::Roce", 0) != 0)
        {
            continue;
        }
        for (std::size_t a = 0; a < tid.GetAttributeN(); ++a)
        {
            TypeId::AttributeInformation info = tid.GetAttribute(a);
            const std::string key = type + "::" + info.name;
            if (scenario.Find(key))
            {
                continue;
            }
            // Times and rates in the schema's units, so analysis can compare them as integers.
            if (const auto* t = dynamic_cast<const TimeValue*>(PeekPointer(info.initialValue)))
            {
                db.AddParam(key, std::to_string(t->Get().GetPicoSeconds()), "ps", "ns3-default");
            }
            else if (const auto* r =
                         dynamic_cast<const DataRateValue*>(PeekPointer(info.initialValue)))
            {
                db.AddParam(key, std::to_string(r->Get().GetBitRate()), "bit/s", "ns3-default");
            }
            else
            {
                db.AddParam(key,
                            info.initialValue->SerializeToString(info.checker),
                            "",
                            "ns3-default");
            }
        }
    }
}

/** The temporary database of this run, removed if the process terminates abnormally. */
std::string g_tempDb;

/**
 * std::terminate handler: an NS_FATAL_ERROR / NS_ABORT_MSG inside the model (ns-3 prints its
 * message first) or an escaped exception must not leave a half-written database behind.
 */
[[noreturn]] void
TerminateCleanly()
{
    if (!g_tempDb.empty())
    {
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        {
            std::remove((g_tempDb + suffix).c_str());
        }
    }
    std::fprintf(stderr,
                 "ndksim-run: error: the simulation stopped on a fatal error (above); "
                 "no database written\n");
    std::_Exit(3);
}

} // namespace

int
main(int argc, char** argv)
{
    Time::SetResolution(Time::PS);
    NdksimUseDefaultScheduler();

    CLI::App app{"ndksim-run: run an ndksim scenario and print its summary"};
    std::string scenarioPath;
    std::vector<std::string> sets;
    std::string dbOption;
    bool noDb = false;
    bool demo = false;
    app.add_option("scenario", scenarioPath, "scenario file (default: scenarios/default.toml)");
    app.add_option("--set", sets, "override a setting: key=value (repeatable)");
    app.add_option("--db",
                   dbOption,
                   "results database (default: [output] db, "
                   "results/{name}-{seed}-{rng_run}.db)");
    app.add_flag("--no-db", noDb, "write no results database");
    app.add_flag("--demo",
                 demo,
                 "run the built-in two-host demo over the ideal transport (scenarios/demo.toml "
                 "when no scenario is given)");
    try
    {
        app.parse(argc, argv);
    }
    catch (const CLI::ParseError& e)
    {
        return app.exit(e);
    }
    if (scenarioPath.empty())
    {
        scenarioPath =
            std::string(NDKSIM_SOURCE_DIR) + "/scenarios/" + (demo ? "demo.toml" : "default.toml");
    }

    // Validate everything before anything is created: a bad scenario leaves no database behind.
    ndksim::scenario::ScenarioSchema schema = ndksim::scenario::MakeNdksimScenarioSchema();
    schema.SetAttributeChecker(ndksim::scenario::CheckNs3Attribute);
    ndksim::scenario::ScenarioValidator validator(schema);
    validator.LoadFile(scenarioPath);
    for (const std::string& s : sets)
    {
        validator.ApplySet(s);
    }
    ndksim::scenario::Scenario scenario = validator.Finish();
    std::vector<std::string> problems = validator.GetErrors();
    if (problems.empty())
    {
        problems = scenario.GetPlannedUses();
    }
    const bool fabricRun = !demo && scenario.HasSection("topology");
    if (problems.empty() && !fabricRun && !demo)
    {
        // Fabric sections without a fabric would be ignored by the demo: say so instead.
        for (const ndksim::scenario::Setting& setting : scenario.GetSettings())
        {
            const std::string& sec = setting.section;
            if (setting.source != "default" &&
                (sec == "workload" || sec == "nic" || sec == "switch" || sec == "cc"))
            {
                problems.push_back(setting.where + ": [" + sec +
                                   "] needs a [topology] (without one the run is the two-host "
                                   "demo, which would ignore it)");
                break;
            }
        }
    }
    std::optional<ndksim::run::FabricPlan> plan;
    if (problems.empty() && fabricRun)
    {
        try
        {
            plan = ndksim::run::PlanFabric(scenario);
        }
        catch (const std::invalid_argument& e)
        {
            std::istringstream lines(e.what());
            for (std::string line; std::getline(lines, line);)
            {
                problems.push_back(line);
            }
        }
    }
    if (!problems.empty())
    {
        for (const std::string& e : problems)
        {
            std::cerr << e << "\n";
        }
        std::cerr << "ndksim-run: error: " << problems.size() << " problem"
                  << (problems.size() == 1 ? "" : "s") << " in the scenario; nothing run\n";
        return 2;
    }

    try
    {
        const auto wallStart = std::chrono::steady_clock::now();
        std::unique_ptr<ndksim::results::ResultsWriter> db;
        if (!noDb)
        {
            ndksim::results::RunInfo info;
            info.scenario = scenarioPath;
            info.scenarioName = scenario.GetName();
            info.seed = static_cast<uint64_t>(scenario.GetInteger("run.seed"));
            info.rngRun = static_cast<uint64_t>(scenario.GetInteger("run.rng_run"));
            info.ndksimVersion = NdksimVersion();
            info.ns3Version =
                std::to_string(NS3_VERSION_MAJOR) + "." + std::to_string(NS3_VERSION_MINOR);
            std::string path =
                dbOption.empty()
                    ? ndksim::run::ExpandRunFields(scenario.GetText("output.db"), scenario)
                    : dbOption;
            g_tempDb = ndksim::results::ResultsWriter::TempPathFor(path, ::getpid());
            std::set_terminate(&TerminateCleanly);
            db = std::make_unique<ndksim::results::ResultsWriter>(path, info);
            if (fabricRun)
            {
                ndksim::run::ApplyDefaults(scenario); // record the values actually in force
            }
            WriteParams(*db, scenario);
        }
        ndksim::results::RunEnd end;
        int rc = 0;
        if (fabricRun)
        {
            ndksim::run::RunFabric(scenario, *plan, db.get(), &end);
            rc = end.status == "ok" ? 0 : 1;
        }
        else
        {
            for (const auto& [name, value] : scenario.GetAttributes("attributes"))
            {
                Config::SetDefault(name, StringValue(value));
            }
            ndksim::run::DemoParams params;
            params.seed = static_cast<uint64_t>(scenario.GetInteger("run.seed"));
            params.rngRun = static_cast<uint64_t>(scenario.GetInteger("run.rng_run"));
            params.bytes = static_cast<uint64_t>(scenario.GetInteger("demo.bytes"));
            rc = ndksim::run::RunDemo(params, db.get(), &end);
        }
        end.wallTimeUs = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::steady_clock::now() - wallStart)
                             .count();
        if (!fabricRun && scenario.GetBoolean("run.progress"))
        {
            std::cerr << "ndksim-run: progress: simulated " << end.simTimePs << " ps, "
                      << end.events << " events, " << end.wallTimeUs << " us wall\n";
        }
        if (db)
        {
            db->Finish(end);
            std::cout << ndksim::results::DescribeResults(db->GetFinalPath()) << "  wall time "
                      << end.wallTimeUs / 1000 << " ms, "
                      << (end.wallTimeUs > 0 ? end.events * 1000000 / end.wallTimeUs : 0)
                      << " events/s\n"
                      << "results: " << db->GetFinalPath() << "\n";
        }
        return rc;
    }
    catch (const std::exception& e)
    {
        // The writer (if any) was destroyed unfinished on the way here: its file is gone.
        std::cerr << "ndksim-run: error: " << e.what() << "\n";
        return 3;
    }
}
