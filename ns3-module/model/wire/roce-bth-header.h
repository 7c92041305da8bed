/*
 * RoCEv2 Base Transport Header: IBTA Vol 1 §9.2 (BTH), carried in UDP to port 4791 per
 * RoCEv2 Annex A17.
 */

#ifndef ROCE_BTH_HEADER_H
#define ROCE_BTH_HEADER_H

#include "roce-opcode.h"
#include "roce-psn.h"

#include "ns3/header.h"

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief The InfiniBand Base Transport Header, the first 12 bytes of every RoCEv2 packet.
 *
 * Layout (IBTA Vol 1 §9.2, big-endian; bit 0 is the most significant bit of byte 0):
 * \verbatim
    0                   1                   2                   3
    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |    OpCode     |S|M|Pad|  TVer |         Partition Key         |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |F|B|   Resv6   |           Destination QP                      |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |A|    Resv7    |           Packet Sequence Number              |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 * S: solicited event; M: MigReq; Pad: pad bytes after the payload (payload + pad is a multiple
 * of 4); TVer: transport header version (0); F/B: FECN/BECN, the two top bits of byte 4 (the
 * "resv8a" byte of IBTA 1.2; FECN/BECN since the congestion control annex A10; RoCEv2 CNPs set
 * B, Annex A17.9.3). The ICRC treats the whole of byte 4 as variant (RoceIcrc). A: acknowledge
 * request. Reserved bits read from the wire are kept, so a header round-trips bit for bit.
 *
 * Accessors are inline and Serialize/Deserialize are three 32-bit moves: this is per packet.
 */
class RoceBthHeader : public Header
{
  public:
    static constexpr uint32_t SIZE = 12;                      //!< serialized bytes
    static constexpr uint16_t DEFAULT_PARTITION_KEY = 0xFFFF; //!< full-member default P_Key

    RoceBthHeader();

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /** \param opcode the BTH opcode */
    void SetOpcode(RoceOpcode opcode)
    {
        m_word0 = (m_word0 & 0x00FFFFFF) | (static_cast<uint32_t>(opcode) << 24);
    }

    /** \return the BTH opcode */
    RoceOpcode GetOpcode() const
    {
        return static_cast<RoceOpcode>(m_word0 >> 24);
    }

    /** \param se the solicited event bit */
    void SetSolicitedEvent(bool se)
    {
        SetBit(m_word0, 23, se);
    }

    /** \return the solicited event bit */
    bool GetSolicitedEvent() const
    {
        return (m_word0 >> 23) & 1;
    }

    /** \param m the MigReq bit */
    void SetMigReq(bool m)
    {
        SetBit(m_word0, 22, m);
    }

    /** \return the MigReq bit */
    bool GetMigReq() const
    {
        return (m_word0 >> 22) & 1;
    }

    /** \param padCount pad bytes after the payload, 0-3 (see RoceWireSize::PadCount) */
    void SetPadCount(uint8_t padCount)
    {
        m_word0 = (m_word0 & ~(3U << 20)) | ((padCount & 3U) << 20);
    }

    /** \return pad bytes after the payload, 0-3 */
    uint8_t GetPadCount() const
    {
        return (m_word0 >> 20) & 3;
    }

    /** \param tver the transport header version (4 bits, 0 today) */
    void SetTransportVersion(uint8_t tver)
    {
        m_word0 = (m_word0 & ~(0xFU << 16)) | ((tver & 0xFU) << 16);
    }

    /** \return the transport header version */
    uint8_t GetTransportVersion() const
    {
        return (m_word0 >> 16) & 0xF;
    }

    /** \param pkey the partition key */
    void SetPartitionKey(uint16_t pkey)
    {
        m_word0 = (m_word0 & 0xFFFF0000) | pkey;
    }

    /** \return the partition key */
    uint16_t GetPartitionKey() const
    {
        return m_word0 & 0xFFFF;
    }

    /** \param fecn the forward explicit congestion notification bit */
    void SetFecn(bool fecn)
    {
        SetBit(m_word1, 31, fecn);
    }

    /** \return the FECN bit */
    bool GetFecn() const
    {
        return (m_word1 >> 31) & 1;
    }

    /** \param becn the backward explicit congestion notification bit (set in a CNP) */
    void SetBecn(bool becn)
    {
        SetBit(m_word1, 30, becn);
    }

    /** \return the BECN bit */
    bool GetBecn() const
    {
        return (m_word1 >> 30) & 1;
    }

    /** \param qp the destination queue pair number (24 bits; higher bits are dropped) */
    void SetDestQp(uint32_t qp)
    {
        m_word1 = (m_word1 & 0xFF000000) | (qp & 0x00FFFFFF);
    }

    /** \return the destination queue pair number */
    uint32_t GetDestQp() const
    {
        return m_word1 & 0x00FFFFFF;
    }

    /** \param ackReq the acknowledge request bit */
    void SetAckRequest(bool ackReq)
    {
        SetBit(m_word2, 31, ackReq);
    }

    /** \return the acknowledge request bit */
    bool GetAckRequest() const
    {
        return (m_word2 >> 31) & 1;
    }

    /** \param psn the packet sequence number (24 bits; higher bits are dropped) */
    void SetPsn(uint32_t psn)
    {
        m_word2 = (m_word2 & 0xFF000000) | (psn & RocePsn::MASK);
    }

    /** \return the packet sequence number */
    uint32_t GetPsn() const
    {
        return m_word2 & RocePsn::MASK;
    }

    // Inherited from Header
    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;

  private:
    /**
     * Set or clear one bit of a word.
     * \param word the word
     * \param bit the bit number (0 = least significant)
     * \param value the bit value
     */
    static void SetBit(uint32_t& word, uint32_t bit, bool value)
    {
        word = (word & ~(1U << bit)) | (static_cast<uint32_t>(value) << bit);
    }

    uint32_t m_word0; //!< OpCode, S, M, PadCnt, TVer, P_Key (as on the wire)
    uint32_t m_word1; //!< F, B, Resv6, DestQP
    uint32_t m_word2; //!< A, Resv7, PSN
};

} // namespace ns3

#endif /* ROCE_BTH_HEADER_H */
