/*
 * Datagram Extended Transport Header (IBTA Vol 1 §9.3.2).
 */

#include "roce-deth-header.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(RoceDethHeader);

RoceDethHeader::RoceDethHeader()
    : m_qkey(0),
      m_word1(0)
{
}

RoceDethHeader::RoceDethHeader(uint32_t qkey, uint32_t srcQp)
    : m_qkey(qkey),
      m_word1(srcQp & 0x00FFFFFF)
{
}

TypeId
RoceDethHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RoceDethHeader")
                            .SetParent<Header>()
                            .SetGroupName("Ndksim")
                            .AddConstructor<RoceDethHeader>();
    return tid;
}

TypeId
RoceDethHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
RoceDethHeader::GetSerializedSize() const
{
    return SIZE;
}

void
RoceDethHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU32(m_qkey);
    start.WriteHtonU32(m_word1);
}

uint32_t
RoceDethHeader::Deserialize(Buffer::Iterator start)
{
    m_qkey = start.ReadNtohU32();
    m_word1 = start.ReadNtohU32();
    return SIZE;
}

void
RoceDethHeader::Print(std::ostream& os) const
{
    const auto flags = os.flags();
    os << "qkey=0x" << std::hex << m_qkey << " srcqp=0x" << GetSrcQp();
    os.flags(flags);
}

} // namespace ns3
