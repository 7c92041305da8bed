/*
 * A RoCE switch: ECMP forwarding by destination ToR, shared-buffer MMU admission, PFC
 * generation, RED/ECN marking, named drops and lossless-violation detection.
 */

#ifndef ROCE_SWITCH_H
#define ROCE_SWITCH_H

#include "ns3/data-rate.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/object.h"
#include "ns3/roce-host-directory.h"
#include "ns3/traced-callback.h"

#include <array>
#include <cstdint>
#include <ostream>
#include <vector>

namespace ns3
{

class Node;
class Packet;
class RoceNetDevice;
class RoceSwitchMmu;
class RoceEcnMarker;

/**
 * \ingroup ndksim
 * \brief Why a switch dropped a frame.
 */
enum class RoceSwitchDropReason : uint8_t
{
    NOT_IPV4 = 0,       //!< "not-ipv4": not an IPv4 frame (and not PFC, which the port eats)
    NO_ROUTE,           //!< "no-route": destination not in the host routes nor a routed group
    TTL_EXPIRED,        //!< "ttl": IPv4 TTL exhausted
    INGRESS_THRESHOLD,  //!< "ingress-threshold": lossy, ingress queue over its threshold
    EGRESS_THRESHOLD,   //!< "egress-threshold": lossy, egress queue over its threshold
    SHARED_BUFFER_FULL, //!< "shared-buffer-full": lossy, the shared pool is exhausted
    LOSSLESS_VIOLATION, //!< "lossless-violation": lossless, PFC headroom full
};

/** Number of RoceSwitchDropReason values. */
constexpr uint32_t ROCE_SWITCH_DROP_REASONS = 7;

/**
 * \param r a reason
 * \return its short name ("no-route", "ttl", "shared-buffer-full", ...)
 */
const char* RoceSwitchDropReasonName(RoceSwitchDropReason r);

/**
 * \brief Print a drop reason by name.
 * \param os the stream
 * \param r the reason
 * \return os
 */
std::ostream& operator<<(std::ostream& os, RoceSwitchDropReason r);

/**
 * \ingroup ndksim
 * \brief A RoCEv2 switch: an Object aggregated to a Node that owns RoceNetDevice ports.
 *
 * Pipeline of a received frame (PFC frames never get here: the port consumes them):
 *  1. parse: the first bytes are copied out of the packet (one CopyData, no deserialization)
 *     and the IPv4 destination, DSCP, ECN, TTL and UDP ports read in place;
 *  2. route: a host route (AddHostRoute, last hop) wins; otherwise the destination's group
 *     comes from the shared RoceHostDirectory and the group's next-hop set (AddRoute); a
 *     set of several ports is an ECMP group, the member chosen by a hash of the 5-tuple
 *     (addresses, protocol, UDP ports: RoCE puts per-QP entropy in the source port) and a
 *     per-switch seed, so a flow keeps one path and never reorders;
 *  3. classify: priority = DscpToPriority[DSCP] (default DSCP >> 3: 26 -> 3, 48 -> 6);
 *  4. admit: RoceSwitchMmu::Admit(ingress, egress, priority, bytes); a refusal is a drop with
 *     a named reason, and on a lossless priority a *lossless violation* (counted, traced
 *     twice: "Drop" and "LosslessViolation", never silent);
 *  5. ECN at enqueue (when the port's marker says MarkOnEnqueue), then the frame joins the
 *     egress port's priority queue, tagged with its ingress port;
 *  6. PFC: if the ingress (port, priority) crossed XOFF, a pause for PauseTime leaves by the
 *     ingress port, refreshed every PauseRefreshInterval while the MMU keeps it paused.
 * When the egress port dequeues the frame (its DequeueCallback): the MMU releases its bytes,
 * ECN marking on dequeue (default, as Mellanox switches and the HPCC simulator do) looks at
 * the egress queue left behind, ECN-capable frames are marked CE in place
 * (RoceRawFrame::SetEcnCe; Not-ECT frames are never marked), and an XON (quanta 0) is sent if
 * the ingress (port, priority) may resume.
 *
 * Per packet nothing is allocated beyond the Packet (and one buffer rewrite when a frame is
 * marked or its TTL decremented), nothing is logged unless logging is enabled, and every
 * lookup is O(1): a flat hash for host routes and the directory, vectors indexed by group.
 *
 * A fabric builder drives it with AddPort (returns the port index), SetDirectory, AddRoute
 * (per destination group) and AddHostRoute (attached hosts); SetMmu and SetEcnMarkerFactory
 * before the first AddPort choose the MMU and marker parameters (RoceSwitchHelper does this).
 * Lossless priorities are the MMU's LosslessPriorities (default {3}).
 */
class RoceSwitch : public Object
{
  public:
    static constexpr uint8_t PRIORITIES = 8; //!< 802.1p priorities

    /** Per-port counters. Times in picoseconds, sizes in bytes (frame bytes, no FCS). */
    struct PortStats
    {
        std::array<uint64_t, PRIORITIES> rxPackets{};      //!< frames received (not PFC)
        std::array<uint64_t, PRIORITIES> rxBytes{};        //!< their bytes
        std::array<uint64_t, PRIORITIES> txPackets{};      //!< frames forwarded out of this port
        std::array<uint64_t, PRIORITIES> txBytes{};        //!< their bytes
        std::array<uint64_t, PRIORITIES> ecnMarks{};       //!< frames marked CE on this egress
        std::array<uint64_t, PRIORITIES> pausesSent{};     //!< XOFF frames sent (refreshes too)
        std::array<uint64_t, PRIORITIES> resumesSent{};    //!< XON frames sent
        std::array<uint64_t, PRIORITIES> pausesReceived{}; //!< PFC frames received (XOFF, XON)
        std::array<uint64_t, PRIORITIES> pausedPs{};       //!< this egress was paused by the peer
        std::array<uint64_t, PRIORITIES> pausingPs{};      //!< this switch held the peer paused
        std::array<uint64_t, ROCE_SWITCH_DROP_REASONS> drops{}; //!< by reason, at ingress
        uint64_t peakQueueBytes{0}; //!< peak egress queue (all priorities)

        /** \return all drops, every reason */
        uint64_t Drops() const;

        /** \return the drops for \p r \param r a reason */
        uint64_t Drops(RoceSwitchDropReason r) const
        {
            return drops[static_cast<uint32_t>(r)];
        }

        /** \return lossless violations */
        uint64_t LosslessViolations() const
        {
            return Drops(RoceSwitchDropReason::LOSSLESS_VIOLATION);
        }

        /** \brief Add \p o's counters (peaks: the maximum) \param o other counters */
        void Add(const PortStats& o);
    };

    /** Switch counters: the ports summed plus the buffer peaks of the MMU. */
    struct Stats
    {
        PortStats total;               //!< all ports (peakQueueBytes: the largest port peak)
        uint64_t peakBufferBytes{0};   //!< peak of reserved + shared + headroom in use
        uint64_t peakSharedBytes{0};   //!< peak of the shared pool in use
        uint64_t peakHeadroomBytes{0}; //!< peak of all headroom in use

        /** \brief Print the counters on one line \param os the stream */
        void Print(std::ostream& os) const;
    };

    /** Trace signature of drops: (frame, ingress port, priority, reason). */
    typedef void (*DropTracedCallback)(Ptr<const Packet> frame,
                                       uint32_t port,
                                       uint8_t priority,
                                       RoceSwitchDropReason reason);
    /** Trace signature of lossless violations: (frame, ingress port, priority). */
    typedef void (*ViolationTracedCallback)(Ptr<const Packet> frame,
                                            uint32_t port,
                                            uint8_t priority);
    /** Trace signature of ECN marks: (frame, egress port, priority, queue bytes seen). */
    typedef void (*EcnMarkTracedCallback)(Ptr<const Packet> frame,
                                          uint32_t port,
                                          uint8_t priority,
                                          uint64_t queueBytes);
    /** Trace signature of PFC frames sent: (port, priority, quanta; 0 = resume). */
    typedef void (*PfcTracedCallback)(uint32_t port, uint8_t priority, uint16_t quanta);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RoceSwitch();
    ~RoceSwitch() override;

    /**
     * \brief Use \p mmu as the shared buffer (call before the first AddPort; otherwise a
     * default RoceSwitchMmu is created). The switch sizes it (SetPortCount) as ports come.
     * \param mmu the MMU
     */
    void SetMmu(Ptr<RoceSwitchMmu> mmu);
    /** \return the MMU (nullptr before the first AddPort unless set) */
    Ptr<RoceSwitchMmu> GetMmu() const;

    /**
     * \brief Create each port's ECN marker from \p factory (call before AddPort; default
     * RoceEcnMarker with its default attributes).
     * \param factory a factory of RoceEcnMarker objects
     */
    void SetEcnMarkerFactory(const ObjectFactory& factory);

    /**
     * \brief Add a port: the switch takes the device's frame handler and dequeue callback,
     * adds the device to the node if it has none, creates its ECN marker (thresholds scaled
     * to the device's DataRate when EcnScaleWithRate is set) and resizes the MMU. Set the
     * device's DataRate before; add every port before traffic starts.
     * \param device the port
     * \return its port index (0, 1, ...)
     */
    uint32_t AddPort(Ptr<RoceNetDevice> device);

    /** \return the number of ports */
    uint32_t GetNPorts() const
    {
        return static_cast<uint32_t>(m_ports.size());
    }

    /** \return port \p i's device \param i a port index */
    Ptr<RoceNetDevice> GetPort(uint32_t i) const;
    /** \return port \p i's ECN marker \param i a port index */
    Ptr<RoceEcnMarker> GetEcnMarker(uint32_t i) const;
    /**
     * \brief PFC headroom of each lossless priority of ingress port \p i (overrides the MMU's
     * Headroom attribute for this port; survives later AddPort calls).
     * \param i a port index \param bytes the headroom
     */
    void SetPortHeadroom(uint32_t i, uint64_t bytes);

    /**
     * \brief Headroom that absorbs what is in flight after an XOFF: two cable round trips'
     * worth of bytes (the pause travels up while data keeps coming), two maximum frames
     * (one being sent at each end) and the 802.1Qbb response allowance (3840 bytes at any
     * rate up to 100 Gb/s, scaled above).
     * \param rate the link rate \param delay the one-way cable delay
     * \param mtuFrameBytes the largest frame
     * \return bytes
     */
    static uint64_t RecommendedHeadroom(DataRate rate, Time delay, uint32_t mtuFrameBytes);

    /** \brief Use \p directory to resolve destination groups \param directory the directory */
    void SetDirectory(Ptr<RoceHostDirectory> directory);
    /** \return the directory */
    Ptr<RoceHostDirectory> GetDirectory() const;

    /**
     * \brief Route the hosts of \p group through \p ports (one port, or an ECMP set; replaces
     * an earlier route of the group; an empty set removes it).
     * \param group a destination group (see RoceHostDirectory)
     * \param ports port indices
     */
    void AddRoute(uint32_t group, std::vector<uint32_t> ports);
    /**
     * \brief Route \p host through \p port, whatever its group (the hosts attached to this
     * switch).
     * \param host the host address \param port a port index
     */
    void AddHostRoute(Ipv4Address host, uint32_t port);
    /** Remove every route and host route. */
    void ClearRoutes();

    /**
     * \param group a group
     * \return its next-hop ports (empty if unrouted)
     */
    const std::vector<uint32_t>& GetRoute(uint32_t group) const;

    /**
     * \brief The egress port a frame would take (the forwarding decision alone).
     * \param source source address \param destination destination address
     * \param protocol IP protocol \param sourcePort UDP source port
     * \param destinationPort UDP destination port
     * \return the port index, or GetNPorts() if there is no route
     */
    uint32_t Lookup(Ipv4Address source,
                    Ipv4Address destination,
                    uint8_t protocol,
                    uint16_t sourcePort,
                    uint16_t destinationPort) const;

    /** \brief Map \p dscp to \p priority \param dscp 0-63 \param priority 0-7 */
    void SetDscpPriority(uint8_t dscp, uint8_t priority);

    /** \return the priority of \p dscp \param dscp 0-63 */
    uint8_t GetDscpPriority(uint8_t dscp) const
    {
        return m_dscpToPriority[dscp & 63];
    }

    /**
     * \brief Process a frame received on port \p inPort (the ports call this; tests may
     * inject frames here).
     * \param inPort the ingress port index
     * \param frame the frame, from its Ethernet header
     */
    void Receive(uint32_t inPort, Ptr<Packet> frame);

    /** \return port \p i's counters (PFC counts and paused time of the device included)
     * \param i a port index */
    PortStats GetPortStats(uint32_t i) const;
    /** \return the switch counters */
    Stats GetStats() const;

    /**
     * \brief Assign fixed random streams to the ECN markers.
     * \param stream first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /** \return the node this switch is aggregated to (nullptr if none) */
    Ptr<Node> GetNode() const;

  protected:
    void DoDispose() override;
    void NotifyNewAggregate() override;

  private:
    /** Tag bit: the frame is ECN-capable (read at ingress, so dequeue needs no peek). */
    static constexpr uint32_t TAG_ECT = 0x80000000U;
    /** Route's answer when there is no route. */
    static constexpr uint32_t NO_PORT = 0xFFFFFFFF;
    /** Bytes copied out of a frame: tagged Ethernet + IPv4 (no options) + UDP ports. */
    static constexpr uint32_t HEAD_BYTES = 48;

    /** One port and its per-port state. */
    struct Port
    {
        Ptr<RoceNetDevice> device; //!< the device
        Ptr<RoceEcnMarker> marker; //!< its ECN marker (egress)
        bool markOnDequeue{true};  //!< cached marker->GetMarkPoint() == MARK_ON_DEQUEUE
        uint16_t pauseQuanta{0};   //!< PauseTime in quanta at the port's rate
        Time refreshInterval;      //!< pause refresh period
        uint64_t queuedBytes{0};   //!< egress bytes queued (all priorities)
        uint64_t headroom{0};      //!< headroom override (0: the MMU default)
        PortStats stats;           //!< counters kept by the switch
        std::array<EventId, PRIORITIES> refresh;   //!< pause refresh events
        std::array<Time, PRIORITIES> pausingSince; //!< when the peer was paused
    };

    /** A port's frame handler (bound to the port index). */
    void ReceiveFromDevice(uint32_t inPort, Ptr<RoceNetDevice> device, Ptr<Packet> frame);
    /** A port's dequeue callback: release the buffer, mark, maybe XON. */
    void Dequeued(uint32_t outPort, Ptr<Packet> frame, uint8_t priority, uint32_t tag);
    /** \return the egress port of the frame whose first bytes are \p head, or NO_PORT */
    uint32_t Route(const uint8_t* head, uint32_t length) const;
    /** \return the ECMP member (0 .. n-1) of a 5-tuple (ports: source << 16 | destination) */
    uint32_t EcmpIndex(uint32_t src,
                       uint32_t dst,
                       uint8_t protocol,
                       uint32_t ports,
                       uint32_t n) const;
    /** Count and trace a drop (and a violation). */
    void Drop(Ptr<const Packet> frame, uint32_t inPort, uint8_t priority, RoceSwitchDropReason r);
    /** Mark an ECN-capable frame CE, count and trace it. */
    void Mark(Ptr<Packet> frame, uint32_t outPort, uint8_t priority, uint64_t queueBytes);
    /** Send an XOFF out of \p port and arm its refresh. */
    void SendPause(uint32_t port, uint8_t priority);
    /** Send the XOFF again if \p port / \p priority is still paused. */
    void RefreshPause(uint32_t port, uint8_t priority);
    /** Send an XON out of \p port. */
    void SendResume(uint32_t port, uint8_t priority);
    /** Rewrite the frame's TTL and IPv4 checksum. */
    void DecrementTtl(Ptr<Packet> frame, const uint8_t* head);
    /** Size the MMU for the ports (and reapply per-port headroom). */
    void ResizeMmu();
    /** DscpToPriority attribute setter. */
    void SetDscpMap(std::string map);
    /** DscpToPriority attribute getter. */
    std::string GetDscpMap() const;
    /** Recompute the effective ECMP seed from EcmpSeed and the node id. */
    void UpdateSeed();
    /** EcmpSeed attribute setter. */
    void SetEcmpSeed(uint32_t seed);
    /** EcmpSeed attribute getter. */
    uint32_t GetEcmpSeed() const;

    // attributes
    bool m_pfcEnabled{true};
    Time m_pauseTime;
    Time m_pauseRefresh;
    bool m_ecnEnabled{true};
    bool m_ecnScaleWithRate{true};
    DataRate m_ecnReferenceRate;
    uint32_t m_ecmpSeed{0};
    bool m_decrementTtl{false};

    Ptr<Node> m_node;
    Ptr<RoceSwitchMmu> m_mmu;
    ObjectFactory m_markerFactory;
    Ptr<RoceHostDirectory> m_directory;
    std::vector<Port> m_ports;
    std::vector<std::vector<uint32_t>> m_routes; //!< next hops by group
    RoceIpv4Table m_hostRoutes;                  //!< host -> port (last hop)
    std::array<uint8_t, 64> m_dscpToPriority;
    uint64_t m_seed{0}; //!< effective hash seed (attribute mixed with the node id)

    TracedCallback<Ptr<const Packet>, uint32_t, uint8_t, RoceSwitchDropReason> m_dropTrace;
    TracedCallback<Ptr<const Packet>, uint32_t, uint8_t> m_violationTrace;
    TracedCallback<Ptr<const Packet>, uint32_t, uint8_t, uint64_t> m_ecnMarkTrace;
    TracedCallback<uint32_t, uint8_t, uint16_t> m_pfcTrace;
};

} // namespace ns3

#endif /* ROCE_SWITCH_H */
