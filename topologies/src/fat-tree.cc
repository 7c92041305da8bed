#include "generator-util.h"
#include "ndksim/topo/generators.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace ndksim::topo
{

using detail::CheckPositive;
using detail::CheckRange;
using detail::MakeLink;

Topology
MakeFatTree(const FatTreeParams& params)
{
    const std::uint32_t k = params.k;
    CheckRange("fattree", "k", k, 4, 48);
    if (k % 2 != 0)
    {
        throw TopoError("fattree: k=" + std::to_string(k) + " is odd; k must be even (4..48)");
    }
    if (!(params.oversub >= 1.0 && params.oversub <= 64.0))
    {
        std::ostringstream os;
        os << "fattree: oversub=" << params.oversub << " must be between 1 and 64";
        throw TopoError(os.str());
    }
    const std::uint32_t half = k / 2;
    const double exact = params.oversub * half;
    const auto hostsPerTor = static_cast<std::uint32_t>(std::llround(exact));
    if (std::fabs(exact - hostsPerTor) > 1e-9)
    {
        std::ostringstream os;
        os << "fattree: oversub=" << params.oversub << " with k=" << k << " gives " << exact
           << " hosts per ToR; oversub*k/2 must be a whole number";
        throw TopoError(os.str());
    }
    CheckPositive("fattree", "host_rate", params.hostRateBps);
    CheckPositive("fattree", "fabric_rate", params.fabricRateBps);
    CheckPositive("fattree", "host_delay", params.hostDelayPs);
    CheckPositive("fattree", "fabric_delay", params.fabricDelayPs);

    const std::uint32_t tors = k * half;
    const std::uint32_t aggs = k * half;
    const std::uint32_t cores = half * half;
    const std::uint32_t hosts = tors * hostsPerTor;
    const NodeId torBase = hosts;
    const NodeId aggBase = torBase + tors;
    const NodeId coreBase = aggBase + aggs;

    Topology topo;
    for (std::uint32_t i = 0; i < hosts; ++i)
    {
        topo.AddNode(NodeRole::Host, "host" + std::to_string(i));
    }
    for (std::uint32_t i = 0; i < tors; ++i)
    {
        topo.AddNode(NodeRole::Tor, "tor" + std::to_string(i));
    }
    for (std::uint32_t i = 0; i < aggs; ++i)
    {
        topo.AddNode(NodeRole::Agg, "agg" + std::to_string(i));
    }
    for (std::uint32_t i = 0; i < cores; ++i)
    {
        topo.AddNode(NodeRole::Core, "core" + std::to_string(i));
    }

    // Link order fixes port order: host ports first on ToRs, then ToR-agg, then agg-core, so each
    // switch lists its down ports before its up ports.
    const LinkProps hostLink = MakeLink(params.hostRateBps, params.hostDelayPs);
    const LinkProps fabricLink = MakeLink(params.fabricRateBps, params.fabricDelayPs);
    for (std::uint32_t h = 0; h < hosts; ++h)
    {
        topo.AddLink(h, torBase + h / hostsPerTor, hostLink);
    }
    for (std::uint32_t pod = 0; pod < k; ++pod)
    {
        for (std::uint32_t i = 0; i < half; ++i)
        {
            for (std::uint32_t j = 0; j < half; ++j)
            {
                topo.AddLink(torBase + pod * half + i, aggBase + pod * half + j, fabricLink);
            }
        }
    }
    for (std::uint32_t pod = 0; pod < k; ++pod)
    {
        for (std::uint32_t j = 0; j < half; ++j)
        {
            for (std::uint32_t c = 0; c < half; ++c)
            {
                topo.AddLink(aggBase + pod * half + j, coreBase + j * half + c, fabricLink);
            }
        }
    }

    // Half the pods on each side: every ToR of a side pushes min(its hosts, its uplinks) across,
    // and the agg and core layers carry (k/2)^2 uplinks per side, which is never less.
    const std::uint64_t perTor =
        std::min<std::uint64_t>(std::uint64_t{hostsPerTor} * params.hostRateBps,
                                std::uint64_t{half} * params.fabricRateBps);
    topo.SetAnalyticBisection(std::uint64_t{half} * half * perTor);

    std::ostringstream os;
    os << "3-tier fat-tree k=" << k << ", " << hostsPerTor << " hosts per ToR (oversubscription "
       << params.oversub << ":1)";
    topo.SetDescription(os.str());
    return topo;
}

} // namespace ndksim::topo
