/*
 * Congestion Notification Packet body (RoCEv2 Annex A17.9.3).
 */

#include "roce-cnp-header.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(RoceCnpHeader);

RoceCnpHeader::RoceCnpHeader()
    : m_reserved0(0),
      m_reserved1(0)
{
}

TypeId
RoceCnpHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RoceCnpHeader")
                            .SetParent<Header>()
                            .SetGroupName("Ndksim")
                            .AddConstructor<RoceCnpHeader>();
    return tid;
}

TypeId
RoceCnpHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

RoceBthHeader
RoceCnpHeader::MakeBth(uint32_t destQp, uint16_t pkey)
{
    RoceBthHeader bth;
    bth.SetOpcode(RoceOpcode::CNP);
    bth.SetPartitionKey(pkey);
    bth.SetBecn(true);
    bth.SetDestQp(destQp);
    bth.SetPsn(0);
    return bth;
}

uint32_t
RoceCnpHeader::GetSerializedSize() const
{
    return SIZE;
}

void
RoceCnpHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU64(m_reserved0);
    start.WriteHtonU64(m_reserved1);
}

uint32_t
RoceCnpHeader::Deserialize(Buffer::Iterator start)
{
    m_reserved0 = start.ReadNtohU64();
    m_reserved1 = start.ReadNtohU64();
    return SIZE;
}

void
RoceCnpHeader::Print(std::ostream& os) const
{
    os << "cnp reserved";
    if (m_reserved0 != 0 || m_reserved1 != 0)
    {
        os << " (nonzero)";
    }
}

} // namespace ns3
