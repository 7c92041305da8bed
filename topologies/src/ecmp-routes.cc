#include "ndksim/topo/ecmp-routes.h"

#include "ndksim/topo/topo-error.h"
#include "switch-csr.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <unordered_map>

namespace ndksim::topo
{

namespace
{

constexpr std::uint32_t NONE = std::numeric_limits<std::uint32_t>::max();
/// A host's only port, returned by NextHops() at a host.
const PortIndex g_hostUplink = 0;

/// Keeps one copy of each distinct port set; set 0 is the empty set.
class PortSetPool
{
  public:
    PortSetPool(std::vector<std::uint32_t>& offsets, std::vector<PortIndex>& ports)
        : m_offsets(offsets),
          m_ports(ports)
    {
        m_offsets.assign({0, 0});
        m_ports.clear();
    }

    std::uint32_t Intern(const std::vector<PortIndex>& set)
    {
        if (set.empty())
        {
            return 0;
        }
        // FNV-1a over the ports; collisions are resolved by comparing the contents.
        std::uint64_t hash = 1469598103934665603ULL;
        for (PortIndex p : set)
        {
            hash = (hash ^ p) * 1099511628211ULL;
        }
        const auto [first, last] = m_index.equal_range(hash);
        for (auto it = first; it != last; ++it)
        {
            const std::uint32_t id = it->second;
            const auto begin = m_ports.begin() + m_offsets[id];
            const auto end = m_ports.begin() + m_offsets[id + 1];
            if (static_cast<std::size_t>(end - begin) == set.size() &&
                std::equal(begin, end, set.begin()))
            {
                return id;
            }
        }
        const auto id = static_cast<std::uint32_t>(m_offsets.size() - 1);
        m_ports.insert(m_ports.end(), set.begin(), set.end());
        m_offsets.push_back(static_cast<std::uint32_t>(m_ports.size()));
        m_index.emplace(hash, id);
        return id;
    }

  private:
    std::vector<std::uint32_t>& m_offsets;
    std::vector<PortIndex>& m_ports;
    std::unordered_multimap<std::uint64_t, std::uint32_t> m_index;
};

} // namespace

const char*
ToString(RoutingMetric metric)
{
    return metric == RoutingMetric::HopCount ? "hops" : "delay";
}

RoutingMetric
ParseMetric(const std::string& text)
{
    std::string t = text;
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    if (t == "hops" || t == "hop" || t == "hopcount")
    {
        return RoutingMetric::HopCount;
    }
    if (t == "delay")
    {
        return RoutingMetric::Delay;
    }
    throw std::invalid_argument("unknown routing metric '" + text + "' (expected hops or delay)");
}

EcmpRoutes::EcmpRoutes(const Topology& topo, const RoutingOptions& options)
    : m_metric(options.metric),
      m_local(topo.NumNodes(), NONE),
      m_isHost(topo.NumNodes(), 0),
      m_linkDown(topo.NumLinks(), 0)
{
    for (LinkId l : options.downLinks)
    {
        if (l >= topo.NumLinks())
        {
            throw TopoError("down link " + std::to_string(l) + " does not exist (" +
                            std::to_string(topo.NumLinks()) + " links)");
        }
        m_linkDown[l] = 1;
    }
    std::uint32_t switches = 0;
    for (NodeId v = 0; v < topo.NumNodes(); ++v)
    {
        if (IsSwitch(topo.GetRole(v)))
        {
            m_local[v] = switches++;
        }
        else
        {
            m_isHost[v] = 1;
            m_local[v] = static_cast<std::uint32_t>(topo.GetHostIndex(v));
        }
    }

    // Destination ToRs: switches with a host, indexed by node id.
    m_torIndex.assign(switches, NONE);
    std::vector<char> hasHost(switches, 0);
    for (NodeId h : topo.GetHosts())
    {
        if (topo.NumPorts(h) != 1 || !IsSwitch(topo.GetRole(topo.GetPort(h, 0).peer)))
        {
            throw TopoError("host '" + topo.GetName(h) +
                            "' is not attached by exactly one link to a switch (validate first)");
        }
        hasHost[m_local[topo.GetPort(h, 0).peer]] = 1;
    }
    for (NodeId v = 0; v < topo.NumNodes(); ++v)
    {
        if (!m_isHost[v] && hasHost[m_local[v]])
        {
            m_torIndex[m_local[v]] = static_cast<std::uint32_t>(m_tors.size());
            m_tors.push_back(v);
        }
    }
    m_numTors = m_tors.size();
    for (NodeId h : topo.GetHosts())
    {
        const HostAttachment att = topo.GetAttachment(h);
        m_hostTor.push_back(m_torIndex[m_local[att.tor]]);
        m_hostPort.push_back(att.torPort);
        m_hostUp.push_back(m_linkDown[att.link] ? 0 : 1);
        if (m_linkDown[att.link])
        {
            m_unreachableHosts.push_back(h);
        }
    }

    const detail::SwitchCsr csr(topo, m_metric, m_linkDown);
    const detail::SwitchCsrGraph& g = csr.Graph();
    m_entry.assign(std::size_t{switches} * m_numTors, 0);
    PortSetPool pool(m_setOffset, m_setPorts);
    std::vector<std::uint64_t> dist;
    std::vector<PortIndex> ports;
    for (std::uint32_t t = 0; t < m_numTors; ++t)
    {
        const std::uint32_t target = m_local[m_tors[t]];
        csr.Distances(target, dist);
        for (std::uint32_t s = 0; s < switches; ++s)
        {
            if (s == target)
            {
                continue;
            }
            if (dist[s] == detail::UNREACHABLE)
            {
                ++m_numUnreachable;
                if (m_torIndex[s] != NONE)
                {
                    m_unreachableTorPairs.emplace_back(csr.Node(s), m_tors[t]);
                }
                continue;
            }
            // Every neighbour on some shortest path: dist(n) + w(s, n) == dist(s).
            ports.clear();
            for (auto [it, end] = boost::out_edges(s, g); it != end; ++it)
            {
                const std::uint64_t dn = dist[boost::target(*it, g)];
                if (dn != detail::UNREACHABLE && dn + g[*it].weight == dist[s])
                {
                    ports.push_back(g[*it].port);
                }
            }
            m_entry[std::size_t{s} * m_numTors + t] = pool.Intern(ports);
        }
    }
    std::sort(m_unreachableTorPairs.begin(), m_unreachableTorPairs.end());
}

std::uint32_t
EcmpRoutes::SwitchIndex(NodeId node) const
{
    if (node >= m_local.size())
    {
        throw std::out_of_range("EcmpRoutes: no node " + std::to_string(node));
    }
    if (m_isHost[node])
    {
        throw std::invalid_argument("EcmpRoutes: node " + std::to_string(node) +
                                    " is a host, not a switch");
    }
    return m_local[node];
}

PortSpan
EcmpRoutes::NextHops(NodeId node, NodeId dstHost) const
{
    if (node >= m_local.size() || dstHost >= m_local.size())
    {
        throw std::out_of_range("EcmpRoutes: no node " + std::to_string(std::max(node, dstHost)));
    }
    if (!m_isHost[dstHost])
    {
        throw std::invalid_argument("EcmpRoutes: destination " + std::to_string(dstHost) +
                                    " is not a host");
    }
    const std::uint32_t dst = m_local[dstHost];
    if (m_isHost[node])
    {
        const bool up = node != dstHost && m_hostUp[m_local[node]] && m_hostUp[dst];
        return up ? PortSpan(&g_hostUplink, 1) : PortSpan();
    }
    const std::uint32_t t = m_hostTor[dst];
    if (m_tors[t] == node)
    {
        return m_hostUp[dst] ? PortSpan(&m_hostPort[dst], 1) : PortSpan();
    }
    const std::uint32_t set = m_entry[std::size_t{m_local[node]} * m_numTors + t];
    return PortSpan(m_setPorts.data() + m_setOffset[set], m_setOffset[set + 1] - m_setOffset[set]);
}

PortSpan
EcmpRoutes::NextHopsToTor(NodeId sw, std::size_t torIndex) const
{
    const std::uint32_t s = SwitchIndex(sw);
    if (torIndex >= m_numTors)
    {
        throw std::out_of_range("EcmpRoutes: no ToR index " + std::to_string(torIndex));
    }
    const std::uint32_t set = m_entry[std::size_t{s} * m_numTors + torIndex];
    return PortSpan(m_setPorts.data() + m_setOffset[set], m_setOffset[set + 1] - m_setOffset[set]);
}

std::size_t
EcmpRoutes::NumTors() const
{
    return m_numTors;
}

NodeId
EcmpRoutes::GetTor(std::size_t torIndex) const
{
    if (torIndex >= m_numTors)
    {
        throw std::out_of_range("EcmpRoutes: no ToR index " + std::to_string(torIndex));
    }
    return m_tors[torIndex];
}

std::size_t
EcmpRoutes::GetTorIndex(NodeId tor) const
{
    const std::uint32_t t = m_torIndex[SwitchIndex(tor)];
    if (t == NONE)
    {
        throw std::invalid_argument("EcmpRoutes: switch " + std::to_string(tor) +
                                    " has no host attached, it is no destination ToR");
    }
    return t;
}

std::size_t
EcmpRoutes::GetHostTorIndex(NodeId host) const
{
    if (host >= m_local.size() || !m_isHost[host])
    {
        throw std::invalid_argument("EcmpRoutes: node " + std::to_string(host) + " is not a host");
    }
    return m_hostTor[m_local[host]];
}

RoutingMetric
EcmpRoutes::GetMetric() const
{
    return m_metric;
}

bool
EcmpRoutes::IsLinkDown(LinkId link) const
{
    return link < m_linkDown.size() && m_linkDown[link];
}

std::size_t
EcmpRoutes::NumUnreachable() const
{
    return m_numUnreachable;
}

const std::vector<std::pair<NodeId, NodeId>>&
EcmpRoutes::GetUnreachableTorPairs() const
{
    return m_unreachableTorPairs;
}

const std::vector<NodeId>&
EcmpRoutes::GetUnreachableHosts() const
{
    return m_unreachableHosts;
}

std::size_t
EcmpRoutes::NumPortSets() const
{
    return m_setOffset.size() - 1;
}

std::size_t
EcmpRoutes::MemoryBytes() const
{
    return m_local.capacity() * sizeof(std::uint32_t) + m_isHost.capacity() +
           m_torIndex.capacity() * sizeof(std::uint32_t) + m_tors.capacity() * sizeof(NodeId) +
           m_hostTor.capacity() * sizeof(std::uint32_t) +
           m_hostPort.capacity() * sizeof(PortIndex) + m_hostUp.capacity() +
           m_entry.capacity() * sizeof(std::uint32_t) +
           m_setOffset.capacity() * sizeof(std::uint32_t) +
           m_setPorts.capacity() * sizeof(PortIndex) + m_linkDown.capacity() +
           m_unreachableTorPairs.capacity() * sizeof(std::pair<NodeId, NodeId>) +
           m_unreachableHosts.capacity() * sizeof(NodeId);
}

} // namespace ndksim::topo
