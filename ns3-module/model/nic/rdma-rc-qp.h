/*
 * The RC transport state of one queue pair: requester (PSNs, go-back-N, timers, RNR) and
 * responder (expected PSN, ACK coalescing, NAKs, read responses).
 */

#ifndef RDMA_RC_QP_H
#define RDMA_RC_QP_H

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/ndk-key-table.h"
#include "ns3/ndk-qp.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/roce-opcode.h"

#include <deque>
#include <vector>

namespace ns3
{

class RdmaNic;
class RdmaCongestionOps;
class RdmaCcState;
class Packet;
class RoceBthHeader;
class RoceRethHeader;

/** Per-QP transport counters. */
struct RdmaQpStats
{
    uint64_t txPackets{0};   //!< data-path packets sent (requests and read responses)
    uint64_t txBytes{0};     //!< their payload bytes
    uint64_t retransmits{0}; //!< packets sent again (go-back-N, timeout, RNR)
    uint64_t timeouts{0};    //!< retransmit timer expiries
    uint64_t seqNaksReceived{0};
    uint64_t rnrNaksReceived{0};
    uint64_t fatalNaksReceived{0};
    uint64_t naksSent{0};
    uint64_t acksSent{0};
    uint64_t acksReceived{0};
    uint64_t duplicatesReceived{0};
    uint64_t cnpsSent{0};
    uint64_t cnpsReceived{0};
    uint64_t ecnMarkedReceived{0};
    uint64_t rateChanges{0};

    /** Add \p o's counters to these (NIC and fabric totals). */
    RdmaQpStats& operator+=(const RdmaQpStats& o)
    {
        txPackets += o.txPackets;
        txBytes += o.txBytes;
        retransmits += o.retransmits;
        timeouts += o.timeouts;
        seqNaksReceived += o.seqNaksReceived;
        rnrNaksReceived += o.rnrNaksReceived;
        fatalNaksReceived += o.fatalNaksReceived;
        naksSent += o.naksSent;
        acksSent += o.acksSent;
        acksReceived += o.acksReceived;
        duplicatesReceived += o.duplicatesReceived;
        cnpsSent += o.cnpsSent;
        cnpsReceived += o.cnpsReceived;
        ecnMarkedReceived += o.ecnMarkedReceived;
        rateChanges += o.rateChanges;
        return *this;
    }
};

/**
 * \ingroup ndksim
 * \brief RC requester and responder of one NdkQp on an RdmaNic (IBTA Vol 1 §9.7).
 *
 * Requester: started NDK requests become *messages* with a PSN range (a Read takes as many
 * PSNs as it has response packets). A send cursor walks the packets; ACKs (cumulative),
 * read responses (implicitly acknowledging what came before) and NAKs move the acknowledged
 * point; a PSN sequence error NAK, a missing read response or the retransmit timer rewinds
 * the cursor to the oldest unacknowledged PSN (go-back-N). RNR NAKs wait the RNR timer.
 * Retries exhausted: STATUS_IO_TIMEOUT through NdkQp::TimeoutRequest; a fatal NAK completes
 * the request with the NDK status of its syndrome (SEMANTICS.md 15.10) — the QP errors.
 *
 * Responder: packets with the expected PSN are executed through the NdkQp Inbound* entry
 * points (the token check happens on the first packet of a Write or Read, through the one
 * check function, and again on every later Write packet and read response); duplicates are
 * dropped (and re-acknowledged when they ask for an ACK); a gap draws one PSN sequence error
 * NAK. An ACK is sent for every packet with AckReq set. Read requests queue read responses,
 * sent by this QP as its own transmit work.
 *
 * Responses leave in PSN order (IBTA 9.7.5.2.1): ACKs and NAKs for requests behind a Read wait
 * for its responses; a fatal NAK for such a request (the QP goes to Error at once) still
 * follows every response of the Reads accepted before it — the QP's transport state is reset
 * but those responses *drain* (IsDraining) before the NAK goes and the NIC frees the state.
 * A duplicate Read whose responses are gone is served again before the responses of later
 * Reads. Every read response packet re-checks the Read's token on the rest of the Read, and
 * every later packet of a Write on its own bytes; if the region or window was invalidated or
 * released meanwhile, the Read or Write stops with a remote access NAK for that packet's PSN
 * (see BuildReadResponse, StopWrite; the packets of a Write before it stay written).
 *
 * Packet eligibility models the host side: a message's first payload byte is available one
 * PCIe round trip after its WQE was processed; the k-th packet when its bytes have crossed
 * PCIe at PcieBandwidth. Pacing: packets leave no closer than their wire time at the QP's
 * rate (set by the congestion control).
 *
 * Traffic class: every frame of the QP (requests, read responses, ACKs, NAKs) goes at its own
 * PFC priority and IP DSCP (the NIC's Priority/Dscp until the NIC applies a QoS policy when
 * the connection is set up); CNPs go at the NIC's CNP class.
 */
class RdmaRcQp
{
  public:
    RdmaRcQp(RdmaNic* nic, Ptr<NdkQp> qp, uint32_t startPsn, uint16_t udpSourcePort);
    ~RdmaRcQp();

    RdmaRcQp(const RdmaRcQp&) = delete;
    RdmaRcQp& operator=(const RdmaRcQp&) = delete;

    NdkQp* GetQp() const
    {
        return PeekPointer(m_qp);
    }

    uint32_t GetStartPsn() const
    {
        return m_startPsn;
    }

    uint16_t GetUdpSourcePort() const
    {
        return m_udpSourcePort;
    }

    /** \return the PFC priority (0-7) of this QP's frames */
    uint8_t GetPriority() const
    {
        return m_priority;
    }

    /** \return the IP DSCP (0-63) of this QP's frames */
    uint8_t GetDscp() const
    {
        return m_dscp;
    }

    /**
     * \brief Set the class of this QP's frames. Only the NIC calls this: it keeps the QP in
     * the round robin of its priority (see RdmaNic::ApplyQosPolicy).
     */
    void SetTrafficClass(uint8_t priority, uint8_t dscp)
    {
        m_priority = priority;
        m_dscp = dscp;
    }

    const RdmaQpStats& GetStats() const
    {
        return m_stats;
    }

    /** \return the current sending rate in bit/s */
    uint64_t GetRate() const;

    /** \return the lowest rate the congestion control set, in bit/s */
    uint64_t GetMinRate() const
    {
        return m_minRateBps;
    }

    /** \return the congestion control of this QP (its rate decides the pacing) */
    Ptr<RdmaCongestionOps> GetCongestionOps() const;

    /** The peer's first PSN and whether it receives through an SRQ (from the CM exchange). */
    void SetPeer(uint32_t peerStartPsn, bool peerSrq);

    bool IsPeerKnown() const
    {
        return m_peerKnown;
    }

    /** Doorbell reached the NIC: start what the NDK layer lets start. */
    void FetchRequests();

    /** \return true if a packet could be sent at some time (now or later). */
    bool HasTxWork() const;
    /** \return when the next packet may leave (valid if HasTxWork). */
    Time NextTxTime() const;
    /** Build the next packet (BTH onward, no ICRC) and advance; \p wireBytes set for pacing. */
    Ptr<Packet> BuildNext(bool& ecnCapable);
    /** The frame built last took \p wireBytes on the link: apply pacing. */
    void Sent(uint32_t wireBytes);

    /** An inbound packet for this QP, BTH removed, payload (and extension headers) left. */
    void Receive(const RoceBthHeader& bth, Ptr<Packet> packet, bool ecnCe);

    /** The QP left the connected states: drop all transport state and timers. */
    void Reset();

    bool IsReset() const
    {
        return m_reset;
    }

    /**
     * \return true while a reset QP still sends the responses of Reads it accepted before the
     * request whose fatal NAK reset it (the NIC keeps its state until they are out)
     */
    bool IsDraining() const
    {
        return m_reset && !m_readResponses.empty();
    }

    bool inRoundRobin{false}; //!< kept by the NIC's scheduler

  private:
    /** One started data request on the wire. */
    struct Message
    {
        NdkWqe* wqe{nullptr};
        uint64_t sequence{0};
        NdkWqeOp op{NdkWqeOp::Send};
        uint32_t firstPsn{0};
        uint32_t packets{1};
        uint64_t length{0};
        Time readyAt;          //!< WQE processed: payload DMA may start
        uint32_t responses{0}; //!< Read: responses received in order
    };

    /** One inbound Read being answered. */
    struct ReadResponse
    {
        uint64_t address{0};
        uint64_t length{0};
        uint32_t firstPsn{0};
        uint32_t packets{1};
        uint32_t next{0}; //!< next response packet
        uint32_t msn{0};
        uint32_t token{0}; //!< the token the request named (checked again for every packet)
        Time readyAt;
        std::vector<Ptr<Packet>> after; //!< ACKs/NAKs that must follow these responses
    };

    // requester
    uint32_t LastPsn(const Message& m) const;
    void AckThrough(uint32_t psn);
    void CompleteFront(NdkStatus status, NdkProviderError cause);
    void PopFront();
    void Rewind();
    void ArmTimer();
    void Timeout();
    void RnrExpired();
    bool Outstanding() const;
    void ReceiveAck(const RoceBthHeader& bth, Ptr<Packet> packet);
    void ReceiveReadResponse(const RoceBthHeader& bth, Ptr<Packet> packet);
    Ptr<Packet> BuildRequest(Message& m, uint32_t k);
    /** The next response packet of \p r, or the NAK that ends it (\p ecnCapable then false). */
    Ptr<Packet> BuildReadResponse(ReadResponse& r, bool& ecnCapable);
    /** The token of the Read \p r failed \p check at response \p r.next: \return the NAK. */
    Ptr<Packet> StopReadResponses(const ReadResponse& r, const NdkAccessCheck& check);
    Time PacketReady(Time readyAt, uint64_t length, uint32_t k) const;
    void RateChanged(uint64_t bps);

    // responder
    void ReceiveRequest(const RoceBthHeader& bth, Ptr<Packet> packet);
    /** Execute an inbound request packet with the expected PSN. */
    void ExecuteRequest(const RoceBthHeader& bth, Ptr<Packet> packet);
    /**
     * Check an inbound Read and queue its responses in PSN order (a duplicate goes before the
     * Reads that came after it); \return their count, 0 if refused.
     */
    uint32_t ServeRead(const RoceRethHeader& reth, uint32_t psn, uint32_t msn);
    void SendAck(uint32_t psn);
    void SendInOrder(Ptr<Packet> packet);
    /** A Write packet failed \p check on its bytes: refuse it and the rest of the Write. */
    void StopWrite(const NdkAccessCheck& check, uint32_t psn);
    Ptr<Packet> MakeNak(uint8_t syndrome, uint32_t psn);
    void SendNak(uint8_t syndrome, uint32_t psn);
    void SendCnp();
    void ResponderFault(const NdkAccessCheck& check, uint32_t psn);

    RdmaNic* m_nic;
    Ptr<NdkQp> m_qp;
    uint32_t m_startPsn;
    uint16_t m_udpSourcePort;
    uint8_t m_priority; //!< PFC priority of data, read responses, ACKs and NAKs
    uint8_t m_dscp;     //!< and their IP DSCP
    bool m_reset{false};
    bool m_peerKnown{false};
    bool m_peerSrq{false};

    // requester state
    std::deque<Message> m_messages;
    std::size_t m_sendMessage{0}; //!< cursor: message index
    uint32_t m_sendPacket{0};     //!< cursor: packet within it
    uint32_t m_nextPsn;           //!< first PSN of the next new message
    uint32_t m_unackedPsn;        //!< oldest PSN not yet acknowledged
    uint32_t m_sinceAckRequest{0};
    uint32_t m_retries{0};
    uint32_t m_rnrRetries{0};
    bool m_gapRewound{false}; //!< a read-response gap already rewound the cursor
    bool m_failed{false};     //!< a fatal NAK or timeout: nothing more goes out
    Time m_lastWqeReady;
    Time m_rnrUntil;
    Time m_nextTxTime;
    EventId m_timer;
    Time m_timerDeadline; //!< the retransmit timer fires for real only from here
    EventId m_rnrEvent;

    // responder state
    uint32_t m_ePsn{0};
    uint32_t m_msn{0};
    bool m_nakPending{false};
    enum class Inbound : uint8_t
    {
        None,
        Send,
        Write,
    } m_inbound{Inbound::None};
    uint32_t m_writeToken{0}; //!< checked again for every later packet of the Write
    uint64_t m_writeAddress{0};
    uint64_t m_writeLength{0};
    uint64_t m_inOffset{0};
    std::deque<ReadResponse> m_readResponses; //!< in PSN order
    bool m_executing{false}; //!< a request is executing: a reset now keeps m_readResponses
    Time m_lastCnp;
    bool m_cnpSentOnce{false};

    Ptr<RdmaCongestionOps> m_cc;
    Ptr<RdmaCcState> m_ccState;
    uint64_t m_rateBps;
    uint64_t m_minRateBps;
    RdmaQpStats m_stats;
};

} // namespace ns3

#endif
