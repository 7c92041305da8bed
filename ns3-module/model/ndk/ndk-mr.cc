#include "ndk-mr.h"

#include "ndk-adapter.h"
#include "ndk-pd.h"

namespace ns3
{

NdkMr::NdkMr(NdkAdapter* adapter, NdkPd* pd, bool fastRegister)
    : NdkObject(NdkObjectType::Mr, adapter),
      m_pd(pd),
      m_fastRegister(fastRegister)
{
}

bool
NdkMr::IsRegistered() const
{
    return m_keyIndex != 0 && GetAdapter()->GetKeyTable().At(m_keyIndex).valid;
}

NdkStatus
NdkMr::Register(uint64_t address, uint64_t length, uint32_t flags, NdkRequestCompletion async)
{
    NdkStatus open = CheckOpen();
    if (open != NdkStatus::SUCCESS)
    {
        return open;
    }
    if (m_fastRegister || IsRegistered())
    {
        return NdkStatus::INVALID_DEVICE_REQUEST;
    }
    // Zero-based VAs are not supported: the address is an absolute tag, so 0 is rejected.
    if (length == 0 || address == 0 || length > GetAdapter()->Limits().maxRegistrationSize ||
        address + length < address)
    {
        return NdkStatus::INVALID_PARAMETER;
    }
    const uint32_t known = NDK_MR_FLAG_ALLOW_LOCAL_WRITE | NDK_MR_FLAG_ALLOW_REMOTE_READ |
                           NDK_MR_FLAG_ALLOW_REMOTE_WRITE | NDK_MR_FLAG_RDMA_READ_SINK;
    if ((flags & ~known) != 0 || ((flags & 0x4) && !(flags & 0x1)))
    {
        return NdkStatus::INVALID_PARAMETER;
    }
    NdkKeyTable& keys = GetAdapter()->GetKeyTable();
    if (m_keyIndex == 0)
    {
        m_keyIndex = keys.Allocate(NdkKeyKind::Mr);
    }
    else
    {
        keys.SetToken(m_keyIndex, keys.NextToken(m_keyIndex, keys.At(m_keyIndex).token));
    }
    NdkKeyEntry& e = keys.At(m_keyIndex);
    e.mr = this;
    e.pd = m_pd;
    e.base = address;
    e.length = length;
    e.localWrite = flags & NDK_MR_FLAG_ALLOW_LOCAL_WRITE;
    e.remoteRead = flags & NDK_MR_FLAG_ALLOW_REMOTE_READ;
    e.remoteWrite = (flags & 0x4) != 0;
    e.readSink = flags & NDK_MR_FLAG_RDMA_READ_SINK;
    e.valid = true;
    return GetAdapter()->FinishRequest(this, async);
}

NdkStatus
NdkMr::Deregister(NdkRequestCompletion async)
{
    NdkStatus open = CheckOpen();
    if (open != NdkStatus::SUCCESS)
    {
        return open;
    }
    if (m_fastRegister || !IsRegistered())
    {
        return NdkStatus::INVALID_DEVICE_REQUEST;
    }
    if (m_boundWindows > 0)
    {
        return NdkStatus::DEVICE_BUSY;
    }
    GetAdapter()->GetKeyTable().At(m_keyIndex).valid = false;
    return GetAdapter()->FinishRequest(this, async);
}

NdkStatus
NdkMr::InitializeFastRegister(uint32_t adapterPageCount, bool remoteAccess, NdkRequestCompletion async)
{
    NdkStatus open = CheckOpen();
    if (open != NdkStatus::SUCCESS)
    {
        return open;
    }
    if (!m_fastRegister || IsRegistered())
    {
        return NdkStatus::INVALID_DEVICE_REQUEST;
    }
    if (adapterPageCount == 0)
    {
        return NdkStatus::INVALID_PARAMETER;
    }
    if (adapterPageCount > GetAdapter()->GetMaxFrmrPageCount())
    {
        return NdkStatus::IMPLEMENTATION_LIMIT;
    }
    if (m_keyIndex == 0)
    {
        m_keyIndex = GetAdapter()->GetKeyTable().Allocate(NdkKeyKind::FastMr);
        NdkKeyEntry& e = GetAdapter()->GetKeyTable().At(m_keyIndex);
        e.mr = this;
        e.pd = m_pd;
        m_postedToken = e.token;
    }
    m_frInitialized = true;
    m_frPageCount = adapterPageCount;
    m_frRemoteAccess = remoteAccess;
    return GetAdapter()->FinishRequest(this, async);
}

uint32_t
NdkMr::GetLocalToken() const
{
    return GetRemoteToken();
}

uint32_t
NdkMr::GetRemoteToken() const
{
    if (m_fastRegister)
    {
        return m_postedToken;
    }
    return m_keyIndex == 0 ? 0 : GetAdapter()->GetKeyTable().At(m_keyIndex).token;
}

void
NdkMr::WindowBound()
{
    ++m_boundWindows;
    AddSuccessor(); // MR -> MW edge while the window is bound
}

void
NdkMr::WindowUnbound()
{
    if (m_boundWindows > 0)
    {
        --m_boundWindows;
        RemoveSuccessor();
    }
}

void
NdkMr::DoCloseStart()
{
    if (m_keyIndex != 0)
    {
        GetAdapter()->GetKeyTable().At(m_keyIndex).valid = false; // tokens die at once
    }
}

void
NdkMr::DoCloseFinish()
{
    if (m_keyIndex != 0)
    {
        GetAdapter()->GetKeyTable().Release(m_keyIndex);
    }
    GetAdapter()->Register(NdkObjectType::Mr, -1);
    m_pd->RemoveSuccessor();
}

} // namespace ns3
