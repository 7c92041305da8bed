/*
 * RdmaApp: the NDK plumbing every ndksim workload application shares.
 */

#ifndef RDMA_APP_H
#define RDMA_APP_H

#include "rdma-app-records.h"

#include "ns3/application.h"
#include "ns3/ipv4-address.h"
#include "ns3/ndk-types.h"
#include "ns3/traced-callback.h"

#include <functional>
#include <memory>
#include <vector>

namespace ns3
{

class Node;
class NdkAdapter;
class NdkPd;
class NdkCq;
class NdkQp;
class NdkConnector;
class NdkListener;
class NdkHostMemory;
class NdkMr;

/**
 * \ingroup rdma-apps
 * \brief The work requests of one slot of an application (an I/O, a task, a window) posted and
 * not completed, one bit per kind the slot may have in flight, and which of those
 * RdmaApp::ReportUnfinished reported PENDING. Two bytes in the slot's own state: tracking a post
 * allocates nothing, and the completion of a request already reported is told apart without a
 * search.
 */
class RdmaOpsInFlight
{
  public:
    /** A request of kind \p op (one bit) was posted. */
    void Posted(uint8_t op)
    {
        m_open |= op;
    }

    /**
     * The completion of the request of kind \p op arrived.
     * \return true if it is to be recorded, false if it was reported PENDING already.
     */
    bool Completed(uint8_t op)
    {
        const bool reported = (m_reported & op) != 0;
        m_open &= static_cast<uint8_t>(~op);
        m_reported &= static_cast<uint8_t>(~op);
        return !reported;
    }

    /** \return the kinds in flight and not reported yet, which are now marked reported. */
    uint8_t TakeUnreported()
    {
        const uint8_t ops = m_open & static_cast<uint8_t>(~m_reported);
        m_reported |= ops;
        return ops;
    }

  private:
    uint8_t m_open{0};     //!< kinds posted, not completed
    uint8_t m_reported{0}; //!< of those, reported PENDING
};

/**
 * \ingroup rdma-apps
 * \brief Base of the RDMA workload applications: finds the node's NdkAdapter (aggregated to the
 * Node), opens one PD and one CQ for the application, dispatches completions, and wraps the
 * connection handshake (active connect, passive listen/accept with private data).
 *
 * One CQ serves every QP of the application; it is armed for any completion and drained in its
 * notification event, so completions reach HandleCompletion() in CQ order. The CQ grows with
 * NdkResizeCq as QPs are added, so it can never overflow.
 *
 * Trace sources shared by all applications: "OpCompleted" (RdmaOpRecord) and "TokenRetired"
 * (RdmaTokenRecord).
 *
 * A run that ends at its stop time (Simulator::Stop: StopApplication never runs) leaves tokens
 * bound, flows running and work requests in flight; ReportUnfinished() reports them, so every
 * token, every flow that started and every work request posted (receives aside, see
 * RdmaOpRecord) gets exactly one record.
 */
class RdmaApp : public Application
{
  public:
    static TypeId GetTypeId();
    RdmaApp();
    ~RdmaApp() override;

    /** Assign fixed RNG streams; \return the number of streams used. */
    virtual int64_t AssignStreams(int64_t stream);

    /** Signature of "OpCompleted". */
    typedef void (*OpTracedCallback)(const RdmaOpRecord& record);
    /** Signature of "TokenRetired". */
    typedef void (*TokenTracedCallback)(const RdmaTokenRecord& record);

    /** The nodes that carry an NdkAdapter, in node-id order (the "host index" order). */
    using HostList = std::shared_ptr<const std::vector<Ptr<Node>>>;
    /**
     * \return the hosts of this simulation: one list shared by every caller, built on the first
     * call and again when nodes were added (so adapters must be aggregated before the
     * applications start, as helpers do), dropped at Simulator::Destroy. Sharing it keeps the
     * start of N applications linear: each holding its own scan and copy was O(N^2) time and
     * memory (8192 flow generators: 512 MB of copies).
     */
    static HostList GetRdmaHosts();
    /** \return the node whose adapter has \p address, or nullptr. */
    static Ptr<Node> FindHost(Ipv4Address address);

    /** The byte every workload stores at logical offset \p offset of a data set. */
    static uint8_t PatternByte(uint64_t offset)
    {
        return static_cast<uint8_t>((offset * 131 + (offset >> 12) * 7 + 17) & 0xFF);
    }

    /** Write the pattern of [offset, offset + length) at \p address (tracked memory keeps it). */
    static void FillPattern(Ptr<NdkHostMemory> memory,
                            uint64_t address,
                            uint64_t offset,
                            uint64_t length);
    /** \return how many bytes at \p address differ from the pattern of [offset, +length). */
    static uint64_t CountPatternErrors(Ptr<NdkHostMemory> memory,
                                       uint64_t address,
                                       uint64_t offset,
                                       uint64_t length);

    /** \return the adapter this application uses (after it started). */
    Ptr<NdkAdapter> GetAdapter() const;

    /**
     * Fire the records of what is still open now: every token still valid ("TokenRetired",
     * how RdmaInvalidation::Never, invalidatedPs and lifetimePs RDMA_APP_NEVER; a token already
     * invalidated whose record waits for the end of its operation reports that invalidation),
     * every flow not finished (see RdmaFlowGenerator), and every work request posted and not
     * completed ("OpCompleted", completionPs RDMA_APP_NEVER, status NdkStatus::PENDING, its real
     * post time, QP, type, bytes and withInvalidate; receives still posted are not reported, see
     * RdmaOpRecord). A recorder calls it once after Simulator::Run returns, so that the current
     * simulated time is the end time.
     *
     * Idempotent: a second call reports nothing new, and nothing it reported is reported again
     * later, whether StopApplication ran before it or runs after it, or the simulation goes on
     * (a work request reported PENDING that completes later gets no second record; the
     * applications' own counters still count it). The base reports nothing (applications that
     * post nothing and hold no token and no flow).
     */
    virtual void ReportUnfinished();

    /** \return the work requests ReportUnfinished() reported PENDING (over all its calls). */
    uint64_t GetOpsUnfinished() const
    {
        return m_opsUnfinished;
    }

  protected:
    void DoDispose() override;

    /** Find the adapter, create the PD and the CQ (idempotent). Fatal if the node has none. */
    void SetupNdk();
    /** Create a QP in the application's PD on its CQ. */
    Ptr<NdkQp> NewQp(NdkContext qpContext, uint32_t initiatorDepth, uint32_t receiveDepth);

    /** Active side done: status and the peer's private data (Accept's). */
    using ConnectDone = std::function<void(NdkStatus, const std::vector<uint8_t>&)>;
    /** Connect \p qp to \p remote : \p port; \p done runs once connected (or failed). */
    void Connect(Ptr<NdkQp> qp,
                 Ipv4Address remote,
                 uint16_t port,
                 const std::vector<uint8_t>& privateData,
                 ConnectDone done);
    /**
     * Passive side: given the caller's private data, return the QP to accept with (nullptr:
     * reject) and fill \p reply with the private data of the accept.
     */
    using AcceptHandler = std::function<Ptr<NdkQp>(const std::vector<uint8_t>& peerData,
                                                   std::vector<uint8_t>* reply)>;
    /** Listen on \p port of the adapter's address. */
    void Listen(uint16_t port, AcceptHandler handler);

    /** One completion of the application's CQ. */
    virtual void HandleCompletion(const NdkResultEx& result) = 0;

    /** Fire "OpCompleted" for a completion seen now. */
    void RecordOp(const NdkResultEx& result,
                  uint32_t qpn,
                  uint64_t bytes,
                  int64_t postPs,
                  bool withInvalidate = false);
    /**
     * Fire "OpCompleted" for a work request posted and not completed now (ReportUnfinished):
     * completionPs RDMA_APP_NEVER, status NdkStatus::PENDING. The caller marks the request
     * reported, so that its completion, if the run goes on, is not recorded again.
     */
    void RecordPendingOp(uint32_t qpn,
                         NdkOperationType type,
                         uint64_t bytes,
                         int64_t postPs,
                         bool withInvalidate = false);
    /** Fire "TokenRetired". */
    void RecordToken(const RdmaTokenRecord& record);
    /**
     * Fire "TokenRetired" for the remote token of a normally registered region (LongLivedMr)
     * registered at \p createdPs: invalidated now by \p how, or still valid (Never).
     */
    void RecordRegionToken(Ptr<NdkMr> mr,
                           int64_t createdPs,
                           uint32_t rights,
                           uint64_t address,
                           uint64_t length,
                           RdmaInvalidation how);

    /** \return the node id (the host field of the records). */
    uint32_t GetHostId() const;

    static int64_t NowPs();

    Ptr<NdkAdapter> m_adapter;
    Ptr<NdkPd> m_pd;
    Ptr<NdkCq> m_cq;
    bool m_running{false};

    TracedCallback<const RdmaOpRecord&> m_opTrace;
    TracedCallback<const RdmaTokenRecord&> m_tokenTrace;

  private:
    void CqNotify(NdkContext context, NdkStatus status);
    void ConnectEvent(NdkContext context, Ptr<NdkConnector> connector);

    uint64_t m_opsUnfinished{0};
    uint32_t m_cqDepth{0};
    uint64_t m_cqCommitted{0};
    std::vector<Ptr<NdkConnector>> m_connectors;
    Ptr<NdkListener> m_listener;
    AcceptHandler m_acceptHandler;
};

} // namespace ns3

#endif
