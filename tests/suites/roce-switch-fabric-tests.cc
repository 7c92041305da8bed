/*
 * roce-switch (fabric cases): RdmaNic hosts around switches posting NDK Writes — 16:1 incast
 * with PFC (lossless) and without (lossy drops, RC recovery), undersized headroom on long
 * cables (lossless violations), ECMP over a 2-leaf / 2-spine fabric (spread, no reordering).
 */

#include "roce-fabric-test-util.h"

#include "ns3/queue-size.h"
#include "ns3/roce-switch-mmu.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

namespace ns3
{
using namespace rocetest;

namespace
{

uint64_t
Sum(const std::array<uint64_t, RoceSwitch::PRIORITIES>& a)
{
    uint64_t s = 0;
    for (uint64_t v : a)
    {
        s += v;
    }
    return s;
}

/** \p n senders write \p bytes each to one receiver through one switch. */
void
BuildIncast(RoceTestFabric& f, uint32_t n, uint64_t bytes)
{
    Ptr<RoceSwitch> sw = f.AddSwitch();
    for (uint32_t i = 0; i <= n; ++i)
    {
        f.AddHost(sw, 0);
    }
    for (uint32_t i = 0; i < n; ++i)
    {
        f.AddFlow(i, n);
    }
    for (uint32_t i = 0; i < n; ++i)
    {
        f.PostWrite(i, bytes);
    }
}

} // namespace

/** 16:1 incast, PFC on, default headroom: lossless end to end. */
class RoceIncastPfcTestCase : public TestCase
{
  public:
    RoceIncastPfcTestCase()
        : TestCase("incast 16:1 with PFC: no drop, no violation, every byte delivered, pauses "
                   "reach the senders")
    {
    }

    void DoRun() override
    {
        constexpr uint32_t n = 16;
        RoceTestFabric f;
        f.switches.SetMmuAttribute("BufferSize", QueueSizeValue(QueueSize("4MB")));
        BuildIncast(f, n, 512 * 1024);
        Simulator::Run();
        Ptr<RoceSwitch> sw = f.switchList[0];
        const RoceSwitch::Stats s = sw->GetStats();
        uint32_t ok = 0;
        uint32_t intact = 0;
        uint64_t pausesAtSenders = 0;
        for (uint32_t i = 0; i < n; ++i)
        {
            auto c = f.Completions(i);
            ok += c.count(i) && c[i] == NdkStatus::SUCCESS;
            intact += f.DataArrived(i);
            pausesAtSenders += f.hosts[i].port->GetStats().pauseFramesReceived[3];
        }
        const RdmaQpStats nic = f.TotalNicStats();
        std::clog << "  incast PFC: ";
        s.Print(std::clog);
        std::clog << " | sender pause frames received " << pausesAtSenders << ", retransmits "
                  << nic.retransmits << std::endl;
        NS_TEST_ASSERT_MSG_EQ(ok, n, "every Write completed successfully");
        NS_TEST_ASSERT_MSG_EQ(intact, n, "every byte landed");
        NS_TEST_ASSERT_MSG_EQ(s.total.Drops(), 0, "no drop");
        NS_TEST_ASSERT_MSG_EQ(s.total.LosslessViolations(), 0, "no lossless violation");
        NS_TEST_ASSERT_MSG_EQ(sw->GetMmu()->GetStats().Drops(), 0, "MMU agrees");
        NS_TEST_ASSERT_MSG_GT(s.total.pausesSent[3], 0, "the switch paused its ingress ports");
        NS_TEST_ASSERT_MSG_GT(pausesAtSenders, 0, "the senders received the pauses");
        NS_TEST_ASSERT_MSG_GT(s.total.resumesSent[3], 0, "and resumes");
        NS_TEST_ASSERT_MSG_EQ(nic.retransmits, 0, "nothing retransmitted");
        NS_TEST_ASSERT_MSG_GT(s.peakHeadroomBytes + s.peakSharedBytes, 0, "buffer used");
        NS_TEST_ASSERT_MSG_EQ(sw->GetMmu()->GetTotalUsed(), 0, "buffer empty at the end");
    }
};

/** The same incast on a lossy class: named drops, RC retransmission recovers the data. */
class RoceIncastLossyTestCase : public TestCase
{
  public:
    RoceIncastLossyTestCase()
        : TestCase("incast 16:1 on a lossy class: drops with their reason, RC recovers")
    {
    }

    void DoRun() override
    {
        constexpr uint32_t n = 16;
        RoceTestFabric f;
        f.switches.SetMmuAttribute("BufferSize", QueueSizeValue(QueueSize("4MB")));
        f.switches.SetMmuAttribute("LosslessPriorities", UintegerValue(0));
        f.switches.SetSwitchAttribute("PfcEnabled", BooleanValue(false));
        BuildIncast(f, n, 512 * 1024);
        uint64_t traced = 0;
        f.switchList[0]->TraceConnectWithoutContext(
            "Drop",
            MakeBoundCallback(
                +[](uint64_t* t, Ptr<const Packet>, uint32_t, uint8_t, RoceSwitchDropReason) {
                    ++*t;
                },
                &traced));
        Simulator::Run();
        const RoceSwitch::Stats s = f.switchList[0]->GetStats();
        uint32_t ok = 0;
        uint32_t intact = 0;
        for (uint32_t i = 0; i < n; ++i)
        {
            auto c = f.Completions(i);
            ok += c.count(i) && c[i] == NdkStatus::SUCCESS;
            intact += f.DataArrived(i);
        }
        const RdmaQpStats nic = f.TotalNicStats();
        std::clog << "  incast lossy: ";
        s.Print(std::clog);
        std::clog << " | completed " << ok << "/" << n << ", retransmits " << nic.retransmits
                  << ", seq NAKs " << nic.seqNaksReceived << ", timeouts " << nic.timeouts
                  << std::endl;
        const uint64_t lossy = s.total.Drops(RoceSwitchDropReason::INGRESS_THRESHOLD) +
                               s.total.Drops(RoceSwitchDropReason::SHARED_BUFFER_FULL) +
                               s.total.Drops(RoceSwitchDropReason::EGRESS_THRESHOLD);
        NS_TEST_ASSERT_MSG_GT(lossy, 0, "buffer drops, with their reason");
        NS_TEST_ASSERT_MSG_EQ(lossy, s.total.Drops(), "no other reason");
        NS_TEST_ASSERT_MSG_EQ(traced, lossy, "every drop traced");
        NS_TEST_ASSERT_MSG_EQ(s.total.LosslessViolations(), 0, "lossy drops are no violations");
        NS_TEST_ASSERT_MSG_EQ(Sum(s.total.pausesSent), 0, "no PFC");
        NS_TEST_ASSERT_MSG_GT(nic.retransmits, 0, "the senders went back");
        NS_TEST_ASSERT_MSG_EQ(ok, n, "every Write completed successfully");
        NS_TEST_ASSERT_MSG_EQ(intact, n, "every byte landed");
    }
};

/** Headroom smaller than the bytes in flight on a long cable: violations, counted and traced. */
class RoceHeadroomViolationTestCase : public TestCase
{
  public:
    RoceHeadroomViolationTestCase()
        : TestCase("headroom too small for a 10 us cable: lossless violations detected")
    {
    }

    void DoRun() override
    {
        constexpr uint32_t n = 4;
        RoceTestFabric f;
        f.switches.SetMmuAttribute("BufferSize", QueueSizeValue(QueueSize("2MB")));
        f.switches.SetMmuAttribute("Headroom", QueueSizeValue(QueueSize("3000B")));
        f.switches.SetChannelAttribute("Delay", TimeValue(MicroSeconds(10)));
        BuildIncast(f, n, 512 * 1024);
        uint64_t traced = 0;
        f.switchList[0]->TraceConnectWithoutContext(
            "LosslessViolation",
            MakeBoundCallback(
                +[](uint64_t* t, Ptr<const Packet>, uint32_t, uint8_t) { ++*t; },
                &traced));
        Simulator::Run();
        Ptr<RoceSwitch> sw = f.switchList[0];
        const RoceSwitch::Stats s = sw->GetStats();
        std::clog << "  small headroom: ";
        s.Print(std::clog);
        std::clog << " | retransmits " << f.TotalNicStats().retransmits << std::endl;
        NS_TEST_ASSERT_MSG_GT(s.total.LosslessViolations(), 0, "violations detected");
        NS_TEST_ASSERT_MSG_EQ(traced, s.total.LosslessViolations(), "each one traced");
        NS_TEST_ASSERT_MSG_EQ(sw->GetMmu()->GetStats().Count(RoceMmuOutcome::LOSSLESS_VIOLATION),
                              s.total.LosslessViolations(),
                              "the MMU counted the same");
        NS_TEST_ASSERT_MSG_EQ(s.total.Drops(), s.total.LosslessViolations(), "no other drop");
        NS_TEST_ASSERT_MSG_GT(Sum(s.total.pausesSent), 0, "PFC was on");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(s.peakHeadroomBytes, 4 * 3000, "headroom never exceeded");
    }
};

/** 2 leaves x 2 spines: flows spread over both spines, each flow in order on its path. */
class RoceEcmpFabricTestCase : public TestCase
{
  public:
    RoceEcmpFabricTestCase()
        : TestCase("ECMP leaf-spine: flows spread over both spines, no flow reordered")
    {
    }

    void DoRun() override
    {
        RoceTestFabric f;
        std::vector<Ptr<RoceSwitch>> leaf{f.AddSwitch(), f.AddSwitch()};
        std::vector<Ptr<RoceSwitch>> spine{f.AddSwitch(), f.AddSwitch()};
        // up[l][s]: port of leaf l toward spine s; down[s][l]: port of spine s toward leaf l.
        uint32_t up[2][2];
        uint32_t down[2][2];
        for (uint32_t l = 0; l < 2; ++l)
        {
            for (uint32_t s = 0; s < 2; ++s)
            {
                auto ports = f.switches.Connect(leaf[l], spine[s]);
                up[l][s] = ports.first;
                down[s][l] = ports.second;
            }
        }
        for (uint32_t l = 0; l < 2; ++l)
        {
            leaf[l]->AddRoute(1 - l, {up[l][0], up[l][1]});
            for (uint32_t s = 0; s < 2; ++s)
            {
                spine[s]->AddRoute(l, {down[s][l]});
            }
        }
        for (uint32_t h = 0; h < 8; ++h)
        {
            f.AddHost(leaf[h / 4], h / 4);
        }
        constexpr uint32_t flows = 16;
        constexpr uint64_t bytes = 128 * 1024;
        for (uint32_t i = 0; i < flows; ++i)
        {
            f.AddFlow(i % 4, 4 + (i + i / 4) % 4);
        }
        std::array<uint64_t, 2> predicted{};
        std::array<uint32_t, 2> flowsOn{};
        std::vector<uint32_t> path(flows);
        for (uint32_t i = 0; i < flows; ++i)
        {
            f.PostWrite(i, bytes);
        }
        Simulator::Run();
        for (uint32_t i = 0; i < flows; ++i)
        {
            const FabricFlow& fl = f.flows[i];
            const RdmaRcQp* rc = f.hosts[fl.client].nic->GetRcQp(fl.clientQp->GetQpNumber());
            NS_TEST_ASSERT_MSG_NE(rc, nullptr, "transport state");
            const uint32_t port = leaf[0]->Lookup(f.hosts[fl.client].address,
                                                  f.hosts[fl.server].address,
                                                  17,
                                                  rc->GetUdpSourcePort(),
                                                  4791);
            path[i] = port == up[0][0] ? 0 : 1;
            ++flowsOn[path[i]];
            predicted[path[i]] += rc->GetStats().txPackets;
        }
        uint32_t ok = 0;
        uint32_t intact = 0;
        for (uint32_t h = 0; h < 4; ++h)
        {
            for (const auto& [flow, status] : f.Completions(h))
            {
                ok += status == NdkStatus::SUCCESS;
            }
        }
        for (uint32_t i = 0; i < flows; ++i)
        {
            intact += f.DataArrived(i);
        }
        std::array<uint64_t, 2> observed{};
        for (uint32_t s = 0; s < 2; ++s)
        {
            observed[s] = spine[s]->GetPortStats(down[s][0]).rxPackets[3];
        }
        const RdmaQpStats nic = f.TotalNicStats();
        std::clog << "  ECMP: flows per spine " << flowsOn[0] << "/" << flowsOn[1]
                  << ", data packets per spine " << observed[0] << "/" << observed[1]
                  << " (predicted " << predicted[0] << "/" << predicted[1] << " + CM), seq NAKs "
                  << nic.seqNaksReceived << ", duplicates " << nic.duplicatesReceived
                  << ", retransmits " << nic.retransmits << std::endl;
        NS_TEST_ASSERT_MSG_EQ(ok, flows, "every Write completed");
        NS_TEST_ASSERT_MSG_EQ(intact, flows, "every byte landed");
        NS_TEST_ASSERT_MSG_GT(flowsOn[0], 0, "spine 0 carries flows");
        NS_TEST_ASSERT_MSG_GT(flowsOn[1], 0, "spine 1 carries flows");
        for (uint32_t s = 0; s < 2; ++s)
        {
            // Each flow's packets all took its hashed spine (CM datagrams come on top).
            NS_TEST_ASSERT_MSG_GT_OR_EQ(observed[s], predicted[s], "spine " << s);
            NS_TEST_ASSERT_MSG_LT_OR_EQ(observed[s], predicted[s] + 3 * flows, "spine " << s);
        }
        NS_TEST_ASSERT_MSG_EQ(nic.seqNaksReceived, 0, "no PSN sequence NAK: nothing reordered");
        NS_TEST_ASSERT_MSG_EQ(nic.duplicatesReceived, 0, "no duplicate");
        NS_TEST_ASSERT_MSG_EQ(nic.retransmits, 0, "no retransmission");
        uint64_t drops = 0;
        for (const auto& sw : f.switchList)
        {
            drops += sw->GetStats().total.Drops();
        }
        NS_TEST_ASSERT_MSG_EQ(drops, 0, "lossless fabric");
    }
};

std::vector<TestCase*>
MakeRoceSwitchFabricTests()
{
    return {new RoceIncastPfcTestCase,
            new RoceIncastLossyTestCase,
            new RoceHeadroomViolationTestCase,
            new RoceEcmpFabricTestCase};
}

} // namespace ns3
