/*
 * Datagram Extended Transport Header: IBTA Vol 1 §9.3.2 (DETH).
 */

#ifndef ROCE_DETH_HEADER_H
#define ROCE_DETH_HEADER_H

#include "ns3/header.h"

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief The Datagram Extended Transport Header (8 bytes) of UD packets.
 *
 * Present in UD_SEND_ONLY(_WITH_IMMEDIATE) (RoceOpcodeInfo::HasDeth), e.g. the connection
 * management datagrams sent to QP1. Layout (IBTA Vol 1 §9.3.2):
 * \verbatim
    0                   1                   2                   3
    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |                           Queue Key                           |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |   Reserved    |             Source QP                         |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 * The reserved byte is kept as read, so a header round-trips bit for bit.
 */
class RoceDethHeader : public Header
{
  public:
    static constexpr uint32_t SIZE = 8;              //!< serialized bytes
    static constexpr uint32_t GSI_QKEY = 0x80010000; //!< well-known Q_Key of QP1 (GSI)

    RoceDethHeader();

    /**
     * \brief Construct with every field.
     * \param qkey the queue key
     * \param srcQp the source queue pair number (24 bits)
     */
    RoceDethHeader(uint32_t qkey, uint32_t srcQp);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /** \param qkey the queue key */
    void SetQkey(uint32_t qkey)
    {
        m_qkey = qkey;
    }

    /** \return the queue key */
    uint32_t GetQkey() const
    {
        return m_qkey;
    }

    /** \param qp the source queue pair number (24 bits; higher bits are dropped) */
    void SetSrcQp(uint32_t qp)
    {
        m_word1 = (m_word1 & 0xFF000000) | (qp & 0x00FFFFFF);
    }

    /** \return the source queue pair number */
    uint32_t GetSrcQp() const
    {
        return m_word1 & 0x00FFFFFF;
    }

    // Inherited from Header
    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;

  private:
    uint32_t m_qkey;  //!< queue key
    uint32_t m_word1; //!< reserved byte and source QP, as on the wire
};

} // namespace ns3

#endif /* ROCE_DETH_HEADER_H */
