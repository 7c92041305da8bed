/*
 * RdmaKvClient: GET-sized RDMA Reads at random keys of an RdmaKvServer.
 */

#ifndef RDMA_KV_CLIENT_H
#define RDMA_KV_CLIENT_H

#include "rdma-app.h"
#include "rdma-kv-server.h"

#include "ns3/event-id.h"

#include <vector>

namespace ns3
{

class NdkMr;
class RandomVariableStream;
class UniformRandomVariable;
class ExponentialRandomVariable;

/**
 * \ingroup rdma-apps
 * \brief KV client: connects to an RdmaKvServer, learns the table and its token from the
 * accept's private data, then reads values with RDMA Read at uniformly random keys (value size
 * from ValueSize, clamped to the server's slot). Closed loop with QueueDepth reads in flight
 * (RequestRate 0), or Poisson arrivals at RequestRate reads/s (at most QueueDepth in flight,
 * the rest wait). With Verify (tracked memory, server Verify) every value is checked against
 * the table pattern. Each read is an "OpCompleted" record (post to completion); the reads in
 * flight when the run ends are reported PENDING by ReportUnfinished().
 */
class RdmaKvClient : public RdmaApp
{
  public:
    static TypeId GetTypeId();
    RdmaKvClient();
    ~RdmaKvClient() override;

    int64_t AssignStreams(int64_t stream) override;

    uint64_t GetReads() const
    {
        return m_reads;
    }

    uint64_t GetBytes() const
    {
        return m_bytes;
    }

    uint64_t GetFailed() const
    {
        return m_failed;
    }

    uint64_t GetVerifyErrors() const
    {
        return m_verifyErrors;
    }

    /**
     * Report every RDMA Read in flight and not reported yet (PENDING, once). If the run goes on,
     * its completion is not recorded again (GetReads and GetBytes still count it).
     */
    void ReportUnfinished() override;

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    void HandleCompletion(const NdkResultEx& result) override;
    void Connected(NdkStatus status, const std::vector<uint8_t>& data);
    void Arrival();
    void Issue(uint32_t slot);
    bool CanIssue() const;

    struct Slot
    {
        bool busy{false};     //!< its Read is in flight
        bool reported{false}; //!< that Read was reported PENDING (ReportUnfinished)
        uint64_t key{0};
        uint32_t length{0};
        int64_t postPs{0};
    };

    Ipv4Address m_remote;
    uint16_t m_port;
    uint32_t m_queueDepth;
    double m_rate;
    Ptr<RandomVariableStream> m_valueSize;
    uint64_t m_maxRequests;
    bool m_verify;
    Ptr<UniformRandomVariable> m_uniform;
    Ptr<ExponentialRandomVariable> m_interArrival;

    Ptr<NdkQp> m_qp;
    bool m_connected{false};
    RdmaKvTableInfo m_info;
    uint64_t m_sink{0};
    Ptr<NdkMr> m_sinkMr;
    std::vector<Slot> m_slots;
    uint64_t m_waiting{0};
    uint64_t m_issued{0};
    uint64_t m_reads{0};
    uint64_t m_bytes{0};
    uint64_t m_failed{0};
    uint64_t m_verifyErrors{0};
    EventId m_arrivalEvent;
};

} // namespace ns3

#endif
