/*
 * NdkQp: the posting calls and their synchronous checks (SEMANTICS.md 15.3). A failed post
 * produces no completion.
 */

#include "ndk-adapter.h"
#include "ndk-mr.h"
#include "ndk-mw.h"
#include "ndk-qp.h"

namespace ns3
{

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
NdkQp::PostData(NdkWqeOp op,
                NdkContext requestContext,
                const NdkSge* sgl,
                uint32_t nSge,
                uint32_t flags,
                uint64_t remoteAddress,
                uint32_t remoteToken)
{
    // Flags each data request may carry (SEMANTICS.md 8.4 table).
    const uint32_t common = NDK_OP_FLAG_SILENT_SUCCESS | NDK_OP_FLAG_READ_FENCE | NDK_OP_FLAG_DEFER;
    uint32_t allowed = common;
    switch (op)
    {
    case NdkWqeOp::Send:
    case NdkWqeOp::SendAndInvalidate:
        allowed |= NDK_OP_FLAG_SEND_AND_SOLICIT_EVENT | NDK_OP_FLAG_INLINE;
        break;
    case NdkWqeOp::Write:
        allowed |= NDK_OP_FLAG_INLINE;
        break;
    case NdkWqeOp::Read:
        allowed |= NDK_OP_FLAG_RDMA_READ_LOCAL_INVALIDATE;
        break;
    default:
        break;
    }
    NdkStatus s = CheckOpen();
    if (s == NdkStatus::SUCCESS)
    {
        s = CheckInitiatorPost(flags, allowed);
    }
    if (s == NdkStatus::SUCCESS)
    {
        s = CheckDataPost(op, sgl, nSge, flags);
    }
    if (s != NdkStatus::SUCCESS)
    {
        return FailPost(s);
    }
    NdkWqe& w = Enqueue(op, requestContext, flags);
    w.remoteAddress = remoteAddress;
    w.remoteToken = remoteToken;
    FillSges(w, sgl, nSge);
    AcceptPost(w);
    return NdkStatus::SUCCESS;
}

NdkStatus
NdkQp::Send(NdkContext requestContext, const NdkSge* sgl, uint32_t nSge, uint32_t flags)
{
    return PostData(NdkWqeOp::Send, requestContext, sgl, nSge, flags, 0, 0);
}

NdkStatus
NdkQp::SendAndInvalidate(NdkContext requestContext,
                         const NdkSge* sgl,
                         uint32_t nSge,
                         uint32_t flags,
                         uint32_t remoteToken)
{
    return PostData(NdkWqeOp::SendAndInvalidate, requestContext, sgl, nSge, flags, 0, remoteToken);
}

NdkStatus
NdkQp::Read(NdkContext requestContext,
            const NdkSge* sgl,
            uint32_t nSge,
            uint64_t remoteAddress,
            uint32_t remoteToken,
            uint32_t flags)
{
    return PostData(NdkWqeOp::Read, requestContext, sgl, nSge, flags, remoteAddress, remoteToken);
}

NdkStatus
NdkQp::Write(NdkContext requestContext,
             const NdkSge* sgl,
             uint32_t nSge,
             uint64_t remoteAddress,
             uint32_t remoteToken,
             uint32_t flags)
{
    return PostData(NdkWqeOp::Write, requestContext, sgl, nSge, flags, remoteAddress, remoteToken);
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
    return PostInvalidate(requestContext, mr, nullptr, flags);
}

NdkStatus
NdkQp::Invalidate(NdkContext requestContext, Ptr<NdkMw> mw, uint32_t flags)
{
    return PostInvalidate(requestContext, nullptr, mw, flags);
}

NdkStatus
NdkQp::PostInvalidate(NdkContext requestContext, Ptr<NdkMr> mr, Ptr<NdkMw> mw, uint32_t flags)
{
    NdkStatus s = CheckOpen();
    if (s == NdkStatus::SUCCESS && !mr && !mw)
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
    if (s == NdkStatus::SUCCESS && mr && !mr->IsFastRegister())
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

} // namespace ns3
