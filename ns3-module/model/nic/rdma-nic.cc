#include "rdma-nic.h"

#include "rdma-address-book.h"

#include "ns3/boolean.h"
#include "ns3/ethernet-header.h"
#include "ns3/ipv4-header.h"
#include "ns3/log.h"
#include "ns3/ndk-adapter.h"
#include "ns3/ndk-qp.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rdma-congestion-ops.h"
#include "ns3/rdma-dcqcn.h"
#include "ns3/roce-bth-header.h"
#include "ns3/roce-cm-header.h"
#include "ns3/roce-deth-header.h"
#include "ns3/roce-icrc-trailer.h"
#include "ns3/roce-net-device.h"
#include "ns3/roce-psn.h"
#include "ns3/roce-wire-size.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/type-id.h"
#include "ns3/udp-header.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RdmaNic");
NS_OBJECT_ENSURE_REGISTERED(RdmaNic);

namespace
{
constexpr uint32_t GSI_QPN = 1; //!< QP1: connection management datagrams
} // namespace

TypeId
RdmaNic::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RdmaNic")
            .SetParent<NdkTransport>()
            .SetGroupName("Ndksim")
            .AddConstructor<RdmaNic>()
            .AddAttribute("PathMtu",
                          "IB path MTU: payload bytes per packet (256, 512, 1024, 2048, 4096).",
                          UintegerValue(1024),
                          MakeUintegerAccessor(&RdmaNic::m_pathMtu),
                          MakeUintegerChecker<uint32_t>(256, 4096))
            .AddAttribute("Priority",
                          "Priority (PFC class, 0-7) of CM datagrams and of the RC data and "
                          "ACKs of connections without a QoS policy.",
                          UintegerValue(3),
                          MakeUintegerAccessor(&RdmaNic::m_priority),
                          MakeUintegerChecker<uint8_t>(0, 7))
            .AddAttribute("Dscp",
                          "IP DSCP of CM datagrams and of the RC data and ACKs of connections "
                          "without a QoS policy.",
                          UintegerValue(26),
                          MakeUintegerAccessor(&RdmaNic::m_dscp),
                          MakeUintegerChecker<uint8_t>(0, 63))
            .AddAttribute("QosPolicies",
                          "Traffic class per service port (the listener's port), as "
                          "'port=priority[/dscp]' entries separated by commas, e.g. "
                          "'445=5,10001=2/18'; a DSCP left out is priority * 8 + 2. Setting it "
                          "replaces the table; other ports use Priority and Dscp.",
                          StringValue(""),
                          MakeStringAccessor(&RdmaNic::SetQosPolicies, &RdmaNic::GetQosPolicies),
                          MakeStringChecker())
            .AddAttribute("CnpPriority",
                          "Priority (PFC class) of congestion notification packets.",
                          UintegerValue(6),
                          MakeUintegerAccessor(&RdmaNic::m_cnpPriority),
                          MakeUintegerChecker<uint8_t>(0, 7))
            .AddAttribute("CnpDscp",
                          "IP DSCP of congestion notification packets.",
                          UintegerValue(48),
                          MakeUintegerAccessor(&RdmaNic::m_cnpDscp),
                          MakeUintegerChecker<uint8_t>(0, 63))
            .AddAttribute("AckRequestInterval",
                          "Set AckReq every this many packets (and on each message's last).",
                          UintegerValue(16),
                          MakeUintegerAccessor(&RdmaNic::m_ackRequestInterval),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("AckTimeout",
                          "Retransmit timer (IB local ACK timeout).",
                          TimeValue(MilliSeconds(1)),
                          MakeTimeAccessor(&RdmaNic::m_ackTimeout),
                          MakeTimeChecker(Time(1)))
            .AddAttribute("RetryCount",
                          "Transport retries before STATUS_IO_TIMEOUT (IB retry_cnt, 0-7).",
                          UintegerValue(7),
                          MakeUintegerAccessor(&RdmaNic::m_retryCount),
                          MakeUintegerChecker<uint32_t>(0, 7))
            .AddAttribute("RnrTimer",
                          "Least wait after an RNR NAK (also what this NIC asks for in its own).",
                          TimeValue(MicroSeconds(10)),
                          MakeTimeAccessor(&RdmaNic::m_rnrTimer),
                          MakeTimeChecker(Time(1)))
            .AddAttribute("RnrRetryCount",
                          "RNR retries (IB 3-bit encoding: 7 = forever; always forever toward "
                          "a QP with an SRQ).",
                          UintegerValue(6),
                          MakeUintegerAccessor(&RdmaNic::m_rnrRetryCount),
                          MakeUintegerChecker<uint32_t>(0, 7))
            .AddAttribute("PcieLatency",
                          "One-way PCIe latency (doorbell MMIO, half a DMA read round trip, "
                          "CQE write).",
                          TimeValue(NanoSeconds(250)),
                          MakeTimeAccessor(&RdmaNic::m_pcieLatency),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("PcieBandwidth",
                          "Effective PCIe DMA bandwidth (Gen4 x16 after TLP overheads).",
                          DataRateValue(DataRate("200Gbps")),
                          MakeDataRateAccessor(&RdmaNic::m_pcieBandwidth),
                          MakeDataRateChecker())
            .AddAttribute("TxWqeLatency",
                          "NIC processing of one work request before its packets may go.",
                          TimeValue(NanoSeconds(100)),
                          MakeTimeAccessor(&RdmaNic::m_txWqeLatency),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("RxLatency",
                          "NIC processing of a received frame (ACKs and NAKs leave after it).",
                          TimeValue(NanoSeconds(100)),
                          MakeTimeAccessor(&RdmaNic::m_rxLatency),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("CnpInterval",
                          "Least time between two CNPs for one QP (notification point).",
                          TimeValue(MicroSeconds(50)),
                          MakeTimeAccessor(&RdmaNic::m_cnpInterval),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("ComputeChecksums",
                          "Fill the ICRC and IPv4 checksum of every frame (for pcap; costs "
                          "time, off by default).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&RdmaNic::m_computeChecksums),
                          MakeBooleanChecker())
            .AddAttribute("InitialPsn",
                          "Draws each QP's first PSN (24 bits; exchanged in the CM REQ/REP).",
                          StringValue("ns3::UniformRandomVariable[Min=0|Max=16777215]"),
                          MakePointerAccessor(&RdmaNic::m_initialPsn),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("CmRetryTimeout",
                          "Wait for the answer to a CM REQ, REP or DREQ before sending it again.",
                          TimeValue(MilliSeconds(1)),
                          MakeTimeAccessor(&RdmaNic::m_cmRetryTimeout),
                          MakeTimeChecker(Time(1)))
            .AddAttribute("CmRetryCount",
                          "Times a CM message is sent again before giving up (the NDK connect "
                          "timeout decides the outcome).",
                          UintegerValue(15),
                          MakeUintegerAccessor(&RdmaNic::m_cmRetryCount),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("CongestionControl",
                          "Congestion control of each QP (RdmaCongestionOps subclass; forked per "
                          "QP, configured through its own attributes).",
                          TypeIdValue(RdmaDcqcn::GetTypeId()),
                          MakeTypeIdAccessor(&RdmaNic::m_ccType),
                          MakeTypeIdChecker())
            .AddTraceSource("Retransmit",
                            "A QP went back to resend from a PSN.",
                            MakeTraceSourceAccessor(&RdmaNic::m_retransmitTrace),
                            "ns3::RdmaNic::QpPsnTracedCallback")
            .AddTraceSource("NakReceived",
                            "A QP received a NAK for a PSN.",
                            MakeTraceSourceAccessor(&RdmaNic::m_nakReceivedTrace),
                            "ns3::RdmaNic::QpPsnTracedCallback")
            .AddTraceSource("CnpReceived",
                            "A QP received a congestion notification.",
                            MakeTraceSourceAccessor(&RdmaNic::m_cnpReceivedTrace),
                            "ns3::RdmaNic::QpPsnTracedCallback");
    return tid;
}

RdmaNic::RdmaNic() = default;

RdmaNic::~RdmaNic()
{
    if (m_adapter && m_adapter->PeekTransport() == this)
    {
        m_adapter->SetTransport(nullptr); // the adapter may outlive this NIC
    }
}

void
RdmaNic::DoDispose()
{
    Simulator::Cancel(m_wakeEvent);
    Simulator::Cancel(m_reapEvent);
    for (auto& [key, pending] : m_pendingCm)
    {
        Simulator::Cancel(pending.timer);
    }
    m_pendingCm.clear();
    for (auto& roundRobin : m_active)
    {
        roundRobin.reset();
    }
    m_rcQps.clear();
    if (m_adapter && m_adapter->PeekTransport() == this)
    {
        m_adapter->SetTransport(nullptr);
    }
    m_adapter = nullptr;
    m_port = nullptr;
    m_book = nullptr;
    m_initialPsn = nullptr;
    m_ccPrototype = nullptr;
    NdkTransport::DoDispose();
}

void
RdmaNic::RefreshConfig()
{
    NS_ABORT_MSG_IF(!RoceWireSize::IsValidPathMtu(m_pathMtu),
                    "RdmaNic: PathMtu " << m_pathMtu << " is not 256, 512, 1024, 2048 or 4096");
    m_config.pathMtu = m_pathMtu;
    m_config.ackRequestInterval = m_ackRequestInterval;
    m_config.ackTimeout = m_ackTimeout;
    m_config.retryCount = m_retryCount;
    m_config.rnrTimer = m_rnrTimer;
    m_config.rnrRetryCount = m_rnrRetryCount;
    m_config.pcieLatency = m_pcieLatency;
    m_config.pcieBps = m_pcieBandwidth.GetBitRate();
    m_config.txWqeLatency = m_txWqeLatency;
    m_config.cnpInterval = m_cnpInterval;
    m_config.lineRateBps = m_port ? m_port->GetDataRate().GetBitRate() : 0;
    m_config.priority = m_priority;
    m_config.dscp = m_dscp;
    if (m_port)
    {
        constexpr uint32_t largest = RoceWireSize::IPV4_HEADER + RoceWireSize::UDP_HEADER +
                                     RoceWireSize::BTH + RoceWireSize::RETH + RoceWireSize::ICRC;
        NS_ABORT_MSG_IF(m_pathMtu + largest > m_port->GetMtu(),
                        "RdmaNic: PathMtu " << m_pathMtu << " needs an IP MTU of at least "
                                            << m_pathMtu + largest << ", the port has "
                                            << m_port->GetMtu());
    }
}

void
RdmaNic::Setup(Ptr<NdkAdapter> adapter, Ptr<RoceNetDevice> port, Ptr<RdmaAddressBook> book)
{
    m_adapter = adapter;
    m_port = port;
    m_book = book;
    m_mac = Mac48Address::ConvertFrom(port->GetAddress());
    RefreshConfig();
    adapter->SetTransport(this);
    book->Add(adapter->GetAddress(), m_mac);
    port->SetFrameHandler(MakeCallback(&RdmaNic::ReceiveFrame, this));
    port->SetPullCallback(MakeCallback(&RdmaNic::Pull, this));
}

Ptr<NdkAdapter>
RdmaNic::GetAdapter() const
{
    return m_adapter;
}

Ptr<RoceNetDevice>
RdmaNic::GetPort() const
{
    return m_port;
}

int64_t
RdmaNic::AssignStreams(int64_t stream)
{
    m_initialPsn->SetStream(stream);
    return 1;
}

bool
RdmaNic::IsReachable(Ipv4Address address) const
{
    return m_book && m_book->Contains(address);
}

bool
RdmaNic::CarriesContents(const NdkQp& qp) const
{
    return qp.CarriesContents();
}

Ptr<RdmaCongestionOps>
RdmaNic::ForkCongestionOps()
{
    if (!m_ccPrototype || m_ccPrototype->GetInstanceTypeId() != m_ccType)
    {
        ObjectFactory factory;
        factory.SetTypeId(m_ccType);
        m_ccPrototype = factory.Create<RdmaCongestionOps>();
    }
    return m_ccPrototype->Fork();
}

uint32_t
RdmaNic::NewStartPsn()
{
    return m_initialPsn->GetInteger() & RocePsn::MASK;
}

RdmaRcQp*
RdmaNic::FindRcQp(uint32_t qpn)
{
    auto it = m_rcQps.find(qpn);
    return it == m_rcQps.end() || it->second->IsReset() ? nullptr : it->second.get();
}

const RdmaRcQp*
RdmaNic::GetRcQp(uint32_t qpn) const
{
    auto it = m_rcQps.find(qpn);
    return it == m_rcQps.end() ? nullptr : it->second.get();
}

namespace
{
RdmaQpRecord
RecordOf(const RdmaRcQp& rc)
{
    RdmaQpRecord r;
    r.qpn = rc.GetQp()->GetQpNumber();
    r.peer = rc.GetQp()->GetPeerAddress();
    r.peerQpn = rc.GetQp()->GetPeerQpNumber();
    r.stats = rc.GetStats();
    r.rateBps = rc.GetRate();
    r.minRateBps = rc.GetMinRate();
    r.live = !rc.IsReset();
    r.priority = rc.GetPriority();
    return r;
}
} // namespace

std::vector<RdmaQpRecord>
RdmaNic::GetQpRecords() const
{
    std::vector<RdmaQpRecord> out;
    out.reserve(m_rcQps.size() + m_retiredQps.size());
    for (const auto& [qpn, rc] : m_rcQps)
    {
        out.push_back(RecordOf(*rc));
    }
    // The live map is hashed: sort so that results never depend on its order.
    std::sort(out.begin(), out.end(), [](const RdmaQpRecord& x, const RdmaQpRecord& y) {
        return x.qpn < y.qpn;
    });
    out.insert(out.end(), m_retiredQps.begin(), m_retiredQps.end());
    return out;
}

RdmaQpStats
RdmaNic::GetTotalStats() const
{
    RdmaQpStats total = m_retiredStats;
    for (const auto& [qpn, rc] : m_rcQps)
    {
        total += rc->GetStats();
    }
    return total;
}

void
RdmaNic::Retire(const RdmaRcQp& rc)
{
    m_retiredStats += rc.GetStats();
    m_retiredQps.push_back(RecordOf(rc));
}

RdmaRcQp*
RdmaNic::GetOrCreateRcQp(NdkQp* qp)
{
    auto it = m_rcQps.find(qp->GetQpNumber());
    if (it != m_rcQps.end() && !it->second->IsReset())
    {
        return it->second.get();
    }
    RefreshConfig();
    // RoCE NICs spread flows over ECMP paths through the UDP source port (RoCEv2 A17.3.1):
    // a hash of the local address and QPN in the 0xC000-0xFFFF range.
    uint32_t h = m_adapter->GetAddress().Get() * 2654435761U ^ (qp->GetQpNumber() * 40503U);
    h ^= h >> 15;
    const uint16_t sport = static_cast<uint16_t>(0xC000 | (h & 0x3FFF));
    auto rc = std::make_unique<RdmaRcQp>(this, qp, NewStartPsn(), sport);
    RdmaRcQp* raw = rc.get();
    if (it != m_rcQps.end())
    {
        // The old state of this QPN (a QP number reused after a reset) is retired.
        Deactivate(it->second.get());
        Retire(*it->second);
        it->second = std::move(rc);
    }
    else
    {
        m_rcQps.emplace(qp->GetQpNumber(), std::move(rc));
    }
    return raw;
}

// ---------------------------------------------------------------------------------------
// Requester side: doorbells and the QP scheduler
// ---------------------------------------------------------------------------------------

void
RdmaNic::NotifyInitiatorWork(Ptr<NdkQp> qp)
{
    if (!m_port)
    {
        return;
    }
    // The doorbell is an MMIO write: the NIC sees it one PCIe latency later.
    Simulator::Schedule(m_config.pcieLatency, &RdmaNic::Doorbell, this, qp);
}

void
RdmaNic::Doorbell(Ptr<NdkQp> qp)
{
    if (qp->GetState() != NdkQpState::Connected)
    {
        // Not connected (yet, or any more): the NDK layer fails or holds the requests.
        qp->StartNextRequest();
        return;
    }
    GetOrCreateRcQp(PeekPointer(qp))->FetchRequests();
}

void
RdmaNic::NotifyReceivePosted(Ptr<NdkQp> qp)
{
    // A requester held by RNR retries after its RNR timer; nothing to do here.
}

void
RdmaNic::NotifyQpReset(Ptr<NdkQp> qp)
{
    auto it = m_rcQps.find(qp->GetQpNumber());
    // A QP reset again while it drains read responses (flushed, disconnected, closed) stops.
    if (it == m_rcQps.end() || (it->second->IsReset() && !it->second->IsDraining()))
    {
        return;
    }
    it->second->Reset();
    // Freed later: this call may come from inside the QP's own packet handling.
    m_resetQps.push_back(qp->GetQpNumber());
    ScheduleReap();
}

void
RdmaNic::ResponsesDrained(RdmaRcQp& qp)
{
    ScheduleReap(); // its number is still in m_resetQps
}

void
RdmaNic::ScheduleReap()
{
    if (!m_reapEvent.IsRunning())
    {
        m_reapEvent = Simulator::ScheduleNow(&RdmaNic::ReapResetQps, this);
    }
}

void
RdmaNic::ReapResetQps()
{
    std::size_t kept = 0;
    for (uint32_t qpn : m_resetQps)
    {
        auto it = m_rcQps.find(qpn);
        if (it == m_rcQps.end() || !it->second->IsReset())
        {
            continue;
        }
        RdmaRcQp* rc = it->second.get();
        if (rc->IsDraining())
        {
            m_resetQps[kept++] = qpn; // still sending the responses before its fault's NAK
            continue;
        }
        Deactivate(rc);
        Retire(*rc);
        m_rcQps.erase(it);
    }
    m_resetQps.resize(kept);
}

void
RdmaNic::Activate(RdmaRcQp* qp)
{
    if (!qp->inRoundRobin)
    {
        qp->inRoundRobin = true;
        auto& roundRobin = m_active[qp->GetPriority()];
        if (!roundRobin)
        {
            roundRobin = std::make_unique<std::deque<RdmaRcQp*>>();
        }
        roundRobin->push_back(qp);
    }
    if (m_port && !m_port->IsBusy())
    {
        m_port->Wake();
    }
}

void
RdmaNic::Deactivate(RdmaRcQp* qp)
{
    if (!qp->inRoundRobin)
    {
        return;
    }
    std::deque<RdmaRcQp*>& roundRobin = *m_active[qp->GetPriority()];
    roundRobin.erase(std::remove(roundRobin.begin(), roundRobin.end(), qp), roundRobin.end());
    qp->inRoundRobin = false;
}

Ptr<Packet>
RdmaNic::Pull(uint8_t pausedMask, uint8_t& priority)
{
    const Time now = Simulator::Now();
    Time earliest = Time::Max();
    // Strict priority, highest first; a paused priority is skipped (the port pulls again when
    // it resumes), so it holds back no other.
    for (int prio = PRIORITIES - 1; prio >= 0; --prio)
    {
        if (!m_active[prio] || m_active[prio]->empty() || ((pausedMask >> prio) & 1))
        {
            continue;
        }
        std::deque<RdmaRcQp*>& roundRobin = *m_active[prio];
        for (std::size_t n = roundRobin.size(); n > 0; --n)
        {
            RdmaRcQp* qp = roundRobin.front();
            roundRobin.pop_front();
            if (!qp->HasTxWork())
            {
                qp->inRoundRobin = false;
                continue;
            }
            roundRobin.push_back(qp);
            const Time at = qp->NextTxTime();
            if (at > now)
            {
                earliest = std::min(earliest, at);
                continue;
            }
            bool ecnCapable = false;
            Ptr<Packet> p = qp->BuildNext(ecnCapable);
            p = Encapsulate(p,
                            qp->GetQp()->GetPeerAddress(),
                            qp->GetUdpSourcePort(),
                            qp->GetDscp(),
                            ecnCapable);
            qp->Sent(RoceWireSize::WireBytesOfFrame(p->GetSize()));
            priority = static_cast<uint8_t>(prio);
            return p;
        }
    }
    // Nothing eligible now: wake at the first time a QP of an unpaused priority will be (the
    // port pulls anyway when it frees or a priority resumes).
    if (earliest != Time::Max())
    {
        ScheduleWake(earliest);
    }
    return nullptr;
}

void
RdmaNic::ScheduleWake(Time at)
{
    if (m_wakeEvent.IsRunning() && m_wakeAt <= at)
    {
        return;
    }
    Simulator::Cancel(m_wakeEvent);
    m_wakeAt = at;
    m_wakeEvent = Simulator::Schedule(at - Simulator::Now(), &RdmaNic::WakePort, this);
}

void
RdmaNic::WakePort()
{
    m_port->Wake();
}

Ptr<Packet>
RdmaNic::Encapsulate(Ptr<Packet> p,
                     Ipv4Address destination,
                     uint16_t sourcePort,
                     uint8_t dscp,
                     bool ecnCapable)
{
    p->AddTrailer(RoceIcrcTrailer());
    UdpHeader udp;
    udp.SetSourcePort(sourcePort);
    udp.SetDestinationPort(RoceWireSize::ROCE_V2_UDP_PORT);
    p->AddHeader(udp);
    Ipv4Header ip;
    ip.SetSource(m_adapter->GetAddress());
    ip.SetDestination(destination);
    ip.SetProtocol(RoceWireSize::IP_PROTOCOL_UDP);
    ip.SetTtl(64);
    ip.SetDontFragment();
    ip.SetDscp(static_cast<Ipv4Header::DscpType>(dscp));
    ip.SetEcn(ecnCapable ? Ipv4Header::ECN_ECT0 : Ipv4Header::ECN_NotECT);
    ip.SetPayloadSize(p->GetSize());
    if (m_computeChecksums)
    {
        ip.EnableChecksum();
    }
    p->AddHeader(ip);
    if (m_computeChecksums)
    {
        RoceIcrcTrailer::Fill(p);
    }
    EthernetHeader eth(false);
    eth.SetSource(m_mac);
    Mac48Address dst;
    eth.SetDestination(m_book && m_book->Lookup(destination, dst) ? dst
                                                                  : Mac48Address::GetBroadcast());
    eth.SetLengthType(RoceWireSize::ETHER_TYPE_IPV4);
    p->AddHeader(eth);
    return p;
}

void
RdmaNic::SendControl(RdmaRcQp& qp, Ptr<Packet> packet, bool cnp)
{
    // ACKs, NAKs and CNPs bypass the QP scheduler: they queue at the port right away, ACKs
    // and NAKs in the QP's class, CNPs in the CNP class.
    Ptr<Packet> frame = Encapsulate(packet,
                                    qp.GetQp()->GetPeerAddress(),
                                    qp.GetUdpSourcePort(),
                                    cnp ? m_cnpDscp : qp.GetDscp(),
                                    false);
    m_port->Enqueue(frame, cnp ? m_cnpPriority : qp.GetPriority());
}

void
RdmaNic::SendAckTo(Ipv4Address peer,
                   uint16_t sourcePort,
                   uint8_t priority,
                   uint8_t dscp,
                   Ptr<Packet> packet)
{
    if (m_port)
    {
        m_port->Enqueue(Encapsulate(packet, peer, sourcePort, dscp, false), priority);
    }
}

void
RdmaNic::ScheduleCompletion(Ptr<NdkQp> qp, NdkWqe* wqe, NdkStatus status, NdkProviderError cause)
{
    // The CQE is a PCIe write: the host sees the completion one PCIe latency later.
    Simulator::Schedule(m_config.pcieLatency,
                        &RdmaNic::CompleteLater,
                        this,
                        qp,
                        wqe,
                        wqe->sequence,
                        status,
                        cause);
}

void
RdmaNic::CompleteLater(Ptr<NdkQp> qp,
                       NdkWqe* wqe,
                       uint64_t sequence,
                       NdkStatus status,
                       NdkProviderError cause)
{
    if (wqe->sequence != sequence || wqe->done)
    {
        return; // flushed meanwhile (and perhaps the slot reused)
    }
    qp->CompleteRequest(wqe, status, cause);
}

void
RdmaNic::ScheduleTimeout(Ptr<NdkQp> qp, uint64_t sequence)
{
    Simulator::Schedule(m_config.pcieLatency, &RdmaNic::TimeoutLater, this, qp, sequence);
}

void
RdmaNic::TimeoutLater(Ptr<NdkQp> qp, uint64_t sequence)
{
    if (qp->GetState() == NdkQpState::Connected || qp->GetState() == NdkQpState::PeerDisconnected)
    {
        qp->TimeoutRequest(sequence);
    }
}

// ---------------------------------------------------------------------------------------
// Receive path
// ---------------------------------------------------------------------------------------

void
RdmaNic::ReceiveFrame(Ptr<RoceNetDevice> port, Ptr<Packet> frame)
{
    if (m_rxLatency.IsZero())
    {
        Process(frame);
        return;
    }
    Simulator::Schedule(m_rxLatency, &RdmaNic::Process, this, frame);
}

void
RdmaNic::Process(Ptr<Packet> frame)
{
    EthernetHeader eth(false);
    frame->RemoveHeader(eth);
    if (eth.GetLengthType() != RoceWireSize::ETHER_TYPE_IPV4)
    {
        return;
    }
    Ipv4Header ip;
    frame->RemoveHeader(ip);
    if (ip.GetProtocol() != RoceWireSize::IP_PROTOCOL_UDP ||
        ip.GetDestination() != m_adapter->GetAddress())
    {
        return;
    }
    UdpHeader udp;
    frame->RemoveHeader(udp);
    if (udp.GetDestinationPort() != RoceWireSize::ROCE_V2_UDP_PORT)
    {
        return;
    }
    RoceIcrcTrailer icrc;
    frame->RemoveTrailer(icrc);
    RoceBthHeader bth;
    frame->RemoveHeader(bth);
    if (bth.GetDestQp() == GSI_QPN && bth.GetOpcode() == RoceOpcode::UD_SEND_ONLY)
    {
        ProcessCm(frame, ip.GetSource());
        return;
    }
    RdmaRcQp* qp = FindRcQp(bth.GetDestQp());
    if (!qp)
    {
        // No transport state yet: a QP that just connected and never sent (responder only).
        NdkQp* ndkQp = m_adapter->FindQp(bth.GetDestQp());
        if (!ndkQp || !ndkQp->AcceptsInbound() || ndkQp->GetPeerAddress() != ip.GetSource())
        {
            return;
        }
        qp = GetOrCreateRcQp(ndkQp);
    }
    else if (qp->GetQp()->GetPeerAddress() != ip.GetSource())
    {
        return; // from a former peer of a reused QP number
    }
    if (!qp->IsPeerKnown())
    {
        NdkQp* ndkQp = qp->GetQp();
        auto it = m_peerPsn.find({ndkQp->GetPeerAddress().Get(), ndkQp->GetPeerQpNumber()});
        if (it == m_peerPsn.end())
        {
            return;
        }
        qp->SetPeer(it->second.first, it->second.second);
        m_peerPsn.erase(it);
    }
    qp->Receive(bth, frame, ip.GetEcn() == Ipv4Header::ECN_CE);
}

} // namespace ns3
