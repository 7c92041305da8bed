/*
 * A RoCEv2 RDMA NIC: the NDK adapter's transport over one RoceNetDevice port.
 */

#ifndef RDMA_NIC_H
#define RDMA_NIC_H

#include "rdma-rc-qp.h"

#include "ns3/data-rate.h"
#include "ns3/mac48-address.h"
#include "ns3/ndk-transport.h"
#include "ns3/nstime.h"
#include "ns3/roce-cm-header.h"
#include "ns3/traced-callback.h"

#include <array>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{

class NdkAdapter;
class RoceNetDevice;
class RdmaAddressBook;
class RandomVariableStream;
class Node;

/** The NIC parameters the per-QP state machines read (copied from the attributes). */
struct RdmaNicConfig
{
    uint32_t pathMtu{1024};
    uint32_t ackRequestInterval{16};
    Time ackTimeout;
    uint32_t retryCount{7};
    Time rnrTimer;
    uint32_t rnrRetryCount{7};
    Time pcieLatency;
    uint64_t pcieBps{0};
    Time txWqeLatency;
    Time cnpInterval;
    uint64_t lineRateBps{0};
    uint32_t wqeBytes{64};
    uint8_t priority{3}; //!< class of a connection without a QoS policy: PFC priority
    uint8_t dscp{26};    //!< and IP DSCP
};

/** One QoS policy: connections to or from a service port use this class. */
struct RdmaQosPolicy
{
    uint16_t port{0};    //!< service port (the port the listener listens on)
    uint8_t priority{3}; //!< PFC priority (0-7) of the connection's data and ACKs
    uint8_t dscp{26};    //!< IP DSCP (0-63) of the same frames
};

/** What a NIC knows of one QP's transport, for results. */
struct RdmaQpRecord
{
    uint32_t qpn{0};        //!< local QP number
    Ipv4Address peer;       //!< peer host
    uint32_t peerQpn{0};    //!< peer QP number
    RdmaQpStats stats;      //!< counters
    uint64_t rateBps{0};    //!< sending rate now (or when the QP's transport state ended)
    uint64_t minRateBps{0}; //!< lowest sending rate the congestion control set
    bool live{true};        //!< false once the QP left the connected states
    uint8_t priority{3};    //!< PFC priority of the QP's data and ACKs (its traffic class)
};

/**
 * \ingroup ndksim
 * \brief The RoCEv2 NIC of a host: it owns an NdkAdapter and a RoceNetDevice and is the
 * adapter's NdkTransport.
 *
 * Everything the NDK layer decides (posting and token checks, completion order, states) stays
 * there; the NIC turns started requests into RoCEv2 RC packets (RdmaRcQp), schedules QPs at
 * line rate, and carries connection management as CM MADs to QP1.
 *
 * Traffic classes: each RC connection has its own PFC priority and IP DSCP, used by all its
 * frames (requests, read responses, ACKs and NAKs; CNPs use CnpPriority/CnpDscp, CM datagrams
 * Priority/Dscp). A QoS policy table keyed by the connection's *service port* (the port the
 * listener listens on: the destination port of the REQ on the active side, the source port of
 * the REP on the passive side) picks the class when the REQ or REP is sent, like a Windows
 * NetQos policy (New-NetQosPolicy -NetDirectPortMatchCondition 445 -PriorityValue8021Action 3).
 * Set it with AddQosPolicy() or the QosPolicies attribute ("445=5,10001=2/18": port=priority,
 * optionally /dscp; without a DSCP, priority * 8 + 2, so priority 3 gives the default 26).
 * Connections on ports without a policy use Priority and Dscp. Policies apply to connections
 * set up after they are added.
 *
 * Scheduling: one round-robin list of QPs per priority. When the port is free the NIC serves
 * the highest priority that is not PFC-paused and has a QP with an eligible packet (strict
 * priority, as the port's own queues), round robin among that priority's QPs, honouring each
 * QP's pacing; a paused priority never holds back another. If no QP of an unpaused priority
 * is eligible now, the port is woken at the earliest time one will be.
 *
 * Host-side timing (all attributes, defaults in the README with their sources):
 * - doorbell: a posted MMIO write, PcieLatency after the post;
 * - WQE fetch: a PCIe read of 64 bytes (2 x PcieLatency + 64 B at PcieBandwidth), then
 *   TxWqeLatency of NIC processing, one WQE after the other per QP;
 * - payload: a PCIe read, first byte 2 x PcieLatency after the WQE is processed, then at
 *   PcieBandwidth (retransmissions re-read nothing: modelled as already on the NIC);
 * - every received frame is processed RxLatency after it arrives (in arrival order);
 * - an initiator completion (CQE write) is visible PcieLatency after the NIC decided it.
 * Not modelled: PCIe contention between QPs, receive-side DMA and CQE timing of inbound
 * Sends (their completions appear when the NIC processes the last packet).
 */
class RdmaNic : public NdkTransport
{
  public:
    static TypeId GetTypeId();
    RdmaNic();
    ~RdmaNic() override;

    /** Wire the NIC: its adapter (gets this NIC as transport), its port, the fabric's hosts. */
    void Setup(Ptr<NdkAdapter> adapter, Ptr<RoceNetDevice> port, Ptr<RdmaAddressBook> book);

    Ptr<NdkAdapter> GetAdapter() const;
    Ptr<RoceNetDevice> GetPort() const;

    /** Assign fixed RNG streams (initial PSNs); \return the number of streams used. */
    int64_t AssignStreams(int64_t stream);

    /** \return the transport state of QP \p qpn (nullptr if it has none). */
    const RdmaRcQp* GetRcQp(uint32_t qpn) const;

    /**
     * \return every QP that had transport state on this NIC: the live ones by QP number, then
     * the ended ones in the order they ended
     */
    std::vector<RdmaQpRecord> GetQpRecords() const;

    /** \return the counters of all QPs that ever had transport state, summed. */
    RdmaQpStats GetTotalStats() const;

    /**
     * \brief Connections whose service port is \p port use PFC priority \p priority and IP
     * DSCP \p dscp (replaces an earlier policy for the port). Aborts on priority > 7 or
     * dscp > 63. Applies to connections set up from now on.
     */
    void AddQosPolicy(uint16_t port, uint8_t priority, uint8_t dscp);

    /** \return the QoS policies, by port */
    std::vector<RdmaQosPolicy> GetQosPolicyTable() const;

    /**
     * \brief Parse a QosPolicies string: "port=priority[/dscp]" entries separated by commas
     * (blanks allowed; a DSCP left out is priority * 8 + 2; an empty string is no policy).
     * \param text the string
     * \param policies the entries, in the order written (appended)
     * \param badEntry set to the first entry that is not valid
     * \return false if an entry is not valid
     */
    static bool ParseQosPolicies(const std::string& text,
                                 std::vector<RdmaQosPolicy>& policies,
                                 std::string& badEntry);

    // ---- NdkTransport ----
    void NotifyInitiatorWork(Ptr<NdkQp> qp) override;
    void NotifyReceivePosted(Ptr<NdkQp> qp) override;
    void NotifyQpReset(Ptr<NdkQp> qp) override;
    void SendCm(NdkAdapter& from, const NdkCmMessage& msg) override;
    bool IsReachable(Ipv4Address address) const override;

    static constexpr uint8_t PRIORITIES = 8; //!< PFC priorities (802.1Qbb)

    // ---- for RdmaRcQp ----
    const RdmaNicConfig& GetConfig() const
    {
        return m_config;
    }

    /** \p qp has transmit work: put it in the round robin and wake the port. */
    void Activate(RdmaRcQp* qp);
    /** Send an ACK, NAK or CNP (BTH onward in \p packet) to the peer of \p qp right away. */
    void SendControl(RdmaRcQp& qp, Ptr<Packet> packet, bool cnp);
    /**
     * As SendControl, for an ACK or NAK (BTH onward) to \p peer from UDP port \p sourcePort
     * at \p priority and \p dscp (the class of the QP it answers for, which may be gone).
     */
    void SendAckTo(Ipv4Address peer,
                   uint16_t sourcePort,
                   uint8_t priority,
                   uint8_t dscp,
                   Ptr<Packet> packet);
    /** \p qp, reset while draining read responses (RdmaRcQp::IsDraining), sent its last. */
    void ResponsesDrained(RdmaRcQp& qp);
    /** Report a requester outcome to the NDK layer after the CQE write latency. */
    void ScheduleCompletion(Ptr<NdkQp> qp, NdkWqe* wqe, NdkStatus status, NdkProviderError cause);
    /** Retries ran out for the request posted as \p sequence (after the CQE write latency). */
    void ScheduleTimeout(Ptr<NdkQp> qp, uint64_t sequence);
    /** \return a fresh congestion control for a new QP (a fork of the configured one). */
    Ptr<RdmaCongestionOps> ForkCongestionOps();
    /** \return true if packet payloads carry real bytes (some memory is tracked). */
    bool CarriesContents(const NdkQp& qp) const;

    /** Trace signature: (qpn, psn). */
    typedef void (*QpPsnTracedCallback)(uint32_t qpn, uint32_t psn);

    TracedCallback<uint32_t, uint32_t> m_retransmitTrace;
    TracedCallback<uint32_t, uint32_t> m_nakReceivedTrace;
    TracedCallback<uint32_t, uint32_t> m_cnpReceivedTrace;

  protected:
    void DoDispose() override;

  private:
    RdmaRcQp* FindRcQp(uint32_t qpn);
    RdmaRcQp* GetOrCreateRcQp(NdkQp* qp);
    /** Take \p qp out of its priority's round robin (if it is in it). */
    void Deactivate(RdmaRcQp* qp);
    /** Give \p qp the class of the policy for \p servicePort (or Priority and Dscp). */
    void ApplyQosPolicy(RdmaRcQp& qp, uint16_t servicePort);
    void SetQosPolicies(std::string text);
    std::string GetQosPolicies() const;
    void Doorbell(Ptr<NdkQp> qp);
    Ptr<Packet> Pull(uint8_t pausedMask, uint8_t& priority);
    void ScheduleWake(Time at);
    void WakePort();
    void ReceiveFrame(Ptr<RoceNetDevice> port, Ptr<Packet> frame);
    void Process(Ptr<Packet> frame);
    void ProcessCm(Ptr<Packet> packet, Ipv4Address source);
    void TransmitCm(const RoceCmHeader& cm, Ipv4Address destination);
    void RetryCm(std::pair<uint32_t, uint32_t> key);
    Ptr<Packet> Encapsulate(Ptr<Packet> packet,
                            Ipv4Address destination,
                            uint16_t sourcePort,
                            uint8_t dscp,
                            bool ecnCapable);
    void CompleteLater(Ptr<NdkQp> qp,
                       NdkWqe* wqe,
                       uint64_t sequence,
                       NdkStatus status,
                       NdkProviderError cause);
    void TimeoutLater(Ptr<NdkQp> qp, uint64_t sequence);
    void ReapResetQps();
    void ScheduleReap();
    uint32_t NewStartPsn();
    void RefreshConfig();
    void Retire(const RdmaRcQp& rc);

    Ptr<NdkAdapter> m_adapter;
    Ptr<RoceNetDevice> m_port;
    Ptr<RdmaAddressBook> m_book;
    Mac48Address m_mac;

    // attributes (copied into m_config, which the QPs read)
    RdmaNicConfig m_config;
    uint32_t m_pathMtu{1024};
    uint32_t m_ackRequestInterval{16};
    Time m_ackTimeout;
    uint32_t m_retryCount{7};
    Time m_rnrTimer;
    uint32_t m_rnrRetryCount{6};
    Time m_pcieLatency;
    DataRate m_pcieBandwidth;
    Time m_txWqeLatency;
    Time m_cnpInterval;
    Time m_rxLatency;
    uint8_t m_priority{3};
    uint8_t m_dscp{26};
    uint8_t m_cnpPriority{6};
    uint8_t m_cnpDscp{48};
    bool m_computeChecksums{false};
    Ptr<RandomVariableStream> m_initialPsn;
    TypeId m_ccType;
    Ptr<RdmaCongestionOps> m_ccPrototype;

    std::map<uint16_t, RdmaQosPolicy> m_qosPolicies; //!< by service port

    std::unordered_map<uint32_t, std::unique_ptr<RdmaRcQp>> m_rcQps; //!< by local QPN
    /** QPs with transmit work, one round robin per priority (a QP's class never changes while
     * it is in one); created on first use, as an empty std::deque already allocates about
     * 600 bytes and most hosts use one class (8192 NICs x 8: 39 MB) */
    std::array<std::unique_ptr<std::deque<RdmaRcQp*>>, PRIORITIES> m_active;
    std::map<std::pair<uint32_t, uint32_t>, std::pair<uint32_t, bool>> m_peerPsn; //!< (ip, qpn)
    std::vector<uint32_t> m_resetQps;
    EventId m_reapEvent;
    EventId m_wakeEvent;
    Time m_wakeAt;
    uint64_t m_cmTransaction{0};
    Time m_cmRetryTimeout;
    uint32_t m_cmRetryCount{15};

    /** A REQ, REP or DREQ kept until its answer arrives, resent on a timer (IBTA 12.4). */
    struct PendingCm
    {
        RoceCmHeader cm;
        Ipv4Address destination;
        uint32_t tries{0};
        EventId timer;
    };

    /** (peer IPv4, our connector id) -> the message waiting for an answer */
    std::map<std::pair<uint32_t, uint32_t>, PendingCm> m_pendingCm;
    /** (peer IPv4, their connector id) -> the last message we sent them (resent on a duplicate) */
    std::map<std::pair<uint32_t, uint32_t>, RoceCmHeader> m_lastCmTo;
    /** (peer IPv4, their connector id) -> transaction id of the last message they sent us */
    std::map<std::pair<uint32_t, uint32_t>, uint64_t> m_lastCmFrom;
    RdmaQpStats m_retiredStats;             //!< counters of QPs whose transport state is gone
    std::vector<RdmaQpRecord> m_retiredQps; //!< and their records
};

} // namespace ns3

#endif
