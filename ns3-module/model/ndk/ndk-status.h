/*
 * NTSTATUS codes used by the simulated NDK provider, with their Windows names and values
 * (SEMANTICS.md section 1; values as in ntstatus.h / ND2's ndstatus.mc).
 */

#ifndef NDK_STATUS_H
#define NDK_STATUS_H

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup ndk
 * \brief An NDK status: the NTSTATUS value an NDK function returns or a completion carries.
 */
enum class NdkStatus : uint32_t
{
    SUCCESS = 0x00000000,
    PENDING = 0x00000103,
    BUFFER_OVERFLOW = 0x80000005,
    DEVICE_BUSY = 0x80000011,
    NO_MORE_ENTRIES = 0x8000001A,
    UNSUCCESSFUL = 0xC0000001,
    ACCESS_VIOLATION = 0xC0000005,
    INVALID_PARAMETER = 0xC000000D,
    INVALID_DEVICE_REQUEST = 0xC0000010,
    BUFFER_TOO_SMALL = 0xC0000023,
    INVALID_PARAMETER_MIX = 0xC0000030,
    DATA_OVERRUN = 0xC000003C,
    DATA_ERROR = 0xC000003E,
    SHARING_VIOLATION = 0xC0000043,
    INSUFFICIENT_RESOURCES = 0xC000009A,
    IO_TIMEOUT = 0xC00000B5,
    NOT_SUPPORTED = 0xC00000BB,
    INTERNAL_ERROR = 0xC00000E5,
    CANCELLED = 0xC0000120,
    REMOTE_RESOURCES = 0xC000013D,
    INVALID_ADDRESS = 0xC0000141,
    INVALID_DEVICE_STATE = 0xC0000184,
    INVALID_BUFFER_SIZE = 0xC0000206,
    TOO_MANY_ADDRESSES = 0xC0000209,
    ADDRESS_ALREADY_EXISTS = 0xC000020A,
    CONNECTION_REFUSED = 0xC0000236,
    CONNECTION_INVALID = 0xC000023A,
    CONNECTION_ACTIVE = 0xC000023B,
    NETWORK_UNREACHABLE = 0xC000023C,
    HOST_UNREACHABLE = 0xC000023D,
    CONNECTION_ABORTED = 0xC0000241,
    DEVICE_REMOVED = 0xC00002B6,
    IMPLEMENTATION_LIMIT = 0xC000042B,
};

/** \return the NTSTATUS name, e.g. "STATUS_ACCESS_VIOLATION" ("STATUS_0x..." if unknown). */
const char* NdkStatusName(NdkStatus status);

/** \return true for NT_SUCCESS(status): success and informational codes (STATUS_PENDING). */
inline bool
NdkSucceeded(NdkStatus status)
{
    return static_cast<int32_t>(status) >= 0;
}

std::ostream& operator<<(std::ostream& os, NdkStatus status);

} // namespace ns3

#endif
