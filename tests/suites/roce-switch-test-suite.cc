/*
 * roce-switch: the switch on its own, frames injected at a port — directory and routing,
 * ECMP hashing, DSCP classification, named drops, RED/ECN marking against its line, PFC
 * XOFF / refresh / XON. Fabric-level cases (incast, headroom, ECMP paths) are in
 * roce-switch-fabric-tests.cc and belong to this suite too.
 */

#include "roce-fabric-test-util.h"

#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/pointer.h"
#include "ns3/queue-size.h"
#include "ns3/roce-ecn-marker.h"
#include "ns3/roce-raw-frame.h"
#include "ns3/roce-switch-mmu.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <cmath>

namespace ns3
{
using namespace rocetest;

/** \return the fabric-level cases of this suite (roce-switch-fabric-tests.cc). */
std::vector<TestCase*> MakeRoceSwitchFabricTests();

namespace
{

/** A switch with a sink cabled to port 0 and an upstream device cabled to port 1. */
struct SwitchBench
{
    explicit SwitchBench(RoceSwitchHelper& helper, const char* sinkRate = "100Gbps")
    {
        node = CreateObject<Node>();
        sw = helper.Install(node);
        sink = CreateObject<RoceNetDevice>();
        sink->SetAttribute("DataRate", StringValue(sinkRate));
        sink->SetAddress(Mac48Address::Allocate());
        sink->SetFrameHandler([this](Ptr<RoceNetDevice>, Ptr<Packet> p) { received.push_back(p); });
        upstream = CreateObject<RoceNetDevice>();
        upstream->SetAddress(Mac48Address::Allocate());
        helper.Connect(sw, sink);
        helper.Connect(sw, upstream);
        directory = CreateObject<RoceHostDirectory>();
        sw->SetDirectory(directory);
        sw->AddHostRoute(Ipv4Address("10.0.0.2"), 0);
    }

    ~SwitchBench()
    {
        // Ports off any node: dispose them to break their port <-> cable references.
        sink->Dispose();
        upstream->Dispose();
        Simulator::Destroy();
    }

    Ptr<Node> node;
    Ptr<RoceSwitch> sw;
    Ptr<RoceNetDevice> sink;
    Ptr<RoceNetDevice> upstream;
    Ptr<RoceHostDirectory> directory;
    std::vector<Ptr<Packet>> received;
};

/** The fields of a received frame the tests look at. */
struct Seen
{
    RoceRawFrame::Ecn ecn;
    uint16_t id;
    uint8_t ttl;
};

Seen
Look(Ptr<const Packet> p)
{
    uint8_t head[RoceRawFrame::PEEK_BYTES];
    RoceRawFrame::Peek(p, head);
    const uint32_t l3 = RoceRawFrame::GetL3Offset(head);
    return {RoceRawFrame::GetEcn(head),
            static_cast<uint16_t>((head[l3 + 4] << 8) | head[l3 + 5]),
            RoceRawFrame::GetTtl(head)};
}

} // namespace

/** The flat IPv4 table grows and finds every key; the directory counts groups. */
class RoceHostDirectoryTestCase : public TestCase
{
  public:
    RoceHostDirectoryTestCase()
        : TestCase("host directory: flat table insert, replace, grow, lookup")
    {
    }

    void DoRun() override
    {
        Ptr<RoceHostDirectory> d = CreateObject<RoceHostDirectory>();
        for (uint32_t i = 0; i < 5000; ++i)
        {
            d->Add(Ipv4Address((10U << 24) | (i * 7 + 1)), i / 40);
        }
        NS_TEST_ASSERT_MSG_EQ(d->GetNHosts(), 5000, "all hosts kept");
        NS_TEST_ASSERT_MSG_EQ(d->GetNGroups(), 125, "groups counted");
        bool ok = true;
        for (uint32_t i = 0; i < 5000; ++i)
        {
            ok &= d->GetGroup(Ipv4Address((10U << 24) | (i * 7 + 1))) == i / 40;
        }
        NS_TEST_ASSERT_MSG_EQ(ok, true, "every lookup right");
        NS_TEST_ASSERT_MSG_EQ(d->GetGroup(Ipv4Address("10.0.0.2")),
                              RoceHostDirectory::NO_GROUP,
                              "unknown host");
        d->Add(Ipv4Address((10U << 24) | 1), 77);
        NS_TEST_ASSERT_MSG_EQ(d->GetGroup(Ipv4Address((10U << 24) | 1)), 77, "replaced");
        NS_TEST_ASSERT_MSG_EQ(d->GetNHosts(), 5000, "replacing adds nothing");
    }
};

/** Host routes win over group routes; unroutable, expired and non-IPv4 frames are named. */
class RoceSwitchRoutingTestCase : public TestCase
{
  public:
    RoceSwitchRoutingTestCase()
        : TestCase("routing: host route first, then group route; no-route, ttl, not-ipv4 drops")
    {
    }

    void DoRun() override
    {
        RoceSwitchHelper helper;
        helper.SetSwitchAttribute("DecrementTtl", BooleanValue(true));
        SwitchBench b(helper);
        std::map<RoceSwitchDropReason, uint32_t> traced;
        b.sw->TraceConnectWithoutContext("Drop",
                                         MakeBoundCallback(
                                             +[](std::map<RoceSwitchDropReason, uint32_t>* m,
                                                 Ptr<const Packet>,
                                                 uint32_t,
                                                 uint8_t,
                                                 RoceSwitchDropReason r) { ++(*m)[r]; },
                                             &traced));
        // 10.0.1.x is group 1, routed to port 0; 10.0.0.2 has a host route to port 0.
        b.directory->Add(Ipv4Address("10.0.1.5"), 1);
        b.directory->Add(Ipv4Address("10.0.2.5"), 2);
        b.sw->AddRoute(1, {0});
        NS_TEST_ASSERT_MSG_EQ(
            b.sw->Lookup(Ipv4Address("10.0.0.1"), Ipv4Address("10.0.1.5"), 17, 1, 4791),
            0,
            "group route");
        NS_TEST_ASSERT_MSG_EQ(
            b.sw->Lookup(Ipv4Address("10.0.0.1"), Ipv4Address("10.0.2.5"), 17, 1, 4791),
            b.sw->GetNPorts(),
            "group without a route");
        const Ipv4Address src("10.0.0.1");
        auto inject = [&b, src](const char* dst, uint8_t ttl) {
            b.sw->Receive(
                1,
                MakeUdpFrame(src, Ipv4Address(dst), 5000, 0, Ipv4Header::ECN_NotECT, 200, 0, ttl));
        };
        inject("10.0.0.2", 64); // host route
        inject("10.0.1.5", 64); // group route
        inject("10.0.2.5", 64); // group 2 has no next hop
        inject("10.9.9.9", 64); // not in the directory
        inject("10.0.0.2", 1);  // would leave with TTL 0
        Ptr<Packet> arp = Create<Packet>(46);
        EthernetHeader eth(false);
        eth.SetLengthType(0x0806);
        arp->AddHeader(eth);
        b.sw->Receive(1, arp);
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(b.received.size(), 2, "two frames forwarded");
        NS_TEST_ASSERT_MSG_EQ(+Look(b.received[0]).ttl, 63, "TTL decremented");
        const RoceSwitch::Stats s = b.sw->GetStats();
        NS_TEST_ASSERT_MSG_EQ(s.total.Drops(RoceSwitchDropReason::NO_ROUTE), 2, "no-route");
        NS_TEST_ASSERT_MSG_EQ(s.total.Drops(RoceSwitchDropReason::TTL_EXPIRED), 1, "ttl");
        NS_TEST_ASSERT_MSG_EQ(s.total.Drops(RoceSwitchDropReason::NOT_IPV4), 1, "not-ipv4");
        NS_TEST_ASSERT_MSG_EQ(traced[RoceSwitchDropReason::NO_ROUTE], 2, "traced by reason");
        NS_TEST_ASSERT_MSG_EQ(
            std::string(RoceSwitchDropReasonName(RoceSwitchDropReason::TTL_EXPIRED)),
            "ttl",
            "reason name");
        NS_TEST_ASSERT_MSG_EQ(b.sw->GetMmu()->GetTotalUsed(), 0, "buffer released");
    }
};

/** One 5-tuple, one port; many source ports spread evenly; switches hash differently. */
class RoceSwitchEcmpHashTestCase : public TestCase
{
  public:
    RoceSwitchEcmpHashTestCase()
        : TestCase("ECMP hash: flow-stable, even spread over 4 ports, per-switch seeds")
    {
    }

    void DoRun() override
    {
        RoceSwitchHelper helper;
        Ptr<RoceHostDirectory> dir = CreateObject<RoceHostDirectory>();
        dir->Add(Ipv4Address("10.0.1.1"), 1);
        std::vector<Ptr<RoceSwitch>> sws;
        for (int k = 0; k < 2; ++k)
        {
            Ptr<RoceSwitch> sw = helper.Install(CreateObject<Node>());
            for (int i = 0; i < 4; ++i)
            {
                sw->AddPort(helper.CreatePort());
            }
            sw->SetDirectory(dir);
            sw->AddRoute(1, {0, 1, 2, 3});
            sws.push_back(sw);
        }
        const Ipv4Address src("10.0.0.1");
        const Ipv4Address dst("10.0.1.1");
        std::array<uint32_t, 4> count{};
        uint32_t same = 0;
        const uint32_t n = 8000;
        for (uint32_t sport = 0xC000; sport < 0xC000 + n; ++sport)
        {
            const uint32_t p = sws[0]->Lookup(src, dst, 17, sport, 4791);
            NS_TEST_ASSERT_MSG_EQ(p, sws[0]->Lookup(src, dst, 17, sport, 4791), "stable");
            ++count[p];
            same += p == sws[1]->Lookup(src, dst, 17, sport, 4791);
        }
        for (uint32_t c : count)
        {
            // 4 sigma of a binomial(8000, 1/4): +-155.
            NS_TEST_EXPECT_MSG_EQ_TOL(double(c), n / 4.0, 160.0, "even spread");
        }
        NS_TEST_EXPECT_MSG_EQ_TOL(double(same), n / 4.0, 160.0, "independent hashes per switch");
    }
};

/** The default DSCP map is DSCP >> 3; the attribute overrides entries. */
class RoceSwitchDscpTestCase : public TestCase
{
  public:
    RoceSwitchDscpTestCase()
        : TestCase("classification: DSCP >> 3 by default, DscpToPriority overrides")
    {
    }

    void DoRun() override
    {
        Ptr<RoceSwitch> sw = CreateObject<RoceSwitch>();
        NS_TEST_ASSERT_MSG_EQ(+sw->GetDscpPriority(26), 3, "RoCE data");
        NS_TEST_ASSERT_MSG_EQ(+sw->GetDscpPriority(48), 6, "CNP");
        NS_TEST_ASSERT_MSG_EQ(+sw->GetDscpPriority(0), 0, "best effort");
        sw->SetAttribute("DscpToPriority", StringValue("26=5, 0=1"));
        NS_TEST_ASSERT_MSG_EQ(+sw->GetDscpPriority(26), 5, "override");
        NS_TEST_ASSERT_MSG_EQ(+sw->GetDscpPriority(0), 1, "override");
        NS_TEST_ASSERT_MSG_EQ(+sw->GetDscpPriority(48), 6, "others unchanged");
        StringValue v;
        sw->GetAttribute("DscpToPriority", v);
        NS_TEST_ASSERT_MSG_EQ(v.Get(), "0=1,26=5", "read back");
        Simulator::Destroy();
    }
};

/**
 * RED on dequeue: bursts of N frames make the egress queue walk down through every length
 * once per burst; the fraction marked at each length must follow the RED line.
 */
class RoceSwitchEcnRedTestCase : public TestCase
{
  public:
    RoceSwitchEcnRedTestCase()
        : TestCase("ECN: mark-on-dequeue fraction follows the RED line Kmin..Kmax (Pmax 0.5)")
    {
    }

    void DoRun() override
    {
        constexpr uint32_t kmin = 20000;
        constexpr uint32_t kmax = 100000;
        constexpr double pmax = 0.5;
        constexpr uint32_t size = 1000;
        constexpr uint32_t burst = 130;
        constexpr uint32_t bursts = 400;
        RoceSwitchHelper helper;
        helper.SetEcnAttribute("Kmin", QueueSizeValue(QueueSize(QueueSizeUnit::BYTES, kmin)));
        helper.SetEcnAttribute("Kmax", QueueSizeValue(QueueSize(QueueSizeUnit::BYTES, kmax)));
        helper.SetEcnAttribute("Pmax", DoubleValue(pmax));
        SwitchBench b(helper);
        b.sw->AssignStreams(7);
        uint64_t tracedMarks = 0;
        b.sw->TraceConnectWithoutContext(
            "EcnMark",
            MakeBoundCallback(
                +[](uint64_t* n, Ptr<const Packet>, uint32_t, uint8_t, uint64_t) { ++*n; },
                &tracedMarks));
        for (uint32_t k = 0; k < bursts; ++k)
        {
            // Odd bursts are Not-ECT: they must come through unmarked.
            const auto ecn = (k % 8 == 7) ? Ipv4Header::ECN_NotECT : Ipv4Header::ECN_ECT0;
            Simulator::Schedule(MicroSeconds(20 * k), [&b, ecn]() {
                for (uint16_t i = 0; i < burst; ++i)
                {
                    b.sw->Receive(1,
                                  MakeUdpFrame(Ipv4Address("10.0.0.1"),
                                               Ipv4Address("10.0.0.2"),
                                               5000,
                                               0,
                                               ecn,
                                               size,
                                               i));
                }
            });
        }
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(b.received.size(), bursts * burst, "all delivered");
        // Frame i of a burst leaves when i + 1 .. burst - 1 are queued (frame 0 leaves at once).
        auto queueAt = [](uint16_t i) -> uint64_t {
            return i == 0 ? 0 : uint64_t(burst - 1 - i) * size;
        };
        constexpr int bins = 4;
        std::array<double, bins> expected{};
        std::array<double, bins> variance{};
        std::array<double, bins> marked{};
        std::array<double, bins> samples{};
        uint64_t below = 0;
        uint64_t above = 0;
        uint64_t aboveMarked = 0;
        uint64_t notEctMarked = 0;
        uint64_t ce = 0;
        for (std::size_t n = 0; n < b.received.size(); ++n)
        {
            const Seen s = Look(b.received[n]);
            const bool isCe = s.ecn == RoceRawFrame::CE;
            ce += isCe;
            if ((n / burst) % 8 == 7)
            {
                notEctMarked += isCe;
                continue;
            }
            const uint64_t q = queueAt(s.id);
            if (q <= kmin)
            {
                below += isCe;
                continue;
            }
            if (q > kmax)
            {
                ++above;
                aboveMarked += isCe;
                continue;
            }
            const double p = pmax * double(q - kmin) / double(kmax - kmin);
            const int bin = std::min<int>(bins - 1, int(double(q - kmin) / (kmax - kmin) * bins));
            expected[bin] += p;
            variance[bin] += p * (1 - p);
            marked[bin] += isCe;
            samples[bin] += 1;
        }
        NS_TEST_ASSERT_MSG_EQ(below, 0, "nothing marked at or below Kmin");
        NS_TEST_ASSERT_MSG_EQ(aboveMarked, above, "everything marked above Kmax");
        NS_TEST_ASSERT_MSG_EQ(notEctMarked, 0, "Not-ECT frames never marked");
        NS_TEST_ASSERT_MSG_EQ(tracedMarks, ce, "every CE frame traced");
        std::ostringstream report;
        for (int i = 0; i < bins; ++i)
        {
            report << " bin" << i << " " << marked[i] / samples[i] << " vs "
                   << expected[i] / samples[i] << " (n=" << samples[i] << ")";
            NS_TEST_EXPECT_MSG_EQ_TOL(marked[i],
                                      expected[i],
                                      4 * std::sqrt(variance[i]) + 1,
                                      "RED line, bin " << i);
        }
        std::clog << "  ECN RED: marked fraction vs RED line:" << report.str() << std::endl;
        const RoceSwitch::PortStats ps = b.sw->GetPortStats(0);
        NS_TEST_ASSERT_MSG_EQ(ps.ecnMarks[0], ce, "port counter");
    }
};

/** MarkOnEnqueue looks at the queue the frame joins; a Kmin == Kmax step shows it exactly. */
class RoceSwitchEcnEnqueueTestCase : public TestCase
{
  public:
    RoceSwitchEcnEnqueueTestCase()
        : TestCase("ECN: mark-on-enqueue step at K marks exactly the frames joining a longer queue")
    {
    }

    void DoRun() override
    {
        constexpr uint32_t size = 1000;
        constexpr uint32_t k = 10000;
        RoceSwitchHelper helper;
        helper.SetEcnAttribute("Kmin", QueueSizeValue(QueueSize(QueueSizeUnit::BYTES, k)));
        helper.SetEcnAttribute("Kmax", QueueSizeValue(QueueSize(QueueSizeUnit::BYTES, k)));
        helper.SetEcnAttribute("MarkPoint", EnumValue(RoceEcnMarker::MARK_ON_ENQUEUE));
        SwitchBench b(helper);
        for (uint16_t i = 0; i < 40; ++i)
        {
            b.sw->Receive(1,
                          MakeUdpFrame(Ipv4Address("10.0.0.1"),
                                       Ipv4Address("10.0.0.2"),
                                       5000,
                                       0,
                                       Ipv4Header::ECN_ECT1,
                                       size,
                                       i));
        }
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(b.received.size(), 40, "all delivered");
        for (const auto& p : b.received)
        {
            const Seen s = Look(p);
            // Frame 0 goes straight to the wire; frame i >= 1 joins i - 1 queued frames.
            const uint64_t q = s.id == 0 ? 0 : (s.id - 1) * size;
            NS_TEST_EXPECT_MSG_EQ((s.ecn == RoceRawFrame::CE), (q > k), "frame " << s.id);
        }
    }
};

/** XOFF when an ingress queue crosses its threshold, refreshes while paused, XON at the end. */
class RoceSwitchPfcTestCase : public TestCase
{
  public:
    RoceSwitchPfcTestCase()
        : TestCase("PFC: XOFF out of the ingress port, refreshed while congested, XON when drained")
    {
    }

    void DoRun() override
    {
        RoceSwitchHelper helper;
        helper.SetMmuAttribute("BufferSize", QueueSizeValue(QueueSize("400KB")));
        helper.SetSwitchAttribute("PauseTime", TimeValue(MicroSeconds(4)));
        helper.SetSwitchAttribute("PauseRefreshInterval", TimeValue(MicroSeconds(2)));
        SwitchBench b(helper, "10Gbps"); // the sink port of the switch stays at 100G ...
        b.sw->GetPort(0)->SetAttribute("DataRate", StringValue("10Gbps")); // ... now 10G
        std::vector<std::pair<Time, uint16_t>> seen;
        b.upstream->TraceConnectWithoutContext(
            "PfcPauseReceived",
            MakeBoundCallback(
                +[](std::vector<std::pair<Time, uint16_t>>* v, uint8_t prio, uint16_t quanta) {
                    v->emplace_back(Simulator::Now(), quanta);
                },
                &seen));
        // 200 lossless frames (DSCP 26) from the upstream port at 100 Gb/s into a 10 Gb/s
        // egress: the ingress queue crosses XOFF and the upstream port is paused, resumed, ...
        for (uint16_t i = 0; i < 200; ++i)
        {
            b.upstream->Enqueue(MakeUdpFrame(Ipv4Address("10.0.0.1"),
                                             Ipv4Address("10.0.0.2"),
                                             5000,
                                             26,
                                             Ipv4Header::ECN_ECT0,
                                             1000,
                                             i),
                                3);
        }
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(b.received.size(), 200, "all delivered");
        const RoceSwitch::PortStats s = b.sw->GetPortStats(1);
        NS_TEST_ASSERT_MSG_GT(seen.size(), 3, "XOFF and refreshes reached the upstream port");
        NS_TEST_ASSERT_MSG_EQ((seen.front().second > 0), true, "the first PFC frame pauses");
        NS_TEST_ASSERT_MSG_EQ(seen.back().second, 0, "the last PFC frame resumes");
        NS_TEST_ASSERT_MSG_GT(s.resumesSent[3], 0, "XON sent");
        NS_TEST_ASSERT_MSG_GT(s.pausesSent[3], s.resumesSent[3], "refreshed while congested");
        NS_TEST_ASSERT_MSG_EQ(s.pausesSent[3] + s.resumesSent[3], seen.size(), "all arrived");
        bool gapsOk = true;
        for (std::size_t i = 1; i < seen.size(); ++i)
        {
            // After an XOFF the next PFC frame (refresh or XON) comes before the pause ends.
            if (seen[i - 1].second > 0)
            {
                gapsOk &= seen[i].first - seen[i - 1].first <= MicroSeconds(2) + NanoSeconds(1);
            }
        }
        NS_TEST_ASSERT_MSG_EQ(gapsOk, true, "refreshes before the 4 us pause runs out");
        std::clog << "  PFC: " << s.pausesSent[3] << " XOFF (with refreshes), " << s.resumesSent[3]
                  << " XON, held paused " << s.pausingPs[3] / 1000 << " ns" << std::endl;
        NS_TEST_ASSERT_MSG_GT(s.pausingPs[3], 0, "paused time counted");
        NS_TEST_ASSERT_MSG_EQ(b.upstream->IsPaused(3), false, "upstream resumed");
        NS_TEST_ASSERT_MSG_EQ(b.sw->GetMmu()->GetTotalUsed(), 0, "buffer released");
        NS_TEST_ASSERT_MSG_EQ(b.sw->GetStats().total.Drops(), 0, "lossless: nothing dropped");
    }
};

/** The suite. */
class RoceSwitchTestSuite : public TestSuite
{
  public:
    RoceSwitchTestSuite()
        : TestSuite("roce-switch", UNIT)
    {
        AddTestCase(new RoceHostDirectoryTestCase, TestCase::QUICK);
        AddTestCase(new RoceSwitchRoutingTestCase, TestCase::QUICK);
        AddTestCase(new RoceSwitchEcmpHashTestCase, TestCase::QUICK);
        AddTestCase(new RoceSwitchDscpTestCase, TestCase::QUICK);
        AddTestCase(new RoceSwitchEcnRedTestCase, TestCase::QUICK);
        AddTestCase(new RoceSwitchEcnEnqueueTestCase, TestCase::QUICK);
        AddTestCase(new RoceSwitchPfcTestCase, TestCase::QUICK);
        for (TestCase* c : MakeRoceSwitchFabricTests())
        {
            AddTestCase(c, TestCase::QUICK);
        }
    }
};

static RoceSwitchTestSuite g_roceSwitchTestSuite;

} // namespace ns3
