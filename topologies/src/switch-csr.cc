#include "switch-csr.h"

#include <algorithm>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/dijkstra_shortest_paths_no_color_map.hpp>
#include <utility>

namespace ndksim::topo::detail
{

namespace
{

/// Records hop distances and discovery order (BFS discovers in nondecreasing distance).
class HopVisitor : public boost::default_bfs_visitor
{
  public:
    HopVisitor(std::uint64_t* dist, std::vector<std::uint32_t>* order)
        : m_dist(dist),
          m_order(order)
    {
    }

    template <typename Edge, typename Graph>
    void tree_edge(Edge e, const Graph& g) const
    {
        m_dist[boost::target(e, g)] = m_dist[boost::source(e, g)] + 1;
    }

    template <typename Vertex, typename Graph>
    void discover_vertex(Vertex v, const Graph&) const
    {
        if (m_order)
        {
            m_order->push_back(v);
        }
    }

  private:
    std::uint64_t* m_dist;
    std::vector<std::uint32_t>* m_order;
};

/// Records the order in which Dijkstra settles vertices (nondecreasing distance).
class SettleVisitor : public boost::default_dijkstra_visitor
{
  public:
    explicit SettleVisitor(std::vector<std::uint32_t>* order)
        : m_order(order)
    {
    }

    template <typename Vertex, typename Graph>
    void examine_vertex(Vertex v, const Graph&) const
    {
        if (m_order)
        {
            m_order->push_back(v);
        }
    }

  private:
    std::vector<std::uint32_t>* m_order;
};

} // namespace

SwitchCsr::SwitchCsr(const Topology& topo, RoutingMetric metric, const std::vector<char>& linkDown)
    : m_metric(metric),
      m_index(topo.NumNodes(), NOT_A_SWITCH)
{
    for (NodeId v = 0; v < topo.NumNodes(); ++v)
    {
        if (IsSwitch(topo.GetRole(v)))
        {
            m_index[v] = static_cast<std::uint32_t>(m_nodes.size());
            m_nodes.push_back(v);
        }
    }
    // Arcs come out sorted by source and, per source, in port order: CSR keeps that order.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs;
    std::vector<CsrEdge> props;
    for (std::uint32_t s = 0; s < m_nodes.size(); ++s)
    {
        const NodeId v = m_nodes[s];
        const std::size_t ports = topo.NumPorts(v);
        for (std::size_t p = 0; p < ports; ++p)
        {
            const Port port = topo.GetPort(v, static_cast<PortIndex>(p));
            if (m_index[port.peer] == NOT_A_SWITCH || linkDown[port.link])
            {
                continue;
            }
            const std::uint64_t w =
                metric == RoutingMetric::HopCount ? 1 : topo.GetLink(port.link).delayPs;
            arcs.emplace_back(s, m_index[port.peer]);
            props.push_back(CsrEdge{w, static_cast<PortIndex>(p)});
        }
    }
    m_graph = SwitchCsrGraph(boost::edges_are_sorted,
                             arcs.begin(),
                             arcs.end(),
                             props.begin(),
                             static_cast<std::uint32_t>(m_nodes.size()));
    m_color.resize(m_nodes.size());
}

std::size_t
SwitchCsr::NumSwitches() const
{
    return m_nodes.size();
}

std::uint32_t
SwitchCsr::Index(NodeId node) const
{
    return m_index[node];
}

NodeId
SwitchCsr::Node(std::uint32_t index) const
{
    return m_nodes[index];
}

const SwitchCsrGraph&
SwitchCsr::Graph() const
{
    return m_graph;
}

void
SwitchCsr::Distances(std::uint32_t source,
                     std::vector<std::uint64_t>& dist,
                     std::vector<std::uint32_t>* order) const
{
    dist.assign(m_nodes.size(), UNREACHABLE);
    if (order)
    {
        order->clear();
    }
    const auto index = boost::get(boost::vertex_index, m_graph);
    const auto distMap = boost::make_iterator_property_map(dist.begin(), index);
    if (m_metric == RoutingMetric::HopCount)
    {
        dist[source] = 0;
        const auto colorMap = boost::make_iterator_property_map(m_color.begin(), index);
        boost::breadth_first_search(
            m_graph,
            source,
            boost::visitor(HopVisitor(dist.data(), order)).color_map(colorMap));
    }
    else
    {
        boost::dijkstra_shortest_paths_no_color_map(
            m_graph,
            source,
            boost::weight_map(boost::get(&CsrEdge::weight, m_graph))
                .distance_map(distMap)
                .visitor(SettleVisitor(order)));
    }
}

} // namespace ndksim::topo::detail
