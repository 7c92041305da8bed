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
 * ended, and rejected accesses by status.
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
