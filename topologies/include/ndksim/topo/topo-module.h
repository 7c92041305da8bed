/*
 * ndksim topologies: everything in one include.
 */
#ifndef NDKSIM_TOPO_TOPO_MODULE_H
#define NDKSIM_TOPO_TOPO_MODULE_H

#include "ndksim/topo/ecmp-routes.h"
#include "ndksim/topo/generators.h"
#include "ndksim/topo/topo-error.h"
#include "ndksim/topo/topo-io.h"
#include "ndksim/topo/topo-stats.h"
#include "ndksim/topo/topology.h"
#include "ndksim/topo/units.h"
#include "ndksim/topo/validate.h"

#endif // NDKSIM_TOPO_TOPO_MODULE_H
