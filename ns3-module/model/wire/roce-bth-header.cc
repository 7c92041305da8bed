/*
 * RoCEv2 Base Transport Header (IBTA Vol 1 §9.2). The fields are kept as the three wire words,
 * so Serialize/Deserialize are three 32-bit moves and the accessors are shifts and masks.
 */

#include "roce-bth-header.h"

#include <iomanip>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(RoceBthHeader);

RoceBthHeader::RoceBthHeader()
    : m_word0(DEFAULT_PARTITION_KEY),
      m_word1(0),
      m_word2(0)
{
}

TypeId
RoceBthHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RoceBthHeader")
                            .SetParent<Header>()
                            .SetGroupName("Ndksim")
                            .AddConstructor<RoceBthHeader>();
    return tid;
}

TypeId
RoceBthHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
RoceBthHeader::GetSerializedSize() const
{
    return SIZE;
}

void
RoceBthHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU32(m_word0);
    start.WriteHtonU32(m_word1);
    start.WriteHtonU32(m_word2);
}

uint32_t
RoceBthHeader::Deserialize(Buffer::Iterator start)
{
    m_word0 = start.ReadNtohU32();
    m_word1 = start.ReadNtohU32();
    m_word2 = start.ReadNtohU32();
    return SIZE;
}

void
RoceBthHeader::Print(std::ostream& os) const
{
    const auto flags = os.flags();
    const auto fill = os.fill();
    os << "opcode=" << GetOpcode() << std::hex << std::setfill('0') << " se=" << GetSolicitedEvent()
       << " m=" << GetMigReq() << " pad=" << static_cast<uint32_t>(GetPadCount())
       << " tver=" << static_cast<uint32_t>(GetTransportVersion()) << " pkey=0x" << std::setw(4)
       << GetPartitionKey() << " fecn=" << GetFecn() << " becn=" << GetBecn() << " dqp=0x"
       << std::setw(6) << GetDestQp() << " a=" << GetAckRequest() << std::dec
       << " psn=" << GetPsn();
    os.flags(flags);
    os.fill(fill);
}

} // namespace ns3
