/*
 * Congestion Notification Packet body: RoCEv2 Annex A17.9.3 (IBTA Vol 1 Supplement, RoCEv2).
 */

#ifndef ROCE_CNP_HEADER_H
#define ROCE_CNP_HEADER_H

#include "roce-bth-header.h"

#include "ns3/header.h"

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief The 16 reserved bytes that follow the BTH of a RoCEv2 CNP.
 *
 * A CNP is IPv4/UDP(4791) / BTH / 16 reserved bytes / ICRC (Annex A17.9.3). Its BTH has opcode
 * 0x81 (CNP), BECN set, DestQP = the QP whose packet arrived ECN-marked, PSN 0 and the other
 * fields 0 (MakeBth builds it). The IP header usually carries a high-priority DSCP.
 * \verbatim
    0                   1                   2                   3
    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |                      Reserved (16 bytes)                      |
   |                                                               |
   |                                                               |
   |                                                               |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 * The bytes are written as zero; bytes read are kept, so a header round-trips bit for bit.
 */
class RoceCnpHeader : public Header
{
  public:
    static constexpr uint32_t SIZE = 16; //!< serialized bytes

    RoceCnpHeader();

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \brief Build the BTH of a CNP.
     * \param destQp the QP to notify (the sender of the marked packet)
     * \param pkey the partition key
     * \return a BTH with opcode CNP, BECN set, PSN 0
     */
    static RoceBthHeader MakeBth(uint32_t destQp,
                                 uint16_t pkey = RoceBthHeader::DEFAULT_PARTITION_KEY);

    /** \return the first 8 reserved bytes, big-endian (0 unless read from the wire) */
    uint64_t GetReserved0() const
    {
        return m_reserved0;
    }

    /** \return the last 8 reserved bytes, big-endian (0 unless read from the wire) */
    uint64_t GetReserved1() const
    {
        return m_reserved1;
    }

    // Inherited from Header
    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;

  private:
    uint64_t m_reserved0; //!< bytes 0-7
    uint64_t m_reserved1; //!< bytes 8-15
};

} // namespace ns3

#endif /* ROCE_CNP_HEADER_H */
