/*
 * Raw-byte access to RoCEv2 frames. SetEcnCe on a Packet swaps the first bytes through
 * RemoveAtStart + AddHeader of a raw-bytes header: ns-3 has no in-place write into a Packet,
 * and this keeps the payload untouched (the buffer reuses the freed head room).
 */

#include "roce-raw-frame.h"

#include "ns3/header.h"

#include <cstring>

namespace ns3
{

namespace
{

/** The most bytes SetEcnCe rewrites: tagged Ethernet header + IPv4 up to its checksum. */
constexpr uint32_t MAX_PREFIX = 18 + 12;

/**
 * A header that is a copy of raw bytes, used to write back a modified frame prefix. It has a
 * default constructor and a sized Deserialize so that Packet::Print (when packet metadata is
 * enabled) can walk over it.
 */
class RoceRawPrefixHeader : public Header
{
  public:
    RoceRawPrefixHeader()
        : m_bytes(nullptr),
          m_size(0)
    {
    }

    /**
     * \param bytes the bytes (kept by pointer: the object lives only during AddHeader)
     * \param size their count
     */
    RoceRawPrefixHeader(const uint8_t* bytes, uint32_t size)
        : m_bytes(bytes),
          m_size(size)
    {
    }

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::RoceRawPrefixHeader")
                                .SetParent<Header>()
                                .SetGroupName("Ndksim")
                                .AddConstructor<RoceRawPrefixHeader>();
        return tid;
    }

    TypeId GetInstanceTypeId() const override
    {
        return GetTypeId();
    }

    void Print(std::ostream& os) const override
    {
        os << "raw frame prefix (" << m_size << " bytes)";
    }

    uint32_t GetSerializedSize() const override
    {
        return m_size;
    }

    void Serialize(Buffer::Iterator start) const override
    {
        start.Write(m_bytes, m_size);
    }

    uint32_t Deserialize(Buffer::Iterator start) override
    {
        return m_size; // the size is not on the wire: only the sized variant below is usable
    }

    uint32_t Deserialize(Buffer::Iterator start, Buffer::Iterator end) override
    {
        m_bytes = nullptr; // printing needs the size only
        m_size = end.GetDistanceFrom(start);
        return m_size;
    }

  private:
    const uint8_t* m_bytes; //!< bytes to write
    uint32_t m_size;        //!< byte count
};

} // namespace

bool
RoceRawFrame::IsRoceV2(const uint8_t* frame, size_t length)
{
    if (length < 14 + 20 || (HasVlanTag(frame) && length < 18 + 20))
    {
        return false;
    }
    const uint32_t l3 = GetL3Offset(frame);
    if (GetEtherType(frame) != 0x0800 || (frame[l3] >> 4) != 4 || GetIpProtocol(frame) != 17)
    {
        return false;
    }
    const uint32_t l4 = GetL4Offset(frame);
    return l4 >= l3 + 20 && length >= l4 + 8 + 12 && GetUdpDestinationPort(frame) == 4791;
}

bool
RoceRawFrame::SetEcnCe(uint8_t* frame)
{
    if (GetEtherType(frame) != 0x0800)
    {
        return false;
    }
    uint8_t* ip = frame + GetL3Offset(frame);
    const uint8_t tos = ip[1];
    if ((tos & 3) == NOT_ECT)
    {
        return false;
    }
    if ((tos & 3) == CE)
    {
        return true;
    }
    const uint8_t newTos = tos | CE;
    ip[1] = newTos;
    const uint16_t checksum = (ip[10] << 8) | ip[11];
    if (checksum != 0)
    {
        // RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), m the 16-bit word holding the TOS.
        const uint16_t oldWord = (ip[0] << 8) | tos;
        const uint16_t newWord = (ip[0] << 8) | newTos;
        uint32_t sum = static_cast<uint16_t>(~checksum) + static_cast<uint16_t>(~oldWord) +
                       static_cast<uint32_t>(newWord);
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        const uint16_t newChecksum = static_cast<uint16_t>(~sum);
        ip[10] = newChecksum >> 8;
        ip[11] = newChecksum & 0xFF;
    }
    return true;
}

bool
RoceRawFrame::SetEcnCe(Ptr<Packet> packet)
{
    uint8_t prefix[MAX_PREFIX];
    const uint32_t copied = packet->CopyData(prefix, MAX_PREFIX);
    if (copied < 14 || copied < GetL3Offset(prefix) + 12)
    {
        return false;
    }
    const uint32_t size = GetL3Offset(prefix) + 12;
    const uint8_t before = prefix[size - 11]; // the TOS byte (L3 offset + 1)
    if (!SetEcnCe(prefix))
    {
        return false;
    }
    if (prefix[size - 11] != before)
    {
        packet->RemoveAtStart(size);
        packet->AddHeader(RoceRawPrefixHeader(prefix, size));
    }
    return true;
}

} // namespace ns3
