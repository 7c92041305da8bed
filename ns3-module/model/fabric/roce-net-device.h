/*
 * A RoCE Ethernet port: eight priority egress queues, PFC pause state, serialization on the
 * wire bytes.
 */

#ifndef ROCE_NET_DEVICE_H
#define ROCE_NET_DEVICE_H

#include "roce-frame-fifo.h"

#include "ns3/data-rate.h"
#include "ns3/event-id.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"

#include <array>

namespace ns3
{

class RoceChannel;
class ErrorModel;
class Packet;

/**
 * \ingroup ndksim
 * \brief An Ethernet port of a RoCE fabric (a NIC port or a switch port).
 *
 * Frames are ns-3 Packets that start with the Ethernet header and end with the ICRC (no FCS,
 * as pcap shows them). A frame occupies the link for its *wire bytes*: FCS, minimum-size
 * padding, preamble + SFD and inter-frame gap included (RoceWireSize::WireBytesOfFrame), at
 * the DataRate attribute, computed in integer picoseconds.
 *
 * Egress: a control queue (PFC frames, never paused) and eight priority queues served in
 * strict priority, highest first; a paused priority is skipped. When every queue that may send
 * is empty the port *pulls* from its owner (SetPullCallback): a NIC builds packets just in time
 * at the moment the link frees, so its QP scheduler, pacing and go-back-N never see a device
 * backlog. Queued frames carry an opaque 32-bit tag the owner gets back at dequeue (a switch
 * keeps its ingress port there for buffer accounting).
 *
 * Ingress: PFC frames (802.1Qbb, EtherType 0x8808, opcode 0x0101) update the per-priority
 * pause state when PfcEnabled is true (each quantum is 512 bit times at this port's rate; a
 * zero time resumes at once); every other frame goes to the frame handler. A ReceiveErrorModel
 * drops frames (drop rate per link for loss-recovery studies).
 */
class RoceNetDevice : public NetDevice
{
  public:
    static constexpr uint8_t PRIORITIES = 8;

    /** A frame arrived (not a PFC frame). The handler owns it. */
    typedef Callback<void, Ptr<RoceNetDevice>, Ptr<Packet>> FrameHandler;
    /**
     * The port is free and has nothing queued that may go: return a frame to send now (or
     * nullptr) and set its priority. Argument: the mask of paused priorities.
     */
    typedef Callback<Ptr<Packet>, uint8_t, uint8_t&> PullCallback;
    /** A queued frame leaves its queue for the wire: (frame, priority, tag). */
    typedef Callback<void, Ptr<Packet>, uint8_t, uint32_t> DequeueCallback;

    /** Per-port counters. Times in picoseconds. */
    struct Stats
    {
        std::array<uint64_t, PRIORITIES> txFrames{};
        std::array<uint64_t, PRIORITIES> txBytes{}; //!< frame bytes (no FCS, no preamble)
        std::array<uint64_t, PRIORITIES> pausedPs{};
        std::array<uint64_t, PRIORITIES> pauseFramesReceived{};
        std::array<uint64_t, PRIORITIES> pauseFramesSent{};
        uint64_t rxFrames{0};
        uint64_t rxBytes{0};
        uint64_t rxErrorDrops{0};
    };

    static TypeId GetTypeId();
    RoceNetDevice();
    ~RoceNetDevice() override;

    /** Plug in a cable. */
    void Attach(Ptr<RoceChannel> channel);
    /** Queue \p frame at \p priority (0-7); the port starts sending if it was idle. */
    void Enqueue(Ptr<Packet> frame, uint8_t priority, uint32_t tag = 0);
    /** Send a PFC frame pausing (quanta > 0) or resuming (0) \p priority at the link peer. */
    void SendPause(uint8_t priority, uint16_t quanta);
    /** The owner may have frames to pull: start sending if the port is idle. */
    void Wake();

    void SetFrameHandler(FrameHandler handler);
    void SetPullCallback(PullCallback pull);
    void SetDequeueCallback(DequeueCallback dequeue);

    bool IsPaused(uint8_t priority) const
    {
        return (m_pausedMask >> priority) & 1;
    }

    uint8_t GetPausedMask() const
    {
        return m_pausedMask;
    }

    bool IsBusy() const
    {
        return m_busy;
    }

    /** \return frames waiting in \p priority's queue */
    uint32_t GetQueueFrames(uint8_t priority) const
    {
        return static_cast<uint32_t>(m_queues[priority].GetSize());
    }

    /** \return frame bytes waiting in \p priority's queue */
    uint64_t GetQueueBytes(uint8_t priority) const
    {
        return m_queueBytes[priority];
    }

    DataRate GetDataRate() const
    {
        return m_rate;
    }

    /** \return the link time of \p frameBytes frame bytes at this port's rate */
    Time GetTransmitTime(uint32_t frameBytes) const;

    Ptr<RoceChannel> GetRoceChannel() const;

    /** \return the counters (pausedPs includes a pause still running). */
    Stats GetStats() const;

    /** Called by the channel when a frame arrives. */
    void Receive(Ptr<Packet> frame);

    // ---- NetDevice ----
    void SetIfIndex(const uint32_t index) override;
    uint32_t GetIfIndex() const override;
    Ptr<Channel> GetChannel() const override;
    void SetAddress(Address address) override;
    Address GetAddress() const override;
    bool SetMtu(const uint16_t mtu) override;
    uint16_t GetMtu() const override;
    bool IsLinkUp() const override;
    void AddLinkChangeCallback(Callback<void> callback) override;
    bool IsBroadcast() const override;
    Address GetBroadcast() const override;
    bool IsMulticast() const override;
    Address GetMulticast(Ipv4Address multicastGroup) const override;
    Address GetMulticast(Ipv6Address addr) const override;
    bool IsPointToPoint() const override;
    bool IsBridge() const override;
    bool Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber) override;
    bool SendFrom(Ptr<Packet> packet,
                  const Address& source,
                  const Address& dest,
                  uint16_t protocolNumber) override;
    Ptr<Node> GetNode() const override;
    void SetNode(Ptr<Node> node) override;
    bool NeedsArp() const override;
    void SetReceiveCallback(NetDevice::ReceiveCallback cb) override;
    void SetPromiscReceiveCallback(NetDevice::PromiscReceiveCallback cb) override;
    bool SupportsSendFrom() const override;

    /** Trace signature of PFC events: (priority, quanta). */
    typedef void (*PfcTracedCallback)(uint8_t priority, uint16_t quanta);

  protected:
    void DoDispose() override;

  private:
    void TryTransmit();
    void StartTransmission(Ptr<Packet> frame, uint8_t priority);
    void TransmitComplete();
    void ReceivePause(Ptr<Packet> frame);
    void Resume(uint8_t priority);

    Ptr<Node> m_node;
    Ptr<RoceChannel> m_channel;
    Mac48Address m_address;
    uint32_t m_ifIndex{0};
    uint16_t m_mtu{1500};
    DataRate m_rate;
    bool m_pfcEnabled{true};
    Ptr<ErrorModel> m_receiveErrorModel;

    RoceFrameFifo m_controlQueue;
    std::array<RoceFrameFifo, PRIORITIES> m_queues;
    std::array<uint64_t, PRIORITIES> m_queueBytes{};
    bool m_busy{false};
    EventId m_txCompleteEvent;

    uint8_t m_pausedMask{0};
    std::array<Time, PRIORITIES> m_pauseStart{};
    std::array<EventId, PRIORITIES> m_resumeEvent;

    FrameHandler m_frameHandler;
    PullCallback m_pull;
    DequeueCallback m_dequeue;
    NetDevice::ReceiveCallback m_rxCallback;
    Stats m_stats;

    TracedCallback<Ptr<const Packet>> m_phyTxBeginTrace;
    TracedCallback<Ptr<const Packet>> m_phyRxEndTrace;
    TracedCallback<Ptr<const Packet>> m_phyRxDropTrace;
    TracedCallback<Ptr<const Packet>> m_snifferTrace;
    TracedCallback<uint8_t, uint16_t> m_pauseReceivedTrace;
    TracedCallback<uint8_t, uint16_t> m_pauseSentTrace;
};

} // namespace ns3

#endif
