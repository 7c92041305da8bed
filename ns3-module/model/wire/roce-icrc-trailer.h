/*
 * The RoCEv2 ICRC as an ns-3 Trailer (IBTA Vol 1 §7.8.1, RoCEv2 Annex A17.3.3).
 */

#ifndef ROCE_ICRC_TRAILER_H
#define ROCE_ICRC_TRAILER_H

#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/trailer.h"

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief The 4-byte ICRC at the end of a RoCEv2 packet (after the payload and pad bytes).
 *
 * The value is written least significant byte first (see RoceIcrc for the convention and its
 * sources). Building a packet:
 * \code
 *   Ptr<Packet> p = Create<Packet>(payload + RoceWireSize::PadCount(payload));
 *   p->AddHeader(reth);              // extension headers, last one first
 *   p->AddHeader(bth);
 *   p->AddTrailer(RoceIcrcTrailer()); // 4-byte slot, value 0
 *   p->AddHeader(udp);               // UdpHeader's length then counts the ICRC
 *   ip.SetPayloadSize(p->GetSize());
 *   p->AddHeader(ip);
 *   if (computeIcrc) { RoceIcrcTrailer::Fill(p); } // only when someone will look at it
 *   p->AddHeader(ethernet);
 * \endcode
 */
class RoceIcrcTrailer : public Trailer
{
  public:
    static constexpr uint32_t SIZE = 4; //!< serialized bytes

    /** \param icrc the ICRC value */
    explicit RoceIcrcTrailer(uint32_t icrc = 0);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /** \param icrc the ICRC value */
    void SetIcrc(uint32_t icrc)
    {
        m_icrc = icrc;
    }

    /** \return the ICRC value */
    uint32_t GetIcrc() const
    {
        return m_icrc;
    }

    /**
     * \brief Replace the ICRC trailer of a packet that starts with its IP header with the
     *        correct value.
     * \param ipPacket the packet: IP header ... payload, pad, RoceIcrcTrailer
     * \return the ICRC written
     */
    static uint32_t Fill(Ptr<Packet> ipPacket);

    // Inherited from Trailer
    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator end) const override;
    uint32_t Deserialize(Buffer::Iterator end) override;

  private:
    uint32_t m_icrc; //!< ICRC value
};

} // namespace ns3

#endif /* ROCE_ICRC_TRAILER_H */
