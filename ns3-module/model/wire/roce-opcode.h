/*
 * BTH opcodes of the RoCEv2 transport and what each one implies on the wire: which extension
 * headers follow the BTH, whether a payload follows, and the packet's place in its message.
 *
 * References: IBTA Vol 1 §9.2.1 (Table 38, "OpCode field"), §9.3 (extension header order),
 * RoCEv2 Annex A17.9.3 (CNP opcode 0x81). Values as in Linux include/rdma/ib_pack.h.
 */

#ifndef ROCE_OPCODE_H
#define ROCE_OPCODE_H

#include <array>
#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief A BTH opcode (IBTA Vol 1 §9.2.1, Table 38).
 *
 * Bits 7-5 select the transport (000 RC, 001 UC, 010 RD, 011 UD, 100 CNP), bits 4-0 the
 * operation. The named values are the Reliable Connected ones, two UD sends and the RoCEv2
 * CNP; an opcode read from the wire may hold any 8-bit value (use RoceOpcodeInfo::IsKnown).
 */
enum class RoceOpcode : uint8_t
{
    SEND_FIRST = 0x00,
    SEND_MIDDLE = 0x01,
    SEND_LAST = 0x02,
    SEND_LAST_WITH_IMMEDIATE = 0x03,
    SEND_ONLY = 0x04,
    SEND_ONLY_WITH_IMMEDIATE = 0x05,
    RDMA_WRITE_FIRST = 0x06,
    RDMA_WRITE_MIDDLE = 0x07,
    RDMA_WRITE_LAST = 0x08,
    RDMA_WRITE_LAST_WITH_IMMEDIATE = 0x09,
    RDMA_WRITE_ONLY = 0x0A,
    RDMA_WRITE_ONLY_WITH_IMMEDIATE = 0x0B,
    RDMA_READ_REQUEST = 0x0C,
    RDMA_READ_RESPONSE_FIRST = 0x0D,
    RDMA_READ_RESPONSE_MIDDLE = 0x0E,
    RDMA_READ_RESPONSE_LAST = 0x0F,
    RDMA_READ_RESPONSE_ONLY = 0x10,
    ACKNOWLEDGE = 0x11,
    ATOMIC_ACKNOWLEDGE = 0x12,
    COMPARE_SWAP = 0x13,
    FETCH_ADD = 0x14,
    SEND_LAST_WITH_INVALIDATE = 0x16,
    SEND_ONLY_WITH_INVALIDATE = 0x17,
    UD_SEND_ONLY = 0x64,
    UD_SEND_ONLY_WITH_IMMEDIATE = 0x65,
    CNP = 0x81,
};

/**
 * \ingroup ndksim
 * \brief What a BTH opcode implies: extension headers, payload, position in the message.
 *
 * Everything is one constexpr table lookup, so the transport and the switches can call these
 * per packet. Extension headers follow the BTH in this order (IBTA Vol 1 §9.3):
 * DETH, RETH, AtomicETH, AETH, AtomicAckETH, ImmDt, IETH; then the payload, its pad bytes
 * (BTH PadCnt) and the ICRC. With ns-3's Packet::AddHeader, add them in the reverse order.
 * The RoCEv2 CNP (0x81) carries a 16-byte reserved body instead (Annex A17.9.3).
 */
class RoceOpcodeInfo
{
  public:
    /** Property bits of an opcode, as returned by GetFlags(). */
    enum Flag : uint32_t
    {
        KNOWN = 1U << 0,               //!< a defined opcode
        FIRST = 1U << 1,               //!< first packet of a multi-packet message
        MIDDLE = 1U << 2,              //!< middle packet of a multi-packet message
        LAST = 1U << 3,                //!< last packet of a multi-packet message
        ONLY = 1U << 4,                //!< the whole message (or a single-packet operation)
        HAS_RETH = 1U << 5,            //!< RDMA extended transport header (16 B)
        HAS_AETH = 1U << 6,            //!< ACK extended transport header (4 B)
        HAS_IMM_DT = 1U << 7,          //!< immediate data (4 B)
        HAS_IETH = 1U << 8,            //!< invalidate extended transport header (4 B)
        HAS_DETH = 1U << 9,            //!< datagram extended transport header (8 B)
        HAS_ATOMIC_ETH = 1U << 10,     //!< atomic extended transport header (28 B)
        HAS_ATOMIC_ACK_ETH = 1U << 11, //!< atomic acknowledge extended header (8 B)
        HAS_CNP_BODY = 1U << 12,       //!< 16 reserved bytes of a RoCEv2 CNP
        HAS_PAYLOAD = 1U << 13,        //!< a data payload may follow the headers
        REQUEST = 1U << 14,            //!< sent by the requester
        RESPONSE = 1U << 15,           //!< sent by the responder (ACK, read response, atomic ACK)
        SEND = 1U << 16,               //!< a SEND operation packet
        WRITE = 1U << 17,              //!< an RDMA WRITE packet
        READ_REQUEST = 1U << 18,       //!< an RDMA READ request
        READ_RESPONSE = 1U << 19,      //!< an RDMA READ response packet
        ATOMIC = 1U << 20,             //!< a CompareSwap or FetchAdd request
    };

    /** Transport service selected by opcode bits 7-5. */
    enum Transport : uint8_t
    {
        RC = 0,  //!< reliable connected
        UC = 1,  //!< unreliable connected
        RD = 2,  //!< reliable datagram
        UD = 3,  //!< unreliable datagram
        CNP = 4, //!< RoCEv2 congestion notification
    };

    /** \return the property bits of \p op (0 for an undefined opcode). */
    static constexpr uint32_t GetFlags(RoceOpcode op)
    {
        return s_flags[static_cast<uint8_t>(op)];
    }

    /** \return true if \p op is a defined opcode. */
    static constexpr bool IsKnown(RoceOpcode op)
    {
        return Has(op, KNOWN);
    }

    /** \return the transport service of \p op (opcode bits 7-5). */
    static constexpr Transport GetTransport(RoceOpcode op)
    {
        return static_cast<Transport>(static_cast<uint8_t>(op) >> 5);
    }

    /** \return true if a RETH follows the BTH. */
    static constexpr bool HasReth(RoceOpcode op)
    {
        return Has(op, HAS_RETH);
    }

    /** \return true if an AETH follows the BTH. */
    static constexpr bool HasAeth(RoceOpcode op)
    {
        return Has(op, HAS_AETH);
    }

    /** \return true if immediate data follows the BTH (and RETH/DETH). */
    static constexpr bool HasImmDt(RoceOpcode op)
    {
        return Has(op, HAS_IMM_DT);
    }

    /** \return true if an IETH follows the BTH. */
    static constexpr bool HasIeth(RoceOpcode op)
    {
        return Has(op, HAS_IETH);
    }

    /** \return true if a DETH follows the BTH. */
    static constexpr bool HasDeth(RoceOpcode op)
    {
        return Has(op, HAS_DETH);
    }

    /** \return true if a data payload may follow the headers. */
    static constexpr bool HasPayload(RoceOpcode op)
    {
        return Has(op, HAS_PAYLOAD);
    }

    /** \return true for a *_FIRST opcode. */
    static constexpr bool IsFirst(RoceOpcode op)
    {
        return Has(op, FIRST);
    }

    /** \return true for a *_MIDDLE opcode. */
    static constexpr bool IsMiddle(RoceOpcode op)
    {
        return Has(op, MIDDLE);
    }

    /** \return true for a *_LAST opcode. */
    static constexpr bool IsLast(RoceOpcode op)
    {
        return Has(op, LAST);
    }

    /** \return true for a *_ONLY opcode or a single-packet operation (read request, ACK, ...). */
    static constexpr bool IsOnly(RoceOpcode op)
    {
        return Has(op, ONLY);
    }

    /** \return true if the packet starts a message (FIRST or ONLY). */
    static constexpr bool StartsMessage(RoceOpcode op)
    {
        return (GetFlags(op) & (FIRST | ONLY)) != 0;
    }

    /** \return true if the packet ends a message (LAST or ONLY). */
    static constexpr bool EndsMessage(RoceOpcode op)
    {
        return (GetFlags(op) & (LAST | ONLY)) != 0;
    }

    /** \return true for a packet the requester sends. */
    static constexpr bool IsRequest(RoceOpcode op)
    {
        return Has(op, REQUEST);
    }

    /** \return true for a packet the responder sends. */
    static constexpr bool IsResponse(RoceOpcode op)
    {
        return Has(op, RESPONSE);
    }

    /** \return true for a SEND packet (any position, with or without immediate/invalidate). */
    static constexpr bool IsSend(RoceOpcode op)
    {
        return Has(op, SEND);
    }

    /** \return true for an RDMA WRITE packet. */
    static constexpr bool IsWrite(RoceOpcode op)
    {
        return Has(op, WRITE);
    }

    /** \return true for an RDMA READ request. */
    static constexpr bool IsReadRequest(RoceOpcode op)
    {
        return Has(op, READ_REQUEST);
    }

    /** \return true for an RDMA READ response packet. */
    static constexpr bool IsReadResponse(RoceOpcode op)
    {
        return Has(op, READ_RESPONSE);
    }

    /** \return true for a CompareSwap or FetchAdd request. */
    static constexpr bool IsAtomic(RoceOpcode op)
    {
        return Has(op, ATOMIC);
    }

    /** \return true for the RoCEv2 congestion notification packet (0x81). */
    static constexpr bool IsCnp(RoceOpcode op)
    {
        return op == RoceOpcode::CNP;
    }

    /**
     * \return the bytes of extension headers between the BTH and the payload
     *         (for the CNP: its 16-byte reserved body).
     */
    static constexpr uint32_t GetExtensionHeaderSize(RoceOpcode op)
    {
        return s_extSize[static_cast<uint8_t>(op)];
    }

    /**
     * \return the IBTA name of \p op without its transport prefix for RC (e.g. "RDMA_WRITE_FIRST"),
     *         with it otherwise ("UC_SEND_ONLY", "UD_SEND_ONLY", "CNP"), or "UNKNOWN".
     */
    static const char* GetName(RoceOpcode op);

  private:
    /** \return true if \p op has every bit of \p flags. */
    static constexpr bool Has(RoceOpcode op, uint32_t flags)
    {
        return (GetFlags(op) & flags) == flags;
    }

    /** \return the flags of an operation (opcode bits 4-0) of a connected transport. */
    static constexpr uint32_t OperationFlags(uint8_t operation)
    {
        constexpr uint32_t sendReq = KNOWN | SEND | REQUEST | HAS_PAYLOAD;
        constexpr uint32_t writeReq = KNOWN | WRITE | REQUEST | HAS_PAYLOAD;
        constexpr uint32_t readResp = KNOWN | READ_RESPONSE | RESPONSE | HAS_PAYLOAD;
        switch (operation)
        {
        case 0x00:
            return sendReq | FIRST;
        case 0x01:
            return sendReq | MIDDLE;
        case 0x02:
            return sendReq | LAST;
        case 0x03:
            return sendReq | LAST | HAS_IMM_DT;
        case 0x04:
            return sendReq | ONLY;
        case 0x05:
            return sendReq | ONLY | HAS_IMM_DT;
        case 0x06:
            return writeReq | FIRST | HAS_RETH;
        case 0x07:
            return writeReq | MIDDLE;
        case 0x08:
            return writeReq | LAST;
        case 0x09:
            return writeReq | LAST | HAS_IMM_DT;
        case 0x0A:
            return writeReq | ONLY | HAS_RETH;
        case 0x0B:
            return writeReq | ONLY | HAS_RETH | HAS_IMM_DT;
        case 0x0C:
            return KNOWN | READ_REQUEST | REQUEST | ONLY | HAS_RETH;
        case 0x0D:
            return readResp | FIRST | HAS_AETH;
        case 0x0E:
            return readResp | MIDDLE;
        case 0x0F:
            return readResp | LAST | HAS_AETH;
        case 0x10:
            return readResp | ONLY | HAS_AETH;
        case 0x11:
            return KNOWN | RESPONSE | ONLY | HAS_AETH;
        case 0x12:
            return KNOWN | RESPONSE | ONLY | HAS_AETH | HAS_ATOMIC_ACK_ETH;
        case 0x13:
        case 0x14:
            return KNOWN | ATOMIC | REQUEST | ONLY | HAS_ATOMIC_ETH;
        case 0x16:
            return sendReq | LAST | HAS_IETH;
        case 0x17:
            return sendReq | ONLY | HAS_IETH;
        default:
            return 0;
        }
    }

    /** \return the flags of opcode \p code (any 8-bit value). */
    static constexpr uint32_t ComputeFlags(uint8_t code)
    {
        const uint8_t operation = code & 0x1F;
        switch (code >> 5)
        {
        case RC:
            return OperationFlags(operation);
        case UC: // UC carries SEND and RDMA WRITE only (IBTA Vol 1 Table 38)
            return operation <= 0x0B ? OperationFlags(operation) : 0;
        case UD: // UD carries SEND_ONLY and SEND_ONLY_WITH_IMMEDIATE, each with a DETH
            return (operation == 0x04 || operation == 0x05) ? (OperationFlags(operation) | HAS_DETH)
                                                            : 0;
        case CNP:
            return operation == 0x01 ? (KNOWN | ONLY | HAS_CNP_BODY) : 0;
        default:
            return 0;
        }
    }

    /** \return the extension header bytes implied by \p flags. */
    static constexpr uint32_t ExtensionSize(uint32_t flags)
    {
        return ((flags & HAS_RETH) ? 16 : 0) + ((flags & HAS_AETH) ? 4 : 0) +
               ((flags & HAS_IMM_DT) ? 4 : 0) + ((flags & HAS_IETH) ? 4 : 0) +
               ((flags & HAS_DETH) ? 8 : 0) + ((flags & HAS_ATOMIC_ETH) ? 28 : 0) +
               ((flags & HAS_ATOMIC_ACK_ETH) ? 8 : 0) + ((flags & HAS_CNP_BODY) ? 16 : 0);
    }

    /** \return the 256-entry flag table. */
    static constexpr std::array<uint32_t, 256> MakeFlagTable()
    {
        std::array<uint32_t, 256> table{};
        for (uint32_t code = 0; code < 256; ++code)
        {
            table[code] = ComputeFlags(static_cast<uint8_t>(code));
        }
        return table;
    }

    /** \return the 256-entry extension size table. */
    static constexpr std::array<uint8_t, 256> MakeSizeTable()
    {
        std::array<uint8_t, 256> table{};
        for (uint32_t code = 0; code < 256; ++code)
        {
            table[code] = static_cast<uint8_t>(ExtensionSize(ComputeFlags(code)));
        }
        return table;
    }

    static const std::array<uint32_t, 256> s_flags;  //!< flags per opcode
    static const std::array<uint8_t, 256> s_extSize; //!< extension header bytes per opcode
};

// Defined after the class: the tables are built by its constexpr members at compile time.
inline constexpr std::array<uint32_t, 256> RoceOpcodeInfo::s_flags =
    RoceOpcodeInfo::MakeFlagTable();
inline constexpr std::array<uint8_t, 256> RoceOpcodeInfo::s_extSize =
    RoceOpcodeInfo::MakeSizeTable();

/**
 * \brief Stream an opcode as its name and value, e.g. "RDMA_WRITE_FIRST(0x06)".
 * \param os the stream
 * \param op the opcode
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, RoceOpcode op);

} // namespace ns3

#endif /* ROCE_OPCODE_H */
