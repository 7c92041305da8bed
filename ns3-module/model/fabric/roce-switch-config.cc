/*
 * RoceSwitch, the parts off the packet path: routing tables, DSCP map, headroom sizing,
 * drop-reason names and the statistics. The pipeline is in roce-switch.cc.
 */

#include "roce-net-device.h"
#include "roce-switch-mmu.h"
#include "roce-switch.h"

#include "ns3/abort.h"
#include "ns3/roce-wire-size.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <sstream>

namespace ns3
{
const char*
RoceSwitchDropReasonName(RoceSwitchDropReason r)
{
    switch (r)
    {
    case RoceSwitchDropReason::NOT_IPV4:
        return "not-ipv4";
    case RoceSwitchDropReason::NO_ROUTE:
        return "no-route";
    case RoceSwitchDropReason::TTL_EXPIRED:
        return "ttl";
    case RoceSwitchDropReason::INGRESS_THRESHOLD:
        return "ingress-threshold";
    case RoceSwitchDropReason::EGRESS_THRESHOLD:
        return "egress-threshold";
    case RoceSwitchDropReason::SHARED_BUFFER_FULL:
        return "shared-buffer-full";
    case RoceSwitchDropReason::LOSSLESS_VIOLATION:
        return "lossless-violation";
    }
    return "unknown";
}

std::ostream&
operator<<(std::ostream& os, RoceSwitchDropReason r)
{
    return os << RoceSwitchDropReasonName(r);
}

uint64_t
RoceSwitch::PortStats::Drops() const
{
    uint64_t n = 0;
    for (uint64_t d : drops)
    {
        n += d;
    }
    return n;
}

void
RoceSwitch::PortStats::Add(const PortStats& o)
{
    for (uint8_t p = 0; p < PRIORITIES; ++p)
    {
        rxPackets[p] += o.rxPackets[p];
        rxBytes[p] += o.rxBytes[p];
        txPackets[p] += o.txPackets[p];
        txBytes[p] += o.txBytes[p];
        ecnMarks[p] += o.ecnMarks[p];
        pausesSent[p] += o.pausesSent[p];
        resumesSent[p] += o.resumesSent[p];
        pausesReceived[p] += o.pausesReceived[p];
        pausedPs[p] += o.pausedPs[p];
        pausingPs[p] += o.pausingPs[p];
    }
    for (uint32_t r = 0; r < ROCE_SWITCH_DROP_REASONS; ++r)
    {
        drops[r] += o.drops[r];
    }
    peakQueueBytes = std::max(peakQueueBytes, o.peakQueueBytes);
}

void
RoceSwitch::Stats::Print(std::ostream& os) const
{
    auto sum = [](const std::array<uint64_t, PRIORITIES>& a) {
        uint64_t s = 0;
        for (uint64_t v : a)
        {
            s += v;
        }
        return s;
    };
    os << "rx=" << sum(total.rxPackets) << "pkt/" << sum(total.rxBytes)
       << "B tx=" << sum(total.txPackets) << "pkt/" << sum(total.txBytes)
       << "B ecnMarks=" << sum(total.ecnMarks) << " pauses=" << sum(total.pausesSent)
       << " resumes=" << sum(total.resumesSent) << " pausesReceived=" << sum(total.pausesReceived)
       << " pausingPs=" << sum(total.pausingPs) << " pausedPs=" << sum(total.pausedPs);
    for (uint32_t r = 0; r < ROCE_SWITCH_DROP_REASONS; ++r)
    {
        os << " " << RoceSwitchDropReasonName(static_cast<RoceSwitchDropReason>(r)) << "="
           << total.drops[r];
    }
    os << " peakQueue=" << total.peakQueueBytes << "B peakBuffer=" << peakBufferBytes
       << "B peakShared=" << peakSharedBytes << "B peakHeadroom=" << peakHeadroomBytes << "B";
}

void
RoceSwitch::SetPortHeadroom(uint32_t i, uint64_t bytes)
{
    NS_ABORT_MSG_UNLESS(i < m_ports.size(), "RoceSwitch::SetPortHeadroom: no port " << i);
    m_ports[i].headroom = bytes;
    ResizeMmu();
}

uint64_t
RoceSwitch::RecommendedHeadroom(DataRate rate, Time delay, uint32_t mtuFrameBytes)
{
    const double bytesPerPs = static_cast<double>(rate.GetBitRate()) / 8e12;
    const uint64_t inFlight = static_cast<uint64_t>(2.0 * delay.GetPicoSeconds() * bytesPerPs);
    const uint64_t response =
        rate.GetBitRate() <= 100000000000ULL ? 3840 : 3840 * (rate.GetBitRate() / 100000000000ULL);
    return inFlight + 2 * RoceWireSize::WireBytesOfFrame(mtuFrameBytes) + response;
}

void
RoceSwitch::SetDirectory(Ptr<RoceHostDirectory> directory)
{
    m_directory = directory;
}

Ptr<RoceHostDirectory>
RoceSwitch::GetDirectory() const
{
    return m_directory;
}

void
RoceSwitch::AddRoute(uint32_t group, std::vector<uint32_t> ports)
{
    NS_ABORT_MSG_IF(group == RoceHostDirectory::NO_GROUP, "RoceSwitch::AddRoute: bad group");
    for (uint32_t p : ports)
    {
        NS_ABORT_MSG_UNLESS(p < m_ports.size(), "RoceSwitch::AddRoute: no port " << p);
    }
    if (group >= m_routes.size())
    {
        m_routes.resize(group + 1);
    }
    m_routes[group] = std::move(ports);
}

void
RoceSwitch::AddHostRoute(Ipv4Address host, uint32_t port)
{
    NS_ABORT_MSG_UNLESS(port < m_ports.size(), "RoceSwitch::AddHostRoute: no port " << port);
    m_hostRoutes.Set(host.Get(), port);
}

void
RoceSwitch::ClearRoutes()
{
    m_routes.clear();
    m_hostRoutes.Clear();
}

const std::vector<uint32_t>&
RoceSwitch::GetRoute(uint32_t group) const
{
    static const std::vector<uint32_t> none;
    return group < m_routes.size() ? m_routes[group] : none;
}

void
RoceSwitch::SetDscpPriority(uint8_t dscp, uint8_t priority)
{
    NS_ABORT_MSG_IF(dscp > 63 || priority >= PRIORITIES, "RoceSwitch: bad DSCP or priority");
    m_dscpToPriority[dscp] = priority;
}

void
RoceSwitch::SetDscpMap(std::string map)
{
    for (uint8_t d = 0; d < 64; ++d)
    {
        m_dscpToPriority[d] = d >> 3;
    }
    std::istringstream in(map);
    std::string item;
    while (std::getline(in, item, ','))
    {
        if (item.find_first_not_of(" ") == std::string::npos)
        {
            continue;
        }
        unsigned dscp = 64;
        unsigned prio = PRIORITIES;
        char eq = 0;
        std::istringstream pair(item);
        pair >> dscp >> eq >> prio;
        NS_ABORT_MSG_IF(pair.fail() || eq != '=' || dscp > 63 || prio >= PRIORITIES,
                        "RoceSwitch DscpToPriority: bad entry '" << item
                                                                 << "' (want dscp=priority)");
        m_dscpToPriority[dscp] = static_cast<uint8_t>(prio);
    }
}

std::string
RoceSwitch::GetDscpMap() const
{
    std::ostringstream out;
    bool first = true;
    for (uint8_t d = 0; d < 64; ++d)
    {
        if (m_dscpToPriority[d] != (d >> 3))
        {
            out << (first ? "" : ",") << +d << "=" << +m_dscpToPriority[d];
            first = false;
        }
    }
    return out.str();
}

uint32_t
RoceSwitch::Lookup(Ipv4Address source,
                   Ipv4Address destination,
                   uint8_t protocol,
                   uint16_t sourcePort,
                   uint16_t destinationPort) const
{
    uint8_t head[HEAD_BYTES] = {};
    head[12] = 0x08; // EtherType IPv4, untagged
    head[14] = 0x45;
    head[14 + 9] = protocol;
    const uint32_t src = source.Get();
    const uint32_t dst = destination.Get();
    for (int i = 0; i < 4; ++i)
    {
        head[14 + 12 + i] = static_cast<uint8_t>(src >> (24 - 8 * i));
        head[14 + 16 + i] = static_cast<uint8_t>(dst >> (24 - 8 * i));
    }
    head[34] = sourcePort >> 8;
    head[35] = sourcePort & 0xFF;
    head[36] = destinationPort >> 8;
    head[37] = destinationPort & 0xFF;
    const uint32_t port = Route(head, HEAD_BYTES);
    return port == NO_PORT ? GetNPorts() : port;
}

RoceSwitch::PortStats
RoceSwitch::GetPortStats(uint32_t i) const
{
    NS_ASSERT(i < m_ports.size());
    const Port& p = m_ports[i];
    PortStats s = p.stats;
    const RoceNetDevice::Stats d = p.device->GetStats();
    for (uint8_t prio = 0; prio < PRIORITIES; ++prio)
    {
        s.pausesReceived[prio] = d.pauseFramesReceived[prio];
        s.pausedPs[prio] = d.pausedPs[prio];
        if (m_mmu && m_mmu->IsPaused(i, prio))
        {
            s.pausingPs[prio] += (Simulator::Now() - p.pausingSince[prio]).GetPicoSeconds();
        }
    }
    return s;
}

RoceSwitch::Stats
RoceSwitch::GetStats() const
{
    Stats s;
    for (uint32_t i = 0; i < GetNPorts(); ++i)
    {
        s.total.Add(GetPortStats(i));
    }
    if (m_mmu)
    {
        const RoceSwitchMmu::Stats& m = m_mmu->GetStats();
        s.peakBufferBytes = m.peakTotalUsed;
        s.peakSharedBytes = m.peakSharedUsed;
        s.peakHeadroomBytes = m.peakHeadroomUsed;
    }
    return s;
}

} // namespace ns3
