#include "generator-util.h"
#include "ndksim/topo/generators.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace ndksim::topo
{

using detail::CheckPositive;
using detail::CheckRange;
using detail::CheckSize;
using detail::MakeLink;

std::uint64_t
UniformBelow(std::mt19937_64& rng, std::uint64_t n)
{
    // Reject the low 2^64 mod n values so every residue is equally likely.
    const std::uint64_t threshold = (0 - n) % n;
    std::uint64_t x = rng();
    while (x < threshold)
    {
        x = rng();
    }
    return x % n;
}

namespace
{

/// Jellyfish's incremental random regular graph (Singla et al., NSDI 2012, section 3).
class RandomRegularBuilder
{
  public:
    RandomRegularBuilder(std::uint32_t n, std::uint32_t r)
        : m_adj(n),
          m_free(n, r),
          m_open(n),
          m_openPos(n)
    {
        for (std::uint32_t v = 0; v < n; ++v)
        {
            m_open[v] = v;
            m_openPos[v] = v;
        }
    }

    /// \return false if stuck (the caller retries with fresh draws from the same RNG)
    bool Build(std::mt19937_64& rng)
    {
        while (!m_open.empty())
        {
            if (m_open.size() >= 2 && LinkRandomPair(rng))
            {
                continue;
            }
            if (!Swap(rng))
            {
                return false;
            }
        }
        return true;
    }

    bool Connected() const
    {
        std::vector<char> seen(m_adj.size(), 0);
        std::vector<std::uint32_t> stack{0};
        seen[0] = 1;
        std::size_t count = 1;
        while (!stack.empty())
        {
            const std::uint32_t v = stack.back();
            stack.pop_back();
            for (std::uint32_t w : m_adj[v])
            {
                if (!seen[w])
                {
                    seen[w] = 1;
                    ++count;
                    stack.push_back(w);
                }
            }
        }
        return count == m_adj.size();
    }

    /// \return the links, each (low, high), sorted
    std::vector<std::pair<std::uint32_t, std::uint32_t>> Links() const
    {
        auto links = m_links;
        std::sort(links.begin(), links.end());
        return links;
    }

  private:
    bool Adjacent(std::uint32_t u, std::uint32_t v) const
    {
        return std::binary_search(m_adj[u].begin(), m_adj[u].end(), v);
    }

    void Connect(std::uint32_t u, std::uint32_t v)
    {
        m_adj[u].insert(std::lower_bound(m_adj[u].begin(), m_adj[u].end(), v), v);
        m_adj[v].insert(std::lower_bound(m_adj[v].begin(), m_adj[v].end(), u), u);
        m_links.emplace_back(std::min(u, v), std::max(u, v));
        TakePort(u);
        TakePort(v);
    }

    void Disconnect(std::size_t linkIndex)
    {
        const auto [x, y] = m_links[linkIndex];
        m_links[linkIndex] = m_links.back();
        m_links.pop_back();
        m_adj[x].erase(std::lower_bound(m_adj[x].begin(), m_adj[x].end(), y));
        m_adj[y].erase(std::lower_bound(m_adj[y].begin(), m_adj[y].end(), x));
        FreePort(x);
        FreePort(y);
    }

    void TakePort(std::uint32_t v)
    {
        if (--m_free[v] == 0)
        {
            // Swap-remove from the open list; the order depends only on the RNG draws.
            const std::uint32_t pos = m_openPos[v];
            m_open[pos] = m_open.back();
            m_openPos[m_open[pos]] = pos;
            m_open.pop_back();
        }
    }

    void FreePort(std::uint32_t v)
    {
        if (m_free[v]++ == 0)
        {
            m_openPos[v] = static_cast<std::uint32_t>(m_open.size());
            m_open.push_back(v);
        }
    }

    /// Links two open switches that are not yet adjacent, if any pair exists.
    bool LinkRandomPair(std::mt19937_64& rng)
    {
        // Random probes are enough while the graph is sparse; near the end fall back to the full
        // list of candidate pairs so "stuck" is decided exactly.
        for (int attempt = 0; attempt < 8; ++attempt)
        {
            const std::uint32_t u = m_open[UniformBelow(rng, m_open.size())];
            const std::uint32_t v = m_open[UniformBelow(rng, m_open.size())];
            if (u != v && !Adjacent(u, v))
            {
                Connect(u, v);
                return true;
            }
        }
        std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
        for (std::size_t i = 0; i < m_open.size(); ++i)
        {
            for (std::size_t j = i + 1; j < m_open.size(); ++j)
            {
                if (!Adjacent(m_open[i], m_open[j]))
                {
                    pairs.emplace_back(m_open[i], m_open[j]);
                }
            }
        }
        if (pairs.empty())
        {
            return false;
        }
        const auto [u, v] = pairs[UniformBelow(rng, pairs.size())];
        Connect(u, v);
        return true;
    }

    /// Frees ports by breaking a random link (x, y) and relinking its ends to open switches.
    bool Swap(std::mt19937_64& rng)
    {
        const auto wide = std::find_if(m_open.begin(), m_open.end(), [this](std::uint32_t v) {
            return m_free[v] >= 2;
        });
        if (wide == m_open.end() && m_open.size() < 2)
        {
            return false;
        }
        const std::uint32_t u = wide != m_open.end() ? *wide : m_open[0];
        // With no switch holding two free ports, there are at least two open switches (the free
        // port total is even) and they are pairwise adjacent.
        const std::uint32_t v = wide != m_open.end() ? u : m_open[1];
        std::vector<std::pair<std::size_t, bool>> candidates; // link index, ends swapped
        for (std::size_t i = 0; i < m_links.size(); ++i)
        {
            const auto [x, y] = m_links[i];
            if (x == u || x == v || y == u || y == v)
            {
                continue;
            }
            if (!Adjacent(u, x) && !Adjacent(v, y))
            {
                candidates.emplace_back(i, false);
            }
            if (!Adjacent(u, y) && !Adjacent(v, x))
            {
                candidates.emplace_back(i, true);
            }
        }
        if (candidates.empty())
        {
            return false;
        }
        const auto [index, swapped] = candidates[UniformBelow(rng, candidates.size())];
        auto [x, y] = m_links[index];
        if (swapped)
        {
            std::swap(x, y);
        }
        Disconnect(index);
        Connect(u, x);
        Connect(v, y);
        return true;
    }

    std::vector<std::vector<std::uint32_t>> m_adj;                //!< sorted neighbour lists
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_links; //!< (low, high)
    std::vector<std::uint32_t> m_free;                            //!< free ports per switch
    std::vector<std::uint32_t> m_open;                            //!< switches with free ports
    std::vector<std::uint32_t> m_openPos;                         //!< index in m_open
};

constexpr int MAX_ATTEMPTS = 1000;

} // namespace

Topology
MakeJellyfish(const JellyfishParams& params, std::mt19937_64& rng)
{
    CheckRange("jellyfish", "switches", params.switches, 2, 1'000'000);
    CheckRange("jellyfish", "ports", params.ports, 2, 65535);
    CheckRange("jellyfish", "hosts", params.hostsPerSwitch, 1, params.ports - 1);
    CheckPositive("jellyfish", "host_rate", params.hostRateBps);
    CheckPositive("jellyfish", "fabric_rate", params.fabricRateBps);
    CheckPositive("jellyfish", "host_delay", params.hostDelayPs);
    CheckPositive("jellyfish", "fabric_delay", params.fabricDelayPs);
    const std::uint32_t n = params.switches;
    const std::uint32_t r = params.ports - params.hostsPerSwitch;
    const std::string degree = "ports - hosts = " + std::to_string(r) + " network ports";
    if (r >= n)
    {
        throw TopoError("jellyfish: " + degree + " per switch needs more than " +
                        std::to_string(n) + " switches");
    }
    if ((std::uint64_t{n} * r) % 2 != 0)
    {
        throw TopoError("jellyfish: switches * (" + degree + ") must be even");
    }
    if (r < 2 && n > 2)
    {
        throw TopoError("jellyfish: " + degree + " per switch cannot connect " + std::to_string(n) +
                        " switches (need at least 2)");
    }
    const std::uint64_t hosts = std::uint64_t{n} * params.hostsPerSwitch;
    CheckSize("jellyfish", hosts + n);

    std::vector<std::pair<std::uint32_t, std::uint32_t>> links;
    for (int attempt = 0; attempt < MAX_ATTEMPTS && links.empty(); ++attempt)
    {
        RandomRegularBuilder builder(n, r);
        if (builder.Build(rng) && builder.Connected())
        {
            links = builder.Links();
        }
    }
    if (links.empty())
    {
        throw TopoError("jellyfish: no connected " + std::to_string(r) + "-regular graph on " +
                        std::to_string(n) + " switches found in " + std::to_string(MAX_ATTEMPTS) +
                        " attempts");
    }

    Topology topo;
    for (std::uint64_t i = 0; i < hosts; ++i)
    {
        topo.AddNode(NodeRole::Host, "host" + std::to_string(i));
    }
    const auto switchBase = static_cast<NodeId>(hosts);
    for (std::uint32_t s = 0; s < n; ++s)
    {
        topo.AddNode(NodeRole::Tor, "sw" + std::to_string(s));
    }
    const LinkProps hostLink = MakeLink(params.hostRateBps, params.hostDelayPs);
    const LinkProps fabricLink = MakeLink(params.fabricRateBps, params.fabricDelayPs);
    for (std::uint64_t i = 0; i < hosts; ++i)
    {
        topo.AddLink(static_cast<NodeId>(i),
                     switchBase + static_cast<NodeId>(i / params.hostsPerSwitch),
                     hostLink);
    }
    for (const auto& [u, v] : links)
    {
        topo.AddLink(switchBase + u, switchBase + v, fabricLink);
    }
    topo.SetDescription("jellyfish, " + std::to_string(n) + " switches of " +
                        std::to_string(params.ports) + " ports, " +
                        std::to_string(params.hostsPerSwitch) + " hosts per switch");
    return topo;
}

} // namespace ndksim::topo
