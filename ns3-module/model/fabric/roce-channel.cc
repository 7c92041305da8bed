#include "roce-channel.h"

#include "roce-net-device.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RoceChannel");
NS_OBJECT_ENSURE_REGISTERED(RoceChannel);

TypeId
RoceChannel::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RoceChannel")
                            .SetParent<Channel>()
                            .SetGroupName("Ndksim")
                            .AddConstructor<RoceChannel>()
                            .AddAttribute("Delay",
                                          "Propagation delay of the cable (one way).",
                                          TimeValue(NanoSeconds(1000)),
                                          MakeTimeAccessor(&RoceChannel::m_delay),
                                          MakeTimeChecker(Time(0)))
                            .AddTraceSource("Loss",
                                            "A frame lost because the cable is down.",
                                            MakeTraceSourceAccessor(&RoceChannel::m_lossTrace),
                                            "ns3::Packet::TracedCallback");
    return tid;
}

RoceChannel::RoceChannel() = default;

void
RoceChannel::Attach(Ptr<RoceNetDevice> device)
{
    NS_ABORT_MSG_IF(m_nDevices == 2, "RoceChannel: a cable joins exactly two ports");
    m_devices[m_nDevices++] = device;
}

Ptr<RoceNetDevice>
RoceChannel::GetPeer(const RoceNetDevice* device) const
{
    if (m_nDevices < 2)
    {
        return nullptr;
    }
    return PeekPointer(m_devices[0]) == device ? m_devices[1] : m_devices[0];
}

void
RoceChannel::SetUp(bool up)
{
    if (m_up && !up)
    {
        ++m_epoch;
    }
    m_up = up;
}

void
RoceChannel::TransmitStart(Ptr<Packet> frame, const RoceNetDevice* sender, Time txTime)
{
    Ptr<RoceNetDevice> receiver = GetPeer(sender);
    if (!m_up || !receiver)
    {
        m_lossTrace(frame);
        return;
    }
    Ptr<Node> node = receiver->GetNode();
    Time at = txTime + m_delay;
    if (node)
    {
        Simulator::ScheduleWithContext(node->GetId(),
                                       at,
                                       &RoceChannel::Deliver,
                                       this,
                                       receiver,
                                       frame,
                                       m_epoch);
    }
    else
    {
        Simulator::Schedule(at, &RoceChannel::Deliver, this, receiver, frame, m_epoch);
    }
}

void
RoceChannel::Deliver(Ptr<RoceNetDevice> receiver, Ptr<Packet> frame, uint32_t epoch)
{
    if (epoch != m_epoch || !m_up)
    {
        m_lossTrace(frame);
        return;
    }
    receiver->Receive(frame);
}

std::size_t
RoceChannel::GetNDevices() const
{
    return m_nDevices;
}

Ptr<NetDevice>
RoceChannel::GetDevice(std::size_t i) const
{
    return i < m_nDevices ? m_devices[i] : nullptr;
}

} // namespace ns3
