#include "rdma-nic.h"
#include "rdma-rc-qp-util.h"
#include "rdma-rc-qp.h"

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

NS_LOG_COMPONENT_DEFINE("RdmaRcQpResponder");

using namespace rdmarc;

// ---------------------------------------------------------------------------------------
// Responder
// ---------------------------------------------------------------------------------------

void
RdmaRcQp::Receive(const RoceBthHeader& bth, Ptr<Packet> packet, bool ecnCe)
{
    if (m_reset)
    {
        return;
    }
    const RoceOpcode op = bth.GetOpcode();
    NS_LOG_LOGIC("QP " << m_qp->GetQpNumber() << " rx " << RoceOpcodeInfo::GetName(op) << " psn "
                       << bth.GetPsn() << " ePsn " << m_ePsn << " unacked " << m_unackedPsn);
    if (op == RoceOpcode::CNP)
    {
        ++m_stats.cnpsReceived;
        m_nic->m_cnpReceivedTrace(m_qp->GetQpNumber(), bth.GetPsn());
        m_cc->OnCnp(*m_ccState);
        return;
    }
    if (ecnCe)
    {
        ++m_stats.ecnMarkedReceived;
        SendCnp();
    }
    if (op == RoceOpcode::ACKNOWLEDGE)
    {
        ReceiveAck(bth, packet);
        return;
    }
    if (op >= RoceOpcode::RDMA_READ_RESPONSE_FIRST && op <= RoceOpcode::RDMA_READ_RESPONSE_ONLY)
    {
        ReceiveReadResponse(bth, packet);
        return;
    }
    ReceiveRequest(bth, packet);
}

void
RdmaRcQp::SendCnp()
{
    // Notification point: at most one CNP per CnpInterval for this QP (DCQCN).
    const Time now = Simulator::Now();
    if (m_cnpSentOnce && now - m_lastCnp < m_nic->GetConfig().cnpInterval)
    {
        return;
    }
    m_cnpSentOnce = true;
    m_lastCnp = now;
    ++m_stats.cnpsSent;
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(RoceCnpHeader());
    p->AddHeader(RoceCnpHeader::MakeBth(m_qp->GetPeerQpNumber()));
    m_nic->SendControl(*this, p, true);
}

void
RdmaRcQp::SendAck(uint32_t psn)
{
    ++m_stats.acksSent;
    RoceBthHeader bth;
    bth.SetOpcode(RoceOpcode::ACKNOWLEDGE);
    bth.SetDestQp(m_qp->GetPeerQpNumber());
    bth.SetPsn(psn);
    RoceAethHeader aeth;
    aeth.SetAck(m_msn);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(aeth);
    p->AddHeader(bth);
    SendInOrder(p);
}

void
RdmaRcQp::SendInOrder(Ptr<Packet> packet)
{
    // Responses leave in PSN order (IBTA 9.7.5.2.1): an ACK or NAK for a request that came
    // after a Read must not overtake that Read's responses, or the requester takes it for a
    // lost response and goes back.
    if (!m_readResponses.empty())
    {
        m_readResponses.back().after.push_back(packet);
        return;
    }
    m_nic->SendControl(*this, packet, false);
}

Ptr<Packet>
RdmaRcQp::MakeNak(uint8_t syndrome, uint32_t psn)
{
    ++m_stats.naksSent;
    RoceBthHeader bth;
    bth.SetOpcode(RoceOpcode::ACKNOWLEDGE);
    bth.SetDestQp(m_qp->GetPeerQpNumber());
    bth.SetPsn(psn);
    RoceAethHeader aeth(syndrome, m_msn);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(aeth);
    p->AddHeader(bth);
    return p;
}

void
RdmaRcQp::SendNak(uint8_t syndrome, uint32_t psn)
{
    SendInOrder(MakeNak(syndrome, psn));
}

void
RdmaRcQp::ResponderFault(const NdkAccessCheck& check, uint32_t psn)
{
    // The NDK layer already moved this QP to Error (class C); the requester learns by NAK.
    NdkNak nak =
        check.fault == NdkAccessFault::ReadLimit ? NdkNak::InvalidRequest : NdkNak::RemoteAccess;
    SendNak(RoceAethHeader::NakSyndrome(CodeOfNak(nak)), psn);
}

uint32_t
RdmaRcQp::ServeRead(const RoceRethHeader& reth, uint32_t psn, uint32_t msn)
{
    NdkAccessCheck check = m_qp->InboundAccess(NdkRemoteOp::Read,
                                               reth.GetRkey(),
                                               reth.GetVirtualAddress(),
                                               reth.GetDmaLength());
    if (check.status != NdkStatus::SUCCESS)
    {
        ResponderFault(check, psn);
        return 0;
    }
    ReadResponse r;
    r.token = reth.GetRkey();
    r.address = reth.GetVirtualAddress();
    r.length = reth.GetDmaLength();
    r.firstPsn = psn;
    r.packets =
        static_cast<uint32_t>(RoceWireSize::PacketCount(r.length, m_nic->GetConfig().pathMtu));
    r.msn = msn;
    // The responder reads host memory over PCIe before the first response can leave.
    r.readyAt = Simulator::Now();
    const uint32_t packets = r.packets;
    // PSN order: a new Read goes last; a duplicate whose responses are gone goes before the
    // Reads that came after it (all of them, as Reads retire in order), even one whose
    // responses are half sent — the requester asks for them again anyway, and behind them the
    // re-read could starve while their duplicates keep restarting them.
    auto at = m_readResponses.end();
    while (at != m_readResponses.begin() && RocePsn::Less(psn, std::prev(at)->firstPsn))
    {
        --at;
    }
    m_readResponses.insert(at, std::move(r));
    m_nic->Activate(this); // may send (and retire) a response at once
    return packets;
}

void
RdmaRcQp::ReceiveRequest(const RoceBthHeader& bth, Ptr<Packet> packet)
{
    if (!m_peerKnown || !m_qp->AcceptsInbound())
    {
        return; // W0 / S0: not connected (any more): silently dropped
    }
    const RoceOpcode op = bth.GetOpcode();
    const uint32_t psn = bth.GetPsn();
    const int32_t d = RocePsn::Distance(m_ePsn, psn);
    if (d < 0)
    {
        ++m_stats.duplicatesReceived;
        if (op == RoceOpcode::RDMA_READ_REQUEST)
        {
            // A lost response: serve the requested range again (IBTA 9.7.5.1.7). Should the
            // re-check refuse it, its NAK comes before every queued response (all of later
            // Reads), so the reset drops them.
            RoceRethHeader reth;
            packet->RemoveHeader(reth);
            for (auto& r : m_readResponses)
            {
                if (RocePsn::InRange(psn, r.firstPsn, r.packets))
                {
                    r.next =
                        std::min(r.next, static_cast<uint32_t>(RocePsn::Distance(r.firstPsn, psn)));
                    m_nic->Activate(this);
                    return;
                }
            }
            ServeRead(reth, psn, m_msn); // a re-read: the message was counted the first time
        }
        else if (bth.GetAckRequest())
        {
            SendAck(RocePsn::Subtract(m_ePsn, 1));
        }
        return;
    }
    if (d > 0)
    {
        if (!m_nakPending)
        {
            m_nakPending = true; // one NAK per gap (IBTA 9.7.5.2.2)
            SendNak(RoceAethHeader::SYNDROME_NAK_PSN_SEQUENCE_ERROR, m_ePsn);
        }
        return;
    }
    m_nakPending = false;
    // A fault of this request moves the QP to Error (and resets this state) at once, but in
    // PSN order its NAK comes after every response of the Reads accepted before it: a reset
    // while it executes keeps them (Reset), and the NAK is held behind them (SendInOrder).
    // They drain only if a NAK does follow them; a reset without one (a dead CQ) stops them.
    const uint64_t naks = m_stats.naksSent;
    m_executing = true;
    ExecuteRequest(bth, packet);
    m_executing = false;
    if (m_reset && !m_readResponses.empty())
    {
        if (m_stats.naksSent == naks)
        {
            m_readResponses.clear();
        }
        else
        {
            m_nic->Activate(this);
        }
    }
}

void
RdmaRcQp::ExecuteRequest(const RoceBthHeader& bth, Ptr<Packet> packet)
{
    const RoceOpcode op = bth.GetOpcode();
    const uint32_t psn = bth.GetPsn();
    const uint32_t pad = bth.GetPadCount();
    // The Write target of this packet: the first packet's check, or this packet's own (the
    // entry's address is never kept across packets: the key table may grow and move it).
    NdkAccessCheck target{NdkStatus::SUCCESS, NdkAccessFault::None, nullptr};
    bool recheck = false;
    switch (op)
    {
    case RoceOpcode::RDMA_READ_REQUEST: {
        RoceRethHeader reth;
        packet->RemoveHeader(reth);
        const uint32_t msn = (m_msn + 1) & 0x00FFFFFF;
        if (const uint32_t packets = ServeRead(reth, psn, msn))
        {
            m_msn = msn;
            m_ePsn = RocePsn::Add(psn, packets); // a read takes one PSN per response
        }
        return;
    }
    case RoceOpcode::RDMA_WRITE_FIRST:
    case RoceOpcode::RDMA_WRITE_ONLY: {
        RoceRethHeader reth;
        packet->RemoveHeader(reth);
        NdkAccessCheck check = m_qp->InboundAccess(NdkRemoteOp::Write,
                                                   reth.GetRkey(),
                                                   reth.GetVirtualAddress(),
                                                   reth.GetDmaLength());
        if (check.status != NdkStatus::SUCCESS)
        {
            ResponderFault(check, psn);
            return;
        }
        m_inbound = Inbound::Write;
        target = check;
        m_writeToken = reth.GetRkey();
        m_writeAddress = reth.GetVirtualAddress();
        m_writeLength = reth.GetDmaLength();
        m_inOffset = 0;
        break;
    }
    case RoceOpcode::SEND_FIRST:
    case RoceOpcode::SEND_ONLY:
    case RoceOpcode::SEND_ONLY_WITH_INVALIDATE: {
        NdkNak nak = m_qp->InboundSendBegin();
        if (nak == NdkNak::Rnr)
        {
            SendNak(RoceAethHeader::RnrNakSyndrome(
                        RoceAethHeader::TimeToRnrTimer(m_nic->GetConfig().rnrTimer)),
                    psn);
            m_nakPending = true; // the packets behind it need no sequence NAK of their own
            return;
        }
        if (nak != NdkNak::None)
        {
            SendNak(RoceAethHeader::NakSyndrome(CodeOfNak(nak)), psn);
            return;
        }
        m_inbound = Inbound::Send;
        m_inOffset = 0;
        break;
    }
    case RoceOpcode::RDMA_WRITE_MIDDLE:
    case RoceOpcode::RDMA_WRITE_LAST:
        if (m_inbound != Inbound::Write)
        {
            SendNak(RoceAethHeader::SYNDROME_NAK_INVALID_REQUEST, psn);
            m_qp->EnterError(NdkProviderError::InvalidRequest);
            return;
        }
        recheck = true;
        break;
    case RoceOpcode::SEND_MIDDLE:
    case RoceOpcode::SEND_LAST:
    case RoceOpcode::SEND_LAST_WITH_INVALIDATE:
        if (m_inbound != Inbound::Send)
        {
            SendNak(RoceAethHeader::SYNDROME_NAK_INVALID_REQUEST, psn);
            m_qp->EnterError(NdkProviderError::InvalidRequest);
            return;
        }
        break;
    default:
        SendNak(RoceAethHeader::SYNDROME_NAK_INVALID_REQUEST, psn);
        m_qp->EnterError(NdkProviderError::InvalidRequest);
        return;
    }

    uint32_t invalidateToken = 0;
    const bool invalidate =
        op == RoceOpcode::SEND_ONLY_WITH_INVALIDATE || op == RoceOpcode::SEND_LAST_WITH_INVALIDATE;
    if (invalidate)
    {
        RoceIethHeader ieth;
        packet->RemoveHeader(ieth);
        invalidateToken = ieth.GetRkey();
    }
    const uint32_t length = packet->GetSize() - pad;
    const bool contents = m_nic->CarriesContents(*m_qp) && length > 0;
    uint8_t* data = nullptr;
    if (contents)
    {
        std::vector<uint8_t>& buffer = Scratch(length);
        packet->CopyData(buffer.data(), length);
        data = buffer.data();
    }
    const bool lastPacket = RoceOpcodeInfo::EndsMessage(op);
    if (m_inbound == Inbound::Write)
    {
        if (m_inOffset + length > m_writeLength ||
            (lastPacket && m_inOffset + length != m_writeLength))
        {
            SendNak(RoceAethHeader::SYNDROME_NAK_INVALID_REQUEST, psn);
            m_qp->EnterError(NdkProviderError::InvalidRequest);
            return;
        }
        if (length > 0)
        {
            const uint64_t address = m_writeAddress + m_inOffset;
            if (recheck)
            {
                // The token may have been invalidated or released (local Invalidate,
                // Send-and-Invalidate, MR deregistration, window close) since the first packet
                // passed its check: every later packet runs the same check (W1-W7) on its own
                // bytes, so no byte lands that no valid token covers (see StopWrite).
                target = m_qp->GetAdapter()->GetKeyTable().CheckRemote(*m_qp,
                                                                       NdkRemoteOp::Write,
                                                                       m_writeToken,
                                                                       address,
                                                                       length);
                if (target.status != NdkStatus::SUCCESS)
                {
                    StopWrite(target, psn);
                    return;
                }
            }
            m_qp->InboundWriteData(target, address, data, length);
        }
        m_inOffset += length;
    }
    else
    {
        NdkNak nak = length > 0 ? m_qp->InboundSendData(m_inOffset, data, length) : NdkNak::None;
        m_inOffset += length;
        if (nak == NdkNak::None && lastPacket)
        {
            nak = m_qp->InboundSendEnd(m_inOffset,
                                       invalidate,
                                       invalidateToken,
                                       bth.GetSolicitedEvent());
        }
        if (nak != NdkNak::None)
        {
            SendNak(RoceAethHeader::NakSyndrome(CodeOfNak(nak)), psn);
            return;
        }
    }
    m_ePsn = RocePsn::Next(psn);
    if (lastPacket)
    {
        m_inbound = Inbound::None;
        m_msn = (m_msn + 1) & 0x00FFFFFF;
    }
    if (bth.GetAckRequest())
    {
        SendAck(psn);
    }
}

void
RdmaRcQp::StopWrite(const NdkAccessCheck& check, uint32_t psn)
{
    // As a refused first packet (class C), but a Write is not atomic (as on hardware): the
    // packets before this one stay written. This one and the rest are refused — the trace
    // reports them — and the requester gets a remote access error NAK for this PSN, so its
    // Write completes STATUS_ACCESS_VIOLATION and both QPs go to Error. The NAK follows the
    // responses of Reads accepted before the Write (SendInOrder; ReceiveRequest lets them
    // drain), and the reset drops every packet of the Write still to come.
    m_qp->InboundRevoked(NdkRemoteOp::Write,
                         m_writeToken,
                         m_writeAddress + m_inOffset,
                         m_writeLength - m_inOffset,
                         check.fault);
    SendNak(RoceAethHeader::SYNDROME_NAK_REMOTE_ACCESS_ERROR, psn);
    m_qp->EnterError(NdkProviderError::RemoteAccess);
}

Ptr<Packet>
RdmaRcQp::StopReadResponses(const ReadResponse& r, const NdkAccessCheck& check)
{
    const uint64_t offset = static_cast<uint64_t>(r.next) * m_nic->GetConfig().pathMtu;
    m_qp->InboundRevoked(NdkRemoteOp::Read,
                         r.token,
                         r.address + offset,
                         r.length - offset,
                         check.fault);
    Ptr<Packet> nak =
        MakeNak(RoceAethHeader::SYNDROME_NAK_REMOTE_ACCESS_ERROR, RocePsn::Add(r.firstPsn, r.next));
    // Nothing after this PSN is answered: the rest of this Read, the ACKs held behind it and
    // the Reads after it end here (r goes with them).
    m_readResponses.clear();
    if (m_reset)
    {
        m_nic->ResponsesDrained(*this); // it was draining toward an earlier fault's NAK
    }
    else
    {
        // As a refused first packet (class C): the QP goes to Error, which resets this state.
        m_qp->EnterError(NdkProviderError::RemoteAccess);
    }
    return nak;
}

Ptr<Packet>
RdmaRcQp::BuildReadResponse(ReadResponse& r, bool& ecnCapable)
{
    const RdmaNicConfig& c = m_nic->GetConfig();
    const uint32_t k = r.next;
    const uint64_t offset = static_cast<uint64_t>(k) * c.pathMtu;
    // The token may have been invalidated or released (local Invalidate, Send-and-Invalidate,
    // MR deregistration, window close) since the request passed its check: every response
    // packet runs the same check (W1-W7) on the rest of the Read. Real RNICs differ here (some
    // finish a Read they started, some read whatever the pages now hold); ndksim takes the
    // conservative choice and never sends a byte that no valid token covers: the stream stops
    // and the requester gets a remote access error NAK for the PSN it expects next, so the
    // Read fails as if its first packet had been refused (STATUS_ACCESS_VIOLATION, both QPs to
    // Error), and the adapter's AccessViolation trace reports the refused rest of the Read.
    const NdkAccessCheck check = m_qp->GetAdapter()->GetKeyTable().CheckRemote(*m_qp,
                                                                               NdkRemoteOp::Read,
                                                                               r.token,
                                                                               r.address + offset,
                                                                               r.length - offset);
    if (check.status != NdkStatus::SUCCESS)
    {
        ecnCapable = false; // an ACK-class packet, as SendControl sends them
        return StopReadResponses(r, check);
    }
    const uint32_t payload =
        static_cast<uint32_t>(std::min<uint64_t>(c.pathMtu, r.length - offset));
    const uint32_t pad = RoceWireSize::PadCount(payload);
    Ptr<Packet> p;
    if (m_nic->CarriesContents(*m_qp) && payload > 0)
    {
        std::vector<uint8_t>& buffer = Scratch(payload + pad);
        m_qp->InboundReadData(check, r.address + offset, buffer.data(), payload);
        std::fill_n(buffer.data() + payload, pad, 0);
        p = Create<Packet>(buffer.data(), payload + pad);
    }
    else
    {
        p = Create<Packet>(payload + pad);
    }
    const bool first = k == 0;
    const bool last = k + 1 == r.packets;
    RoceBthHeader bth;
    bth.SetOpcode(r.packets == 1 ? RoceOpcode::RDMA_READ_RESPONSE_ONLY
                  : first        ? RoceOpcode::RDMA_READ_RESPONSE_FIRST
                  : last         ? RoceOpcode::RDMA_READ_RESPONSE_LAST
                                 : RoceOpcode::RDMA_READ_RESPONSE_MIDDLE);
    bth.SetDestQp(m_qp->GetPeerQpNumber());
    bth.SetPsn(RocePsn::Add(r.firstPsn, k));
    bth.SetPadCount(pad);
    if (first || last)
    {
        RoceAethHeader aeth;
        aeth.SetAck(r.msn);
        p->AddHeader(aeth);
    }
    p->AddHeader(bth);
    ++m_stats.txPackets;
    m_stats.txBytes += payload;
    if (++r.next == r.packets)
    {
        // Held ACKs/NAKs go after this last response: the port is about to send it, so queue
        // them from a fresh event (now), not from inside the port's pull. They go in this QP's
        // class, as the responses they follow (in another class they could overtake them in
        // the fabric), passed by value: this QP may be gone by then.
        for (Ptr<Packet>& held : r.after)
        {
            Simulator::ScheduleNow(&RdmaNic::SendAckTo,
                                   m_nic,
                                   m_qp->GetPeerAddress(),
                                   m_udpSourcePort,
                                   m_priority,
                                   m_dscp,
                                   held);
        }
        m_readResponses.pop_front();
        m_qp->InboundReadDone();
        if (m_reset && m_readResponses.empty())
        {
            m_nic->ResponsesDrained(*this); // the held NAK is on its way: the state may go
        }
    }
    return p;
}

} // namespace ns3
