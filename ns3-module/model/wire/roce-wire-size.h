/*
 * On-wire sizes of RoCEv2 frames, so the transport and the ports compute serialization times
 * exactly: Ethernet (IEEE 802.3 §3.1.1, §4.4.2 IFG; 802.1Q tag), IPv4 (RFC 791), UDP (RFC 768),
 * IBTA Vol 1 §9.2-9.3 transport headers, ICRC (§7.8.1 / RoCEv2 Annex A17.3.3).
 */

#ifndef ROCE_WIRE_SIZE_H
#define ROCE_WIRE_SIZE_H

#include "roce-opcode.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief Byte counts of RoCEv2 frames, all constexpr.
 *
 * A RoCEv2 frame, as ns-3 carries it (and a pcap shows it):
 * \verbatim
   Ethernet 14 [+ 802.1Q tag 4] | IPv4 20 | UDP 8 | BTH 12 | ext headers | payload | pad | ICRC 4
   \endverbatim
 * On the wire it also takes the FCS (4), the preamble + SFD (8) and the inter-frame gap (12),
 * and a frame shorter than 64 bytes with its FCS is padded to 64.
 * "Frame bytes" below exclude the FCS (like ns-3 packets and pcap records); "wire bytes"
 * include FCS, minimum-size padding, preamble, SFD and IFG: the link busy time is
 * wire bytes * 8 / rate (TransmitTimePs).
 *
 * The IB path MTU (256, 512, 1024, 2048 or 4096) is the largest payload per packet; the
 * headers come on top of it.
 */
class RoceWireSize
{
  public:
    static constexpr uint32_t PREAMBLE_SFD = 8;         //!< preamble (7) + start delimiter (1)
    static constexpr uint32_t IFG = 12;                 //!< minimum inter-frame gap
    static constexpr uint32_t ETHERNET_HEADER = 14;     //!< destination, source, EtherType
    static constexpr uint32_t VLAN_TAG = 4;             //!< 802.1Q tag
    static constexpr uint32_t FCS = 4;                  //!< frame check sequence
    static constexpr uint32_t MIN_FRAME = 64;           //!< minimum frame, FCS included
    static constexpr uint32_t IPV4_HEADER = 20;         //!< IPv4 header without options
    static constexpr uint32_t UDP_HEADER = 8;           //!< UDP header
    static constexpr uint32_t BTH = 12;                 //!< base transport header
    static constexpr uint32_t RETH = 16;                //!< RDMA extended transport header
    static constexpr uint32_t AETH = 4;                 //!< ACK extended transport header
    static constexpr uint32_t IMM_DT = 4;               //!< immediate data
    static constexpr uint32_t IETH = 4;                 //!< invalidate extended transport header
    static constexpr uint32_t DETH = 8;                 //!< datagram extended transport header
    static constexpr uint32_t ATOMIC_ETH = 28;          //!< atomic extended transport header
    static constexpr uint32_t ATOMIC_ACK_ETH = 8;       //!< atomic acknowledge ext. header
    static constexpr uint32_t CNP_BODY = 16;            //!< reserved bytes of a CNP
    static constexpr uint32_t ICRC = 4;                 //!< invariant CRC
    static constexpr uint32_t PFC_BODY = 46;            //!< PFC MAC control body with padding
    static constexpr uint16_t ROCE_V2_UDP_PORT = 4791;  //!< IANA port of RoCEv2
    static constexpr uint16_t ETHER_TYPE_IPV4 = 0x0800; //!< EtherType of IPv4
    static constexpr uint16_t ETHER_TYPE_VLAN = 0x8100; //!< EtherType (TPID) of an 802.1Q tag
    static constexpr uint8_t IP_PROTOCOL_UDP = 17;      //!< IPv4 protocol number of UDP

    /** \param vlan whether the frame carries an 802.1Q tag \return the L2 header bytes */
    static constexpr uint32_t L2HeaderBytes(bool vlan)
    {
        return ETHERNET_HEADER + (vlan ? VLAN_TAG : 0);
    }

    /**
     * \param payload payload bytes of one packet
     * \return the pad bytes after it (BTH PadCnt) so that payload + pad is a multiple of 4
     */
    static constexpr uint32_t PadCount(uint32_t payload)
    {
        return (4 - (payload & 3)) & 3;
    }

    /** \param op an opcode \return BTH plus the extension headers \p op implies */
    static constexpr uint32_t TransportHeaderBytes(RoceOpcode op)
    {
        return BTH + RoceOpcodeInfo::GetExtensionHeaderSize(op);
    }

    /**
     * \param op an opcode
     * \param payload payload bytes (0 for opcodes without one)
     * \return the UDP length field: UDP header, BTH, extension headers, payload, pad, ICRC
     */
    static constexpr uint32_t UdpLength(RoceOpcode op, uint32_t payload)
    {
        return UDP_HEADER + TransportHeaderBytes(op) + payload + PadCount(payload) + ICRC;
    }

    /** \param op an opcode \param payload payload bytes \return the IPv4 total length */
    static constexpr uint32_t IpLength(RoceOpcode op, uint32_t payload)
    {
        return IPV4_HEADER + UdpLength(op, payload);
    }

    /**
     * \param op an opcode
     * \param payload payload bytes
     * \param vlan whether the frame carries an 802.1Q tag
     * \return the frame bytes from the Ethernet header to the ICRC (no FCS, no minimum-size
     *         padding): the size of the ns-3 packet and of the pcap record
     */
    static constexpr uint32_t FrameBytes(RoceOpcode op, uint32_t payload, bool vlan)
    {
        return L2HeaderBytes(vlan) + IpLength(op, payload);
    }

    /**
     * \param frameBytes frame bytes without FCS
     * \return the bytes the frame occupies on the link: padded to the 64-byte minimum with its
     *         FCS, plus preamble, SFD and inter-frame gap
     */
    static constexpr uint32_t WireBytesOfFrame(uint32_t frameBytes)
    {
        return (frameBytes + FCS < MIN_FRAME ? MIN_FRAME : frameBytes + FCS) + PREAMBLE_SFD + IFG;
    }

    /**
     * \param op an opcode
     * \param payload payload bytes
     * \param vlan whether the frame carries an 802.1Q tag
     * \return the bytes the frame occupies on the link (see WireBytesOfFrame)
     */
    static constexpr uint32_t WireBytes(RoceOpcode op, uint32_t payload, bool vlan)
    {
        return WireBytesOfFrame(FrameBytes(op, payload, vlan));
    }

    /** \return the link bytes of a PFC frame: 64 + preamble, SFD, IFG = 84 */
    static constexpr uint32_t PfcWireBytes()
    {
        return WireBytesOfFrame(ETHERNET_HEADER + PFC_BODY);
    }

    /** \param mtu a value \return true if it is an IB MTU: 256, 512, 1024, 2048 or 4096 */
    static constexpr bool IsValidPathMtu(uint32_t mtu)
    {
        return mtu == 256 || mtu == 512 || mtu == 1024 || mtu == 2048 || mtu == 4096;
    }

    /**
     * \param pathMtu the IB path MTU
     * \return the largest payload of one packet: the path MTU itself (IBTA Vol 1 §9.7.4)
     */
    static constexpr uint32_t MaxPayload(uint32_t pathMtu)
    {
        return pathMtu;
    }

    /**
     * \param ipMtu the IP MTU of the links (e.g. 1500, 4200, 9000)
     * \return the largest IB MTU whose packets fit in \p ipMtu with the largest RoCEv2 headers
     *         (IPv4, UDP, BTH, RETH, ImmDt, ICRC: 64 bytes), or 0 if even 256 does not fit
     */
    static constexpr uint32_t LargestPathMtuForIpMtu(uint32_t ipMtu)
    {
        constexpr uint32_t overhead = IPV4_HEADER + UDP_HEADER + BTH + RETH + IMM_DT + ICRC;
        uint32_t mtu = 4096;
        while (mtu >= 256 && mtu + overhead > ipMtu)
        {
            mtu /= 2;
        }
        return mtu >= 256 ? mtu : 0;
    }

    /**
     * \param messageBytes message length
     * \param pathMtu the IB path MTU
     * \return the packets of the message (a zero-byte message takes one packet)
     */
    static constexpr uint64_t PacketCount(uint64_t messageBytes, uint32_t pathMtu)
    {
        return messageBytes == 0 ? 1 : (messageBytes + pathMtu - 1) / pathMtu;
    }

    /**
     * \param wireBytes bytes on the link (WireBytes; below 2 MB, or the product overflows)
     * \param bitRate link rate in bit/s
     * \return the transmission time in picoseconds, rounded up (exact for 100 Gb/s: 80 ps a
     *         byte), where DataRate::CalculateBytesTxTime goes through a double
     */
    static constexpr uint64_t TransmitTimePs(uint64_t wireBytes, uint64_t bitRate)
    {
        return (wireBytes * 8 * 1000000000000ULL + bitRate - 1) / bitRate;
    }
};

} // namespace ns3

#endif /* ROCE_WIRE_SIZE_H */
