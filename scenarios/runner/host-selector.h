/*
 * ndksim-run: host selectors of scenario files.
 */
#ifndef NDKSIM_RUN_HOST_SELECTOR_H
#define NDKSIM_RUN_HOST_SELECTOR_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ndksim::run
{

/**
 * \brief Resolve host selectors to host indices (FabricHelper order: host i has address
 * 10.0.0.1 + i).
 *
 * Each item is "all", one host ("host3" or "3"), or an inclusive range ("0-7",
 * "host0-host7"). The result keeps the order of the items, each host once (a host named
 * twice keeps its first place).
 *
 * \param items the selectors
 * \param nHosts hosts in the fabric
 * \return the host indices
 * \throws std::invalid_argument naming the bad item (unknown form, outside the hosts, empty)
 */
std::vector<uint32_t> SelectHosts(const std::vector<std::string>& items, std::size_t nHosts);

/**
 * \brief Resolve a selector that must name exactly one host.
 * \param item "host3" or "3"
 * \param nHosts hosts in the fabric
 * \return the host index
 * \throws std::invalid_argument if \p item is not exactly one existing host
 */
uint32_t SelectHost(const std::string& item, std::size_t nHosts);

} // namespace ndksim::run

#endif // NDKSIM_RUN_HOST_SELECTOR_H
