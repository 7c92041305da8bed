#include "generator-util.h"
#include "ndksim/topo/generators.h"

namespace ndksim::topo
{

using detail::CheckPositive;
using detail::CheckRange;
using detail::CheckSize;
using detail::MakeLink;

Topology
MakeDragonfly(const DragonflyParams& params)
{
    CheckRange("dragonfly", "a", params.a, 1, 1024);
    CheckRange("dragonfly", "p", params.p, 1, 1024);
    CheckRange("dragonfly", "h", params.h, 1, 1024);
    CheckPositive("dragonfly", "host_rate", params.hostRateBps);
    CheckPositive("dragonfly", "local_rate", params.localRateBps);
    CheckPositive("dragonfly", "global_rate", params.globalRateBps);
    CheckPositive("dragonfly", "host_delay", params.hostDelayPs);
    CheckPositive("dragonfly", "local_delay", params.localDelayPs);
    CheckPositive("dragonfly", "global_delay", params.globalDelayPs);
    const std::uint64_t a = params.a;
    const std::uint64_t p = params.p;
    const std::uint64_t h = params.h;
    const std::uint64_t groups = a * h + 1;
    const std::uint64_t routers = a * groups;
    const std::uint64_t hosts = routers * p;
    CheckSize("dragonfly", hosts + routers);

    Topology topo;
    for (std::uint64_t i = 0; i < hosts; ++i)
    {
        topo.AddNode(NodeRole::Host, "host" + std::to_string(i));
    }
    const auto routerBase = static_cast<NodeId>(hosts);
    for (std::uint64_t g = 0; g < groups; ++g)
    {
        for (std::uint64_t r = 0; r < a; ++r)
        {
            topo.AddNode(NodeRole::Tor, "g" + std::to_string(g) + "r" + std::to_string(r));
        }
    }
    auto router = [&](std::uint64_t g, std::uint64_t r) {
        return routerBase + static_cast<NodeId>(g * a + r);
    };

    const LinkProps hostLink = MakeLink(params.hostRateBps, params.hostDelayPs);
    const LinkProps localLink = MakeLink(params.localRateBps, params.localDelayPs);
    const LinkProps globalLink = MakeLink(params.globalRateBps, params.globalDelayPs);
    for (std::uint64_t i = 0; i < hosts; ++i)
    {
        topo.AddLink(static_cast<NodeId>(i), routerBase + static_cast<NodeId>(i / p), hostLink);
    }
    for (std::uint64_t g = 0; g < groups; ++g)
    {
        for (std::uint64_t r = 0; r < a; ++r)
        {
            for (std::uint64_t r2 = r + 1; r2 < a; ++r2)
            {
                topo.AddLink(router(g, r), router(g, r2), localLink);
            }
        }
    }
    // Consecutive arrangement: global port x of group g leads to group x (x < g) or x+1; the
    // peer group t reaches g on its port g (g < t). Each group pair is created once, from the
    // lower group, which also keeps each router's global ports in increasing x order.
    for (std::uint64_t g = 0; g < groups; ++g)
    {
        for (std::uint64_t x = 0; x < a * h; ++x)
        {
            const std::uint64_t t = x < g ? x : x + 1;
            if (t > g)
            {
                topo.AddLink(router(g, x / h), router(t, g / h), globalLink);
            }
        }
    }
    topo.SetDescription("dragonfly a=" + std::to_string(a) + " p=" + std::to_string(p) +
                        " h=" + std::to_string(h) + ", " + std::to_string(groups) + " groups");
    return topo;
}

} // namespace ndksim::topo
