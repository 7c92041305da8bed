#include "ndk-status.h"

#include <cstdio>

namespace ns3
{

const char*
NdkStatusName(NdkStatus status)
{
    switch (status)
    {
    case NdkStatus::SUCCESS:
        return "STATUS_SUCCESS";
    case NdkStatus::PENDING:
        return "STATUS_PENDING";
    case NdkStatus::BUFFER_OVERFLOW:
        return "STATUS_BUFFER_OVERFLOW";
    case NdkStatus::DEVICE_BUSY:
        return "STATUS_DEVICE_BUSY";
    case NdkStatus::NO_MORE_ENTRIES:
        return "STATUS_NO_MORE_ENTRIES";
    case NdkStatus::UNSUCCESSFUL:
        return "STATUS_UNSUCCESSFUL";
    case NdkStatus::ACCESS_VIOLATION:
        return "STATUS_ACCESS_VIOLATION";
    case NdkStatus::INVALID_PARAMETER:
        return "STATUS_INVALID_PARAMETER";
    case NdkStatus::INVALID_DEVICE_REQUEST:
        return "STATUS_INVALID_DEVICE_REQUEST";
    case NdkStatus::BUFFER_TOO_SMALL:
        return "STATUS_BUFFER_TOO_SMALL";
    case NdkStatus::INVALID_PARAMETER_MIX:
        return "STATUS_INVALID_PARAMETER_MIX";
    case NdkStatus::DATA_OVERRUN:
        return "STATUS_DATA_OVERRUN";
    case NdkStatus::DATA_ERROR:
        return "STATUS_DATA_ERROR";
    case NdkStatus::SHARING_VIOLATION:
        return "STATUS_SHARING_VIOLATION";
    case NdkStatus::INSUFFICIENT_RESOURCES:
        return "STATUS_INSUFFICIENT_RESOURCES";
    case NdkStatus::IO_TIMEOUT:
        return "STATUS_IO_TIMEOUT";
    case NdkStatus::NOT_SUPPORTED:
        return "STATUS_NOT_SUPPORTED";
    case NdkStatus::INTERNAL_ERROR:
        return "STATUS_INTERNAL_ERROR";
    case NdkStatus::CANCELLED:
        return "STATUS_CANCELLED";
    case NdkStatus::REMOTE_RESOURCES:
        return "STATUS_REMOTE_RESOURCES";
    case NdkStatus::INVALID_ADDRESS:
        return "STATUS_INVALID_ADDRESS";
    case NdkStatus::INVALID_DEVICE_STATE:
        return "STATUS_INVALID_DEVICE_STATE";
    case NdkStatus::INVALID_BUFFER_SIZE:
        return "STATUS_INVALID_BUFFER_SIZE";
    case NdkStatus::TOO_MANY_ADDRESSES:
        return "STATUS_TOO_MANY_ADDRESSES";
    case NdkStatus::ADDRESS_ALREADY_EXISTS:
        return "STATUS_ADDRESS_ALREADY_EXISTS";
    case NdkStatus::CONNECTION_REFUSED:
        return "STATUS_CONNECTION_REFUSED";
    case NdkStatus::CONNECTION_INVALID:
        return "STATUS_CONNECTION_INVALID";
    case NdkStatus::CONNECTION_ACTIVE:
        return "STATUS_CONNECTION_ACTIVE";
    case NdkStatus::NETWORK_UNREACHABLE:
        return "STATUS_NETWORK_UNREACHABLE";
    case NdkStatus::HOST_UNREACHABLE:
        return "STATUS_HOST_UNREACHABLE";
    case NdkStatus::CONNECTION_ABORTED:
        return "STATUS_CONNECTION_ABORTED";
    case NdkStatus::DEVICE_REMOVED:
        return "STATUS_DEVICE_REMOVED";
    case NdkStatus::IMPLEMENTATION_LIMIT:
        return "STATUS_IMPLEMENTATION_LIMIT";
    }
    static thread_local char buf[24];
    std::snprintf(buf, sizeof(buf), "STATUS_0x%08X", static_cast<unsigned>(status));
    return buf;
}

std::ostream&
operator<<(std::ostream& os, NdkStatus status)
{
    return os << NdkStatusName(status);
}

} // namespace ns3
