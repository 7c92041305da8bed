/*
 * roce-rc-read: the RC responder's read path and the per-packet token check of reads and
 * writes on a direct link — PSN order between read responses and a NAK for a later request, a
 * read target invalidated while its responses are still being generated, a write target
 * invalidated while the write's packets are still arriving, and a duplicate read re-served in
 * PSN order after a lost response.
 */

#include "ndk-fixture.h"

#include "ns3/error-model.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/roce-opcode.h"
#include "ns3/test.h"

#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::ndktest;

namespace
{

constexpr uint32_t kMtu = 1024;      //!< RdmaNic PathMtu default
constexpr uint8_t kUntouched = 0xEE; //!< pre-fill of sink buffers (never a FillChunks byte)

/** One AccessViolation trace record of an adapter. */
struct Violation
{
    uint32_t qpn;
    NdkRemoteOp op;
    uint32_t token;
    uint64_t address;
    uint64_t length;
    NdkAccessFault fault;
};

/** Record every AccessViolation of \p adapter into \p out. */
void
RecordViolations(Ptr<NdkAdapter> adapter, std::vector<Violation>* out)
{
    adapter->TraceConnectWithoutContext(
        "AccessViolation",
        Callback<void, uint32_t, NdkRemoteOp, uint32_t, uint64_t, uint64_t, NdkAccessFault>(
            [out](uint32_t qpn,
                  NdkRemoteOp op,
                  uint32_t token,
                  uint64_t address,
                  uint64_t length,
                  NdkAccessFault fault) {
                out->push_back({qpn, op, token, address, length, fault});
            }));
}

/** Fill [address, +length) with a pattern that changes every KiB and is never 0 or kUntouched. */
void
FillChunks(Ptr<NdkHostMemory> memory, uint64_t address, uint64_t length)
{
    for (uint64_t i = 0; i < length; i += kMtu)
    {
        memory->Fill(address + i,
                     static_cast<uint8_t>(1 + (i / kMtu * 37) % 200),
                     std::min<uint64_t>(kMtu, length - i));
    }
}

/** \return how many bytes of [address, +length) differ from \p value */
uint64_t
CountNot(Ptr<NdkHostMemory> memory, uint64_t address, uint64_t length, uint8_t value)
{
    std::vector<uint8_t> bytes(length);
    memory->Read(address, bytes.data(), length);
    uint64_t n = 0;
    for (uint8_t b : bytes)
    {
        n += b != value ? 1 : 0;
    }
    return n;
}

/** Drops the first \p count received frames whose BTH opcode is \p opcode. */
class DropOpcodeErrorModel : public ErrorModel
{
  public:
    DropOpcodeErrorModel(RoceOpcode opcode, uint32_t count)
        : m_opcode(opcode),
          m_left(count)
    {
    }

    uint32_t GetDropped() const
    {
        return m_dropped;
    }

  private:
    bool DoCorrupt(Ptr<Packet> p) override
    {
        // Ethernet 14 + IPv4 20 + UDP 8: the BTH opcode is the next byte.
        constexpr uint32_t offset = 14 + 20 + 8;
        uint8_t head[offset + 1];
        if (m_left == 0 || p->CopyData(head, sizeof(head)) != sizeof(head) ||
            ((head[12] << 8) | head[13]) != 0x0800 ||
            head[offset] != static_cast<uint8_t>(m_opcode))
        {
            return false;
        }
        --m_left;
        ++m_dropped;
        return true;
    }

    void DoReset() override
    {
    }

    RoceOpcode m_opcode;
    uint32_t m_left;
    uint32_t m_dropped{0};
};

} // namespace

/**
 * Read R1 (256 response packets) accepted by the responder, then Write W2 with a stale token and
 * Write W3: the responder sends every response of R1 and only then the remote access NAK for
 * W2's PSN (IBTA responses in PSN order). R1 completes SUCCESS with its bytes, W2
 * STATUS_ACCESS_VIOLATION, W3 is flushed; nothing of W2 (or W3) lands.
 */
class RoceRcFaultBehindReadTestCase : public TestCase
{
  public:
    RoceRcFaultBehindReadTestCase()
        : TestCase("rejected write behind an accepted read: read responses first, then the NAK")
    {
    }

  private:
    void DoRun() override
    {
        NdkPair p(NdkTestTransport::Roce);
        std::vector<Violation> violations;
        RecordViolations(p.b.adapter, &violations);

        const uint64_t n = 256 * 1024; // 256 response packets: still leaving when W2 lands
        const uint64_t remote = p.b.memory->Allocate(n);
        FillChunks(p.b.memory, remote, n);
        Ptr<NdkMr> remoteMr =
            p.b.Register(remote,
                         n,
                         NDK_MR_FLAG_ALLOW_LOCAL_WRITE | NDK_MR_FLAG_ALLOW_REMOTE_READ |
                             NDK_MR_FLAG_ALLOW_REMOTE_WRITE);
        const uint64_t remoteBefore = p.b.memory->Digest(remote, n);
        const uint32_t good = remoteMr->GetRemoteToken();
        const uint32_t bad = good ^ 0x1; // same index, another tag: a stale key (W2)

        const uint64_t sink = p.a.memory->Allocate(n);
        p.a.memory->Fill(sink, kUntouched, n);
        const uint64_t src = p.a.memory->Allocate(4096);
        p.a.memory->Fill(src, 0x77, 4096);
        Ptr<NdkMr> sinkMr = p.a.Register(sink, n, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
        Ptr<NdkMr> srcMr = p.a.Register(src, 4096, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
        NdkSge readSge{sink, static_cast<uint32_t>(n), sinkMr->GetLocalToken()};
        NdkSge w2Sge{src, 4096, srcMr->GetLocalToken()};
        NdkSge w3Sge{src, 1024, srcMr->GetLocalToken()};
        NS_TEST_ASSERT_MSG_EQ(p.a.qp->Read(1, &readSge, 1, remote, good, 0),
                              NdkStatus::SUCCESS,
                              "R1 posted");
        NS_TEST_ASSERT_MSG_EQ(p.a.qp->Write(2, &w2Sge, 1, remote, bad, 0),
                              NdkStatus::SUCCESS,
                              "W2 posted");
        NS_TEST_ASSERT_MSG_EQ(p.a.qp->Write(3, &w3Sge, 1, remote + 8192, good, 0),
                              NdkStatus::SUCCESS,
                              "W3 posted");
        Simulator::Run();

        auto c = p.a.Poll();
        NS_TEST_ASSERT_MSG_EQ(c.size(), 3, "three completions");
        if (c.size() != 3)
        {
            return;
        }
        NS_TEST_EXPECT_MSG_EQ(c[0].requestContext, 1, "R1 first (posting order)");
        NS_TEST_EXPECT_MSG_EQ(c[0].status, NdkStatus::SUCCESS, "R1 completes");
        NS_TEST_EXPECT_MSG_EQ(c[0].type, NdkOperationType::Read, "R1 is a read");
        NS_TEST_EXPECT_MSG_EQ(c[1].requestContext, 2, "then W2");
        NS_TEST_EXPECT_MSG_EQ(c[1].status, NdkStatus::ACCESS_VIOLATION, "W2: remote access NAK");
        NS_TEST_EXPECT_MSG_EQ(c[2].requestContext, 3, "then W3");
        NS_TEST_EXPECT_MSG_EQ(c[2].status, NdkStatus::CANCELLED, "W3 flushed");
        NS_TEST_EXPECT_MSG_EQ(p.a.memory->Digest(sink, n),
                              p.b.memory->Digest(remote, n),
                              "R1 delivered the responder's bytes");
        NS_TEST_EXPECT_MSG_EQ(p.b.memory->Digest(remote, n),
                              remoteBefore,
                              "no byte of W2 (or W3) written");
        NS_TEST_EXPECT_MSG_EQ(p.a.qp->GetState(), NdkQpState::Error, "requester QP in Error");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetState(), NdkQpState::Error, "responder QP in Error");

        NS_TEST_ASSERT_MSG_EQ(violations.size(), 1, "one AccessViolation");
        if (violations.size() != 1)
        {
            return;
        }
        NS_TEST_EXPECT_MSG_EQ(violations[0].qpn, p.b.qp->GetQpNumber(), "responder QP");
        NS_TEST_EXPECT_MSG_EQ(static_cast<int>(violations[0].op),
                              static_cast<int>(NdkRemoteOp::Write),
                              "the write");
        NS_TEST_EXPECT_MSG_EQ(violations[0].token, bad, "its token");
        NS_TEST_EXPECT_MSG_EQ(std::string(NdkAccessFaultName(violations[0].fault)),
                              std::string(NdkAccessFaultName(NdkAccessFault::KeyMismatch)),
                              "stale key");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetStats().inboundRejected, 1, "counted once");

        const RdmaQpStats sa = p.a.nic->GetTotalStats();
        const RdmaQpStats sb = p.b.nic->GetTotalStats();
        NS_TEST_EXPECT_MSG_EQ(sb.txPackets, n / kMtu, "every response of R1 sent, once");
        NS_TEST_EXPECT_MSG_EQ(sb.naksSent, 1, "one NAK");
        NS_TEST_EXPECT_MSG_EQ(sa.fatalNaksReceived, 1, "the requester took it as fatal");
        NS_TEST_EXPECT_MSG_EQ(sa.retransmits, 0, "nothing resent");
        NS_TEST_EXPECT_MSG_EQ(sa.timeouts, 0, "no retransmit timeout");
    }
};

/**
 * The owner takes a 1 MiB target away in the middle of a transfer: it invalidates the window
 * (local Invalidate work request) or deregisters the region 20 us after the post, while the
 * read's responses are still being generated or the write's packets are still arriving. The
 * shared set-up and checks of the read and write cases: the transfer (context 7) completes
 * STATUS_ACCESS_VIOLATION, both QPs end in Error, the responder sends one NAK that the requester
 * takes as fatal without a timeout, the responder QP counts one inbound rejection and its
 * adapter fires AccessViolation once, "not valid", for the refused rest of the transfer.
 */
class RoceRcRevokeMidTransferTestCase : public TestCase
{
  protected:
    static constexpr uint64_t kBytes = 1 << 20;

    RoceRcRevokeMidTransferTestCase(const std::string& name, bool window)
        : TestCase(name),
          m_window(window)
    {
    }

    /**
     * Register the responder's buffer \p buf with the remote right of a write (\p write) or a
     * read, through a window bound on it when m_window; fills m_mr, m_mw.
     * \return the remote token (0 if the bind failed)
     */
    uint32_t Expose(NdkPair& p, uint64_t buf, bool write)
    {
        const uint32_t mrRight =
            write ? NDK_MR_FLAG_ALLOW_REMOTE_WRITE : NDK_MR_FLAG_ALLOW_REMOTE_READ;
        const uint32_t mwRight =
            write ? NDK_OP_FLAG_ALLOW_REMOTE_WRITE : NDK_OP_FLAG_ALLOW_REMOTE_READ;
        m_mr = p.b.Register(buf, kBytes, NDK_MR_FLAG_ALLOW_LOCAL_WRITE | (m_window ? 0 : mrRight));
        if (!m_window)
        {
            return m_mr->GetRemoteToken();
        }
        p.b.pd->CreateMw(&m_mw);
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->Bind(1, m_mr, m_mw, buf, kBytes, mwRight),
                              NdkStatus::SUCCESS,
                              "bind posted");
        Simulator::Run();
        auto bound = p.b.Poll();
        NS_TEST_EXPECT_MSG_EQ(bound.size(), 1, "bind completion");
        if (bound.size() != 1)
        {
            return 0;
        }
        NS_TEST_EXPECT_MSG_EQ(bound[0].status, NdkStatus::SUCCESS, "bound");
        if (bound[0].status != NdkStatus::SUCCESS)
        {
            return 0;
        }
        return m_mw->GetRemoteToken();
    }

    /**
     * Take the target away 20 us after the post, run, and check the transfer failed.
     * \return false if its completion is missing (nothing more to check)
     */
    bool RevokeAndRun(NdkPair& p)
    {
        NdkQp* owner = PeekPointer(p.b.qp);
        NdkMw* window = PeekPointer(m_mw);
        NdkMr* region = PeekPointer(m_mr);
        NdkStatus revoke = NdkStatus::UNSUCCESSFUL;
        const bool invalidate = m_window;
        Simulator::Schedule(MicroSeconds(20), [invalidate, owner, window, region, &revoke]() {
            revoke =
                invalidate ? owner->Invalidate(8, Ptr<NdkMw>(window), 0) : region->Deregister();
        });
        Simulator::Run();

        NS_TEST_EXPECT_MSG_EQ(revoke, NdkStatus::SUCCESS, "invalidate / deregister accepted");
        auto c = p.a.Poll();
        NS_TEST_EXPECT_MSG_EQ(c.size(), 1, "one completion of the transfer");
        if (c.size() != 1)
        {
            return false;
        }
        NS_TEST_EXPECT_MSG_EQ(c[0].requestContext, 7, "the transfer");
        NS_TEST_EXPECT_MSG_EQ(c[0].status, NdkStatus::ACCESS_VIOLATION, "remote access NAK");
        NS_TEST_EXPECT_MSG_EQ(p.a.qp->GetState(), NdkQpState::Error, "requester QP in Error");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetState(), NdkQpState::Error, "responder QP in Error");
        if (m_window)
        {
            auto inv = p.b.Poll();
            NS_TEST_EXPECT_MSG_EQ(inv.size(), 1, "the invalidate completes");
            if (inv.size() == 1)
            {
                NS_TEST_EXPECT_MSG_EQ(inv[0].requestContext, 8, "invalidate context");
                NS_TEST_EXPECT_MSG_EQ(inv[0].status, NdkStatus::SUCCESS, "invalidated");
            }
        }
        return true;
    }

    /**
     * One NAK, fatal at the requester, no timeout, one inbound rejection, one AccessViolation of
     * \p op with \p token for a target no longer valid. \return that violation (nullptr: none)
     */
    const Violation* CheckRejectedOnce(NdkPair& p,
                                       const std::vector<Violation>& violations,
                                       NdkRemoteOp op,
                                       uint32_t token)
    {
        const RdmaQpStats sa = p.a.nic->GetTotalStats();
        const RdmaQpStats sb = p.b.nic->GetTotalStats();
        NS_TEST_EXPECT_MSG_EQ(sb.naksSent, 1, "one NAK");
        NS_TEST_EXPECT_MSG_EQ(sa.fatalNaksReceived, 1, "taken as fatal by the requester");
        NS_TEST_EXPECT_MSG_EQ(sa.timeouts, 0, "no retransmit timeout");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetStats().inboundRejected,
                              1,
                              "the responder QP counted the refused rest once");
        NS_TEST_EXPECT_MSG_EQ(p.a.qp->GetStats().inboundRejected, 0, "the requester none");
        NS_TEST_EXPECT_MSG_EQ(violations.size(), 1, "AccessViolation fired once");
        if (violations.size() != 1)
        {
            return nullptr;
        }
        const Violation& v = violations[0];
        NS_TEST_EXPECT_MSG_EQ(v.qpn, p.b.qp->GetQpNumber(), "responder QP");
        NS_TEST_EXPECT_MSG_EQ(static_cast<int>(v.op), static_cast<int>(op), "the transfer's op");
        NS_TEST_EXPECT_MSG_EQ(v.token, token, "its token");
        NS_TEST_EXPECT_MSG_EQ(std::string(NdkAccessFaultName(v.fault)),
                              std::string(NdkAccessFaultName(NdkAccessFault::NotValid)),
                              "no longer valid");
        return &v;
    }

    bool m_window;   //!< invalidate a window (true) or deregister the region (false)
    Ptr<NdkMr> m_mr; //!< the responder's region
    Ptr<NdkMw> m_mw; //!< the window bound on it (m_window)
};

/**
 * A read: the responder re-checks the token for every response packet, stops at the first that
 * fails and NAKs the PSN the requester expects next. The requester's buffer holds the
 * responder's bytes up to the last response sent and is untouched after it (no zeros from the
 * responder).
 */
class RoceRcInvalidateMidReadTestCase : public RoceRcRevokeMidTransferTestCase
{
  public:
    explicit RoceRcInvalidateMidReadTestCase(bool window)
        : RoceRcRevokeMidTransferTestCase(
              window ? "window invalidated in the middle of a 1 MiB read: NAK, no stale bytes"
                     : "MR deregistered in the middle of a 1 MiB read: NAK, no stale bytes",
              window)
    {
    }

  private:
    void DoRun() override
    {
        const uint64_t n = kBytes;
        NdkPair p(NdkTestTransport::Roce);
        std::vector<Violation> violations;
        RecordViolations(p.b.adapter, &violations);
        const uint64_t buf = p.b.memory->Allocate(n);
        FillChunks(p.b.memory, buf, n);
        const uint32_t token = Expose(p, buf, false);
        NS_TEST_ASSERT_MSG_NE(token, 0, "target exposed");

        const uint64_t sink = p.a.memory->Allocate(n);
        p.a.memory->Fill(sink, kUntouched, n);
        Ptr<NdkMr> sinkMr = p.a.Register(sink, n, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
        NdkSge sge{sink, static_cast<uint32_t>(n), sinkMr->GetLocalToken()};
        NS_TEST_ASSERT_MSG_EQ(p.a.qp->Read(7, &sge, 1, buf, token, 0),
                              NdkStatus::SUCCESS,
                              "read posted");
        // The read is accepted about 2 us after the post; its 1024 responses take ~90 us.
        if (!RevokeAndRun(p))
        {
            return;
        }

        // The responder sent only read responses: their count is the delivered prefix.
        const RdmaQpStats sb = p.b.nic->GetTotalStats();
        NS_TEST_EXPECT_MSG_GT(sb.txPackets, 0, "responses went out before the invalidation");
        NS_TEST_EXPECT_MSG_LT(sb.txPackets, n / kMtu, "and stopped after it");
        const uint64_t delivered = std::min<uint64_t>(sb.txPackets * kMtu, n);
        NS_TEST_EXPECT_MSG_EQ(p.a.memory->Digest(sink, delivered),
                              p.b.memory->Digest(buf, delivered),
                              "the prefix sent before the invalidation arrived");
        NS_TEST_EXPECT_MSG_EQ(CountNot(p.a.memory, sink + delivered, n - delivered, kUntouched),
                              0,
                              "nothing after it was delivered (no zeros from the responder)");
        if (const Violation* v = CheckRejectedOnce(p, violations, NdkRemoteOp::Read, token))
        {
            NS_TEST_EXPECT_MSG_EQ(v->address, buf + delivered, "the refused rest starts");
            NS_TEST_EXPECT_MSG_EQ(v->length, n - delivered, "and runs to the end");
        }
    }
};

/**
 * A write: every middle and last packet runs the full token check on its own range; the first
 * packet that fails it is not written and draws a remote access NAK for its PSN. The
 * responder's memory holds the packets written before the failure (a Write is not atomic) and
 * is untouched after them.
 */
class RoceRcInvalidateMidWriteTestCase : public RoceRcRevokeMidTransferTestCase
{
  public:
    explicit RoceRcInvalidateMidWriteTestCase(bool window)
        : RoceRcRevokeMidTransferTestCase(
              window ? "window invalidated in the middle of a 1 MiB write: NAK, rest unwritten"
                     : "MR deregistered in the middle of a 1 MiB write: NAK, rest unwritten",
              window)
    {
    }

  private:
    void DoRun() override
    {
        const uint64_t n = kBytes;
        NdkPair p(NdkTestTransport::Roce);
        std::vector<Violation> violations;
        RecordViolations(p.b.adapter, &violations);
        const uint64_t buf = p.b.memory->Allocate(n);
        p.b.memory->Fill(buf, kUntouched, n);
        const uint32_t token = Expose(p, buf, true);
        NS_TEST_ASSERT_MSG_NE(token, 0, "target exposed");

        const uint64_t src = p.a.memory->Allocate(n);
        FillChunks(p.a.memory, src, n); // never kUntouched
        Ptr<NdkMr> srcMr = p.a.Register(src, n, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
        NdkSge sge{src, static_cast<uint32_t>(n), srcMr->GetLocalToken()};
        NS_TEST_ASSERT_MSG_EQ(p.a.qp->Write(7, &sge, 1, buf, token, 0),
                              NdkStatus::SUCCESS,
                              "write posted");
        // The write's first packet lands about 2 us after the post; its 1024 packets take
        // ~90 us.
        if (!RevokeAndRun(p))
        {
            return;
        }
        const Violation* v = CheckRejectedOnce(p, violations, NdkRemoteOp::Write, token);
        if (!v)
        {
            return;
        }
        // The refused rest starts at the failed packet: the bytes before it were written.
        NS_TEST_ASSERT_MSG_GT(v->address, buf, "packets were written before the invalidation");
        NS_TEST_ASSERT_MSG_LT(v->address, buf + n, "and the write failed before its end");
        const uint64_t written = v->address - buf;
        NS_TEST_EXPECT_MSG_EQ(written % kMtu, 0, "the refused rest starts at a packet");
        NS_TEST_EXPECT_MSG_EQ(v->length, n - written, "and runs to the end of the write");
        NS_TEST_EXPECT_MSG_EQ(p.b.memory->Digest(buf, written),
                              p.a.memory->Digest(src, written),
                              "the packets before the failure were written");
        NS_TEST_EXPECT_MSG_EQ(CountNot(p.b.memory, buf + written, n - written, kUntouched),
                              0,
                              "nothing from the failed packet on was written");
    }
};

/**
 * R1 (one response) then R2 (256 responses); R1's only response is lost. The requester sees
 * R2's responses first and asks again from R1; R1's responses are gone at the responder, so it
 * serves R1 again — before R2's remaining responses (PSN order), not behind them. Both reads
 * complete with their bytes, without the retransmit timer.
 */
class RoceRcDuplicateReadOrderTestCase : public TestCase
{
  public:
    RoceRcDuplicateReadOrderTestCase()
        : TestCase("lost read response: the re-read is served in PSN order, both reads complete")
    {
    }

  private:
    void DoRun() override
    {
        NdkPair p(NdkTestTransport::Roce);
        Ptr<DropOpcodeErrorModel> drop =
            CreateObject<DropOpcodeErrorModel>(RoceOpcode::RDMA_READ_RESPONSE_ONLY, 1);
        p.a.port->SetAttribute("ReceiveErrorModel", PointerValue(drop));

        const uint64_t n1 = 1024;
        const uint64_t n2 = 256 * 1024;
        const uint64_t remote = p.b.memory->Allocate(n1 + n2);
        FillChunks(p.b.memory, remote, n1 + n2);
        Ptr<NdkMr> remoteMr = p.b.Register(remote, n1 + n2, NDK_MR_FLAG_ALLOW_REMOTE_READ);
        const uint64_t sink = p.a.memory->Allocate(n1 + n2);
        p.a.memory->Fill(sink, kUntouched, n1 + n2);
        Ptr<NdkMr> sinkMr = p.a.Register(sink, n1 + n2, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
        NdkSge s1{sink, static_cast<uint32_t>(n1), sinkMr->GetLocalToken()};
        NdkSge s2{sink + n1, static_cast<uint32_t>(n2), sinkMr->GetLocalToken()};
        p.a.qp->Read(1, &s1, 1, remote, remoteMr->GetRemoteToken(), 0);
        p.a.qp->Read(2, &s2, 1, remote + n1, remoteMr->GetRemoteToken(), 0);
        // Without PSN order the re-read can starve behind R2's restarts: bound the run.
        Simulator::Stop(MilliSeconds(20));
        Simulator::Run();

        NS_TEST_EXPECT_MSG_EQ(drop->GetDropped(), 1, "R1's response was lost once");
        auto c = p.a.Poll();
        NS_TEST_ASSERT_MSG_EQ(c.size(), 2, "two completions");
        if (c.size() != 2)
        {
            return;
        }
        NS_TEST_EXPECT_MSG_EQ(c[0].requestContext, 1, "R1");
        NS_TEST_EXPECT_MSG_EQ(c[0].status, NdkStatus::SUCCESS, "R1 completes");
        NS_TEST_EXPECT_MSG_EQ(c[1].requestContext, 2, "R2");
        NS_TEST_EXPECT_MSG_EQ(c[1].status, NdkStatus::SUCCESS, "R2 completes");
        NS_TEST_EXPECT_MSG_EQ(p.a.memory->Digest(sink, n1 + n2),
                              p.b.memory->Digest(remote, n1 + n2),
                              "both reads delivered the responder's bytes");
        NS_TEST_EXPECT_MSG_EQ(p.a.nic->GetTotalStats().timeouts,
                              0,
                              "recovered without the retransmit timer");
    }
};

/** The roce-rc-read suite. */
class RoceRcReadTestSuite : public TestSuite
{
  public:
    RoceRcReadTestSuite()
        : TestSuite("roce-rc-read", UNIT)
    {
        AddTestCase(new RoceRcFaultBehindReadTestCase, TestCase::QUICK);
        AddTestCase(new RoceRcInvalidateMidReadTestCase(true), TestCase::QUICK);
        AddTestCase(new RoceRcInvalidateMidReadTestCase(false), TestCase::QUICK);
        AddTestCase(new RoceRcInvalidateMidWriteTestCase(true), TestCase::QUICK);
        AddTestCase(new RoceRcInvalidateMidWriteTestCase(false), TestCase::QUICK);
        AddTestCase(new RoceRcDuplicateReadOrderTestCase, TestCase::QUICK);
    }
};

static RoceRcReadTestSuite g_roceRcReadTestSuite;
