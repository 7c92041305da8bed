/*
 * Invalidate Extended Transport Header (IBTA Vol 1 §9.3.7).
 */

#include "roce-ieth-header.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(RoceIethHeader);

RoceIethHeader::RoceIethHeader(uint32_t rkey)
    : m_rkey(rkey)
{
}

TypeId
RoceIethHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RoceIethHeader")
                            .SetParent<Header>()
                            .SetGroupName("Ndksim")
                            .AddConstructor<RoceIethHeader>();
    return tid;
}

TypeId
RoceIethHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
RoceIethHeader::GetSerializedSize() const
{
    return SIZE;
}

void
RoceIethHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU32(m_rkey);
}

uint32_t
RoceIethHeader::Deserialize(Buffer::Iterator start)
{
    m_rkey = start.ReadNtohU32();
    return SIZE;
}

void
RoceIethHeader::Print(std::ostream& os) const
{
    const auto flags = os.flags();
    os << "invalidate rkey=0x" << std::hex << m_rkey;
    os.flags(flags);
}

} // namespace ns3
