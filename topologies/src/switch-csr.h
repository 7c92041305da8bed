/*
 * Compressed-sparse-row snapshot of the switch graph for shortest-path sweeps (private).
 */
#ifndef NDKSIM_TOPO_SWITCH_CSR_H
#define NDKSIM_TOPO_SWITCH_CSR_H

#include "ndksim/topo/ecmp-routes.h"
#include "ndksim/topo/topology.h"

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>
#include <limits>
#include <vector>

namespace ndksim::topo::detail
{

/// Edge of the snapshot: cost under the metric and the port it leaves on.
struct CsrEdge
{
    std::uint64_t weight; //!< 1 (hops) or the link delay in ps
    PortIndex port;       //!< port number on the source switch
};

/// Directed CSR over switches only (each up switch-to-switch link gives two arcs).
using SwitchCsrGraph = boost::compressed_sparse_row_graph<boost::directedS,
                                                          boost::no_property,
                                                          CsrEdge,
                                                          boost::no_property,
                                                          std::uint32_t,
                                                          std::uint32_t>;

/// Distance of a switch that cannot be reached.
inline constexpr std::uint64_t UNREACHABLE = std::numeric_limits<std::uint64_t>::max();
/// Index of a node that is not a switch.
inline constexpr std::uint32_t NOT_A_SWITCH = std::numeric_limits<std::uint32_t>::max();

/**
 * The switches of a topology (index = rank by node id) and their up links, with arcs of each
 * switch in port order, so out_edges() order is port order.
 */
class SwitchCsr
{
  public:
    SwitchCsr(const Topology& topo, RoutingMetric metric, const std::vector<char>& linkDown);

    std::size_t NumSwitches() const;
    std::uint32_t Index(NodeId node) const;
    NodeId Node(std::uint32_t index) const;
    const SwitchCsrGraph& Graph() const;

    /**
     * Shortest distances from \p source (BFS for hop count, Dijkstra for delay). Distances are
     * symmetric (links are full-duplex), so this is also the distance of every switch to source.
     * \param source switch index
     * \param dist out: per switch index, UNREACHABLE if none
     * \param order out (optional): the reached switches by nondecreasing distance
     */
    void Distances(std::uint32_t source,
                   std::vector<std::uint64_t>& dist,
                   std::vector<std::uint32_t>* order = nullptr) const;

  private:
    RoutingMetric m_metric;
    std::vector<std::uint32_t> m_index; //!< node -> switch index
    std::vector<NodeId> m_nodes;        //!< switch index -> node
    SwitchCsrGraph m_graph;
    mutable std::vector<boost::default_color_type> m_color; //!< BFS scratch
};

} // namespace ndksim::topo::detail

#endif // NDKSIM_TOPO_SWITCH_CSR_H
