#include "roce-cm-header.h"

#include "ns3/abort.h"

#include <algorithm>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(RoceCmHeader);

namespace
{
constexpr uint32_t MAD_HEADER = 24;
constexpr uint32_t CM_FIXED = 33;
} // namespace

RoceCmHeader::RoceCmHeader() = default;

TypeId
RoceCmHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RoceCmHeader")
                            .SetParent<Header>()
                            .SetGroupName("Ndksim")
                            .AddConstructor<RoceCmHeader>();
    return tid;
}

TypeId
RoceCmHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
RoceCmHeader::Print(std::ostream& os) const
{
    os << "CM attr=0x" << std::hex << attribute << std::dec << " lcid=" << localCommId
       << " rcid=" << remoteCommId << " qpn=" << qpn << " psn=" << startingPsn
       << " pdata=" << privateData.size();
}

uint32_t
RoceCmHeader::GetSerializedSize() const
{
    return SIZE;
}

void
RoceCmHeader::Serialize(Buffer::Iterator i) const
{
    NS_ABORT_MSG_IF(privateData.size() > MAX_PRIVATE_DATA,
                    "RoceCmHeader: " << privateData.size() << " bytes of private data, at most "
                                     << MAX_PRIVATE_DATA);
    i.WriteU8(1);             // base version
    i.WriteU8(MGMT_CLASS_CM); // management class
    i.WriteU8(2);             // class version
    i.WriteU8(0x03);          // method: Send
    i.WriteHtonU16(0);        // status
    i.WriteHtonU16(0);        // class specific
    i.WriteHtonU64(transactionId);
    i.WriteHtonU16(attribute);
    i.WriteHtonU16(0); // reserved
    i.WriteHtonU32(0); // attribute modifier
    i.WriteHtonU32(localCommId);
    i.WriteHtonU32(remoteCommId);
    i.WriteHtonU32(qpn & 0x00FFFFFF);
    i.WriteHtonU32(srcAddress);
    i.WriteHtonU32(dstAddress);
    i.WriteHtonU16(srcPort);
    i.WriteHtonU16(dstPort);
    i.WriteHtonU32(startingPsn & 0x00FFFFFF);
    i.WriteU8(inboundReadLimit);
    i.WriteU8(outboundReadLimit);
    i.WriteU8(rejectReason);
    i.WriteU8(srq ? 1 : 0);
    i.WriteU8(static_cast<uint8_t>(privateData.size()));
    for (uint8_t b : privateData)
    {
        i.WriteU8(b);
    }
    i.WriteU8(0, SIZE - MAD_HEADER - CM_FIXED - privateData.size());
}

uint32_t
RoceCmHeader::Deserialize(Buffer::Iterator i)
{
    i.Next(8); // versions, class, method, status, class specific
    transactionId = i.ReadNtohU64();
    attribute = i.ReadNtohU16();
    i.Next(6);
    localCommId = i.ReadNtohU32();
    remoteCommId = i.ReadNtohU32();
    qpn = i.ReadNtohU32() & 0x00FFFFFF;
    srcAddress = i.ReadNtohU32();
    dstAddress = i.ReadNtohU32();
    srcPort = i.ReadNtohU16();
    dstPort = i.ReadNtohU16();
    startingPsn = i.ReadNtohU32() & 0x00FFFFFF;
    inboundReadLimit = i.ReadU8();
    outboundReadLimit = i.ReadU8();
    rejectReason = i.ReadU8();
    srq = i.ReadU8() & 1;
    uint32_t length = std::min<uint32_t>(i.ReadU8(), MAX_PRIVATE_DATA);
    privateData.resize(length);
    for (uint32_t k = 0; k < length; ++k)
    {
        privateData[k] = i.ReadU8();
    }
    i.Next(SIZE - MAD_HEADER - CM_FIXED - length);
    return SIZE;
}

} // namespace ns3
