/*
 * Shared setup of the rdma-apps suites: hosts around one RoceSwitch with the adapter and the
 * NIC aggregated to each host Node (as FabricHelper does), and record collectors.
 */

#ifndef RDMA_APPS_TEST_UTIL_H
#define RDMA_APPS_TEST_UTIL_H

#include "suites/roce-fabric-test-util.h"

#include "ns3/rdma-app-records.h"
#include "ns3/rdma-app.h"

#include <vector>

namespace ns3
{
namespace rdmaappstest
{

/** \p n hosts around one switch; each host node aggregates its NdkAdapter and RdmaNic. */
class AppFabric : public rocetest::RoceTestFabric
{
  public:
    explicit AppFabric(uint32_t n, bool track = true)
        : rocetest::RoceTestFabric(track)
    {
        Ptr<RoceSwitch> sw = AddSwitch();
        for (uint32_t i = 0; i < n; ++i)
        {
            uint32_t h = AddHost(sw, 0);
            hosts[h].node->AggregateObject(hosts[h].adapter);
            hosts[h].node->AggregateObject(hosts[h].nic);
        }
    }

    Ptr<ns3::Node> HostNode(uint32_t i)
    {
        return hosts[i].node;
    }

    Ipv4Address Address(uint32_t i)
    {
        return hosts[i].address;
    }
};

/** Collects the records of the common trace sources. */
struct Records
{
    std::vector<RdmaOpRecord> ops;
    std::vector<RdmaTokenRecord> tokens;

    void Watch(Ptr<RdmaApp> app)
    {
        app->TraceConnectWithoutContext("OpCompleted",
                                        Callback<void, const RdmaOpRecord&>(
                                            [this](const RdmaOpRecord& r) { ops.push_back(r); }));
        app->TraceConnectWithoutContext(
            "TokenRetired",
            Callback<void, const RdmaTokenRecord&>(
                [this](const RdmaTokenRecord& r) { tokens.push_back(r); }));
    }

    uint64_t CountOps(NdkOperationType type, bool failedOnly = false) const
    {
        uint64_t n = 0;
        for (const auto& r : ops)
        {
            n += r.type == type && (!failedOnly || r.status != NdkStatus::SUCCESS);
        }
        return n;
    }
};

} // namespace rdmaappstest
} // namespace ns3

#endif
