/*
 * Connection-management datagram: an IB management datagram (MAD) of the CM class, as RoCEv2
 * carries it to QP1 (IBTA Vol 1 §13.4 MAD format, §12 communication management).
 */

#ifndef ROCE_CM_HEADER_H
#define ROCE_CM_HEADER_H

#include "ns3/header.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief A 256-byte CM MAD (after BTH + DETH of a UD SEND ONLY to QP1).
 *
 * The 24-byte MAD common header follows IBTA Vol 1 §13.4.2: base version 1, management class
 * 0x07 (CM), class version 2, method 0x03 (Send), status, class-specific, transaction id,
 * attribute id (REQ 0x10, REJ 0x12, REP 0x13, RTU 0x14, DREQ 0x15, DREP 0x16), attribute
 * modifier. The 232-byte CM data that follows uses this simulator's own compact layout (not
 * the IB CM field layout), big-endian, zero-padded:
 * \verbatim
   0  local comm id (4)   4  remote comm id (4)   8  QPN (4, low 24 bits)
   12 src IPv4 (4)        16 dst IPv4 (4)         20 src port (2)   22 dst port (2)
   24 starting PSN (4, low 24 bits)   28 inbound read limit (1)  29 outbound read limit (1)
   30 reject reason (1)   31 flags (1, bit 0 = SRQ)  32 private data length (1)
   33 private data (up to 196)
   \endverbatim
 * Wire size and timing are those of a real CM MAD; tshark shows a CM MAD with the right
 * attribute but not the IB field names of its data.
 */
class RoceCmHeader : public Header
{
  public:
    static constexpr uint32_t SIZE = 256;             //!< a MAD is always 256 bytes
    static constexpr uint32_t MAX_PRIVATE_DATA = 196; //!< bytes left in the CM data
    static constexpr uint8_t MGMT_CLASS_CM = 0x07;    //!< management class of CM

    /** CM attribute ids (IBTA Vol 1 §12.6). */
    enum Attribute : uint16_t
    {
        REQ = 0x0010,
        REJ = 0x0012,
        REP = 0x0013,
        RTU = 0x0014,
        DREQ = 0x0015,
        DREP = 0x0016,
    };

    RoceCmHeader();
    static TypeId GetTypeId();

    uint16_t attribute{REQ};
    uint64_t transactionId{0};
    uint32_t localCommId{0};
    uint32_t remoteCommId{0};
    uint32_t qpn{0};
    uint32_t srcAddress{0};
    uint32_t dstAddress{0};
    uint16_t srcPort{0};
    uint16_t dstPort{0};
    uint32_t startingPsn{0};
    uint8_t inboundReadLimit{0};
    uint8_t outboundReadLimit{0};
    uint8_t rejectReason{0};
    bool srq{false};
    std::vector<uint8_t> privateData;

    // Inherited from Header
    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
};

} // namespace ns3

#endif
