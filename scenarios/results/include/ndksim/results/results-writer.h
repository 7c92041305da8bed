/*
 * ndksim results: the writer of one run's SQLite results database.
 */
#ifndef NDKSIM_RESULTS_RESULTS_WRITER_H
#define NDKSIM_RESULTS_RESULTS_WRITER_H

#include "ndksim/results/results-rows.h"

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace ndksim::results
{

/** \brief A results database could not be created or written; what() names the file. */
class ResultsError : public std::runtime_error
{
  public:
    using std::runtime_error::runtime_error;
};

/**
 * \brief Writes one run's results database with the schema of analysis/schema.sql.
 *
 * The database is built under a temporary name next to the final one (TempPathFor()), in WAL mode,
 * with prepared statements, rows grouped into multi-row INSERTs and transactions of
 * Options::rowsPerTransaction rows. Finish() creates the indexes, folds the WAL back into a single
 * file and renames it to the final name, so a database under the final name is always complete.
 * Abort(), or destruction without Finish(), deletes the temporary file. If the process dies, the
 * final name is never created; the temporary file left behind is a consistent SQLite database
 * holding the rows of the last committed transaction.
 *
 * The row-append methods take plain structs (results-rows.h) and build no strings; a row may sit
 * in memory until its group of rows is full. The writer never reads a clock, so the same calls
 * give a byte-identical file. Not thread-safe: one writer per run, called from the simulation
 * thread.
 */
class ResultsWriter
{
  public:
    /** Tuning knobs; the defaults suit every run size. */
    struct Options
    {
        /** Rows per transaction: bounds what a crash can lose and how often SQLite syncs. */
        uint32_t rowsPerTransaction{65536};
    };

    /**
     * \brief Create the temporary database and write the runs row.
     * \param finalPath where Finish() puts the database (its directory is created if missing)
     * \param run the run description
     * \param options tuning
     * \throws ResultsError if the file cannot be created
     */
    ResultsWriter(const std::string& finalPath, const RunInfo& run, Options options);
    /** \overload with default Options */
    ResultsWriter(const std::string& finalPath, const RunInfo& run);

    /** Abort() unless Finish() succeeded. */
    ~ResultsWriter();

    ResultsWriter(const ResultsWriter&) = delete;
    ResultsWriter& operator=(const ResultsWriter&) = delete;

    /**
     * \brief Record one effective parameter (params table).
     * \param key scenario key ("run.seed", "workload[0].size") or attribute ("ns3::Type::Attr")
     * \param value canonical value (times in ps, rates in bit/s, sizes in bytes)
     * \param unit "ps", "bit/s", "bytes" or "" for plain values
     * \param source "default", "file", "--set" or "ns3-default"
     */
    void AddParam(const std::string& key,
                  const std::string& value,
                  const std::string& unit,
                  const std::string& source);

    /**
     * \brief Name one integer code of a domain (names table), e.g. ("status", 0xC0000022,
     * "ACCESS_VIOLATION"). Defining the same pair again replaces the name.
     */
    void DefineName(const std::string& domain, uint32_t code, const std::string& name);

    /** \brief Name a node (nodes table); \p kind is "host" or "switch". */
    void AddNode(uint32_t node, const std::string& kind, const std::string& name);

    /**
     * \brief Declare a time series (series table).
     * \return its id, for SampleRow::series
     */
    uint32_t DefineSeries(const std::string& object,
                          const std::string& metric,
                          const std::string& unit);

    void AddOp(const OpRow& row);               //!< append to ops
    void AddFlow(const FlowRow& row);           //!< append to flows (slowdown computed here)
    void AddToken(const TokenRow& row);         //!< append to tokens (lifetime computed here)
    void AddViolation(const ViolationRow& row); //!< append to violations
    void AddQp(const QpRow& row);               //!< append to qps
    void AddPort(const PortRow& row);           //!< append to ports
    void AddPortDrop(const PortDropRow& row);   //!< append to port_drops
    void AddSample(const SampleRow& row);       //!< append to samples

    /**
     * \brief Write the remaining rows and the end of the run, create the indexes, and rename the
     * database to its final name (replacing any file there).
     * \throws ResultsError on failure (the temporary file is then removed)
     */
    void Finish(const RunEnd& end);

    /** \brief Discard the database: close and delete the temporary file. Idempotent. */
    void Abort();

    /** \return the final path given to the constructor */
    const std::string& GetFinalPath() const;
    /** \return the temporary path the database is built under */
    const std::string& GetTempPath() const;
    /** \return rows appended so far with the Add* methods (params and names excluded) */
    uint64_t GetRowCount() const;

    /**
     * \param finalPath a final database path
     * \param pid a process id
     * \return "<finalPath>.partial-<pid>", the temporary name used by that process
     */
    static std::string TempPathFor(const std::string& finalPath, long pid);

  private:
    class Impl;
    std::unique_ptr<Impl> m_impl; //!< SQLite state, kept out of this header
};

} // namespace ndksim::results

#endif // NDKSIM_RESULTS_RESULTS_WRITER_H
