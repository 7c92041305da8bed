/*
 * ndksim-run: scenarios with a [topology] — build the fabric, install the workloads, run, record.
 */
#ifndef NDKSIM_RUN_FABRIC_RUN_H
#define NDKSIM_RUN_FABRIC_RUN_H

#include "ndksim/results/results-writer.h"
#include "ndksim/scenario/scenario-validator.h"
#include "ndksim/topo/topology.h"
#include "runner/workloads.h"

#include <memory>
#include <string>
#include <vector>

namespace ndksim::run
{

/** \brief A fabric scenario checked against its topology: nothing of ns-3 is created yet. */
struct FabricPlan
{
    ndksim::topo::Topology topology;     //!< the fabric
    std::string topologySource;          //!< spec string or file, as built
    int64_t stopPs{0};                   //!< [run] stop_time
    std::vector<WorkloadPlan> workloads; //!< the [[workload]] items
    /** [output] pcap: (switch ordinal, port) of every "swJ:P" item */
    std::vector<std::pair<uint32_t, uint32_t>> pcapPorts;
    std::vector<uint32_t> pcapHosts; //!< [output] pcap: host indices of the host selectors
};

/**
 * \brief Load the topology and check every workload's hosts and files against it.
 *
 * [topology] spec (with link_rate / link_delay as the generator's rates and delay when the spec
 * names none) or file; [run] stop_time is required; [output] pcap items must name hosts or
 * switch ports of this fabric.
 *
 * \param s a validated scenario with a [topology]
 * \return the plan
 * \throws std::invalid_argument with one or more "file:line:column: ..." lines
 */
FabricPlan PlanFabric(const ndksim::scenario::Scenario& s);

/** \return \p path with {name}, {seed} and {rng_run} replaced by the scenario's values
 * ([output] db and pcap_prefix). */
std::string ExpandRunFields(std::string path, const ndksim::scenario::Scenario& s);

/**
 * Config::SetDefault of [attributes], [nic], [switch] and [cc] (in that order, the more
 * specific winning). Idempotent; RunFabric calls it, and the runner calls it before recording
 * the parameters so that the database shows the values in force.
 */
void ApplyDefaults(const ndksim::scenario::Scenario& s);

/**
 * \brief Apply the scenario's ns-3 defaults, build the fabric, install the workloads, run and
 * record (the recorder writes into \p db as the run goes and at its end).
 *
 * Order of the defaults: [attributes], then [nic], [switch] and [cc] (the more specific
 * sections win); then RngSeedManager seed and run; FabricHelper::Install; AssignStreams (fabric
 * from stream 0, applications from stream 1,000,000 in item order).
 *
 * \param s the scenario
 * \param plan its plan
 * \param db results (nullptr: none)
 * \param end filled with the simulated time and events
 * \throws std::exception on a runtime failure (the caller discards the database)
 */
void RunFabric(const ndksim::scenario::Scenario& s,
               FabricPlan& plan,
               ndksim::results::ResultsWriter* db,
               ndksim::results::RunEnd* end);

} // namespace ndksim::run

#endif // NDKSIM_RUN_FABRIC_RUN_H
