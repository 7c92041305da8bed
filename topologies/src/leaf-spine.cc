#include "generator-util.h"
#include "ndksim/topo/generators.h"

#include <algorithm>

namespace ndksim::topo
{

using detail::CheckPositive;
using detail::CheckRange;
using detail::CheckSize;
using detail::MakeLink;

Topology
MakeLeafSpine(const LeafSpineParams& params)
{
    CheckRange("leafspine", "leaves", params.leaves, 1, 65535);
    CheckRange("leafspine", "spines", params.spines, 1, 65535);
    CheckRange("leafspine", "hosts", params.hostsPerLeaf, 1, 65535);
    CheckPositive("leafspine", "host_rate", params.hostRateBps);
    CheckPositive("leafspine", "fabric_rate", params.fabricRateBps);
    CheckPositive("leafspine", "host_delay", params.hostDelayPs);
    CheckPositive("leafspine", "fabric_delay", params.fabricDelayPs);
    const std::uint64_t hosts = std::uint64_t{params.leaves} * params.hostsPerLeaf;
    CheckSize("leafspine", hosts + params.leaves + params.spines);
    if (std::uint64_t{params.hostsPerLeaf} + params.spines > 65535)
    {
        throw TopoError(
            "leafspine: hosts + spines = " + std::to_string(params.hostsPerLeaf + params.spines) +
            " ports per leaf is more than 65535");
    }

    Topology topo;
    for (std::uint64_t i = 0; i < hosts; ++i)
    {
        topo.AddNode(NodeRole::Host, "host" + std::to_string(i));
    }
    const auto leafBase = static_cast<NodeId>(hosts);
    for (std::uint32_t i = 0; i < params.leaves; ++i)
    {
        topo.AddNode(NodeRole::Tor, "leaf" + std::to_string(i));
    }
    const NodeId spineBase = leafBase + params.leaves;
    for (std::uint32_t i = 0; i < params.spines; ++i)
    {
        topo.AddNode(NodeRole::Core, "spine" + std::to_string(i));
    }
    const LinkProps hostLink = MakeLink(params.hostRateBps, params.hostDelayPs);
    const LinkProps fabricLink = MakeLink(params.fabricRateBps, params.fabricDelayPs);
    for (std::uint64_t h = 0; h < hosts; ++h)
    {
        topo.AddLink(static_cast<NodeId>(h),
                     leafBase + static_cast<NodeId>(h / params.hostsPerLeaf),
                     hostLink);
    }
    for (std::uint32_t l = 0; l < params.leaves; ++l)
    {
        for (std::uint32_t s = 0; s < params.spines; ++s)
        {
            topo.AddLink(leafBase + l, spineBase + s, fabricLink);
        }
    }
    // With an even leaf count the host halves are whole leaves: each leaf of a side pushes
    // min(its hosts, its uplinks) across. With an odd count a leaf is split and the figure is
    // not a clean bisection, so only the min-cut is reported.
    if (params.leaves % 2 == 0)
    {
        const std::uint64_t perLeaf =
            std::min<std::uint64_t>(std::uint64_t{params.hostsPerLeaf} * params.hostRateBps,
                                    std::uint64_t{params.spines} * params.fabricRateBps);
        topo.SetAnalyticBisection(std::uint64_t{params.leaves / 2} * perLeaf);
    }
    topo.SetDescription("2-tier leaf-spine, " + std::to_string(params.leaves) + " leaves, " +
                        std::to_string(params.spines) + " spines, " +
                        std::to_string(params.hostsPerLeaf) + " hosts per leaf");
    return topo;
}

} // namespace ndksim::topo
