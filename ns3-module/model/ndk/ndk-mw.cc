#include "ndk-mw.h"

#include "ndk-adapter.h"
#include "ndk-mr.h"
#include "ndk-pd.h"

namespace ns3
{

NdkMw::NdkMw(NdkAdapter* adapter, NdkPd* pd)
    : NdkObject(NdkObjectType::Mw, adapter),
      m_pd(pd)
{
    m_keyIndex = adapter->GetKeyTable().Allocate(NdkKeyKind::Mw);
    NdkKeyEntry& e = adapter->GetKeyTable().At(m_keyIndex);
    e.mw = this;
    e.pd = pd;
    m_postedToken = e.token;
}

bool
NdkMw::IsBound() const
{
    return GetAdapter()->GetKeyTable().At(m_keyIndex).valid;
}

void
NdkMw::Unbind()
{
    NdkKeyEntry& e = GetAdapter()->GetKeyTable().At(m_keyIndex);
    if (!e.valid)
    {
        return;
    }
    e.valid = false;
    e.boundQp = nullptr;
    NdkMr* mr = e.boundMr;
    e.boundMr = nullptr;
    if (mr)
    {
        mr->WindowUnbound();
    }
}

void
NdkMw::DoCloseStart()
{
    Unbind(); // IB dealloc unbinds: the token dies at once
}

void
NdkMw::DoCloseFinish()
{
    GetAdapter()->GetKeyTable().Release(m_keyIndex);
    GetAdapter()->Register(NdkObjectType::Mw, -1);
    m_pd->RemoveSuccessor();
}

} // namespace ns3
