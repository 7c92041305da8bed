#include "roce-switch-helper.h"

#include "ns3/abort.h"
#include "ns3/mac48-address.h"
#include "ns3/node.h"
#include "ns3/roce-channel.h"
#include "ns3/roce-ecn-marker.h"
#include "ns3/roce-net-device.h"
#include "ns3/roce-switch-mmu.h"
#include "ns3/roce-switch.h"
#include "ns3/roce-wire-size.h"

namespace ns3
{

RoceSwitchHelper::RoceSwitchHelper()
{
    m_switchFactory.SetTypeId(RoceSwitch::GetTypeId());
    m_portFactory.SetTypeId(RoceNetDevice::GetTypeId());
    m_channelFactory.SetTypeId(RoceChannel::GetTypeId());
    m_mmuFactory.SetTypeId(RoceSwitchMmu::GetTypeId());
    m_ecnFactory.SetTypeId(RoceEcnMarker::GetTypeId());
}

void
RoceSwitchHelper::SetSwitchAttribute(std::string name, const AttributeValue& value)
{
    m_switchFactory.Set(name, value);
}

void
RoceSwitchHelper::SetPortAttribute(std::string name, const AttributeValue& value)
{
    m_portFactory.Set(name, value);
}

void
RoceSwitchHelper::SetChannelAttribute(std::string name, const AttributeValue& value)
{
    m_channelFactory.Set(name, value);
}

void
RoceSwitchHelper::SetMmuAttribute(std::string name, const AttributeValue& value)
{
    m_mmuFactory.Set(name, value);
}

void
RoceSwitchHelper::SetEcnAttribute(std::string name, const AttributeValue& value)
{
    m_ecnFactory.Set(name, value);
}

void
RoceSwitchHelper::SetHeadroomFromLink(bool enable)
{
    m_headroomFromLink = enable;
}

Ptr<RoceSwitch>
RoceSwitchHelper::Install(Ptr<Node> node) const
{
    Ptr<RoceSwitch> sw = m_switchFactory.Create<RoceSwitch>();
    sw->SetMmu(m_mmuFactory.Create<RoceSwitchMmu>());
    sw->SetEcnMarkerFactory(m_ecnFactory);
    node->AggregateObject(sw);
    return sw;
}

std::vector<Ptr<RoceSwitch>>
RoceSwitchHelper::Install(const NodeContainer& nodes) const
{
    std::vector<Ptr<RoceSwitch>> out;
    out.reserve(nodes.GetN());
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        out.push_back(Install(*it));
    }
    return out;
}

Ptr<RoceNetDevice>
RoceSwitchHelper::CreatePort() const
{
    Ptr<RoceNetDevice> device = m_portFactory.Create<RoceNetDevice>();
    device->SetAddress(Mac48Address::Allocate());
    return device;
}

uint32_t
RoceSwitchHelper::Add(Ptr<RoceSwitch> sw, Ptr<RoceNetDevice> device, Ptr<RoceChannel> channel) const
{
    const uint32_t port = sw->AddPort(device);
    if (m_headroomFromLink)
    {
        const uint32_t frame = device->GetMtu() + RoceWireSize::ETHERNET_HEADER;
        sw->SetPortHeadroom(
            port,
            RoceSwitch::RecommendedHeadroom(device->GetDataRate(), channel->GetDelay(), frame));
    }
    return port;
}

uint32_t
RoceSwitchHelper::Connect(Ptr<RoceSwitch> sw, Ptr<RoceNetDevice> peer) const
{
    NS_ABORT_MSG_IF(peer->GetRoceChannel(), "RoceSwitchHelper::Connect: the peer has a cable");
    Ptr<RoceNetDevice> device = CreatePort();
    Ptr<RoceChannel> channel = m_channelFactory.Create<RoceChannel>();
    device->Attach(channel);
    peer->Attach(channel);
    return Add(sw, device, channel);
}

std::pair<uint32_t, uint32_t>
RoceSwitchHelper::Connect(Ptr<RoceSwitch> a, Ptr<RoceSwitch> b) const
{
    Ptr<RoceNetDevice> da = CreatePort();
    Ptr<RoceNetDevice> db = CreatePort();
    Ptr<RoceChannel> channel = m_channelFactory.Create<RoceChannel>();
    da->Attach(channel);
    db->Attach(channel);
    return {Add(a, da, channel), Add(b, db, channel)};
}

} // namespace ns3
