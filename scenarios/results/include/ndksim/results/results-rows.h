/*
 * ndksim results: the plain row structs the writer takes, one per table of analysis/schema.sql.
 */
#ifndef NDKSIM_RESULTS_RESULTS_ROWS_H
#define NDKSIM_RESULTS_RESULTS_ROWS_H

#include <cstdint>
#include <limits>
#include <string>

namespace ndksim::results
{

/**
 * \brief Marks an optional integer column as absent: the writer stores SQL NULL.
 *
 * Used for times that never happened (an operation still pending at the end, a token never
 * invalidated, a flow that did not finish).
 */
inline constexpr int64_t kNull = std::numeric_limits<int64_t>::min();

/** NDK STATUS_PENDING: in flows.status, a flow still running (or waiting) when the run ended. */
inline constexpr uint32_t kStatusPending = 0x103;

/**
 * \brief Name domains the writer fills itself (see the `names` table).
 *
 * Other domains ("op_type", "status", "violation_reason", "drop_reason") belong to the model
 * that produces the codes; it names them with ResultsWriter::DefineName().
 */
namespace domain
{
inline constexpr const char* kOpType = "op_type"; //!< ops.type, violations.type
inline constexpr const char* kStatus = "status";  //!< ops.status, violations.status
inline constexpr const char* kViolationReason = "violation_reason"; //!< violations.reason
inline constexpr const char* kDropReason = "drop_reason";           //!< port_drops.reason
inline constexpr const char* kTokenKind = "token_kind"; //!< tokens.kind (writer-defined)
inline constexpr const char* kInvalidation =
    "invalidation"; //!< tokens.invalidation (writer-defined)
} // namespace domain

/** tokens.kind */
enum class TokenKind : uint32_t
{
    MemoryRegion = 1, //!< a registered memory region's remote token
    MemoryWindow = 2, //!< a bound memory window
};

/** tokens.invalidation: how a token's lifetime ended. */
enum class Invalidation : uint32_t
{
    None = 0,         //!< still valid when the run ended
    Local = 1,        //!< the owner invalidated it (Invalidate work request, unbind)
    Remote = 2,       //!< the peer invalidated it (Send-and-Invalidate)
    Deregistered = 3, //!< the region was deregistered or the object closed
};

/** The run, written when the database is opened (runs table). */
struct RunInfo
{
    std::string scenario;      //!< scenario file path as given
    std::string scenarioName;  //!< file name without directory and extension
    uint64_t seed{1};          //!< ns-3 RngSeedManager seed
    uint64_t rngRun{1};        //!< ns-3 RngSeedManager run number
    std::string ndksimVersion; //!< ndksim version string
    std::string ns3Version;    //!< ns-3 version string ("3.37")
};

/** How the run ended, written by ResultsWriter::Finish() (runs table). */
struct RunEnd
{
    int64_t simTimePs{kNull};  //!< simulated time reached, ps
    int64_t events{kNull};     //!< simulator events executed
    int64_t wallTimeUs{kNull}; //!< wall-clock duration of the run, microseconds
    std::string status{"ok"};  //!< "ok", or "failed" when the run's own checks failed
};

/** ops: one completed work request. */
struct OpRow
{
    uint32_t host{0};            //!< node number of the host that posted it
    uint32_t qp{0};              //!< QP number on that host
    uint32_t type{0};            //!< operation type code (domain "op_type")
    uint64_t bytes{0};           //!< bytes the request moved (or covered, for Bind)
    int64_t postPs{0};           //!< when it was posted
    int64_t completionPs{kNull}; //!< when its completion was generated; kNull if never
    uint32_t status{0};          //!< completion status code (domain "status")
};

/** flows: one flow with an ideal completion time. */
struct FlowRow
{
    uint32_t src{0};       //!< source node
    uint32_t dst{0};       //!< destination node
    uint32_t workload{0};  //!< index of the [[workload]] that generated it
    uint32_t priority{0};  //!< traffic class
    uint64_t sizeBytes{0}; //!< flow size
    int64_t startPs{0};    //!< when it started
    int64_t fctPs{kNull};  //!< flow completion time; kNull if unfinished
    int64_t idealFctPs{0}; //!< completion time alone on an idle fabric (> 0)
    uint32_t status{0};    //!< NDK status: 0 done, a failure, or kStatusPending (unfinished)
};

/** tokens: one token lifetime. */
struct TokenRow
{
    uint32_t host{0};                              //!< node owning the memory
    uint32_t token{0};                             //!< the 32-bit remote token
    TokenKind kind{TokenKind::MemoryWindow};       //!< region or window
    int64_t createdPs{0};                          //!< registration or bind time
    uint32_t rights{0};                            //!< NDK access flags granted
    uint64_t address{0};                           //!< first byte covered
    uint64_t lengthBytes{0};                       //!< bytes covered
    uint64_t uses{0};                              //!< remote accesses granted with it
    Invalidation invalidation{Invalidation::None}; //!< how its lifetime ended
    int64_t invalidatedPs{kNull};                  //!< when; kNull if never
};

/** violations: one rejected remote access. */
struct ViolationRow
{
    int64_t timePs{0};       //!< when the responder rejected it
    uint32_t host{0};        //!< responder node
    uint32_t qp{0};          //!< responder QP number
    uint32_t src{0};         //!< requester node
    uint32_t type{0};        //!< operation type code (domain "op_type")
    uint32_t token{0};       //!< token presented
    uint64_t address{0};     //!< remote address presented
    uint64_t lengthBytes{0}; //!< length requested
    uint32_t reason{0};      //!< which check failed (domain "violation_reason")
    uint32_t status{0};      //!< status returned (domain "status")
};

/** qps: counters of one QP at the end of the run. */
struct QpRow
{
    uint32_t host{0};         //!< node
    uint32_t qp{0};           //!< QP number
    uint32_t peerHost{0};     //!< connected peer node
    uint32_t peerQp{0};       //!< peer QP number
    uint32_t priority{0};     //!< traffic class
    uint64_t txBytes{0};      //!< bytes sent (payload and headers)
    uint64_t txPackets{0};    //!< packets sent
    uint64_t retransmits{0};  //!< packets sent again
    uint64_t timeouts{0};     //!< retransmission timer expiries
    uint64_t naksSent{0};     //!< NAKs sent as responder
    uint64_t naksReceived{0}; //!< NAKs received as requester
    uint64_t cnpsSent{0};     //!< CNPs sent (as notification point)
    uint64_t cnpsReceived{0}; //!< CNPs received (as reaction point)
    uint64_t rateChanges{0};  //!< congestion-control rate updates
    uint64_t minRateBps{0};   //!< lowest rate reached
    uint64_t finalRateBps{0}; //!< rate at the end
};

/** ports: counters of one priority of one port at the end of the run. */
struct PortRow
{
    uint32_t node{0};            //!< node
    uint32_t port{0};            //!< port (device index on the node)
    uint32_t priority{0};        //!< priority 0..7
    uint64_t txBytes{0};         //!< bytes sent
    uint64_t txPackets{0};       //!< packets sent
    uint64_t rxBytes{0};         //!< bytes received
    uint64_t rxPackets{0};       //!< packets received
    uint64_t pauseSent{0};       //!< PFC pause frames sent for this priority
    uint64_t pauseReceived{0};   //!< PFC pause frames received for this priority
    int64_t pausedPs{0};         //!< time this priority's egress was paused
    uint64_t ecnMarked{0};       //!< packets marked CE
    uint64_t peakBufferBytes{0}; //!< highest buffer occupancy
};

/** port_drops: drops of one reason on one priority of one port. */
struct PortDropRow
{
    uint32_t node{0};     //!< node
    uint32_t port{0};     //!< port
    uint32_t priority{0}; //!< priority 0..7
    uint32_t reason{0};   //!< drop reason code (domain "drop_reason")
    bool lossless{false}; //!< the priority was lossless: each drop is a lossless violation
    uint64_t packets{0};  //!< packets dropped
    uint64_t bytes{0};    //!< bytes dropped
};

/** samples: one value of one series (declared with ResultsWriter::DefineSeries()). */
struct SampleRow
{
    uint32_t series{0}; //!< series id
    int64_t timePs{0};  //!< sample time
    double value{0};    //!< value, in the series' unit
};

} // namespace ndksim::results

#endif // NDKSIM_RESULTS_RESULTS_ROWS_H
