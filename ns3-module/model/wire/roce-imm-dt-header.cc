/*
 * Immediate Data extended transport header (IBTA Vol 1 §9.3.4).
 */

#include "roce-imm-dt-header.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(RoceImmDtHeader);

RoceImmDtHeader::RoceImmDtHeader(uint32_t immediate)
    : m_immediate(immediate)
{
}

TypeId
RoceImmDtHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RoceImmDtHeader")
                            .SetParent<Header>()
                            .SetGroupName("Ndksim")
                            .AddConstructor<RoceImmDtHeader>();
    return tid;
}

TypeId
RoceImmDtHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
RoceImmDtHeader::GetSerializedSize() const
{
    return SIZE;
}

void
RoceImmDtHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU32(m_immediate);
}

uint32_t
RoceImmDtHeader::Deserialize(Buffer::Iterator start)
{
    m_immediate = start.ReadNtohU32();
    return SIZE;
}

void
RoceImmDtHeader::Print(std::ostream& os) const
{
    const auto flags = os.flags();
    os << "imm=0x" << std::hex << m_immediate;
    os.flags(flags);
}

} // namespace ns3
