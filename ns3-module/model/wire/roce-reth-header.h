/*
 * RDMA Extended Transport Header: IBTA Vol 1 §9.3.3.
 */

#ifndef ROCE_RETH_HEADER_H
#define ROCE_RETH_HEADER_H

#include "ns3/header.h"

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief The RDMA Extended Transport Header (16 bytes): where an RDMA WRITE or READ goes.
 *
 * Present in RDMA_WRITE_FIRST, RDMA_WRITE_ONLY(_WITH_IMMEDIATE) and RDMA_READ_REQUEST
 * (RoceOpcodeInfo::HasReth). Layout (IBTA Vol 1 §9.3.3, big-endian):
 * \verbatim
    0                   1                   2                   3
    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |                  Virtual Address (bits 63-32)                 |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |                  Virtual Address (bits 31-0)                  |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |                           Remote Key                          |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |                           DMA Length                          |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 * DMA Length is the length of the whole message (not of this packet).
 */
class RoceRethHeader : public Header
{
  public:
    static constexpr uint32_t SIZE = 16; //!< serialized bytes

    RoceRethHeader();

    /**
     * \brief Construct with every field.
     * \param va the remote virtual address
     * \param rkey the remote key
     * \param dmaLength the message length in bytes
     */
    RoceRethHeader(uint64_t va, uint32_t rkey, uint32_t dmaLength);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /** \param va the remote virtual address */
    void SetVirtualAddress(uint64_t va)
    {
        m_va = va;
    }

    /** \return the remote virtual address */
    uint64_t GetVirtualAddress() const
    {
        return m_va;
    }

    /** \param rkey the remote key */
    void SetRkey(uint32_t rkey)
    {
        m_rkey = rkey;
    }

    /** \return the remote key */
    uint32_t GetRkey() const
    {
        return m_rkey;
    }

    /** \param length the DMA length: bytes of the whole message */
    void SetDmaLength(uint32_t length)
    {
        m_dmaLength = length;
    }

    /** \return the DMA length */
    uint32_t GetDmaLength() const
    {
        return m_dmaLength;
    }

    // Inherited from Header
    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;

  private:
    uint64_t m_va;        //!< virtual address
    uint32_t m_rkey;      //!< remote key
    uint32_t m_dmaLength; //!< DMA length
};

} // namespace ns3

#endif /* ROCE_RETH_HEADER_H */
