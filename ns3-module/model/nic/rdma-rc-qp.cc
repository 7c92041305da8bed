#include "rdma-rc-qp.h"

#include "rdma-nic.h"
#include "rdma-rc-qp-util.h"

#include "ns3/log.h"
#include "ns3/ndk-adapter.h"
#include "ns3/packet.h"
#include "ns3/rdma-cc-state.h"
#include "ns3/rdma-congestion-ops.h"
#include "ns3/roce-aeth-header.h"
#include "ns3/roce-bth-header.h"
#include "ns3/roce-cnp-header.h"
#include "ns3/roce-ieth-header.h"
#include "ns3/roce-psn.h"
#include "ns3/roce-reth-header.h"
#include "ns3/roce-wire-size.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RdmaRcQp");

using namespace rdmarc;

RdmaRcQp::RdmaRcQp(RdmaNic* nic, Ptr<NdkQp> qp, uint32_t startPsn, uint16_t udpSourcePort)
    : m_nic(nic),
      m_qp(qp),
      m_startPsn(startPsn),
      m_udpSourcePort(udpSourcePort),
      m_priority(nic->GetConfig().priority),
      m_dscp(nic->GetConfig().dscp),
      m_nextPsn(startPsn),
      m_unackedPsn(startPsn),
      m_rateBps(nic->GetConfig().lineRateBps),
      m_minRateBps(m_rateBps)
{
    m_ccState = Create<RdmaCcState>();
    m_ccState->lineRateBps = m_rateBps;
    m_cc = nic->ForkCongestionOps();
    m_cc->SetRateChangeCallback(MakeCallback(&RdmaRcQp::RateChanged, this));
    m_cc->Init(m_ccState);
}

RdmaRcQp::~RdmaRcQp()
{
    Simulator::Cancel(m_timer);
    Simulator::Cancel(m_rnrEvent);
    m_cc->Dispose();
}

uint64_t
RdmaRcQp::GetRate() const
{
    return m_rateBps;
}

Ptr<RdmaCongestionOps>
RdmaRcQp::GetCongestionOps() const
{
    return m_cc;
}

void
RdmaRcQp::RateChanged(uint64_t bps)
{
    ++m_stats.rateChanges;
    m_rateBps = std::max<uint64_t>(bps, 1);
    m_minRateBps = std::min(m_minRateBps, m_rateBps);
}

void
RdmaRcQp::SetPeer(uint32_t peerStartPsn, bool peerSrq)
{
    m_ePsn = peerStartPsn;
    m_peerSrq = peerSrq;
    m_peerKnown = true;
}

void
RdmaRcQp::Reset()
{
    // A reset from inside the execution of an inbound request is that request's fault: the
    // responses of the Reads accepted before it still go, ahead of its NAK (ReceiveRequest
    // decides). Any other reset, or a second one while they drain (the consumer flushed,
    // disconnected or closed the QP), stops them.
    if (!m_executing)
    {
        m_readResponses.clear();
    }
    if (m_reset)
    {
        return;
    }
    m_reset = true;
    m_failed = true;
    m_cc->Dispose(); // its timers stop with the connection
    Simulator::Cancel(m_timer);
    Simulator::Cancel(m_rnrEvent);
    m_messages.clear();
    m_sendMessage = 0;
    m_sendPacket = 0;
}

// ---------------------------------------------------------------------------------------
// Requester
// ---------------------------------------------------------------------------------------

void
RdmaRcQp::FetchRequests()
{
    if (m_failed)
    {
        return;
    }
    const RdmaNicConfig& c = m_nic->GetConfig();
    const Time fetch =
        c.pcieLatency * 2 + PicoSeconds(TransferPs(c.wqeBytes, c.pcieBps)) + c.txWqeLatency;
    bool started = false;
    while (NdkWqe* wqe = m_qp->StartNextRequest())
    {
        if (wqe->done)
        {
            continue; // a local request (Bind, FastRegister, Invalidate) or a local failure
        }
        Message m;
        m.wqe = wqe;
        m.sequence = wqe->sequence;
        m.op = wqe->op;
        m.length = wqe->length;
        m.packets = static_cast<uint32_t>(RoceWireSize::PacketCount(wqe->length, c.pathMtu));
        m.firstPsn = m_nextPsn;
        m_nextPsn = RocePsn::Add(m_nextPsn, m.packets);
        m_lastWqeReady = std::max(Simulator::Now(), m_lastWqeReady) + fetch;
        m.readyAt = m_lastWqeReady;
        m_messages.push_back(m);
        started = true;
        if (m_qp->GetState() != NdkQpState::Connected)
        {
            break; // a request failed locally and the QP is flushing
        }
    }
    if (started)
    {
        m_nic->Activate(this);
    }
}

uint32_t
RdmaRcQp::LastPsn(const Message& m) const
{
    return RocePsn::Add(m.firstPsn, m.packets - 1);
}

Time
RdmaRcQp::PacketReady(Time readyAt, uint64_t length, uint32_t k) const
{
    const RdmaNicConfig& c = m_nic->GetConfig();
    uint64_t bytes = std::min<uint64_t>(static_cast<uint64_t>(k + 1) * c.pathMtu, length);
    return readyAt + c.pcieLatency * 2 + PicoSeconds(TransferPs(bytes, c.pcieBps));
}

bool
RdmaRcQp::HasTxWork() const
{
    if (m_reset)
    {
        return !m_readResponses.empty(); // draining
    }
    return !m_readResponses.empty() || (!m_failed && m_sendMessage < m_messages.size());
}

Time
RdmaRcQp::NextTxTime() const
{
    if (!m_readResponses.empty())
    {
        const ReadResponse& r = m_readResponses.front();
        return std::max(m_nextTxTime, PacketReady(r.readyAt, r.length, r.next));
    }
    const Message& m = m_messages[m_sendMessage];
    Time ready =
        m.op == NdkWqeOp::Read ? m.readyAt : PacketReady(m.readyAt, m.length, m_sendPacket);
    return std::max({m_nextTxTime, m_rnrUntil, ready});
}

Ptr<Packet>
RdmaRcQp::BuildNext(bool& ecnCapable)
{
    ecnCapable = true;
    if (!m_readResponses.empty())
    {
        return BuildReadResponse(m_readResponses.front(), ecnCapable);
    }
    Message& m = m_messages[m_sendMessage];
    const uint32_t k = m_sendPacket;
    Ptr<Packet> p = BuildRequest(m, k);
    if (m.op != NdkWqeOp::Read && k + 1 < m.packets)
    {
        m_sendPacket = k + 1;
    }
    else
    {
        ++m_sendMessage; // a read request covers the whole (remaining) response range
        m_sendPacket = 0;
    }
    if (!m_timer.IsRunning())
    {
        ArmTimer();
    }
    return p;
}

void
RdmaRcQp::Sent(uint32_t wireBytes)
{
    // Pacing: the next packet of this QP may not start before this one would have ended at
    // the QP's rate. At line rate this equals the link's own serialization.
    m_nextTxTime = Simulator::Now() + PicoSeconds(TransferPs(wireBytes, m_rateBps));
    if (!m_reset)
    {
        m_cc->OnSend(*m_ccState, wireBytes); // a draining QP's congestion control is gone
    }
}

Ptr<Packet>
RdmaRcQp::BuildRequest(Message& m, uint32_t k)
{
    const RdmaNicConfig& c = m_nic->GetConfig();
    const NdkWqe& wqe = *m.wqe;
    const uint32_t psn = RocePsn::Add(m.firstPsn, k);
    const bool first = k == 0;
    const bool last = k + 1 == m.packets;
    RoceBthHeader bth;
    bth.SetDestQp(m_qp->GetPeerQpNumber());
    bth.SetPsn(psn);
    Ptr<Packet> p;
    if (m.op == NdkWqeOp::Read)
    {
        const uint64_t offset = static_cast<uint64_t>(m.responses) * c.pathMtu;
        bth.SetOpcode(RoceOpcode::RDMA_READ_REQUEST);
        bth.SetPsn(RocePsn::Add(m.firstPsn, m.responses));
        m_gapRewound = false; // a further gap in the re-requested responses rewinds again
        p = Create<Packet>();
        p->AddHeader(RoceRethHeader(wqe.remoteAddress + offset,
                                    wqe.remoteToken,
                                    static_cast<uint32_t>(m.length - offset)));
        p->AddHeader(bth);
        ++m_stats.txPackets;
        return p;
    }
    const uint64_t offset = static_cast<uint64_t>(k) * c.pathMtu;
    const uint32_t payload =
        static_cast<uint32_t>(std::min<uint64_t>(c.pathMtu, m.length - offset));
    const uint32_t pad = RoceWireSize::PadCount(payload);
    if (m_nic->CarriesContents(*m_qp) && payload > 0)
    {
        std::vector<uint8_t>& buffer = Scratch(payload + pad);
        m_qp->GatherPayload(wqe, offset, buffer.data(), payload);
        std::fill_n(buffer.data() + payload, pad, 0);
        p = Create<Packet>(buffer.data(), payload + pad);
    }
    else
    {
        p = Create<Packet>(payload + pad);
    }
    bth.SetPadCount(pad);
    const bool invalidate = m.op == NdkWqeOp::SendAndInvalidate;
    if (m.op == NdkWqeOp::Write)
    {
        bth.SetOpcode(m.packets == 1 ? RoceOpcode::RDMA_WRITE_ONLY
                      : first        ? RoceOpcode::RDMA_WRITE_FIRST
                      : last         ? RoceOpcode::RDMA_WRITE_LAST
                                     : RoceOpcode::RDMA_WRITE_MIDDLE);
        if (first)
        {
            p->AddHeader(RoceRethHeader(wqe.remoteAddress,
                                        wqe.remoteToken,
                                        static_cast<uint32_t>(m.length)));
        }
    }
    else
    {
        bth.SetOpcode(
            m.packets == 1
                ? (invalidate ? RoceOpcode::SEND_ONLY_WITH_INVALIDATE : RoceOpcode::SEND_ONLY)
            : first ? RoceOpcode::SEND_FIRST
            : last  ? (invalidate ? RoceOpcode::SEND_LAST_WITH_INVALIDATE : RoceOpcode::SEND_LAST)
                    : RoceOpcode::SEND_MIDDLE);
        if (last)
        {
            bth.SetSolicitedEvent(wqe.flags & NDK_OP_FLAG_SEND_AND_SOLICIT_EVENT);
            if (invalidate)
            {
                p->AddHeader(RoceIethHeader(wqe.remoteToken));
            }
        }
    }
    // ACK coalescing: ask for an ACK at the end of each message and every few packets.
    ++m_sinceAckRequest;
    if (last || m_sinceAckRequest >= c.ackRequestInterval)
    {
        bth.SetAckRequest(true);
        m_sinceAckRequest = 0;
    }
    p->AddHeader(bth);
    ++m_stats.txPackets;
    m_stats.txBytes += payload;
    NS_LOG_LOGIC("QP " << m_qp->GetQpNumber() << " tx " << RoceOpcodeInfo::GetName(bth.GetOpcode())
                       << " psn " << psn << " bytes " << payload);
    return p;
}

bool
RdmaRcQp::Outstanding() const
{
    return m_sendMessage > 0 || m_sendPacket > 0;
}

void
RdmaRcQp::ArmTimer()
{
    if (!Outstanding() || m_failed)
    {
        Simulator::Cancel(m_timer);
        return;
    }
    // Progress only moves the deadline: one timer event per timeout period, not a cancel and
    // a new event per ACK.
    m_timerDeadline = Simulator::Now() + m_nic->GetConfig().ackTimeout;
    if (!m_timer.IsRunning())
    {
        m_timer = Simulator::Schedule(m_nic->GetConfig().ackTimeout, &RdmaRcQp::Timeout, this);
    }
}

void
RdmaRcQp::Timeout()
{
    if (m_failed || m_messages.empty() || !Outstanding())
    {
        return;
    }
    const Time now = Simulator::Now();
    if (now < m_timerDeadline)
    {
        m_timer = Simulator::Schedule(m_timerDeadline - now, &RdmaRcQp::Timeout, this);
        return;
    }
    ++m_stats.timeouts;
    if (m_retries >= m_nic->GetConfig().retryCount)
    {
        // 15.7: the oldest outstanding request fails, the QP flushes the rest.
        m_failed = true;
        m_nic->ScheduleTimeout(m_qp, m_messages.front().sequence);
        return;
    }
    ++m_retries;
    m_cc->OnTimeout(*m_ccState);
    Rewind();
}

void
RdmaRcQp::Rewind()
{
    // Go-back-N: resend from the oldest unacknowledged PSN (the front message).
    if (m_messages.empty())
    {
        return;
    }
    const Message& m = m_messages.front();
    uint32_t k = m.op == NdkWqeOp::Read
                     ? 0
                     : static_cast<uint32_t>(RocePsn::Distance(m.firstPsn, m_unackedPsn));
    uint32_t resent = 0;
    for (std::size_t i = 0; i < m_sendMessage && i < m_messages.size(); ++i)
    {
        resent += m_messages[i].op == NdkWqeOp::Read ? 1 : m_messages[i].packets;
    }
    resent += m_sendPacket;
    resent -= std::min(resent, k);
    m_stats.retransmits += resent;
    m_nic->m_retransmitTrace(m_qp->GetQpNumber(), m_unackedPsn);
    m_sendMessage = 0;
    m_sendPacket = k;
    m_sinceAckRequest = 0;
    Simulator::Cancel(m_timer);
    m_nic->Activate(this);
}

void
RdmaRcQp::PopFront()
{
    m_messages.pop_front();
    if (m_sendMessage > 0)
    {
        --m_sendMessage;
    }
    else
    {
        m_sendPacket = 0;
    }
    m_unackedPsn = m_messages.empty() ? m_nextPsn : m_messages.front().firstPsn;
}

void
RdmaRcQp::CompleteFront(NdkStatus status, NdkProviderError cause)
{
    Message& m = m_messages.front();
    m_nic->ScheduleCompletion(m_qp, m.wqe, status, cause);
    PopFront();
}

void
RdmaRcQp::AckThrough(uint32_t psn)
{
    // Everything up to and including psn was executed by the responder.
    bool progress = false;
    const uint32_t before = m_unackedPsn;
    while (!m_messages.empty())
    {
        Message& m = m_messages.front();
        if (m.op == NdkWqeOp::Read)
        {
            if (RocePsn::LessOrEqual(LastPsn(m), psn) && m_sendMessage > 0 && !m_gapRewound)
            {
                // The responder went past this read: its responses were lost. Ask again.
                m_gapRewound = true;
                Rewind();
            }
            break;
        }
        if (!RocePsn::LessOrEqual(LastPsn(m), psn))
        {
            if (RocePsn::Less(m_unackedPsn, RocePsn::Next(psn)) &&
                RocePsn::LessOrEqual(m.firstPsn, psn))
            {
                m_unackedPsn = RocePsn::Next(psn);
                progress = true;
            }
            break;
        }
        CompleteFront(NdkStatus::SUCCESS, NdkProviderError::None);
        progress = true;
    }
    if (progress)
    {
        m_retries = 0;
        const uint32_t acked = static_cast<uint32_t>(RocePsn::Distance(before, m_unackedPsn));
        m_cc->OnAck(*m_ccState, acked * m_nic->GetConfig().pathMtu, Time(0));
        ArmTimer();
    }
}

void
RdmaRcQp::RnrExpired()
{
    m_rnrUntil = Time(0);
    m_nic->Activate(this);
}

void
RdmaRcQp::ReceiveAck(const RoceBthHeader& bth, Ptr<Packet> packet)
{
    RoceAethHeader aeth;
    packet->RemoveHeader(aeth);
    const uint32_t psn = bth.GetPsn();
    if (m_failed)
    {
        return;
    }
    if (aeth.IsAck())
    {
        ++m_stats.acksReceived;
        m_rnrRetries = 0;
        AckThrough(psn);
        return;
    }
    AckThrough(RocePsn::Subtract(psn, 1));
    if (m_messages.empty() || psn != m_unackedPsn)
    {
        return; // a stale NAK
    }
    m_nic->m_nakReceivedTrace(m_qp->GetQpNumber(), psn);
    if (aeth.IsRnrNak())
    {
        ++m_stats.rnrNaksReceived;
        const uint32_t limit = m_nic->GetConfig().rnrRetryCount;
        if (!m_peerSrq && limit != 7 && m_rnrRetries >= limit)
        {
            m_failed = true;
            CompleteFront(NdkStatus::IO_TIMEOUT, NdkProviderError::RnrRetryExceeded);
            return;
        }
        ++m_rnrRetries;
        Time wait = std::max(m_nic->GetConfig().rnrTimer,
                             RoceAethHeader::RnrTimerToTime(aeth.GetRnrTimer()));
        m_rnrUntil = Simulator::Now() + wait;
        Simulator::Cancel(m_rnrEvent);
        m_rnrEvent = Simulator::Schedule(wait, &RdmaRcQp::RnrExpired, this);
        Rewind();
        return;
    }
    if (aeth.GetNakCode() == RoceAethHeader::PSN_SEQUENCE_ERROR)
    {
        ++m_stats.seqNaksReceived;
        Rewind();
        return;
    }
    ++m_stats.fatalNaksReceived;
    NdkNak nak = NakOfSyndrome(aeth.GetNakCode());
    NS_LOG_LOGIC("QP " << m_qp->GetQpNumber() << " fatal NAK " << int(aeth.GetNakCode()));
    m_failed = true;
    CompleteFront(NdkStatusForNak(nak), NdkProviderErrorForNak(nak));
}

void
RdmaRcQp::ReceiveReadResponse(const RoceBthHeader& bth, Ptr<Packet> packet)
{
    const RoceOpcode op = bth.GetOpcode();
    const bool hasAeth = op != RoceOpcode::RDMA_READ_RESPONSE_MIDDLE;
    if (hasAeth)
    {
        RoceAethHeader aeth;
        packet->RemoveHeader(aeth);
    }
    if (m_failed)
    {
        return;
    }
    const uint32_t psn = bth.GetPsn();
    // A response implicitly acknowledges every request before its read.
    while (!m_messages.empty() && m_messages.front().op != NdkWqeOp::Read &&
           RocePsn::Less(LastPsn(m_messages.front()), psn))
    {
        CompleteFront(NdkStatus::SUCCESS, NdkProviderError::None);
    }
    if (!m_messages.empty() && m_messages.front().op == NdkWqeOp::Read &&
        RocePsn::Less(LastPsn(m_messages.front()), psn))
    {
        // A later read's response while the front read is incomplete: its responses were lost.
        if (!m_gapRewound)
        {
            m_gapRewound = true;
            Rewind();
        }
        return;
    }
    if (m_messages.empty() || m_messages.front().op != NdkWqeOp::Read ||
        !RocePsn::InRange(psn, m_messages.front().firstPsn, m_messages.front().packets))
    {
        ++m_stats.duplicatesReceived;
        return;
    }
    Message& m = m_messages.front();
    const uint32_t expected = RocePsn::Add(m.firstPsn, m.responses);
    if (psn != expected)
    {
        if (RocePsn::Less(psn, expected))
        {
            ++m_stats.duplicatesReceived;
        }
        else if (!m_gapRewound)
        {
            m_gapRewound = true; // one rewind per gap: the re-read covers the rest
            Rewind();
        }
        return;
    }
    m_gapRewound = false;
    const uint32_t length = packet->GetSize() - bth.GetPadCount();
    const uint64_t offset = static_cast<uint64_t>(m.responses) * m_nic->GetConfig().pathMtu;
    if (length > 0 && m_nic->CarriesContents(*m_qp))
    {
        std::vector<uint8_t>& buffer = Scratch(length);
        packet->CopyData(buffer.data(), length);
        m_qp->ScatterReadResponse(*m.wqe, offset, buffer.data(), length);
    }
    ++m.responses;
    m_unackedPsn = RocePsn::Next(psn);
    m_retries = 0;
    if (m.responses == m.packets)
    {
        CompleteFront(NdkStatus::SUCCESS, NdkProviderError::None);
    }
    ArmTimer();
}

} // namespace ns3
