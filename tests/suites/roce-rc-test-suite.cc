/*
 * roce-rc: the RoCEv2 RC transport of RdmaNic on a direct 100 Gb/s link — completion times
 * exact to the picosecond against the documented timing model, goodput of a long transfer,
 * loss recovery (go-back-N with 1 % frame loss), the retransmit-timer path on a cut cable,
 * PSN wrap.
 */

#include "ndk-fixture.h"

#include "ns3/config.h"
#include "ns3/double.h"
#include "ns3/error-model.h"
#include "ns3/pointer.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/roce-wire-size.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

using namespace ns3;
using namespace ns3::ndktest;

namespace
{

constexpr uint64_t kRate = 100000000000ULL; //!< port default: 100 Gb/s

/** \return ceil(bytes * 8 / bps) in ps */
uint64_t
Ps(uint64_t bytes, uint64_t bps)
{
    return static_cast<uint64_t>(
        (static_cast<unsigned __int128>(bytes) * 8 * 1000000000000ULL + bps - 1) / bps);
}

/** Set the NIC and port defaults of a test; restored by Config::Reset in the suite's cases. */
void
UseMtu(uint32_t mtu)
{
    Config::SetDefault("ns3::RdmaNic::PathMtu", UintegerValue(mtu));
    Config::SetDefault("ns3::RoceNetDevice::Mtu", UintegerValue(mtu > 1024 ? 9000 : 1500));
}

/** Post one Write of \p n bytes a -> b, run, \return the requester's completion. */
NdkResultEx
Write(NdkPair& p, uint64_t n, Time* postedAt = nullptr)
{
    uint64_t src = p.a.memory->Allocate(n);
    uint64_t dst = p.b.memory->Allocate(n);
    Ptr<NdkMr> srcMr = p.a.Register(src, n, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
    Ptr<NdkMr> dstMr =
        p.b.Register(dst, n, NDK_MR_FLAG_ALLOW_LOCAL_WRITE | NDK_MR_FLAG_ALLOW_REMOTE_WRITE);
    NdkSge sge{src, static_cast<uint32_t>(n), srcMr->GetLocalToken()};
    p.a.notifications.clear();
    p.a.cq->Arm(NDK_CQ_NOTIFY_ANY);
    if (postedAt)
    {
        *postedAt = Simulator::Now();
    }
    p.a.qp->Write(1, &sge, 1, dst, dstMr->GetRemoteToken(), 0);
    Simulator::Run();
    auto r = p.a.Poll();
    NdkResultEx none{};
    none.status = NdkStatus::UNSUCCESSFUL;
    return r.empty() ? none : r.front();
}

} // namespace

/**
 * One RDMA Write of N bytes: the completion time is the sum of the configured NIC latencies,
 * each frame's serialization on its wire bytes, the propagation delay and the ACK path.
 */
class RoceRcTimingTestCase : public TestCase
{
  public:
    RoceRcTimingTestCase(uint32_t mtu, uint64_t bytes)
        : TestCase("write of " + std::to_string(bytes) + " B at MTU " + std::to_string(mtu) +
                   ": completion time exact to the picosecond"),
          m_mtu(mtu),
          m_bytes(bytes)
    {
    }

  private:
    void DoRun() override
    {
        UseMtu(m_mtu);
        NdkPair p(NdkTestTransport::Roce);
        const uint64_t L = p.a.nic->GetConfig().pcieLatency.GetPicoSeconds();
        const uint64_t pcieBps = p.a.nic->GetConfig().pcieBps;
        const uint64_t W = p.a.nic->GetConfig().txWqeLatency.GetPicoSeconds();
        TimeValue rx;
        p.a.nic->GetAttribute("RxLatency", rx);
        const uint64_t R = rx.Get().GetPicoSeconds();
        const uint64_t D = p.channel->GetDelay().GetPicoSeconds();

        Time posted;
        NdkResultEx r = Write(p, m_bytes, &posted);
        NS_TEST_ASSERT_MSG_EQ(r.status, NdkStatus::SUCCESS, "write completes");
        NS_TEST_ASSERT_MSG_EQ(p.a.notifications.size(), 1, "one notification");

        // The model, step by step (see RdmaNic's class documentation).
        const uint64_t t0 = posted.GetPicoSeconds();
        const uint64_t ready = t0 + L + 2 * L + Ps(64, pcieBps) + W; // doorbell, WQE fetch
        const uint64_t n = RoceWireSize::PacketCount(m_bytes, m_mtu);
        uint64_t linkFree = 0;
        uint64_t lastEnd = 0;
        for (uint64_t k = 0; k < n; ++k)
        {
            const uint64_t upTo = std::min<uint64_t>((k + 1) * m_mtu, m_bytes);
            const uint64_t eligible = ready + 2 * L + Ps(upTo, pcieBps); // payload DMA
            const uint32_t payload = static_cast<uint32_t>(upTo - k * m_mtu);
            const RoceOpcode op = n == 1       ? RoceOpcode::RDMA_WRITE_ONLY
                                  : k == 0     ? RoceOpcode::RDMA_WRITE_FIRST
                                  : k == n - 1 ? RoceOpcode::RDMA_WRITE_LAST
                                               : RoceOpcode::RDMA_WRITE_MIDDLE;
            const uint64_t start = std::max(eligible, linkFree);
            const uint64_t tx =
                RoceWireSize::TransmitTimePs(RoceWireSize::WireBytes(op, payload, false), kRate);
            linkFree = start + tx;
            lastEnd = linkFree;
        }
        const uint64_t ackTx =
            RoceWireSize::TransmitTimePs(RoceWireSize::WireBytes(RoceOpcode::ACKNOWLEDGE, 0, false),
                                         kRate);
        const uint64_t expected = lastEnd + D + R + ackTx + D + R + L; // + CQE write
        NS_TEST_EXPECT_MSG_EQ(p.a.notifications[0].GetPicoSeconds() - t0,
                              expected - t0,
                              "completion time (ps after the post)");
        Config::Reset();
    }

    uint32_t m_mtu;
    uint64_t m_bytes;
};

/** A long write runs at MTU / (MTU + per-packet wire overhead) of the line rate. */
class RoceRcGoodputTestCase : public TestCase
{
  public:
    explicit RoceRcGoodputTestCase(uint32_t mtu)
        : TestCase("long write at MTU " + std::to_string(mtu) +
                   ": goodput is MTU over (MTU + overhead) of line rate within 0.1 %"),
          m_mtu(mtu)
    {
    }

  private:
    void DoRun() override
    {
        UseMtu(m_mtu);
        NdkPair p(NdkTestTransport::Roce);
        p.a.memory->SetAttribute("TrackContents", BooleanValue(false));
        p.b.memory->SetAttribute("TrackContents", BooleanValue(false));
        const uint64_t bytes = 64ULL << 20;
        Time posted;
        NdkResultEx r = Write(p, bytes, &posted);
        NS_TEST_ASSERT_MSG_EQ(r.status, NdkStatus::SUCCESS, "write completes");
        const double seconds = (p.a.notifications.at(0) - posted).GetSeconds();
        const double goodput = bytes * 8.0 / seconds;
        const double overhead =
            RoceWireSize::WireBytes(RoceOpcode::RDMA_WRITE_MIDDLE, m_mtu, false) - m_mtu;
        const double ideal = kRate * m_mtu / (m_mtu + overhead);
        NS_TEST_EXPECT_MSG_EQ_TOL(goodput / ideal, 1.0, 0.001, "goodput over the ideal");
        NS_TEST_EXPECT_MSG_LT(goodput, ideal, "never above the wire's limit");
        Config::Reset();
    }

    uint32_t m_mtu;
};

/** With 1 % of frames lost each way, a 10 MB write and a 1 MB read deliver the same bytes. */
class RoceRcLossTestCase : public TestCase
{
  public:
    RoceRcLossTestCase()
        : TestCase("1 % frame loss: go-back-N delivers every byte; retransmissions counted")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(7);
        RngSeedManager::SetRun(1);
        NdkPair p(NdkTestTransport::Roce);
        int64_t stream = 100;
        for (NdkSide* s : {&p.a, &p.b})
        {
            Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
            em->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
            em->SetAttribute("ErrorRate", DoubleValue(0.01));
            em->AssignStreams(stream++);
            s->port->SetAttribute("ReceiveErrorModel", PointerValue(em));
        }
        const uint64_t n = 10ULL * 1000 * 1000;
        uint64_t src = p.a.memory->Allocate(n);
        uint64_t dst = p.b.memory->Allocate(n);
        for (uint64_t i = 0; i < n; i += 4096)
        {
            p.a.memory->Fill(src + i,
                             static_cast<uint8_t>(i / 4096 * 37 + 1),
                             std::min<uint64_t>(4096, n - i));
        }
        Ptr<NdkMr> srcMr = p.a.Register(src, n, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
        Ptr<NdkMr> dstMr =
            p.b.Register(dst,
                         n,
                         NDK_MR_FLAG_ALLOW_LOCAL_WRITE | NDK_MR_FLAG_ALLOW_REMOTE_WRITE |
                             NDK_MR_FLAG_ALLOW_REMOTE_READ);
        NdkSge sge{src, static_cast<uint32_t>(n), srcMr->GetLocalToken()};
        p.a.qp->Write(1, &sge, 1, dst, dstMr->GetRemoteToken(), 0);
        Simulator::Run();
        auto r = p.a.Poll();
        NS_TEST_ASSERT_MSG_EQ(r.size(), 1, "one completion");
        NS_TEST_ASSERT_MSG_EQ(r[0].status, NdkStatus::SUCCESS, "write survives the losses");
        NS_TEST_EXPECT_MSG_EQ(p.b.memory->Digest(dst, n), p.a.memory->Digest(src, n), "same bytes");
        RdmaQpStats sa = p.a.nic->GetTotalStats();
        RdmaQpStats sb = p.b.nic->GetTotalStats();
        NS_TEST_EXPECT_MSG_GT(sa.retransmits, 0, "retransmissions happened");
        NS_TEST_EXPECT_MSG_GT(sb.naksSent, 0, "the responder saw gaps (PSN sequence NAKs)");

        // A 1 MB read over the same lossy link: responses lost, requests re-issued.
        const uint64_t m = 1000 * 1000;
        uint64_t sink = p.a.memory->Allocate(m);
        Ptr<NdkMr> sinkMr = p.a.Register(sink, m, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
        NdkSge rs{sink, static_cast<uint32_t>(m), sinkMr->GetLocalToken()};
        const uint64_t before = p.a.nic->GetTotalStats().retransmits;
        p.a.qp->Read(2, &rs, 1, dst + 12345, dstMr->GetRemoteToken(), 0);
        Simulator::Run();
        r = p.a.Poll();
        NS_TEST_ASSERT_MSG_EQ(r.size(), 1, "one read completion");
        NS_TEST_ASSERT_MSG_EQ(r[0].status, NdkStatus::SUCCESS, "read survives the losses");
        NS_TEST_EXPECT_MSG_EQ(p.a.memory->Digest(sink, m),
                              p.b.memory->Digest(dst + 12345, m),
                              "same bytes read");
        NS_TEST_EXPECT_MSG_GT(p.a.nic->GetTotalStats().retransmits, before, "read re-issued");
    }
};

/** A cut cable: the retransmit timer runs out and the QP ends in Error with STATUS_IO_TIMEOUT. */
class RoceRcCutTestCase : public TestCase
{
  public:
    RoceRcCutTestCase()
        : TestCase("cut cable: retries exhausted, STATUS_IO_TIMEOUT, QP in Error")
    {
    }

  private:
    void DoRun() override
    {
        NdkPair p(NdkTestTransport::Roce);
        p.SetLinkDown(true);
        Time posted;
        NdkResultEx r = Write(p, 5000, &posted);
        NS_TEST_EXPECT_MSG_EQ(r.status, NdkStatus::IO_TIMEOUT, "transport retries exhausted");
        NS_TEST_EXPECT_MSG_EQ(p.a.qp->GetState(), NdkQpState::Error, "QP in Error");
        TimeValue timeout;
        UintegerValue retries;
        p.a.nic->GetAttribute("AckTimeout", timeout);
        p.a.nic->GetAttribute("RetryCount", retries);
        const Time expected = timeout.Get() * static_cast<int64_t>(retries.Get() + 1);
        const Time took = p.a.notifications.at(0) - posted;
        NS_TEST_EXPECT_MSG_GT_OR_EQ(took, expected, "(RetryCount + 1) timer expiries");
        NS_TEST_EXPECT_MSG_LT(took, expected + MicroSeconds(10), "and not much more");
        NS_TEST_EXPECT_MSG_EQ(p.a.nic->GetTotalStats().timeouts,
                              retries.Get() + 1,
                              "timeouts counted");
    }
};

/** Lost CM messages are sent again: a connection comes up over a link that loses half its frames.
 */
class RoceRcLossyConnectTestCase : public TestCase
{
  public:
    RoceRcLossyConnectTestCase()
        : TestCase("connection set-up survives 50 % frame loss (CM messages resent)")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(3);
        RngSeedManager::SetRun(1);
        NdkPair p(NdkTestTransport::Roce, 16, 256, false);
        int64_t stream = 10;
        std::vector<Ptr<RateErrorModel>> models;
        for (NdkSide* s : {&p.a, &p.b})
        {
            Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
            em->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
            em->SetAttribute("ErrorRate", DoubleValue(0.5));
            em->AssignStreams(stream++);
            s->port->SetAttribute("ReceiveErrorModel", PointerValue(em));
            models.push_back(em);
        }
        p.Connect();
        const uint64_t lost = p.a.port->GetStats().rxErrorDrops + p.b.port->GetStats().rxErrorDrops;
        NS_TEST_EXPECT_MSG_GT(lost, 0, "CM messages were lost");
        NS_TEST_ASSERT_MSG_EQ(p.connectDone, NdkStatus::SUCCESS, "connected anyway");
        NS_TEST_EXPECT_MSG_EQ(p.a.qp->GetState(), NdkQpState::Connected, "active QP connected");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetState(), NdkQpState::Connected, "passive QP connected");
        for (auto& em : models)
        {
            em->Disable(); // the link heals
        }
        NdkResultEx r = Write(p, 20000);
        NS_TEST_EXPECT_MSG_EQ(r.status, NdkStatus::SUCCESS, "the connection carries a write");
    }
};

/** A Read followed at once by Writes: the Writes' ACKs wait for the read responses. */
class RoceRcReadThenWriteTestCase : public TestCase
{
  public:
    RoceRcReadThenWriteTestCase()
        : TestCase("pipelined read then writes: responses and ACKs in PSN order, no resend")
    {
    }

  private:
    void DoRun() override
    {
        NdkPair p(NdkTestTransport::Roce);
        const uint64_t n =
            128 * 1024; // the read's responses are still leaving when the writes land
        uint64_t remote = p.b.memory->Allocate(n);
        p.b.memory->Fill(remote, 0x3C, n);
        Ptr<NdkMr> remoteMr =
            p.b.Register(remote,
                         n,
                         NDK_MR_FLAG_ALLOW_LOCAL_WRITE | NDK_MR_FLAG_ALLOW_REMOTE_READ |
                             NDK_MR_FLAG_ALLOW_REMOTE_WRITE);
        uint64_t local = p.a.memory->Allocate(2 * n);
        p.a.memory->Fill(local + n, 0x77, n);
        Ptr<NdkMr> localMr = p.a.Register(local, 2 * n, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
        NdkSge sink{local, 65536, localMr->GetLocalToken()};
        NdkSge src{local + n, 1024, localMr->GetLocalToken()};
        p.a.qp->Read(1, &sink, 1, remote, remoteMr->GetRemoteToken(), 0);
        p.a.qp->Write(2, &src, 1, remote + 65536, remoteMr->GetRemoteToken(), 0);
        p.a.qp->Write(3, &src, 1, remote + 66560, remoteMr->GetRemoteToken(), 0);
        Simulator::Run();
        auto c = p.a.Poll();
        NS_TEST_ASSERT_MSG_EQ(c.size(), 3, "three completions");
        for (const auto& r : c)
        {
            NS_TEST_EXPECT_MSG_EQ(r.status, NdkStatus::SUCCESS, "request " << r.requestContext);
        }
        NS_TEST_EXPECT_MSG_EQ(p.a.memory->Digest(local, 65536),
                              p.b.memory->Digest(remote, 65536),
                              "read bytes");
        NS_TEST_EXPECT_MSG_EQ(p.b.memory->Digest(remote + 65536, 1024),
                              p.a.memory->Digest(local + n, 1024),
                              "written");
        NS_TEST_EXPECT_MSG_EQ(p.a.nic->GetTotalStats().retransmits, 0, "nothing sent twice");
        NS_TEST_EXPECT_MSG_EQ(p.b.nic->GetTotalStats().duplicatesReceived, 0, "no duplicates");
    }
};

/** PSNs wrap at 2^24 in the middle of a message. */
class RoceRcPsnWrapTestCase : public TestCase
{
  public:
    RoceRcPsnWrapTestCase()
        : TestCase("PSN wrap inside a 100-packet write and read")
    {
    }

  private:
    void DoRun() override
    {
        Config::SetDefault("ns3::RdmaNic::InitialPsn",
                           StringValue("ns3::ConstantRandomVariable[Constant=16777200]"));
        NdkPair p(NdkTestTransport::Roce);
        NS_TEST_ASSERT_MSG_EQ(p.a.nic->GetRcQp(p.a.qp->GetQpNumber())->GetStartPsn(),
                              16777200,
                              "start PSN");
        NdkResultEx r = Write(p, 100 * 1024);
        NS_TEST_EXPECT_MSG_EQ(r.status, NdkStatus::SUCCESS, "write across the wrap");
        const uint64_t n = 50 * 1024;
        uint64_t src = p.b.memory->Allocate(n);
        p.b.memory->Fill(src, 0xA7, n);
        Ptr<NdkMr> srcMr = p.b.Register(src, n, NDK_MR_FLAG_ALLOW_REMOTE_READ);
        uint64_t sink = p.a.memory->Allocate(n);
        Ptr<NdkMr> sinkMr = p.a.Register(sink, n, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
        NdkSge s{sink, static_cast<uint32_t>(n), sinkMr->GetLocalToken()};
        p.a.qp->Read(3, &s, 1, src, srcMr->GetRemoteToken(), 0);
        Simulator::Run();
        auto c = p.a.Poll();
        NS_TEST_ASSERT_MSG_EQ(c.size(), 1, "read completion");
        NS_TEST_EXPECT_MSG_EQ(c[0].status, NdkStatus::SUCCESS, "read across the wrap");
        NS_TEST_EXPECT_MSG_EQ(p.a.memory->Digest(sink, n), p.b.memory->Digest(src, n), "bytes");
        NS_TEST_EXPECT_MSG_EQ(p.a.nic->GetTotalStats().retransmits, 0, "no retransmission");
        Config::Reset();
    }
};

/** The roce-rc suite. */
class RoceRcTestSuite : public TestSuite
{
  public:
    RoceRcTestSuite()
        : TestSuite("roce-rc", UNIT)
    {
        AddTestCase(new RoceRcTimingTestCase(1024, 1), TestCase::QUICK);
        AddTestCase(new RoceRcTimingTestCase(1024, 100000), TestCase::QUICK);
        AddTestCase(new RoceRcTimingTestCase(4096, 100000), TestCase::QUICK);
        AddTestCase(new RoceRcGoodputTestCase(1024), TestCase::QUICK);
        AddTestCase(new RoceRcGoodputTestCase(4096), TestCase::QUICK);
        AddTestCase(new RoceRcLossTestCase, TestCase::QUICK);
        AddTestCase(new RoceRcCutTestCase, TestCase::QUICK);
        AddTestCase(new RoceRcPsnWrapTestCase, TestCase::QUICK);
        AddTestCase(new RoceRcLossyConnectTestCase, TestCase::QUICK);
        AddTestCase(new RoceRcReadThenWriteTestCase, TestCase::QUICK);
    }
};

static RoceRcTestSuite g_roceRcTestSuite;
