/*
 * ndksim recorder: trace sinks of a fabric run that fill a results database.
 */
#ifndef NDKSIM_RECORDER_RUN_RECORDER_H
#define NDKSIM_RECORDER_RUN_RECORDER_H

#include "ndksim/recorder/ideal-fct.h"
#include "ndksim/results/results-writer.h"

#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/rdma-app-records.h"

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{
class FabricHelper;
class RdmaApp;
class RdmaFlowGenerator;
class RdmaViolationRecorder;
} // namespace ns3

namespace ndksim::recorder
{

/** \brief Running totals of a run, kept whether or not a database is written. */
struct RunTotals
{
    uint64_t ops{0};             //!< work requests completed
    uint64_t failedOps{0};       //!< of which with a status other than SUCCESS
    uint64_t unfinishedOps{0};   //!< work requests still outstanding when the run ended
    uint64_t flows{0};           //!< flows completed (or failed)
    uint64_t unfinishedFlows{0}; //!< flows still running (or waiting) when the run ended
    uint64_t tokens{0};          //!< tokens recorded (retired, or still valid at the end)
    uint64_t validTokens{0};     //!< of which still valid when the run ended
    uint64_t violations{0};      //!< remote accesses rejected by a responder
    uint64_t attackAttempts{0};  //!< attacker attempts completed
    uint64_t attacksGranted{0};  //!< attacker attempts that succeeded (must stay 0)
};

/**
 * \brief Subscribes to the trace sources of the workload applications and of the adapters and
 * writes their records to a ResultsWriter as they happen: "OpCompleted" -> ops,
 * "FlowCompleted" -> flows (with the ideal FCT of IdealFctPs() along the PathFinder path),
 * "TokenRetired" -> tokens, RdmaViolationRecorder "Violation" -> violations, and switch "Drop"
 * -> port_drops (aggregated per node, port, priority and reason). Finish() adds the counters
 * read at the end: first every watched application reports what is still open
 * (RdmaApp::ReportUnfinished: tokens still valid, flows still running, with status
 * STATUS_PENDING), then qps (one row per QP, with its traffic class), ports (per
 * switch port and priority; host NIC ports per priority, their receive counters are per port and
 * left 0) and the names of every code written.
 *
 * Nothing iterates a pointer-keyed container: aggregates are keyed by node ids, so the rows
 * and their order are the same for the same trajectory.
 */
class RunRecorder
{
  public:
    /**
     * \param db where rows go (nullptr: only the totals are kept)
     * \param fabric the installed fabric; must outlive this object
     * \param topo its topology (for flow paths); must outlive this object
     */
    RunRecorder(ndksim::results::ResultsWriter* db,
                const ns3::FabricHelper& fabric,
                const ndksim::topo::Topology& topo);
    ~RunRecorder();

    RunRecorder(const RunRecorder&) = delete;
    RunRecorder& operator=(const RunRecorder&) = delete;

    /** \brief Record the ops and tokens of \p app */
    void WatchApp(ns3::Ptr<ns3::RdmaApp> app);
    /**
     * \brief Record the ops, tokens and flows of \p gen
     * \param gen a flow generator
     * \param workload index of the [[workload]] it belongs to
     * \param maxWriteSize its MaxWriteSize (for the ideal FCT)
     * \param priority traffic class of its flows (-1: the NIC's Priority)
     */
    void WatchFlows(ns3::Ptr<ns3::RdmaFlowGenerator> gen,
                    uint32_t workload,
                    uint64_t maxWriteSize,
                    int priority = -1);
    /** \brief Record the attempts of an RdmaAttacker (counted; its ops come from OpCompleted) */
    void WatchAttacker(ns3::Ptr<ns3::RdmaApp> attacker);
    /** \brief Watch every adapter for rejected accesses and every switch for drops */
    void AttachFabric();
    /** \brief Called with the running flow count after each completed flow */
    void SetFlowCallback(std::function<void(uint64_t)> callback);
    /**
     * \brief Sample every \p interval (samples table): the queued bytes of every switch port,
     * the transmit rate of every host port and the sending rate of every QP. A series gets a
     * row only when its value changed since its last row (the first sample always), so idle
     * ports cost nothing.
     */
    void StartSampling(ns3::Time interval);
    /** \brief Write the end-of-run counters and the code names (call once, after the run) */
    void Finish();
    /** \return the running totals */
    const RunTotals& GetTotals() const;

  private:
    void Op(const ns3::RdmaOpRecord& r);
    void Token(const ns3::RdmaTokenRecord& r);
    void Flow(uint32_t workload,
              uint64_t maxWriteSize,
              uint32_t priority,
              const ns3::RdmaFlowRecord& r);
    void Violation(const ns3::RdmaViolationRecord& r);
    void Attack(const ns3::RdmaAttackRecord& r);
    void Drop(uint32_t node, uint32_t port, uint8_t priority, uint8_t reason, uint32_t bytes);
    void WriteNames();
    void Sample();
    /** \return the index in m_series of a series, declared on first use */
    std::size_t Series(const std::string& object,
                       const std::string& metric,
                       const std::string& unit);
    void Emit(std::size_t series, double value);

    /** One time series and its last written value. */
    struct SeriesState
    {
        uint32_t id{0};
        double last{0};
        bool written{false};
    };

    ns3::Time m_interval;                         //!< sampling period (0: off)
    std::vector<SeriesState> m_series;            //!< declared series
    std::vector<std::size_t> m_switchQueueSeries; //!< per switch port, in fabric order
    std::vector<std::size_t> m_hostRateSeries;    //!< per host
    std::vector<uint64_t> m_hostTxBytes;          //!< per host, at the last sample
    std::map<std::pair<uint32_t, uint32_t>, std::size_t> m_qpRateSeries; //!< (node, qpn)

    ndksim::results::ResultsWriter* m_db;              //!< may be null
    const ns3::FabricHelper& m_fabric;                 //!< the fabric
    PathFinder m_paths;                                //!< flow paths
    uint32_t m_pathMtu{1024};                          //!< NIC PathMtu
    uint32_t m_priority{3};                            //!< NIC data priority
    RunTotals m_totals;                                //!< totals
    std::set<uint32_t> m_statuses;                     //!< status codes written
    std::function<void(uint64_t)> m_flowDone;          //!< flow callback
    std::vector<ns3::Ptr<ns3::RdmaApp>> m_apps;        //!< watched, in watch order
    ns3::Ptr<ns3::RdmaViolationRecorder> m_violations; //!< adapter watcher
    /** (node, port, priority, reason) -> (packets, bytes) */
    std::map<std::tuple<uint32_t, uint32_t, uint8_t, uint8_t>, std::pair<uint64_t, uint64_t>>
        m_drops;
    bool m_finished{false}; //!< Finish ran
};

} // namespace ndksim::recorder

#endif // NDKSIM_RECORDER_RUN_RECORDER_H
