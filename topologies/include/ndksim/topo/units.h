/*
 * ndksim topologies: exact parsing and printing of link rates and delays.
 */
#ifndef NDKSIM_TOPO_UNITS_H
#define NDKSIM_TOPO_UNITS_H

#include <cstdint>
#include <string>

namespace ndksim::topo
{

/**
 * \brief Parse a data rate into bits per second, exactly (decimal arithmetic, no floating point).
 *
 * Accepts a decimal number (optional fraction and exponent) followed by a unit: `bps`, `Kbps`
 * (or `kbps`), `Mbps`, `Gbps`, `Tbps`, the `b/s` spellings (`Gb/s`), or a bare prefix (`400G`).
 * Examples: "100Gbps", "25Gbps", "400G", "2.5Gb/s". Byte units (`GBps`) are rejected.
 *
 * \param text the rate
 * \return the rate in bit/s, > 0
 * \throws std::invalid_argument naming \p text and what is wrong (missing unit, zero, negative,
 *         fractional bit/s, overflow)
 */
std::uint64_t ParseRate(const std::string& text);

/**
 * \brief Parse a delay into integer picoseconds, exactly.
 *
 * Accepts a decimal number followed by `s`, `ms`, `us` (or `µs`), `ns` or `ps`.
 * Examples: "1us", "1000ns", "0.001ms".
 *
 * \param text the delay
 * \return the delay in ps, > 0
 * \throws std::invalid_argument naming \p text and what is wrong
 */
std::uint64_t ParseDelay(const std::string& text);

/**
 * \param bps a rate in bit/s
 * \return the shortest exact spelling ("400Gbps", "2500Mbps") that ParseRate() reads back
 */
std::string FormatRate(std::uint64_t bps);

/**
 * \param ps a delay in picoseconds
 * \return the shortest exact spelling ("1us", "1500ns") that ParseDelay() reads back
 */
std::string FormatDelay(std::uint64_t ps);

} // namespace ndksim::topo

#endif // NDKSIM_TOPO_UNITS_H
