/*
 * roce-dcqcn: DCQCN end to end — switch ECN marks, receiver CNPs, sender rate control and
 * pacing — on a 2:1 bottleneck of 100 Gb/s links.
 */

#include "roce-fabric-test-util.h"

#include "ns3/rdma-cc-state.h"
#include "ns3/rdma-congestion-ops.h"
#include "ns3/test.h"

#include <algorithm>

using namespace ns3;
using namespace ns3::rocetest;

namespace
{

/** Two senders (hosts 0 and 1) and one receiver (host 2) on one switch. */
void
BuildTwoToOne(RoceTestFabric& f)
{
    Ptr<RoceSwitch> sw = f.AddSwitch();
    for (uint32_t i = 0; i < 3; ++i)
    {
        f.AddHost(sw, i);
    }
    f.AddFlow(0, 2);
    f.AddFlow(1, 2);
}

/** \return the payload bytes host \p h's NIC has sent */
uint64_t
SentBytes(RoceTestFabric& f, uint32_t h)
{
    return f.hosts[h].nic->GetTotalStats().txBytes;
}

/** \return the congestion-control state of flow \p i's sender QP */
Ptr<RdmaCcState>
CcState(RoceTestFabric& f, uint32_t i)
{
    const FabricFlow& flow = f.flows[i];
    const RdmaRcQp* rc = f.hosts[flow.client].nic->GetRcQp(flow.clientQp->GetQpNumber());
    return rc ? rc->GetCongestionOps()->GetState() : nullptr;
}

/** "Rate" trace sink: keep the lowest rate and the time of the last change. */
void
RateSeen(uint64_t* lowest, Time* last, uint64_t, uint64_t now)
{
    *lowest = std::min(*lowest, now);
    *last = Simulator::Now();
}

} // namespace

/** A late second flow and the first converge to within 10 % of a fair share in a few ms. */
class RoceDcqcnFairnessTestCase : public TestCase
{
  public:
    RoceDcqcnFairnessTestCase()
        : TestCase("two flows on a 100G bottleneck converge to a fair share")
    {
    }

  private:
    void DoRun() override
    {
        RoceTestFabric f(false);
        BuildTwoToOne(f);
        NS_TEST_ASSERT_MSG_EQ(f.flows[0].connected && f.flows[1].connected, true, "connected");
        f.PostWrite(0, 80ULL << 20);
        Simulator::Schedule(MilliSeconds(1), [&f]() { f.PostWrite(1, 40ULL << 20); });
        // Measure 2.5 ms after the second flow started, over 1.5 ms.
        uint64_t start[2] = {0, 0};
        uint64_t end[2] = {0, 0};
        Simulator::Schedule(MicroSeconds(3500), [&]() {
            start[0] = SentBytes(f, 0);
            start[1] = SentBytes(f, 1);
        });
        Simulator::Schedule(MicroSeconds(5000), [&]() {
            end[0] = SentBytes(f, 0);
            end[1] = SentBytes(f, 1);
        });
        Simulator::Stop(MicroSeconds(5001));
        Simulator::Run();
        const double window = 1.5e-3;
        const double r0 = (end[0] - start[0]) * 8.0 / window;
        const double r1 = (end[1] - start[1]) * 8.0 / window;
        const double fair = (r0 + r1) / 2;
        std::printf("roce-dcqcn: 2.5-4 ms after the second flow: %.2f and %.2f Gb/s (sum %.2f)\n",
                    r0 / 1e9,
                    r1 / 1e9,
                    (r0 + r1) / 1e9);
        NS_TEST_EXPECT_MSG_EQ_TOL(r0 / fair, 1.0, 0.1, "first flow near its fair share");
        NS_TEST_EXPECT_MSG_EQ_TOL(r1 / fair, 1.0, 0.1, "second flow near its fair share");
        NS_TEST_EXPECT_MSG_GT(r0 + r1, 0.8e11, "the bottleneck stays busy");
        const RdmaQpStats total = f.TotalNicStats();
        NS_TEST_EXPECT_MSG_GT(total.cnpsReceived, 0, "CNPs reached the senders");
        Ptr<RdmaCcState> s0 = CcState(f, 0);
        NS_TEST_ASSERT_MSG_NE(s0, nullptr, "sender state");
        NS_TEST_EXPECT_MSG_GT(s0->rateChanges, 0, "the sender's rate moved");
    }
};

/** After the competing flow ends, the survivor's rate climbs back to line rate. */
class RoceDcqcnRecoveryTestCase : public TestCase
{
  public:
    RoceDcqcnRecoveryTestCase()
        : TestCase("a single flow returns to line rate after congestion clears")
    {
    }

  private:
    void DoRun() override
    {
        RoceTestFabric f(false);
        BuildTwoToOne(f);
        f.PostWrite(0, 30ULL << 20);
        f.PostWrite(1, 10ULL << 20);
        Ptr<RdmaCcState> s0 = CcState(f, 0);
        NS_TEST_ASSERT_MSG_NE(s0, nullptr, "sender state");
        uint64_t lowest = s0->rateBps;
        Time lastChange;
        const RdmaRcQp* rc = f.hosts[0].nic->GetRcQp(f.flows[0].clientQp->GetQpNumber());
        rc->GetCongestionOps()->TraceConnectWithoutContext(
            "Rate",
            MakeBoundCallback(&RateSeen, &lowest, &lastChange));
        Simulator::Run(); // both writes complete; the timers run until the rate is back
        auto done = f.Completions(0);
        NS_TEST_EXPECT_MSG_EQ(done.size(), 1, "the long write completed");
        NS_TEST_EXPECT_MSG_LT(lowest, s0->lineRateBps * 3 / 4, "congestion cut the rate");
        NS_TEST_EXPECT_MSG_EQ(s0->rateBps, s0->lineRateBps, "back at line rate");
        std::printf("roce-dcqcn: lowest rate %.2f Gb/s, line rate again at %.3f ms\n",
                    lowest / 1e9,
                    lastChange.GetSeconds() * 1e3);
    }
};

/** The roce-dcqcn suite. */
class RoceDcqcnTestSuite : public TestSuite
{
  public:
    RoceDcqcnTestSuite()
        : TestSuite("roce-dcqcn", UNIT)
    {
        AddTestCase(new RoceDcqcnFairnessTestCase, TestCase::QUICK);
        AddTestCase(new RoceDcqcnRecoveryTestCase, TestCase::QUICK);
    }
};

static RoceDcqcnTestSuite g_roceDcqcnTestSuite;
