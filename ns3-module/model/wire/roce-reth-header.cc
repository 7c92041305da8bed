/*
 * RDMA Extended Transport Header (IBTA Vol 1 §9.3.3).
 */

#include "roce-reth-header.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(RoceRethHeader);

RoceRethHeader::RoceRethHeader()
    : m_va(0),
      m_rkey(0),
      m_dmaLength(0)
{
}

RoceRethHeader::RoceRethHeader(uint64_t va, uint32_t rkey, uint32_t dmaLength)
    : m_va(va),
      m_rkey(rkey),
      m_dmaLength(dmaLength)
{
}

TypeId
RoceRethHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RoceRethHeader")
                            .SetParent<Header>()
                            .SetGroupName("Ndksim")
                            .AddConstructor<RoceRethHeader>();
    return tid;
}

TypeId
RoceRethHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
RoceRethHeader::GetSerializedSize() const
{
    return SIZE;
}

void
RoceRethHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU64(m_va);
    start.WriteHtonU32(m_rkey);
    start.WriteHtonU32(m_dmaLength);
}

uint32_t
RoceRethHeader::Deserialize(Buffer::Iterator start)
{
    m_va = start.ReadNtohU64();
    m_rkey = start.ReadNtohU32();
    m_dmaLength = start.ReadNtohU32();
    return SIZE;
}

void
RoceRethHeader::Print(std::ostream& os) const
{
    const auto flags = os.flags();
    os << "va=0x" << std::hex << m_va << " rkey=0x" << m_rkey << std::dec << " len=" << m_dmaLength;
    os.flags(flags);
}

} // namespace ns3
