/*
 * ndk-remote: remote semantics over a transport — token checks (SEMANTICS.md 15.5), Send and
 * Send-and-Invalidate (15.6), error propagation and flush (15.2, 15.7).
 */

#include "ndk-fixture.h"

#include "ns3/boolean.h"
#include "ns3/test.h"

namespace ns3
{
using namespace ndktest;

namespace
{

constexpr uint64_t kLen = 8192;

/** Post a Write of \p len bytes from a's buffer to b's (address, token); run; \return status. */
NdkStatus
WriteAndRun(NdkPair& p, uint64_t dst, uint32_t token, uint32_t len, uint64_t* bDigest = nullptr)
{
    uint64_t src = p.a.memory->Allocate(kLen);
    p.a.memory->Fill(src, 0x5A, kLen);
    Ptr<NdkMr> srcMr = p.a.Register(src, kLen, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
    NdkSge sge{src, len, srcMr->GetLocalToken()};
    NdkStatus post = p.a.qp->Write(1, &sge, 1, dst, token, 0);
    if (post != NdkStatus::SUCCESS)
    {
        return post;
    }
    Simulator::Run();
    auto results = p.a.Poll();
    return results.empty() ? NdkStatus::UNSUCCESSFUL : results.front().status;
}

} // namespace

/** The connection comes up; effective read limits are the minimum of both sides. */
class NdkConnectTestCase : public TestCase
{
  public:
    explicit NdkConnectTestCase(NdkTestTransport kind)
        : TestCase(std::string("connect, accept, complete-connect: both QPs connected") + NdkTestTransportSuffix(kind)),
          m_kind(kind)
    {
    }

    void DoRun() override
    {
        NdkPair p(m_kind);
        NS_TEST_ASSERT_MSG_EQ(p.connectStatus, NdkStatus::PENDING, "connect pends");
        NS_TEST_ASSERT_MSG_EQ(p.connectDone, NdkStatus::SUCCESS, "connect completes");
        NS_TEST_ASSERT_MSG_EQ(p.acceptDone, NdkStatus::SUCCESS, "accept completes");
        NS_TEST_ASSERT_MSG_EQ(p.a.qp->GetState(), NdkQpState::Connected, "a connected");
        NS_TEST_ASSERT_MSG_EQ(p.b.qp->GetState(), NdkQpState::Connected, "b connected");
        NS_TEST_ASSERT_MSG_EQ(p.a.qp->GetOutboundReadLimit(), 8, "ORD negotiated");
    }

  private:
    NdkTestTransport m_kind;
};

/** Every MR flag combination against remote Read and Write (W6) — and local use. */
class NdkMrFlagsTestCase : public TestCase
{
  public:
    explicit NdkMrFlagsTestCase(NdkTestTransport kind)
        : TestCase(std::string("MR flags decide remote read and write; rejected writes change no byte") + NdkTestTransportSuffix(kind)),
          m_kind(kind)
    {
    }

    void DoRun() override
    {
        const uint32_t combos[] = {0x0, 0x1, 0x2, 0x3, 0x5, 0x7, 0x8, 0x9, 0xA, 0xB, 0xD, 0xF};
        for (uint32_t flags : combos)
        {
            for (bool write : {true, false})
            {
                NdkPair p(m_kind);
                uint64_t dst = p.b.memory->Allocate(kLen);
                p.b.memory->Fill(dst, 0x11, kLen);
                Ptr<NdkMr> mr = p.b.Register(dst, kLen, flags);
                uint64_t before = p.b.memory->Digest(dst, kLen);
                NdkStatus status;
                if (write)
                {
                    status = WriteAndRun(p, dst + 64, mr->GetRemoteToken(), 512);
                }
                else
                {
                    uint64_t sink = p.a.memory->Allocate(kLen);
                    Ptr<NdkMr> sinkMr = p.a.Register(sink, kLen, NDK_MR_FLAG_ALLOW_LOCAL_WRITE | NDK_MR_FLAG_RDMA_READ_SINK);
                    NdkSge sge{sink, 512, sinkMr->GetLocalToken()};
                    p.a.qp->Read(1, &sge, 1, dst + 64, mr->GetRemoteToken(), 0);
                    Simulator::Run();
                    status = p.a.Poll().front().status;
                }
                bool allowed = write ? (flags & 0x4) : (flags & 0x2);
                NS_TEST_EXPECT_MSG_EQ(status,
                                      allowed ? NdkStatus::SUCCESS : NdkStatus::ACCESS_VIOLATION,
                                      "flags " << flags << (write ? " write" : " read"));
                if (write && !allowed)
                {
                    NS_TEST_EXPECT_MSG_EQ(p.b.memory->Digest(dst, kLen), before, "no byte written");
                    NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetState(), NdkQpState::Error, "responder QP in error");
                    NS_TEST_EXPECT_MSG_EQ(p.a.qp->GetState(), NdkQpState::Error, "requester QP in error");
                }
                if (write && allowed)
                {
                    uint8_t byte = 0;
                    p.b.memory->Read(dst + 64, &byte, 1);
                    NS_TEST_EXPECT_MSG_EQ(int(byte), 0x5A, "data landed");
                    p.b.memory->Read(dst + 63, &byte, 1);
                    NS_TEST_EXPECT_MSG_EQ(int(byte), 0x11, "nothing before the range");
                    p.b.memory->Read(dst + 64 + 512, &byte, 1);
                    NS_TEST_EXPECT_MSG_EQ(int(byte), 0x11, "nothing after the range");
                }
            }
        }
    }

  private:
    NdkTestTransport m_kind;
};

/** The privileged token works locally and is rejected remotely by Read, Write and S&I. */
class NdkPrivilegedTokenTestCase : public TestCase
{
  public:
    explicit NdkPrivilegedTokenTestCase(NdkTestTransport kind)
        : TestCase(std::string("privileged token: local SGEs only, never remote") + NdkTestTransportSuffix(kind)),
          m_kind(kind)
    {
    }

    void DoRun() override
    {
        uint32_t priv = 0;
        {
            NdkPair p(m_kind);
            p.a.pd->GetPrivilegedMemoryRegionToken(&priv);
            NS_TEST_ASSERT_MSG_EQ(priv, NDK_PRIVILEGED_TOKEN, "reserved value");
            // Local use: a Write sourced from a LAM logical address succeeds.
            uint64_t src = p.a.memory->Allocate(kLen);
            p.a.memory->Fill(src, 0x77, kLen);
            NdkLam lam;
            uint32_t size = 0;
            NS_TEST_ASSERT_MSG_EQ(p.a.adapter->BuildLam(src, kLen, &size, nullptr), NdkStatus::BUFFER_TOO_SMALL, "size probe");
            NS_TEST_ASSERT_MSG_EQ(p.a.adapter->BuildLam(src, kLen, &size, &lam), NdkStatus::SUCCESS, "LAM");
            uint64_t dst = p.b.memory->Allocate(kLen);
            Ptr<NdkMr> mr = p.b.Register(dst, kLen, NDK_MR_FLAG_ALLOW_REMOTE_WRITE);
            NdkSge sge{lam.adapterPageArray[0] + lam.fbo, 100, priv};
            p.a.qp->Write(1, &sge, 1, dst, mr->GetRemoteToken(), 0);
            Simulator::Run();
            NS_TEST_ASSERT_MSG_EQ(p.a.Poll().front().status, NdkStatus::SUCCESS, "local privileged use");
            uint8_t byte = 0;
            p.b.memory->Read(dst + 99, &byte, 1);
            NS_TEST_ASSERT_MSG_EQ(int(byte), 0x77, "bytes read through the logical address");
            // Released LAM: the same SGE now fails locally.
            p.a.adapter->ReleaseLam(lam);
            p.a.qp->Write(2, &sge, 1, dst, mr->GetRemoteToken(), 0);
            Simulator::Run();
            NS_TEST_ASSERT_MSG_EQ(p.a.Poll().front().status, NdkStatus::ACCESS_VIOLATION, "dead LAM");
        }
        // Remote Write and Read naming the privileged token.
        for (int op = 0; op < 3; ++op)
        {
            NdkPair p(m_kind);
            uint64_t dst = p.b.memory->Allocate(kLen);
            p.b.Register(dst, kLen, NDK_MR_FLAG_ALLOW_REMOTE_WRITE | NDK_MR_FLAG_ALLOW_REMOTE_READ);
            NdkStatus status;
            if (op == 0)
            {
                status = WriteAndRun(p, dst, priv, 64);
            }
            else if (op == 1)
            {
                uint64_t sink = p.a.memory->Allocate(kLen);
                Ptr<NdkMr> sinkMr = p.a.Register(sink, kLen, 0x9);
                NdkSge sge{sink, 64, sinkMr->GetLocalToken()};
                p.a.qp->Read(1, &sge, 1, dst, priv, 0);
                Simulator::Run();
                status = p.a.Poll().front().status;
            }
            else
            {
                uint64_t rbuf = p.b.memory->Allocate(kLen);
                Ptr<NdkMr> rmr = p.b.Register(rbuf, kLen, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
                NdkSge rsge{rbuf, 256, rmr->GetLocalToken()};
                p.b.qp->Receive(7, &rsge, 1);
                p.a.qp->SendAndInvalidate(1, nullptr, 0, 0, priv);
                Simulator::Run();
                status = p.a.Poll().front().status;
                auto recv = p.b.Poll();
                NS_TEST_EXPECT_MSG_EQ(recv.front().status, NdkStatus::INVALID_DEVICE_REQUEST, "receiver aborts");
            }
            NdkStatus expected = op == 2 ? NdkStatus::REMOTE_RESOURCES : NdkStatus::ACCESS_VIOLATION;
            NS_TEST_EXPECT_MSG_EQ(status, expected, "privileged token rejected remotely, op " << op);
            NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetState(), NdkQpState::Error, "responder in error");
        }
    }

  private:
    NdkTestTransport m_kind;
};

/** Bind: rights, range, rebind without invalidate, invalidate twice, SendAndInvalidate. */
class NdkWindowTestCase : public TestCase
{
  public:
    explicit NdkWindowTestCase(NdkTestTransport kind)
        : TestCase(std::string("windows: bind checks, token flow, remote invalidation, stale tokens") + NdkTestTransportSuffix(kind)),
          m_kind(kind)
    {
    }

    void DoRun() override
    {
        NdkPair p(m_kind);
        uint64_t buf = p.b.memory->Allocate(kLen);
        Ptr<NdkMr> mr = p.b.Register(buf, kLen, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
        Ptr<NdkMr> roMr = p.b.Register(p.b.memory->Allocate(kLen), kLen, 0);
        Ptr<NdkMw> mw;
        p.b.pd->CreateMw(&mw);
        // Synchronous failures (no completion).
        NS_TEST_ASSERT_MSG_EQ(p.b.qp->Bind(1, roMr, mw, roMr->GetKeyIndex() ? 0x10000000 : 0, 64, NDK_OP_FLAG_ALLOW_REMOTE_WRITE),
                              NdkStatus::ACCESS_VIOLATION, "writable window needs local write on the MR");
        NS_TEST_ASSERT_MSG_EQ(p.b.qp->Bind(1, mr, mw, buf + kLen - 10, 64, NDK_OP_FLAG_ALLOW_REMOTE_READ),
                              NdkStatus::INVALID_PARAMETER, "window outside the MR");
        NS_TEST_ASSERT_MSG_EQ(p.b.qp->Bind(1, mr, mw, buf, 0, NDK_OP_FLAG_ALLOW_REMOTE_READ),
                              NdkStatus::INVALID_PARAMETER, "zero length");
        NS_TEST_ASSERT_MSG_EQ(p.b.qp->Bind(1, mr, mw, buf, 64, 0x20), NdkStatus::INVALID_PARAMETER,
                              "0x20 without 0x10");
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(p.b.Poll().size(), 0, "failed posts complete nothing");
        // A read-only window over [buf+1024, +1024).
        NS_TEST_ASSERT_MSG_EQ(p.b.qp->Bind(2, mr, mw, buf + 1024, 1024, NDK_OP_FLAG_ALLOW_REMOTE_READ),
                              NdkStatus::SUCCESS, "bind posted");
        uint32_t token = mw->GetRemoteToken();
        Simulator::Run();
        auto c = p.b.Poll();
        NS_TEST_ASSERT_MSG_EQ(c.size(), 1, "bind completion");
        NS_TEST_ASSERT_MSG_EQ(c[0].type, NdkOperationType::Bind, "type");
        NS_TEST_ASSERT_MSG_EQ(NdkResultOk(c[0]), true, "bound");
        NS_TEST_ASSERT_MSG_EQ(mr->Deregister(), NdkStatus::DEVICE_BUSY, "MR with a bound window");
        // Rebind without invalidate fails at execution and moves the QP to Error.
        {
            NdkPair q(m_kind);
            uint64_t qb = q.b.memory->Allocate(kLen);
            Ptr<NdkMr> qmr = q.b.Register(qb, kLen, 1);
            Ptr<NdkMw> qmw;
            q.b.pd->CreateMw(&qmw);
            q.b.qp->Bind(1, qmr, qmw, qb, 64, NDK_OP_FLAG_ALLOW_REMOTE_READ);
            q.b.qp->Bind(2, qmr, qmw, qb, 64, NDK_OP_FLAG_ALLOW_REMOTE_READ);
            q.b.qp->Invalidate(3, qmw, 0);
            Simulator::Run();
            auto qc = q.b.Poll();
            NS_TEST_ASSERT_MSG_EQ(qc.size(), 3, "three completions");
            NS_TEST_EXPECT_MSG_EQ(qc[0].status, NdkStatus::SUCCESS, "first bind");
            NS_TEST_EXPECT_MSG_EQ(qc[1].status, NdkStatus::INVALID_DEVICE_REQUEST, "rebind");
            NS_TEST_EXPECT_MSG_EQ(qc[2].status, NdkStatus::CANCELLED, "flushed behind the error");
            NS_TEST_EXPECT_MSG_EQ(q.b.qp->GetState(), NdkQpState::Error, "QP in error");
        }
        // The peer reads inside the window: ok; one byte past it: access violation.
        uint64_t sink = p.a.memory->Allocate(kLen);
        Ptr<NdkMr> sinkMr = p.a.Register(sink, kLen, 0x9);
        NdkSge sge{sink, 1024, sinkMr->GetLocalToken()};
        p.a.qp->Read(1, &sge, 1, buf + 1024, token, 0);
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(p.a.Poll().front().status, NdkStatus::SUCCESS, "read inside window");
        // A Write is not allowed by a read-only window.
        {
            NdkPair q(m_kind);
            uint64_t qb = q.b.memory->Allocate(kLen);
            q.b.memory->Fill(qb, 0x33, kLen);
            Ptr<NdkMr> qmr = q.b.Register(qb, kLen, 1);
            Ptr<NdkMw> qmw;
            q.b.pd->CreateMw(&qmw);
            q.b.qp->Bind(1, qmr, qmw, qb, 64, NDK_OP_FLAG_ALLOW_REMOTE_READ);
            uint64_t rbuf = q.b.memory->Allocate(kLen);
            Ptr<NdkMr> rmr = q.b.Register(rbuf, kLen, 1);
            NdkSge rsge{rbuf, 64, rmr->GetLocalToken()};
            q.b.qp->Receive(9, &rsge, 1);
            Simulator::Run();
            q.b.Poll();
            uint64_t before = q.b.memory->Digest(qb, kLen);
            NS_TEST_EXPECT_MSG_EQ(WriteAndRun(q, qb, qmw->GetRemoteToken(), 8), NdkStatus::ACCESS_VIOLATION, "write on read window");
            NS_TEST_EXPECT_MSG_EQ(q.b.memory->Digest(qb, kLen), before, "no byte changed");
            auto rc = q.b.Poll();
            NS_TEST_ASSERT_MSG_EQ(rc.size(), 1, "owner's receive flushed");
            NS_TEST_EXPECT_MSG_EQ(rc[0].status, NdkStatus::CANCELLED, "ndwriteviolation");
        }
        // Send-and-Invalidate names the window: the receiver's token dies before its completion.
        uint64_t rbuf = p.b.memory->Allocate(kLen);
        Ptr<NdkMr> rmr = p.b.Register(rbuf, kLen, 1);
        NdkSge rsge{rbuf, 128, rmr->GetLocalToken()};
        p.b.qp->Receive(42, &rsge, 1);
        uint64_t msg = p.a.memory->Allocate(kLen);
        Ptr<NdkMr> msgMr = p.a.Register(msg, kLen, 1);
        NdkSge ssge{msg, 16, msgMr->GetLocalToken()};
        p.a.qp->SendAndInvalidate(5, &ssge, 1, 0, token);
        Simulator::Run();
        auto sendDone = p.a.Poll();
        NS_TEST_ASSERT_MSG_EQ(sendDone.size(), 1, "the send completes");
        if (sendDone.empty())
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(sendDone.front().type, NdkOperationType::Send, "sender sees Send");
        NS_TEST_ASSERT_MSG_EQ(sendDone.front().status, NdkStatus::SUCCESS, "send ok");
        auto recv = p.b.Poll();
        NS_TEST_ASSERT_MSG_EQ(recv.size(), 1, "one receive");
        NS_TEST_EXPECT_MSG_EQ(recv[0].type, NdkOperationType::ReceiveAndInvalidate, "receive-and-invalidate");
        NS_TEST_EXPECT_MSG_EQ(recv[0].typeSpecificCompletionOutput, token, "invalidated token reported");
        NS_TEST_EXPECT_MSG_EQ(recv[0].bytesTransferred, 16, "bytes");
        NS_TEST_EXPECT_MSG_EQ(recv[0].requestContext, 42, "context");
        NS_TEST_EXPECT_MSG_EQ(mw->IsBound(), false, "window unbound");
        // The stale token now fails; a local invalidate of the same window fails as usual.
        p.a.qp->Read(2, &sge, 1, buf + 1024, token, 0);
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(p.a.Poll().front().status, NdkStatus::ACCESS_VIOLATION, "stale token");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetState(), NdkQpState::Error, "responder error after violation");
    }

    static bool NdkResultOk(const NdkResultEx& r)
    {
        return r.status == NdkStatus::SUCCESS;
    }

  private:
    NdkTestTransport m_kind;
};

/** Fast register, local invalidate, stale FR token. */
class NdkFastRegisterTestCase : public TestCase
{
  public:
    explicit NdkFastRegisterTestCase(NdkTestTransport kind)
        : TestCase(std::string("fast register: post-time checks, new key per registration, invalidate") + NdkTestTransportSuffix(kind)),
          m_kind(kind)
    {
    }

    void DoRun() override
    {
        NdkPair p(m_kind);
        Ptr<NdkMr> fr;
        p.b.pd->CreateMr(true, &fr);
        NS_TEST_ASSERT_MSG_EQ(fr->Register(0x1000, 10, 0), NdkStatus::INVALID_DEVICE_REQUEST, "FR MR cannot register");
        NS_TEST_ASSERT_MSG_EQ(fr->InitializeFastRegister(0, true), NdkStatus::INVALID_PARAMETER, "0 pages");
        NS_TEST_ASSERT_MSG_EQ(fr->InitializeFastRegister(4, false), NdkStatus::SUCCESS, "init, local only");
        uint64_t buf = p.b.memory->Allocate(4 * NDK_PAGE_SIZE);
        NdkLam lam;
        uint32_t size = 1024;
        p.b.adapter->BuildLam(buf, 4 * NDK_PAGE_SIZE, &size, &lam);
        NS_TEST_ASSERT_MSG_EQ(p.b.qp->FastRegister(1, fr, 4, lam.adapterPageArray.data(), 0, 4 * NDK_PAGE_SIZE, 0x700000000000, NDK_OP_FLAG_ALLOW_REMOTE_WRITE),
                              NdkStatus::ACCESS_VIOLATION, "remote rights need RemoteAccess");
        fr->InitializeFastRegister(4, true);
        NS_TEST_ASSERT_MSG_EQ(p.b.qp->FastRegister(1, fr, 4, lam.adapterPageArray.data(), 0, 4 * NDK_PAGE_SIZE + 1, 0x700000000000, 0x30),
                              NdkStatus::INVALID_PARAMETER, "length past the pages");
        NS_TEST_ASSERT_MSG_EQ(p.b.qp->FastRegister(1, fr, 4, lam.adapterPageArray.data(), 8, 100, 0x700000000000, 0x30),
                              NdkStatus::INVALID_PARAMETER, "base not congruent to FBO");
        uint32_t before = fr->GetRemoteToken();
        NS_TEST_ASSERT_MSG_EQ(p.b.qp->FastRegister(1, fr, 4, lam.adapterPageArray.data(), 0, 4 * NDK_PAGE_SIZE, 0x700000000000, 0x30),
                              NdkStatus::SUCCESS, "fast register");
        uint32_t token = fr->GetRemoteToken();
        NS_TEST_ASSERT_MSG_NE(token, before, "new key on post");
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(p.b.Poll().front().type, NdkOperationType::FastRegister, "completion type");
        // Remote write through the FR MR at the consumer-chosen virtual base lands in the pages.
        NS_TEST_ASSERT_MSG_EQ(WriteAndRun(p, 0x700000000000 + NDK_PAGE_SIZE + 5, token, 10), NdkStatus::SUCCESS, "write via FR");
        uint8_t byte = 0;
        p.b.memory->Read(buf + NDK_PAGE_SIZE + 5, &byte, 1);
        NS_TEST_ASSERT_MSG_EQ(int(byte), 0x5A, "landed through page translation");
        // Invalidate then write with the old token: rejected.
        p.b.qp->Invalidate(2, fr, 0);
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(p.b.Poll().front().status, NdkStatus::SUCCESS, "invalidate");
        p.b.qp->Invalidate(3, fr, 0);
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(p.b.Poll().front().status, NdkStatus::INVALID_DEVICE_REQUEST, "invalidate twice");
    }

  private:
    NdkTestTransport m_kind;
};

/** Posting limits (P7-P10), RNR exhaustion, flush and CQ overflow. */
class NdkLimitsTestCase : public TestCase
{
  public:
    explicit NdkLimitsTestCase(NdkTestTransport kind)
        : TestCase(std::string("posting limits, RNR timeout, flush, CQ overflow") + NdkTestTransportSuffix(kind)),
          m_kind(kind)
    {
    }

    void DoRun() override
    {
        {
            NdkPair p(m_kind, 2);
            uint64_t buf = p.a.memory->Allocate(kLen);
            Ptr<NdkMr> mr = p.a.Register(buf, kLen, 1);
            NdkSge sges[5];
            for (auto& s : sges)
            {
                s = {buf, 8, mr->GetLocalToken()};
            }
            NS_TEST_EXPECT_MSG_EQ(p.a.qp->Send(1, sges, 5, 0), NdkStatus::DATA_OVERRUN, "5 SGEs > 4");
            NdkSge big{buf, 65, mr->GetLocalToken()};
            NS_TEST_EXPECT_MSG_EQ(p.a.qp->Send(1, &big, 1, NDK_OP_FLAG_INLINE), NdkStatus::BUFFER_OVERFLOW, "inline > 64");
            NS_TEST_EXPECT_MSG_EQ(p.a.qp->Send(1, sges, 1, 0x8), NdkStatus::INVALID_PARAMETER, "flag not allowed");
            // No receive posted: RNR retries run out -> IO_TIMEOUT; the receiver sees nothing.
            NS_TEST_EXPECT_MSG_EQ(p.a.qp->Send(1, sges, 1, 0), NdkStatus::SUCCESS, "send");
            NS_TEST_EXPECT_MSG_EQ(p.a.qp->Send(2, sges, 1, 0), NdkStatus::SUCCESS, "send");
            NS_TEST_EXPECT_MSG_EQ(p.a.qp->Send(3, sges, 1, 0), NdkStatus::NO_MORE_ENTRIES, "depth 2");
            Simulator::Run();
            auto c = p.a.Poll();
            NS_TEST_ASSERT_MSG_EQ(c.size(), 2, "two completions");
            NS_TEST_EXPECT_MSG_EQ(c[0].status, NdkStatus::IO_TIMEOUT, "ndsendnoreceive");
            NS_TEST_EXPECT_MSG_EQ(c[1].status, NdkStatus::CANCELLED, "flushed");
            NS_TEST_EXPECT_MSG_EQ(p.b.Poll().size(), 0, "receiver: no completion");
            NS_TEST_EXPECT_MSG_GT(Simulator::Now(), MicroSeconds(59), "6 retries of 10 us");
        }
        {
            NdkPair p(m_kind);
            uint64_t buf = p.b.memory->Allocate(kLen);
            Ptr<NdkMr> mr = p.b.Register(buf, kLen, 1);
            NdkSge s{buf, 64, mr->GetLocalToken()};
            p.b.qp->Receive(1, &s, 1);
            p.b.qp->Receive(2, &s, 1);
            p.b.qp->Flush();
            auto c = p.b.Poll();
            NS_TEST_ASSERT_MSG_EQ(c.size(), 2, "ndreceiveflushqp");
            NS_TEST_EXPECT_MSG_EQ(c[0].status, NdkStatus::CANCELLED, "cancelled");
            NS_TEST_EXPECT_MSG_EQ(c[1].requestContext, 2, "posting order");
            // Posts after Flush are accepted and cancelled.
            NS_TEST_EXPECT_MSG_EQ(p.b.qp->Send(3, &s, 1, NDK_OP_FLAG_SILENT_SUCCESS), NdkStatus::SUCCESS, "accepted in Error");
            auto c2 = p.b.Poll();
            NS_TEST_ASSERT_MSG_EQ(c2.size(), 1, "flushed silent request still completes");
            NS_TEST_EXPECT_MSG_EQ(c2[0].status, NdkStatus::CANCELLED, "cancelled");
        }
        {
            NdkPair p(m_kind, 16, 2);
            uint64_t buf = p.b.memory->Allocate(kLen);
            Ptr<NdkMr> mr = p.b.Register(buf, kLen, 1);
            NdkSge s{buf, 64, mr->GetLocalToken()};
            Ptr<NdkCq> cq = p.b.cq;
            cq->Arm(NDK_CQ_NOTIFY_ERRORS);
            for (int i = 0; i < 3; ++i)
            {
                p.b.qp->Receive(i, &s, 1);
            }
            p.b.qp->Flush(); // 3 completions into a CQ of depth 2
            NS_TEST_EXPECT_MSG_EQ(cq->IsFailed(), true, "overflow is terminal");
            NS_TEST_EXPECT_MSG_EQ(cq->GetCount(), 2, "queued entries stay retrievable");
        }
        {
            NdkPair p(m_kind, 16, 256, false);
            uint8_t data[100] = {};
            Ptr<NdkConnector> c;
            p.a.adapter->CreateConnector(&c);
            NS_TEST_EXPECT_MSG_EQ(c->Connect(p.a.qp, InetSocketAddress(Ipv4Address("10.0.0.1"), 0), InetSocketAddress(Ipv4Address("10.0.0.2"), 1000), 1, 1, data, 57, {}),
                                  NdkStatus::INVALID_BUFFER_SIZE, "private data over MaxCallerData");
            NS_TEST_EXPECT_MSG_EQ(c->Connect(p.a.qp, InetSocketAddress(Ipv4Address("10.0.0.1"), 0), InetSocketAddress(Ipv4Address("10.9.9.9"), 1000), 1, 1, data, 56, {}),
                                  NdkStatus::HOST_UNREACHABLE, "no such host");
            NdkStatus done = NdkStatus::UNSUCCESSFUL;
            Ptr<NdkConnector> c2;
            p.a.adapter->CreateConnector(&c2);
            NS_TEST_EXPECT_MSG_EQ(c2->Connect(p.a.qp, InetSocketAddress(Ipv4Address("10.0.0.1"), 0), InetSocketAddress(Ipv4Address("10.0.0.2"), 1000), 1, 1, data, 56, {[&](NdkContext, NdkStatus s) { done = s; }, 0}),
                                  NdkStatus::PENDING, "limit is fine");
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(done, NdkStatus::CONNECTION_REFUSED, "no listener");
            NS_TEST_EXPECT_MSG_EQ(p.a.qp->GetState(), NdkQpState::Idle, "failed connect leaves QP idle");
        }
    }

  private:
    NdkTestTransport m_kind;
};

/** Closing: a PD with live children pends; exactly one close callback, after the children. */
class NdkCloseTestCase : public TestCase
{
  public:
    explicit NdkCloseTestCase(NdkTestTransport kind)
        : TestCase(std::string("close: antecedents wait for successors, one callback each, in order") + NdkTestTransportSuffix(kind)),
          m_kind(kind)
    {
    }

    void DoRun() override
    {
        NdkPair p(m_kind, 16, 256, false);
        std::vector<int> order;
        Ptr<NdkMr> mr;
        p.a.pd->CreateMr(false, &mr);
        NS_TEST_ASSERT_MSG_EQ(p.a.cq->Close([&](NdkContext) { order.push_back(1); }, 0), NdkStatus::PENDING, "CQ used by a QP");
        NS_TEST_ASSERT_MSG_EQ(p.a.pd->Close([&](NdkContext) { order.push_back(2); }, 0), NdkStatus::PENDING, "PD has children");
        NS_TEST_ASSERT_MSG_EQ(mr->Close(), NdkStatus::SUCCESS, "MR closes inline");
        NS_TEST_ASSERT_MSG_EQ(p.a.qp->Close([&](NdkContext) { order.push_back(3); }, 0), NdkStatus::SUCCESS, "QP closes inline");
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(order.size(), 2, "two pending closes completed once each");
        NS_TEST_EXPECT_MSG_EQ(p.a.cq->Close(), NdkStatus::INVALID_DEVICE_STATE, "double close");
    }

  private:
    NdkTestTransport m_kind;
};

class NdkRemoteTestSuite : public TestSuite
{
  public:
    NdkRemoteTestSuite(const char* name, NdkTestTransport kind)
        : TestSuite(name, UNIT),
          m_kind(kind)
    {
        AddTestCase(new NdkConnectTestCase(m_kind), TestCase::QUICK);
        AddTestCase(new NdkMrFlagsTestCase(m_kind), TestCase::QUICK);
        AddTestCase(new NdkPrivilegedTokenTestCase(m_kind), TestCase::QUICK);
        AddTestCase(new NdkWindowTestCase(m_kind), TestCase::QUICK);
        AddTestCase(new NdkFastRegisterTestCase(m_kind), TestCase::QUICK);
        AddTestCase(new NdkLimitsTestCase(m_kind), TestCase::QUICK);
        AddTestCase(new NdkCloseTestCase(m_kind), TestCase::QUICK);
    }

  private:
    NdkTestTransport m_kind;
};

static NdkRemoteTestSuite g_ndkRemoteTestSuite("ndk-remote", NdkTestTransport::Ideal);
/** The same bodies over RoCEv2 packets: RdmaNics joined by a RoceChannel. */
static NdkRemoteTestSuite g_ndkRemoteRoceTestSuite("ndk-remote-roce", NdkTestTransport::Roce);

} // namespace ns3
