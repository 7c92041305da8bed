/*
 * ndksim topologies: generators for fat-tree, leaf-spine, dragonfly and jellyfish fabrics, and
 * the generator-string parser ("fattree:k=8,oversub=2").
 */
#ifndef NDKSIM_TOPO_GENERATORS_H
#define NDKSIM_TOPO_GENERATORS_H

#include "ndksim/topo/topology.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace ndksim::topo
{

/// 100 Gbit/s, the default host link rate.
inline constexpr std::uint64_t DEFAULT_HOST_RATE_BPS = 100'000'000'000ULL;
/// 400 Gbit/s, the default switch-to-switch link rate.
inline constexpr std::uint64_t DEFAULT_FABRIC_RATE_BPS = 400'000'000'000ULL;
/// 1 us, the default link delay.
inline constexpr std::uint64_t DEFAULT_DELAY_PS = 1'000'000ULL;

/**
 * 3-tier fat-tree (Al-Fares et al., SIGCOMM 2008) of k-port switches: k pods of k/2 ToRs and k/2
 * aggregation switches, (k/2)^2 cores. With oversub = 1 there are k^3/4 hosts, 5k^2/4 switches
 * and 3k^3/4 links. Oversubscription puts oversub*k/2 hosts on each ToR (k/2 uplinks).
 *
 * Node ids: hosts (pod-major), ToRs, aggs, cores. Agg j of a pod links to cores j*k/2 ..
 * j*k/2+k/2-1.
 */
struct FatTreeParams
{
    std::uint32_t k = 4;                               //!< switch radix, even, 4..48 (key k)
    double oversub = 1.0;                              //!< hosts per ToR / uplinks, >= 1 (oversub)
    std::uint64_t hostRateBps = DEFAULT_HOST_RATE_BPS; //!< host links (host_rate)
    std::uint64_t fabricRateBps = DEFAULT_FABRIC_RATE_BPS; //!< switch links (fabric_rate)
    std::uint64_t hostDelayPs = DEFAULT_DELAY_PS;          //!< host links (host_delay, delay)
    std::uint64_t fabricDelayPs = DEFAULT_DELAY_PS;        //!< switch links (fabric_delay, delay)
};

/**
 * 2-tier leaf-spine: every leaf links once to every spine; hostsPerLeaf hosts per leaf.
 * Node ids: hosts (leaf-major), leaves (role Tor), spines (role Core).
 */
struct LeafSpineParams
{
    std::uint32_t leaves = 4;                              //!< leaf switches (key leaves)
    std::uint32_t spines = 2;                              //!< spine switches (spines)
    std::uint32_t hostsPerLeaf = 8;                        //!< hosts per leaf (hosts)
    std::uint64_t hostRateBps = DEFAULT_HOST_RATE_BPS;     //!< host links (host_rate)
    std::uint64_t fabricRateBps = DEFAULT_FABRIC_RATE_BPS; //!< leaf-spine links (fabric_rate)
    std::uint64_t hostDelayPs = DEFAULT_DELAY_PS;          //!< host links (host_delay, delay)
    std::uint64_t fabricDelayPs = DEFAULT_DELAY_PS; //!< leaf-spine links (fabric_delay, delay)
};

/**
 * Dragonfly (Kim et al., ISCA 2008): g = a*h+1 groups of a routers; routers of a group are fully
 * connected; each router has p hosts and h global links; every pair of groups is joined by exactly
 * one global link, in the consecutive ("absolute") arrangement: global port x = r*h + j of group G
 * (router r, its j-th global link) goes to group x if x < G, else x+1.
 * Node ids: hosts (router-major), routers (group-major, role Tor).
 */
struct DragonflyParams
{
    std::uint32_t a = 4;                                   //!< routers per group (key a)
    std::uint32_t p = 2;                                   //!< hosts per router (p)
    std::uint32_t h = 2;                                   //!< global links per router (h)
    std::uint64_t hostRateBps = DEFAULT_HOST_RATE_BPS;     //!< host links (host_rate)
    std::uint64_t localRateBps = DEFAULT_FABRIC_RATE_BPS;  //!< intra-group links (local_rate)
    std::uint64_t globalRateBps = DEFAULT_FABRIC_RATE_BPS; //!< inter-group links (global_rate)
    std::uint64_t hostDelayPs = DEFAULT_DELAY_PS;          //!< host links (host_delay, delay)
    std::uint64_t localDelayPs = DEFAULT_DELAY_PS;         //!< local links (local_delay, delay)
    std::uint64_t globalDelayPs = DEFAULT_DELAY_PS;        //!< global links (global_delay, delay)
};

/**
 * Jellyfish (Singla et al., NSDI 2012): a random r-regular graph among the switches,
 * r = ports - hostsPerSwitch, built with the paper's incremental procedure (random links between
 * switches with free ports, then link swaps to use up the last free ports), retried with the same
 * RNG until connected. Node ids: hosts (switch-major), switches (role Tor).
 */
struct JellyfishParams
{
    std::uint32_t switches = 20;                           //!< number of switches (key switches)
    std::uint32_t ports = 8;                               //!< ports per switch (ports)
    std::uint32_t hostsPerSwitch = 4;                      //!< hosts per switch (hosts)
    std::uint64_t hostRateBps = DEFAULT_HOST_RATE_BPS;     //!< host links (host_rate)
    std::uint64_t fabricRateBps = DEFAULT_FABRIC_RATE_BPS; //!< switch links (fabric_rate)
    std::uint64_t hostDelayPs = DEFAULT_DELAY_PS;          //!< host links (host_delay, delay)
    std::uint64_t fabricDelayPs = DEFAULT_DELAY_PS;        //!< switch links (fabric_delay, delay)
};

/**
 * \param params fat-tree parameters
 * \return the fat-tree, with its analytic bisection bandwidth set
 * \throws TopoError naming the parameter (by its generator-string key) and what is wrong
 */
Topology MakeFatTree(const FatTreeParams& params);

/**
 * \param params leaf-spine parameters
 * \return the leaf-spine fabric (analytic bisection set when the leaf count is even)
 * \throws TopoError naming the bad parameter
 */
Topology MakeLeafSpine(const LeafSpineParams& params);

/**
 * \param params dragonfly parameters
 * \return the dragonfly
 * \throws TopoError naming the bad parameter
 */
Topology MakeDragonfly(const DragonflyParams& params);

/**
 * \param params jellyfish parameters
 * \param rng the only source of randomness: the same RNG state gives the same graph
 * \return a connected jellyfish
 * \throws TopoError naming the bad parameter, or if no connected graph is found in 1000 tries
 */
Topology MakeJellyfish(const JellyfishParams& params, std::mt19937_64& rng);

/**
 * \brief Builds a topology from a generator string "name:key=value,key=value".
 *
 * Generators and keys (all keys optional, defaults as in the Params structs):
 * - fattree: k, oversub, host_rate, fabric_rate, delay, host_delay, fabric_delay
 * - leafspine: leaves, spines, hosts, host_rate, fabric_rate, delay, host_delay, fabric_delay
 * - dragonfly: a, p, h, host_rate, local_rate, global_rate, delay, host_delay, local_delay,
 *   global_delay
 * - jellyfish: switches, ports, hosts, seed (default 1, seeds a std::mt19937_64), host_rate,
 *   fabric_rate, delay, host_delay, fabric_delay
 *
 * Rates as ParseRate() ("100Gbps", "400G"), delays as ParseDelay() ("1us", "0.001ms"); `delay`
 * sets every delay, the specific keys override it whatever their order.
 *
 * \param spec the generator string
 * \return the topology (description set to \p spec)
 * \throws TopoError naming the generator, key and what is wrong
 */
Topology MakeTopology(const std::string& spec);

/**
 * \param spec a string
 * \return true if \p spec starts with a known generator name followed by ':' or nothing
 */
bool IsGeneratorSpec(const std::string& spec);

/** \return the generator names MakeTopology() knows */
std::vector<std::string> GeneratorNames();

/**
 * \brief Uniform integer in [0, n) from \p rng by rejection, identical on every platform
 *        (std::uniform_int_distribution is implementation-defined).
 * \param rng random source
 * \param n bound, > 0
 * \return the draw
 */
std::uint64_t UniformBelow(std::mt19937_64& rng, std::uint64_t n);

} // namespace ndksim::topo

#endif // NDKSIM_TOPO_GENERATORS_H
