/*
 * ndk-cq-srq: completion queues (arming, notification, moderation, resize, overflow) and shared
 * receive queues (limits, sharing, thresholds) (SEMANTICS.md 5, 8.2, 9, 15.2, 15.6 S1).
 */

#include "ndk-test-util.h"

namespace ns3
{
using namespace ndktest;

namespace
{

constexpr uint64_t kLen = 8192;

/** Notifications a CQ or SRQ delivered: status and time. */
struct NdkNotifications
{
    std::vector<NdkStatus> status;
    std::vector<Time> when;

    Callback<void, NdkContext, NdkStatus> Sink()
    {
        return [this](NdkContext, NdkStatus s) {
            status.push_back(s);
            when.push_back(Simulator::Now());
        };
    }
};

/** A QP on one side of a pair with its own notifying CQ, connected to a fresh QP on the other. */
struct NdkNotifyingQp
{
    Ptr<NdkCq> cq;
    Ptr<NdkQp> qp;
    Ptr<NdkQp> peer;
    std::shared_ptr<NdkLink> link;
};

NdkNotifyingQp
MakeNotifyingReceiver(NdkPair& p, NdkNotifications& n, uint32_t cqDepth = 64)
{
    NdkNotifyingQp r;
    p.b.adapter->CreateCq(cqDepth, n.Sink(), 0, &r.cq);
    r.qp = MakeQp(p.b, 0xB2, 16, r.cq);
    r.peer = MakeQp(p.a, 0xA2);
    r.link = ConnectQps(p.a, r.peer, p.b, r.qp, 3000);
    return r;
}

/** Put one CANCELLED completion on \p qp's CQ (the QP is in Error: receives flush at once). */
void
OneCompletion(Ptr<NdkQp> qp, NdkSge sge, NdkContext ctx)
{
    qp->Receive(ctx, &sge, 1);
}

} // namespace

/** NdkArmCq (5.3, E-3): one-shot arms, merging, solicited and error matching, no nesting. */
class NdkCqArmTestCase : public NdkTransportTestCase
{
  public:
    NdkCqArmTestCase(NdkTestTransport kind)
        : NdkTransportTestCase("CQ arm: one-shot, merge, solicited, errors, immediate re-arm", kind)
    {
    }

    void DoRun() override
    {
        NdkPair p(m_kind);
        NdkNotifications n;
        NdkNotifyingQp r = MakeNotifyingReceiver(p, n);
        NS_TEST_ASSERT_MSG_EQ(r.qp->GetState(), NdkQpState::Connected, "connected");
        NdkBuf rb = MakeBuf(p.b, kLen, 1);
        NdkBuf sb = MakeBuf(p.a, kLen, 0, 0x11);
        NdkSge rs = rb.Sge(0, 64);
        NdkSge ss = sb.Sge(0, 8);
        for (uint32_t i = 0; i < 10; ++i) // eight are consumed by sends, two get flushed
        {
            r.qp->Receive(i, &rs, 1);
        }
        auto send = [&](uint32_t flags) {
            r.peer->Send(100, &ss, 1, flags);
            Simulator::Run();
        };
        // No arm: no callback.
        send(0);
        NS_TEST_EXPECT_MSG_EQ(n.status.size(), 0, "never armed");
        // Arming with a completion that arrived since the last notification fires at once.
        r.cq->Arm(NDK_CQ_NOTIFY_ANY);
        NS_TEST_EXPECT_MSG_EQ(n.status.size(), 0, "not called from inside NdkArmCq");
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(n.status.size(), 1, "immediate notification");
        NS_TEST_EXPECT_MSG_EQ(n.status[0], NdkStatus::SUCCESS, "CQ healthy");
        // Re-arming without draining and with nothing new: ndksim does not fire.
        r.cq->Arm(NDK_CQ_NOTIFY_ANY);
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(n.status.size(), 1, "nothing new since the last notification");
        send(0);
        NS_TEST_EXPECT_MSG_EQ(n.status.size(), 2, "next completion fires the pending arm");
        send(0);
        NS_TEST_EXPECT_MSG_EQ(n.status.size(), 2, "one-shot");
        PollCq(r.cq);
        // SOLICITED: plain receives do not match, a SEND_AND_SOLICIT_EVENT receive does.
        r.cq->Arm(NDK_CQ_NOTIFY_SOLICITED);
        send(0);
        NS_TEST_EXPECT_MSG_EQ(n.status.size(), 2, "plain send does not satisfy SOLICITED");
        send(NDK_OP_FLAG_SEND_AND_SOLICIT_EVENT);
        NS_TEST_EXPECT_MSG_EQ(n.status.size(), 3, "solicited send does");
        PollCq(r.cq);
        // ERRORS then SOLICITED merge to SOLICITED; ERRORS alone ignores successful completions.
        r.cq->Arm(NDK_CQ_NOTIFY_ERRORS);
        send(NDK_OP_FLAG_SEND_AND_SOLICIT_EVENT);
        NS_TEST_EXPECT_MSG_EQ(n.status.size(), 3, "ERRORS ignores a successful completion");
        r.cq->Arm(NDK_CQ_NOTIFY_SOLICITED);
        send(NDK_OP_FLAG_SEND_AND_SOLICIT_EVENT);
        NS_TEST_EXPECT_MSG_EQ(n.status.size(), 4, "merged to SOLICITED");
        // SOLICITED then ERRORS keeps SOLICITED; an error completion satisfies it.
        r.cq->Arm(NDK_CQ_NOTIFY_SOLICITED);
        r.cq->Arm(NDK_CQ_NOTIFY_ERRORS);
        send(0);
        NS_TEST_EXPECT_MSG_EQ(n.status.size(), 4, "still SOLICITED, plain receive");
        r.qp->Flush(); // the remaining receives complete CANCELLED
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(n.status.size(), 5, "error completions satisfy SOLICITED");
        NS_TEST_EXPECT_MSG_EQ(n.status.back(),
                              NdkStatus::SUCCESS,
                              "notification status of a healthy CQ");
    }
};

/** NdkControlCqInterruptModeration (5.5): capability, parameter mix, interval and count. */
class NdkCqModerationTestCase : public TestCase
{
  public:
    NdkCqModerationTestCase()
        : TestCase("CQ interrupt moderation: capability, parameter mix, interval, count")
    {
    }

    void DoRun() override
    {
        {
            ScopedAdapterDefault flags("AdapterFlags", UintegerValue(0x1011B)); // no moderation
            NdkPair p(NdkTestTransport::Ideal, 16, 8, false);
            NS_TEST_EXPECT_MSG_EQ(p.a.cq->ControlInterruptModeration(10, 2),
                                  NdkStatus::NOT_SUPPORTED,
                                  "capability off");
            NS_TEST_EXPECT_MSG_EQ(p.a.cq->Resize(16), NdkStatus::SUCCESS, "resize still supported");
        }
        NdkPair p(NdkTestTransport::Ideal, 16, 8, false);
        NdkNotifications n;
        Ptr<NdkCq> cq;
        p.a.adapter->CreateCq(8, n.Sink(), 0, &cq);
        NS_TEST_EXPECT_MSG_EQ(cq->ControlInterruptModeration(0xFFFFFFFF, 0xFFFFFFFF),
                              NdkStatus::INVALID_PARAMETER_MIX,
                              "both MAX");
        NS_TEST_EXPECT_MSG_EQ(cq->ControlInterruptModeration(0xFFFFFFFF, 9),
                              NdkStatus::INVALID_PARAMETER_MIX,
                              "count > depth");
        Ptr<NdkQp> qp = MakeQp(p.a, 7, 16, cq);
        NdkBuf b = MakeBuf(p.a, kLen, 1);
        qp->Flush(); // every later receive completes at once (STATUS_CANCELLED)
        // Interval: the notification comes 50 us after the completion that satisfied the arm.
        NS_TEST_ASSERT_MSG_EQ(cq->ControlInterruptModeration(50, 0),
                              NdkStatus::SUCCESS,
                              "interval only");
        cq->Arm(NDK_CQ_NOTIFY_ANY);
        Time t0 = Simulator::Now();
        OneCompletion(qp, b.Sge(0, 8), 1);
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(n.when.size(), 1, "one notification");
        NS_TEST_EXPECT_MSG_EQ(n.when[0] - t0, MicroSeconds(50), "delayed by the interval");
        PollCq(cq);
        // Count alone (interval MAX): the third completion interrupts.
        NS_TEST_ASSERT_MSG_EQ(cq->ControlInterruptModeration(0xFFFFFFFF, 3),
                              NdkStatus::SUCCESS,
                              "count only");
        cq->Arm(NDK_CQ_NOTIFY_ANY);
        OneCompletion(qp, b.Sge(0, 8), 2);
        OneCompletion(qp, b.Sge(0, 8), 3);
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(n.when.size(), 1, "two completions: held");
        OneCompletion(qp, b.Sge(0, 8), 4);
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(n.when.size(), 2, "third completion interrupts");
        NS_TEST_EXPECT_MSG_EQ(cq->GetCount(), 3, "moderation never changes CQ contents");
        // Count 1: no moderation.
        PollCq(cq);
        cq->ControlInterruptModeration(0xFFFFFFFF, 1);
        cq->Arm(NDK_CQ_NOTIFY_ANY);
        OneCompletion(qp, b.Sge(0, 8), 5);
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(n.when.size(), 3, "count 1: immediate");
    }
};

/** NdkResizeCq (5.2): capability, limits, shrink below content, no entry lost. */
class NdkCqResizeTestCase : public TestCase
{
  public:
    NdkCqResizeTestCase()
        : TestCase("CQ resize: capability, limits, never below content, entries kept in order")
    {
    }

    void DoRun() override
    {
        {
            ScopedAdapterDefault flags("AdapterFlags", UintegerValue(0x1001F)); // no CQ resize
            NdkPair p(NdkTestTransport::Ideal, 16, 8, false);
            NS_TEST_EXPECT_MSG_EQ(p.a.cq->Resize(16), NdkStatus::NOT_SUPPORTED, "capability off");
        }
        ScopedAdapterDefault maxCq("MaxCqDepth", UintegerValue(64));
        NdkPair p(NdkTestTransport::Ideal, 16, 4, false);
        Ptr<NdkCq> cq = p.a.cq;
        NdkBuf b = MakeBuf(p.a, kLen, 1);
        p.a.qp->Flush();
        for (NdkContext i = 1; i <= 3; ++i)
        {
            OneCompletion(p.a.qp, b.Sge(0, 8), i);
        }
        NS_TEST_EXPECT_MSG_EQ(cq->Resize(65), NdkStatus::INVALID_PARAMETER, "over MaxCqDepth");
        NS_TEST_EXPECT_MSG_EQ(cq->Resize(2), NdkStatus::BUFFER_OVERFLOW, "below the 3 queued");
        NS_TEST_EXPECT_MSG_EQ(cq->GetDepth(), 4, "unchanged");
        NS_TEST_EXPECT_MSG_EQ(cq->GetCount(), 3, "nothing lost");
        NS_TEST_EXPECT_MSG_EQ(cq->Resize(3), NdkStatus::SUCCESS, "exactly the content");
        NS_TEST_EXPECT_MSG_EQ(cq->Resize(6), NdkStatus::SUCCESS, "grow");
        for (NdkContext i = 4; i <= 6; ++i)
        {
            OneCompletion(p.a.qp, b.Sge(0, 8), i);
        }
        NS_TEST_EXPECT_MSG_EQ(cq->IsFailed(), false, "6 entries fit the new depth");
        auto c = PollCq(cq);
        NS_TEST_ASSERT_MSG_EQ(c.size(), 6, "all six");
        for (NdkContext i = 0; i < 6; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(c[i].requestContext, i + 1, "order kept across resizes");
        }
    }
};

/** CQ overflow and catastrophic failure (5.4, R-2.3): terminal, QPs in error, healthy CQ still fed.
 */
class NdkCqOverflowTestCase : public NdkTransportTestCase
{
  public:
    NdkCqOverflowTestCase(NdkTestTransport kind)
        : NdkTransportTestCase(
              "CQ overflow: BUFFER_OVERFLOW notification, QPs unusable, nothing added",
              kind)
    {
    }

    void DoRun() override
    {
        NdkPair p(m_kind);
        NdkNotifications n;
        Ptr<NdkCq> small;
        p.b.adapter->CreateCq(2, n.Sink(), 0, &small);
        // qp2: receives on the small CQ, initiator on the healthy one; qp3: both on the small CQ.
        Ptr<NdkQp> qp2;
        p.b.pd->CreateQp(small, p.b.cq, 0x2, 8, 8, 1, 1, 0, &qp2);
        Ptr<NdkQp> qp3 = MakeQp(p.b, 0x3, 8, small);
        Ptr<NdkQp> a2 = MakeQp(p.a, 0xA2);
        auto link = ConnectQps(p.a, a2, p.b, qp2, 4000);
        NdkBuf rb = MakeBuf(p.b, kLen, 1);
        NdkBuf sb = MakeBuf(p.a, kLen, 0);
        NdkSge rs = rb.Sge(0, 64);
        for (uint32_t i = 0; i < 4; ++i)
        {
            qp2->Receive(i, &rs, 1);
        }
        qp3->Receive(9, &rs, 1);
        NdkBuf dst = MakeBuf(p.a, kLen, NDK_MR_FLAG_ALLOW_REMOTE_WRITE);
        NdkSge ws = rb.Sge(0, 8);
        qp2->Write(20,
                   &ws,
                   1,
                   dst.addr,
                   dst.mr->GetRemoteToken(),
                   NDK_OP_FLAG_DEFER); // outstanding
        small->Arm(NDK_CQ_NOTIFY_ERRORS);
        NdkSge ss = sb.Sge(0, 8);
        for (uint32_t i = 0; i < 3; ++i)
        {
            a2->Send(i, &ss, 1, 0);
        }
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(n.status.size(), 1, "one notification");
        NS_TEST_EXPECT_MSG_EQ(n.status[0], NdkStatus::BUFFER_OVERFLOW, "overflow");
        NS_TEST_EXPECT_MSG_EQ(small->IsFailed(), true, "terminal");
        NS_TEST_EXPECT_MSG_EQ(qp2->GetState(),
                              NdkQpState::Error,
                              "QP with its receive queue there");
        NS_TEST_EXPECT_MSG_EQ(qp3->GetState(), NdkQpState::Error, "every QP of the CQ");
        NS_TEST_EXPECT_MSG_EQ(small->GetCount(), 2, "queued entries stay");
        auto kept = PollCq(small);
        NS_TEST_EXPECT_MSG_EQ(kept[0].requestContext, 0, "retrievable in order");
        qp3->Receive(10, &rs, 1);
        NS_TEST_EXPECT_MSG_EQ(small->GetCount(), 0, "no further entries");
        auto healthy = p.b.Poll();
        NS_TEST_ASSERT_MSG_EQ(healthy.size(), 1, "qp2's initiator flush goes to its healthy CQ");
        NS_TEST_EXPECT_MSG_EQ(healthy[0].requestContext, 20, "the deferred write");
        NS_TEST_EXPECT_MSG_EQ(healthy[0].status, NdkStatus::CANCELLED, "cancelled");
        small->Arm(NDK_CQ_NOTIFY_ANY);
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(n.status.size(), 2, "arming a failed CQ reports the failure");
        // Catastrophic failure (fault injection): STATUS_INTERNAL_ERROR.
        NdkNotifications m;
        Ptr<NdkCq> cq;
        p.a.adapter->CreateCq(8, m.Sink(), 0, &cq);
        Ptr<NdkQp> q = MakeQp(p.a, 0xC, 4, cq);
        cq->Arm(NDK_CQ_NOTIFY_ERRORS);
        cq->InjectFailure();
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(m.status.size(), 1, "notified");
        NS_TEST_EXPECT_MSG_EQ(m.status[0], NdkStatus::INTERNAL_ERROR, "internal error");
        NS_TEST_EXPECT_MSG_EQ(q->GetState(), NdkQpState::Error, "its QP is unusable");
    }
};

/** NdkCreateSrq / NdkModifySrq / NdkSrqReceive / NdkCreateQpWithSrq limits (8.2, 9.1-9.3). */
class NdkSrqLimitsTestCase : public TestCase
{
  public:
    NdkSrqLimitsTestCase()
        : TestCase("SRQ: create, modify, receive and QP-with-SRQ limits")
    {
    }

    void DoRun() override
    {
        {
            ScopedAdapterDefault none("MaxSrqDepth", UintegerValue(0));
            NdkPair p(NdkTestTransport::Ideal, 16, 8, false);
            Ptr<NdkSrq> srq;
            NS_TEST_EXPECT_MSG_EQ(p.a.pd->CreateSrq(1, 1, 0, NdkSrqNotificationCallback(), 0, &srq),
                                  NdkStatus::INVALID_PARAMETER,
                                  "SRQ not supported (MaxSrqDepth 0)");
        }
        ScopedAdapterDefault depth("MaxSrqDepth", UintegerValue(8));
        NdkPair p(NdkTestTransport::Ideal, 16, 8, false);
        uint32_t maxSge = p.a.adapter->GetInfo().maxReceiveRequestSge;
        Ptr<NdkSrq> srq;
        auto create = [&](uint32_t d, uint32_t s) {
            return p.a.pd->CreateSrq(d, s, 0, NdkSrqNotificationCallback(), 0, &srq);
        };
        NS_TEST_EXPECT_MSG_EQ(create(9, 1), NdkStatus::INVALID_PARAMETER, "over MaxSrqDepth");
        NS_TEST_EXPECT_MSG_EQ(create(0, 1), NdkStatus::INVALID_PARAMETER, "depth 0");
        NS_TEST_EXPECT_MSG_EQ(create(4, maxSge + 1),
                              NdkStatus::INVALID_PARAMETER,
                              "SGEs over the adapter's");
        NS_TEST_ASSERT_MSG_EQ(create(2, 2), NdkStatus::SUCCESS, "create");
        NdkBuf b = MakeBuf(p.a, kLen, 1);
        NdkSge three[3] = {b.Sge(0, 8), b.Sge(8, 8), b.Sge(16, 8)};
        NS_TEST_EXPECT_MSG_EQ(srq->Receive(1, three, 3), NdkStatus::DATA_OVERRUN, "3 SGEs > 2");
        NS_TEST_EXPECT_MSG_EQ(srq->Receive(1, three, 2), NdkStatus::SUCCESS, "receive");
        NS_TEST_EXPECT_MSG_EQ(srq->Receive(2, three, 1), NdkStatus::SUCCESS, "receive");
        NS_TEST_EXPECT_MSG_EQ(srq->Receive(3, three, 1),
                              NdkStatus::NO_MORE_ENTRIES,
                              "depth 2 reached");
        NS_TEST_EXPECT_MSG_EQ(srq->Modify(9, 0),
                              NdkStatus::INVALID_PARAMETER,
                              "modify over MaxSrqDepth");
        NS_TEST_EXPECT_MSG_EQ(srq->Modify(1, 0),
                              NdkStatus::BUFFER_OVERFLOW,
                              "below the queued receives");
        NS_TEST_EXPECT_MSG_EQ(srq->Modify(0, 0), NdkStatus::SUCCESS, "0 keeps the depth");
        NS_TEST_EXPECT_MSG_EQ(srq->Receive(3, three, 1),
                              NdkStatus::NO_MORE_ENTRIES,
                              "still depth 2");
        NS_TEST_EXPECT_MSG_EQ(srq->Modify(3, 0), NdkStatus::SUCCESS, "grow");
        NS_TEST_EXPECT_MSG_EQ(srq->Receive(3, three, 1), NdkStatus::SUCCESS, "room for a third");
        NS_TEST_EXPECT_MSG_EQ(srq->GetQueued(), 3, "three queued");
        const NdkAdapterInfo info = p.a.adapter->GetInfo();
        Ptr<NdkQp> qp;
        auto withSrq = [&](Ptr<NdkSrq> s, uint32_t id, uint32_t is, uint32_t inl) {
            return p.a.pd->CreateQpWithSrq(p.a.cq, p.a.cq, s, 5, id, is, inl, &qp);
        };
        NS_TEST_EXPECT_MSG_EQ(withSrq(srq, info.maxInitiatorQueueDepth + 1, 1, 0),
                              NdkStatus::INVALID_PARAMETER,
                              "IQ depth");
        NS_TEST_EXPECT_MSG_EQ(withSrq(srq, 1, info.maxInitiatorRequestSge + 1, 0),
                              NdkStatus::INVALID_PARAMETER,
                              "IQ SGEs");
        NS_TEST_EXPECT_MSG_EQ(withSrq(srq, 1, 1, info.maxInlineDataSize + 1),
                              NdkStatus::INVALID_PARAMETER,
                              "inline");
        Ptr<NdkPd> pd2;
        p.a.adapter->CreatePd(&pd2);
        Ptr<NdkSrq> foreign;
        pd2->CreateSrq(2, 1, 0, NdkSrqNotificationCallback(), 0, &foreign);
        NS_TEST_EXPECT_MSG_EQ(withSrq(foreign, 1, 1, 0),
                              NdkStatus::INVALID_PARAMETER,
                              "SRQ of another PD");
        NS_TEST_ASSERT_MSG_EQ(withSrq(srq, 4, 1, 0), NdkStatus::SUCCESS, "QP with SRQ");
        NS_TEST_EXPECT_MSG_EQ(qp->Receive(1, three, 1),
                              NdkStatus::INVALID_DEVICE_REQUEST,
                              "receives come from the SRQ");
        // Flush does not touch the SRQ's receives (they belong to no QP).
        qp->Flush();
        NS_TEST_EXPECT_MSG_EQ(PollCq(p.a.cq).size(), 0, "nothing flushed");
        NS_TEST_EXPECT_MSG_EQ(srq->GetQueued(), 3, "SRQ receives stay");
    }
};

/** One SRQ feeding two QPs (9.3, 15.6 S1): order, QP contexts, no RNR failure while empty. */
class NdkSrqSharingTestCase : public NdkTransportTestCase
{
  public:
    NdkSrqSharingTestCase(NdkTestTransport kind)
        : NdkTransportTestCase("SRQ shared by two QPs: posting order, QP contexts, empty SRQ holds",
                               kind)
    {
    }

    void DoRun() override
    {
        NdkPair p(m_kind);
        NdkNotifications n;
        Ptr<NdkSrq> srq;
        p.b.pd->CreateSrq(8, 1, 0, NdkSrqNotificationCallback(), 0, &srq);
        Ptr<NdkCq> rcq;
        p.b.adapter->CreateCq(32, NdkCqNotificationCallback(), 0, &rcq);
        Ptr<NdkQp> s1;
        Ptr<NdkQp> s2;
        p.b.pd->CreateQpWithSrq(rcq, p.b.cq, srq, 0x51, 4, 1, 0, &s1);
        p.b.pd->CreateQpWithSrq(rcq, p.b.cq, srq, 0x52, 4, 1, 0, &s2);
        Ptr<NdkQp> a1 = MakeQp(p.a, 0xA1);
        Ptr<NdkQp> a2 = MakeQp(p.a, 0xA2);
        auto l1 = ConnectQps(p.a, a1, p.b, s1, 5001);
        auto l2 = ConnectQps(p.a, a2, p.b, s2, 5002);
        NS_TEST_ASSERT_MSG_EQ(s2->GetState(), NdkQpState::Connected, "both connected");
        NdkBuf rb = MakeBuf(p.b, kLen, 1);
        for (uint32_t i = 0; i < 3; ++i)
        {
            NdkSge s = rb.Sge(100 * i, 100);
            srq->Receive(i, &s, 1);
        }
        NdkBuf sb = MakeBuf(p.a, kLen, 0);
        p.a.memory->Fill(sb.addr, 0xA1, 16);
        p.a.memory->Fill(sb.addr + 16, 0xA2, 16);
        NdkSge m1 = sb.Sge(0, 16);
        NdkSge m2 = sb.Sge(16, 16);
        a2->Send(1, &m2, 1, 0);
        Simulator::Run();
        a1->Send(2, &m1, 1, 0);
        Simulator::Run();
        auto c = PollCq(rcq);
        NS_TEST_ASSERT_MSG_EQ(c.size(), 2, "two receives");
        NS_TEST_EXPECT_MSG_EQ(c[0].requestContext, 0, "oldest SRQ receive first");
        NS_TEST_EXPECT_MSG_EQ(c[0].qpContext, 0x52, "consumed by s2");
        NS_TEST_EXPECT_MSG_EQ(c[1].requestContext, 1, "next SRQ receive");
        NS_TEST_EXPECT_MSG_EQ(c[1].qpContext, 0x51, "consumed by s1");
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, rb.addr), 0xA2, "s2's message in the first buffer");
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, rb.addr + 100), 0xA1, "s1's message in the second");
        NS_TEST_EXPECT_MSG_EQ(srq->GetQueued(), 1, "one left");
        // Drain the SRQ, then send: the sender is held (no failure) until a receive is posted.
        a1->Send(3, &m1, 1, 0);
        a1->Send(4, &m1, 1, 0);
        RunFor(MilliSeconds(5));
        NS_TEST_EXPECT_MSG_EQ(PollCq(rcq).size(), 1, "one receive left to consume");
        NS_TEST_EXPECT_MSG_EQ(p.a.Poll().size(), 3, "sends 1-3 done, the fourth held");
        NS_TEST_EXPECT_MSG_EQ(a1->GetState(),
                              NdkQpState::Connected,
                              "held, not failed, after 5 ms");
        NdkSge s = rb.Sge(500, 100);
        srq->Receive(7, &s, 1);
        RunFor(MilliSeconds(1));
        auto done = p.a.Poll();
        NS_TEST_ASSERT_MSG_EQ(done.size(), 1, "held send completed");
        NS_TEST_EXPECT_MSG_EQ(done[0].status, NdkStatus::SUCCESS, "delivered");
        NS_TEST_EXPECT_MSG_EQ(done[0].requestContext, 4, "the held one");
    }
};

/** SRQ notification threshold (9.1, 9.2, 9.4): fires once below it; Modify re-arms. */
class NdkSrqNotifyTestCase : public NdkTransportTestCase
{
  public:
    NdkSrqNotifyTestCase(NdkTestTransport kind)
        : NdkTransportTestCase("SRQ threshold: one notification per arm, modify re-arms at once",
                               kind)
    {
    }

    void DoRun() override
    {
        NdkPair p(m_kind);
        NdkNotifications n;
        Ptr<NdkSrq> srq;
        p.b.pd->CreateSrq(8, 1, 2, n.Sink(), 0, &srq);
        Ptr<NdkQp> s1;
        p.b.pd->CreateQpWithSrq(p.b.cq, p.b.cq, srq, 0x51, 4, 1, 0, &s1);
        Ptr<NdkQp> a1 = MakeQp(p.a, 0xA1);
        auto link = ConnectQps(p.a, a1, p.b, s1, 5001);
        NdkBuf rb = MakeBuf(p.b, kLen, 1);
        NdkSge rs = rb.Sge(0, 64);
        for (uint32_t i = 0; i < 3; ++i)
        {
            srq->Receive(i, &rs, 1);
        }
        NdkBuf sb = MakeBuf(p.a, kLen, 0);
        NdkSge ss = sb.Sge(0, 8);
        auto send = [&]() {
            a1->Send(1, &ss, 1, 0);
            Simulator::Run();
        };
        send(); // 2 left: not below 2
        NS_TEST_EXPECT_MSG_EQ(n.status.size(), 0, "not below the threshold");
        send(); // 1 left
        NS_TEST_ASSERT_MSG_EQ(n.status.size(), 1, "dropped below 2");
        NS_TEST_EXPECT_MSG_EQ(n.status[0], NdkStatus::SUCCESS, "status");
        send(); // 0 left
        NS_TEST_EXPECT_MSG_EQ(n.status.size(), 1, "disarmed after one notification");
        NS_TEST_EXPECT_MSG_EQ(srq->Modify(0, 0), NdkStatus::SUCCESS, "threshold 0 keeps the state");
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(n.status.size(), 1, "still disarmed");
        NS_TEST_EXPECT_MSG_EQ(srq->Modify(0, 1), NdkStatus::SUCCESS, "re-arm");
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(n.status.size(), 2, "already below: notified right away");
        srq->Receive(9, &rs, 1);
        send();
        NS_TEST_EXPECT_MSG_EQ(n.status.size(), 2, "disarmed again");
        srq->InjectFailure();
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(n.status.size(), 3, "catastrophic error reported");
        NS_TEST_EXPECT_MSG_EQ(n.status[2], NdkStatus::INTERNAL_ERROR, "internal error");
        NS_TEST_EXPECT_MSG_EQ(s1->GetState(), NdkQpState::Error, "its QPs are unusable");
    }
};

/** The CQ and SRQ suite. */
class NdkCqSrqTestSuite : public TestSuite
{
  public:
    NdkCqSrqTestSuite()
        : TestSuite("ndk-cq-srq", UNIT)
    {
        AddTestCase(new NdkCqModerationTestCase, TestCase::QUICK);
        AddTestCase(new NdkCqResizeTestCase, TestCase::QUICK);
        AddTestCase(new NdkSrqLimitsTestCase, TestCase::QUICK);
        for (NdkTestTransport kind : {NdkTestTransport::Ideal, NdkTestTransport::Roce})
        {
            AddTestCase(new NdkCqArmTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkCqOverflowTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkSrqSharingTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkSrqNotifyTestCase(kind), TestCase::QUICK);
        }
    }
};

static NdkCqSrqTestSuite g_ndkCqSrqTestSuite;

} // namespace ns3
