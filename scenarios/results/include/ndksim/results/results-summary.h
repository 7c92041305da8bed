/*
 * ndksim results: a short text summary read back from a results database.
 */
#ifndef NDKSIM_RESULTS_RESULTS_SUMMARY_H
#define NDKSIM_RESULTS_RESULTS_SUMMARY_H

#include <string>

namespace ndksim::results
{

/**
 * \brief Read a finished results database and describe it in a few lines: the run, the row
 * count of every non-empty table, operations per type and status, token lifetimes by how they
 * ended, and rejected accesses by status; then per op type its rate over the simulated time and
 * latency p50/p99/p999 (post to completion, nearest rank), FCT slowdown p50/p95/p99 per size
 * bucket (<10KB, 10KB-100KB, 100KB-1MB, 1MB-10MB, >=10MB; unfinished flows counted apart),
 * tokens bound and invalidated, violations, PFC pause frames and paused time, ECN marks, drops
 * and lossless violations. Every line is a function of the database's rows only, so the same
 * run gives the same text.
 *
 * Reading the file back (rather than printing what the runner holds in memory) shows what
 * analysis tools will see. Codes are shown by their names from the `names` table.
 *
 * \param path a database written by ResultsWriter
 * \return the summary, each line starting with two spaces and ending with '\n'
 * \throws ResultsError if the file cannot be read
 */
std::string DescribeResults(const std::string& path);

} // namespace ndksim::results

#endif // NDKSIM_RESULTS_RESULTS_SUMMARY_H
