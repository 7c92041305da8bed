#include "ndksim/recorder/ideal-fct.h"

#include "ndksim/topo/topology.h"

#include "ns3/roce-wire-size.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>

namespace ndksim::recorder
{

namespace
{

/** Picoseconds to send \p bytes at \p bps, as an exact fraction (rounded at the end). */
long double
SerializationPs(uint64_t bytes, uint64_t bps)
{
    return static_cast<long double>(bytes) * 8.0L * 1e12L / static_cast<long double>(bps);
}

} // namespace

int64_t
IdealFctPs(uint64_t size, uint32_t pathMtu, uint64_t maxWriteSize, const std::vector<Hop>& path)
{
    using ns3::RoceOpcode;
    using ns3::RoceWireSize;
    if (path.empty() || size == 0 || pathMtu == 0)
    {
        return 0;
    }
    // Wire bytes of every packet, Write by Write (each Write's first packet carries the RETH).
    uint64_t total = 0;
    uint64_t largest = 0;
    for (uint64_t done = 0; done < size;)
    {
        const uint64_t write = std::min<uint64_t>(maxWriteSize, size - done);
        for (uint64_t off = 0; off < write; off += pathMtu)
        {
            const auto payload = static_cast<uint32_t>(std::min<uint64_t>(pathMtu, write - off));
            const RoceOpcode op =
                off == 0 ? RoceOpcode::RDMA_WRITE_FIRST : RoceOpcode::RDMA_WRITE_MIDDLE;
            const uint64_t w = RoceWireSize::WireBytes(op, payload, false);
            total += w;
            largest = std::max(largest, w);
        }
        done += write;
    }
    const uint64_t ack = RoceWireSize::WireBytes(RoceOpcode::ACKNOWLEDGE, 0, false);
    uint64_t bottleneck = std::numeric_limits<uint64_t>::max();
    long double ps = 0;
    for (const Hop& h : path)
    {
        bottleneck = std::min(bottleneck, h.rateBps);
        ps += 2.0L * static_cast<long double>(h.delayPs) + SerializationPs(largest, h.rateBps) +
              SerializationPs(ack, h.rateBps);
    }
    ps += SerializationPs(total - largest, bottleneck);
    return static_cast<int64_t>(std::ceil(ps - 1e-6L));
}

PathFinder::PathFinder(const ndksim::topo::Topology& topo)
    : m_topo(topo)
{
}

const std::vector<uint16_t>&
PathFinder::DistancesTo(uint32_t anchor)
{
    auto it = m_dist.find(anchor);
    if (it != m_dist.end())
    {
        return it->second;
    }
    std::vector<uint16_t> dist(m_topo.NumNodes(), kFar);
    std::deque<uint32_t> queue{anchor};
    dist[anchor] = 0;
    while (!queue.empty())
    {
        const uint32_t v = queue.front();
        queue.pop_front();
        // Packets never transit a host: only the anchor itself may be one.
        if (v != anchor && m_topo.GetRole(v) == ndksim::topo::NodeRole::Host)
        {
            continue;
        }
        for (std::size_t p = 0; p < m_topo.NumPorts(v); ++p)
        {
            const uint32_t peer = m_topo.GetPort(v, static_cast<ndksim::topo::PortIndex>(p)).peer;
            if (dist[peer] == kFar)
            {
                dist[peer] = static_cast<uint16_t>(dist[v] + 1);
                queue.push_back(peer);
            }
        }
    }
    return m_dist.emplace(anchor, std::move(dist)).first->second;
}

std::vector<Hop>
PathFinder::GetPath(uint32_t src, uint32_t dst)
{
    std::vector<Hop> hops;
    if (src == dst)
    {
        return hops;
    }
    // A host with one link is reached through its switch: distances toward that switch serve
    // every host behind it (one table per ToR instead of one per host), and the host link is
    // the last hop.
    uint32_t anchor = dst;
    const bool leaf =
        m_topo.GetRole(dst) == ndksim::topo::NodeRole::Host && m_topo.NumPorts(dst) == 1;
    ndksim::topo::Port last{};
    if (leaf)
    {
        last = m_topo.GetPort(dst, 0);
        anchor = last.peer;
    }
    const std::vector<uint16_t>& dist = DistancesTo(anchor);
    if (dist[src] == kFar)
    {
        return hops;
    }
    for (uint32_t v = src; v != anchor;)
    {
        uint32_t next = 0;
        uint32_t bestLink = std::numeric_limits<uint32_t>::max();
        for (std::size_t p = 0; p < m_topo.NumPorts(v); ++p)
        {
            const auto port = m_topo.GetPort(v, static_cast<ndksim::topo::PortIndex>(p));
            if (dist[port.peer] + 1 == dist[v] && port.link < bestLink)
            {
                bestLink = port.link;
                next = port.peer;
            }
        }
        const auto& link = m_topo.GetLink(bestLink);
        hops.push_back(Hop{link.rateBps, link.delayPs});
        v = next;
    }
    if (leaf)
    {
        const auto& link = m_topo.GetLink(last.link);
        hops.push_back(Hop{link.rateBps, link.delayPs});
    }
    return hops;
}

} // namespace ndksim::recorder
