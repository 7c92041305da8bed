/*
 * RoCEv2 ICRC. The masked pseudo-header (IP + UDP + BTH, at most 80 bytes) is copied to the
 * stack and masked there; the rest of the packet is CRCed in place. The CRC tables are built
 * at compile time; slicing by 8 processes eight bytes per step (about 1 byte/cycle).
 */

#include "roce-icrc.h"

#include "ns3/assert.h"

#include <array>
#include <cstring>
#include <vector>

namespace ns3
{

namespace
{

/** The eight slicing tables of the reflected CRC-32 (polynomial 0xEDB88320). */
struct Crc32Tables
{
    uint32_t t[8][256]; //!< t[0] is the byte-wise table; t[k] advances k more zero bytes
};

/** \return the slicing-by-8 tables, computed at compile time */
constexpr Crc32Tables
MakeCrc32Tables()
{
    Crc32Tables tables{};
    for (uint32_t i = 0; i < 256; ++i)
    {
        uint32_t c = i;
        for (int bit = 0; bit < 8; ++bit)
        {
            c = (c & 1) ? (0xEDB88320U ^ (c >> 1)) : (c >> 1);
        }
        tables.t[0][i] = c;
    }
    for (uint32_t k = 1; k < 8; ++k)
    {
        for (uint32_t i = 0; i < 256; ++i)
        {
            const uint32_t prev = tables.t[k - 1][i];
            tables.t[k][i] = (prev >> 8) ^ tables.t[0][prev & 0xFF];
        }
    }
    return tables;
}

constexpr Crc32Tables g_crc32 = MakeCrc32Tables();

static_assert(g_crc32.t[0][1] == 0x77073096, "CRC-32 table");

/**
 * \param state the CRC register (not inverted)
 * \param p bytes \param n byte count
 * \return the register after \p p
 */
uint32_t
Crc32Update(uint32_t state, const uint8_t* p, size_t n)
{
    const auto& t = g_crc32.t;
    while (n >= 8)
    {
        const uint32_t lo =
            state ^ (p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<uint32_t>(p[3]) << 24));
        state = t[7][lo & 0xFF] ^ t[6][(lo >> 8) & 0xFF] ^ t[5][(lo >> 16) & 0xFF] ^
                t[4][lo >> 24] ^ t[3][p[4]] ^ t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]];
        p += 8;
        n -= 8;
    }
    while (n-- > 0)
    {
        state = (state >> 8) ^ t[0][(state ^ *p++) & 0xFF];
    }
    return state;
}

constexpr uint32_t IPV4_HEADER = 20;
constexpr uint32_t IPV6_HEADER = 40;
constexpr uint32_t UDP_HEADER = 8;
constexpr uint32_t BTH = 12;
constexpr uint32_t MAX_MASKED = 60 + UDP_HEADER + BTH; //!< IPv4 with options, UDP, BTH
constexpr size_t STACK_COPY = 10240;                   //!< ComputePacket copies this to stack

} // namespace

uint32_t
RoceIcrc::Crc32(const uint8_t* data, size_t length, uint32_t crc)
{
    return ~Crc32Update(~crc, data, length);
}

uint32_t
RoceIcrc::Compute(const uint8_t* ip, size_t length)
{
    uint8_t masked[MAX_MASKED];
    size_t maskedBytes;
    if ((ip[0] >> 4) == 6)
    {
        maskedBytes = IPV6_HEADER + UDP_HEADER + BTH;
        NS_ASSERT_MSG(length >= maskedBytes, "ICRC span shorter than IPv6 + UDP + BTH");
        std::memcpy(masked, ip, maskedBytes);
        masked[0] |= 0x0F; // traffic class, high nibble
        masked[1] = 0xFF;  // traffic class low nibble, flow label
        masked[2] = 0xFF;
        masked[3] = 0xFF;
        masked[7] = 0xFF;               // hop limit
        masked[IPV6_HEADER + 6] = 0xFF; // UDP checksum
        masked[IPV6_HEADER + 7] = 0xFF;
        masked[IPV6_HEADER + UDP_HEADER + 4] = 0xFF; // BTH FECN/BECN/resv6
    }
    else
    {
        const size_t ihl = (ip[0] & 0x0F) * 4U;
        maskedBytes = ihl + UDP_HEADER + BTH;
        NS_ASSERT_MSG(ihl >= IPV4_HEADER && length >= maskedBytes,
                      "ICRC span shorter than IPv4 + UDP + BTH");
        std::memcpy(masked, ip, maskedBytes);
        masked[1] = 0xFF;  // TOS: DSCP and ECN
        masked[8] = 0xFF;  // TTL
        masked[10] = 0xFF; // header checksum
        masked[11] = 0xFF;
        masked[ihl + 6] = 0xFF; // UDP checksum
        masked[ihl + 7] = 0xFF;
        masked[ihl + UDP_HEADER + 4] = 0xFF; // BTH FECN/BECN/resv6
    }
    uint32_t state = ~MASKED_PREFIX_CRC;
    state = Crc32Update(state, masked, maskedBytes);
    state = Crc32Update(state, ip + maskedBytes, length - maskedBytes);
    return ~state;
}

bool
RoceIcrc::Locate(const uint8_t* frame, size_t length, size_t& ipOffset, size_t& covered)
{
    if (length < 14 + IPV4_HEADER)
    {
        return false;
    }
    ipOffset = 14;
    uint16_t etherType = (frame[12] << 8) | frame[13];
    if (etherType == 0x8100)
    {
        ipOffset = 18;
        etherType = (frame[16] << 8) | frame[17];
    }
    const uint8_t* ip = frame + ipOffset;
    size_t ipLength;
    size_t headers;
    if (etherType == 0x0800 && length >= ipOffset + IPV4_HEADER && (ip[0] >> 4) == 4)
    {
        const size_t ihl = (ip[0] & 0x0F) * 4U;
        ipLength = (ip[2] << 8) | ip[3];
        headers = ihl + UDP_HEADER + BTH;
        if (ihl < IPV4_HEADER || ip[9] != 17)
        {
            return false;
        }
    }
    else if (etherType == 0x86DD && length >= ipOffset + IPV6_HEADER && (ip[0] >> 4) == 6)
    {
        ipLength = IPV6_HEADER + ((ip[4] << 8) | ip[5]);
        headers = IPV6_HEADER + UDP_HEADER + BTH;
        if (ip[6] != 17)
        {
            return false;
        }
    }
    else
    {
        return false;
    }
    if (ipLength < headers + SIZE || ipOffset + ipLength > length)
    {
        return false;
    }
    covered = ipLength - SIZE;
    return true;
}

bool
RoceIcrc::ComputeFrame(const uint8_t* frame, size_t length, uint32_t& icrc)
{
    size_t ipOffset;
    size_t covered;
    if (!Locate(frame, length, ipOffset, covered))
    {
        return false;
    }
    icrc = Compute(frame + ipOffset, covered);
    return true;
}

bool
RoceIcrc::PatchFrame(uint8_t* frame, size_t length)
{
    size_t ipOffset;
    size_t covered;
    if (!Locate(frame, length, ipOffset, covered))
    {
        return false;
    }
    Write(frame + ipOffset + covered, Compute(frame + ipOffset, covered));
    return true;
}

bool
RoceIcrc::CheckFrame(const uint8_t* frame, size_t length)
{
    size_t ipOffset;
    size_t covered;
    if (!Locate(frame, length, ipOffset, covered))
    {
        return false;
    }
    return Read(frame + ipOffset + covered) == Compute(frame + ipOffset, covered);
}

uint32_t
RoceIcrc::ComputePacket(Ptr<const Packet> ipPacket)
{
    const uint32_t size = ipPacket->GetSize();
    uint8_t stackCopy[STACK_COPY];
    std::vector<uint8_t> heapCopy; // jumbo packets only
    uint8_t* bytes = stackCopy;
    if (size > STACK_COPY)
    {
        heapCopy.resize(size);
        bytes = heapCopy.data();
    }
    ipPacket->CopyData(bytes, size);
    const size_t ipLength = (bytes[0] >> 4) == 6 ? IPV6_HEADER + ((bytes[4] << 8) | bytes[5])
                                                 : ((bytes[2] << 8) | bytes[3]);
    NS_ASSERT_MSG(ipLength >= SIZE && ipLength - SIZE <= size,
                  "IP length must count the ICRC and the packet must hold all but the ICRC");
    return Compute(bytes, ipLength - SIZE);
}

} // namespace ns3
