/*
 * Field access on the raw bytes of a RoCEv2 Ethernet frame, for switches and ports that need a
 * few fields per packet and no full header deserialization. Offsets from IEEE 802.3/802.1Q,
 * RFC 791 (IPv4), RFC 768 (UDP), IBTA Vol 1 §9.2 (BTH); ECN per RFC 3168, incremental
 * checksum update per RFC 1624.
 */

#ifndef ROCE_RAW_FRAME_H
#define ROCE_RAW_FRAME_H

#include "roce-opcode.h"

#include "ns3/packet.h"
#include "ns3/ptr.h"

#include <cstddef>
#include <cstdint>

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief Static readers (and an ECN marker) for the first bytes of an Ethernet frame.
 *
 * \c frame points at the destination MAC address of an Ethernet II frame, untagged or with one
 * 802.1Q tag. Getters do not check lengths or types: call IsRoceV2 (or check GetEtherType and
 * GetIpProtocol) first; they need PEEK_BYTES bytes for a tagged frame with a 20-byte IPv4
 * header. In ns-3 a switch copies those bytes out of the packet (Peek, one memcpy, no
 * allocation) and reads what it needs:
 * \code
 *   uint8_t head[RoceRawFrame::PEEK_BYTES];
 *   const uint32_t n = RoceRawFrame::Peek(packet, head);
 *   if (RoceRawFrame::IsRoceV2(head, n)) { port = RoceRawFrame::GetUdpSourcePort(head); ... }
 * \endcode
 * Layout of what is read (offsets for an untagged frame; a tag adds 4 after byte 12):
 * \verbatim
   0  dst MAC(6) src MAC(6) | 12 EtherType (0x8100: TCI(2) + inner EtherType(2) follow)
   14 IPv4: ver/IHL | DSCP(6) ECN(2) | total length(2) | id(2) | flags/frag(2) | TTL | proto |
      checksum(2) | src(4) | dst(4)
   34 UDP: src port(2) | dst port(2) = 4791 | length(2) | checksum(2)
   42 BTH: opcode | S M Pad TVer | P_Key(2) | F B resv6 | DestQP(3) | A resv7 | PSN(3)
   \endverbatim
 */
class RoceRawFrame
{
  public:
    /** Bytes covering the tagged Ethernet, 20-byte IPv4, UDP and BTH headers (58), rounded. */
    static constexpr uint32_t PEEK_BYTES = 64;

    /** The two ECN bits (RFC 3168). */
    enum Ecn : uint8_t
    {
        NOT_ECT = 0, //!< not ECN-capable
        ECT1 = 1,    //!< ECN-capable, ECT(1)
        ECT0 = 2,    //!< ECN-capable, ECT(0)
        CE = 3,      //!< congestion experienced
    };

    /**
     * \brief Copy the first bytes of a packet that starts with its Ethernet header.
     * \param packet the packet
     * \param [out] buffer PEEK_BYTES bytes
     * \return the bytes copied (less than PEEK_BYTES for a short packet)
     */
    static uint32_t Peek(Ptr<const Packet> packet, uint8_t* buffer)
    {
        return packet->CopyData(buffer, PEEK_BYTES);
    }

    /** \param frame a frame \return true if it carries an 802.1Q tag */
    static bool HasVlanTag(const uint8_t* frame)
    {
        return ReadU16(frame + 12) == 0x8100;
    }

    /** \param frame a frame \return the offset of the L3 header: 14, or 18 if tagged */
    static uint32_t GetL3Offset(const uint8_t* frame)
    {
        return HasVlanTag(frame) ? 18 : 14;
    }

    /** \param frame a frame \return the EtherType of the payload (after the tag, if any) */
    static uint16_t GetEtherType(const uint8_t* frame)
    {
        return ReadU16(frame + GetL3Offset(frame) - 2);
    }

    /** \param frame a frame \return the 802.1Q priority code point, 0 if untagged */
    static uint8_t GetVlanPcp(const uint8_t* frame)
    {
        return HasVlanTag(frame) ? frame[14] >> 5 : 0;
    }

    /** \param frame a frame \return the 802.1Q VLAN identifier, 0 if untagged */
    static uint16_t GetVlanId(const uint8_t* frame)
    {
        return HasVlanTag(frame) ? ReadU16(frame + 14) & 0x0FFF : 0;
    }

    /** \param frame an IPv4 frame \return the IPv4 source address (host order) */
    static uint32_t GetIpv4Source(const uint8_t* frame)
    {
        return ReadU32(frame + GetL3Offset(frame) + 12);
    }

    /** \param frame an IPv4 frame \return the IPv4 destination address (host order) */
    static uint32_t GetIpv4Destination(const uint8_t* frame)
    {
        return ReadU32(frame + GetL3Offset(frame) + 16);
    }

    /** \param frame an IPv4 frame \return the DSCP (6 bits) */
    static uint8_t GetDscp(const uint8_t* frame)
    {
        return frame[GetL3Offset(frame) + 1] >> 2;
    }

    /** \param frame an IPv4 frame \return the ECN field */
    static Ecn GetEcn(const uint8_t* frame)
    {
        return static_cast<Ecn>(frame[GetL3Offset(frame) + 1] & 3);
    }

    /** \param frame an IPv4 frame \return the TTL */
    static uint8_t GetTtl(const uint8_t* frame)
    {
        return frame[GetL3Offset(frame) + 8];
    }

    /** \param frame an IPv4 frame \return the IP protocol (17 for UDP) */
    static uint8_t GetIpProtocol(const uint8_t* frame)
    {
        return frame[GetL3Offset(frame) + 9];
    }

    /** \param frame an IPv4 frame \return the offset of the L4 header (honours the IHL) */
    static uint32_t GetL4Offset(const uint8_t* frame)
    {
        const uint32_t l3 = GetL3Offset(frame);
        return l3 + (frame[l3] & 0x0F) * 4U;
    }

    /** \param frame an IPv4/UDP frame \return the UDP source port (the ECMP entropy) */
    static uint16_t GetUdpSourcePort(const uint8_t* frame)
    {
        return ReadU16(frame + GetL4Offset(frame));
    }

    /** \param frame an IPv4/UDP frame \return the UDP destination port (4791 for RoCEv2) */
    static uint16_t GetUdpDestinationPort(const uint8_t* frame)
    {
        return ReadU16(frame + GetL4Offset(frame) + 2);
    }

    /** \param frame a RoCEv2 frame \return the offset of the BTH */
    static uint32_t GetBthOffset(const uint8_t* frame)
    {
        return GetL4Offset(frame) + 8;
    }

    /** \param frame a RoCEv2 frame \return the BTH opcode */
    static RoceOpcode GetBthOpcode(const uint8_t* frame)
    {
        return static_cast<RoceOpcode>(frame[GetBthOffset(frame)]);
    }

    /** \param frame a RoCEv2 frame \return the BTH BECN bit */
    static bool GetBthBecn(const uint8_t* frame)
    {
        return (frame[GetBthOffset(frame) + 4] >> 6) & 1;
    }

    /** \param frame a RoCEv2 frame \return the BTH destination QP */
    static uint32_t GetBthDestQp(const uint8_t* frame)
    {
        return ReadU32(frame + GetBthOffset(frame) + 4) & 0x00FFFFFF;
    }

    /** \param frame a RoCEv2 frame \return the BTH PSN */
    static uint32_t GetBthPsn(const uint8_t* frame)
    {
        return ReadU32(frame + GetBthOffset(frame) + 8) & 0x00FFFFFF;
    }

    /**
     * \param frame a frame
     * \param length bytes available at \p frame
     * \return true if it is IPv4 (0x0800) / UDP / destination port 4791 and \p length covers
     *         the BTH
     */
    static bool IsRoceV2(const uint8_t* frame, size_t length);

    /**
     * \brief Mark Congestion Experienced in an IPv4 frame, in place (RFC 3168 §5).
     *
     * A nonzero IPv4 header checksum is updated incrementally (RFC 1624 eqn. 3); a zero
     * checksum is left zero (ns-3 writes 0 when checksums are disabled). The ICRC does not
     * cover the ECN bits, so it stays valid.
     * \param frame a frame (at least L3 offset + 12 bytes)
     * \return false if the frame is not IPv4 or is Not-ECT (left unchanged: the switch should
     *         drop or forward it unmarked), true if it is now CE
     */
    static bool SetEcnCe(uint8_t* frame);

    /**
     * \brief SetEcnCe on an ns-3 packet that starts with its Ethernet header.
     *
     * Rewrites the first bytes of the packet (up to the IPv4 checksum) in its buffer; no
     * allocation unless the buffer is shared with a copy. Those bytes then form one raw chunk
     * in the packet metadata: Packet::Print still works, but with Packet::EnableChecking()
     * a later RemoveHeader(EthernetHeader) would abort ("Removing unexpected header"); a model
     * that needs metadata checking should mark CE by removing and re-adding the headers.
     * \param packet the packet
     * \return as SetEcnCe
     */
    static bool SetEcnCe(Ptr<Packet> packet);

  private:
    /** \param p 2 bytes \return them read big-endian */
    static uint16_t ReadU16(const uint8_t* p)
    {
        return static_cast<uint16_t>((p[0] << 8) | p[1]);
    }

    /** \param p 4 bytes \return them read big-endian */
    static uint32_t ReadU32(const uint8_t* p)
    {
        return (static_cast<uint32_t>(p[0]) << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
    }
};

} // namespace ns3

#endif /* ROCE_RAW_FRAME_H */
