/*
 * Priority-based Flow Control pause frame body: IEEE 802.1Qbb (now IEEE 802.1Q clause 36),
 * a MAC Control frame of IEEE 802.3 Annex 31D (opcode 0x0101, EtherType 0x8808).
 */

#ifndef PFC_PAUSE_HEADER_H
#define PFC_PAUSE_HEADER_H

#include "ns3/data-rate.h"
#include "ns3/header.h"
#include "ns3/mac48-address.h"
#include "ns3/nstime.h"

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief The MAC Control body of a PFC frame, padded to the 64-byte minimum frame.
 *
 * The frame is an Ethernet header (destination 01:80:C2:00:00:01, EtherType 0x8808, never
 * VLAN-tagged) followed by this body (46 bytes) and the FCS: 14 + 46 + 4 = 64 bytes.
 * Layout (IEEE 802.1Qbb §36.1.3 / IEEE 802.3 Annex 31D, big-endian):
 * \verbatim
    0                   1                   2                   3
    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |     MAC Control Opcode 0x0101 |   Reserved    |e7 e6 ... e1 e0|
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |            time[0]            |            time[1]            |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |            time[2]            |            time[3]            |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |            time[4]            |            time[5]            |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |            time[6]            |            time[7]            |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |                   Pad: 26 zero bytes                          |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 * Bit n of the class-enable vector says that time[n] is valid for priority n. A time is in
 * pause quanta of 512 bit times at the link rate; a valid time of 0 resumes the priority
 * (X-ON). Times of disabled priorities are sent as 0.
 */
class PfcPauseHeader : public Header
{
  public:
    static constexpr uint32_t SIZE = 46;           //!< serialized bytes (body + pad)
    static constexpr uint16_t ETHER_TYPE = 0x8808; //!< MAC Control EtherType
    static constexpr uint16_t OPCODE = 0x0101;     //!< PFC (class-based flow control)
    static constexpr uint32_t PRIORITIES = 8;      //!< priorities (traffic classes)
    static constexpr uint32_t QUANTUM_BITS = 512;  //!< bit times per pause quantum
    static constexpr uint16_t MAX_QUANTA = 0xFFFF; //!< largest pause time

    PfcPauseHeader();

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /** \return the PFC destination address 01:80:C2:00:00:01 */
    static Mac48Address GetDestination();

    /**
     * \brief Pause (or, with 0, resume) one priority: sets its enable bit and time.
     * \param priority the priority, 0-7
     * \param quanta the pause time in quanta (0 resumes)
     */
    void SetPauseTime(uint8_t priority, uint16_t quanta);

    /** \param priority 0-7 \return its time field (quanta) */
    uint16_t GetPauseTime(uint8_t priority) const;

    /** \param priority 0-7 \return true if its class-enable bit is set */
    bool IsEnabled(uint8_t priority) const
    {
        return (m_classEnableVector >> (priority & 7)) & 1;
    }

    /** \param priority 0-7 \param enabled the class-enable bit to set */
    void SetEnabled(uint8_t priority, bool enabled);

    /** \param vector the class-enable vector (bit n: priority n; upper octet reserved) */
    void SetClassEnableVector(uint16_t vector)
    {
        m_classEnableVector = vector;
    }

    /** \return the class-enable vector */
    uint16_t GetClassEnableVector() const
    {
        return m_classEnableVector;
    }

    /** \return the MAC Control opcode read (OPCODE for a PFC frame) */
    uint16_t GetOpcode() const
    {
        return m_opcode;
    }

    /**
     * \param quanta pause quanta
     * \param rate the link rate
     * \return the pause duration, quanta * 512 bit times, rounded up to a whole picosecond
     */
    static Time QuantaToTime(uint32_t quanta, DataRate rate);

    /**
     * \param duration a pause duration
     * \param rate the link rate
     * \return the quanta covering \p duration (rounded up, at most MAX_QUANTA)
     */
    static uint16_t TimeToQuanta(Time duration, DataRate rate);

    // Inherited from Header
    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;

  private:
    static constexpr uint32_t PAD = 26; //!< zero bytes after the eight times

    uint16_t m_opcode;                //!< MAC Control opcode
    uint16_t m_classEnableVector;     //!< class-enable vector
    uint16_t m_pauseTime[PRIORITIES]; //!< time[0..7] in quanta
};

} // namespace ns3

#endif /* PFC_PAUSE_HEADER_H */
