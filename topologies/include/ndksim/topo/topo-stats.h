/*
 * ndksim topologies: summary statistics (what ndksim-topo prints).
 */
#ifndef NDKSIM_TOPO_TOPO_STATS_H
#define NDKSIM_TOPO_TOPO_STATS_H

#include "ndksim/topo/topology.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace ndksim::topo
{

/// Nodes of one role.
struct RoleStats
{
    NodeRole role;            //!< the role
    std::size_t nodes = 0;    //!< how many
    std::size_t minPorts = 0; //!< fewest ports among them
    std::size_t maxPorts = 0; //!< most ports among them
};

/// Links between two roles (roleA <= roleB in enum order, e.g. host-tor, tor-agg).
struct LinkClassStats
{
    NodeRole roleA;               //!< lower role
    NodeRole roleB;               //!< higher role
    std::size_t links = 0;        //!< how many
    std::uint64_t minRateBps = 0; //!< slowest
    std::uint64_t maxRateBps = 0; //!< fastest
    std::uint64_t minDelayPs = 0; //!< shortest delay
    std::uint64_t maxDelayPs = 0; //!< longest delay
};

/// Number of equal-cost (hop-count) shortest paths between ToR pairs.
struct PathCountStats
{
    std::size_t pairs = 0; //!< ordered pairs of distinct ToRs counted
    std::uint64_t min = 0; //!< fewest paths of a pair
    double mean = 0.0;     //!< mean over the pairs
    std::uint64_t max = 0; //!< most paths of a pair (saturates at 2^64-1)
};

/// What ComputeStats() computes.
struct TopoStats
{
    std::size_t nodes = 0;                   //!< all nodes
    std::size_t links = 0;                   //!< all links
    std::size_t hosts = 0;                   //!< hosts
    std::size_t switches = 0;                //!< switches
    std::size_t tors = 0;                    //!< switches with hosts attached
    std::vector<RoleStats> roles;            //!< per role present, in enum order
    std::vector<LinkClassStats> linkClasses; //!< per role pair present
    std::uint32_t diameterHops = 0;          //!< longest host-to-host shortest path, in links
    std::uint64_t bisectionMinCutBps = 0;    //!< see BisectionMinCut()
    std::optional<std::uint64_t> bisectionAnalyticBps; //!< from the generator, if known
    PathCountStats ecmpPaths;                          //!< over all ordered pairs of distinct ToRs
};

/// Which of the costlier figures to compute.
struct StatsOptions
{
    bool bisection = true; //!< run the max-flow
    bool paths = true;     //!< count equal-cost paths (and the diameter)
};

/**
 * \brief Counts, diameter, bisection and ECMP path statistics of a validated topology.
 *
 * Diameter and path counts come from one hop-count BFS per ToR over the switches (hosts are not
 * transit); a host pair's path count is its ToR pair's, and hosts under one ToR have 1 path and
 * distance 2. The path counts are a DP over the shortest-path DAG (paths(t) = 1,
 * paths(s) = sum of paths(n) over next hops n), never an enumeration.
 *
 * \param topo a validated topology
 * \param options which figures to compute
 * \return the statistics
 */
TopoStats ComputeStats(const Topology& topo, const StatsOptions& options = StatsOptions());

/**
 * \brief Max-flow min-cut between the host halves [0, H/2) and [H/2, H) (by host index), every
 *        link carrying its rate in each direction (push-relabel).
 *
 * Generators number hosts by pod/leaf/group, so this split is the structural bisection; for a
 * fat-tree or even leaf-spine it equals the analytic figure. For an arbitrary graph it is the cut
 * of this one balanced split, an upper bound on the true bisection width (the minimum over all
 * balanced splits, which is NP-hard).
 *
 * \param topo a validated topology
 * \return bit/s; 0 with fewer than 2 hosts
 */
std::uint64_t BisectionMinCut(const Topology& topo);

/**
 * \brief Number of hop-count shortest switch paths from every node to \p dstTor (hosts: 0).
 * \param topo a validated topology
 * \param dstTor a switch
 * \return per node id, saturating at 2^64-1; 0 where unreachable
 */
std::vector<std::uint64_t> EqualCostPathCounts(const Topology& topo, NodeId dstTor);

} // namespace ndksim::topo

#endif // NDKSIM_TOPO_TOPO_STATS_H
