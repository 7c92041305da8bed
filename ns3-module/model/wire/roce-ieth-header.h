/*
 * Invalidate Extended Transport Header: IBTA Vol 1 §9.3.7 (IETH).
 */

#ifndef ROCE_IETH_HEADER_H
#define ROCE_IETH_HEADER_H

#include "ns3/header.h"

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief The Invalidate Extended Transport Header (4 bytes): the R_Key the responder
 *        invalidates on receiving the message.
 *
 * Present in SEND_LAST_WITH_INVALIDATE and SEND_ONLY_WITH_INVALIDATE
 * (RoceOpcodeInfo::HasIeth). Layout (IBTA Vol 1 §9.3.7):
 * \verbatim
    0                   1                   2                   3
    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |                           Remote Key                          |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 */
class RoceIethHeader : public Header
{
  public:
    static constexpr uint32_t SIZE = 4; //!< serialized bytes

    /** \param rkey the R_Key to invalidate */
    explicit RoceIethHeader(uint32_t rkey = 0);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /** \param rkey the R_Key to invalidate */
    void SetRkey(uint32_t rkey)
    {
        m_rkey = rkey;
    }

    /** \return the R_Key to invalidate */
    uint32_t GetRkey() const
    {
        return m_rkey;
    }

    // Inherited from Header
    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;

  private:
    uint32_t m_rkey; //!< R_Key to invalidate
};

} // namespace ns3

#endif /* ROCE_IETH_HEADER_H */
