/*
 * ACK Extended Transport Header (IBTA Vol 1 §9.3.5).
 */

#include "roce-aeth-header.h"

#include <iomanip>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(RoceAethHeader);

namespace
{

/**
 * RNR NAK delays in microseconds indexed by timer code (IBTA Vol 1 Table 45). Code 0 is the
 * longest delay. (Linux rxe's table has 61410 for code 25, a typo for 61.44 ms.)
 */
constexpr uint32_t g_rnrTimerMicroseconds[32] = {
    655360, 10,    20,    30,    40,    60,     80,     120,    160,    240,    320,
    480,    640,   960,   1280,  1920,  2560,   3840,   5120,   7680,   10240,  15360,
    20480,  30720, 40960, 61440, 81920, 122880, 163840, 245760, 327680, 491520,
};

} // namespace

RoceAethHeader::RoceAethHeader()
    : m_word(static_cast<uint32_t>(SYNDROME_ACK_UNLIMITED) << 24)
{
}

RoceAethHeader::RoceAethHeader(uint8_t syndrome, uint32_t msn)
    : m_word((static_cast<uint32_t>(syndrome) << 24) | (msn & 0x00FFFFFF))
{
}

TypeId
RoceAethHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RoceAethHeader")
                            .SetParent<Header>()
                            .SetGroupName("Ndksim")
                            .AddConstructor<RoceAethHeader>();
    return tid;
}

TypeId
RoceAethHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

Time
RoceAethHeader::RnrTimerToTime(uint8_t timer)
{
    return MicroSeconds(g_rnrTimerMicroseconds[timer & SYNDROME_VALUE_MASK]);
}

uint8_t
RoceAethHeader::TimeToRnrTimer(Time delay)
{
    // Codes 1..31 increase monotonically; code 0 (655.36 ms) is the largest of all.
    for (uint8_t code = 1; code < 32; ++code)
    {
        if (MicroSeconds(g_rnrTimerMicroseconds[code]) >= delay)
        {
            return code;
        }
    }
    return 0;
}

uint32_t
RoceAethHeader::GetSerializedSize() const
{
    return SIZE;
}

void
RoceAethHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU32(m_word);
}

uint32_t
RoceAethHeader::Deserialize(Buffer::Iterator start)
{
    m_word = start.ReadNtohU32();
    return SIZE;
}

void
RoceAethHeader::Print(std::ostream& os) const
{
    static const char* const typeNames[4] = {"ACK", "RNR_NAK", "RESERVED", "NAK"};
    static const char* const nakNames[5] = {"PSN_SEQUENCE_ERROR",
                                            "INVALID_REQUEST",
                                            "REMOTE_ACCESS_ERROR",
                                            "REMOTE_OPERATIONAL_ERROR",
                                            "INVALID_RD_REQUEST"};
    const auto flags = os.flags();
    const auto fill = os.fill();
    os << "syndrome=0x" << std::hex << std::setfill('0') << std::setw(2)
       << static_cast<uint32_t>(GetSyndrome()) << std::dec << "(" << typeNames[GetType()];
    if (IsNak() && GetValue() < 5)
    {
        os << " " << nakNames[GetValue()];
    }
    else
    {
        os << " " << static_cast<uint32_t>(GetValue());
    }
    os << ") msn=" << GetMsn();
    os.flags(flags);
    os.fill(fill);
}

} // namespace ns3
