/*
 * NdkQp: completion order and the QP state machine. Posting is in ndk-qp-post.cc, execution
 * and the responder side in ndk-qp-execution.cc.
 */

#include "ndk-qp.h"

#include "ndk-adapter.h"
#include "ndk-connector.h"
#include "ndk-cq.h"
#include "ndk-mr.h"
#include "ndk-mw.h"
#include "ndk-pd.h"
#include "ndk-srq.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NdkQp");

NdkStatus
NdkStatusForNak(NdkNak nak)
{
    switch (nak)
    {
    case NdkNak::None:
        return NdkStatus::SUCCESS;
    case NdkNak::RemoteAccess:
        return NdkStatus::ACCESS_VIOLATION;
    case NdkNak::InvalidRequest:
    case NdkNak::RemoteOperational:
        return NdkStatus::REMOTE_RESOURCES;
    case NdkNak::Rnr:
        return NdkStatus::IO_TIMEOUT;
    }
    return NdkStatus::UNSUCCESSFUL;
}

NdkProviderError
NdkProviderErrorForNak(NdkNak nak)
{
    switch (nak)
    {
    case NdkNak::None:
        return NdkProviderError::None;
    case NdkNak::RemoteAccess:
        return NdkProviderError::RemoteAccess;
    case NdkNak::InvalidRequest:
        return NdkProviderError::InvalidRequest;
    case NdkNak::RemoteOperational:
        return NdkProviderError::RemoteOperational;
    case NdkNak::Rnr:
        return NdkProviderError::RnrRetryExceeded;
    }
    return NdkProviderError::None;
}

const char*
NdkWqeOpName(NdkWqeOp op)
{
    switch (op)
    {
    case NdkWqeOp::Send:
        return "send";
    case NdkWqeOp::SendAndInvalidate:
        return "send-and-invalidate";
    case NdkWqeOp::Read:
        return "read";
    case NdkWqeOp::Write:
        return "write";
    case NdkWqeOp::Bind:
        return "bind";
    case NdkWqeOp::FastRegister:
        return "fast-register";
    case NdkWqeOp::Invalidate:
        return "invalidate";
    }
    return "?";
}

const char*
NdkQpStateName(NdkQpState state)
{
    switch (state)
    {
    case NdkQpState::Idle:
        return "Idle";
    case NdkQpState::Connecting:
        return "Connecting";
    case NdkQpState::Connected:
        return "Connected";
    case NdkQpState::PeerDisconnected:
        return "PeerDisconnected";
    case NdkQpState::Error:
        return "Error";
    case NdkQpState::Disconnected:
        return "Disconnected";
    }
    return "?";
}

NdkQp::NdkQp(NdkAdapter* adapter,
             NdkPd* pd,
             Ptr<NdkCq> receiveCq,
             Ptr<NdkCq> initiatorCq,
             Ptr<NdkSrq> srq,
             NdkContext qpContext,
             uint32_t receiveQueueDepth,
             uint32_t initiatorQueueDepth,
             uint32_t maxReceiveRequestSge,
             uint32_t maxInitiatorRequestSge,
             uint32_t inlineDataSize)
    : NdkObject(NdkObjectType::Qp, adapter),
      m_pd(pd),
      m_receiveCq(receiveCq),
      m_initiatorCq(initiatorCq),
      m_srq(srq),
      m_hasSrq(bool(srq)),
      m_qpContext(qpContext),
      m_maxReceiveSge(maxReceiveRequestSge),
      m_maxInitiatorSge(maxInitiatorRequestSge),
      m_inlineDataSize(inlineDataSize),
      m_sq(initiatorQueueDepth),
      m_rq(receiveQueueDepth)
{
    // Reserve SGE storage once: posting never allocates.
    for (auto& w : m_sq)
    {
        w.sges.reserve(std::max(maxInitiatorRequestSge, 1U));
    }
    for (auto& r : m_rq)
    {
        r.sges.reserve(std::max(maxReceiveRequestSge, 1U));
    }
    m_qpn = adapter->RegisterQp(this);
    m_receiveCq->AttachQp(this);
    if (m_initiatorCq != m_receiveCq)
    {
        m_initiatorCq->AttachQp(this);
    }
    if (m_srq)
    {
        m_srq->AttachQp(this);
    }
}

NdkQp::~NdkQp() = default;

Ptr<NdkSrq>
NdkQp::GetSrq() const
{
    return m_srq;
}

Ptr<NdkCq>
NdkQp::GetReceiveCq() const
{
    return m_receiveCq;
}

Ptr<NdkCq>
NdkQp::GetInitiatorCq() const
{
    return m_initiatorCq;
}

// ---------------------------------------------------------------- completions

void
NdkQp::PushCompletion(NdkCq* cq, const NdkResultEx& result, bool solicited)
{
    if (cq->IsFailed())
    {
        return; // a dead CQ reports nothing more
    }
    cq->Push(result, solicited);
}

void
NdkQp::DrainCompletions()
{
    // E-2: initiator completions leave in posting order, whatever order the work finished in.
    while (m_sqHead < m_sqTail && Slot(m_sqHead).done)
    {
        NdkWqe& w = Slot(m_sqHead);
        ++m_sqHead;
        ++m_stats.completed;
        bool silent = (w.flags & NDK_OP_FLAG_SILENT_SUCCESS) && w.status == NdkStatus::SUCCESS;
        if (!silent && !m_initiatorCqDead)
        {
            NdkOperationType type = NdkOperationType::Send;
            switch (w.op)
            {
            case NdkWqeOp::Send:
            case NdkWqeOp::SendAndInvalidate:
                type = NdkOperationType::Send;
                break;
            case NdkWqeOp::Read:
                type = NdkOperationType::Read;
                break;
            case NdkWqeOp::Write:
                type = NdkOperationType::Write;
                break;
            case NdkWqeOp::Bind:
                type = NdkOperationType::Bind;
                break;
            case NdkWqeOp::FastRegister:
                type = NdkOperationType::FastRegister;
                break;
            case NdkWqeOp::Invalidate:
                type = NdkOperationType::Invalidate;
                break;
            }
            NdkResultEx r{w.status, 0, m_qpContext, w.requestContext, type, static_cast<uint32_t>(w.cause), 0};
            PushCompletion(PeekPointer(m_initiatorCq), r, false);
        }
        w.mr = nullptr;
        w.mw = nullptr;
    }
}

void
NdkQp::CompleteReceive(const NdkRecvWqe& recv,
                       NdkStatus status,
                       uint64_t bytes,
                       NdkOperationType type,
                       uint32_t token,
                       bool solicited,
                       NdkProviderError cause)
{
    if (m_receiveCqDead)
    {
        return;
    }
    NdkResultEx r{status,
                  static_cast<uint32_t>(bytes),
                  m_qpContext,
                  recv.requestContext,
                  type,
                  static_cast<uint32_t>(cause),
                  token};
    PushCompletion(PeekPointer(m_receiveCq), r, solicited);
}

void
NdkQp::FlushQueues(NdkProviderError cause)
{
    for (uint64_t s = m_sqHead; s < m_sqTail; ++s)
    {
        NdkWqe& w = Slot(s);
        if (!w.done)
        {
            if (w.started && w.op == NdkWqeOp::Read && m_outstandingReads > 0)
            {
                --m_outstandingReads;
            }
            w.done = true;
            w.started = true;
            w.status = NdkStatus::CANCELLED;
            w.cause = NdkProviderError::Flush;
            ++m_stats.flushed;
        }
    }
    m_sqStart = m_sqTail;
    DrainCompletions();
    while (m_rqHead < m_rqTail)
    {
        const NdkRecvWqe& r = RecvSlot(m_rqHead++);
        ++m_stats.flushed;
        CompleteReceive(r, NdkStatus::CANCELLED, 0, NdkOperationType::Receive, 0, false, NdkProviderError::Flush);
    }
}

void
NdkQp::EnterError(NdkProviderError cause)
{
    if (m_state != NdkQpState::Disconnected)
    {
        m_state = NdkQpState::Error;
    }
    m_inboundActive = false;
    FlushQueues(cause);
    if (Ptr<NdkTransport> t = GetAdapter()->GetTransport())
    {
        t->NotifyQpReset(this);
    }
}

void
NdkQp::Flush()
{
    if (IsClosing())
    {
        return;
    }
    EnterError(NdkProviderError::Flush);
}

void
NdkQp::CqFailed(const NdkCq* cq)
{
    if (cq == PeekPointer(m_receiveCq))
    {
        m_receiveCqDead = true;
    }
    if (cq == PeekPointer(m_initiatorCq))
    {
        m_initiatorCqDead = true;
    }
    EnterError(NdkProviderError::None);
}

// ---------------------------------------------------------------- connection state

void
NdkQp::SetConnecting(Ipv4Address peer, uint32_t peerQpn, bool acceptInbound)
{
    m_state = NdkQpState::Connecting;
    m_peerAddress = peer;
    m_peerQpn = peerQpn;
    m_acceptInbound = acceptInbound;
}

void
NdkQp::SetConnected(uint32_t inboundReadLimit, uint32_t outboundReadLimit)
{
    m_state = NdkQpState::Connected;
    m_acceptInbound = true;
    m_everConnected = true;
    m_ird = inboundReadLimit;
    m_ord = outboundReadLimit;
    if (m_sqReady > m_sqStart)
    {
        RingDoorbell();
    }
}

void
NdkQp::SetIdle()
{
    if (m_state == NdkQpState::Connecting)
    {
        m_state = NdkQpState::Idle;
        m_acceptInbound = false;
    }
}

void
NdkQp::SetPeerDisconnected()
{
    // No flush (SEMANTICS.md 16.1 C2): the consumer's Disconnect/Flush/close does that.
    if (m_state == NdkQpState::Connected)
    {
        m_state = NdkQpState::PeerDisconnected;
    }
    m_acceptInbound = false;
}

void
NdkQp::SetDisconnected()
{
    m_state = NdkQpState::Disconnected;
    m_acceptInbound = false;
    m_inboundActive = false;
    FlushQueues(NdkProviderError::Flush);
    if (Ptr<NdkTransport> t = GetAdapter()->GetTransport())
    {
        t->NotifyQpReset(this);
    }
}

void
NdkQp::AttachConnector(NdkConnector* connector)
{
    m_connector = connector;
    AddSuccessor(); // QP -> connector edge
}

void
NdkQp::DetachConnector(NdkConnector* connector)
{
    if (m_connector == connector)
    {
        m_connector = nullptr;
        RemoveSuccessor();
    }
}

void
NdkQp::DoCloseStart()
{
    // Releasing a connected QP disconnects it; outstanding work completes as cancelled.
    if (m_state != NdkQpState::Disconnected && m_state != NdkQpState::Idle)
    {
        m_state = NdkQpState::Error;
    }
    m_acceptInbound = false;
    m_inboundActive = false;
    FlushQueues(NdkProviderError::Flush);
    if (Ptr<NdkTransport> t = GetAdapter()->GetTransport())
    {
        t->NotifyQpReset(this);
    }
}

void
NdkQp::DoCloseFinish()
{
    GetAdapter()->UnregisterQp(m_qpn);
    GetAdapter()->Register(NdkObjectType::Qp, -1);
    // Windows compare their bound QP by address: drop this one before the memory can be reused.
    GetAdapter()->GetKeyTable().ForgetQp(this);
    m_receiveCq->DetachQp(this);
    if (m_initiatorCq != m_receiveCq)
    {
        m_initiatorCq->DetachQp(this);
    }
    if (m_srq)
    {
        m_srq->DetachQp(this);
    }
    m_pd->RemoveSuccessor();
}

} // namespace ns3
