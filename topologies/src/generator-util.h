/*
 * Helpers shared by the generators (private to the library).
 */
#ifndef NDKSIM_TOPO_GENERATOR_UTIL_H
#define NDKSIM_TOPO_GENERATOR_UTIL_H

#include "ndksim/topo/topo-error.h"
#include "ndksim/topo/topology.h"

#include <cstdint>
#include <string>

namespace ndksim::topo::detail
{

/// Largest generated fabric; beyond this a typo (k=4800) would only exhaust memory.
inline constexpr std::uint64_t MAX_GENERATED_NODES = 16'000'000;

inline LinkProps
MakeLink(std::uint64_t rateBps, std::uint64_t delayPs)
{
    LinkProps p;
    p.rateBps = rateBps;
    p.delayPs = delayPs;
    return p;
}

/// Throws "<generator>: <key>=<value> must be between lo and hi".
inline void
CheckRange(const char* generator,
           const char* key,
           std::uint64_t value,
           std::uint64_t lo,
           std::uint64_t hi)
{
    if (value < lo || value > hi)
    {
        throw TopoError(std::string(generator) + ": " + key + "=" + std::to_string(value) +
                        " must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    }
}

/// Throws "<generator>: <key> must be positive" for a zero rate or delay.
inline void
CheckPositive(const char* generator, const char* key, std::uint64_t value)
{
    if (value == 0)
    {
        throw TopoError(std::string(generator) + ": " + key + " must be positive");
    }
}

/// Throws if a fabric would have more than MAX_GENERATED_NODES nodes.
inline void
CheckSize(const char* generator, std::uint64_t nodes)
{
    if (nodes > MAX_GENERATED_NODES)
    {
        throw TopoError(std::string(generator) + ": " + std::to_string(nodes) +
                        " nodes is more than the " + std::to_string(MAX_GENERATED_NODES) +
                        " a generator builds");
    }
}

} // namespace ndksim::topo::detail

#endif // NDKSIM_TOPO_GENERATOR_UTIL_H
