/*
 * Shared setup of the rdma-apps suites: hosts around one RoceSwitch with the adapter and the
 * NIC aggregated to each host Node (as FabricHelper does), record collectors, and the check of
 * the op records at the end of a run against the NDK layer's own count of work requests.
 */

#ifndef RDMA_APPS_TEST_UTIL_H
#define RDMA_APPS_TEST_UTIL_H

#include "suites/roce-fabric-test-util.h"

#include "ns3/rdma-app-records.h"
#include "ns3/rdma-app.h"
#include "ns3/test.h"

#include <map>
#include <set>
#include <sstream>
#include <string>
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

    /** \return the op records with status PENDING (reported by ReportUnfinished). */
    uint64_t CountPending() const
    {
        uint64_t n = 0;
        for (const auto& r : ops)
        {
            n += r.status == NdkStatus::PENDING;
        }
        return n;
    }
};

/** \return true for the completion types of receives (the receive queue, not the initiator's). */
inline bool
IsReceive(NdkOperationType type)
{
    return type == NdkOperationType::Receive || type == NdkOperationType::ReceiveAndInvalidate;
}

/**
 * The initiator work requests of every QP of one adapter as the NDK layer counts them,
 * independently of the applications' own bookkeeping.
 */
struct NdkPosts
{
    uint64_t posted{0};                //!< posts accepted (NdkQp::Stats::posted)
    std::map<uint32_t, uint64_t> open; //!< QP number -> posts not completed (nonzero only)
    uint64_t outstanding{0};           //!< sum of open
    uint64_t queued{0};                //!< completions waiting in the QPs' CQs, not polled
};

/** \return the NDK layer's count of the initiator work requests of \p adapter's QPs. */
inline NdkPosts
CountPosts(Ptr<NdkAdapter> adapter)
{
    NdkPosts n;
    std::set<const NdkCq*> cqs;
    // QP numbers are dense from 0 (freed ones are reused): the tests stay far below this.
    for (uint32_t qpn = 0; qpn < (1U << 16); ++qpn)
    {
        const NdkQp* qp = adapter->FindQp(qpn);
        if (!qp)
        {
            continue;
        }
        n.posted += qp->GetStats().posted;
        if (const uint64_t open = qp->GetOutstandingInitiator())
        {
            n.open[qpn] = open;
            n.outstanding += open;
        }
        for (Ptr<NdkCq> cq : {qp->GetInitiatorCq(), qp->GetReceiveCq()})
        {
            if (cq && cqs.insert(PeekPointer(cq)).second)
            {
                n.queued += cq->GetCount();
            }
        }
    }
    return n;
}

/**
 * A test case of the applications' records, with the check of the op records at the end of a
 * run (after RdmaApp::ReportUnfinished) against the NDK layer.
 */
class AppsTestCase : public TestCase
{
  protected:
    explicit AppsTestCase(std::string name)
        : TestCase(name)
    {
    }

    /**
     * Check \p rec, every op record of the applications of node \p node (whose adapter is
     * \p adapter), after a ReportUnfinished call that added the records from index \p from:
     * those are exactly one PENDING record (completion -1, posted at or before now, an initiator
     * type) per initiator work request the NDK layer has not completed, on its QP; and the
     * initiator records of the whole run (completions and PENDING) are one per post, so that
     * no request reported PENDING was recorded again when it completed later. Receives still
     * posted get no record (see RdmaOpRecord). \return the PENDING records added.
     */
    uint64_t CheckOpsAtEnd(const Records& rec,
                           Ptr<NdkAdapter> adapter,
                           uint32_t node,
                           size_t from,
                           const std::string& who)
    {
        const NdkPosts posts = CountPosts(adapter);
        const int64_t now = Simulator::Now().GetPicoSeconds();
        NS_TEST_EXPECT_MSG_EQ(posts.queued,
                              0,
                              who << ": no completion waits in a CQ at the end (move the stop)");
        std::map<uint32_t, uint64_t> pending;
        uint64_t added = 0;
        for (size_t i = from; i < rec.ops.size(); ++i)
        {
            const RdmaOpRecord& r = rec.ops[i];
            NS_TEST_EXPECT_MSG_EQ(r.status, NdkStatus::PENDING, who << ": only PENDING at the end");
            NS_TEST_EXPECT_MSG_EQ(r.completionPs, RDMA_APP_NEVER, who << ": no completion time");
            NS_TEST_EXPECT_MSG_LT_OR_EQ(r.postPs, now, who << ": posted before the end");
            NS_TEST_EXPECT_MSG_GT_OR_EQ(r.postPs, 0, who << ": a real post time");
            NS_TEST_EXPECT_MSG_EQ(r.host, node, who << ": host");
            NS_TEST_EXPECT_MSG_EQ(IsReceive(r.type), false, who << ": no idle receive reported");
            ++pending[r.qpn];
            ++added;
        }
        std::ostringstream want;
        std::ostringstream got;
        for (const auto& q : posts.open)
        {
            want << " qp" << q.first << ":" << q.second;
        }
        for (const auto& q : pending)
        {
            got << " qp" << q.first << ":" << q.second;
        }
        NS_TEST_EXPECT_MSG_EQ(got.str(),
                              want.str(),
                              who << ": one PENDING record per open post, per QP");
        uint64_t initiatorRecords = 0;
        for (const RdmaOpRecord& r : rec.ops)
        {
            initiatorRecords += !IsReceive(r.type);
        }
        NS_TEST_EXPECT_MSG_EQ(initiatorRecords,
                              posts.posted,
                              who << ": one record per post (completed or PENDING)");
        return added;
    }
};

} // namespace rdmaappstest
} // namespace ns3

#endif
