#include "ndk-ideal-transport.h"

#include "ndk-adapter.h"
#include "ndk-qp.h"

#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NdkIdealTransport");
NS_OBJECT_ENSURE_REGISTERED(NdkIdealTransport);

TypeId
NdkIdealTransport::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::NdkIdealTransport")
            .SetParent<NdkTransport>()
            .SetGroupName("Ndksim")
            .AddConstructor<NdkIdealTransport>()
            .AddAttribute("RnrTimer", "Wait before a Send that found no receive is retried.",
                          TimeValue(MicroSeconds(10)),
                          MakeTimeAccessor(&NdkIdealTransport::m_rnrTimer),
                          MakeTimeChecker(Time(1)))
            .AddAttribute("RnrRetryCount", "RNR retries (IB 3-bit encoding: 7 = forever).",
                          UintegerValue(6),
                          MakeUintegerAccessor(&NdkIdealTransport::m_rnrRetryCount),
                          MakeUintegerChecker<uint32_t>(0, 7))
            .AddAttribute("AckTimeout", "Wait for an answer that never comes (link down).",
                          TimeValue(MicroSeconds(100)),
                          MakeTimeAccessor(&NdkIdealTransport::m_ackTimeout),
                          MakeTimeChecker(Time(1)))
            .AddAttribute("RetryCount", "Transport retries before STATUS_IO_TIMEOUT.",
                          UintegerValue(7),
                          MakeUintegerAccessor(&NdkIdealTransport::m_retryCount),
                          MakeUintegerChecker<uint32_t>(0, 7));
    return tid;
}

NdkIdealTransport::NdkIdealTransport() = default;

NdkIdealTransport::~NdkIdealTransport()
{
    Detach();
}

void
NdkIdealTransport::Detach()
{
    for (auto& [address, adapter] : m_adapters)
    {
        if (adapter->PeekTransport() == this)
        {
            adapter->SetTransport(nullptr);
        }
    }
    m_adapters.clear();
}

void
NdkIdealTransport::DoDispose()
{
    Detach();
    m_rnrHeld.clear();
    m_scheduled.clear();
    NdkTransport::DoDispose();
}

void
NdkIdealTransport::Attach(Ptr<NdkAdapter> adapter)
{
    m_adapters[adapter->GetAddress()] = adapter;
    adapter->SetTransport(this);
}

bool
NdkIdealTransport::IsReachable(Ipv4Address address) const
{
    return m_adapters.count(address) != 0;
}

void
NdkIdealTransport::SetLinkDown(bool down)
{
    m_linkDown = down;
}

void
NdkIdealTransport::NotifyInitiatorWork(Ptr<NdkQp> qp)
{
    if (m_scheduled.insert(PeekPointer(qp)).second)
    {
        Simulator::ScheduleNow(&NdkIdealTransport::Process, this, qp);
    }
}

void
NdkIdealTransport::NotifyReceivePosted(Ptr<NdkQp> qp)
{
    // A peer Send held by RNR on this connection may go on at its next retry.
}

void
NdkIdealTransport::NotifyQpReset(Ptr<NdkQp> qp)
{
    m_rnrHeld.erase(PeekPointer(qp));
    m_rnrTries.erase(PeekPointer(qp));
}

NdkQp*
NdkIdealTransport::Peer(const NdkQp& qp) const
{
    auto it = m_adapters.find(qp.GetPeerAddress());
    if (it == m_adapters.end())
    {
        return nullptr;
    }
    NdkQp* peer = it->second->FindQp(qp.GetPeerQpNumber());
    return (peer && peer->GetPeerQpNumber() == qp.GetQpNumber()) ? peer : nullptr;
}

void
NdkIdealTransport::Process(Ptr<NdkQp> qp)
{
    m_scheduled.erase(PeekPointer(qp));
    if (m_rnrHeld.count(PeekPointer(qp)))
    {
        return; // the held Send must finish first: RC keeps order
    }
    while (NdkWqe* wqe = qp->StartNextRequest())
    {
        if (wqe->done)
        {
            continue; // local request, or failed its local checks
        }
        if (!Execute(qp, wqe))
        {
            return;
        }
    }
}

bool
NdkIdealTransport::Execute(Ptr<NdkQp> qp, NdkWqe* wqe)
{
    NdkQp* peer = Peer(*qp);
    if (m_linkDown || peer == nullptr || !peer->AcceptsInbound())
    {
        // W0 / S0: silently dropped; the requester's retries run out.
        Time wait = m_ackTimeout * (m_retryCount + 1);
        Simulator::Schedule(wait, &NdkIdealTransport::TransportTimeout, this, qp, wqe->sequence);
        return true;
    }
    std::vector<uint8_t> buffer;
    bool contents = qp->CarriesContents() || peer->CarriesContents();
    switch (wqe->op)
    {
    case NdkWqeOp::Write: {
        NdkAccessCheck check =
            peer->InboundAccess(NdkRemoteOp::Write, wqe->remoteToken, wqe->remoteAddress, wqe->length);
        if (check.status != NdkStatus::SUCCESS)
        {
            qp->CompleteRequest(wqe, NdkStatus::ACCESS_VIOLATION, NdkProviderError::RemoteAccess);
            return true;
        }
        if (contents && wqe->length > 0)
        {
            buffer.resize(wqe->length);
            qp->GatherPayload(*wqe, 0, buffer.data(), wqe->length);
            peer->InboundWriteData(check, wqe->remoteAddress, buffer.data(), wqe->length);
        }
        qp->CompleteRequest(wqe, NdkStatus::SUCCESS, NdkProviderError::None);
        return true;
    }
    case NdkWqeOp::Read: {
        NdkAccessCheck check =
            peer->InboundAccess(NdkRemoteOp::Read, wqe->remoteToken, wqe->remoteAddress, wqe->length);
        if (check.status != NdkStatus::SUCCESS)
        {
            NdkNak nak = check.fault == NdkAccessFault::ReadLimit ? NdkNak::InvalidRequest
                                                                  : NdkNak::RemoteAccess;
            qp->CompleteRequest(wqe, NdkStatusForNak(nak), NdkProviderErrorForNak(nak));
            return true;
        }
        if (contents && wqe->length > 0)
        {
            buffer.resize(wqe->length);
            peer->InboundReadData(check, wqe->remoteAddress, buffer.data(), wqe->length);
            qp->ScatterReadResponse(*wqe, 0, buffer.data(), wqe->length);
        }
        peer->InboundReadDone();
        qp->CompleteRequest(wqe, NdkStatus::SUCCESS, NdkProviderError::None);
        return true;
    }
    case NdkWqeOp::Send:
    case NdkWqeOp::SendAndInvalidate: {
        NdkNak nak = peer->InboundSendBegin();
        if (nak == NdkNak::Rnr)
        {
            uint32_t& tries = m_rnrTries[PeekPointer(qp)];
            if (!peer->HasSrq() && m_rnrRetryCount != 7 && tries >= m_rnrRetryCount)
            {
                m_rnrTries.erase(PeekPointer(qp));
                qp->CompleteRequest(wqe, NdkStatus::IO_TIMEOUT, NdkProviderError::RnrRetryExceeded);
                return true;
            }
            ++tries;
            m_rnrHeld[PeekPointer(qp)] = wqe;
            Simulator::Schedule(m_rnrTimer, &NdkIdealTransport::RnrRetry, this, qp);
            return false;
        }
        m_rnrTries.erase(PeekPointer(qp));
        if (nak == NdkNak::None && wqe->length > 0)
        {
            if (contents)
            {
                buffer.resize(wqe->length);
                qp->GatherPayload(*wqe, 0, buffer.data(), wqe->length);
            }
            nak = peer->InboundSendData(0, contents ? buffer.data() : nullptr, wqe->length);
        }
        if (nak == NdkNak::None)
        {
            nak = peer->InboundSendEnd(wqe->length,
                                       wqe->op == NdkWqeOp::SendAndInvalidate,
                                       wqe->remoteToken,
                                       wqe->flags & NDK_OP_FLAG_SEND_AND_SOLICIT_EVENT);
        }
        qp->CompleteRequest(wqe, NdkStatusForNak(nak), NdkProviderErrorForNak(nak));
        return true;
    }
    default:
        return true;
    }
}

void
NdkIdealTransport::RnrRetry(Ptr<NdkQp> qp)
{
    auto it = m_rnrHeld.find(PeekPointer(qp));
    if (it == m_rnrHeld.end())
    {
        return;
    }
    NdkWqe* wqe = it->second;
    m_rnrHeld.erase(it);
    if (wqe->done || qp->GetState() != NdkQpState::Connected)
    {
        return;
    }
    if (Execute(qp, wqe))
    {
        Process(qp);
    }
}

void
NdkIdealTransport::TransportTimeout(Ptr<NdkQp> qp, uint64_t sequence)
{
    // The oldest outstanding request fails; the QP flushes the rest (15.7).
    if (qp->GetState() != NdkQpState::Connected && qp->GetState() != NdkQpState::PeerDisconnected)
    {
        return;
    }
    qp->TimeoutRequest(sequence);
}

void
NdkIdealTransport::SendCm(NdkAdapter& from, const NdkCmMessage& msg)
{
    if (m_linkDown)
    {
        return;
    }
    Simulator::ScheduleNow(&NdkIdealTransport::DeliverCm, this, msg);
}

void
NdkIdealTransport::DeliverCm(NdkCmMessage msg)
{
    auto it = m_adapters.find(msg.dstAddress);
    if (it != m_adapters.end())
    {
        it->second->ReceiveCm(msg);
    }
}

} // namespace ns3
