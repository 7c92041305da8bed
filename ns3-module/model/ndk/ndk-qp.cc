/*
 * NdkQp: posting checks (SEMANTICS.md 15.3), completion order and the QP state machine.
 * Execution and the responder side are in ndk-qp-execution.cc.
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

// ---------------------------------------------------------------- posting checks (15.3)

NdkStatus
NdkQp::FailPost(NdkStatus status)
{
    // NDK: a failed post first pushes every deferred request to the hardware.
    if (m_sqReady < m_sqTail)
    {
        RingDoorbell();
    }
    return status;
}

NdkStatus
NdkQp::CheckInitiatorPost(uint32_t flags, uint32_t allowed) const
{
    // P1: undefined or disallowed flags; remote-write bit without local write.
    if ((flags & ~allowed) != 0 || ((flags & 0x20) && !(flags & 0x10)))
    {
        return NdkStatus::INVALID_PARAMETER;
    }
    // P2: the QP must be connected (in Error posts are accepted and then cancelled).
    if (m_state != NdkQpState::Connected && m_state != NdkQpState::Error)
    {
        return NdkStatus::CONNECTION_INVALID;
    }
    return NdkStatus::SUCCESS;
}

NdkStatus
NdkQp::CheckDataPost(NdkWqeOp op, const NdkSge* sgl, uint32_t nSge, uint32_t flags) const
{
    if (nSge > 0 && sgl == nullptr)
    {
        return NdkStatus::INVALID_PARAMETER;
    }
    const NdkAdapterInfo& limits = GetAdapter()->Limits();
    uint64_t total = 0;
    for (uint32_t i = 0; i < nSge; ++i)
    {
        total += sgl[i].length;
    }
    // P7: queue depth.
    if (m_sqTail - m_sqHead >= m_sq.size())
    {
        return NdkStatus::NO_MORE_ENTRIES;
    }
    bool isInline = (flags & NDK_OP_FLAG_INLINE) != 0;
    // P8: SGE count (inline requests are not limited by MaxInitiatorRequestSge).
    uint32_t maxSge = m_maxInitiatorSge;
    if (op == NdkWqeOp::Read)
    {
        maxSge = std::min(m_maxInitiatorSge, limits.maxReadRequestSge);
    }
    if (!isInline && nSge > maxSge)
    {
        return NdkStatus::DATA_OVERRUN;
    }
    // P9: inline bytes.
    if (isInline && total > m_inlineDataSize)
    {
        return NdkStatus::BUFFER_OVERFLOW;
    }
    // P10: transfer length.
    if (total > limits.maxTransferLength)
    {
        return NdkStatus::BUFFER_OVERFLOW;
    }
    // P11: reads need an outbound read limit.
    if (op == NdkWqeOp::Read && m_ord == 0 && m_state == NdkQpState::Connected)
    {
        return NdkStatus::INVALID_DEVICE_REQUEST;
    }
    return NdkStatus::SUCCESS;
}

NdkWqe&
NdkQp::Enqueue(NdkWqeOp op, NdkContext context, uint32_t flags)
{
    NdkWqe& w = Slot(m_sqTail);
    w.op = op;
    w.flags = flags;
    w.requestContext = context;
    w.sges.clear();
    w.length = 0;
    w.remoteAddress = 0;
    w.remoteToken = 0;
    w.mr = nullptr;
    w.mw = nullptr;
    w.va = 0;
    w.rangeLength = 0;
    w.newToken = 0;
    w.pages.clear();
    w.fbo = 0;
    w.inlineData.clear();
    w.sequence = m_sqTail;
    w.started = false;
    w.done = false;
    w.status = NdkStatus::SUCCESS;
    w.cause = NdkProviderError::None;
    w.transportCookie = 0;
    return w;
}

void
NdkQp::FillSges(NdkWqe& wqe, const NdkSge* sgl, uint32_t nSge)
{
    for (uint32_t i = 0; i < nSge; ++i)
    {
        wqe.sges.push_back(sgl[i]);
        wqe.length += sgl[i].length;
    }
    if ((wqe.flags & NDK_OP_FLAG_INLINE) && CarriesContents())
    {
        // Inline data is copied during the posting call: later buffer changes do not matter.
        wqe.inlineData.resize(wqe.length);
        uint64_t offset = 0;
        for (uint32_t i = 0; i < nSge; ++i)
        {
            GetAdapter()->GetHostMemory()->Read(sgl[i].address,
                                                wqe.inlineData.data() + offset,
                                                sgl[i].length);
            offset += sgl[i].length;
        }
    }
}

void
NdkQp::AcceptPost(NdkWqe& wqe)
{
    ++m_sqTail;
    ++m_stats.posted;
    if (m_state == NdkQpState::Error)
    {
        // Accepted, then cancelled in order behind whatever is still outstanding.
        m_sqReady = m_sqTail;
        FlushQueues(NdkProviderError::Flush);
        return;
    }
    if (!(wqe.flags & NDK_OP_FLAG_DEFER))
    {
        RingDoorbell();
    }
}

void
NdkQp::RingDoorbell()
{
    m_sqReady = m_sqTail;
    if (Ptr<NdkTransport> t = GetAdapter()->GetTransport())
    {
        t->NotifyInitiatorWork(this);
    }
}

NdkStatus
NdkQp::Send(NdkContext requestContext, const NdkSge* sgl, uint32_t nSge, uint32_t flags)
{
    return SendAndInvalidate(requestContext, sgl, nSge, flags | 0x80000000U, 0);
}

NdkStatus
NdkQp::SendAndInvalidate(NdkContext requestContext,
                         const NdkSge* sgl,
                         uint32_t nSge,
                         uint32_t flags,
                         uint32_t remoteToken)
{
    // Bit 31 (never a valid NDK flag) marks a plain Send routed through here.
    bool plain = flags & 0x80000000U;
    flags &= ~0x80000000U;
    NdkStatus s = CheckOpen();
    if (s == NdkStatus::SUCCESS)
    {
        s = CheckInitiatorPost(flags,
                               NDK_OP_FLAG_SILENT_SUCCESS | NDK_OP_FLAG_READ_FENCE |
                                   NDK_OP_FLAG_SEND_AND_SOLICIT_EVENT | NDK_OP_FLAG_INLINE |
                                   NDK_OP_FLAG_DEFER);
    }
    NdkWqeOp op = plain ? NdkWqeOp::Send : NdkWqeOp::SendAndInvalidate;
    if (s == NdkStatus::SUCCESS)
    {
        s = CheckDataPost(op, sgl, nSge, flags);
    }
    if (s != NdkStatus::SUCCESS)
    {
        return FailPost(s);
    }
    NdkWqe& w = Enqueue(op, requestContext, flags);
    w.remoteToken = remoteToken;
    FillSges(w, sgl, nSge);
    AcceptPost(w);
    return NdkStatus::SUCCESS;
}

NdkStatus
NdkQp::Read(NdkContext requestContext,
            const NdkSge* sgl,
            uint32_t nSge,
            uint64_t remoteAddress,
            uint32_t remoteToken,
            uint32_t flags)
{
    NdkStatus s = CheckOpen();
    if (s == NdkStatus::SUCCESS)
    {
        s = CheckInitiatorPost(flags,
                               NDK_OP_FLAG_SILENT_SUCCESS | NDK_OP_FLAG_READ_FENCE |
                                   NDK_OP_FLAG_RDMA_READ_LOCAL_INVALIDATE | NDK_OP_FLAG_DEFER);
    }
    if (s == NdkStatus::SUCCESS)
    {
        s = CheckDataPost(NdkWqeOp::Read, sgl, nSge, flags);
    }
    if (s != NdkStatus::SUCCESS)
    {
        return FailPost(s);
    }
    NdkWqe& w = Enqueue(NdkWqeOp::Read, requestContext, flags);
    w.remoteAddress = remoteAddress;
    w.remoteToken = remoteToken;
    FillSges(w, sgl, nSge);
    AcceptPost(w);
    return NdkStatus::SUCCESS;
}

NdkStatus
NdkQp::Write(NdkContext requestContext,
             const NdkSge* sgl,
             uint32_t nSge,
             uint64_t remoteAddress,
             uint32_t remoteToken,
             uint32_t flags)
{
    NdkStatus s = CheckOpen();
    if (s == NdkStatus::SUCCESS)
    {
        s = CheckInitiatorPost(flags,
                               NDK_OP_FLAG_SILENT_SUCCESS | NDK_OP_FLAG_READ_FENCE |
                                   NDK_OP_FLAG_INLINE | NDK_OP_FLAG_DEFER);
    }
    if (s == NdkStatus::SUCCESS)
    {
        s = CheckDataPost(NdkWqeOp::Write, sgl, nSge, flags);
    }
    if (s != NdkStatus::SUCCESS)
    {
        return FailPost(s);
    }
    NdkWqe& w = Enqueue(NdkWqeOp::Write, requestContext, flags);
    w.remoteAddress = remoteAddress;
    w.remoteToken = remoteToken;
    FillSges(w, sgl, nSge);
    AcceptPost(w);
    return NdkStatus::SUCCESS;
}

NdkStatus
NdkQp::Bind(NdkContext requestContext,
            Ptr<NdkMr> mr,
            Ptr<NdkMw> mw,
            uint64_t virtualAddress,
            uint64_t length,
            uint32_t flags)
{
    NdkStatus s = CheckOpen();
    if (s == NdkStatus::SUCCESS && (!mr || !mw))
    {
        s = NdkStatus::INVALID_PARAMETER;
    }
    if (s == NdkStatus::SUCCESS)
    {
        s = CheckInitiatorPost(flags,
                               NDK_OP_FLAG_SILENT_SUCCESS | NDK_OP_FLAG_READ_FENCE |
                                   NDK_OP_FLAG_ALLOW_REMOTE_READ | NDK_OP_FLAG_ALLOW_REMOTE_WRITE |
                                   NDK_OP_FLAG_DEFER);
    }
    if (s == NdkStatus::SUCCESS)
    {
        NdkKeyTable& keys = GetAdapter()->GetKeyTable();
        // P3: the MR must currently be registered / valid.
        if (mr->GetKeyIndex() == 0 || !keys.At(mr->GetKeyIndex()).valid || mr->IsClosing())
        {
            s = NdkStatus::INVALID_DEVICE_REQUEST;
        }
        // P5: a writable window needs local write on the MR.
        else if ((flags & 0x20) && !keys.At(mr->GetKeyIndex()).localWrite)
        {
            s = NdkStatus::ACCESS_VIOLATION;
        }
        else
        {
            // P6: geometry and PD.
            const NdkKeyEntry& e = keys.At(mr->GetKeyIndex());
            if (mr->GetPd() != m_pd || mw->GetPd() != m_pd || mw->IsClosing() || length == 0 ||
                length > GetAdapter()->Limits().maxWindowSize || virtualAddress < e.base ||
                length > e.length || virtualAddress - e.base > e.length - length)
            {
                s = NdkStatus::INVALID_PARAMETER;
            }
        }
    }
    if (s == NdkStatus::SUCCESS && m_sqTail - m_sqHead >= m_sq.size())
    {
        s = NdkStatus::NO_MORE_ENTRIES;
    }
    if (s != NdkStatus::SUCCESS)
    {
        return FailPost(s);
    }
    NdkWqe& w = Enqueue(NdkWqeOp::Bind, requestContext, flags);
    w.mr = mr;
    w.mw = mw;
    w.va = virtualAddress;
    w.rangeLength = length;
    // The new token is readable as soon as NdkBind returns (NdkGetRemoteTokenFromMw).
    NdkKeyTable& keys = GetAdapter()->GetKeyTable();
    w.newToken = keys.NextToken(mw->GetKeyIndex(), mw->GetRemoteToken());
    mw->SetPostedToken(w.newToken);
    AcceptPost(w);
    return NdkStatus::SUCCESS;
}

NdkStatus
NdkQp::FastRegister(NdkContext requestContext,
                    Ptr<NdkMr> mr,
                    uint32_t adapterPageCount,
                    const uint64_t* adapterPageArray,
                    uint32_t fbo,
                    uint64_t length,
                    uint64_t baseVirtualAddress,
                    uint32_t flags)
{
    NdkStatus s = CheckOpen();
    if (s == NdkStatus::SUCCESS && !mr)
    {
        s = NdkStatus::INVALID_PARAMETER;
    }
    if (s == NdkStatus::SUCCESS)
    {
        s = CheckInitiatorPost(flags,
                               NDK_OP_FLAG_SILENT_SUCCESS | NDK_OP_FLAG_READ_FENCE |
                                   NDK_OP_FLAG_ALLOW_REMOTE_READ | NDK_OP_FLAG_ALLOW_LOCAL_WRITE |
                                   NDK_OP_FLAG_ALLOW_REMOTE_WRITE | NDK_OP_FLAG_RDMA_READ_SINK |
                                   NDK_OP_FLAG_DEFER);
    }
    // P3: a fast-register MR that was initialized.
    if (s == NdkStatus::SUCCESS && (!mr->IsFastRegister() || !mr->IsFrInitialized() || mr->IsClosing()))
    {
        s = NdkStatus::INVALID_DEVICE_REQUEST;
    }
    // P4: remote rights need RemoteAccess at initialization.
    if (s == NdkStatus::SUCCESS && (flags & (0x08 | 0x20)) && !mr->GetFrRemoteAccess())
    {
        s = NdkStatus::ACCESS_VIOLATION;
    }
    // P6: pages, FBO, length, base address, PD.
    if (s == NdkStatus::SUCCESS)
    {
        bool ok = mr->GetPd() == m_pd && adapterPageCount > 0 &&
                  adapterPageCount <= mr->GetFrPageCapacity() && adapterPageArray != nullptr &&
                  fbo < NDK_PAGE_SIZE && length > 0 &&
                  length <= adapterPageCount * NDK_PAGE_SIZE - fbo &&
                  (baseVirtualAddress % NDK_PAGE_SIZE) == fbo &&
                  length <= GetAdapter()->Limits().maxRegistrationSize;
        for (uint32_t i = 0; ok && i < adapterPageCount; ++i)
        {
            ok = (adapterPageArray[i] % NDK_PAGE_SIZE) == 0;
        }
        if (!ok)
        {
            s = NdkStatus::INVALID_PARAMETER;
        }
    }
    if (s == NdkStatus::SUCCESS && m_sqTail - m_sqHead >= m_sq.size())
    {
        s = NdkStatus::NO_MORE_ENTRIES;
    }
    if (s != NdkStatus::SUCCESS)
    {
        return FailPost(s);
    }
    NdkWqe& w = Enqueue(NdkWqeOp::FastRegister, requestContext, flags);
    w.mr = mr;
    w.va = baseVirtualAddress;
    w.rangeLength = length;
    w.fbo = fbo;
    w.pages.assign(adapterPageArray, adapterPageArray + adapterPageCount);
    NdkKeyTable& keys = GetAdapter()->GetKeyTable();
    w.newToken = keys.NextToken(mr->GetKeyIndex(), mr->GetRemoteToken());
    mr->SetPostedToken(w.newToken);
    AcceptPost(w);
    return NdkStatus::SUCCESS;
}

NdkStatus
NdkQp::Invalidate(NdkContext requestContext, Ptr<NdkMr> mr, uint32_t flags)
{
    NdkStatus s = CheckOpen();
    if (s == NdkStatus::SUCCESS && !mr)
    {
        s = NdkStatus::INVALID_PARAMETER;
    }
    if (s == NdkStatus::SUCCESS)
    {
        s = CheckInitiatorPost(flags,
                               NDK_OP_FLAG_SILENT_SUCCESS | NDK_OP_FLAG_READ_FENCE |
                                   NDK_OP_FLAG_DEFER);
    }
    // P3: a normal MR is revoked with NdkDeregisterMr, never invalidated.
    if (s == NdkStatus::SUCCESS && !mr->IsFastRegister())
    {
        s = NdkStatus::INVALID_DEVICE_REQUEST;
    }
    if (s == NdkStatus::SUCCESS && m_sqTail - m_sqHead >= m_sq.size())
    {
        s = NdkStatus::NO_MORE_ENTRIES;
    }
    if (s != NdkStatus::SUCCESS)
    {
        return FailPost(s);
    }
    NdkWqe& w = Enqueue(NdkWqeOp::Invalidate, requestContext, flags);
    w.mr = mr;
    AcceptPost(w);
    return NdkStatus::SUCCESS;
}

NdkStatus
NdkQp::Invalidate(NdkContext requestContext, Ptr<NdkMw> mw, uint32_t flags)
{
    NdkStatus s = CheckOpen();
    if (s == NdkStatus::SUCCESS && !mw)
    {
        s = NdkStatus::INVALID_PARAMETER;
    }
    if (s == NdkStatus::SUCCESS)
    {
        s = CheckInitiatorPost(flags,
                               NDK_OP_FLAG_SILENT_SUCCESS | NDK_OP_FLAG_READ_FENCE |
                                   NDK_OP_FLAG_DEFER);
    }
    if (s == NdkStatus::SUCCESS && m_sqTail - m_sqHead >= m_sq.size())
    {
        s = NdkStatus::NO_MORE_ENTRIES;
    }
    if (s != NdkStatus::SUCCESS)
    {
        return FailPost(s);
    }
    NdkWqe& w = Enqueue(NdkWqeOp::Invalidate, requestContext, flags);
    w.mw = mw;
    AcceptPost(w);
    return NdkStatus::SUCCESS;
}

NdkStatus
NdkQp::Receive(NdkContext requestContext, const NdkSge* sgl, uint32_t nSge)
{
    NdkStatus s = CheckOpen();
    if (s != NdkStatus::SUCCESS)
    {
        return s;
    }
    if (m_srq)
    {
        return NdkStatus::INVALID_DEVICE_REQUEST; // receives come from the SRQ
    }
    if (nSge > 0 && sgl == nullptr)
    {
        return NdkStatus::INVALID_PARAMETER;
    }
    if (m_rqTail - m_rqHead >= m_rq.size())
    {
        return NdkStatus::NO_MORE_ENTRIES;
    }
    if (nSge > m_maxReceiveSge)
    {
        return NdkStatus::DATA_OVERRUN;
    }
    uint64_t total = 0;
    for (uint32_t i = 0; i < nSge; ++i)
    {
        total += sgl[i].length;
    }
    if (total > GetAdapter()->Limits().maxTransferLength)
    {
        return NdkStatus::BUFFER_OVERFLOW;
    }
    NdkRecvWqe& r = RecvSlot(m_rqTail++);
    r.requestContext = requestContext;
    r.sges.assign(sgl, sgl + nSge);
    r.capacity = total;
    if (m_state == NdkQpState::Error || m_state == NdkQpState::Disconnected)
    {
        FlushQueues(NdkProviderError::Flush);
        return NdkStatus::SUCCESS;
    }
    if (Ptr<NdkTransport> t = GetAdapter()->GetTransport())
    {
        t->NotifyReceivePosted(this);
    }
    return NdkStatus::SUCCESS;
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
