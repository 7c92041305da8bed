/*
 * ndksim topologies: readers (GraphViz DOT, GraphML, HPCC topology text), writers (DOT,
 * GraphML) and the one entry point that takes a generator string or a file.
 */
#ifndef NDKSIM_TOPO_TOPO_IO_H
#define NDKSIM_TOPO_TOPO_IO_H

#include "ndksim/topo/topology.h"
#include "ndksim/topo/validate.h"

#include <iosfwd>
#include <string>

namespace ndksim::topo
{

/*
 * DOT and GraphML attributes (both formats):
 *   node: name (DOT: the node id; GraphML: data key "name", else "n<i>" by document order),
 *         role (required: host, tor/leaf, agg, core/spine, switch),
 *         index (optional: the node id; all nodes or none; without it nodes keep the reader's
 *                order, which for DOT is by name)
 *   edge: rate (required, e.g. "100Gbps"), delay (required, e.g. "1us"), error_rate (optional,
 *         default 0), name (optional)
 * Other attributes are ignored. Links keep file order (their ids, hence port numbering).
 *
 * HPCC text: line 1 "NODES SWITCHES LINKS", line 2 the switch ids, then one "a b rate delay
 * error_rate" line per link; other ids are hosts, named by their id; switch roles are inferred
 * (InferSwitchRoles()). Node ids equal the file's ids.
 *
 * Every reader builds into a temporary, validates it (Validate(), with the file name) and only
 * then returns it: a bad file throws TopoError and yields nothing.
 */

/** Reads GraphViz DOT from \p in; \p source names it in errors. \throws TopoError */
Topology ReadDot(std::istream& in,
                 const std::string& source,
                 const ValidateOptions& options = ValidateOptions());
/** Reads GraphML from \p in; \p source names it in errors. \throws TopoError */
Topology ReadGraphml(std::istream& in,
                     const std::string& source,
                     const ValidateOptions& options = ValidateOptions());
/** Reads HPCC topology text from \p in; \p source names it in errors. \throws TopoError */
Topology ReadHpcc(std::istream& in,
                  const std::string& source,
                  const ValidateOptions& options = ValidateOptions());

/**
 * \brief Reads a topology file, choosing the format from the extension: .dot/.gv (DOT),
 *        .graphml/.xml (GraphML), .txt (HPCC).
 * \throws TopoError on an unknown extension, an unreadable file or a bad topology
 */
Topology ReadTopologyFile(const std::string& path,
                          const ValidateOptions& options = ValidateOptions());

/**
 * \brief Generator string or file: an existing file is read (ReadTopologyFile()), otherwise
 *        \p spec must be a generator string (MakeTopology()); the result is validated.
 * \throws TopoError
 */
Topology LoadTopology(const std::string& spec, const ValidateOptions& options = ValidateOptions());

/** Writes \p topo as DOT (nodes and links in id order, with index attributes). */
void WriteDot(const Topology& topo, std::ostream& out);
/** Writes \p topo as GraphML (same attributes as DOT). */
void WriteGraphml(const Topology& topo, std::ostream& out);
/** Writes DOT or GraphML to \p path by its extension. \throws TopoError if it cannot */
void WriteTopologyFile(const Topology& topo, const std::string& path);

} // namespace ndksim::topo

#endif // NDKSIM_TOPO_TOPO_IO_H
