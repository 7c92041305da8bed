/*
 * NDK flags, enums and structures with their ndkpi.h names and values (SEMANTICS.md section 12).
 */

#ifndef NDK_TYPES_H
#define NDK_TYPES_H

#include "ndk-status.h"

#include "ns3/callback.h"
#include "ns3/inet-socket-address.h"

#include <cstdint>
#include <ostream>
#include <vector>

namespace ns3
{

/**
 * \defgroup ndk NDK object model
 * The Windows NDK kernel RDMA interface (NDKPI 1.2 with the 2.1 Ex additions) as a simulated
 * provider: objects, posting rules, token checks, completions. Pure logic; transports (the
 * ideal one for semantics tests, the RoCEv2 NIC) plug in through NdkTransport.
 */

/** Opaque consumer context (PVOID in NDK): echoed back in completions and callbacks. */
using NdkContext = uint64_t;

/// \name NDK_MR_FLAG_* (NdkRegisterMr Flags)
/// @{
constexpr uint32_t NDK_MR_FLAG_ALLOW_LOCAL_READ = 0x00000000;
constexpr uint32_t NDK_MR_FLAG_ALLOW_LOCAL_WRITE = 0x00000001;
constexpr uint32_t NDK_MR_FLAG_ALLOW_REMOTE_READ = 0x00000002;
constexpr uint32_t NDK_MR_FLAG_ALLOW_REMOTE_WRITE = 0x00000005; // includes LOCAL_WRITE
constexpr uint32_t NDK_MR_FLAG_RDMA_READ_SINK = 0x00000008;
/// @}

/// \name NDK_OP_FLAG_* (work-request Flags)
/// @{
constexpr uint32_t NDK_OP_FLAG_SILENT_SUCCESS = 0x00000001;
constexpr uint32_t NDK_OP_FLAG_READ_FENCE = 0x00000002;
constexpr uint32_t NDK_OP_FLAG_SEND_AND_SOLICIT_EVENT = 0x00000004;
constexpr uint32_t NDK_OP_FLAG_ALLOW_REMOTE_READ = 0x00000008;
constexpr uint32_t NDK_OP_FLAG_ALLOW_LOCAL_WRITE = 0x00000010;
constexpr uint32_t NDK_OP_FLAG_ALLOW_REMOTE_WRITE = 0x00000030; // includes LOCAL_WRITE
constexpr uint32_t NDK_OP_FLAG_INLINE = 0x00000040;
constexpr uint32_t NDK_OP_FLAG_RDMA_READ_SINK = 0x00000080;
constexpr uint32_t NDK_OP_FLAG_RDMA_READ_LOCAL_INVALIDATE = 0x00000100;
constexpr uint32_t NDK_OP_FLAG_DEFER = 0x00000200;
/// @}

/// \name NDK_ADAPTER_FLAG_* (NDK_ADAPTER_INFO.AdapterFlags)
/// @{
constexpr uint32_t NDK_ADAPTER_FLAG_IN_ORDER_DMA_SUPPORTED = 0x00000001;
constexpr uint32_t NDK_ADAPTER_FLAG_RDMA_READ_SINK_NOT_REQUIRED = 0x00000002;
constexpr uint32_t NDK_ADAPTER_FLAG_CQ_INTERRUPT_MODERATION_SUPPORTED = 0x00000004;
constexpr uint32_t NDK_ADAPTER_FLAG_MULTI_ENGINE_SUPPORTED = 0x00000008;
constexpr uint32_t NDK_ADAPTER_FLAG_RDMA_READ_LOCAL_INVALIDATE_SUPPORTED = 0x00000010;
constexpr uint32_t NDK_ADAPTER_FLAG_CQ_RESIZE_SUPPORTED = 0x00000100;
constexpr uint32_t NDK_ADAPTER_FLAG_LOOPBACK_CONNECTIONS_SUPPORTED = 0x00010000;
/// @}

/// \name NdkArmCq Type values
/// @{
constexpr uint32_t NDK_CQ_NOTIFY_ERRORS = 0;
constexpr uint32_t NDK_CQ_NOTIFY_ANY = 1;
constexpr uint32_t NDK_CQ_NOTIFY_SOLICITED = 2;
/// @}

/** Adapter page size (PAGE_SIZE) for LAMs and fast registration. */
constexpr uint64_t NDK_PAGE_SIZE = 4096;

/** NDK_OPERATION_TYPE (NDK_RESULT_EX.Type). */
enum class NdkOperationType : uint32_t
{
    Receive = 1,
    Send = 2,
    FastRegister = 4,
    Bind = 8,
    Invalidate = 16,
    Read = 32,
    Write = 64,
    ReceiveAndInvalidate = 0x8001,
};

inline std::ostream&
operator<<(std::ostream& os, NdkOperationType type)
{
    return os << "NdkOperationType(" << static_cast<uint32_t>(type) << ")";
}

/** NDK_OBJECT_TYPE. */
enum class NdkObjectType : uint32_t
{
    Undefined = 0,
    Adapter = 1,
    Qp = 2,
    Cq = 3,
    Mr = 4,
    Mw = 5,
    Pd = 6,
    SharedEndpoint = 7,
    Connector = 8,
    Listener = 9,
    Srq = 10,
};

/** NDK_RDMA_TECHNOLOGY. */
enum class NdkRdmaTechnology : uint32_t
{
    Undefined = 0,
    IWarp = 1,
    InfiniBand = 2,
    RoCE = 3,
    RoCEv2 = 4,
};

/** NDK_VERSION. */
struct NdkVersion
{
    uint16_t major;
    uint16_t minor;
};

/**
 * NDK_SGE: an address (virtual address inside a registered MR, or an adapter logical address
 * when the token is the privileged token), a length and a memory-region token.
 */
struct NdkSge
{
    uint64_t address;
    uint32_t length;
    uint32_t memoryRegionToken;
};

/** NDK_RESULT_EX (NDK_RESULT is its first four fields). */
struct NdkResultEx
{
    NdkStatus status;
    uint32_t bytesTransferred;       //!< valid for receive completions only
    NdkContext qpContext;            //!< QPContext of the QP the request belongs to
    NdkContext requestContext;       //!< context passed when the request was posted
    NdkOperationType type;           //!< kind of request that completed
    uint32_t providerErrorCode;      //!< NDK 2.1: 0 on success, else an ndksim cause code
    uint64_t typeSpecificCompletionOutput; //!< invalidated token for ReceiveAndInvalidate
};

/** NDK_RESULT. */
struct NdkResult
{
    NdkStatus status;
    uint32_t bytesTransferred;
    NdkContext qpContext;
    NdkContext requestContext;
};

/**
 * ndksim's NDK_RESULT_EX.ProviderErrorCode values (SEMANTICS.md 15.10): the transport-level
 * cause of an error completion.
 */
enum class NdkProviderError : uint32_t
{
    None = 0,
    LocalProtection = 1,
    RemoteAccess = 2,
    InvalidRequest = 3,
    RemoteOperational = 4,
    RnrRetryExceeded = 5,
    TransportRetryExceeded = 6,
    Flush = 7,
    MemoryOperation = 8,
    LocalLength = 9,
};

/** NDK_ADAPTER_INFO (SEMANTICS.md 3.4), field order as in ndkinfo.h. */
struct NdkAdapterInfo
{
    NdkVersion version;
    uint32_t vendorId;
    uint32_t deviceId;
    uint64_t maxRegistrationSize;
    uint64_t maxWindowSize;
    uint32_t frmrPageCount;
    uint32_t maxInitiatorRequestSge;
    uint32_t maxReceiveRequestSge;
    uint32_t maxReadRequestSge;
    uint32_t maxTransferLength;
    uint32_t maxInlineDataSize;
    uint32_t maxInboundReadLimit;
    uint32_t maxOutboundReadLimit;
    uint32_t maxReceiveQueueDepth;
    uint32_t maxInitiatorQueueDepth;
    uint32_t maxSrqDepth;
    uint32_t maxCqDepth;
    uint32_t largeRequestThreshold;
    uint32_t maxCallerData;
    uint32_t maxCalleeData;
    uint32_t adapterFlags;
    NdkRdmaTechnology rdmaTechnology;
};

class NdkCq;
class NdkPd;
class NdkMr;
class NdkMw;
class NdkQp;
class NdkSrq;
class NdkConnector;
class NdkListener;
class NdkSharedEndpoint;

/** NdkRequestCompletion(Context, Status). */
using NdkRequestCallback = Callback<void, NdkContext, NdkStatus>;
/** NdkCloseCompletion(Context). */
using NdkCloseCallback = Callback<void, NdkContext>;
/** NdkCqNotificationCallback(Context, CqStatus). */
using NdkCqNotificationCallback = Callback<void, NdkContext, NdkStatus>;
/** NdkSrqNotificationCallback(Context, SrqStatus). */
using NdkSrqNotificationCallback = Callback<void, NdkContext, NdkStatus>;
/** NdkConnectEventCallback(Context, new connector). */
using NdkConnectEventCallback = Callback<void, NdkContext, Ptr<NdkConnector>>;
/** NdkDisconnectEventCallbackEx(Context, ProviderDisconnectReason). */
using NdkDisconnectEventCallback = Callback<void, NdkContext, uint32_t>;

/** A consumer callback bundle for an asynchronous request: the callback and its context. */
struct NdkRequestCompletion
{
    NdkRequestCallback callback; //!< may be null: the call then completes inline
    NdkContext context{0};
};

} // namespace ns3

#endif
