/*
 * ndksim topologies: ECMP next-hop tables per destination ToR.
 */
#ifndef NDKSIM_TOPO_ECMP_ROUTES_H
#define NDKSIM_TOPO_ECMP_ROUTES_H

#include "ndksim/topo/topology.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ndksim::topo
{

/// What "shortest" means for ECMP.
enum class RoutingMetric
{
    HopCount, //!< fewest links (the usual datacenter ECMP); BFS
    Delay     //!< least total propagation delay (integer ps, exact ties); Dijkstra
};

/** \return "hops" or "delay" */
const char* ToString(RoutingMetric metric);

/**
 * \param text "hops" (also "hop", "hopcount") or "delay"
 * \return the metric
 * \throws std::invalid_argument otherwise
 */
RoutingMetric ParseMetric(const std::string& text);

/// Inputs of the route computation.
struct RoutingOptions
{
    RoutingMetric metric = RoutingMetric::HopCount; //!< path cost
    std::vector<LinkId> downLinks;                  //!< failed links (both directions)
};

/**
 * \brief A read-only view of a run of port numbers (C++17 has no std::span).
 *
 * Points into the EcmpRoutes that returned it; valid while that object lives.
 */
class PortSpan
{
  public:
    PortSpan() = default;

    /**
     * \param data first port
     * \param size number of ports
     */
    PortSpan(const PortIndex* data, std::size_t size)
        : m_data(data),
          m_size(size)
    {
    }

    /** \return first port */
    const PortIndex* begin() const
    {
        return m_data;
    }

    /** \return one past the last port */
    const PortIndex* end() const
    {
        return m_data + m_size;
    }

    /** \return number of ports */
    std::size_t size() const
    {
        return m_size;
    }

    /** \return true if there are no ports (destination unreachable) */
    bool empty() const
    {
        return m_size == 0;
    }

    /** \return port i */
    PortIndex operator[](std::size_t i) const
    {
        return m_data[i];
    }

    /** \return the ports as a vector (tests, printing) */
    std::vector<PortIndex> ToVector() const
    {
        return std::vector<PortIndex>(begin(), end());
    }

  private:
    const PortIndex* m_data = nullptr;
    std::size_t m_size = 0;
};

/**
 * \brief Equal-cost next hops of every switch toward every destination ToR.
 *
 * A destination ToR is any switch with at least one host attached (its role label does not
 * matter); ToRs are indexed 0 .. NumTors()-1 by increasing node id. Hosts below one ToR share its
 * entries, and a ToR reaches its own hosts through their direct port. The next-hop set of switch
 * s toward ToR t is every port of s whose neighbour n (a switch, over an up link) has
 * dist(n, t) + w(s, n) == dist(s, t), in increasing port order. Hosts are never transit.
 *
 * Distances come from one BFS (hop count) or Dijkstra (integer ps delays) per destination ToR on a
 * compressed_sparse_row_graph snapshot of the switches. Storage is O(switches x ToRs) 32-bit set
 * ids plus the distinct port sets (interned; a fat-tree has a handful per switch) plus O(hosts)
 * for the host-to-ToR map: no per-host-pair state.
 *
 * The topology must be valid (see Validate()); the tables are a snapshot and keep no reference to
 * it.
 */
class EcmpRoutes
{
  public:
    /**
     * \param topo a validated topology
     * \param options metric and failed links
     * \throws TopoError if a host is not attached by exactly one link to a switch, or a down link
     *         id does not exist
     */
    explicit EcmpRoutes(const Topology& topo, const RoutingOptions& options = RoutingOptions());

    /**
     * \brief The ports \p node may forward on toward \p dstHost.
     *
     * At the destination's ToR: its host port (empty if that link is down). At another switch: the
     * entry for the destination's ToR. At a host: its port 0 (empty if the host is \p dstHost or
     * its link is down). O(1).
     *
     * \param node a switch (or host)
     * \param dstHost destination host node id
     * \return the equal-cost ports, empty if unreachable
     * \throws std::out_of_range / std::invalid_argument on an unknown node or a non-host dstHost
     */
    PortSpan NextHops(NodeId node, NodeId dstHost) const;

    /**
     * \param sw a switch
     * \param torIndex destination ToR index
     * \return the equal-cost ports toward the ToR; empty if unreachable or \p sw is that ToR
     */
    PortSpan NextHopsToTor(NodeId sw, std::size_t torIndex) const;

    /** \return the number of destination ToRs */
    std::size_t NumTors() const;
    /** \return node id of destination ToR \p torIndex */
    NodeId GetTor(std::size_t torIndex) const;
    /**
     * \return the ToR index of switch \p tor
     * \throws std::invalid_argument if no host is attached to \p tor
     */
    std::size_t GetTorIndex(NodeId tor) const;
    /** \return the ToR index of the ToR host node \p host is attached to */
    std::size_t GetHostTorIndex(NodeId host) const;

    /** \return the metric used */
    RoutingMetric GetMetric() const;
    /** \return true if \p link was given as down */
    bool IsLinkDown(LinkId link) const;

    /** \return the number of (switch, destination ToR) entries with no route */
    std::size_t NumUnreachable() const;
    /** \return the (source ToR, destination ToR) node pairs with no route, sorted */
    const std::vector<std::pair<NodeId, NodeId>>& GetUnreachableTorPairs() const;
    /** \return the hosts whose own link is down, by node id */
    const std::vector<NodeId>& GetUnreachableHosts() const;

    /** \return the number of distinct next-hop sets (the empty set included) */
    std::size_t NumPortSets() const;
    /** \return the bytes held by the tables */
    std::size_t MemoryBytes() const;

  private:
    std::uint32_t SwitchIndex(NodeId node) const;

    RoutingMetric m_metric;
    std::size_t m_numTors = 0;
    std::vector<std::uint32_t> m_local;     //!< node -> switch index or host index
    std::vector<char> m_isHost;             //!< node -> is a host
    std::vector<std::uint32_t> m_torIndex;  //!< switch index -> ToR index (or max)
    std::vector<NodeId> m_tors;             //!< ToR index -> node
    std::vector<std::uint32_t> m_hostTor;   //!< host index -> ToR index
    std::vector<PortIndex> m_hostPort;      //!< host index -> port on its ToR
    std::vector<char> m_hostUp;             //!< host index -> host link up
    std::vector<std::uint32_t> m_entry;     //!< switch index * NumTors + ToR -> set id
    std::vector<std::uint32_t> m_setOffset; //!< set id -> first port in m_setPorts
    std::vector<PortIndex> m_setPorts;      //!< ports of all distinct sets
    std::vector<char> m_linkDown;           //!< link -> down
    std::size_t m_numUnreachable = 0;
    std::vector<std::pair<NodeId, NodeId>> m_unreachableTorPairs;
    std::vector<NodeId> m_unreachableHosts;
};

} // namespace ndksim::topo

#endif // NDKSIM_TOPO_ECMP_ROUTES_H
