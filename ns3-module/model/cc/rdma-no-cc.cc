#include "rdma-no-cc.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(RdmaNoCc);

TypeId
RdmaNoCc::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RdmaNoCc")
                            .SetParent<RdmaCongestionOps>()
                            .SetGroupName("Ndksim")
                            .AddConstructor<RdmaNoCc>();
    return tid;
}

RdmaNoCc::RdmaNoCc() = default;

RdmaNoCc::RdmaNoCc(const RdmaNoCc& other) = default;

std::string
RdmaNoCc::GetName() const
{
    return "RdmaNoCc";
}

Ptr<RdmaCongestionOps>
RdmaNoCc::Fork()
{
    return CopyObject<RdmaNoCc>(this);
}

} // namespace ns3
