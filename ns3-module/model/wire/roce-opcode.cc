/*
 * Names of the BTH opcodes, for Print() and reports (never called on the per-packet path).
 */

#include "roce-opcode.h"

#include <iomanip>

namespace ns3
{

const char*
RoceOpcodeInfo::GetName(RoceOpcode op)
{
    static const char* const operationNames[32] = {
        "SEND_FIRST",
        "SEND_MIDDLE",
        "SEND_LAST",
        "SEND_LAST_WITH_IMMEDIATE",
        "SEND_ONLY",
        "SEND_ONLY_WITH_IMMEDIATE",
        "RDMA_WRITE_FIRST",
        "RDMA_WRITE_MIDDLE",
        "RDMA_WRITE_LAST",
        "RDMA_WRITE_LAST_WITH_IMMEDIATE",
        "RDMA_WRITE_ONLY",
        "RDMA_WRITE_ONLY_WITH_IMMEDIATE",
        "RDMA_READ_REQUEST",
        "RDMA_READ_RESPONSE_FIRST",
        "RDMA_READ_RESPONSE_MIDDLE",
        "RDMA_READ_RESPONSE_LAST",
        "RDMA_READ_RESPONSE_ONLY",
        "ACKNOWLEDGE",
        "ATOMIC_ACKNOWLEDGE",
        "COMPARE_SWAP",
        "FETCH_ADD",
        nullptr,
        "SEND_LAST_WITH_INVALIDATE",
        "SEND_ONLY_WITH_INVALIDATE",
    };
    // UC opcodes share the RC operation names; only the operations valid for UC are named.
    static const char* const ucNames[12] = {
        "UC_SEND_FIRST",
        "UC_SEND_MIDDLE",
        "UC_SEND_LAST",
        "UC_SEND_LAST_WITH_IMMEDIATE",
        "UC_SEND_ONLY",
        "UC_SEND_ONLY_WITH_IMMEDIATE",
        "UC_RDMA_WRITE_FIRST",
        "UC_RDMA_WRITE_MIDDLE",
        "UC_RDMA_WRITE_LAST",
        "UC_RDMA_WRITE_LAST_WITH_IMMEDIATE",
        "UC_RDMA_WRITE_ONLY",
        "UC_RDMA_WRITE_ONLY_WITH_IMMEDIATE",
    };

    if (!IsKnown(op))
    {
        return "UNKNOWN";
    }
    const uint8_t code = static_cast<uint8_t>(op);
    switch (GetTransport(op))
    {
    case RC:
        return operationNames[code & 0x1F];
    case UC:
        return ucNames[code & 0x1F];
    case UD:
        return op == RoceOpcode::UD_SEND_ONLY ? "UD_SEND_ONLY" : "UD_SEND_ONLY_WITH_IMMEDIATE";
    case CNP:
        return "CNP";
    default:
        return "UNKNOWN";
    }
}

std::ostream&
operator<<(std::ostream& os, RoceOpcode op)
{
    const auto flags = os.flags();
    const auto fill = os.fill();
    os << RoceOpcodeInfo::GetName(op) << "(0x" << std::hex << std::setfill('0') << std::setw(2)
       << static_cast<uint32_t>(op) << ")";
    os.flags(flags);
    os.fill(fill);
    return os;
}

} // namespace ns3
