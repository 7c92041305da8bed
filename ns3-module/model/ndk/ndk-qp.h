/*
 * NDK_QP: queue pair, work requests, completion order, connection state, responder side.
 */

#ifndef NDK_QP_H
#define NDK_QP_H

#include "ndk-key-table.h"
#include "ndk-object.h"

#include "ns3/ipv4-address.h"

#include <vector>

namespace ns3
{

class NdkCq;
class NdkSrq;
class NdkPd;
class NdkMr;
class NdkMw;
class NdkConnector;

/** Initiator work-request kinds. */
enum class NdkWqeOp : uint8_t
{
    Send,
    SendAndInvalidate,
    Read,
    Write,
    Bind,
    FastRegister,
    Invalidate,
};

/** QP connection states (SEMANTICS.md ). */
enum class NdkQpState : uint8_t
{
    Idle,
    Connecting,
    Connected,
    PeerDisconnected,
    Error,
    Disconnected,
};

/** Responder verdicts a transport carries back as an AETH syndrome. */
enum class NdkNak : uint8_t
{
    None,              //!< ACK
    Rnr,               //!< receiver not ready (no receive posted)
    InvalidRequest,    //!< 0x61
    RemoteAccess,      //!< 0x62
    RemoteOperational, //!< 0x63
};

/** \return the requester completion status for a NAK (SEMANTICS.md 15.10). */
NdkStatus NdkStatusForNak(NdkNak nak);
/** \return the ProviderErrorCode for a NAK. */
NdkProviderError NdkProviderErrorForNak(NdkNak nak);
const char* NdkWqeOpName(NdkWqeOp op);
const char* NdkQpStateName(NdkQpState state);

inline std::ostream&
operator<<(std::ostream& os, NdkQpState state)
{
    return os << NdkQpStateName(state);
}

/** One posted initiator request, kept in a fixed ring (no allocation per post). */
struct NdkWqe
{
    NdkWqeOp op{NdkWqeOp::Send};
    uint32_t flags{0};
    NdkContext requestContext{0};
    std::vector<NdkSge> sges;
    uint64_t length{0};        //!< total SGE bytes (data requests)
    uint64_t remoteAddress{0}; //!< Read/Write target
    uint32_t remoteToken{0};   //!< Read/Write token, or the token a Send-and-Invalidate names
    Ptr<NdkMr> mr;             //!< Bind / FastRegister / Invalidate target
    Ptr<NdkMw> mw;             //!< Bind / Invalidate target
    uint64_t va{0};            //!< Bind / FastRegister range start
    uint64_t rangeLength{0};   //!< Bind / FastRegister range length
    uint32_t newToken{0};      //!< token drawn at post time (Bind / FastRegister)
    std::vector<uint64_t> pages;
    uint32_t fbo{0};
    std::vector<uint8_t> inlineData; //!< copied at post time (only when memory is tracked)
    uint64_t sequence{0};            //!< posting order on this QP
    bool started{false};
    bool done{false};
    NdkStatus status{NdkStatus::SUCCESS};
    NdkProviderError cause{NdkProviderError::None};
    uint64_t transportCookie{0}; //!< free for the transport (e.g. first PSN)

    bool IsData() const
    {
        return op == NdkWqeOp::Send || op == NdkWqeOp::SendAndInvalidate ||
               op == NdkWqeOp::Read || op == NdkWqeOp::Write;
    }
};

/** One posted receive. */
struct NdkRecvWqe
{
    NdkContext requestContext{0};
    std::vector<NdkSge> sges;
    uint64_t capacity{0};
};

/**
 * \ingroup ndk
 * \brief NDK_QP (SEMANTICS.md 8, 15).
 *
 * Posting calls apply the synchronous checks P1-P11; a failed post produces no completion.
 * Requests execute in posting order when the transport pulls them (StartNextRequest), where the
 * local checks R-3.x run; completions are queued in posting order per queue (E-2). Any error
 * completion moves the QP to Error and flushes everything outstanding with STATUS_CANCELLED.
 * The responder entry points (Inbound*) apply the checks of 15.5 / 15.6 through the adapter's
 * one check function.
 */
class NdkQp : public NdkObject
{
  public:
    NdkQp(NdkAdapter* adapter,
          NdkPd* pd,
          Ptr<NdkCq> receiveCq,
          Ptr<NdkCq> initiatorCq,
          Ptr<NdkSrq> srq,
          NdkContext qpContext,
          uint32_t receiveQueueDepth,
          uint32_t initiatorQueueDepth,
          uint32_t maxReceiveRequestSge,
          uint32_t maxInitiatorRequestSge,
          uint32_t inlineDataSize);
    ~NdkQp() override;

    // ---- NDK_QP_DISPATCH ----
    /** NdkFlush: QP -> Error, everything outstanding completes STATUS_CANCELLED. */
    void Flush();
    NdkStatus Send(NdkContext requestContext, const NdkSge* sgl, uint32_t nSge, uint32_t flags);
    NdkStatus SendAndInvalidate(NdkContext requestContext,
                                const NdkSge* sgl,
                                uint32_t nSge,
                                uint32_t flags,
                                uint32_t remoteToken);
    NdkStatus Receive(NdkContext requestContext, const NdkSge* sgl, uint32_t nSge);
    NdkStatus Bind(NdkContext requestContext,
                   Ptr<NdkMr> mr,
                   Ptr<NdkMw> mw,
                   uint64_t virtualAddress,
                   uint64_t length,
                   uint32_t flags);
    NdkStatus FastRegister(NdkContext requestContext,
                           Ptr<NdkMr> mr,
                           uint32_t adapterPageCount,
                           const uint64_t* adapterPageArray,
                           uint32_t fbo,
                           uint64_t length,
                           uint64_t baseVirtualAddress,
                           uint32_t flags);
    NdkStatus Invalidate(NdkContext requestContext, Ptr<NdkMr> mr, uint32_t flags);
    NdkStatus Invalidate(NdkContext requestContext, Ptr<NdkMw> mw, uint32_t flags);
    NdkStatus Read(NdkContext requestContext,
                   const NdkSge* sgl,
                   uint32_t nSge,
                   uint64_t remoteAddress,
                   uint32_t remoteToken,
                   uint32_t flags);
    NdkStatus Write(NdkContext requestContext,
                    const NdkSge* sgl,
                    uint32_t nSge,
                    uint64_t remoteAddress,
                    uint32_t remoteToken,
                    uint32_t flags);

    // ---- Accessors ----
    NdkQpState GetState() const
    {
        return m_state;
    }

    uint32_t GetQpNumber() const
    {
        return m_qpn;
    }

    const NdkPd* GetPd() const
    {
        return m_pd;
    }

    NdkContext GetQpContext() const
    {
        return m_qpContext;
    }

    bool HasSrq() const
    {
        return m_hasSrq;
    }

    Ptr<NdkSrq> GetSrq() const;

    Ptr<NdkCq> GetReceiveCq() const;

    Ptr<NdkCq> GetInitiatorCq() const;

    uint32_t GetOutstandingInitiator() const
    {
        return static_cast<uint32_t>(m_sqTail - m_sqHead);
    }

    uint32_t GetOutstandingReceives() const
    {
        return static_cast<uint32_t>(m_rqTail - m_rqHead);
    }

    /** Peer of the connection (valid once connecting/connected). */
    Ipv4Address GetPeerAddress() const
    {
        return m_peerAddress;
    }

    uint32_t GetPeerQpNumber() const
    {
        return m_peerQpn;
    }

    uint32_t GetInboundReadLimit() const
    {
        return m_ird;
    }

    uint32_t GetOutboundReadLimit() const
    {
        return m_ord;
    }

    // ---- Requester side, for transports ----
    /**
     * Start the next request in posting order if it may start (doorbell rung, connected, READ_FENCE
     * and outbound read limit respected). Local requests (Bind, FastRegister, Invalidate) and
     * requests failing their local checks come back already done. \return nullptr if none.
     */
    NdkWqe* StartNextRequest();
    /** The transport's verdict on a started data request (ACK, NAK, timeout). */
    void CompleteRequest(NdkWqe* wqe, NdkStatus status, NdkProviderError cause);
    /** Retries ran out for the request posted as \p sequence: STATUS_IO_TIMEOUT (15.7). */
    void TimeoutRequest(uint64_t sequence);
    /** Copy \p length bytes of the request's payload from \p offset (zeros where untracked). */
    void GatherPayload(const NdkWqe& wqe, uint64_t offset, uint8_t* out, uint64_t length) const;
    /** Place read-response bytes into the request's sink SGEs. */
    void ScatterReadResponse(const NdkWqe& wqe, uint64_t offset, const uint8_t* data, uint64_t length);
    /** \return true if payload bytes are worth carrying (some memory is tracked). */
    bool CarriesContents() const;

    // ---- Responder side, for transports ----
    /** W0 / S0: does the QP accept inbound traffic? */
    bool AcceptsInbound() const;
    /**
     * First packet of an inbound RDMA Read or Write: checks W1-W8 through the adapter's
     * NdkKeyTable::CheckRemote. On failure the QP goes to Error (class C) and nothing is written.
     */
    NdkAccessCheck InboundAccess(NdkRemoteOp op, uint32_t token, uint64_t address, uint64_t length);
    /** Place inbound Write bytes at [address, +length) of a checked target. */
    void InboundWriteData(const NdkAccessCheck& target, uint64_t address, const uint8_t* data, uint64_t length);
    /** Read bytes for a read response from a checked target. */
    void InboundReadData(const NdkAccessCheck& target, uint64_t address, uint8_t* out, uint64_t length) const;
    /** An inbound read finished (its responses went out): frees an IRD slot. */
    void InboundReadDone();
    /**
     * A later packet of an inbound Read or Write that passed InboundAccess failed the same
     * check (its token was invalidated or released meanwhile): count the rejection and fire the
     * adapter's AccessViolation trace for the refused [address, +length). Nothing else: the
     * transport stops the access and moves the QP to Error when its NAK is due.
     */
    void InboundRevoked(NdkRemoteOp op,
                        uint32_t token,
                        uint64_t address,
                        uint64_t length,
                        NdkAccessFault fault);
    /**
     * First packet of an inbound Send: take a receive (S1). \return NdkNak::Rnr if none is posted,
     * NdkNak::RemoteOperational if its SGEs fail the local check (S2), else NdkNak::None.
     */
    NdkNak InboundSendBegin();
    /** Bytes of the current inbound Send at \p offset (S3 overflow detection). */
    NdkNak InboundSendData(uint64_t offset, const uint8_t* data, uint64_t length);
    /**
     * Last packet of the inbound Send: S3 length, S4 invalidation, S5 delivery and completion.
     */
    NdkNak InboundSendEnd(uint64_t totalLength, bool invalidate, uint32_t token, bool solicited);

    // ---- Connection, for connectors ----
    void SetConnecting(Ipv4Address peer, uint32_t peerQpn, bool acceptInbound);
    void SetConnected(uint32_t inboundReadLimit, uint32_t outboundReadLimit);
    void SetIdle();
    void SetPeerDisconnected();
    void SetDisconnected();
    void AttachConnector(NdkConnector* connector);
    void DetachConnector(NdkConnector* connector);

    NdkConnector* GetConnector() const
    {
        return m_connector;
    }

    bool WasEverConnected() const
    {
        return m_everConnected;
    }

    /** Move to Error (a fatal NAK, a CQ failure, a local error): flush both queues. */
    void EnterError(NdkProviderError cause);
    /** A CQ of this QP died: no further completions to it. */
    void CqFailed(const NdkCq* cq);

    /** Per-QP counters. */
    struct Stats
    {
        uint64_t posted{0};
        uint64_t completed{0};
        uint64_t errors{0};
        uint64_t flushed{0};
        uint64_t inboundRejected{0};
    };

    const Stats& GetStats() const
    {
        return m_stats;
    }

  protected:
    void DoCloseStart() override;
    void DoCloseFinish() override;

  private:
    NdkWqe& Slot(uint64_t sequence)
    {
        return m_sq[sequence % m_sq.size()];
    }

    NdkRecvWqe& RecvSlot(uint64_t sequence)
    {
        return m_rq[sequence % m_rq.size()];
    }

    NdkStatus CheckInitiatorPost(uint32_t flags, uint32_t allowed) const;
    NdkStatus CheckDataPost(NdkWqeOp op, const NdkSge* sgl, uint32_t nSge, uint32_t flags) const;
    NdkStatus PostData(NdkWqeOp op,
                       NdkContext requestContext,
                       const NdkSge* sgl,
                       uint32_t nSge,
                       uint32_t flags,
                       uint64_t remoteAddress,
                       uint32_t remoteToken);
    NdkStatus PostInvalidate(NdkContext requestContext, Ptr<NdkMr> mr, Ptr<NdkMw> mw, uint32_t flags);
    NdkWqe& Enqueue(NdkWqeOp op, NdkContext context, uint32_t flags);
    void AcceptPost(NdkWqe& wqe);
    void FillSges(NdkWqe& wqe, const NdkSge* sgl, uint32_t nSge);
    NdkStatus FailPost(NdkStatus status);
    void RingDoorbell();
    void ExecuteLocal(NdkWqe& wqe);
    bool ValidateLocalSges(const NdkWqe& wqe, bool sink) const;
    void FinishLocal(NdkWqe& wqe, NdkStatus status, NdkProviderError cause);
    void DrainCompletions();
    void FlushQueues(NdkProviderError cause);
    void PushCompletion(NdkCq* cq, const NdkResultEx& result, bool solicited);
    void CompleteReceive(const NdkRecvWqe& recv, NdkStatus status, uint64_t bytes, NdkOperationType type, uint32_t token, bool solicited, NdkProviderError cause);

    NdkPd* m_pd;
    Ptr<NdkCq> m_receiveCq;
    Ptr<NdkCq> m_initiatorCq;
    Ptr<NdkSrq> m_srq;
    bool m_hasSrq;
    NdkContext m_qpContext;
    uint32_t m_maxReceiveSge;
    uint32_t m_maxInitiatorSge;
    uint32_t m_inlineDataSize;
    uint32_t m_qpn;

    NdkQpState m_state{NdkQpState::Idle};
    bool m_acceptInbound{false};
    bool m_everConnected{false};
    bool m_receiveCqDead{false};
    bool m_initiatorCqDead{false};
    Ipv4Address m_peerAddress;
    uint32_t m_peerQpn{0};
    uint32_t m_ird{0};
    uint32_t m_ord{0};
    NdkConnector* m_connector{nullptr};

    std::vector<NdkWqe> m_sq;
    uint64_t m_sqHead{0};  //!< oldest request not yet reported
    uint64_t m_sqStart{0}; //!< next request to start
    uint64_t m_sqReady{0}; //!< requests before this one were doorbelled (DEFER)
    uint64_t m_sqTail{0};  //!< next free slot
    uint32_t m_outstandingReads{0};

    std::vector<NdkRecvWqe> m_rq;
    uint64_t m_rqHead{0};
    uint64_t m_rqTail{0};

    bool m_inboundActive{false};
    NdkRecvWqe m_inboundRecv; //!< receive consumed by the Send being received
    uint32_t m_inboundReads{0};
    Stats m_stats;
};

} // namespace ns3

#endif
