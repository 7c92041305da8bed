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

#include <deque>
#include <map>
#include <memory>
#include <unordered_map>

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
};

/**
 * \ingroup ndksim
 * \brief The RoCEv2 NIC of a host: it owns an NdkAdapter and a RoceNetDevice and is the
 * adapter's NdkTransport.
 *
 * Everything the NDK layer decides (posting and token checks, completion order, states) stays
 * there; the NIC turns started requests into RoCEv2 RC packets (RdmaRcQp), schedules QPs at
 * line rate (round robin among QPs with an eligible packet, skipping a paused priority,
 * honouring each QP's pacing), and carries connection management as CM MADs to QP1.
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

    // ---- NdkTransport ----
    void NotifyInitiatorWork(Ptr<NdkQp> qp) override;
    void NotifyReceivePosted(Ptr<NdkQp> qp) override;
    void NotifyQpReset(Ptr<NdkQp> qp) override;
    void SendCm(NdkAdapter& from, const NdkCmMessage& msg) override;
    bool IsReachable(Ipv4Address address) const override;

    // ---- for RdmaRcQp ----
    const RdmaNicConfig& GetConfig() const
    {
        return m_config;
    }

    /** \p qp has transmit work: put it in the round robin and wake the port. */
    void Activate(RdmaRcQp* qp);
    /** Send an ACK, NAK or CNP (BTH onward in \p packet) to the peer of \p qp right away. */
    void SendControl(RdmaRcQp& qp, Ptr<Packet> packet, bool cnp);
    /** As SendControl, for an ACK or NAK (BTH onward) to \p peer from UDP port \p sourcePort. */
    void SendAckTo(Ipv4Address peer, uint16_t sourcePort, Ptr<Packet> packet);
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

    std::unordered_map<uint32_t, std::unique_ptr<RdmaRcQp>> m_rcQps;              //!< by local QPN
    std::deque<RdmaRcQp*> m_active;                                               //!< round robin
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
