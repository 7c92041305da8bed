/*
 * Small helpers shared by the requester and responder halves of RdmaRcQp (not public API).
 */

#ifndef RDMA_RC_QP_UTIL_H
#define RDMA_RC_QP_UTIL_H

#include "ns3/ndk-qp.h"
#include "ns3/roce-aeth-header.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace rdmarc
{

/** Scratch space for payload bytes, reused by every packet of the simulation. */
inline std::vector<uint8_t>&
Scratch(uint32_t bytes)
{
    static std::vector<uint8_t> buffer;
    if (buffer.size() < bytes)
    {
        buffer.resize(bytes);
    }
    return buffer;
}

/** \return picoseconds to move \p bytes at \p bps, rounded up. */
inline uint64_t
TransferPs(uint64_t bytes, uint64_t bps)
{
    if (bps == 0 || bytes == 0)
    {
        return 0;
    }
    unsigned __int128 bits = static_cast<unsigned __int128>(bytes) * 8 * 1000000000000ULL;
    return static_cast<uint64_t>((bits + bps - 1) / bps);
}

inline NdkNak
NakOfSyndrome(uint8_t code)
{
    switch (code)
    {
    case RoceAethHeader::INVALID_REQUEST:
        return NdkNak::InvalidRequest;
    case RoceAethHeader::REMOTE_ACCESS_ERROR:
        return NdkNak::RemoteAccess;
    default:
        return NdkNak::RemoteOperational;
    }
}

inline RoceAethHeader::NakCode
CodeOfNak(NdkNak nak)
{
    switch (nak)
    {
    case NdkNak::InvalidRequest:
        return RoceAethHeader::INVALID_REQUEST;
    case NdkNak::RemoteAccess:
        return RoceAethHeader::REMOTE_ACCESS_ERROR;
    default:
        return RoceAethHeader::REMOTE_OPERATIONAL_ERROR;
    }
}

} // namespace rdmarc
} // namespace ns3

#endif
