#include "roce-net-device.h"

#include "roce-channel.h"

#include "ns3/boolean.h"
#include "ns3/error-model.h"
#include "ns3/ethernet-header.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/pfc-pause-header.h"
#include "ns3/pointer.h"
#include "ns3/roce-wire-size.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RoceNetDevice");
NS_OBJECT_ENSURE_REGISTERED(RoceNetDevice);

TypeId
RoceNetDevice::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RoceNetDevice")
            .SetParent<NetDevice>()
            .SetGroupName("Ndksim")
            .AddConstructor<RoceNetDevice>()
            .AddAttribute("DataRate",
                          "Link rate; a frame takes its wire bytes (FCS, padding, preamble, "
                          "SFD, inter-frame gap included) at this rate.",
                          DataRateValue(DataRate("100Gbps")),
                          MakeDataRateAccessor(&RoceNetDevice::m_rate),
                          MakeDataRateChecker())
            .AddAttribute("Mtu",
                          "IP MTU of the port (bytes above the Ethernet header).",
                          UintegerValue(1500),
                          MakeUintegerAccessor(&RoceNetDevice::SetMtu, &RoceNetDevice::GetMtu),
                          MakeUintegerChecker<uint16_t>(576))
            .AddAttribute("Address",
                          "MAC address of the port.",
                          Mac48AddressValue(Mac48Address("ff:ff:ff:ff:ff:ff")),
                          MakeMac48AddressAccessor(&RoceNetDevice::m_address),
                          MakeMac48AddressChecker())
            .AddAttribute("PfcEnabled",
                          "Honour received PFC pause frames.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&RoceNetDevice::m_pfcEnabled),
                          MakeBooleanChecker())
            .AddAttribute("ReceiveErrorModel",
                          "Drops received frames (per-link loss for recovery studies).",
                          PointerValue(),
                          MakePointerAccessor(&RoceNetDevice::m_receiveErrorModel),
                          MakePointerChecker<ErrorModel>())
            .AddTraceSource("PhyTxBegin",
                            "A frame starts on the wire.",
                            MakeTraceSourceAccessor(&RoceNetDevice::m_phyTxBeginTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyRxEnd",
                            "A frame was received whole.",
                            MakeTraceSourceAccessor(&RoceNetDevice::m_phyRxEndTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyRxDrop",
                            "A received frame was dropped by the error model.",
                            MakeTraceSourceAccessor(&RoceNetDevice::m_phyRxDropTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("Sniffer",
                            "Every frame sent or received (for pcap).",
                            MakeTraceSourceAccessor(&RoceNetDevice::m_snifferTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PfcPauseReceived",
                            "A PFC frame paused (quanta > 0) or resumed (0) a priority.",
                            MakeTraceSourceAccessor(&RoceNetDevice::m_pauseReceivedTrace),
                            "ns3::RoceNetDevice::PfcTracedCallback")
            .AddTraceSource("PfcPauseSent",
                            "This port sent a PFC frame for a priority.",
                            MakeTraceSourceAccessor(&RoceNetDevice::m_pauseSentTrace),
                            "ns3::RoceNetDevice::PfcTracedCallback");
    return tid;
}

RoceNetDevice::RoceNetDevice() = default;

RoceNetDevice::~RoceNetDevice() = default;

void
RoceNetDevice::DoDispose()
{
    Simulator::Cancel(m_txCompleteEvent);
    for (auto& e : m_resumeEvent)
    {
        Simulator::Cancel(e);
    }
    m_node = nullptr;
    m_channel = nullptr;
    m_receiveErrorModel = nullptr;
    m_controlQueue.Clear();
    for (auto& q : m_queues)
    {
        q.Clear();
    }
    m_frameHandler = FrameHandler();
    m_pull = PullCallback();
    m_dequeue = DequeueCallback();
    NetDevice::DoDispose();
}

void
RoceNetDevice::Attach(Ptr<RoceChannel> channel)
{
    m_channel = channel;
    channel->Attach(this);
}

Ptr<RoceChannel>
RoceNetDevice::GetRoceChannel() const
{
    return m_channel;
}

void
RoceNetDevice::SetFrameHandler(FrameHandler handler)
{
    m_frameHandler = handler;
}

void
RoceNetDevice::SetPullCallback(PullCallback pull)
{
    m_pull = pull;
}

void
RoceNetDevice::SetDequeueCallback(DequeueCallback dequeue)
{
    m_dequeue = dequeue;
}

Time
RoceNetDevice::GetTransmitTime(uint32_t frameBytes) const
{
    return PicoSeconds(RoceWireSize::TransmitTimePs(RoceWireSize::WireBytesOfFrame(frameBytes),
                                                    m_rate.GetBitRate()));
}

void
RoceNetDevice::Enqueue(Ptr<Packet> frame, uint8_t priority, uint32_t tag)
{
    NS_ASSERT(priority < PRIORITIES);
    m_queueBytes[priority] += frame->GetSize();
    m_queues[priority].Push(frame, tag);
    TryTransmit();
}

void
RoceNetDevice::SendPause(uint8_t priority, uint16_t quanta)
{
    PfcPauseHeader pfc;
    pfc.SetEnabled(priority, true);
    pfc.SetPauseTime(priority, quanta);
    EthernetHeader eth(false);
    eth.SetDestination(PfcPauseHeader::GetDestination());
    eth.SetSource(m_address);
    eth.SetLengthType(PfcPauseHeader::ETHER_TYPE);
    Ptr<Packet> frame = Create<Packet>();
    frame->AddHeader(pfc);
    frame->AddHeader(eth);
    m_controlQueue.Push(frame, 0);
    ++m_stats.pauseFramesSent[priority];
    m_pauseSentTrace(priority, quanta);
    TryTransmit();
}

void
RoceNetDevice::Wake()
{
    TryTransmit();
}

void
RoceNetDevice::TryTransmit()
{
    if (m_busy || !m_channel)
    {
        return;
    }
    if (!m_controlQueue.IsEmpty())
    {
        StartTransmission(m_controlQueue.Pop().frame, PRIORITIES); // in no priority's counts
        return;
    }
    for (int prio = PRIORITIES - 1; prio >= 0; --prio)
    {
        auto& queue = m_queues[prio];
        if (queue.IsEmpty() || IsPaused(prio))
        {
            continue;
        }
        RoceFrameFifo::Entry q = queue.Pop();
        m_queueBytes[prio] -= q.frame->GetSize();
        m_busy = true; // a dequeue callback that touches this port must not start a second frame
        if (!m_dequeue.IsNull())
        {
            m_dequeue(q.frame, prio, q.tag);
        }
        StartTransmission(q.frame, prio);
        return;
    }
    if (!m_pull.IsNull())
    {
        uint8_t prio = 0;
        Ptr<Packet> frame = m_pull(m_pausedMask, prio);
        if (frame)
        {
            StartTransmission(frame, prio);
        }
    }
}

void
RoceNetDevice::StartTransmission(Ptr<Packet> frame, uint8_t priority)
{
    m_busy = true;
    const uint32_t bytes = frame->GetSize();
    if (priority < PRIORITIES)
    {
        ++m_stats.txFrames[priority];
        m_stats.txBytes[priority] += bytes;
    }
    m_phyTxBeginTrace(frame);
    m_snifferTrace(frame);
    Time txTime = GetTransmitTime(bytes);
    m_txCompleteEvent = Simulator::Schedule(txTime, &RoceNetDevice::TransmitComplete, this);
    m_channel->TransmitStart(frame, this, txTime);
}

void
RoceNetDevice::TransmitComplete()
{
    m_busy = false;
    TryTransmit();
}

void
RoceNetDevice::Receive(Ptr<Packet> frame)
{
    if (m_receiveErrorModel && m_receiveErrorModel->IsCorrupt(frame))
    {
        ++m_stats.rxErrorDrops;
        m_phyRxDropTrace(frame);
        return;
    }
    ++m_stats.rxFrames;
    m_stats.rxBytes += frame->GetSize();
    m_snifferTrace(frame);
    m_phyRxEndTrace(frame);
    uint8_t head[RoceWireSize::ETHERNET_HEADER];
    if (frame->CopyData(head, sizeof(head)) == sizeof(head) &&
        ((head[12] << 8) | head[13]) == PfcPauseHeader::ETHER_TYPE)
    {
        ReceivePause(frame);
        return;
    }
    if (!m_frameHandler.IsNull())
    {
        m_frameHandler(this, frame);
    }
}

void
RoceNetDevice::ReceivePause(Ptr<Packet> frame)
{
    EthernetHeader eth(false);
    frame->RemoveHeader(eth);
    PfcPauseHeader pfc;
    frame->RemoveHeader(pfc);
    if (pfc.GetOpcode() != PfcPauseHeader::OPCODE)
    {
        return; // 802.3x global pause or another MAC control opcode: not modelled
    }
    for (uint8_t prio = 0; prio < PRIORITIES; ++prio)
    {
        if (!pfc.IsEnabled(prio))
        {
            continue;
        }
        const uint16_t quanta = pfc.GetPauseTime(prio);
        ++m_stats.pauseFramesReceived[prio];
        m_pauseReceivedTrace(prio, quanta);
        if (!m_pfcEnabled)
        {
            continue;
        }
        Simulator::Cancel(m_resumeEvent[prio]);
        if (quanta == 0)
        {
            Resume(prio);
            continue;
        }
        if (!IsPaused(prio))
        {
            m_pausedMask |= static_cast<uint8_t>(1U << prio);
            m_pauseStart[prio] = Simulator::Now();
        }
        m_resumeEvent[prio] = Simulator::Schedule(PfcPauseHeader::QuantaToTime(quanta, m_rate),
                                                  &RoceNetDevice::Resume,
                                                  this,
                                                  prio);
    }
}

void
RoceNetDevice::Resume(uint8_t priority)
{
    if (!IsPaused(priority))
    {
        return;
    }
    m_pausedMask &= static_cast<uint8_t>(~(1U << priority));
    m_stats.pausedPs[priority] += (Simulator::Now() - m_pauseStart[priority]).GetPicoSeconds();
    TryTransmit();
}

RoceNetDevice::Stats
RoceNetDevice::GetStats() const
{
    Stats s = m_stats;
    for (uint8_t prio = 0; prio < PRIORITIES; ++prio)
    {
        if (IsPaused(prio))
        {
            s.pausedPs[prio] += (Simulator::Now() - m_pauseStart[prio]).GetPicoSeconds();
        }
    }
    return s;
}

// ---- NetDevice boilerplate: a RoCE port is driven by its owner, not by an IP stack ----

void
RoceNetDevice::SetIfIndex(const uint32_t index)
{
    m_ifIndex = index;
}

uint32_t
RoceNetDevice::GetIfIndex() const
{
    return m_ifIndex;
}

Ptr<Channel>
RoceNetDevice::GetChannel() const
{
    return m_channel;
}

void
RoceNetDevice::SetAddress(Address address)
{
    m_address = Mac48Address::ConvertFrom(address);
}

Address
RoceNetDevice::GetAddress() const
{
    return m_address;
}

bool
RoceNetDevice::SetMtu(const uint16_t mtu)
{
    m_mtu = mtu;
    return true;
}

uint16_t
RoceNetDevice::GetMtu() const
{
    return m_mtu;
}

bool
RoceNetDevice::IsLinkUp() const
{
    return m_channel && m_channel->IsUp();
}

void
RoceNetDevice::AddLinkChangeCallback(Callback<void> callback)
{
}

bool
RoceNetDevice::IsBroadcast() const
{
    return true;
}

Address
RoceNetDevice::GetBroadcast() const
{
    return Mac48Address::GetBroadcast();
}

bool
RoceNetDevice::IsMulticast() const
{
    return false;
}

Address
RoceNetDevice::GetMulticast(Ipv4Address multicastGroup) const
{
    return Mac48Address::GetMulticast(multicastGroup);
}

Address
RoceNetDevice::GetMulticast(Ipv6Address addr) const
{
    return Mac48Address::GetMulticast(addr);
}

bool
RoceNetDevice::IsPointToPoint() const
{
    return true;
}

bool
RoceNetDevice::IsBridge() const
{
    return false;
}

bool
RoceNetDevice::Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber)
{
    // Generic ns-3 senders hand over an L3 packet: frame it and queue it at priority 0.
    EthernetHeader eth(false);
    eth.SetDestination(Mac48Address::ConvertFrom(dest));
    eth.SetSource(m_address);
    eth.SetLengthType(protocolNumber);
    packet->AddHeader(eth);
    Enqueue(packet, 0);
    return true;
}

bool
RoceNetDevice::SendFrom(Ptr<Packet> packet,
                        const Address& source,
                        const Address& dest,
                        uint16_t protocolNumber)
{
    return false;
}

Ptr<Node>
RoceNetDevice::GetNode() const
{
    return m_node;
}

void
RoceNetDevice::SetNode(Ptr<Node> node)
{
    m_node = node;
}

bool
RoceNetDevice::NeedsArp() const
{
    return false;
}

void
RoceNetDevice::SetReceiveCallback(NetDevice::ReceiveCallback cb)
{
    m_rxCallback = cb;
}

void
RoceNetDevice::SetPromiscReceiveCallback(NetDevice::PromiscReceiveCallback cb)
{
}

bool
RoceNetDevice::SupportsSendFrom() const
{
    return false;
}

} // namespace ns3
