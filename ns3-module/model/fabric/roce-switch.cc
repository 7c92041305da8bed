#include "roce-switch.h"

#include "roce-channel.h"
#include "roce-ecn-marker.h"
#include "roce-net-device.h"
#include "roce-switch-mmu.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/header.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/pfc-pause-header.h"
#include "ns3/pointer.h"
#include "ns3/roce-raw-frame.h"
#include "ns3/roce-wire-size.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RoceSwitch");
NS_OBJECT_ENSURE_REGISTERED(RoceSwitch);

namespace
{

/** splitmix64's finalizer: a cheap full-avalanche mix of 64 bits. */
inline uint64_t
Mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBULL;
    x ^= x >> 31;
    return x;
}

inline uint16_t
ReadU16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

inline uint32_t
ReadU32(const uint8_t* p)
{
    return (static_cast<uint32_t>(p[0]) << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

RoceSwitchDropReason
ReasonOf(RoceMmuOutcome o)
{
    switch (o)
    {
    case RoceMmuOutcome::DROPPED_LOSSY_INGRESS:
        return RoceSwitchDropReason::INGRESS_THRESHOLD;
    case RoceMmuOutcome::DROPPED_LOSSY_EGRESS:
        return RoceSwitchDropReason::EGRESS_THRESHOLD;
    case RoceMmuOutcome::DROPPED_LOSSY_BUFFER_FULL:
        return RoceSwitchDropReason::SHARED_BUFFER_FULL;
    default:
        return RoceSwitchDropReason::LOSSLESS_VIOLATION;
    }
}

/**
 * A header made of raw bytes, to write back a rewritten frame prefix (ns-3 has no in-place
 * write into a Packet). The sized Deserialize lets Packet::Print walk over it.
 */
class RoceSwitchPrefixHeader : public Header
{
  public:
    RoceSwitchPrefixHeader() = default;

    RoceSwitchPrefixHeader(const uint8_t* bytes, uint32_t size)
        : m_bytes(bytes),
          m_size(size)
    {
    }

    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::RoceSwitchPrefixHeader")
                                .SetParent<Header>()
                                .SetGroupName("Ndksim")
                                .AddConstructor<RoceSwitchPrefixHeader>();
        return tid;
    }

    TypeId GetInstanceTypeId() const override
    {
        return GetTypeId();
    }

    void Print(std::ostream& os) const override
    {
        os << "rewritten frame prefix (" << m_size << " bytes)";
    }

    uint32_t GetSerializedSize() const override
    {
        return m_size;
    }

    void Serialize(Buffer::Iterator start) const override
    {
        start.Write(m_bytes, m_size);
    }

    uint32_t Deserialize(Buffer::Iterator start) override
    {
        return m_size;
    }

    uint32_t Deserialize(Buffer::Iterator start, Buffer::Iterator end) override
    {
        m_bytes = nullptr;
        m_size = end.GetDistanceFrom(start);
        return m_size;
    }

  private:
    const uint8_t* m_bytes{nullptr};
    uint32_t m_size{0};
};

} // namespace

TypeId
RoceSwitch::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RoceSwitch")
            .SetParent<Object>()
            .SetGroupName("Ndksim")
            .AddConstructor<RoceSwitch>()
            .AddAttribute("PfcEnabled",
                          "Send PFC pause frames upstream when a lossless ingress queue "
                          "crosses XOFF (and resumes at XON).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&RoceSwitch::m_pfcEnabled),
                          MakeBooleanChecker())
            .AddAttribute("PauseTime",
                          "Pause time carried by an XOFF frame (converted to quanta at the "
                          "port's rate, at most 65535 quanta).",
                          TimeValue(MicroSeconds(100)),
                          MakeTimeAccessor(&RoceSwitch::m_pauseTime),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("PauseRefreshInterval",
                          "An XOFF is sent again this long after the previous one while the "
                          "queue stays paused; 0: half the pause time the frame carries.",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&RoceSwitch::m_pauseRefresh),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("EcnEnabled",
                          "Mark ECN-capable frames CE as the ports' RED markers decide.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&RoceSwitch::m_ecnEnabled),
                          MakeBooleanChecker())
            .AddAttribute("EcnScaleWithRate",
                          "Scale each port marker's Kmin and Kmax by the port's rate over "
                          "EcnReferenceRate (the HPCC simulator's per-rate thresholds are "
                          "linear in the rate).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&RoceSwitch::m_ecnScaleWithRate),
                          MakeBooleanChecker())
            .AddAttribute("EcnReferenceRate",
                          "The link rate the markers' Kmin and Kmax are given for.",
                          DataRateValue(DataRate("100Gbps")),
                          MakeDataRateAccessor(&RoceSwitch::m_ecnReferenceRate),
                          MakeDataRateChecker())
            .AddAttribute("EcmpSeed",
                          "Seed of the ECMP hash; it is mixed with the node id, so switches "
                          "hash differently even with the same seed (no polarization).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&RoceSwitch::SetEcmpSeed, &RoceSwitch::GetEcmpSeed),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("DscpToPriority",
                          "Overrides of the DSCP -> priority map, as 'dscp=priority' pairs "
                          "separated by commas; unlisted DSCPs map to DSCP >> 3.",
                          StringValue(""),
                          MakeStringAccessor(&RoceSwitch::SetDscpMap, &RoceSwitch::GetDscpMap),
                          MakeStringChecker())
            .AddAttribute("DecrementTtl",
                          "Decrement the IPv4 TTL (with an incremental checksum update) at "
                          "each hop. Off by default: NICs address frames to the destination "
                          "host's MAC, and rewriting costs a buffer write per hop. Frames "
                          "arriving with TTL 0 (1 when decrementing) are dropped either way.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&RoceSwitch::m_decrementTtl),
                          MakeBooleanChecker())
            .AddTraceSource("Drop",
                            "A frame was dropped (frame, ingress port, priority, reason).",
                            MakeTraceSourceAccessor(&RoceSwitch::m_dropTrace),
                            "ns3::RoceSwitch::DropTracedCallback")
            .AddTraceSource("LosslessViolation",
                            "A lossless frame found its PFC headroom full and was dropped.",
                            MakeTraceSourceAccessor(&RoceSwitch::m_violationTrace),
                            "ns3::RoceSwitch::ViolationTracedCallback")
            .AddTraceSource("EcnMark",
                            "A frame was marked CE (frame, egress port, priority, queue bytes).",
                            MakeTraceSourceAccessor(&RoceSwitch::m_ecnMarkTrace),
                            "ns3::RoceSwitch::EcnMarkTracedCallback")
            .AddTraceSource("PfcSent",
                            "A PFC frame was sent (port, priority, quanta; 0 resumes).",
                            MakeTraceSourceAccessor(&RoceSwitch::m_pfcTrace),
                            "ns3::RoceSwitch::PfcTracedCallback");
    return tid;
}

RoceSwitch::RoceSwitch()
{
    m_markerFactory.SetTypeId(RoceEcnMarker::GetTypeId());
    for (uint8_t d = 0; d < 64; ++d)
    {
        m_dscpToPriority[d] = d >> 3;
    }
}

RoceSwitch::~RoceSwitch() = default;

void
RoceSwitch::DoDispose()
{
    for (Port& p : m_ports)
    {
        for (EventId& e : p.refresh)
        {
            Simulator::Cancel(e);
        }
        p.device->SetFrameHandler(RoceNetDevice::FrameHandler());
        p.device->SetDequeueCallback(RoceNetDevice::DequeueCallback());
        p.device = nullptr;
        p.marker = nullptr;
    }
    m_ports.clear();
    m_mmu = nullptr;
    m_directory = nullptr;
    m_node = nullptr;
    Object::DoDispose();
}

void
RoceSwitch::NotifyNewAggregate()
{
    if (!m_node)
    {
        m_node = GetObject<Node>();
        UpdateSeed();
    }
    Object::NotifyNewAggregate();
}

Ptr<Node>
RoceSwitch::GetNode() const
{
    return m_node;
}

void
RoceSwitch::UpdateSeed()
{
    const uint64_t id = m_node ? m_node->GetId() : 0;
    m_seed = Mix64((static_cast<uint64_t>(id) << 32) ^ m_ecmpSeed ^ 0x5EED5EED5EED5EEDULL);
}

void
RoceSwitch::SetEcmpSeed(uint32_t seed)
{
    m_ecmpSeed = seed;
    UpdateSeed();
}

uint32_t
RoceSwitch::GetEcmpSeed() const
{
    return m_ecmpSeed;
}

void
RoceSwitch::SetMmu(Ptr<RoceSwitchMmu> mmu)
{
    NS_ABORT_MSG_IF(!m_ports.empty(), "RoceSwitch::SetMmu: set the MMU before adding ports");
    m_mmu = mmu;
}

Ptr<RoceSwitchMmu>
RoceSwitch::GetMmu() const
{
    return m_mmu;
}

void
RoceSwitch::SetEcnMarkerFactory(const ObjectFactory& factory)
{
    m_markerFactory = factory;
}

void
RoceSwitch::ResizeMmu()
{
    if (!m_mmu)
    {
        m_mmu = CreateObject<RoceSwitchMmu>();
    }
    NS_ABORT_MSG_IF(m_mmu->GetTotalUsed() != 0,
                    "RoceSwitch: ports must be added before traffic starts");
    m_mmu->SetPortCount(GetNPorts());
    for (uint32_t i = 0; i < GetNPorts(); ++i)
    {
        if (m_ports[i].headroom != 0)
        {
            m_mmu->SetHeadroom(i, m_ports[i].headroom);
        }
    }
}

uint32_t
RoceSwitch::AddPort(Ptr<RoceNetDevice> device)
{
    NS_LOG_FUNCTION(this << device);
    const uint32_t index = GetNPorts();
    NS_ABORT_MSG_IF(index >= TAG_ECT, "RoceSwitch: too many ports");
    if (!device->GetNode() && m_node)
    {
        m_node->AddDevice(device);
    }
    m_ports.emplace_back();
    Port& p = m_ports.back();
    p.device = device;
    p.marker = m_markerFactory.Create<RoceEcnMarker>();
    NS_ABORT_MSG_UNLESS(p.marker, "RoceSwitch: the ECN marker factory must create RoceEcnMarkers");
    const DataRate rate = device->GetDataRate();
    if (m_ecnScaleWithRate && m_ecnReferenceRate.GetBitRate() > 0)
    {
        const double f = static_cast<double>(rate.GetBitRate()) /
                         static_cast<double>(m_ecnReferenceRate.GetBitRate());
        p.marker->SetThresholds(static_cast<uint32_t>(p.marker->GetKmin() * f),
                                static_cast<uint32_t>(p.marker->GetKmax() * f),
                                p.marker->GetPmax());
    }
    p.markOnDequeue = p.marker->GetMarkPoint() == RoceEcnMarker::MARK_ON_DEQUEUE;
    p.pauseQuanta = std::max<uint16_t>(1, PfcPauseHeader::TimeToQuanta(m_pauseTime, rate));
    const Time pause = PfcPauseHeader::QuantaToTime(p.pauseQuanta, rate);
    p.refreshInterval = m_pauseRefresh.IsStrictlyPositive() ? m_pauseRefresh : pause / 2;
    NS_ABORT_MSG_IF(p.refreshInterval >= pause,
                    "RoceSwitch: PauseRefreshInterval must be shorter than the pause time ("
                        << pause.As(Time::US) << " on port " << index << ")");
    device->SetFrameHandler(MakeCallback(&RoceSwitch::ReceiveFromDevice, this, index));
    device->SetDequeueCallback(MakeCallback(&RoceSwitch::Dequeued, this, index));
    ResizeMmu();
    return index;
}

Ptr<RoceNetDevice>
RoceSwitch::GetPort(uint32_t i) const
{
    NS_ASSERT(i < m_ports.size());
    return m_ports[i].device;
}

Ptr<RoceEcnMarker>
RoceSwitch::GetEcnMarker(uint32_t i) const
{
    NS_ASSERT(i < m_ports.size());
    return m_ports[i].marker;
}

uint32_t
RoceSwitch::EcmpIndex(uint32_t src, uint32_t dst, uint8_t protocol, uint32_t ports, uint32_t n)
    const
{
    uint64_t h = Mix64(m_seed ^ ((static_cast<uint64_t>(src) << 32) | dst));
    h = Mix64(h ^ ((static_cast<uint64_t>(protocol) << 32) | ports));
    // Lemire's multiply-shift: an unbiased-enough map of the top bits onto [0, n).
    return static_cast<uint32_t>(((h >> 32) * n) >> 32);
}

uint32_t
RoceSwitch::Route(const uint8_t* head, uint32_t length) const
{
    const uint32_t l3 = RoceRawFrame::GetL3Offset(head);
    const uint32_t dst = ReadU32(head + l3 + 16);
    if (!m_hostRoutes.IsEmpty())
    {
        const uint32_t port = m_hostRoutes.Find(dst);
        if (port != RoceIpv4Table::NOT_FOUND)
        {
            return port;
        }
    }
    if (!m_directory)
    {
        return NO_PORT;
    }
    const uint32_t group = m_directory->GetGroup(dst);
    if (group >= m_routes.size())
    {
        return NO_PORT;
    }
    const std::vector<uint32_t>& hops = m_routes[group];
    const std::size_t n = hops.size();
    if (n <= 1)
    {
        return n == 0 ? NO_PORT : hops[0];
    }
    const uint8_t protocol = head[l3 + 9];
    const uint32_t l4 = l3 + (head[l3] & 0x0F) * 4U;
    const uint32_t ports = l4 + 4 <= length ? ReadU32(head + l4) : 0;
    return hops[EcmpIndex(ReadU32(head + l3 + 12), dst, protocol, ports, n)];
}

void
RoceSwitch::ReceiveFromDevice(uint32_t inPort, Ptr<RoceNetDevice> device, Ptr<Packet> frame)
{
    Receive(inPort, frame);
}

void
RoceSwitch::Receive(uint32_t inPort, Ptr<Packet> frame)
{
    NS_ASSERT(inPort < m_ports.size());
    uint8_t head[HEAD_BYTES];
    const uint32_t length = frame->CopyData(head, HEAD_BYTES);
    const uint32_t bytes = frame->GetSize();
    if (length < RoceWireSize::ETHERNET_HEADER + RoceWireSize::IPV4_HEADER ||
        RoceRawFrame::GetEtherType(head) != RoceWireSize::ETHER_TYPE_IPV4 ||
        length < RoceRawFrame::GetL3Offset(head) + RoceWireSize::IPV4_HEADER ||
        (head[RoceRawFrame::GetL3Offset(head)] >> 4) != 4)
    {
        Drop(frame,
             inPort,
             length >= 16 ? RoceRawFrame::GetVlanPcp(head) : 0,
             RoceSwitchDropReason::NOT_IPV4);
        return;
    }
    const uint32_t l3 = RoceRawFrame::GetL3Offset(head);
    const uint8_t tos = head[l3 + 1];
    const uint8_t priority = m_dscpToPriority[tos >> 2];
    Port& in = m_ports[inPort];
    ++in.stats.rxPackets[priority];
    in.stats.rxBytes[priority] += bytes;

    const uint8_t ttl = head[l3 + 8];
    if (ttl <= (m_decrementTtl ? 1 : 0))
    {
        Drop(frame, inPort, priority, RoceSwitchDropReason::TTL_EXPIRED);
        return;
    }
    const uint32_t outPort = Route(head, length);
    if (outPort == NO_PORT)
    {
        Drop(frame, inPort, priority, RoceSwitchDropReason::NO_ROUTE);
        return;
    }
    const RoceMmuOutcome outcome = m_mmu->Admit(inPort, outPort, priority, bytes);
    if (!RoceMmuAdmitted(outcome))
    {
        Drop(frame, inPort, priority, ReasonOf(outcome));
        return;
    }
    if (m_decrementTtl)
    {
        DecrementTtl(frame, head);
    }
    Port& out = m_ports[outPort];
    uint32_t tag = inPort;
    const bool ect = (tos & 3) == RoceRawFrame::ECT0 || (tos & 3) == RoceRawFrame::ECT1;
    if (ect && m_ecnEnabled)
    {
        if (out.markOnDequeue)
        {
            tag |= TAG_ECT;
        }
        else
        {
            const uint64_t queue = out.device->GetQueueBytes(priority);
            if (out.marker->ShouldMark(queue))
            {
                Mark(frame, outPort, priority, queue);
            }
        }
    }
    out.queuedBytes += bytes;
    out.stats.peakQueueBytes = std::max(out.stats.peakQueueBytes, out.queuedBytes);
    // The port may dequeue (and release the buffer) inside Enqueue when it is idle, so the
    // XOFF check comes after it and sees the MMU as it really is.
    out.device->Enqueue(frame, priority, tag);
    if (m_pfcEnabled && m_mmu->ShouldSendPause(inPort, priority))
    {
        SendPause(inPort, priority);
    }
}

void
RoceSwitch::Dequeued(uint32_t outPort, Ptr<Packet> frame, uint8_t priority, uint32_t tag)
{
    const uint32_t bytes = frame->GetSize();
    const uint32_t inPort = tag & ~TAG_ECT;
    Port& out = m_ports[outPort];
    out.queuedBytes -= bytes;
    ++out.stats.txPackets[priority];
    out.stats.txBytes[priority] += bytes;
    m_mmu->Remove(inPort, outPort, priority, bytes);
    if (tag & TAG_ECT)
    {
        // Mark on dequeue: the queue the frame leaves behind (the port already took it out).
        const uint64_t queue = out.device->GetQueueBytes(priority);
        if (out.marker->ShouldMark(queue))
        {
            Mark(frame, outPort, priority, queue);
        }
    }
    if (m_mmu->IsPaused(inPort, priority) && m_mmu->ShouldResume(inPort, priority))
    {
        SendResume(inPort, priority);
    }
}

void
RoceSwitch::Mark(Ptr<Packet> frame, uint32_t outPort, uint8_t priority, uint64_t queueBytes)
{
    if (!RoceRawFrame::SetEcnCe(frame))
    {
        return;
    }
    ++m_ports[outPort].stats.ecnMarks[priority];
    m_ecnMarkTrace(frame, outPort, priority, queueBytes);
}

void
RoceSwitch::Drop(Ptr<const Packet> frame,
                 uint32_t inPort,
                 uint8_t priority,
                 RoceSwitchDropReason reason)
{
    ++m_ports[inPort].stats.drops[static_cast<uint32_t>(reason)];
    if (reason == RoceSwitchDropReason::LOSSLESS_VIOLATION)
    {
        NS_LOG_WARN("lossless violation on node "
                    << (m_node ? m_node->GetId() : 0) << " port " << inPort << " priority "
                    << +priority << ": PFC headroom full, " << frame->GetSize() << " B dropped");
        m_violationTrace(frame, inPort, priority);
    }
    else
    {
        NS_LOG_LOGIC("drop on port " << inPort << " priority " << +priority << ": " << reason);
    }
    m_dropTrace(frame, inPort, priority, reason);
}

void
RoceSwitch::SendPause(uint32_t port, uint8_t priority)
{
    Port& p = m_ports[port];
    NS_LOG_LOGIC("XOFF port " << port << " priority " << +priority);
    p.device->SendPause(priority, p.pauseQuanta);
    m_mmu->SetPaused(port, priority, true);
    ++p.stats.pausesSent[priority];
    p.pausingSince[priority] = Simulator::Now();
    m_pfcTrace(port, priority, p.pauseQuanta);
    Simulator::Cancel(p.refresh[priority]);
    p.refresh[priority] =
        Simulator::Schedule(p.refreshInterval, &RoceSwitch::RefreshPause, this, port, priority);
}

void
RoceSwitch::RefreshPause(uint32_t port, uint8_t priority)
{
    if (!m_mmu->IsPaused(port, priority))
    {
        return;
    }
    Port& p = m_ports[port];
    p.device->SendPause(priority, p.pauseQuanta);
    ++p.stats.pausesSent[priority];
    m_pfcTrace(port, priority, p.pauseQuanta);
    p.refresh[priority] =
        Simulator::Schedule(p.refreshInterval, &RoceSwitch::RefreshPause, this, port, priority);
}

void
RoceSwitch::SendResume(uint32_t port, uint8_t priority)
{
    Port& p = m_ports[port];
    NS_LOG_LOGIC("XON port " << port << " priority " << +priority);
    p.device->SendPause(priority, 0);
    m_mmu->SetPaused(port, priority, false);
    ++p.stats.resumesSent[priority];
    p.stats.pausingPs[priority] += (Simulator::Now() - p.pausingSince[priority]).GetPicoSeconds();
    Simulator::Cancel(p.refresh[priority]);
    m_pfcTrace(port, priority, 0);
}

void
RoceSwitch::DecrementTtl(Ptr<Packet> frame, const uint8_t* head)
{
    const uint32_t l3 = RoceRawFrame::GetL3Offset(head);
    const uint32_t size = l3 + 12; // through the IPv4 header checksum
    uint8_t prefix[HEAD_BYTES];
    std::copy(head, head + size, prefix);
    uint8_t* ip = prefix + l3;
    const uint16_t oldWord = ReadU16(ip + 8); // TTL | protocol
    --ip[8];
    const uint16_t checksum = ReadU16(ip + 10);
    if (checksum != 0)
    {
        // RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m').
        const uint16_t newWord = ReadU16(ip + 8);
        uint32_t sum = static_cast<uint16_t>(~checksum) + static_cast<uint16_t>(~oldWord) +
                       static_cast<uint32_t>(newWord);
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        const uint16_t updated = static_cast<uint16_t>(~sum);
        ip[10] = updated >> 8;
        ip[11] = updated & 0xFF;
    }
    frame->RemoveAtStart(size);
    frame->AddHeader(RoceSwitchPrefixHeader(prefix, size));
}

int64_t
RoceSwitch::AssignStreams(int64_t stream)
{
    int64_t used = 0;
    for (Port& p : m_ports)
    {
        used += p.marker->AssignStreams(stream + used);
    }
    return used;
}

} // namespace ns3
