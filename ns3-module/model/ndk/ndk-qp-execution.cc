/*
 * NdkQp: execution of requests (SEMANTICS.md 15.4) and the responder side (15.5, 15.6).
 */

#include "ndk-adapter.h"
#include "ndk-cq.h"
#include "ndk-mr.h"
#include "ndk-mw.h"
#include "ndk-pd.h"
#include "ndk-qp.h"
#include "ndk-srq.h"

namespace ns3
{

namespace
{

/**
 * Host address of byte \p va of a key-table entry, or false if it maps nowhere live.
 * Normal MRs are identity mapped; fast-registered MRs go through their adapter pages; windows
 * through the MR they are bound to.
 */
bool
TranslateByte(NdkAdapter& adapter, const NdkKeyEntry& e, uint64_t va, uint64_t* host, uint64_t* run)
{
    if (e.kind == NdkKeyKind::Mw)
    {
        return e.boundMr && TranslateByte(adapter,
                                          adapter.GetKeyTable().At(e.boundMr->GetKeyIndex()),
                                          va,
                                          host,
                                          run);
    }
    if (e.kind == NdkKeyKind::Mr)
    {
        *host = va;
        *run = e.base + e.length - va;
        return true;
    }
    uint64_t offset = va - e.base + e.fbo;
    uint64_t page = offset / NDK_PAGE_SIZE;
    if (page >= e.pages.size())
    {
        return false;
    }
    *host = e.pages[page] - NDK_LOGICAL_ADDRESS_BASE + offset % NDK_PAGE_SIZE;
    *run = NDK_PAGE_SIZE - offset % NDK_PAGE_SIZE;
    return true;
}

/** Copy between a buffer and [va, va + length) of an entry; \p toMemory chooses the way. */
void
CopyThroughEntry(NdkAdapter& adapter,
                 const NdkKeyEntry* e,
                 uint64_t va,
                 uint8_t* buffer,
                 uint64_t length,
                 bool toMemory)
{
    NdkHostMemory& mem = *adapter.GetHostMemory();
    for (uint64_t done = 0; done < length;)
    {
        uint64_t host = va + done;
        uint64_t run = length - done;
        if (e == nullptr)
        {
            host -= NDK_LOGICAL_ADDRESS_BASE; // privileged token: logical address
        }
        else if (!TranslateByte(adapter, *e, va + done, &host, &run))
        {
            return;
        }
        run = std::min(run, length - done);
        if (toMemory)
        {
            mem.Write(host, buffer + done, run);
        }
        else
        {
            mem.Read(host, buffer + done, run);
        }
        done += run;
    }
}

/**
 * Copy between a buffer and the bytes [offset, offset + length) of a scatter/gather list.
 * Bytes behind a token revoked meanwhile read as zeros and are not written.
 */
void
CopySges(NdkAdapter& adapter,
         const std::vector<NdkSge>& sges,
         uint64_t offset,
         uint8_t* buffer,
         uint64_t length,
         bool toMemory)
{
    uint64_t position = 0;
    for (const NdkSge& sge : sges)
    {
        if (length == 0)
        {
            return;
        }
        uint64_t end = position + sge.length;
        if (offset < end)
        {
            uint64_t from = offset - position;
            uint64_t n = std::min<uint64_t>(sge.length - from, length);
            bool privileged = sge.memoryRegionToken == NDK_PRIVILEGED_TOKEN;
            const NdkKeyEntry* e =
                privileged ? nullptr : adapter.GetKeyTable().Lookup(sge.memoryRegionToken);
            if (privileged || e)
            {
                CopyThroughEntry(adapter, e, sge.address + from, buffer, n, toMemory);
            }
            else if (!toMemory)
            {
                std::fill_n(buffer, n, 0);
            }
            buffer += n;
            offset += n;
            length -= n;
        }
        position = end;
    }
}

} // namespace

bool
NdkQp::CarriesContents() const
{
    return GetAdapter()->GetHostMemory()->HasTrackedContents();
}

// ---------------------------------------------------------------- requester execution

bool
NdkQp::ValidateLocalSges(const NdkWqe& wqe, bool sink) const
{
    // per SGE.
    NdkAdapter& adapter = *GetAdapter();
    for (const NdkSge& sge : wqe.sges)
    {
        if (sge.memoryRegionToken == NDK_PRIVILEGED_TOKEN)
        {
            if (!adapter.IsLogicalRangeMapped(sge.address, std::max<uint64_t>(sge.length, 1)))
            {
                return false;
            }
            if (sink && !adapter.HasFlag(NDK_ADAPTER_FLAG_RDMA_READ_SINK_NOT_REQUIRED) &&
                wqe.op == NdkWqeOp::Read)
            {
                return false;
            }
            continue;
        }
        const NdkKeyEntry* e = adapter.GetKeyTable().Lookup(sge.memoryRegionToken);
        if (e == nullptr || e->kind == NdkKeyKind::Mw || !e->valid || e->pd != m_pd)
        {
            return false;
        }
        if (sge.address < e->base || sge.length > e->length ||
            sge.address - e->base > e->length - sge.length)
        {
            return false;
        }
        if (sink)
        {
            if (!e->localWrite)
            {
                return false;
            }
            if (wqe.op == NdkWqeOp::Read && !e->readSink &&
                !adapter.HasFlag(NDK_ADAPTER_FLAG_RDMA_READ_SINK_NOT_REQUIRED))
            {
                return false;
            }
        }
    }
    return true;
}

void
NdkQp::FinishLocal(NdkWqe& wqe, NdkStatus status, NdkProviderError cause)
{
    wqe.done = true;
    wqe.status = status;
    wqe.cause = cause;
    if (status != NdkStatus::SUCCESS)
    {
        ++m_stats.errors;
        EnterError(cause);
    }
}

void
NdkQp::ExecuteLocal(NdkWqe& wqe)
{
    NdkKeyTable& keys = GetAdapter()->GetKeyTable();
    switch (wqe.op)
    {
    case NdkWqeOp::Bind: {
        // the window must be unbound and the MR still valid.
        NdkKeyEntry& mrEntry = keys.At(wqe.mr->GetKeyIndex());
        NdkKeyEntry& mwEntry = keys.At(wqe.mw->GetKeyIndex());
        if (mwEntry.valid || !mrEntry.valid || wqe.mw->IsClosing())
        {
            FinishLocal(wqe, NdkStatus::INVALID_DEVICE_REQUEST, NdkProviderError::MemoryOperation);
            return;
        }
        keys.SetToken(wqe.mw->GetKeyIndex(), wqe.newToken);
        mwEntry.valid = true;
        mwEntry.base = wqe.va;
        mwEntry.length = wqe.rangeLength;
        mwEntry.remoteRead = wqe.flags & NDK_OP_FLAG_ALLOW_REMOTE_READ;
        mwEntry.remoteWrite = (wqe.flags & 0x20) != 0;
        mwEntry.localWrite = false;
        mwEntry.boundQp = this;
        mwEntry.boundMr = PeekPointer(wqe.mr);
        wqe.mr->WindowBound();
        FinishLocal(wqe, NdkStatus::SUCCESS, NdkProviderError::None);
        return;
    }
    case NdkWqeOp::FastRegister: {
        // the MR must be free (invalidated since its last registration).
        NdkKeyEntry& e = keys.At(wqe.mr->GetKeyIndex());
        if (e.valid || wqe.mr->IsClosing())
        {
            FinishLocal(wqe, NdkStatus::INVALID_DEVICE_REQUEST, NdkProviderError::MemoryOperation);
            return;
        }
        keys.SetToken(wqe.mr->GetKeyIndex(), wqe.newToken);
        e.valid = true;
        e.base = wqe.va;
        e.length = wqe.rangeLength;
        e.fbo = wqe.fbo;
        e.pages = wqe.pages;
        e.localWrite = (wqe.flags & NDK_OP_FLAG_ALLOW_LOCAL_WRITE) != 0;
        e.remoteRead = (wqe.flags & NDK_OP_FLAG_ALLOW_REMOTE_READ) != 0;
        e.remoteWrite = (wqe.flags & 0x20) != 0;
        e.readSink = (wqe.flags & NDK_OP_FLAG_RDMA_READ_SINK) != 0;
        FinishLocal(wqe, NdkStatus::SUCCESS, NdkProviderError::None);
        return;
    }
    case NdkWqeOp::Invalidate: {
        // the object must be valid; a window must be bound through this QP.
        if (wqe.mw)
        {
            const NdkKeyEntry& e = keys.At(wqe.mw->GetKeyIndex());
            if (!e.valid || e.boundQp != this)
            {
                FinishLocal(wqe, NdkStatus::INVALID_DEVICE_REQUEST, NdkProviderError::MemoryOperation);
                return;
            }
            wqe.mw->Unbind();
        }
        else
        {
            NdkKeyEntry& e = keys.At(wqe.mr->GetKeyIndex());
            if (!e.valid || wqe.mr->GetPd() != m_pd)
            {
                FinishLocal(wqe, NdkStatus::INVALID_DEVICE_REQUEST, NdkProviderError::MemoryOperation);
                return;
            }
            e.valid = false;
        }
        FinishLocal(wqe, NdkStatus::SUCCESS, NdkProviderError::None);
        return;
    }
    case NdkWqeOp::Read:
        if ((wqe.flags & NDK_OP_FLAG_RDMA_READ_LOCAL_INVALIDATE) &&
            GetAdapter()->HasFlag(NDK_ADAPTER_FLAG_RDMA_READ_LOCAL_INVALIDATE_SUPPORTED))
        {
            // the first SGE must name a fast-registered MR.
            const NdkKeyEntry* e = wqe.sges.empty()
                                       ? nullptr
                                       : keys.Lookup(wqe.sges[0].memoryRegionToken);
            if (e == nullptr || e->kind != NdkKeyKind::FastMr)
            {
                FinishLocal(wqe, NdkStatus::INVALID_DEVICE_REQUEST, NdkProviderError::MemoryOperation);
                return;
            }
        }
        [[fallthrough]];
    default:
        // local SGEs (inline data was copied at post time and is not checked).
        if (!(wqe.flags & NDK_OP_FLAG_INLINE) && !ValidateLocalSges(wqe, wqe.op == NdkWqeOp::Read))
        {
            FinishLocal(wqe, NdkStatus::ACCESS_VIOLATION, NdkProviderError::LocalProtection);
        }
        return;
    }
}

NdkWqe*
NdkQp::StartNextRequest()
{
    if (m_state != NdkQpState::Connected || IsClosing() || m_sqStart >= m_sqReady)
    {
        return nullptr;
    }
    NdkWqe& w = Slot(m_sqStart);
    // READ_FENCE waits for every earlier read; a read waits for a free ORD slot.
    if ((w.flags & NDK_OP_FLAG_READ_FENCE) && m_outstandingReads > 0)
    {
        return nullptr;
    }
    if (w.op == NdkWqeOp::Read && m_outstandingReads >= m_ord)
    {
        return nullptr;
    }
    ++m_sqStart;
    w.started = true;
    ExecuteLocal(w);
    if (w.done)
    {
        DrainCompletions();
        return &w;
    }
    if (w.op == NdkWqeOp::Read)
    {
        ++m_outstandingReads;
    }
    return &w;
}

void
NdkQp::CompleteRequest(NdkWqe* wqe, NdkStatus status, NdkProviderError cause)
{
    if (wqe->done)
    {
        return; // already flushed
    }
    if (wqe->op == NdkWqeOp::Read && m_outstandingReads > 0)
    {
        --m_outstandingReads;
    }
    if (status == NdkStatus::SUCCESS && wqe->op == NdkWqeOp::Read &&
        (wqe->flags & NDK_OP_FLAG_RDMA_READ_LOCAL_INVALIDATE) &&
        GetAdapter()->HasFlag(NDK_ADAPTER_FLAG_RDMA_READ_LOCAL_INVALIDATE_SUPPORTED))
    {
        // The sink MR is invalidated before the completion is visible (NDK).
        if (NdkKeyEntry* e = GetAdapter()->GetKeyTable().Lookup(wqe->sges[0].memoryRegionToken))
        {
            e->valid = false;
        }
    }
    wqe->done = true;
    wqe->status = status;
    wqe->cause = cause;
    if (status != NdkStatus::SUCCESS)
    {
        ++m_stats.errors;
        EnterError(cause);
        return;
    }
    DrainCompletions();
    // A completed read may release a fenced or ORD-limited request.
    if (wqe->op == NdkWqeOp::Read && m_sqStart < m_sqReady)
    {
        if (Ptr<NdkTransport> t = GetAdapter()->GetTransport())
        {
            t->NotifyInitiatorWork(this);
        }
    }
}

void
NdkQp::TimeoutRequest(uint64_t sequence)
{
    if (sequence < m_sqHead || sequence >= m_sqTail)
    {
        return;
    }
    NdkWqe& w = Slot(sequence);
    if (w.started && !w.done)
    {
        CompleteRequest(&w, NdkStatus::IO_TIMEOUT, NdkProviderError::TransportRetryExceeded);
    }
}

void
NdkQp::GatherPayload(const NdkWqe& wqe, uint64_t offset, uint8_t* out, uint64_t length) const
{
    if (!wqe.inlineData.empty())
    {
        std::copy_n(wqe.inlineData.data() + offset, length, out);
        return;
    }
    CopySges(*GetAdapter(), wqe.sges, offset, out, length, false);
}

void
NdkQp::ScatterReadResponse(const NdkWqe& wqe, uint64_t offset, const uint8_t* data, uint64_t length)
{
    CopySges(*GetAdapter(), wqe.sges, offset, const_cast<uint8_t*>(data), length, true);
}

// ---------------------------------------------------------------- responder side

bool
NdkQp::AcceptsInbound() const
{
    return m_acceptInbound && !IsClosing() &&
           (m_state == NdkQpState::Connected || m_state == NdkQpState::Connecting);
}

NdkAccessCheck
NdkQp::InboundAccess(NdkRemoteOp op, uint32_t token, uint64_t address, uint64_t length)
{
    NdkAccessCheck check =
        GetAdapter()->GetKeyTable().CheckRemote(*this, op, token, address, length);
    // W8: an honest requester never exceeds the negotiated inbound read limit.
    if (check.status == NdkStatus::SUCCESS && op == NdkRemoteOp::Read)
    {
        if (m_inboundReads >= m_ird)
        {
            check = {NdkStatus::REMOTE_RESOURCES, NdkAccessFault::ReadLimit, nullptr};
        }
        else
        {
            ++m_inboundReads;
        }
    }
    if (check.status != NdkStatus::SUCCESS)
    {
        ++m_stats.inboundRejected;
        GetAdapter()->m_accessViolationTrace(m_qpn, op, token, address, length, check.fault);
        // Class C: the responder QP goes to Error; nothing was written.
        EnterError(check.fault == NdkAccessFault::ReadLimit ? NdkProviderError::InvalidRequest
                                                            : NdkProviderError::RemoteAccess);
    }
    return check;
}

void
NdkQp::InboundWriteData(const NdkAccessCheck& target, uint64_t address, const uint8_t* data, uint64_t length)
{
    if (target.entry && length > 0 && CarriesContents())
    {
        CopyThroughEntry(*GetAdapter(), target.entry, address, const_cast<uint8_t*>(data), length, true);
    }
}

void
NdkQp::InboundReadData(const NdkAccessCheck& target, uint64_t address, uint8_t* out, uint64_t length) const
{
    if (target.entry && length > 0)
    {
        CopyThroughEntry(*GetAdapter(), target.entry, address, out, length, false);
    }
    else
    {
        std::fill_n(out, length, 0);
    }
}

void
NdkQp::InboundReadDone()
{
    if (m_inboundReads > 0)
    {
        --m_inboundReads;
    }
}

void
NdkQp::InboundRevoked(NdkRemoteOp op,
                      uint32_t token,
                      uint64_t address,
                      uint64_t length,
                      NdkAccessFault fault)
{
    // Counted as a rejection of its own: the access passed InboundAccess, which counted nothing.
    ++m_stats.inboundRejected;
    GetAdapter()->m_accessViolationTrace(m_qpn, op, token, address, length, fault);
}

NdkNak
NdkQp::InboundSendBegin()
{
    // S1: a receive must be available.
    if (m_srq)
    {
        if (!m_srq->Pop(&m_inboundRecv))
        {
            return NdkNak::Rnr;
        }
    }
    else
    {
        if (m_rqHead == m_rqTail)
        {
            return NdkNak::Rnr;
        }
        m_inboundRecv = RecvSlot(m_rqHead++);
    }
    m_inboundActive = true;
    // S2: the receive buffers need local write (checked like a read sink without the flag).
    NdkWqe probe;
    probe.op = NdkWqeOp::Send;
    probe.sges = m_inboundRecv.sges;
    if (!ValidateLocalSges(probe, true))
    {
        m_inboundActive = false;
        ++m_stats.errors;
        CompleteReceive(m_inboundRecv,
                        NdkStatus::ACCESS_VIOLATION,
                        0,
                        NdkOperationType::Receive,
                        0,
                        false,
                        NdkProviderError::LocalProtection);
        EnterError(NdkProviderError::LocalProtection);
        return NdkNak::RemoteOperational;
    }
    return NdkNak::None;
}

NdkNak
NdkQp::InboundSendData(uint64_t offset, const uint8_t* data, uint64_t length)
{
    if (!m_inboundActive)
    {
        return NdkNak::InvalidRequest;
    }
    // S3: the message must fit the receive.
    if (offset + length > m_inboundRecv.capacity)
    {
        m_inboundActive = false;
        ++m_stats.errors;
        CompleteReceive(m_inboundRecv,
                        NdkStatus::BUFFER_OVERFLOW,
                        0,
                        NdkOperationType::Receive,
                        0,
                        false,
                        NdkProviderError::LocalLength);
        EnterError(NdkProviderError::LocalLength);
        return NdkNak::InvalidRequest;
    }
    if (data && length > 0 && CarriesContents())
    {
        CopySges(*GetAdapter(), m_inboundRecv.sges, offset, const_cast<uint8_t*>(data), length, true);
    }
    return NdkNak::None;
}

NdkNak
NdkQp::InboundSendEnd(uint64_t totalLength, bool invalidate, uint32_t token, bool solicited)
{
    if (!m_inboundActive)
    {
        return NdkNak::InvalidRequest;
    }
    if (totalLength > m_inboundRecv.capacity)
    {
        return InboundSendData(0, nullptr, totalLength);
    }
    m_inboundActive = false;
    NdkOperationType type = NdkOperationType::Receive;
    if (invalidate)
    {
        // S4: only a valid fast-registered MR or a window bound through this QP, same PD.
        NdkAccessCheck check =
            GetAdapter()->GetKeyTable().CheckRemote(*this, NdkRemoteOp::Invalidate, token, 0, 0);
        if (check.status != NdkStatus::SUCCESS)
        {
            ++m_stats.inboundRejected;
            ++m_stats.errors;
            GetAdapter()->m_accessViolationTrace(m_qpn, NdkRemoteOp::Invalidate, token, 0, 0, check.fault);
            CompleteReceive(m_inboundRecv,
                            NdkStatus::INVALID_DEVICE_REQUEST,
                            0,
                            NdkOperationType::Receive,
                            0,
                            false,
                            NdkProviderError::InvalidRequest);
            EnterError(NdkProviderError::InvalidRequest);
            return NdkNak::InvalidRequest;
        }
        // The token dies before the receive completion is visible (E-1).
        if (check.entry->kind == NdkKeyKind::Mw)
        {
            check.entry->mw->Unbind();
        }
        else
        {
            check.entry->valid = false;
        }
        type = NdkOperationType::ReceiveAndInvalidate;
    }
    CompleteReceive(m_inboundRecv,
                    NdkStatus::SUCCESS,
                    totalLength,
                    type,
                    invalidate ? token : 0,
                    solicited,
                    NdkProviderError::None);
    return NdkNak::None;
}

} // namespace ns3
