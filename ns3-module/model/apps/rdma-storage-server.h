/*
 * RdmaStorageServer: the server side of an SMB-Direct-like storage token flow.
 */

#ifndef RDMA_STORAGE_SERVER_H
#define RDMA_STORAGE_SERVER_H

#include "rdma-app.h"

#include "ns3/ndk-adapter.h"

#include <cstdint>
#include <vector>

namespace ns3
{

class NdkMr;

/** Storage request carried in a Send (client -> server). */
struct RdmaStorageRequest
{
    uint32_t magic{0x52445351}; //!< "RDSQ"
    uint32_t ioId{0};           //!< client's I/O slot, echoed in the reply
    uint32_t token{0};          //!< token of the client's window / fast-registered MR
    uint32_t length{0};         //!< bytes
    uint64_t address{0};        //!< first byte of the client buffer (inside the token's range)
    uint64_t offset{0};         //!< file offset
    uint32_t write{0};          //!< 1: client writes (server RDMA Reads), 0: client reads
    uint32_t reserved{0};
};

/** Storage reply carried in a Send-and-Invalidate (server -> client). */
struct RdmaStorageReply
{
    uint32_t magic{0x52445350}; //!< "RDSP"
    uint32_t ioId{0};
    uint32_t status{0}; //!< NdkStatus of the data transfer (0: success)
    uint32_t reserved{0};
};

/**
 * \ingroup rdma-apps
 * \brief Storage server: accepts any number of connections on Port; for each request it moves
 * the data with the client's token (RDMA Write for a client read, RDMA Read for a client write)
 * from/into its own buffers addressed with the privileged token (adapter logical addresses from
 * NdkBuildLam, no registration), then replies with a Send-and-Invalidate naming the token.
 *
 * The "file" is FileSize bytes of host memory; file offset f is byte f of it. With Verify, the
 * file holds RdmaApp::PatternByte(f) and the bytes an RDMA Read brings in are checked against
 * the same pattern (the client writes the pattern), which needs tracked host memory.
 * A client write waits for its RDMA Read to complete before the reply goes out (the data must
 * be in the server before the client's buffer may be revoked); a client read posts the Write
 * and the Send-and-Invalidate back to back (RC ordering places the data first).
 *
 * Every receive, data transfer and reply is reported on "OpCompleted" when it completes;
 * ReportUnfinished() reports the Reads, Writes and Send-and-Invalidates posted and not completed
 * (PENDING; the ReceiveDepth receives kept posted per connection are not, see RdmaOpRecord).
 */
class RdmaStorageServer : public RdmaApp
{
  public:
    static TypeId GetTypeId();
    RdmaStorageServer();
    ~RdmaStorageServer() override;

    uint64_t GetRequests() const
    {
        return m_requests;
    }

    uint64_t GetBytesWritten() const //!< bytes sent with RDMA Write (client reads)
    {
        return m_bytesWritten;
    }

    uint64_t GetBytesRead() const //!< bytes fetched with RDMA Read (client writes)
    {
        return m_bytesRead;
    }

    uint64_t GetRepliesSent() const //!< Send-and-Invalidate replies completed successfully
    {
        return m_replies;
    }

    uint64_t GetVerifyErrors() const
    {
        return m_verifyErrors;
    }

    uint64_t GetFailedOps() const
    {
        return m_failed;
    }

    /**
     * Report every RDMA Read / Write and Send-and-Invalidate reply posted, not completed and not
     * reported yet (PENDING, once).
     */
    void ReportUnfinished() override;

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    void HandleCompletion(const NdkResultEx& result) override;

    /** One connection. */
    struct Conn
    {
        Ptr<NdkQp> qp;
        uint64_t ctrl{0}; //!< ReceiveDepth receive buffers of 64 bytes
        Ptr<NdkMr> ctrlMr;
        std::vector<int64_t> recvPostPs;
    };

    /** One request being served. */
    struct Task
    {
        uint32_t conn{0};
        RdmaStorageRequest request;
        int64_t dataPostPs{0};
        int64_t replyPostPs{0};
        uint64_t reply{0}; //!< reply buffer (host address, tracked)
        Ptr<NdkMr> replyMr;
        uint64_t staging{0}; //!< RDMA Read sink (host address), 0 until needed
        NdkLam stagingLam;
        RdmaOpsInFlight ops; //!< its data transfer and reply in flight
    };

    Ptr<NdkQp> Accept(const std::vector<uint8_t>& peer, std::vector<uint8_t>* reply);
    void PostReceive(uint32_t conn, uint32_t slot);
    uint32_t NewTask(uint32_t conn);
    void SendReply(uint32_t task, NdkStatus status);
    uint64_t Logical(const NdkLam& lam, uint64_t offset) const;

    uint16_t m_port;
    uint64_t m_fileSize;
    uint64_t m_maxIoSize;
    uint32_t m_receiveDepth;
    bool m_verify;

    uint64_t m_file{0};
    NdkLam m_fileLam;
    std::vector<Conn> m_conns;
    std::vector<Task> m_tasks;
    std::vector<uint32_t> m_freeTasks;

    uint64_t m_requests{0};
    uint64_t m_bytesWritten{0};
    uint64_t m_bytesRead{0};
    uint64_t m_replies{0};
    uint64_t m_verifyErrors{0};
    uint64_t m_failed{0};
};

} // namespace ns3

#endif
