/*
 * Immediate Data extended transport header: IBTA Vol 1 §9.3.4 (ImmDt).
 */

#ifndef ROCE_IMM_DT_HEADER_H
#define ROCE_IMM_DT_HEADER_H

#include "ns3/header.h"

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief Immediate data (4 bytes), delivered to the receiver's completion.
 *
 * Present in SEND_LAST/ONLY_WITH_IMMEDIATE and RDMA_WRITE_LAST/ONLY_WITH_IMMEDIATE
 * (RoceOpcodeInfo::HasImmDt). Layout (IBTA Vol 1 §9.3.4):
 * \verbatim
    0                   1                   2                   3
    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |                         Immediate Data                        |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 * The value is opaque to the transport; it is written most significant byte first.
 */
class RoceImmDtHeader : public Header
{
  public:
    static constexpr uint32_t SIZE = 4; //!< serialized bytes

    /** \param immediate the immediate data */
    explicit RoceImmDtHeader(uint32_t immediate = 0);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /** \param immediate the immediate data */
    void SetImmediate(uint32_t immediate)
    {
        m_immediate = immediate;
    }

    /** \return the immediate data */
    uint32_t GetImmediate() const
    {
        return m_immediate;
    }

    // Inherited from Header
    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;

  private:
    uint32_t m_immediate; //!< immediate data
};

} // namespace ns3

#endif /* ROCE_IMM_DT_HEADER_H */
