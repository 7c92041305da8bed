/*
 * The RoCEv2 Invariant CRC: IBTA Vol 1 §7.8.1 (ICRC) as adapted by RoCEv2 Annex A17.3.3
 * (the IP and UDP headers stand in for the LRH/GRH in the masked pseudo-header).
 */

#ifndef ROCE_ICRC_H
#define ROCE_ICRC_H

#include "ns3/packet.h"
#include "ns3/ptr.h"

#include <cstddef>
#include <cstdint>

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief Computes, stores and checks the 4-byte ICRC that ends every RoCEv2 packet.
 *
 * The ICRC is the CRC-32 of IEEE 802.3 (reflected polynomial 0xEDB88320, initial value and
 * final XOR 0xFFFFFFFF: zlib's crc32) over this byte string:
 * \verbatim
   8 bytes 0xFF                                   (stands in for the masked LRH)
   IPv4 header with TOS (DSCP+ECN), TTL and header checksum set to all 1s
       (IPv6: traffic class, flow label and hop limit set to all 1s)
   UDP header with its checksum set to 0xFFFF
   BTH with byte 4 (FECN, BECN, Resv6: "resv8a") set to 0xFF
   the extension headers, payload and pad bytes, unchanged
   \endverbatim
 * so it survives what routers and switches change (DSCP/ECN marking, TTL, checksums, FECN).
 * The 32-bit result \c v goes on the wire least significant byte first: bytes
 * v, v>>8, v>>16, v>>24. This is what Linux Soft-RoCE does (rxe_icrc.c: crc32_le seeded with
 * 0xdebb20e3, the CRC state after the 8 bytes of 0xFF, then `*icrcp = ~crc` stored in
 * little-endian host order) and what scapy's contrib/roce.py writes
 * (struct.pack("!I", crc)[::-1]); it matches a RoCEv2 CNP captured from a ConnectX-4 Lx
 * (scapy test/contrib/roce.uts: ICRC bytes 82 fd 00 2a), which the tests check.
 * Wireshark shows the field (infiniband.invariant.crc) but does not verify it.
 *
 * Nothing here allocates for packets up to 10 kB; the CRC is table driven (slicing by 8).
 * Only pcap output or an explicit attribute needs it: the transport may carry a zero ICRC
 * and let the pcap writer patch real values into its copy of the frame (PatchFrame).
 */
class RoceIcrc
{
  public:
    static constexpr uint32_t SIZE = 4; //!< ICRC bytes
    /** zlib crc32 of the 8 bytes 0xFF that start the pseudo-header (CRC state 0xDEBB20E3). */
    static constexpr uint32_t MASKED_PREFIX_CRC = 0x2144DF1C;

    /**
     * \brief zlib-compatible CRC-32: Crc32(b, n2, Crc32(a, n1)) == Crc32(a ++ b, n1 + n2).
     * \param data bytes
     * \param length byte count
     * \param crc the CRC of the preceding bytes (0 to start)
     * \return the CRC-32 of the preceding bytes followed by \p data
     */
    static uint32_t Crc32(const uint8_t* data, size_t length, uint32_t crc = 0);

    /**
     * \brief Compute the ICRC of a serialized packet from its IP header.
     * \param ip the start of the IPv4 (or IPv6) header; UDP and BTH must follow
     * \param length bytes covered: IP header to the last pad byte, excluding the ICRC
     * \return the ICRC value (write it with Write)
     */
    static uint32_t Compute(const uint8_t* ip, size_t length);

    /**
     * \brief Compute the ICRC of a whole RoCEv2 Ethernet frame (with or without 802.1Q tag).
     * \param frame the frame, from the destination MAC address
     * \param length frame bytes (at least up to the ICRC; trailing padding or FCS allowed)
     * \param [out] icrc the ICRC value
     * \return false if the frame is not IPv4/IPv6 + UDP with a consistent length
     *         (the ICRC is at IP total length - 4 from the IP header)
     */
    static bool ComputeFrame(const uint8_t* frame, size_t length, uint32_t& icrc);

    /**
     * \brief Compute the ICRC of an ns-3 packet that starts with its IP header.
     *
     * The IP total length must count the ICRC; the packet may end with the ICRC slot (a
     * RoceIcrcTrailer) or just before it.
     * \param ipPacket the packet
     * \return the ICRC value
     */
    static uint32_t ComputePacket(Ptr<const Packet> ipPacket);

    /**
     * \brief Store an ICRC value in wire order (least significant byte first).
     * \param dst 4 bytes
     * \param icrc the value
     */
    static void Write(uint8_t* dst, uint32_t icrc)
    {
        dst[0] = icrc & 0xFF;
        dst[1] = (icrc >> 8) & 0xFF;
        dst[2] = (icrc >> 16) & 0xFF;
        dst[3] = icrc >> 24;
    }

    /** \param src 4 bytes in wire order \return the ICRC value */
    static uint32_t Read(const uint8_t* src)
    {
        return src[0] | (src[1] << 8) | (src[2] << 16) | (static_cast<uint32_t>(src[3]) << 24);
    }

    /**
     * \brief Write the correct ICRC into a frame's ICRC field (e.g. a pcap copy).
     * \param frame the frame, from the destination MAC address
     * \param length frame bytes
     * \return false (frame unchanged) if it is not a RoCEv2 frame ComputeFrame accepts
     */
    static bool PatchFrame(uint8_t* frame, size_t length);

    /**
     * \param frame the frame, from the destination MAC address
     * \param length frame bytes
     * \return true if the frame's ICRC field holds its ICRC
     */
    static bool CheckFrame(const uint8_t* frame, size_t length);

  private:
    /**
     * \param frame a frame \param length its bytes
     * \param [out] ipOffset offset of the IP header \param [out] covered ICRC-covered bytes
     * \return false if the frame is not IP + UDP with a consistent length
     */
    static bool Locate(const uint8_t* frame, size_t length, size_t& ipOffset, size_t& covered);
};

} // namespace ns3

#endif /* ROCE_ICRC_H */
