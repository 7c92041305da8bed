/*
 * ndksim-run: the built-in two-host demo (scenarios without [topology]).
 */
#ifndef NDKSIM_RUN_DEMO_RUN_H
#define NDKSIM_RUN_DEMO_RUN_H

#include "ndksim/results/results-writer.h"

#include <cstdint>

namespace ndksim::run
{

/** \brief Parameters of the demo ([run] seed/rng_run, [demo] bytes). */
struct DemoParams
{
    uint64_t seed{1};
    uint64_t rngRun{1};
    uint64_t bytes{65536};
};

/**
 * \brief The storage token flow between two hosts over the ideal transport: the client binds a
 * memory window with just the rights the I/O needs, sends the token in a Send, the server
 * writes the data with RDMA Write from its privileged-token buffer, then replies with
 * Send-and-Invalidate; a stale use of the token afterwards must be rejected.
 *
 * \param p parameters
 * \param db where its rows go (nullptr: none)
 * \param end filled with the simulated time, events and status
 * \return 0 if every step behaved as expected, 1 otherwise
 */
int RunDemo(const DemoParams& p, ndksim::results::ResultsWriter* db, ndksim::results::RunEnd* end);

} // namespace ndksim::run

#endif // NDKSIM_RUN_DEMO_RUN_H
