/*
 * IEEE 802.1Q tag control information + inner EtherType.
 */

#include "vlan-tag-header.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(VlanTagHeader);

VlanTagHeader::VlanTagHeader()
    : m_tci(0),
      m_etherType(0x0800)
{
}

VlanTagHeader::VlanTagHeader(uint8_t pcp, uint16_t vid, uint16_t etherType)
    : m_tci(static_cast<uint16_t>(((pcp & 7U) << 13) | (vid & 0x0FFF))),
      m_etherType(etherType)
{
}

TypeId
VlanTagHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::VlanTagHeader")
                            .SetParent<Header>()
                            .SetGroupName("Ndksim")
                            .AddConstructor<VlanTagHeader>();
    return tid;
}

TypeId
VlanTagHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
VlanTagHeader::GetSerializedSize() const
{
    return SIZE;
}

void
VlanTagHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU16(m_tci);
    start.WriteHtonU16(m_etherType);
}

uint32_t
VlanTagHeader::Deserialize(Buffer::Iterator start)
{
    m_tci = start.ReadNtohU16();
    m_etherType = start.ReadNtohU16();
    return SIZE;
}

void
VlanTagHeader::Print(std::ostream& os) const
{
    const auto flags = os.flags();
    os << "vlan pcp=" << static_cast<uint32_t>(GetPcp()) << " dei=" << GetDei()
       << " vid=" << GetVid() << " type=0x" << std::hex << m_etherType;
    os.flags(flags);
}

} // namespace ns3
