/*
 * The string-attributed graph DOT and GraphML are read into before conversion (private).
 */
#ifndef NDKSIM_TOPO_RAW_GRAPH_H
#define NDKSIM_TOPO_RAW_GRAPH_H

#include "ndksim/topo/topology.h"
#include "ndksim/topo/validate.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/property_map/dynamic_property_map.hpp>
#include <string>

namespace ndksim::topo::detail
{

/// Node attributes as text.
struct RawNode
{
    std::string name;
    std::string role;
    std::string index;
};

/// Edge attributes as text.
struct RawEdge
{
    std::string rate;
    std::string delay;
    std::string errorRate;
    std::string name;
};

using RawGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, RawNode, RawEdge>;

/**
 * dynamic_properties for \p g: node name under \p nameKey, role, index, and edge rate, delay,
 * error_rate, name. The maps accept values of any GraphML type (stored as text), so a key
 * declared "double" or "int" does not abort the read; other attributes are ignored.
 */
boost::dynamic_properties MakeRawProperties(RawGraph& g, const std::string& nameKey);

/// Converts, validates and returns; errors name \p source and the node or link.
Topology BuildFromRaw(const RawGraph& g, const std::string& source, const ValidateOptions& options);

/// Escapes \p text for a double-quoted DOT string or an XML attribute/text (\p xml).
std::string Escape(const std::string& text, bool xml);

} // namespace ndksim::topo::detail

#endif // NDKSIM_TOPO_RAW_GRAPH_H
