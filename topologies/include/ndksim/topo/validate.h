/*
 * ndksim topologies: structural validation and switch-role inference.
 */
#ifndef NDKSIM_TOPO_VALIDATE_H
#define NDKSIM_TOPO_VALIDATE_H

#include "ndksim/topo/topology.h"

#include <cstddef>
#include <string>

namespace ndksim::topo
{

/// Limits that Validate() enforces.
struct ValidateOptions
{
    std::size_t maxPorts = 128; //!< most ports a switch may have (ndksim-topo --max-ports)
};

/**
 * \brief Checks that \p topo is a fabric ndksim can simulate; throws on the first problem.
 *
 * Checks, in this order: at least one host; per link: no self-loop, rate > 0, delay > 0, error
 * rate in [0, 1]; no duplicate (parallel) link; per node: a host has exactly one link (this
 * version does not model multi-homed hosts) and it goes to a switch, a switch has at most
 * options.maxPorts ports; the whole graph is connected.
 *
 * \param topo the topology
 * \param options limits
 * \param source file or generator name put in the error ("" for none)
 * \throws TopoError naming the node or link and what is wrong
 */
void Validate(const Topology& topo,
              const ValidateOptions& options = ValidateOptions(),
              const std::string& source = "");

/**
 * \brief Gives switch roles from the structure (used for HPCC files, which have no roles).
 *
 * A switch with a host attached is a Tor. The other switches get their BFS layer from the ToRs
 * (ToRs are layer 0). If the graph is layered -- every switch-to-switch link joins adjacent layers
 * and there are at most 3 layers -- layer 1 is Agg and layer 2 Core; with 2 layers the upper one is
 * Core (spine). Otherwise every non-ToR switch is Switch. Hosts are left alone.
 *
 * \param topo the topology to update
 */
void InferSwitchRoles(Topology& topo);

} // namespace ndksim::topo

#endif // NDKSIM_TOPO_VALIDATE_H
