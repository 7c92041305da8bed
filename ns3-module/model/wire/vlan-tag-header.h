/*
 * IEEE 802.1Q VLAN tag control information and the encapsulated EtherType, the 4 bytes that
 * follow an Ethernet header whose EtherType is 0x8100 (IEEE 802.1Q §9.6).
 */

#ifndef VLAN_TAG_HEADER_H
#define VLAN_TAG_HEADER_H

#include "ns3/header.h"

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief The rest of an 802.1Q tag after its TPID: PCP, DEI, VID and the inner EtherType.
 *
 * ns-3's EthernetHeader writes destination, source and one EtherType; a tagged frame is an
 * EthernetHeader with EtherType TPID (0x8100) followed by this header. RoCE NICs tag frames so
 * that the PCP carries the PFC priority. Layout (IEEE 802.1Q §9.6, big-endian):
 * \verbatim
    0                   1                   2                   3
    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   | PCP |D|         VLAN ID       |        Inner EtherType        |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 */
class VlanTagHeader : public Header
{
  public:
    static constexpr uint32_t SIZE = 4;      //!< serialized bytes
    static constexpr uint16_t TPID = 0x8100; //!< EtherType announcing a C-tag

    VlanTagHeader();

    /**
     * \brief Construct with every field.
     * \param pcp the priority code point (0-7)
     * \param vid the VLAN identifier (12 bits)
     * \param etherType the EtherType of the payload (0x0800 for IPv4)
     */
    VlanTagHeader(uint8_t pcp, uint16_t vid, uint16_t etherType);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /** \param pcp the priority code point (0-7) */
    void SetPcp(uint8_t pcp)
    {
        m_tci = (m_tci & 0x1FFF) | ((pcp & 7U) << 13);
    }

    /** \return the priority code point */
    uint8_t GetPcp() const
    {
        return m_tci >> 13;
    }

    /** \param dei the drop eligible indicator */
    void SetDei(bool dei)
    {
        m_tci = (m_tci & 0xEFFF) | (static_cast<uint16_t>(dei) << 12);
    }

    /** \return the drop eligible indicator */
    bool GetDei() const
    {
        return (m_tci >> 12) & 1;
    }

    /** \param vid the VLAN identifier (12 bits) */
    void SetVid(uint16_t vid)
    {
        m_tci = (m_tci & 0xF000) | (vid & 0x0FFF);
    }

    /** \return the VLAN identifier */
    uint16_t GetVid() const
    {
        return m_tci & 0x0FFF;
    }

    /** \param etherType the EtherType of the payload */
    void SetEtherType(uint16_t etherType)
    {
        m_etherType = etherType;
    }

    /** \return the EtherType of the payload */
    uint16_t GetEtherType() const
    {
        return m_etherType;
    }

    // Inherited from Header
    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;

  private:
    uint16_t m_tci;       //!< tag control information: PCP, DEI, VID
    uint16_t m_etherType; //!< inner EtherType
};

} // namespace ns3

#endif /* VLAN_TAG_HEADER_H */
