#include "ndksim/topo/topology.h"

#include "ndksim/topo/topo-error.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace ndksim::topo
{

namespace
{
constexpr std::uint32_t NOT_A_HOST = std::numeric_limits<std::uint32_t>::max();
constexpr std::size_t MAX_PORTS = std::numeric_limits<PortIndex>::max();
} // namespace

const char*
ToString(NodeRole role)
{
    switch (role)
    {
    case NodeRole::Host:
        return "host";
    case NodeRole::Tor:
        return "tor";
    case NodeRole::Agg:
        return "agg";
    case NodeRole::Core:
        return "core";
    case NodeRole::Switch:
        return "switch";
    }
    return "?";
}

NodeRole
ParseRole(const std::string& text)
{
    std::string t = text;
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    if (t == "host")
    {
        return NodeRole::Host;
    }
    if (t == "tor" || t == "leaf" || t == "edge")
    {
        return NodeRole::Tor;
    }
    if (t == "agg" || t == "aggregation")
    {
        return NodeRole::Agg;
    }
    if (t == "core" || t == "spine")
    {
        return NodeRole::Core;
    }
    if (t == "switch" || t == "router")
    {
        return NodeRole::Switch;
    }
    throw std::invalid_argument("unknown role '" + text +
                                "' (expected host, tor/leaf, agg, core/spine or switch)");
}

NodeId
Topology::AddNode(NodeRole role, const std::string& name)
{
    const auto id = static_cast<NodeId>(boost::num_vertices(m_graph));
    if (id == NO_NODE)
    {
        throw TopoError("too many nodes");
    }
    const std::string actual = name.empty() ? "n" + std::to_string(id) : name;
    if (!m_byName.emplace(actual, id).second)
    {
        throw TopoError("duplicate node name '" + actual + "'");
    }
    boost::add_vertex(NodeProps{actual, role}, m_graph);
    if (role == NodeRole::Host)
    {
        m_hostIndex.push_back(static_cast<std::uint32_t>(m_hosts.size()));
        m_hosts.push_back(id);
    }
    else
    {
        m_hostIndex.push_back(NOT_A_HOST);
    }
    return id;
}

LinkId
Topology::AddLink(NodeId a, NodeId b, const LinkProps& props)
{
    CheckNode(a);
    CheckNode(b);
    // A self-loop takes two ports on its node, like it takes two out-edges in the adjacency list.
    const std::size_t needA = boost::out_degree(a, m_graph) + (a == b ? 2 : 1);
    const std::size_t needB = boost::out_degree(b, m_graph) + 1;
    if (needA > MAX_PORTS || needB > MAX_PORTS)
    {
        const NodeId full = needA > MAX_PORTS ? a : b;
        throw TopoError("node '" + GetName(full) + "' would have more than " +
                        std::to_string(MAX_PORTS) + " ports");
    }
    const auto id = static_cast<LinkId>(m_links.size());
    LinkProps p = props;
    p.id = id;
    const auto portA = static_cast<PortIndex>(boost::out_degree(a, m_graph));
    boost::add_edge(a, b, p, m_graph);
    const auto portB = static_cast<PortIndex>(boost::out_degree(b, m_graph) - 1);
    m_links.push_back(LinkEnds{a, b, portA, portB});
    return id;
}

void
Topology::SetRole(NodeId node, NodeRole role)
{
    CheckNode(node);
    if ((m_graph[node].role == NodeRole::Host) != (role == NodeRole::Host))
    {
        throw std::logic_error("Topology::SetRole: cannot turn a host into a switch or back");
    }
    m_graph[node].role = role;
}

std::size_t
Topology::NumNodes() const
{
    return boost::num_vertices(m_graph);
}

std::size_t
Topology::NumLinks() const
{
    return m_links.size();
}

std::size_t
Topology::NumHosts() const
{
    return m_hosts.size();
}

std::size_t
Topology::NumSwitches() const
{
    return NumNodes() - NumHosts();
}

const TopoGraph&
Topology::GetGraph() const
{
    return m_graph;
}

const NodeProps&
Topology::GetNode(NodeId node) const
{
    CheckNode(node);
    return m_graph[node];
}

NodeRole
Topology::GetRole(NodeId node) const
{
    return GetNode(node).role;
}

const std::string&
Topology::GetName(NodeId node) const
{
    return GetNode(node).name;
}

std::optional<NodeId>
Topology::FindNode(const std::string& name) const
{
    const auto it = m_byName.find(name);
    if (it == m_byName.end())
    {
        return std::nullopt;
    }
    return it->second;
}

const LinkProps&
Topology::GetLink(LinkId link) const
{
    const LinkEnds& ends = GetLinkEnds(link);
    // The link is out-edge number portA of its first end (vecS out-edge list, random access).
    const auto edge = *(boost::out_edges(ends.a, m_graph).first + ends.portA);
    return m_graph[edge];
}

const LinkEnds&
Topology::GetLinkEnds(LinkId link) const
{
    if (link >= m_links.size())
    {
        throw std::out_of_range("Topology: no link " + std::to_string(link));
    }
    return m_links[link];
}

std::optional<LinkId>
Topology::FindLink(NodeId a, NodeId b) const
{
    CheckNode(a);
    CheckNode(b);
    for (auto [it, end] = boost::out_edges(a, m_graph); it != end; ++it)
    {
        if (boost::target(*it, m_graph) == b)
        {
            return m_graph[*it].id;
        }
    }
    return std::nullopt;
}

std::size_t
Topology::NumPorts(NodeId node) const
{
    CheckNode(node);
    return boost::out_degree(node, m_graph);
}

Port
Topology::GetPort(NodeId node, PortIndex port) const
{
    if (port >= NumPorts(node))
    {
        throw std::out_of_range("Topology: node '" + GetName(node) + "' has no port " +
                                std::to_string(port));
    }
    const auto edge = *(boost::out_edges(node, m_graph).first + port);
    const LinkId link = m_graph[edge].id;
    const LinkEnds& ends = m_links[link];
    const bool isA = ends.a == node && ends.portA == port;
    return Port{isA ? ends.b : ends.a, isA ? ends.portB : ends.portA, link};
}

const std::vector<NodeId>&
Topology::GetHosts() const
{
    return m_hosts;
}

NodeId
Topology::GetHost(std::size_t hostIndex) const
{
    if (hostIndex >= m_hosts.size())
    {
        throw std::out_of_range("Topology: no host " + std::to_string(hostIndex));
    }
    return m_hosts[hostIndex];
}

std::size_t
Topology::GetHostIndex(NodeId node) const
{
    CheckNode(node);
    if (m_hostIndex[node] == NOT_A_HOST)
    {
        throw std::invalid_argument("Topology: node '" + GetName(node) + "' is not a host");
    }
    return m_hostIndex[node];
}

HostAttachment
Topology::GetAttachment(NodeId host) const
{
    GetHostIndex(host);
    if (NumPorts(host) == 0)
    {
        throw std::invalid_argument("Topology: host '" + GetName(host) + "' has no link");
    }
    const Port p = GetPort(host, 0);
    return HostAttachment{p.peer, p.peerPort, p.link};
}

void
Topology::SetDescription(const std::string& description)
{
    m_description = description;
}

const std::string&
Topology::GetDescription() const
{
    return m_description;
}

void
Topology::SetAnalyticBisection(std::uint64_t bps)
{
    m_analyticBisection = bps;
}

std::optional<std::uint64_t>
Topology::GetAnalyticBisection() const
{
    return m_analyticBisection;
}

void
Topology::CheckNode(NodeId node) const
{
    if (node >= boost::num_vertices(m_graph))
    {
        throw std::out_of_range("Topology: no node " + std::to_string(node));
    }
}

} // namespace ndksim::topo
