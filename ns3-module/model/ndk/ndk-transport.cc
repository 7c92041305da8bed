#include "ndk-transport.h"

#include "ndk-qp.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(NdkTransport);

TypeId
NdkTransport::GetTypeId()
{
    static TypeId tid = TypeId("ns3::NdkTransport").SetParent<Object>().SetGroupName("Ndksim");
    return tid;
}

void
NdkTransport::NotifyReceivePosted(Ptr<NdkQp> qp)
{
}

void
NdkTransport::NotifyQpReset(Ptr<NdkQp> qp)
{
}

} // namespace ns3
