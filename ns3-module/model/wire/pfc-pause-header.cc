/*
 * PFC pause frame body (IEEE 802.1Qbb). Time conversions use exact integer picoseconds: a
 * quantum is 5120 ps at 100 Gb/s, and a double round trip would be off by one now and then.
 */

#include "pfc-pause-header.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(PfcPauseHeader);

PfcPauseHeader::PfcPauseHeader()
    : m_opcode(OPCODE),
      m_classEnableVector(0),
      m_pauseTime{}
{
}

TypeId
PfcPauseHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::PfcPauseHeader")
                            .SetParent<Header>()
                            .SetGroupName("Ndksim")
                            .AddConstructor<PfcPauseHeader>();
    return tid;
}

TypeId
PfcPauseHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

Mac48Address
PfcPauseHeader::GetDestination()
{
    static const Mac48Address destination("01:80:c2:00:00:01");
    return destination;
}

void
PfcPauseHeader::SetPauseTime(uint8_t priority, uint16_t quanta)
{
    m_pauseTime[priority & 7] = quanta;
    SetEnabled(priority, true);
}

uint16_t
PfcPauseHeader::GetPauseTime(uint8_t priority) const
{
    return m_pauseTime[priority & 7];
}

void
PfcPauseHeader::SetEnabled(uint8_t priority, bool enabled)
{
    const uint16_t bit = 1U << (priority & 7);
    m_classEnableVector = enabled ? (m_classEnableVector | bit) : (m_classEnableVector & ~bit);
}

Time
PfcPauseHeader::QuantaToTime(uint32_t quanta, DataRate rate)
{
    const unsigned __int128 bitsTimesPs =
        static_cast<unsigned __int128>(quanta) * QUANTUM_BITS * 1000000000000ULL;
    const uint64_t bps = rate.GetBitRate();
    return PicoSeconds(static_cast<uint64_t>((bitsTimesPs + bps - 1) / bps));
}

uint16_t
PfcPauseHeader::TimeToQuanta(Time duration, DataRate rate)
{
    if (duration.IsStrictlyNegative() || duration.IsZero())
    {
        return 0;
    }
    const unsigned __int128 bits =
        static_cast<unsigned __int128>(duration.GetPicoSeconds()) * rate.GetBitRate();
    const unsigned __int128 perQuantum =
        static_cast<unsigned __int128>(QUANTUM_BITS) * 1000000000000ULL;
    const unsigned __int128 quanta = (bits + perQuantum - 1) / perQuantum;
    return quanta > MAX_QUANTA ? MAX_QUANTA : static_cast<uint16_t>(quanta);
}

uint32_t
PfcPauseHeader::GetSerializedSize() const
{
    return SIZE;
}

void
PfcPauseHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU16(m_opcode);
    start.WriteHtonU16(m_classEnableVector);
    for (uint32_t p = 0; p < PRIORITIES; ++p)
    {
        start.WriteHtonU16(m_pauseTime[p]);
    }
    start.WriteU8(0, PAD);
}

uint32_t
PfcPauseHeader::Deserialize(Buffer::Iterator start)
{
    m_opcode = start.ReadNtohU16();
    m_classEnableVector = start.ReadNtohU16();
    for (uint32_t p = 0; p < PRIORITIES; ++p)
    {
        m_pauseTime[p] = start.ReadNtohU16();
    }
    start.Next(PAD);
    return SIZE;
}

void
PfcPauseHeader::Print(std::ostream& os) const
{
    const auto flags = os.flags();
    os << "pfc opcode=0x" << std::hex << m_opcode << " cev=0x" << m_classEnableVector << std::dec;
    for (uint32_t p = 0; p < PRIORITIES; ++p)
    {
        if (IsEnabled(p))
        {
            os << " p" << p << "=" << m_pauseTime[p];
        }
    }
    os.flags(flags);
}

} // namespace ns3
