#include "fabric-helper.h"

#include "ndksim/topo/ecmp-routes.h"
#include "ndksim/topo/topo-error.h"
#include "ndksim/topo/topology.h"
#include "ndksim/topo/validate.h"

#include "ns3/abort.h"
#include "ns3/error-model.h"
#include "ns3/log.h"
#include "ns3/ndk-adapter.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/rdma-address-book.h"
#include "ns3/rdma-nic.h"
#include "ns3/roce-channel.h"
#include "ns3/roce-host-directory.h"
#include "ns3/roce-net-device.h"
#include "ns3/roce-switch.h"
#include "ns3/roce-wire-size.h"

#include <limits>
#include <optional>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RdmaFabricHelper");

using namespace ndksim::topo;

FabricHelper::FabricHelper()
{
    m_channelFactory.SetTypeId(RoceChannel::GetTypeId());
}

FabricHelper::~FabricHelper() = default;

void
FabricHelper::SetNicAttribute(std::string name, const AttributeValue& value)
{
    m_nicHelper.SetNicAttribute(name, value);
}

void
FabricHelper::SetAdapterAttribute(std::string name, const AttributeValue& value)
{
    m_nicHelper.SetAdapterAttribute(name, value);
}

void
FabricHelper::SetPortAttribute(std::string name, const AttributeValue& value)
{
    m_nicHelper.SetPortAttribute(name, value);
    m_switchHelper.SetPortAttribute(name, value);
}

void
FabricHelper::SetSwitchAttribute(std::string name, const AttributeValue& value)
{
    m_switchHelper.SetSwitchAttribute(name, value);
}

void
FabricHelper::SetMmuAttribute(std::string name, const AttributeValue& value)
{
    m_switchHelper.SetMmuAttribute(name, value);
}

void
FabricHelper::SetEcnAttribute(std::string name, const AttributeValue& value)
{
    m_switchHelper.SetEcnAttribute(name, value);
}

void
FabricHelper::SetChannelAttribute(std::string name, const AttributeValue& value)
{
    m_channelFactory.Set(name, value);
}

void
FabricHelper::SetNdkVersion(NdkVersion version)
{
    m_nicHelper.SetNdkVersion(version);
}

void
FabricHelper::SetHeadroomFromLink(bool enable)
{
    m_headroomFromLink = enable;
}

void
FabricHelper::SetHostAddressBase(Ipv4Address base)
{
    m_base = base;
}

void
FabricHelper::SetMaxSwitchPorts(std::size_t maxPorts)
{
    m_maxPorts = maxPorts;
}

void
FabricHelper::Install(const Topology& topo)
{
    Install(topo, RoutingOptions());
}

Ptr<RoceNetDevice>
FabricHelper::AddSwitchPort(Ptr<RoceSwitch> sw, const LinkProps& link) const
{
    Ptr<RoceNetDevice> device = m_switchHelper.CreatePort();
    // The rate must be in place before AddPort: the switch scales the port's ECN thresholds and
    // its pause quanta from it.
    device->SetAttribute("DataRate", DataRateValue(DataRate(link.rateBps)));
    const uint32_t port = sw->AddPort(device);
    if (m_headroomFromLink)
    {
        const uint32_t frame = device->GetMtu() + RoceWireSize::ETHERNET_HEADER;
        sw->SetPortHeadroom(port,
                            RoceSwitch::RecommendedHeadroom(DataRate(link.rateBps),
                                                            PicoSeconds(link.delayPs),
                                                            frame));
    }
    return device;
}

Ptr<RateErrorModel>
FabricHelper::MakeErrorModel(double rate)
{
    Ptr<RateErrorModel> model = CreateObject<RateErrorModel>();
    model->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
    model->SetRate(rate);
    m_errorModels.push_back(model);
    return model;
}

void
FabricHelper::Install(const Topology& topo, const RoutingOptions& options)
{
    NS_LOG_FUNCTION(this << topo.GetDescription());
    NS_ABORT_MSG_IF(m_installed, "FabricHelper::Install: this helper already installed a fabric");

    // Everything that can be wrong with the input is found before the first ns-3 object exists,
    // so a caller that catches the error has nothing half-built to clean up.
    const std::string what =
        topo.GetDescription().empty() ? "" : " '" + topo.GetDescription() + "'";
    ValidateOptions validate;
    validate.maxPorts = m_maxPorts;
    try
    {
        Validate(topo, validate);
    }
    catch (const TopoError& e)
    {
        throw TopoError("FabricHelper: invalid topology" + what + ": " + e.GetMessage(),
                        e.GetFile(),
                        e.GetLine());
    }
    const uint64_t lastAddress = static_cast<uint64_t>(m_base.Get()) + topo.NumHosts() - 1;
    if (lastAddress >= std::numeric_limits<uint32_t>::max())
    {
        throw TopoError("FabricHelper: " + std::to_string(topo.NumHosts()) +
                        " hosts do not fit in the IPv4 addresses from the base address");
    }
    std::optional<EcmpRoutes> routes;
    try
    {
        routes.emplace(topo, options);
    }
    catch (const TopoError& e)
    {
        throw TopoError("FabricHelper: cannot route topology" + what + ": " + e.GetMessage(),
                        e.GetFile(),
                        e.GetLine());
    }
    m_installed = true;
    m_nUnreachable = routes->NumUnreachable();
    if (m_nUnreachable > 0)
    {
        NS_LOG_WARN("FabricHelper: " << routes->GetUnreachableTorPairs().size() << " ToR pairs and "
                                     << routes->GetUnreachableHosts().size()
                                     << " hosts are unreachable with the down links given");
    }

    m_book = CreateObject<RdmaAddressBook>();
    m_directory = CreateObject<RoceHostDirectory>();
    const std::size_t nNodes = topo.NumNodes();
    m_nodes.reserve(nNodes);
    m_hostIds = topo.GetHosts();
    m_nics.reserve(topo.NumHosts());
    m_switches.reserve(topo.NumSwitches());
    m_channels.reserve(topo.NumLinks());

    // Devices by (node, port), flat: the links are cabled once every port exists. Held only
    // during Install (2 pointers per link).
    std::vector<std::size_t> firstPort(nNodes + 1, 0);
    for (NodeId v = 0; v < nNodes; ++v)
    {
        firstPort[v + 1] = firstPort[v] + topo.NumPorts(v);
    }
    std::vector<Ptr<RoceNetDevice>> devices(firstPort[nNodes]);

    for (NodeId v = 0; v < nNodes; ++v)
    {
        Ptr<Node> node = CreateObject<Node>();
        m_nodes.push_back(node);
        if (topo.GetRole(v) == NodeRole::Host)
        {
            const std::size_t i = topo.GetHostIndex(v);
            const HostAttachment att = topo.GetAttachment(v);
            const Ipv4Address address(m_base.Get() + static_cast<uint32_t>(i));
            Ptr<RdmaNic> nic = m_nicHelper.Install(node,
                                                   address,
                                                   m_book,
                                                   DataRate(topo.GetLink(att.link).rateBps));
            NS_ASSERT(m_nics.size() == i);
            m_nics.push_back(nic);
            devices[firstPort[v]] = nic->GetPort();
            m_directory->Add(address, static_cast<uint32_t>(routes->GetHostTorIndex(v)));
        }
        else
        {
            Ptr<RoceSwitch> sw = m_switchHelper.Install(node);
            sw->SetDirectory(m_directory);
            m_switches.push_back(sw);
            const std::size_t nPorts = topo.NumPorts(v);
            for (std::size_t p = 0; p < nPorts; ++p)
            {
                const Port port = topo.GetPort(v, static_cast<PortIndex>(p));
                devices[firstPort[v] + p] = AddSwitchPort(sw, topo.GetLink(port.link));
            }
        }
    }

    for (LinkId l = 0; l < topo.NumLinks(); ++l)
    {
        const LinkEnds& ends = topo.GetLinkEnds(l);
        const LinkProps& props = topo.GetLink(l);
        Ptr<RoceChannel> channel = m_channelFactory.Create<RoceChannel>();
        channel->SetAttribute("Delay", TimeValue(PicoSeconds(props.delayPs)));
        Ptr<RoceNetDevice> a = devices[firstPort[ends.a] + ends.portA];
        Ptr<RoceNetDevice> b = devices[firstPort[ends.b] + ends.portB];
        a->Attach(channel);
        b->Attach(channel);
        if (props.errorRate > 0.0)
        {
            // One model per direction: each end's receptions are lost independently.
            a->SetAttribute("ReceiveErrorModel", PointerValue(MakeErrorModel(props.errorRate)));
            b->SetAttribute("ReceiveErrorModel", PointerValue(MakeErrorModel(props.errorRate)));
        }
        if (routes->IsLinkDown(l))
        {
            channel->SetUp(false);
        }
        m_channels.push_back(channel);
    }
    devices.clear();

    // Routes: per switch one entry per destination ToR (the ToR index is the directory group),
    // and host routes only at each host's own ToR, so nothing grows with host pairs.
    std::vector<uint32_t> ports;
    std::size_t j = 0;
    for (NodeId v = 0; v < nNodes; ++v)
    {
        if (topo.GetRole(v) == NodeRole::Host)
        {
            continue;
        }
        Ptr<RoceSwitch> sw = m_switches[j++];
        for (std::size_t t = 0; t < routes->NumTors(); ++t)
        {
            const PortSpan hops = routes->NextHopsToTor(v, t);
            if (hops.empty())
            {
                continue; // the ToR itself (host routes below) or unreachable
            }
            ports.assign(hops.begin(), hops.end());
            sw->AddRoute(static_cast<uint32_t>(t), ports);
        }
    }
    for (std::size_t i = 0; i < m_hostIds.size(); ++i)
    {
        const NodeId h = m_hostIds[i];
        const HostAttachment att = topo.GetAttachment(h);
        if (routes->IsLinkDown(att.link))
        {
            continue;
        }
        Ptr<RoceSwitch> tor = m_nodes[att.tor]->GetObject<RoceSwitch>();
        tor->AddHostRoute(GetHostAddress(i), att.torPort);
    }
    NS_LOG_INFO("FabricHelper: " << m_nics.size() << " hosts, " << m_switches.size()
                                 << " switches, " << m_channels.size() << " links, "
                                 << routes->NumTors() << " destination ToRs");
}

int64_t
FabricHelper::AssignStreams(int64_t stream)
{
    int64_t used = 0;
    for (const Ptr<RdmaNic>& nic : m_nics)
    {
        used += nic->AssignStreams(stream + used);
        used += nic->GetAdapter()->AssignStreams(stream + used);
    }
    for (const Ptr<RoceSwitch>& sw : m_switches)
    {
        used += sw->AssignStreams(stream + used);
    }
    for (const Ptr<RateErrorModel>& model : m_errorModels)
    {
        used += model->AssignStreams(stream + used);
    }
    return used;
}

std::size_t
FabricHelper::GetNHosts() const
{
    return m_nics.size();
}

std::size_t
FabricHelper::GetNSwitches() const
{
    return m_switches.size();
}

std::size_t
FabricHelper::GetNLinks() const
{
    return m_channels.size();
}

std::size_t
FabricHelper::GetNUnreachable() const
{
    return m_nUnreachable;
}

Ptr<Node>
FabricHelper::GetHostNode(std::size_t i) const
{
    NS_ABORT_MSG_UNLESS(i < m_hostIds.size(), "FabricHelper: no host " << i);
    return m_nodes[m_hostIds[i]];
}

Ptr<RdmaNic>
FabricHelper::GetNic(std::size_t i) const
{
    NS_ABORT_MSG_UNLESS(i < m_nics.size(), "FabricHelper: no host " << i);
    return m_nics[i];
}

Ptr<NdkAdapter>
FabricHelper::GetAdapter(std::size_t i) const
{
    return GetNic(i)->GetAdapter();
}

Ipv4Address
FabricHelper::GetHostAddress(std::size_t i) const
{
    NS_ABORT_MSG_UNLESS(i < m_hostIds.size(), "FabricHelper: no host " << i);
    return Ipv4Address(m_base.Get() + static_cast<uint32_t>(i));
}

Ptr<RoceSwitch>
FabricHelper::GetSwitch(std::size_t j) const
{
    NS_ABORT_MSG_UNLESS(j < m_switches.size(), "FabricHelper: no switch " << j);
    return m_switches[j];
}

Ptr<Node>
FabricHelper::GetNode(uint32_t node) const
{
    NS_ABORT_MSG_UNLESS(node < m_nodes.size(), "FabricHelper: no node " << node);
    return m_nodes[node];
}

Ptr<RoceChannel>
FabricHelper::GetChannel(uint32_t link) const
{
    NS_ABORT_MSG_UNLESS(link < m_channels.size(), "FabricHelper: no link " << link);
    return m_channels[link];
}

Ptr<RdmaAddressBook>
FabricHelper::GetAddressBook() const
{
    return m_book;
}

Ptr<RoceHostDirectory>
FabricHelper::GetDirectory() const
{
    return m_directory;
}

} // namespace ns3
