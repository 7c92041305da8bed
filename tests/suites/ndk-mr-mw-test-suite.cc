/*
 * ndk-mr-mw: memory regions, memory windows, fast registration and Send-and-Invalidate
 * (SEMANTICS.md 6, 7, 8.6, 8.10-8.12, 15.3 P3-P6, 15.4 R-3.1-R-3.5, 15.5, 15.6 S2-S5).
 */

#include "ndk-test-util.h"

namespace ns3
{
using namespace ndktest;

namespace
{

constexpr uint64_t kLen = 8192;
constexpr uint32_t kRw = NDK_MR_FLAG_ALLOW_REMOTE_WRITE | NDK_MR_FLAG_ALLOW_REMOTE_READ;
constexpr uint32_t kSink = NDK_MR_FLAG_ALLOW_LOCAL_WRITE | NDK_MR_FLAG_RDMA_READ_SINK;

/** Post a Read of \p len bytes from (addr, token) at b into a fresh sink on a; \return status. */
NdkStatus
ReadAndRun(NdkPair& p, uint64_t addr, uint32_t token, uint32_t len)
{
    NdkBuf sink = MakeBuf(p.a, kLen, kSink);
    NdkSge sge = sink.Sge(0, len);
    NdkStatus post = p.a.qp->Read(77, &sge, 1, addr, token, 0);
    if (post != NdkStatus::SUCCESS)
    {
        return post;
    }
    auto c = RunPoll(p.a);
    return c.empty() ? NdkStatus::UNSUCCESSFUL : c.front().status;
}

/** Post a Write of \p len bytes of 0x5A from a to (addr, token) at b; \return its status. */
NdkStatus
WriteAndRun(NdkPair& p, uint64_t addr, uint32_t token, uint32_t len)
{
    NdkBuf src = MakeBuf(p.a, kLen, 0, 0x5A);
    NdkSge sge = src.Sge(0, len);
    NdkStatus post = p.a.qp->Write(78, &sge, 1, addr, token, 0);
    if (post != NdkStatus::SUCCESS)
    {
        return post;
    }
    auto c = RunPoll(p.a);
    return c.empty() ? NdkStatus::UNSUCCESSFUL : c.front().status;
}

} // namespace

/** NdkRegisterMr / NdkDeregisterMr / NdkInitializeFastRegisterMr error cases (6.3-6.5). */
class NdkMrRegistrationTestCase : public NdkTransportTestCase
{
  public:
    NdkMrRegistrationTestCase(NdkTestTransport kind)
        : NdkTransportTestCase("MR registration: argument, mode and state errors", kind)
    {
    }

    void DoRun() override
    {
        ScopedAdapterDefault maxReg("MaxRegistrationSize", UintegerValue(1 << 20));
        ScopedAdapterDefault maxFr("MaxFrmrPageCount", UintegerValue(64));
        NdkPair p(m_kind);
        uint64_t buf = p.b.memory->Allocate(kLen);
        Ptr<NdkMr> mr;
        p.b.pd->CreateMr(false, &mr);
        NS_TEST_EXPECT_MSG_EQ(mr->Register(buf, 0, 1), NdkStatus::INVALID_PARAMETER, "length 0");
        NS_TEST_EXPECT_MSG_EQ(mr->Register(buf, (1 << 20) + 1, 1),
                              NdkStatus::INVALID_PARAMETER,
                              "over MaxRegistrationSize");
        NS_TEST_EXPECT_MSG_EQ(mr->Register(buf, kLen, 0x10),
                              NdkStatus::INVALID_PARAMETER,
                              "unknown flag bit");
        NS_TEST_EXPECT_MSG_EQ(mr->Register(buf, kLen, 0x4),
                              NdkStatus::INVALID_PARAMETER,
                              "remote-write bit without local write");
        NS_TEST_EXPECT_MSG_EQ(mr->Deregister(),
                              NdkStatus::INVALID_DEVICE_REQUEST,
                              "not registered");
        NS_TEST_EXPECT_MSG_EQ(mr->InitializeFastRegister(4, true),
                              NdkStatus::INVALID_DEVICE_REQUEST,
                              "normal MR cannot be initialized for fast registration");
        // The read-sink flag may always be given (the adapter reports READ_SINK_NOT_REQUIRED).
        NS_TEST_ASSERT_MSG_EQ(mr->Register(buf, kLen, kRw | NDK_MR_FLAG_RDMA_READ_SINK),
                              NdkStatus::SUCCESS,
                              "register");
        NS_TEST_EXPECT_MSG_EQ(mr->Register(buf, kLen, 1),
                              NdkStatus::INVALID_DEVICE_REQUEST,
                              "registered twice");
        uint32_t token = mr->GetRemoteToken();
        NS_TEST_EXPECT_MSG_EQ(mr->Deregister(), NdkStatus::SUCCESS, "deregister");
        NS_TEST_EXPECT_MSG_EQ(mr->Deregister(),
                              NdkStatus::INVALID_DEVICE_REQUEST,
                              "deregistered twice");
        // The deregistered token is dead locally ...
        NdkSge sge{buf, 16, token};
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->Send(1, &sge, 1, 0),
                              NdkStatus::SUCCESS,
                              "posted: SGEs checked at execution");
        auto c = RunPoll(p.b);
        NS_TEST_ASSERT_MSG_EQ(c.size(), 1, "one completion");
        NS_TEST_EXPECT_MSG_EQ(c[0].status, NdkStatus::ACCESS_VIOLATION, "dead local token");
        NS_TEST_EXPECT_MSG_EQ(p.a.Poll().size(), 0, "nothing was sent");

        Ptr<NdkMr> fr;
        p.b.pd->CreateMr(true, &fr);
        NS_TEST_EXPECT_MSG_EQ(fr->Deregister(),
                              NdkStatus::INVALID_DEVICE_REQUEST,
                              "FR MR cannot deregister");
        NS_TEST_EXPECT_MSG_EQ(fr->InitializeFastRegister(65, true),
                              NdkStatus::IMPLEMENTATION_LIMIT,
                              "page count over MaxFrmrPageCount");
        NS_TEST_EXPECT_MSG_EQ(fr->InitializeFastRegister(64, true),
                              NdkStatus::SUCCESS,
                              "at the ceiling");
        NS_TEST_EXPECT_MSG_EQ(fr->InitializeFastRegister(8, true),
                              NdkStatus::SUCCESS,
                              "re-init while Free");
        NS_TEST_EXPECT_MSG_GT(p.b.adapter->GetInfo().frmrPageCount, 15, "FRMRPageCount >= 16");
    }
};

/** NdkBind post-time checks (8.10, P1, P2, P3, P5, P6): each fails inline with no completion. */
class NdkBindChecksTestCase : public NdkTransportTestCase
{
  public:
    NdkBindChecksTestCase(NdkTestTransport kind)
        : NdkTransportTestCase("bind: connection, flag, MR state, rights, range and PD checks",
                               kind)
    {
    }

    void DoRun() override
    {
        ScopedAdapterDefault maxWin("MaxWindowSize", UintegerValue(4096));
        {
            NdkPair idle(m_kind, 16, 256, false);
            NdkBuf b = MakeBuf(idle.b, kLen, 1);
            Ptr<NdkMw> mw;
            idle.b.pd->CreateMw(&mw);
            NS_TEST_EXPECT_MSG_EQ(
                idle.b.qp->Bind(1, b.mr, mw, b.addr, 64, NDK_OP_FLAG_ALLOW_REMOTE_READ),
                NdkStatus::CONNECTION_INVALID,
                "bind on a QP that is not connected");
            NS_TEST_EXPECT_MSG_EQ(idle.b.Poll().size(), 0, "no completion");
        }
        NdkPair p(m_kind);
        NdkBuf rw = MakeBuf(p.b, kLen, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
        NdkBuf ro = MakeBuf(p.b, kLen, 0);
        Ptr<NdkMw> mw;
        p.b.pd->CreateMw(&mw);
        const uint32_t rd = NDK_OP_FLAG_ALLOW_REMOTE_READ;
        const uint32_t wr = NDK_OP_FLAG_ALLOW_REMOTE_WRITE;
        auto bind = [&](const NdkBuf& b, uint64_t va, uint64_t len, uint32_t flags) {
            return p.b.qp->Bind(1, b.mr, mw, va, len, flags);
        };
        NS_TEST_EXPECT_MSG_EQ(bind(rw, rw.addr, 64, NDK_OP_FLAG_INLINE),
                              NdkStatus::INVALID_PARAMETER,
                              "INLINE on a bind");
        NS_TEST_EXPECT_MSG_EQ(bind(rw, rw.addr, 64, NDK_OP_FLAG_SEND_AND_SOLICIT_EVENT),
                              NdkStatus::INVALID_PARAMETER,
                              "SOLICIT on a bind");
        NS_TEST_EXPECT_MSG_EQ(bind(rw, rw.addr, 64, 0x1000),
                              NdkStatus::INVALID_PARAMETER,
                              "undefined bit");
        NS_TEST_EXPECT_MSG_EQ(bind(rw, rw.addr - 1, 64, rd),
                              NdkStatus::INVALID_PARAMETER,
                              "VA below the MR");
        NS_TEST_EXPECT_MSG_EQ(bind(rw, rw.addr + kLen - 63, 64, rd),
                              NdkStatus::INVALID_PARAMETER,
                              "past the MR end");
        NS_TEST_EXPECT_MSG_EQ(bind(rw, rw.addr, kLen + 1, rd),
                              NdkStatus::INVALID_PARAMETER,
                              "longer than the MR");
        NS_TEST_EXPECT_MSG_EQ(bind(rw, rw.addr, 4097, rd),
                              NdkStatus::INVALID_PARAMETER,
                              "over MaxWindowSize");
        // P5: a writable window needs local write on the MR; a read-only one needs no MR flag.
        NS_TEST_EXPECT_MSG_EQ(bind(ro, ro.addr, 64, wr),
                              NdkStatus::ACCESS_VIOLATION,
                              "remote write on read-only MR");
        // P3 comes before P5: an unregistered MR is a state error whatever the rights.
        Ptr<NdkMr> unreg;
        p.b.pd->CreateMr(false, &unreg);
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->Bind(1, unreg, mw, ro.addr, 64, wr),
                              NdkStatus::INVALID_DEVICE_REQUEST,
                              "MR never registered");
        NdkBuf gone = MakeBuf(p.b, kLen, 1);
        gone.mr->Deregister();
        NS_TEST_EXPECT_MSG_EQ(bind(gone, gone.addr, 64, rd),
                              NdkStatus::INVALID_DEVICE_REQUEST,
                              "deregistered MR");
        Ptr<NdkMr> frFree;
        p.b.pd->CreateMr(true, &frFree);
        frFree->InitializeFastRegister(4, true);
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->Bind(1, frFree, mw, 0x1000, 64, rd),
                              NdkStatus::INVALID_DEVICE_REQUEST,
                              "fast-register MR that is not Valid");
        // PD mismatch: MR or MW from another PD of the same adapter.
        Ptr<NdkPd> pd2;
        p.b.adapter->CreatePd(&pd2);
        NdkBuf other = MakeBuf(p.b, kLen, 1, 0, pd2);
        Ptr<NdkMw> otherMw;
        pd2->CreateMw(&otherMw);
        NS_TEST_EXPECT_MSG_EQ(bind(other, other.addr, 64, rd),
                              NdkStatus::INVALID_PARAMETER,
                              "MR of another PD");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->Bind(1, rw.mr, otherMw, rw.addr, 64, rd),
                              NdkStatus::INVALID_PARAMETER,
                              "MW of another PD");
        auto none = RunPoll(p.b);
        NS_TEST_EXPECT_MSG_EQ(none.size(), 0, "failed posts produce no completion");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetState(),
                              NdkQpState::Connected,
                              "failed posts leave the QP usable");
        // Accepted: the whole MR, a rights-less window, a read-only window on an MR without flags.
        NS_TEST_EXPECT_MSG_EQ(bind(rw, rw.addr + kLen - 4096, 4096, wr | rd),
                              NdkStatus::SUCCESS,
                              "exact tail");
        Ptr<NdkMw> mw2;
        Ptr<NdkMw> mw3;
        p.b.pd->CreateMw(&mw2);
        p.b.pd->CreateMw(&mw3);
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->Bind(2, ro.mr, mw2, ro.addr, 64, 0),
                              NdkStatus::SUCCESS,
                              "flags 0 (C5)");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->Bind(3, ro.mr, mw3, ro.addr, 64, rd),
                              NdkStatus::SUCCESS,
                              "read window, MR flags 0");
        auto c = RunPoll(p.b);
        NS_TEST_ASSERT_MSG_EQ(c.size(), 3, "three bind completions");
        for (const auto& r : c)
        {
            NS_TEST_EXPECT_MSG_EQ(r.status, NdkStatus::SUCCESS, "bound");
            NS_TEST_EXPECT_MSG_EQ(r.type, NdkOperationType::Bind, "type Bind");
        }
        NS_TEST_EXPECT_MSG_EQ(c[2].requestContext, 3, "posting order");
        // The rights-less window grants nothing; the read-only one serves reads.
        NS_TEST_EXPECT_MSG_EQ(ReadAndRun(p, ro.addr, mw3->GetRemoteToken(), 64),
                              NdkStatus::SUCCESS,
                              "read window");
        NS_TEST_EXPECT_MSG_EQ(ReadAndRun(p, ro.addr, mw2->GetRemoteToken(), 64),
                              NdkStatus::ACCESS_VIOLATION,
                              "window without rights");
    }
};

/** Window life cycle (7.3, R-3.2, R-3.4, R-1.4): rebind, invalidate twice, stale tags, SGE use. */
class NdkWindowLifecycleTestCase : public NdkTransportTestCase
{
  public:
    NdkWindowLifecycleTestCase(NdkTestTransport kind)
        : NdkTransportTestCase("window life cycle: invalidate, rebind, stale tag, token order",
                               kind)
    {
    }

    void DoRun() override
    {
        const uint32_t rd = NDK_OP_FLAG_ALLOW_REMOTE_READ;
        {
            // A token read right after NdkBind returned and sent by a later Send on the same QP is
            // usable by the peer (8.14): the bind executes before the Send.
            NdkPair p(m_kind);
            NdkBuf target = MakeBuf(p.b, kLen, 1, 0x44);
            Ptr<NdkMw> mw;
            p.b.pd->CreateMw(&mw);
            uint32_t before = mw->GetRemoteToken();
            NdkBuf rbuf = MakeBuf(p.a, 64, 1);
            NdkSge rs = rbuf.Sge(0, 64);
            p.a.qp->Receive(5, &rs, 1);
            NS_TEST_ASSERT_MSG_EQ(p.b.qp->Bind(1, target.mr, mw, target.addr, 256, rd),
                                  NdkStatus::SUCCESS,
                                  "bind");
            uint32_t token = mw->GetRemoteToken();
            NS_TEST_EXPECT_MSG_NE(token, before, "new tag as soon as the bind returned");
            NdkBuf msg = MakeBuf(p.b, 64, 0);
            p.b.memory->Write(msg.addr, reinterpret_cast<const uint8_t*>(&token), 4);
            NdkSge ms = msg.Sge(0, 4);
            p.b.qp->Send(2, &ms, 1, 0);
            Simulator::Run();
            uint32_t received = 0;
            p.a.memory->Read(rbuf.addr, reinterpret_cast<uint8_t*>(&received), 4);
            NS_TEST_EXPECT_MSG_EQ(received, token, "token carried by the Send");
            NS_TEST_EXPECT_MSG_EQ(ReadAndRun(p, target.addr + 128, received, 128),
                                  NdkStatus::SUCCESS,
                                  "peer uses it");
            // Invalidate, then rebind: a new tag again; the old token is stale.
            NS_TEST_EXPECT_MSG_EQ(p.b.qp->Invalidate(3, mw, 0), NdkStatus::SUCCESS, "invalidate");
            NS_TEST_EXPECT_MSG_EQ(p.b.qp->Bind(4, target.mr, mw, target.addr, 256, rd),
                                  NdkStatus::SUCCESS,
                                  "rebind");
            uint32_t token2 = mw->GetRemoteToken();
            NS_TEST_EXPECT_MSG_NE(token2, token, "tag advanced (R-1.4)");
            NS_TEST_EXPECT_MSG_EQ((token2 >> 8), (token >> 8), "same index");
            auto c = RunPoll(p.b);
            NS_TEST_ASSERT_MSG_EQ(c.size(), 4, "bind, send, invalidate, bind");
            NS_TEST_EXPECT_MSG_EQ(c[2].type, NdkOperationType::Invalidate, "type Invalidate");
            NS_TEST_EXPECT_MSG_EQ(c[2].status, NdkStatus::SUCCESS, "invalidated");
            NS_TEST_EXPECT_MSG_EQ(c[3].status, NdkStatus::SUCCESS, "rebound after invalidate");
            NS_TEST_EXPECT_MSG_EQ(ReadAndRun(p, target.addr, token2, 16),
                                  NdkStatus::SUCCESS,
                                  "new token works");
            NS_TEST_EXPECT_MSG_EQ(ReadAndRun(p, target.addr, token, 16),
                                  NdkStatus::ACCESS_VIOLATION,
                                  "stale tag");
        }
        {
            // Invalidating twice: the second one completes INVALID_DEVICE_REQUEST, QP -> Error and
            // what follows is cancelled (R-3.4, E-2).
            NdkPair p(m_kind);
            NdkBuf target = MakeBuf(p.b, kLen, 1);
            Ptr<NdkMw> mw;
            p.b.pd->CreateMw(&mw);
            p.b.qp->Bind(1, target.mr, mw, target.addr, 64, rd);
            p.b.qp->Invalidate(2, mw, 0);
            p.b.qp->Invalidate(3, mw, 0);
            p.b.qp->Bind(4, target.mr, mw, target.addr, 64, rd);
            auto c = RunPoll(p.b);
            NS_TEST_ASSERT_MSG_EQ(c.size(), 4, "four completions");
            NS_TEST_EXPECT_MSG_EQ(c[1].status, NdkStatus::SUCCESS, "first invalidate");
            NS_TEST_EXPECT_MSG_EQ(c[2].status,
                                  NdkStatus::INVALID_DEVICE_REQUEST,
                                  "second invalidate");
            NS_TEST_EXPECT_MSG_EQ(c[2].type, NdkOperationType::Invalidate, "its type");
            NS_TEST_EXPECT_MSG_EQ(c[3].status, NdkStatus::CANCELLED, "flushed");
            NS_TEST_EXPECT_MSG_EQ(c[3].type, NdkOperationType::Bind, "flushed keeps its type");
            NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetState(), NdkQpState::Error, "QP in error");
            NS_TEST_EXPECT_MSG_EQ(mw->IsBound(), false, "window stays unbound");
            NS_TEST_EXPECT_MSG_EQ(target.mr->Deregister(),
                                  NdkStatus::SUCCESS,
                                  "no window left on the MR");
        }
        {
            // A window never bound cannot be invalidated; a window token is never a local SGE
            // token.
            NdkPair p(m_kind);
            Ptr<NdkMw> mw;
            p.b.pd->CreateMw(&mw);
            p.b.qp->Invalidate(1, mw, 0);
            auto c = RunPoll(p.b);
            NS_TEST_ASSERT_MSG_EQ(c.size(), 1, "one completion");
            NS_TEST_EXPECT_MSG_EQ(c[0].status, NdkStatus::INVALID_DEVICE_REQUEST, "unbound window");
        }
        {
            NdkPair p(m_kind);
            NdkBuf target = MakeBuf(p.a, kLen, 1);
            Ptr<NdkMw> mw;
            p.a.pd->CreateMw(&mw);
            p.a.qp->Bind(1, target.mr, mw, target.addr, kLen, rd);
            NdkBuf dst = MakeBuf(p.b, kLen, NDK_MR_FLAG_ALLOW_REMOTE_WRITE, 0x22);
            NdkSge sge{target.addr, 16, mw->GetRemoteToken()};
            p.a.qp->Write(2, &sge, 1, dst.addr, dst.mr->GetRemoteToken(), 0);
            auto c = RunPoll(p.a);
            NS_TEST_ASSERT_MSG_EQ(c.size(), 2, "bind and write");
            NS_TEST_EXPECT_MSG_EQ(c[1].status,
                                  NdkStatus::ACCESS_VIOLATION,
                                  "window token in a local SGE");
            NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, dst.addr), 0x22, "nothing written");
        }
    }
};

/** Type 2B windows answer only on the QP they were bound through (W5, 8.12). */
class NdkWindowQpBindingTestCase : public NdkTransportTestCase
{
  public:
    NdkWindowQpBindingTestCase(NdkTestTransport kind)
        : NdkTransportTestCase("window bound through one QP: other QPs cannot use or invalidate it",
                               kind)
    {
    }

    void DoRun() override
    {
        NdkPair p(m_kind);
        Ptr<NdkQp> a2 = MakeQp(p.a, 0xA2);
        Ptr<NdkQp> b2 = MakeQp(p.b, 0xB2);
        auto link = ConnectQps(p.a, a2, p.b, b2, 2000);
        NS_TEST_ASSERT_MSG_EQ(b2->GetState(), NdkQpState::Connected, "second connection");
        NdkBuf target = MakeBuf(p.b, kLen, 1, 0x61);
        Ptr<NdkMw> mw;
        p.b.pd->CreateMw(&mw);
        p.b.qp->Bind(1, target.mr, mw, target.addr, kLen, NDK_OP_FLAG_ALLOW_REMOTE_READ);
        Simulator::Run();
        p.b.Poll();
        // Through the QP it was bound on: fine.
        NS_TEST_EXPECT_MSG_EQ(ReadAndRun(p, target.addr, mw->GetRemoteToken(), 32),
                              NdkStatus::SUCCESS,
                              "bound QP");
        // Invalidate through the other QP: error completion on b2, window still bound.
        b2->Invalidate(2, mw, 0);
        auto c = RunPoll(p.b);
        NS_TEST_ASSERT_MSG_EQ(c.size(), 1, "one completion");
        NS_TEST_EXPECT_MSG_EQ(c[0].qpContext, 0xB2, "on b2");
        NS_TEST_EXPECT_MSG_EQ(c[0].status,
                              NdkStatus::INVALID_DEVICE_REQUEST,
                              "not bound through b2");
        NS_TEST_EXPECT_MSG_EQ(mw->IsBound(), true, "still bound");
        // A read through the other connection is a remote access error (W5).
        NdkBuf sink = MakeBuf(p.a, kLen, kSink);
        NdkSge sge = sink.Sge(0, 32);
        Ptr<NdkQp> a3 = MakeQp(p.a, 0xA3);
        Ptr<NdkQp> b3 = MakeQp(p.b, 0xB3);
        auto link3 = ConnectQps(p.a, a3, p.b, b3, 2001);
        a3->Read(3, &sge, 1, target.addr, mw->GetRemoteToken(), 0);
        auto r = RunPoll(p.a);
        NS_TEST_ASSERT_MSG_EQ(r.size(), 1, "one completion");
        NS_TEST_EXPECT_MSG_EQ(r[0].status,
                              NdkStatus::ACCESS_VIOLATION,
                              "window bound through another QP");
        NS_TEST_EXPECT_MSG_EQ(b3->GetState(), NdkQpState::Error, "responder QP in error");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetState(),
                              NdkQpState::Connected,
                              "the bound QP is unaffected");
    }
};

/** Send-and-Invalidate on the receiver (8.6, S4, S5, 5.6): result fields and object state. */
class NdkSendAndInvalidateTestCase : public NdkTransportTestCase
{
  public:
    NdkSendAndInvalidateTestCase(NdkTestTransport kind)
        : NdkTransportTestCase(
              "send-and-invalidate: receiver result fields, FR MR and window state",
              kind)
    {
    }

    void DoRun() override
    {
        NdkPair p(m_kind);
        // A fast-registered MR and a window on b.
        uint64_t frBuf = p.b.memory->Allocate(2 * NDK_PAGE_SIZE);
        NdkLam lam = MakeLam(p.b, frBuf, 2 * NDK_PAGE_SIZE);
        Ptr<NdkMr> fr;
        p.b.pd->CreateMr(true, &fr);
        fr->InitializeFastRegister(2, true);
        const uint64_t base = 0x500000000000;
        p.b.qp->FastRegister(1,
                             fr,
                             2,
                             lam.adapterPageArray.data(),
                             0,
                             2 * NDK_PAGE_SIZE,
                             base,
                             NDK_OP_FLAG_ALLOW_REMOTE_WRITE);
        uint32_t frToken = fr->GetRemoteToken();
        NdkBuf target = MakeBuf(p.b, kLen, 1);
        Ptr<NdkMw> mw;
        p.b.pd->CreateMw(&mw);
        p.b.qp->Bind(2, target.mr, mw, target.addr, 128, NDK_OP_FLAG_ALLOW_REMOTE_READ);
        uint32_t mwToken = mw->GetRemoteToken();
        NdkBuf rbuf = MakeBuf(p.b, kLen, 1);
        NdkSge r1 = rbuf.Sge(0, 64);
        NdkSge r2 = rbuf.Sge(64, 64);
        p.b.qp->Receive(11, &r1, 1);
        p.b.qp->Receive(12, &r2, 1);
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(p.b.Poll().size(), 2, "FR and bind done");
        NS_TEST_EXPECT_MSG_EQ(target.mr->Deregister(), NdkStatus::DEVICE_BUSY, "window bound");
        NdkBuf msg = MakeBuf(p.a, 64, 0, 0x3C);
        NdkSge ms = msg.Sge(0, 24);
        p.a.qp->SendAndInvalidate(21, &ms, 1, 0, frToken);
        p.a.qp->SendAndInvalidate(22, nullptr, 0, 0, mwToken);
        auto sent = RunPoll(p.a);
        NS_TEST_ASSERT_MSG_EQ(sent.size(), 2, "two sender completions");
        for (const auto& s : sent)
        {
            NS_TEST_EXPECT_MSG_EQ(s.status, NdkStatus::SUCCESS, "sent");
            NS_TEST_EXPECT_MSG_EQ(s.type, NdkOperationType::Send, "sender reports Send");
        }
        // The first receive through the non-Ex call: same completion, token fields not visible.
        NdkResult plain;
        NS_TEST_ASSERT_MSG_EQ(p.b.cq->GetResults(&plain, 1), 1, "non-Ex poll");
        NS_TEST_EXPECT_MSG_EQ(plain.status, NdkStatus::SUCCESS, "status");
        NS_TEST_EXPECT_MSG_EQ(plain.bytesTransferred, 24, "bytes");
        NS_TEST_EXPECT_MSG_EQ(plain.requestContext, 11, "receive context");
        NS_TEST_EXPECT_MSG_EQ(plain.qpContext, 0xB, "QP context");
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, rbuf.addr + 23), 0x3C, "data delivered");
        auto rest = p.b.Poll();
        NS_TEST_ASSERT_MSG_EQ(rest.size(), 1, "second receive");
        NS_TEST_EXPECT_MSG_EQ(rest[0].type,
                              NdkOperationType::ReceiveAndInvalidate,
                              "receive-and-invalidate");
        NS_TEST_EXPECT_MSG_EQ(rest[0].typeSpecificCompletionOutput, mwToken, "invalidated token");
        NS_TEST_EXPECT_MSG_EQ(rest[0].bytesTransferred, 0, "zero-byte send");
        NS_TEST_EXPECT_MSG_EQ(rest[0].requestContext, 12, "context");
        // Both objects are invalid now: the window left the MR, the FR MR is Free.
        NS_TEST_EXPECT_MSG_EQ(mw->IsBound(), false, "window unbound");
        NS_TEST_EXPECT_MSG_EQ(target.mr->Deregister(), NdkStatus::SUCCESS, "MR no longer busy");
        NS_TEST_EXPECT_MSG_EQ(fr->IsRegistered(), false, "FR MR Free");
        // A local invalidate of the invalidated FR MR fails as usual; a new registration works.
        p.b.qp->Invalidate(3, fr, 0);
        auto inv = RunPoll(p.b);
        NS_TEST_ASSERT_MSG_EQ(inv.size(), 1, "invalidate completion");
        NS_TEST_EXPECT_MSG_EQ(inv[0].status, NdkStatus::INVALID_DEVICE_REQUEST, "already invalid");
    }
};

/** Send-and-Invalidate naming a token the receiver cannot invalidate (S4, 15.10). */
class NdkSendAndInvalidateBadTokenTestCase : public NdkTransportTestCase
{
  public:
    NdkSendAndInvalidateBadTokenTestCase(NdkTestTransport kind)
        : NdkTransportTestCase(
              "send-and-invalidate with a normal-MR, stale or unknown token aborts",
              kind)
    {
    }

    void DoRun() override
    {
        for (int which = 0; which < 3; ++which)
        {
            NdkPair p(m_kind);
            NdkBuf target = MakeBuf(p.b, kLen, kRw);
            uint32_t token = target.mr->GetRemoteToken(); // normal MR: not invalidatable
            if (which == 1)
            {
                Ptr<NdkMw> mw;
                p.b.pd->CreateMw(&mw);
                p.b.qp->Bind(1, target.mr, mw, target.addr, 64, NDK_OP_FLAG_ALLOW_REMOTE_READ);
                uint32_t old = mw->GetRemoteToken();
                p.b.qp->Invalidate(2, mw, 0);
                Simulator::Run();
                p.b.Poll();
                token = old; // stale
            }
            else if (which == 2)
            {
                token = 0x00ABCD42; // unknown index
            }
            NdkBuf rbuf = MakeBuf(p.b, kLen, 1);
            NdkSge rs = rbuf.Sge(0, 64);
            p.b.qp->Receive(31, &rs, 1);
            p.b.qp->Receive(32, &rs, 1);
            NdkBuf msg = MakeBuf(p.a, 64, 0, 0x7E);
            NdkSge ms = msg.Sge(0, 8);
            p.a.qp->SendAndInvalidate(41, &ms, 1, 0, token);
            auto s = RunPoll(p.a);
            NS_TEST_ASSERT_MSG_EQ(s.size(), 1, "sender completion");
            NS_TEST_EXPECT_MSG_EQ(s[0].status,
                                  NdkStatus::REMOTE_RESOURCES,
                                  "sender: invalid request NAK");
            auto r = p.b.Poll();
            NS_TEST_ASSERT_MSG_EQ(r.size(), 2, "both receives complete");
            NS_TEST_EXPECT_MSG_EQ(r[0].status,
                                  NdkStatus::INVALID_DEVICE_REQUEST,
                                  "matched receive");
            NS_TEST_EXPECT_MSG_EQ(r[1].status, NdkStatus::CANCELLED, "other receive");
            NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetState(), NdkQpState::Error, "receiver aborts");
            NS_TEST_EXPECT_MSG_EQ(target.mr->IsRegistered(), true, "normal MR untouched");
        }
    }
};

/** MR rights and state against local SGEs of Send, Receive, Write and Read (R-3.1, S2, S3). */
class NdkLocalSgeTestCase : public NdkTransportTestCase
{
  public:
    NdkLocalSgeTestCase(NdkTestTransport kind)
        : NdkTransportTestCase("local SGEs: MR flags, range, PD for send, receive and read sinks",
                               kind)
    {
    }

    void DoRun() override
    {
        {
            // Source SGEs need only local read: an MR without flags sends; the receive buffer
            // needs local write.
            NdkPair p(m_kind);
            NdkBuf src = MakeBuf(p.a, 64, 0, 0x19);
            NdkBuf dst = MakeBuf(p.b, 64, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
            NdkSge rs = dst.Sge(0, 64);
            p.b.qp->Receive(1, &rs, 1);
            NdkSge ss = src.Sge(0, 64);
            p.a.qp->Send(2, &ss, 1, 0);
            auto c = RunPoll(p.a);
            NS_TEST_EXPECT_MSG_EQ(c.front().status, NdkStatus::SUCCESS, "send from a flag-less MR");
            NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, dst.addr + 63), 0x19, "received");
        }
        {
            NdkPair p(m_kind);
            NdkBuf src = MakeBuf(p.a, 64, 0, 0x19);
            NdkBuf dst = MakeBuf(p.b, 64, NDK_MR_FLAG_ALLOW_REMOTE_READ, 0x01);
            NdkSge rs = dst.Sge(0, 64);
            p.b.qp->Receive(1, &rs, 1);
            NdkSge ss = src.Sge(0, 64);
            p.a.qp->Send(2, &ss, 1, 0);
            auto c = RunPoll(p.a);
            NS_TEST_EXPECT_MSG_EQ(c.front().status,
                                  NdkStatus::REMOTE_RESOURCES,
                                  "sender: remote operational error");
            auto r = p.b.Poll();
            NS_TEST_ASSERT_MSG_EQ(r.size(), 1, "receive completes");
            NS_TEST_EXPECT_MSG_EQ(r[0].status,
                                  NdkStatus::ACCESS_VIOLATION,
                                  "receive buffer without local write");
            NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, dst.addr), 0x01, "nothing written");
            NS_TEST_EXPECT_MSG_EQ(p.a.qp->GetState(), NdkQpState::Error, "sender QP error");
            NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetState(), NdkQpState::Error, "receiver QP error");
        }
        {
            // Receive too small (S3): receiver BUFFER_OVERFLOW, sender REMOTE_RESOURCES (C4).
            NdkPair p(m_kind);
            NdkBuf src = MakeBuf(p.a, 64, 0, 0x19);
            NdkBuf dst = MakeBuf(p.b, 64, 1);
            NdkSge rs = dst.Sge(0, 63);
            p.b.qp->Receive(1, &rs, 1);
            NdkSge ss = src.Sge(0, 64);
            p.a.qp->Send(2, &ss, 1, 0);
            auto c = RunPoll(p.a);
            NS_TEST_EXPECT_MSG_EQ(c.front().status, NdkStatus::REMOTE_RESOURCES, "sender");
            auto r = p.b.Poll();
            NS_TEST_ASSERT_MSG_EQ(r.size(), 1, "receive completes");
            NS_TEST_EXPECT_MSG_EQ(r[0].status, NdkStatus::BUFFER_OVERFLOW, "receiver");
        }
        // Failing source SGEs: out of range, other PD, deregistered; nothing is sent and the
        // receiver's posted receive stays pending (the peer is not told).
        for (int which = 0; which < 3; ++which)
        {
            NdkPair p(m_kind);
            Ptr<NdkPd> pd2;
            p.a.adapter->CreatePd(&pd2);
            NdkBuf src = MakeBuf(p.a, 64, 1, 0x19, which == 1 ? pd2 : nullptr);
            NdkSge ss = src.Sge(which == 0 ? 1 : 0, 64);
            if (which == 2)
            {
                src.mr->Deregister();
            }
            NdkBuf dst = MakeBuf(p.b, 64, 1);
            NdkSge rs = dst.Sge(0, 64);
            p.b.qp->Receive(1, &rs, 1);
            p.a.qp->Send(2, &ss, 1, 0);
            auto c = RunPoll(p.a);
            NS_TEST_ASSERT_MSG_EQ(c.size(), 1, "one completion");
            NS_TEST_EXPECT_MSG_EQ(c[0].status,
                                  NdkStatus::ACCESS_VIOLATION,
                                  "bad source SGE " << which);
            NS_TEST_EXPECT_MSG_EQ(c[0].providerErrorCode,
                                  uint32_t(NdkProviderError::LocalProtection),
                                  "local protection cause");
            NS_TEST_EXPECT_MSG_EQ(p.b.Poll().size(), 0, "receiver sees nothing");
            NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetOutstandingReceives(), 1, "receive still posted");
        }
        {
            // Read sink without local write: ACCESS_VIOLATION, sink untouched.
            NdkPair p(m_kind);
            NdkBuf remote = MakeBuf(p.b, 64, kRw, 0x66);
            NdkBuf sink = MakeBuf(p.a, 64, NDK_MR_FLAG_RDMA_READ_SINK, 0x01);
            NdkSge sge = sink.Sge(0, 64);
            p.a.qp->Read(1, &sge, 1, remote.addr, remote.mr->GetRemoteToken(), 0);
            auto c = RunPoll(p.a);
            NS_TEST_EXPECT_MSG_EQ(c.front().status,
                                  NdkStatus::ACCESS_VIOLATION,
                                  "sink needs local write");
            NS_TEST_EXPECT_MSG_EQ(ByteAt(p.a, sink.addr), 0x01, "sink untouched");
        }
    }
};

/** Fast registration rules (8.11, P3, P4, P6, R-3.3) and local rights from the FR flags. */
class NdkFastRegisterRulesTestCase : public NdkTransportTestCase
{
  public:
    NdkFastRegisterRulesTestCase(NdkTestTransport kind)
        : NdkTransportTestCase("fast register: post checks, FR on a Valid MR, rights from flags",
                               kind)
    {
    }

    void DoRun() override
    {
        const uint64_t base = 0x600000000000;
        {
            NdkPair idle(m_kind, 16, 256, false);
            Ptr<NdkMr> fr;
            idle.b.pd->CreateMr(true, &fr);
            fr->InitializeFastRegister(4, true);
            uint64_t pages[1] = {NDK_LOGICAL_ADDRESS_BASE};
            NS_TEST_EXPECT_MSG_EQ(idle.b.qp->FastRegister(1, fr, 1, pages, 0, 64, base, 0),
                                  NdkStatus::CONNECTION_INVALID,
                                  "not connected");
        }
        NdkPair p(m_kind);
        uint64_t buf = p.b.memory->Allocate(4 * NDK_PAGE_SIZE);
        NdkLam lam = MakeLam(p.b, buf, 4 * NDK_PAGE_SIZE);
        const uint64_t* pages = lam.adapterPageArray.data();
        Ptr<NdkMr> fr;
        p.b.pd->CreateMr(true, &fr);
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->FastRegister(1, fr, 1, pages, 0, 64, base, 0),
                              NdkStatus::INVALID_DEVICE_REQUEST,
                              "not initialized");
        fr->InitializeFastRegister(2, true);
        Ptr<NdkMr> normal = MakeBuf(p.b, 64, 1).mr;
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->FastRegister(1, normal, 1, pages, 0, 64, base, 0),
                              NdkStatus::INVALID_DEVICE_REQUEST,
                              "normal MR");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->FastRegister(1, fr, 3, pages, 0, 64, base, 0),
                              NdkStatus::INVALID_PARAMETER,
                              "more pages than initialized");
        uint64_t odd[1] = {pages[0] + 8};
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->FastRegister(1, fr, 1, odd, 0, 64, base, 0),
                              NdkStatus::INVALID_PARAMETER,
                              "unaligned page");
        NS_TEST_EXPECT_MSG_EQ(
            p.b.qp->FastRegister(1, fr, 1, pages, NDK_PAGE_SIZE, 64, base + NDK_PAGE_SIZE, 0),
            NdkStatus::INVALID_PARAMETER,
            "FBO >= PAGE_SIZE");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->FastRegister(1, fr, 1, pages, 0, 0, base, 0),
                              NdkStatus::INVALID_PARAMETER,
                              "length 0");
        NS_TEST_EXPECT_MSG_EQ(
            p.b.qp->FastRegister(1, fr, 1, pages, 0, 64, base, NDK_OP_FLAG_INLINE),
            NdkStatus::INVALID_PARAMETER,
            "INLINE on a fast register");
        Ptr<NdkPd> pd2;
        p.b.adapter->CreatePd(&pd2);
        Ptr<NdkMr> fr2;
        pd2->CreateMr(true, &fr2);
        fr2->InitializeFastRegister(2, true);
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->FastRegister(1, fr2, 1, pages, 0, 64, base, 0),
                              NdkStatus::INVALID_PARAMETER,
                              "MR of another PD");
        NS_TEST_EXPECT_MSG_EQ(RunPoll(p.b).size(), 0, "failed posts complete nothing");
        // FBO honoured: base = FBO (mod PAGE_SIZE), bytes land at page + FBO.
        NS_TEST_ASSERT_MSG_EQ(p.b.qp->FastRegister(2,
                                                   fr,
                                                   2,
                                                   pages,
                                                   100,
                                                   2 * NDK_PAGE_SIZE - 100,
                                                   base + 100,
                                                   NDK_OP_FLAG_ALLOW_REMOTE_WRITE),
                              NdkStatus::SUCCESS,
                              "fast register with FBO");
        uint32_t t1 = fr->GetRemoteToken();
        NS_TEST_EXPECT_MSG_EQ(WriteAndRun(p, base + 100, t1, 4),
                              NdkStatus::SUCCESS,
                              "write at base");
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, buf + 100), 0x5A, "landed at page + FBO");
        NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, buf + 99), 0, "not before");
        // Without ALLOW_LOCAL_WRITE (0x10, part of ALLOW_REMOTE_WRITE) the region is no receive
        // buffer: local rights come from the FR flags.
        Ptr<NdkMr> frRead;
        p.b.pd->CreateMr(true, &frRead);
        frRead->InitializeFastRegister(1, true);
        const uint64_t base2 = 0x620000000000;
        p.b.qp->FastRegister(4, frRead, 1, pages, 0, 256, base2, NDK_OP_FLAG_ALLOW_REMOTE_READ);
        NdkSge rs{base2, 64, frRead->GetLocalToken()};
        p.b.qp->Receive(9, &rs, 1);
        NdkBuf msg = MakeBuf(p.a, 64, 0);
        NdkSge ms = msg.Sge(0, 8);
        p.a.qp->Send(3, &ms, 1, 0);
        Simulator::Run();
        auto r = p.b.Poll();
        NS_TEST_ASSERT_MSG_EQ(r.size(), 3, "two FRs and the receive");
        NS_TEST_EXPECT_MSG_EQ(r[1].status, NdkStatus::SUCCESS, "read-only FR");
        NS_TEST_EXPECT_MSG_EQ(r[2].status,
                              NdkStatus::ACCESS_VIOLATION,
                              "FR MR without local write");
        p.a.Poll();
        {
            // Fast register on a Valid MR fails at execution; the token stays the old one.
            NdkPair q(m_kind);
            uint64_t qb = q.b.memory->Allocate(NDK_PAGE_SIZE);
            NdkLam ql = MakeLam(q.b, qb, NDK_PAGE_SIZE);
            Ptr<NdkMr> qfr;
            q.b.pd->CreateMr(true, &qfr);
            qfr->InitializeFastRegister(1, true);
            q.b.qp->FastRegister(1,
                                 qfr,
                                 1,
                                 ql.adapterPageArray.data(),
                                 0,
                                 64,
                                 base,
                                 NDK_OP_FLAG_ALLOW_REMOTE_READ);
            uint32_t first = qfr->GetRemoteToken();
            q.b.qp->FastRegister(2,
                                 qfr,
                                 1,
                                 ql.adapterPageArray.data(),
                                 0,
                                 64,
                                 base,
                                 NDK_OP_FLAG_ALLOW_REMOTE_READ);
            auto c = RunPoll(q.b);
            NS_TEST_EXPECT_MSG_EQ(qfr->InitializeFastRegister(1, true),
                                  NdkStatus::INVALID_DEVICE_REQUEST,
                                  "re-initialize while Valid");
            NS_TEST_ASSERT_MSG_EQ(c.size(), 2, "two completions");
            NS_TEST_EXPECT_MSG_EQ(c[0].status, NdkStatus::SUCCESS, "first");
            NS_TEST_EXPECT_MSG_EQ(c[1].status,
                                  NdkStatus::INVALID_DEVICE_REQUEST,
                                  "second on a Valid MR");
            NS_TEST_EXPECT_MSG_EQ(c[1].type, NdkOperationType::FastRegister, "type");
            NS_TEST_EXPECT_MSG_EQ(q.b.qp->GetState(), NdkQpState::Error, "QP in error");
            NS_TEST_EXPECT_MSG_EQ((q.b.adapter->GetKeyTable().Lookup(first) != nullptr),
                                  true,
                                  "first token still live");
        }
    }
};

/** Read with RDMA_READ_LOCAL_INVALIDATE and zero-length accesses (W1). */
class NdkReadLocalInvalidateTestCase : public NdkTransportTestCase
{
  public:
    NdkReadLocalInvalidateTestCase(NdkTestTransport kind)
        : NdkTransportTestCase(
              "read with local invalidate; zero-length read and write skip the token check",
              kind)
    {
    }

    void DoRun() override
    {
        const uint64_t base = 0x610000000000;
        {
            NdkPair p(m_kind);
            NdkBuf remote = MakeBuf(p.b, 256, kRw, 0x2B);
            uint64_t buf = p.a.memory->Allocate(NDK_PAGE_SIZE);
            NdkLam lam = MakeLam(p.a, buf, NDK_PAGE_SIZE);
            Ptr<NdkMr> fr;
            p.a.pd->CreateMr(true, &fr);
            fr->InitializeFastRegister(1, false);
            p.a.qp->FastRegister(1,
                                 fr,
                                 1,
                                 lam.adapterPageArray.data(),
                                 0,
                                 256,
                                 base,
                                 NDK_OP_FLAG_ALLOW_LOCAL_WRITE);
            NdkSge sge{base, 256, fr->GetLocalToken()};
            p.a.qp->Read(2,
                         &sge,
                         1,
                         remote.addr,
                         remote.mr->GetRemoteToken(),
                         NDK_OP_FLAG_RDMA_READ_LOCAL_INVALIDATE);
            auto c = RunPoll(p.a);
            NS_TEST_ASSERT_MSG_EQ(c.size(), 2, "FR and read");
            NS_TEST_EXPECT_MSG_EQ(c[1].status, NdkStatus::SUCCESS, "read");
            NS_TEST_EXPECT_MSG_EQ(ByteAt(p.a, buf + 255), 0x2B, "data in the FR pages");
            NS_TEST_EXPECT_MSG_EQ(fr->IsRegistered(), false, "sink MR invalidated");
            // Zero-length accesses carry no meaningful key (W1): garbage tokens succeed.
            NS_TEST_EXPECT_MSG_EQ(p.a.qp->Read(3, nullptr, 0, 0x1234, 0xDEADBEEF, 0),
                                  NdkStatus::SUCCESS,
                                  "post");
            NS_TEST_EXPECT_MSG_EQ(p.a.qp->Write(4, nullptr, 0, 0x1234, 0xDEADBEEF, 0),
                                  NdkStatus::SUCCESS,
                                  "post");
            auto z = RunPoll(p.a);
            NS_TEST_ASSERT_MSG_EQ(z.size(), 2, "two completions");
            NS_TEST_EXPECT_MSG_EQ(z[0].status, NdkStatus::SUCCESS, "zero-byte read");
            NS_TEST_EXPECT_MSG_EQ(z[1].status, NdkStatus::SUCCESS, "zero-byte write");
            NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetState(),
                                  NdkQpState::Connected,
                                  "responder unaffected");
        }
        {
            // The first SGE must name a fast-registered MR.
            NdkPair p(m_kind);
            NdkBuf remote = MakeBuf(p.b, 256, kRw);
            NdkBuf sink = MakeBuf(p.a, 256, kSink);
            NdkSge sge = sink.Sge(0, 64);
            p.a.qp->Read(1,
                         &sge,
                         1,
                         remote.addr,
                         remote.mr->GetRemoteToken(),
                         NDK_OP_FLAG_RDMA_READ_LOCAL_INVALIDATE);
            auto c = RunPoll(p.a);
            NS_TEST_ASSERT_MSG_EQ(c.size(), 1, "one completion");
            NS_TEST_EXPECT_MSG_EQ(c[0].status, NdkStatus::INVALID_DEVICE_REQUEST, "normal MR sink");
            NS_TEST_EXPECT_MSG_EQ(sink.mr->IsRegistered(), true, "sink MR unchanged");
        }
        {
            // Wrong-PD token at the responder (W4).
            NdkPair p(m_kind);
            Ptr<NdkPd> pd2;
            p.b.adapter->CreatePd(&pd2);
            NdkBuf other = MakeBuf(p.b, 256, kRw, 0x10, pd2);
            NS_TEST_EXPECT_MSG_EQ(WriteAndRun(p, other.addr, other.mr->GetRemoteToken(), 16),
                                  NdkStatus::ACCESS_VIOLATION,
                                  "token of another PD");
            NS_TEST_EXPECT_MSG_EQ(ByteAt(p.b, other.addr), 0x10, "no byte written");
        }
    }
};

/** The memory-region and memory-window suite. */
class NdkMrMwTestSuite : public TestSuite
{
  public:
    NdkMrMwTestSuite()
        : TestSuite("ndk-mr-mw", UNIT)
    {
        for (NdkTestTransport kind : {NdkTestTransport::Ideal, NdkTestTransport::Roce})
        {
            AddTestCase(new NdkMrRegistrationTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkBindChecksTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkWindowLifecycleTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkWindowQpBindingTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkSendAndInvalidateTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkSendAndInvalidateBadTokenTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkLocalSgeTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkFastRegisterRulesTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkReadLocalInvalidateTestCase(kind), TestCase::QUICK);
        }
    }
};

static NdkMrMwTestSuite g_ndkMrMwTestSuite;

} // namespace ns3
