/*
 * ndk-qp: queue-pair posting rules and request ordering (SEMANTICS.md 3.4, 8.1, 8.3-8.5, 8.8,
 * 8.13, 8.14, 10.9, 15.3 P1-P11, 15.4, 15.7, 15.11 E-2).
 */

#include "ndk-test-util.h"

#include "ns3/ndk-transport.h"

#include <map>

namespace ns3
{
using namespace ndktest;

namespace
{

constexpr uint64_t kLen = 8192;
constexpr uint32_t kRw = NDK_MR_FLAG_ALLOW_REMOTE_WRITE | NDK_MR_FLAG_ALLOW_REMOTE_READ;
constexpr uint32_t kSink = NDK_MR_FLAG_ALLOW_LOCAL_WRITE | NDK_MR_FLAG_RDMA_READ_SINK;

/**
 * A transport that carries CM messages but executes nothing by itself: the test pulls requests
 * with NdkQp::StartNextRequest and answers them with NdkQp::CompleteRequest, so the requester's
 * ordering rules (ORD, READ_FENCE, E-2) can be observed one step at a time.
 */
class NdkManualTransport : public NdkTransport
{
  public:
    void Attach(Ptr<NdkAdapter> adapter)
    {
        m_adapters[adapter->GetAddress()] = adapter;
        adapter->SetTransport(this);
    }

    void NotifyInitiatorWork(Ptr<NdkQp> qp) override
    {
        ++doorbells;
    }

    void SendCm(NdkAdapter& from, const NdkCmMessage& msg) override
    {
        Simulator::ScheduleNow(&NdkManualTransport::Deliver, this, msg);
    }

    bool IsReachable(Ipv4Address address) const override
    {
        return m_adapters.count(address) != 0;
    }

    uint32_t doorbells{0};

  protected:
    void DoDispose() override
    {
        m_adapters.clear();
        NdkTransport::DoDispose();
    }

  private:
    void Deliver(NdkCmMessage msg)
    {
        auto it = m_adapters.find(msg.dstAddress);
        if (it != m_adapters.end())
        {
            it->second->ReceiveCm(msg);
        }
    }

    std::map<Ipv4Address, Ptr<NdkAdapter>> m_adapters;
};

} // namespace

/** Adapter info, version negotiation and create-time limits (3.1, 3.3, 3.4, 5.1, 8.1). */
class NdkAdapterLimitsTestCase : public TestCase
{
  public:
    NdkAdapterLimitsTestCase()
        : TestCase("adapter info, version negotiation, create limits and object counts")
    {
    }

    void DoRun() override
    {
        ScopedAdapterDefault qps("MaxQpCount", UintegerValue(2));
        ScopedAdapterDefault cqs("MaxCqCount", UintegerValue(2));
        ScopedAdapterDefault mrs("MaxMrCount", UintegerValue(1));
        ScopedAdapterDefault mws("MaxMwCount", UintegerValue(1));
        Ptr<NdkAdapter> ad = CreateObject<NdkAdapter>();
        ad->SetAddress(Ipv4Address("10.0.0.9"));
        NS_TEST_EXPECT_MSG_EQ(ad->Open({3, 0}), NDIS_STATUS_BAD_VERSION, "unknown major");
        NS_TEST_EXPECT_MSG_EQ(ad->Open({1, 3}),
                              NDIS_STATUS_BAD_VERSION,
                              "minor above the provider's");
        NS_TEST_EXPECT_MSG_EQ(ad->Open({2, 0}), 0, "2.0 accepted");
        NS_TEST_EXPECT_MSG_EQ(ad->GetVersion().minor, 1, "reports the highest minor (2.1)");
        NS_TEST_EXPECT_MSG_EQ(ad->Open({1, 0}), 0, "1.0 accepted");
        NS_TEST_EXPECT_MSG_EQ(ad->GetVersion().minor, 2, "reports 1.2");
        NdkAdapterInfo info;
        uint32_t size = 4;
        NS_TEST_EXPECT_MSG_EQ(ad->QueryAdapterInfo(&info, &size),
                              NdkStatus::BUFFER_TOO_SMALL,
                              "small buffer");
        NS_TEST_EXPECT_MSG_EQ(size, sizeof(NdkAdapterInfo), "size needed reported");
        NS_TEST_ASSERT_MSG_EQ(ad->QueryAdapterInfo(&info, &size), NdkStatus::SUCCESS, "query");
        NS_TEST_EXPECT_MSG_EQ(info.version.minor, 2, "negotiated version in the info");

        Ptr<NdkCq> cq;
        NS_TEST_EXPECT_MSG_EQ(ad->CreateCq(0, NdkCqNotificationCallback(), 0, &cq),
                              NdkStatus::INVALID_PARAMETER,
                              "depth 0");
        NS_TEST_EXPECT_MSG_EQ(
            ad->CreateCq(info.maxCqDepth + 1, NdkCqNotificationCallback(), 0, &cq),
            NdkStatus::INVALID_PARAMETER,
            "over MaxCqDepth");
        NS_TEST_ASSERT_MSG_EQ(ad->CreateCq(info.maxCqDepth, NdkCqNotificationCallback(), 0, &cq),
                              NdkStatus::SUCCESS,
                              "max depth");
        Ptr<NdkCq> cq2;
        Ptr<NdkCq> cq3;
        NS_TEST_EXPECT_MSG_EQ(ad->CreateCq(4, NdkCqNotificationCallback(), 0, &cq2),
                              NdkStatus::SUCCESS,
                              "second CQ");
        NS_TEST_EXPECT_MSG_EQ(ad->CreateCq(4, NdkCqNotificationCallback(), 0, &cq3),
                              NdkStatus::INSUFFICIENT_RESOURCES,
                              "MaxCqCount");
        Ptr<NdkPd> pd;
        ad->CreatePd(&pd);
        Ptr<NdkQp> qp;
        auto create = [&](uint32_t rd, uint32_t id, uint32_t rs, uint32_t is, uint32_t inl) {
            return pd->CreateQp(cq, cq, 1, rd, id, rs, is, inl, &qp);
        };
        NS_TEST_EXPECT_MSG_EQ(create(info.maxReceiveQueueDepth + 1, 1, 1, 1, 0),
                              NdkStatus::INVALID_PARAMETER,
                              "RQ depth");
        NS_TEST_EXPECT_MSG_EQ(create(1, info.maxInitiatorQueueDepth + 1, 1, 1, 0),
                              NdkStatus::INVALID_PARAMETER,
                              "IQ depth");
        NS_TEST_EXPECT_MSG_EQ(create(1, 1, info.maxReceiveRequestSge + 1, 1, 0),
                              NdkStatus::INVALID_PARAMETER,
                              "RQ SGEs");
        NS_TEST_EXPECT_MSG_EQ(create(1, 1, 1, info.maxInitiatorRequestSge + 1, 0),
                              NdkStatus::INVALID_PARAMETER,
                              "IQ SGEs");
        NS_TEST_EXPECT_MSG_EQ(create(1, 1, 1, 1, info.maxInlineDataSize + 1),
                              NdkStatus::INVALID_PARAMETER,
                              "inline");
        NS_TEST_EXPECT_MSG_EQ(create(0, 1, 1, 1, 0), NdkStatus::INVALID_PARAMETER, "RQ depth 0");
        NS_TEST_EXPECT_MSG_EQ(create(1, 0, 1, 1, 0), NdkStatus::INVALID_PARAMETER, "IQ depth 0");
        Ptr<NdkAdapter> other = CreateObject<NdkAdapter>();
        other->Open({1, 2});
        Ptr<NdkCq> foreign;
        other->CreateCq(4, NdkCqNotificationCallback(), 0, &foreign);
        NS_TEST_EXPECT_MSG_EQ(pd->CreateQp(foreign, cq, 1, 1, 1, 1, 1, 0, &qp),
                              NdkStatus::INVALID_PARAMETER,
                              "foreign CQ");
        NS_TEST_EXPECT_MSG_EQ(create(info.maxReceiveQueueDepth,
                                     info.maxInitiatorQueueDepth,
                                     info.maxReceiveRequestSge,
                                     info.maxInitiatorRequestSge,
                                     info.maxInlineDataSize),
                              NdkStatus::SUCCESS,
                              "every limit exactly");
        NS_TEST_EXPECT_MSG_EQ(create(1, 1, 1, 1, 0), NdkStatus::SUCCESS, "second QP");
        NS_TEST_EXPECT_MSG_EQ(create(1, 1, 1, 1, 0),
                              NdkStatus::INSUFFICIENT_RESOURCES,
                              "MaxQpCount");
        Ptr<NdkMr> mr;
        NS_TEST_EXPECT_MSG_EQ(pd->CreateMr(false, &mr), NdkStatus::SUCCESS, "MR");
        NS_TEST_EXPECT_MSG_EQ(pd->CreateMr(true, &mr),
                              NdkStatus::INSUFFICIENT_RESOURCES,
                              "MaxMrCount");
        Ptr<NdkMw> mw;
        NS_TEST_EXPECT_MSG_EQ(pd->CreateMw(&mw), NdkStatus::SUCCESS, "MW");
        NS_TEST_EXPECT_MSG_EQ(pd->CreateMw(&mw), NdkStatus::INSUFFICIENT_RESOURCES, "MaxMwCount");
        // One privileged token for every PD of the adapter.
        Ptr<NdkPd> pd2;
        ad->CreatePd(&pd2);
        uint32_t t1 = 0;
        uint32_t t2 = 1;
        pd->GetPrivilegedMemoryRegionToken(&t1);
        pd2->GetPrivilegedMemoryRegionToken(&t2);
        NS_TEST_EXPECT_MSG_EQ(t1, t2, "same privileged token");
        NS_TEST_EXPECT_MSG_EQ((ad->GetKeyTable().Lookup(t1) == nullptr),
                              true,
                              "never in the key table");
        NS_TEST_EXPECT_MSG_EQ(pd->QueryExtension(1, 2, {1, 0}),
                              NdkStatus::NOT_SUPPORTED,
                              "no extensions");
        ad->Dispose();
        other->Dispose();
    }
};

/** SGE count (P8), transfer length (P10) and scatter/gather placement. */
class NdkSgeLimitsTestCase : public NdkTransportTestCase
{
  public:
    NdkSgeLimitsTestCase(NdkTestTransport kind)
        : NdkTransportTestCase("SGE count and transfer length limits; gather and scatter bytes",
                               kind)
    {
    }

    void DoRun() override
    {
        ScopedAdapterDefault readSge("MaxReadSge", UintegerValue(2));
        ScopedAdapterDefault maxLen("MaxTransferLength", UintegerValue(1024));
        NdkPair p(m_kind);
        NdkBuf src = MakeBuf(p.a, kLen, kSink);
        NdkBuf dst = MakeBuf(p.b, kLen, kRw);
        for (uint32_t i = 0; i < 64; ++i)
        {
            uint8_t v = static_cast<uint8_t>(i + 1);
            p.a.memory->Write(src.addr + i, &v, 1);
        }
        NdkSge five[5];
        for (uint32_t i = 0; i < 5; ++i)
        {
            five[i] = src.Sge(8 * i, 8);
        }
        uint32_t rt = dst.mr->GetRemoteToken();
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->Receive(1, five, 5),
                              NdkStatus::DATA_OVERRUN,
                              "receive: 5 SGEs > 4");
        NS_TEST_EXPECT_MSG_EQ(p.a.qp->Write(1, five, 5, dst.addr, rt, 0),
                              NdkStatus::DATA_OVERRUN,
                              "write: 5 SGEs");
        NS_TEST_EXPECT_MSG_EQ(p.a.qp->Read(1, five, 3, dst.addr, rt, 0),
                              NdkStatus::DATA_OVERRUN,
                              "read: 3 SGEs > adapter MaxReadRequestSge 2");
        NdkSge big = src.Sge(0, 1025);
        NS_TEST_EXPECT_MSG_EQ(p.a.qp->Send(1, &big, 1, 0),
                              NdkStatus::BUFFER_OVERFLOW,
                              "over MaxTransferLength");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->Receive(1, &big, 1),
                              NdkStatus::BUFFER_OVERFLOW,
                              "receive over MaxTransferLength");
        NdkSge split[2] = {src.Sge(0, 600), src.Sge(600, 425)};
        NS_TEST_EXPECT_MSG_EQ(p.a.qp->Write(1, split, 2, dst.addr, rt, 0),
                              NdkStatus::BUFFER_OVERFLOW,
                              "sum over the limit");
        NS_TEST_EXPECT_MSG_EQ(RunPoll(p.a).size(), 0, "no completions for failed posts");
        // At the limits: 4 SGEs gathered by a Send, scattered over 2 receive SGEs; 2 read SGEs.
        NdkSge rs[2] = {dst.Sge(1000, 10), dst.Sge(2000, 100)};
        NS_TEST_ASSERT_MSG_EQ(p.b.qp->Receive(2, rs, 2), NdkStatus::SUCCESS, "receive");
        NdkSge four[4] = {src.Sge(0, 4), src.Sge(10, 4), src.Sge(20, 4), src.Sge(30, 4)};
        NS_TEST_ASSERT_MSG_EQ(p.a.qp->Send(3, four, 4, 0), NdkStatus::SUCCESS, "send with 4 SGEs");
        NdkSge two[2] = {src.Sge(4096, 3), src.Sge(5000, 5)};
        NS_TEST_ASSERT_MSG_EQ(p.a.qp->Read(4, two, 2, dst.addr + 1000, rt, 0),
                              NdkStatus::SUCCESS,
                              "read with 2 SGEs");
        NdkSge full = src.Sge(0, 1024);
        NS_TEST_ASSERT_MSG_EQ(p.a.qp->Write(5, &full, 1, dst.addr + 4096, rt, 0),
                              NdkStatus::SUCCESS,
                              "exactly MaxTransferLength");
        auto c = RunPoll(p.a);
        NS_TEST_ASSERT_MSG_EQ(c.size(), 3, "three completions");
        for (const auto& r : c)
        {
            NS_TEST_EXPECT_MSG_EQ(r.status, NdkStatus::SUCCESS, "completed " << r.requestContext);
        }
        auto rc = p.b.Poll();
        NS_TEST_ASSERT_MSG_EQ(rc.size(), 1, "one receive");
        NS_TEST_EXPECT_MSG_EQ(rc[0].bytesTransferred, 16, "16 bytes");
        // Gathered 1,2,3,4, 11..14, 21..24, 31..34 -> 10 bytes in the first SGE, 6 in the second.
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, dst.addr + 1000), 1, "first byte");
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, dst.addr + 1004), 11, "second SGE gathered");
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, dst.addr + 1009), 22, "end of the first receive SGE");
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, dst.addr + 2000), 23, "continues in the second");
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, dst.addr + 2005), 34, "last byte");
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, dst.addr + 2006), 0, "nothing after");
        // The read (after the send on the same QP) scattered dst[1000..1007] = 1,2,3,4,11,12,13,14
        // into 3 + 5 bytes.
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.a, src.addr + 4098), 3, "read first SGE");
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.a, src.addr + 5000), 4, "read second SGE");
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.a, src.addr + 5004), 14, "read last byte");
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, dst.addr + 4096 + 63), 64, "write placed");
    }
};

/** NDK_OP_FLAG_INLINE (8.3, 8.5, P8 exemption, P9). */
class NdkInlineTestCase : public NdkTransportTestCase
{
  public:
    NdkInlineTestCase(NdkTestTransport kind)
        : NdkTransportTestCase(
              "inline data: copied at post, token ignored, SGE count free, size capped",
              kind)
    {
    }

    void DoRun() override
    {
        NdkPair p(m_kind);
        uint64_t raw = p.a.memory->Allocate(kLen); // never registered
        p.a.memory->Fill(raw, 0x4D, kLen);
        NdkSge six[6];
        for (uint32_t i = 0; i < 6; ++i)
        {
            six[i] = NdkSge{raw + 10 * i, 10, 0xBAD0000 + i}; // garbage tokens
        }
        NdkBuf dst = MakeBuf(p.b, kLen, kRw);
        NdkSge rs = dst.Sge(0, 256);
        p.b.qp->Receive(1, &rs, 1);
        NS_TEST_ASSERT_MSG_EQ(p.a.qp->Send(2, six, 6, NDK_OP_FLAG_INLINE),
                              NdkStatus::SUCCESS,
                              "6 inline SGEs > 4");
        // Copied during the posting call: a later change is not sent.
        p.a.memory->Fill(raw, 0x00, kLen);
        NdkSge w{raw + 100, 64, 0};
        p.a.memory->Fill(raw + 100, 0x3E, 64);
        NS_TEST_ASSERT_MSG_EQ(
            p.a.qp->Write(3, &w, 1, dst.addr + 512, dst.mr->GetRemoteToken(), NDK_OP_FLAG_INLINE),
            NdkStatus::SUCCESS,
            "inline write of exactly InlineDataSize");
        p.a.memory->Fill(raw + 100, 0x00, 64);
        NdkSge tooBig{raw, 65, 0};
        NS_TEST_EXPECT_MSG_EQ(p.a.qp->Send(4, &tooBig, 1, NDK_OP_FLAG_INLINE),
                              NdkStatus::BUFFER_OVERFLOW,
                              "65 > 64");
        NS_TEST_EXPECT_MSG_EQ(
            p.a.qp->Write(4, &tooBig, 1, dst.addr, dst.mr->GetRemoteToken(), NDK_OP_FLAG_INLINE),
            NdkStatus::BUFFER_OVERFLOW,
            "inline write too long");
        NS_TEST_EXPECT_MSG_EQ(
            p.a.qp->Read(4, &w, 1, dst.addr, dst.mr->GetRemoteToken(), NDK_OP_FLAG_INLINE),
            NdkStatus::INVALID_PARAMETER,
            "no inline reads");
        auto c = RunPoll(p.a);
        NS_TEST_ASSERT_MSG_EQ(c.size(), 2, "send and write");
        NS_TEST_EXPECT_MSG_EQ(c[0].status, NdkStatus::SUCCESS, "inline send");
        NS_TEST_EXPECT_MSG_EQ(c[1].status, NdkStatus::SUCCESS, "inline write");
        auto r = p.b.Poll();
        NS_TEST_ASSERT_MSG_EQ(r.size(), 1, "receive");
        NS_TEST_EXPECT_MSG_EQ(r[0].bytesTransferred, 60, "60 bytes");
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, dst.addr + 59), 0x4D, "bytes as at post time");
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, dst.addr + 512 + 63),
                              0x3E,
                              "inline write bytes as at post time");
    }
};

/** Queue depths (P7): receive and initiator queues, slots freed by completion (also silent). */
class NdkQueueDepthTestCase : public NdkTransportTestCase
{
  public:
    NdkQueueDepthTestCase(NdkTestTransport kind)
        : NdkTransportTestCase(
              "queue depth: receive exhaustion, initiator full, silent success frees",
              kind)
    {
    }

    void DoRun() override
    {
        NdkPair p(m_kind, 4);
        NdkBuf rb = MakeBuf(p.b, kLen, kRw);
        NdkBuf sb = MakeBuf(p.a, kLen, 1, 0x12);
        for (uint32_t i = 0; i < 4; ++i)
        {
            NdkSge s = rb.Sge(64 * i, 64);
            NS_TEST_EXPECT_MSG_EQ(p.b.qp->Receive(i, &s, 1), NdkStatus::SUCCESS, "receive " << i);
        }
        NdkSge s = rb.Sge(0, 64);
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->Receive(9, &s, 1),
                              NdkStatus::NO_MORE_ENTRIES,
                              "receive queue full");
        // Full queue with too many SGEs: the depth check (P7) decides first.
        NdkSge five[5] = {s, s, s, s, s};
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->Receive(9, five, 5),
                              NdkStatus::NO_MORE_ENTRIES,
                              "P7 before P8");
        NdkSge ss = sb.Sge(0, 32);
        for (uint32_t i = 0; i < 4; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(
                p.a.qp->Send(10 + i, &ss, 1, i == 1 ? NDK_OP_FLAG_SILENT_SUCCESS : 0),
                NdkStatus::SUCCESS,
                "send " << i);
        }
        NS_TEST_EXPECT_MSG_EQ(p.a.qp->Send(20, &ss, 1, 0),
                              NdkStatus::NO_MORE_ENTRIES,
                              "initiator queue full");
        NS_TEST_EXPECT_MSG_EQ(p.a.qp->Write(20, &ss, 1, rb.addr, rb.mr->GetRemoteToken(), 0),
                              NdkStatus::NO_MORE_ENTRIES,
                              "full for every request kind");
        auto c = RunPoll(p.a);
        NS_TEST_ASSERT_MSG_EQ(c.size(), 3, "silent success completes nothing");
        NS_TEST_EXPECT_MSG_EQ(c[0].requestContext, 10, "order");
        NS_TEST_EXPECT_MSG_EQ(c[1].requestContext, 12, "order");
        NS_TEST_EXPECT_MSG_EQ(p.b.Poll().size(), 4, "every receive consumed");
        NS_TEST_EXPECT_MSG_EQ(p.a.qp->GetOutstandingInitiator(),
                              0,
                              "slots free, the silent one too");
        // With the receive queue exhausted, a further Send finds no receive: RNR, then timeout.
        for (uint32_t i = 0; i < 4; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(p.a.qp->Write(30 + i,
                                                &ss,
                                                1,
                                                rb.addr,
                                                rb.mr->GetRemoteToken(),
                                                NDK_OP_FLAG_SILENT_SUCCESS),
                                  NdkStatus::SUCCESS,
                                  "queue usable again");
        }
        NS_TEST_EXPECT_MSG_EQ(RunPoll(p.a).size(), 0, "silent writes");
        p.a.qp->Send(40, &ss, 1, 0);
        auto t = RunPoll(p.a);
        NS_TEST_ASSERT_MSG_EQ(t.size(), 1, "one completion");
        NS_TEST_EXPECT_MSG_EQ(t[0].status,
                              NdkStatus::IO_TIMEOUT,
                              "receive queue exhausted: RNR retries run out");
        NS_TEST_EXPECT_MSG_EQ(t[0].providerErrorCode,
                              uint32_t(NdkProviderError::RnrRetryExceeded),
                              "cause");
    }
};

/** NDK_OP_FLAG_DEFER (8.4): held until a non-deferred post, or pushed by a failing post. */
class NdkDeferTestCase : public NdkTransportTestCase
{
  public:
    NdkDeferTestCase(NdkTestTransport kind)
        : NdkTransportTestCase("defer: requests wait for the doorbell; an inline failure rings it",
                               kind)
    {
    }

    void DoRun() override
    {
        NdkPair p(m_kind);
        NdkBuf src = MakeBuf(p.a, kLen, 1, 0x71);
        NdkBuf dst = MakeBuf(p.b, kLen, kRw);
        uint32_t rt = dst.mr->GetRemoteToken();
        NdkSge s = src.Sge(0, 16);
        p.a.qp->Write(1, &s, 1, dst.addr, rt, NDK_OP_FLAG_DEFER);
        p.a.qp->Write(2, &s, 1, dst.addr + 100, rt, NDK_OP_FLAG_DEFER);
        NS_TEST_EXPECT_MSG_EQ(RunPoll(p.a).size(), 0, "deferred: not started");
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, dst.addr), 0, "nothing written yet");
        p.a.qp->Write(3, &s, 1, dst.addr + 200, rt, 0);
        auto c = RunPoll(p.a);
        NS_TEST_ASSERT_MSG_EQ(c.size(), 3, "the chain ran");
        NS_TEST_EXPECT_MSG_EQ(c[0].requestContext, 1, "in order");
        NS_TEST_EXPECT_MSG_EQ(c[2].requestContext, 3, "in order");
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, dst.addr + 100), 0x71, "deferred write placed");
        // A deferred chain cut short by a failing post is pushed to the hardware anyway.
        p.a.qp->Write(4, &s, 1, dst.addr + 300, rt, NDK_OP_FLAG_DEFER);
        NS_TEST_EXPECT_MSG_EQ(p.a.qp->Write(5, &s, 1, dst.addr, rt, 0x8000),
                              NdkStatus::INVALID_PARAMETER,
                              "bad flag");
        auto d = RunPoll(p.a);
        NS_TEST_ASSERT_MSG_EQ(d.size(), 1, "deferred request executed");
        NS_TEST_EXPECT_MSG_EQ(d[0].requestContext, 4, "the deferred one");
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, dst.addr + 300), 0x71, "placed");
    }
};

/** Read limits (10.9, R-9.3, P11): capped, negotiated, ORD 0 rejects reads, excess reads queue. */
class NdkReadLimitsTestCase : public NdkTransportTestCase
{
  public:
    NdkReadLimitsTestCase(NdkTestTransport kind)
        : NdkTransportTestCase(
              "read limits: capped to the adapter, negotiated, ORD 0, reads queued",
              kind)
    {
    }

    void DoRun() override
    {
        ScopedAdapterDefault ird("MaxInboundReadLimit", UintegerValue(4));
        ScopedAdapterDefault ord("MaxOutboundReadLimit", UintegerValue(4));
        NdkPair p(m_kind, 16, 256, false);
        // Active asks IRD 1 / ORD 100, passive IRD 3 / ORD 100; both capped at 4.
        auto link = ConnectQps(p.a, p.a.qp, p.b, p.b.qp, 1000, 1, 100, 3, 100);
        NS_TEST_ASSERT_MSG_EQ(link->acceptDone, NdkStatus::SUCCESS, "connected");
        NS_TEST_EXPECT_MSG_EQ(p.a.qp->GetOutboundReadLimit(), 3, "a ORD = min(4, b IRD 3)");
        NS_TEST_EXPECT_MSG_EQ(p.a.qp->GetInboundReadLimit(), 1, "a IRD = min(1, b ORD 4)");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetInboundReadLimit(), 3, "b IRD = min(3, a ORD 4)");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetOutboundReadLimit(), 1, "b ORD = min(4, a IRD 1)");
        // Eight reads with ORD 3: all complete, in order, with the right bytes.
        NdkBuf remote = MakeBuf(p.b, kLen, kRw);
        for (uint32_t i = 0; i < 8; ++i)
        {
            p.b.memory->Fill(remote.addr + 64 * i, static_cast<uint8_t>(0x20 + i), 64);
        }
        NdkBuf sink = MakeBuf(p.a, kLen, kSink);
        for (uint32_t i = 0; i < 8; ++i)
        {
            NdkSge s = sink.Sge(64 * i, 64);
            NS_TEST_EXPECT_MSG_EQ(
                p.a.qp->Read(i, &s, 1, remote.addr + 64 * i, remote.mr->GetRemoteToken(), 0),
                NdkStatus::SUCCESS,
                "read " << i);
        }
        auto c = RunPoll(p.a);
        NS_TEST_ASSERT_MSG_EQ(c.size(), 8, "eight completions");
        for (uint32_t i = 0; i < 8; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(c[i].requestContext, i, "posting order");
            NS_TEST_EXPECT_MSG_EQ(c[i].status, NdkStatus::SUCCESS, "success");
            NS_TEST_EXPECT_MSG_EQ(ByteAt(p.a, sink.addr + 64 * i + 63), 0x20 + i, "data");
        }
        {
            NdkPair q(m_kind, 16, 256, false);
            auto l = ConnectQps(q.a, q.a.qp, q.b, q.b.qp, 1000, 8, 0, 8, 8);
            NS_TEST_EXPECT_MSG_EQ(q.a.qp->GetOutboundReadLimit(), 0, "ORD 0");
            NdkBuf r = MakeBuf(q.b, 64, kRw);
            NdkBuf k = MakeBuf(q.a, 64, kSink);
            NdkSge s = k.Sge(0, 8);
            NS_TEST_EXPECT_MSG_EQ(q.a.qp->Read(1, &s, 1, r.addr, r.mr->GetRemoteToken(), 0),
                                  NdkStatus::INVALID_DEVICE_REQUEST,
                                  "no reads with ORD 0");
            NS_TEST_EXPECT_MSG_EQ(q.b.qp->GetInboundReadLimit(), 0, "peer IRD 0 too");
        }
    }
};

/** READ_FENCE (8.4, R-3.6): a fenced request sees the data of every earlier read. */
class NdkReadFenceTestCase : public NdkTransportTestCase
{
  public:
    NdkReadFenceTestCase(NdkTestTransport kind)
        : NdkTransportTestCase("read fence: a fenced send carries what earlier reads fetched", kind)
    {
    }

    void DoRun() override
    {
        NdkPair p(m_kind);
        NdkBuf remote = MakeBuf(p.b, kLen, kRw, 0x9C);
        NdkBuf local = MakeBuf(p.a, kLen, kSink, 0x00);
        NdkBuf rbuf = MakeBuf(p.b, kLen, 1, 0x00);
        NdkSge rs = rbuf.Sge(0, 4096);
        p.b.qp->Receive(1, &rs, 1);
        NdkSge sink = local.Sge(0, 4096);
        p.a.qp->Read(2, &sink, 1, remote.addr, remote.mr->GetRemoteToken(), 0);
        p.a.qp->Send(3, &sink, 1, NDK_OP_FLAG_READ_FENCE);
        NdkSge w = local.Sge(0, 4096);
        p.a.qp->Write(4,
                      &w,
                      1,
                      remote.addr + 4096,
                      remote.mr->GetRemoteToken(),
                      NDK_OP_FLAG_READ_FENCE);
        auto c = RunPoll(p.a);
        NS_TEST_ASSERT_MSG_EQ(c.size(), 3, "three completions");
        NS_TEST_EXPECT_MSG_EQ(c[0].type, NdkOperationType::Read, "read first");
        NS_TEST_EXPECT_MSG_EQ(c[1].type, NdkOperationType::Send, "then send");
        NS_TEST_EXPECT_MSG_EQ(c[2].type, NdkOperationType::Write, "then write");
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, rbuf.addr + 4095),
                              0x9C,
                              "the send carried the read data");
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, remote.addr + 8191),
                              0x9C,
                              "the write carried the read data");
    }
};

/** The requester's start rules, driven step by step: ORD, READ_FENCE and E-2 completion order. */
class NdkRequesterOrderTestCase : public TestCase
{
  public:
    NdkRequesterOrderTestCase()
        : TestCase("requester: ORD in flight, fence waits, completions in posting order")
    {
    }

    void DoRun() override
    {
        Ptr<NdkManualTransport> t = CreateObject<NdkManualTransport>();
        NdkSide a;
        NdkSide b;
        for (NdkSide* s : {&a, &b})
        {
            s->adapter = CreateObject<NdkAdapter>();
            s->adapter->SetAddress(Ipv4Address(s == &a ? "10.0.0.1" : "10.0.0.2"));
            s->adapter->Open({1, 2});
            s->memory = s->adapter->GetHostMemory();
            t->Attach(s->adapter);
            s->adapter->CreatePd(&s->pd);
            s->adapter->CreateCq(64, NdkCqNotificationCallback(), 0, &s->cq);
            s->qp = MakeQp(*s, s == &a ? 0xA : 0xB);
        }
        auto link = ConnectQps(a, a.qp, b, b.qp, 1000, 2, 2, 2, 2);
        NS_TEST_ASSERT_MSG_EQ(a.qp->GetOutboundReadLimit(), 2, "ORD 2");
        NdkBuf sink = MakeBuf(a, kLen, kSink);
        NdkSge s = sink.Sge(0, 8);
        uint32_t before = t->doorbells;
        for (uint32_t i = 0; i < 3; ++i)
        {
            a.qp->Read(i, &s, 1, 0x1000, 0x100, 0);
        }
        a.qp->Write(3, &s, 1, 0x1000, 0x100, NDK_OP_FLAG_READ_FENCE);
        a.qp->Write(4, &s, 1, 0x1000, 0x100, 0);
        NS_TEST_EXPECT_MSG_GT(t->doorbells, before, "doorbell rung");
        NdkWqe* r0 = a.qp->StartNextRequest();
        NdkWqe* r1 = a.qp->StartNextRequest();
        NS_TEST_ASSERT_MSG_EQ((r0 && r1), true, "two reads start");
        NS_TEST_EXPECT_MSG_EQ((a.qp->StartNextRequest() == nullptr),
                              true,
                              "third read waits for ORD");
        // The second read finishes first: nothing is reported before the first (E-2).
        a.qp->CompleteRequest(r1, NdkStatus::SUCCESS, NdkProviderError::None);
        NS_TEST_EXPECT_MSG_EQ(PollCq(a.cq).size(), 0, "r1 done but r0 outstanding");
        NdkWqe* r2 = a.qp->StartNextRequest();
        NS_TEST_ASSERT_MSG_EQ((r2 != nullptr), true, "a free ORD slot starts the third read");
        NS_TEST_EXPECT_MSG_EQ(r2->requestContext, 2, "in order");
        NS_TEST_EXPECT_MSG_EQ((a.qp->StartNextRequest() == nullptr),
                              true,
                              "the fenced write waits for reads");
        a.qp->CompleteRequest(r0, NdkStatus::SUCCESS, NdkProviderError::None);
        auto c = PollCq(a.cq);
        NS_TEST_ASSERT_MSG_EQ(c.size(), 2, "r0 and r1 reported together");
        NS_TEST_EXPECT_MSG_EQ(c[0].requestContext, 0, "r0 first");
        NS_TEST_EXPECT_MSG_EQ(c[1].requestContext, 1, "then r1");
        NS_TEST_EXPECT_MSG_EQ((a.qp->StartNextRequest() == nullptr),
                              true,
                              "still fenced behind r2");
        a.qp->CompleteRequest(r2, NdkStatus::SUCCESS, NdkProviderError::None);
        NdkWqe* w3 = a.qp->StartNextRequest();
        NdkWqe* w4 = a.qp->StartNextRequest();
        NS_TEST_ASSERT_MSG_EQ((w3 && w4), true, "fence released");
        // A failing request: everything behind it completes STATUS_CANCELLED, in order.
        a.qp->CompleteRequest(w4, NdkStatus::SUCCESS, NdkProviderError::None);
        a.qp->CompleteRequest(w3, NdkStatus::ACCESS_VIOLATION, NdkProviderError::RemoteAccess);
        auto d = PollCq(a.cq);
        NS_TEST_ASSERT_MSG_EQ(d.size(), 3, "r2, w3, w4");
        NS_TEST_EXPECT_MSG_EQ(d[1].status, NdkStatus::ACCESS_VIOLATION, "w3 failed");
        NS_TEST_EXPECT_MSG_EQ(d[1].providerErrorCode,
                              uint32_t(NdkProviderError::RemoteAccess),
                              "cause");
        NS_TEST_EXPECT_MSG_EQ(d[2].status, NdkStatus::SUCCESS, "w4 had already succeeded");
        NS_TEST_EXPECT_MSG_EQ(a.qp->GetState(), NdkQpState::Error, "QP in error");
        // A late answer for a flushed request changes nothing (exactly once).
        a.qp->CompleteRequest(w3, NdkStatus::SUCCESS, NdkProviderError::None);
        NS_TEST_EXPECT_MSG_EQ(PollCq(a.cq).size(), 0, "no second completion");
        a.adapter->Dispose();
        b.adapter->Dispose();
        t->Dispose();
        Simulator::Destroy();
    }
};

/** Flush (8.13) and transport failure (15.7): statuses, order, types, only this QP. */
class NdkFlushTestCase : public NdkTransportTestCase
{
  public:
    NdkFlushTestCase(NdkTestTransport kind)
        : NdkTransportTestCase("flush and link loss: cancelled in posting order, only this QP",
                               kind)
    {
    }

    void DoRun() override
    {
        {
            NdkPair p(m_kind);
            Ptr<NdkQp> other = MakeQp(p.a, 0xA2); // same CQ, never connected
            NdkBuf buf = MakeBuf(p.a, kLen, kSink);
            NdkBuf dst = MakeBuf(p.b, kLen, kRw);
            NdkSge s = buf.Sge(0, 64);
            other->Receive(50, &s, 1);
            p.a.qp->Receive(1, &s, 1);
            p.SetLinkDown(true);
            p.a.qp->Write(2, &s, 1, dst.addr, dst.mr->GetRemoteToken(), NDK_OP_FLAG_SILENT_SUCCESS);
            p.a.qp->Read(3, &s, 1, dst.addr, dst.mr->GetRemoteToken(), 0);
            p.a.qp->Send(4, &s, 1, 0);
            RunFor(MicroSeconds(5));
            NS_TEST_EXPECT_MSG_EQ(p.a.Poll().size(), 0, "in flight, nothing completed yet");
            p.a.qp->Flush();
            NS_TEST_EXPECT_MSG_EQ(p.a.qp->Bind(5, buf.mr, nullptr, buf.addr, 8, 0),
                                  NdkStatus::INVALID_PARAMETER,
                                  "still checked");
            NS_TEST_EXPECT_MSG_EQ(p.a.qp->Write(6, &s, 1, dst.addr, dst.mr->GetRemoteToken(), 0),
                                  NdkStatus::SUCCESS,
                                  "accepted in Error");
            auto c = RunPoll(p.a);
            NS_TEST_ASSERT_MSG_EQ(c.size(), 5, "every request once, the silent one too");
            const NdkOperationType types[] = {NdkOperationType::Write,
                                              NdkOperationType::Read,
                                              NdkOperationType::Send,
                                              NdkOperationType::Receive,
                                              NdkOperationType::Write};
            const NdkContext order[] = {2, 3, 4, 1, 6};
            // Initiator and receive queues are each in posting order; the receive may be anywhere.
            std::vector<NdkResultEx> init;
            for (const auto& r : c)
            {
                NS_TEST_EXPECT_MSG_EQ(r.status,
                                      NdkStatus::CANCELLED,
                                      "cancelled " << r.requestContext);
                NS_TEST_EXPECT_MSG_EQ(r.qpContext, 0xA, "only this QP");
                if (r.type != NdkOperationType::Receive)
                {
                    init.push_back(r);
                }
            }
            NS_TEST_ASSERT_MSG_EQ(init.size(), 4, "four initiator completions");
            for (uint32_t i = 0, j = 0; i < 5; ++i)
            {
                if (types[i] == NdkOperationType::Receive)
                {
                    continue;
                }
                NS_TEST_EXPECT_MSG_EQ(init[j].requestContext, order[i], "posting order");
                NS_TEST_EXPECT_MSG_EQ(init[j].type, types[i], "flushed keeps its type");
                ++j;
            }
            NS_TEST_EXPECT_MSG_EQ(other->GetOutstandingReceives(),
                                  1,
                                  "other QP's receive untouched");
        }
        {
            // Link loss: the oldest request completes IO_TIMEOUT, the rest CANCELLED.
            NdkPair p(m_kind);
            NdkBuf buf = MakeBuf(p.a, kLen, 1);
            NdkBuf dst = MakeBuf(p.b, kLen, kRw, 0x01);
            NdkSge s = buf.Sge(0, 64);
            p.SetLinkDown(true);
            p.a.qp->Write(1, &s, 1, dst.addr, dst.mr->GetRemoteToken(), 0);
            p.a.qp->Write(2, &s, 1, dst.addr, dst.mr->GetRemoteToken(), 0);
            auto c = RunPoll(p.a);
            NS_TEST_ASSERT_MSG_EQ(c.size(), 2, "two completions");
            NS_TEST_EXPECT_MSG_EQ(c[0].status, NdkStatus::IO_TIMEOUT, "oldest times out");
            NS_TEST_EXPECT_MSG_EQ(c[0].providerErrorCode,
                                  uint32_t(NdkProviderError::TransportRetryExceeded),
                                  "cause");
            NS_TEST_EXPECT_MSG_EQ(c[1].status, NdkStatus::CANCELLED, "the rest cancelled");
            NS_TEST_EXPECT_MSG_EQ(p.a.qp->GetState(), NdkQpState::Error, "QP in error");
            NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, dst.addr), 0x01, "nothing arrived");
        }
    }
};

/** The queue-pair suite. */
class NdkQpTestSuite : public TestSuite
{
  public:
    NdkQpTestSuite()
        : TestSuite("ndk-qp", UNIT)
    {
        AddTestCase(new NdkAdapterLimitsTestCase, TestCase::QUICK);
        AddTestCase(new NdkRequesterOrderTestCase, TestCase::QUICK);
        for (NdkTestTransport kind : {NdkTestTransport::Ideal, NdkTestTransport::Roce})
        {
            AddTestCase(new NdkSgeLimitsTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkInlineTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkQueueDepthTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkDeferTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkReadLimitsTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkReadFenceTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkFlushTestCase(kind), TestCase::QUICK);
        }
    }
};

static NdkQpTestSuite g_ndkQpTestSuite;

} // namespace ns3
