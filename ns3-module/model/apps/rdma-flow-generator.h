/*
 * RdmaFlowGenerator: flows carried as RDMA Writes (CDF-driven Poisson arrivals or an HPCC flow
 * file replay).
 */

#ifndef RDMA_FLOW_GENERATOR_H
#define RDMA_FLOW_GENERATOR_H

#include "rdma-app.h"
#include "rdma-flow-size-cdf.h"

#include "ns3/data-rate.h"
#include "ns3/event-id.h"

#include <deque>
#include <map>
#include <memory>
#include <vector>

namespace ns3
{

class NdkMr;
class RandomVariableStream;
class UniformRandomVariable;
class ExponentialRandomVariable;

/**
 * \ingroup rdma-apps
 * \brief Flow workload of one host: flows of sizes from a CDF file (HPCC format, CdfFile) or a
 * random variable (FlowSize), Poisson arrivals at Load x LinkRate, destinations by Pattern
 * (Random: uniform over the other hosts; Permutation: host (i + PermutationShift) mod N;
 * Incast: IncastTarget). With FlowFile set it replays instead exactly the flows of that HPCC
 * flow file whose src is this host, at their start time minus FlowFileTimeOffset.
 *
 * Hosts are the nodes with an NdkAdapter in node-id order; every host that takes part runs a
 * generator, since each generator is also the sink of the others: it listens on Port and
 * returns, in the accept's private data, the address, length and long-lived token of its sink
 * buffer (remote write). A flow is carried as RDMA Writes of at most MaxWriteSize on the QP to
 * its destination; all flows to one destination share one QP (in order, QueueDepth Writes in
 * flight, the rest waits in a backlog). Connections are made on demand when the first flow to a
 * destination arrives (the flow waits for it, its start stays its arrival time), or to every
 * destination the pattern can pick at start with ConnectUpfront. A flow finishes when its last
 * Write completes at the source (ACK of the last byte), reported on "FlowCompleted". Flows still
 * open when the run ends are reported by ReportUnfinished() on the same trace (finish -1, status
 * PENDING or the failure already seen), so that completed + unfinished = started; their Writes
 * in flight are reported PENDING on "OpCompleted". The sink posts nothing.
 */
class RdmaFlowGenerator : public RdmaApp
{
  public:
    /** Destination choice. */
    enum Pattern
    {
        RANDOM,
        PERMUTATION,
        INCAST,
    };

    static TypeId GetTypeId();
    RdmaFlowGenerator();
    ~RdmaFlowGenerator() override;

    int64_t AssignStreams(int64_t stream) override;

    /** Signature of "FlowCompleted". */
    typedef void (*FlowTracedCallback)(const RdmaFlowRecord& record);

    uint64_t GetFlowsStarted() const
    {
        return m_flowsStarted;
    }

    /** \return the flows reported on "FlowCompleted" when they finished (or failed). */
    uint64_t GetFlowsCompleted() const
    {
        return m_flowsCompleted;
    }

    /** \return the flows ReportUnfinished() reported (not counted in GetFlowsCompleted()). */
    uint64_t GetFlowsUnfinished() const
    {
        return m_flowsUnfinished;
    }

    /** \return the remote token of the sink region peers write into (0 before the start). */
    uint32_t GetSinkToken() const;

    /**
     * Report every flow started and not finished on "FlowCompleted": finishPs RDMA_APP_NEVER,
     * status NdkStatus::PENDING, or the status of a Write of it that already failed. A flow
     * reported so is not reported again (nor counted) if the run goes on and it finishes.
     * Also reports the sink region's remote-write token, which every connecting peer gets and
     * which stays valid for the whole run, on "TokenRetired" (LongLivedMr, how Never, uses 0:
     * the sink never sees the Writes), once; and every RDMA Write in flight on "OpCompleted"
     * (PENDING, its post time and length), once: its completion, if the run goes on, is not
     * recorded (it still advances its flow).
     */
    void ReportUnfinished() override;

    /** \return the mean flow size used for the arrival rate (bytes). */
    double GetMeanFlowSize() const
    {
        return m_mean;
    }

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    void HandleCompletion(const NdkResultEx& result) override;

    struct Flow
    {
        uint32_t dst{0}; //!< host index
        uint64_t size{0};
        uint64_t posted{0}; //!< bytes posted
        uint32_t writes{0}; //!< Writes outstanding
        int64_t startPs{0};
        NdkStatus status{NdkStatus::SUCCESS};
        bool reported{false}; //!< reported unfinished by ReportUnfinished()
    };

    struct Conn
    {
        Ptr<NdkQp> qp;
        bool connecting{false};
        bool connected{false};
        uint64_t sinkAddress{0};
        uint64_t sinkLength{0};
        uint32_t sinkToken{0};
        std::deque<uint64_t> backlog;  //!< flows with bytes left to post
        std::deque<uint64_t> inFlight; //!< flow of each outstanding Write, posting order
        std::deque<int64_t> postPs;    //!< post time of each outstanding Write
        std::deque<uint64_t> lengths;  //!< bytes of each outstanding Write
        /** The first reportedWrites of inFlight were reported PENDING (ReportUnfinished). */
        size_t reportedWrites{0};
    };

    Ptr<NdkQp> AcceptFlow(const std::vector<uint8_t>& peer, std::vector<uint8_t>* reply);
    void ScheduleArrival();
    void Arrival();
    uint32_t PickDestination();
    void StartFlow(uint32_t dst, uint64_t size);
    Conn& GetConn(uint32_t dst);
    void Pump(uint32_t dst);
    void FinishFlow(uint64_t id);
    /** Fire "FlowCompleted" for \p flow. */
    void RecordFlow(const Flow& flow, int64_t finishPs, NdkStatus status);

    uint16_t m_port;
    double m_load;
    DataRate m_linkRate;
    std::string m_cdfFile;
    Ptr<RandomVariableStream> m_flowSize;
    uint64_t m_meanFlowSize;
    Pattern m_pattern;
    uint32_t m_shift;
    uint32_t m_incastTarget;
    std::string m_flowFile;
    Time m_flowFileOffset;
    bool m_upfront;
    uint64_t m_maxWriteSize;
    uint64_t m_sinkSize;
    uint32_t m_queueDepth;
    uint64_t m_maxFlows;

    std::unique_ptr<RdmaFlowSizeCdf> m_cdf;
    Ptr<UniformRandomVariable> m_uniform;
    Ptr<ExponentialRandomVariable> m_interArrival;
    double m_mean{0};
    HostList m_hosts; //!< shared by every application (RdmaApp::GetRdmaHosts)
    uint32_t m_self{0};
    uint64_t m_source{0};
    Ptr<NdkMr> m_sourceMr;
    uint64_t m_sink{0};
    Ptr<NdkMr> m_sinkMr;
    int64_t m_sinkRegisteredPs{0};    //!< when the sink region was registered
    bool m_sinkReported{false};       //!< its token was reported by ReportUnfinished()
    std::map<uint32_t, Conn> m_conns; //!< by destination host index
    std::vector<Ptr<NdkQp>> m_inbound;
    std::map<uint64_t, Flow> m_flows; //!< by flow id, removed when finished
    uint64_t m_nextFlow{0};
    EventId m_arrivalEvent;
    std::vector<EventId> m_replayEvents;
    uint64_t m_flowsStarted{0};
    uint64_t m_flowsCompleted{0};
    uint64_t m_flowsUnfinished{0};
    TracedCallback<const RdmaFlowRecord&> m_flowTrace;
};

} // namespace ns3

#endif
