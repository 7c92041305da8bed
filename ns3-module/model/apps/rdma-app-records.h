/*
 * Plain result records of the ndksim workload applications (one struct per trace source).
 */

#ifndef RDMA_APP_RECORDS_H
#define RDMA_APP_RECORDS_H

#include "ns3/ndk-key-table.h"
#include "ns3/ndk-status.h"
#include "ns3/ndk-types.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \defgroup rdma-apps RDMA workload applications
 * ns-3 Applications that drive the NDK API (storage token flow, KV reads, flows, token churn,
 * attacker). Results leave through trace sources carrying the plain structs below, so that a
 * recorder can subscribe without parsing strings. Times are integer picoseconds; hosts are ns-3
 * node ids; -1 marks "never".
 */

/** "Never" for the picosecond fields of the records. */
constexpr int64_t RDMA_APP_NEVER = -1;

/**
 * \ingroup rdma-apps
 * One NDK work request posted by an application ("OpCompleted"), reported once: when the
 * application sees its completion (or failure), or, posted and not completed when the run ended,
 * by RdmaApp::ReportUnfinished.
 *
 * PENDING in an op record: posted, not completed when the run ended. Such a record has
 * completionPs RDMA_APP_NEVER and status NdkStatus::PENDING, and its real post time, QP, type
 * (the type its completion would have: Send for a Send-and-Invalidate, withInvalidate set),
 * bytes (those it would move, or cover for Bind / FastRegister) and withInvalidate. If the run
 * goes on and the request completes, that completion gets no second record.
 *
 * Receives are the exception: a receive still posted when the run ended is not reported. The
 * applications keep receive buffers posted ahead (a storage server ReceiveDepth, 64 by default,
 * per connection), so most of them are idle buffers that no message was ever sent to; reporting
 * them would outnumber the requests really in flight several times (the storage-fattree scenario
 * ends with 318 requests open and about 1700 receives posted, 544 against 115 in the default
 * one), and grows with connections x receive depth, not with the load. No message in flight is
 * lost: a receive completes before the Send that fills it does (RC: the Send completes on the
 * acknowledgement), so the sender's Send or Send-and-Invalidate is still open and reported
 * PENDING. A receive that did complete has its record (type Receive or ReceiveAndInvalidate,
 * bytes received, post time of its buffer).
 */
struct RdmaOpRecord
{
    uint32_t host{0};                              //!< node id of the host that posted it
    uint32_t qpn{0};                               //!< QP number on that host
    NdkOperationType type{NdkOperationType::Send}; //!< NDK_RESULT_EX.Type of the completion
    bool withInvalidate{false}; //!< a Send-and-Invalidate (type Send) or a Receive-and-Invalidate
    uint64_t bytes{0};          //!< bytes moved (or covered, for Bind / FastRegister)
    int64_t postPs{0};          //!< when it was posted
    int64_t completionPs{0};    //!< when the application saw its completion (-1: PENDING)
    /** Completion status; PENDING: posted, not completed when the run ended. */
    NdkStatus status{NdkStatus::SUCCESS};
};

/** What kind of object a remote token names. */
enum class RdmaTokenKind : uint8_t
{
    MemoryWindow,   //!< a bound memory window (NdkBind)
    FastRegisterMr, //!< a fast-registered MR (NdkFastRegister)
    LongLivedMr,    //!< a normally registered MR (NdkRegisterMr)
};

/** How a token's lifetime ended. */
enum class RdmaInvalidation : uint8_t
{
    Never,        //!< still valid when recorded (application stopped, or run ended)
    Local,        //!< the owner invalidated it (Invalidate work request)
    Remote,       //!< the peer invalidated it (Send-and-Invalidate)
    Deregistered, //!< the region was deregistered (re-registration, close)
};

inline std::ostream&
operator<<(std::ostream& os, RdmaTokenKind kind)
{
    const char* names[] = {"MemoryWindow", "FastRegisterMr", "LongLivedMr"};
    return os << names[static_cast<int>(kind)];
}

inline std::ostream&
operator<<(std::ostream& os, RdmaInvalidation how)
{
    const char* names[] = {"Never", "Local", "Remote", "Deregistered"};
    return os << names[static_cast<int>(how)];
}

/**
 * \ingroup rdma-apps
 * One remote token from creation to invalidation ("TokenRetired"), reported once: when it dies,
 * or, still valid, when its application stops or the run ends (RdmaApp::ReportUnfinished). A
 * token still valid has how Never and invalidatedPs = lifetimePs = RDMA_APP_NEVER. A token
 * reported at the end of the run while its operation was still open keeps the invalidation it
 * already had (Local or Remote and its time), if any.
 */
struct RdmaTokenRecord
{
    uint32_t host{0};                                //!< node owning the memory
    uint32_t token{0};                               //!< the 32-bit remote token
    RdmaTokenKind kind{RdmaTokenKind::MemoryWindow}; //!< object behind it
    int64_t createdPs{0}; //!< bind / fast-register completion, or registration
    uint32_t rights{0};   //!< NDK_OP_FLAG_ALLOW_REMOTE_* (or NDK_MR_FLAG_*) granted
    uint64_t address{0};  //!< first byte covered
    uint64_t length{0};   //!< bytes covered
    uint32_t uses{0};     //!< remote accesses performed with it (as far as the owner knows)
    int64_t invalidatedPs{RDMA_APP_NEVER};         //!< when it died (-1: still valid)
    RdmaInvalidation how{RdmaInvalidation::Never}; //!< how it died
    int64_t lifetimePs{RDMA_APP_NEVER};            //!< invalidatedPs - createdPs (-1: valid)
};

/**
 * \ingroup rdma-apps
 * One remote access a responder rejected ("Violation" of RdmaViolationRecorder).
 * Address and length are those the access presented (0 for a Send-and-Invalidate).
 */
struct RdmaViolationRecord
{
    int64_t timePs{0};                           //!< when the responder rejected it
    uint32_t responder{0};                       //!< responder node id
    uint32_t qpn{0};                             //!< responder QP number
    uint32_t requester{0xFFFFFFFF};              //!< requester node id (0xFFFFFFFF: unknown)
    uint32_t requesterAddress{0};                //!< requester IPv4 address (host order)
    NdkRemoteOp op{NdkRemoteOp::Read};           //!< Read, Write or Invalidate (S&I)
    uint32_t token{0};                           //!< token presented
    uint64_t address{0};                         //!< remote address presented
    uint64_t length{0};                          //!< length requested
    NdkAccessFault reason{NdkAccessFault::None}; //!< which responder check failed
};

/**
 * \ingroup rdma-apps
 * One flow of a flow workload ("FlowCompleted"), reported once: when it finishes, finish is the
 * requester completion of its last RDMA Write (the ACK of the last byte), or the completion of
 * its last outstanding Write after one failed (status: the failure). A flow still open when the
 * run ended is reported by RdmaApp::ReportUnfinished with finishPs RDMA_APP_NEVER and status
 * NdkStatus::PENDING, meaning "unfinished when the run ended" (or its failure status if one of
 * its Writes had already failed). (PENDING in an op record, RdmaOpRecord, means "posted, not
 * completed when the run ended": the Writes such a flow still had in flight.)
 */
struct RdmaFlowRecord
{
    uint32_t src{0};                  //!< source node id
    uint32_t dst{0};                  //!< destination node id
    uint64_t size{0};                 //!< bytes
    int64_t startPs{0};               //!< arrival time (the flow wanted to start)
    int64_t finishPs{RDMA_APP_NEVER}; //!< completion time (-1: unfinished when the run ended)
    /** First failing Write status, if any; PENDING: unfinished when the run ended. */
    NdkStatus status{NdkStatus::SUCCESS};
};

/** The attack an RdmaAttacker attempt makes. */
enum class RdmaAttackKind : uint8_t
{
    StaleToken,      //!< a token that was valid before the victim re-registered
    ForgedToken,     //!< a valid token's index with another key
    WrongPd,         //!< a valid token presented on a QP of another PD
    PrivilegedToken, //!< the privileged token (adapter logical addresses)
    OutOfRange,      //!< a valid token, an address past its range
};

inline std::ostream&
operator<<(std::ostream& os, RdmaAttackKind kind)
{
    const char* names[] = {"StaleToken", "ForgedToken", "WrongPd", "PrivilegedToken", "OutOfRange"};
    return os << names[static_cast<int>(kind)];
}

/**
 * \ingroup rdma-apps
 * One attack attempt and its outcome at the requester ("AttemptCompleted").
 */
struct RdmaAttackRecord
{
    uint32_t host{0};   //!< attacker node id
    uint32_t victim{0}; //!< victim node id
    RdmaAttackKind kind{RdmaAttackKind::StaleToken};
    NdkOperationType op{NdkOperationType::Read}; //!< Read or Write
    uint32_t token{0};                           //!< token presented
    uint64_t address{0};                         //!< remote address presented
    uint64_t length{0};                          //!< bytes
    int64_t postPs{0};                           //!< when it was posted
    int64_t completionPs{0};                     //!< when it completed
    NdkStatus status{NdkStatus::SUCCESS};        //!< completion status (ACCESS_VIOLATION expected)
};

} // namespace ns3

#endif
