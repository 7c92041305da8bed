#include "ndksim/topo/validate.h"

#include "ndksim/topo/topo-error.h"

#include <algorithm>
#include <boost/graph/connected_components.hpp>
#include <cmath>
#include <deque>
#include <limits>
#include <vector>

namespace ndksim::topo
{

namespace
{

std::string
Quote(const Topology& topo, NodeId node)
{
    return "'" + topo.GetName(node) + "'";
}

std::string
LinkName(const Topology& topo, LinkId link)
{
    const LinkEnds& e = topo.GetLinkEnds(link);
    return "link " + Quote(topo, e.a) + " -- " + Quote(topo, e.b);
}

void
CheckLinks(const Topology& topo, const std::string& source)
{
    for (LinkId l = 0; l < topo.NumLinks(); ++l)
    {
        const LinkEnds& e = topo.GetLinkEnds(l);
        const LinkProps& p = topo.GetLink(l);
        if (e.a == e.b)
        {
            throw TopoError("self-loop at node " + Quote(topo, e.a), source);
        }
        if (p.rateBps == 0)
        {
            throw TopoError(LinkName(topo, l) + ": missing or zero rate (must be positive)",
                            source);
        }
        if (p.delayPs == 0)
        {
            throw TopoError(LinkName(topo, l) + ": missing or zero delay (must be positive)",
                            source);
        }
        if (!(p.errorRate >= 0.0 && p.errorRate <= 1.0))
        {
            throw TopoError(LinkName(topo, l) + ": error rate " + std::to_string(p.errorRate) +
                                " is not in [0, 1]",
                            source);
        }
    }
}

void
CheckNodes(const Topology& topo, const ValidateOptions& options, const std::string& source)
{
    std::vector<NodeId> peers;
    for (NodeId v = 0; v < topo.NumNodes(); ++v)
    {
        const std::size_t ports = topo.NumPorts(v);
        peers.clear();
        for (std::size_t p = 0; p < ports; ++p)
        {
            peers.push_back(topo.GetPort(v, static_cast<PortIndex>(p)).peer);
        }
        std::sort(peers.begin(), peers.end());
        const auto dup = std::adjacent_find(peers.begin(), peers.end());
        if (dup != peers.end())
        {
            throw TopoError("duplicate link " + Quote(topo, v) + " -- " + Quote(topo, *dup),
                            source);
        }
        if (topo.GetRole(v) == NodeRole::Host)
        {
            if (ports == 0)
            {
                throw TopoError("host " + Quote(topo, v) + " has no link", source);
            }
            if (ports > 1)
            {
                throw TopoError("host " + Quote(topo, v) + " has " + std::to_string(ports) +
                                    " links; hosts must have exactly one link in this version",
                                source);
            }
            const NodeId peer = topo.GetPort(v, 0).peer;
            if (!IsSwitch(topo.GetRole(peer)))
            {
                throw TopoError("host " + Quote(topo, v) + " is linked to host " +
                                    Quote(topo, peer) + "; a host must attach to a switch",
                                source);
            }
        }
        else if (ports > options.maxPorts)
        {
            throw TopoError("switch " + Quote(topo, v) + " has " + std::to_string(ports) +
                                " ports, more than the allowed " + std::to_string(options.maxPorts),
                            source);
        }
    }
}

void
CheckConnected(const Topology& topo, const std::string& source)
{
    const TopoGraph& g = topo.GetGraph();
    std::vector<int> component(topo.NumNodes());
    const int count = boost::connected_components(g, component.data());
    if (count <= 1)
    {
        return;
    }
    const auto other = static_cast<NodeId>(
        std::find_if(component.begin(), component.end(), [](int c) { return c != 0; }) -
        component.begin());
    throw TopoError("graph is not connected (" + std::to_string(count) + " components): node " +
                        Quote(topo, other) + " cannot reach node " + Quote(topo, 0),
                    source);
}

} // namespace

void
Validate(const Topology& topo, const ValidateOptions& options, const std::string& source)
{
    if (topo.NumHosts() == 0)
    {
        throw TopoError("topology has no hosts", source);
    }
    CheckLinks(topo, source);
    CheckNodes(topo, options, source);
    CheckConnected(topo, source);
}

void
InferSwitchRoles(Topology& topo)
{
    constexpr std::uint32_t UNSEEN = std::numeric_limits<std::uint32_t>::max();
    const std::size_t n = topo.NumNodes();
    std::vector<std::uint32_t> layer(n, UNSEEN);
    std::deque<NodeId> queue;
    for (NodeId v = 0; v < n; ++v)
    {
        if (!IsSwitch(topo.GetRole(v)))
        {
            continue;
        }
        for (std::size_t p = 0; p < topo.NumPorts(v); ++p)
        {
            if (topo.GetRole(topo.GetPort(v, static_cast<PortIndex>(p)).peer) == NodeRole::Host)
            {
                layer[v] = 0;
                queue.push_back(v);
                break;
            }
        }
    }
    // Multi-source BFS over switches only: hosts are never transit.
    std::uint32_t top = 0;
    while (!queue.empty())
    {
        const NodeId v = queue.front();
        queue.pop_front();
        for (std::size_t p = 0; p < topo.NumPorts(v); ++p)
        {
            const NodeId w = topo.GetPort(v, static_cast<PortIndex>(p)).peer;
            if (IsSwitch(topo.GetRole(w)) && layer[w] == UNSEEN)
            {
                layer[w] = layer[v] + 1;
                top = std::max(top, layer[w]);
                queue.push_back(w);
            }
        }
    }
    bool layered = top <= 2;
    for (LinkId l = 0; l < topo.NumLinks() && layered; ++l)
    {
        const LinkEnds& e = topo.GetLinkEnds(l);
        if (!IsSwitch(topo.GetRole(e.a)) || !IsSwitch(topo.GetRole(e.b)))
        {
            continue;
        }
        const std::uint32_t la = layer[e.a];
        const std::uint32_t lb = layer[e.b];
        layered = la != UNSEEN && lb != UNSEEN && (la == lb + 1 || lb == la + 1);
    }
    for (NodeId v = 0; v < n; ++v)
    {
        if (!IsSwitch(topo.GetRole(v)))
        {
            continue;
        }
        NodeRole role = NodeRole::Switch;
        if (layer[v] == 0)
        {
            role = NodeRole::Tor;
        }
        else if (layered && layer[v] == top)
        {
            role = NodeRole::Core;
        }
        else if (layered && layer[v] == 1)
        {
            role = NodeRole::Agg;
        }
        topo.SetRole(v, role);
    }
}

} // namespace ndksim::topo
