/*
 * ndksim-run: [[workload]] items -> ndksim workload applications.
 */
#ifndef NDKSIM_RUN_WORKLOADS_H
#define NDKSIM_RUN_WORKLOADS_H

#include "ndksim/scenario/scenario-validator.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
class FabricHelper;
} // namespace ns3

namespace ndksim::recorder
{
class RunRecorder;
} // namespace ndksim::recorder

namespace ndksim::run
{

/**
 * \brief One [[workload]] item, checked against the fabric's host count before anything is
 * created.
 */
struct WorkloadPlan
{
    uint32_t index{0};         //!< position in the file (workload[index])
    std::string type;          //!< variant
    std::vector<uint32_t> a;   //!< clients / senders / hosts / source (host indices)
    std::vector<uint32_t> b;   //!< servers / target / destination
    int64_t timeOffsetPs{0};   //!< hpcc_flows: subtracted from the file's start times
    uint64_t expectedFlows{0}; //!< flows it will start, if known (flow-file workloads)
    bool finite{false};        //!< it ends by itself (its flows are known)
    /** storage io_size_cdf / kv value_size_cdf: (bytes, cumulative probability) points */
    std::vector<std::pair<double, double>> sizeCdf;
    uint64_t maxSize{0}; //!< largest size the item draws (I/O or GET)
    int priority{-1};    //!< traffic class of its connections (-1: the NIC's Priority)
    uint8_t dscp{0};     //!< DSCP of its connections (with priority)
};

/**
 * \brief Check the host selectors (and flow files) of workload \p index.
 * \param s the scenario
 * \param index the item
 * \param nHosts hosts of the fabric
 * \return the plan
 * \throws std::invalid_argument "file:line:column: workload[i].key: what is wrong"
 */
WorkloadPlan PlanWorkload(const ndksim::scenario::Scenario& s, uint32_t index, std::size_t nHosts);

/**
 * \brief Create the applications of \p plan on the fabric and connect them to the recorder.
 *
 * Ports: every application of item i listens on a port of its own (flow generators 20000 + i,
 * token churn 30000 + i, servers 10000 + i), so items never share a listener; an item with a
 * priority installs a QoS policy for its port on every host NIC (RdmaNic::AddQosPolicy), so its
 * connections, and only they, use that class. incast and
 * bulk_write become flow files (written to \p tempDir) replayed by flow generators on every
 * host; cdf installs a generator on every host too, non-senders with load 0 (sinks only).
 *
 * \param s the scenario
 * \param plan the item
 * \param fabric the installed fabric
 * \param recorder where the traces go
 * \param stream next free RNG stream; advanced by the streams the applications took
 * \param tempDir directory for generated flow files
 */
void InstallWorkload(const ndksim::scenario::Scenario& s,
                     const WorkloadPlan& plan,
                     ns3::FabricHelper& fabric,
                     ndksim::recorder::RunRecorder& recorder,
                     int64_t* stream,
                     const std::string& tempDir);

} // namespace ndksim::run

#endif // NDKSIM_RUN_WORKLOADS_H
