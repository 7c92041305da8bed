/*
 * RdmaStorageClient: the client side of an SMB-Direct-like storage token flow.
 */

#ifndef RDMA_STORAGE_CLIENT_H
#define RDMA_STORAGE_CLIENT_H

#include "rdma-app.h"

#include "ns3/event-id.h"
#include "ns3/ndk-adapter.h"

#include <cstdint>
#include <vector>

namespace ns3
{

class NdkMr;
class NdkMw;
class RandomVariableStream;
class UniformRandomVariable;

/**
 * \ingroup rdma-apps
 * \brief Storage client: Connections QPs to one RdmaStorageServer, QueueDepth I/Os in flight on
 * each. For every I/O it binds a memory window (or fast-registers an MR, UseFastRegister) over
 * exactly the I/O's range of its registered buffer with exactly the right the server needs
 * (remote write for a read, remote read for a write), sends the request (token, address, file
 * offset, length, direction) in a Send, and completes the I/O when the server's
 * Send-and-Invalidate arrived: the receive completion must be ReceiveAndInvalidate naming the
 * I/O's token and the token must no longer be valid; otherwise the I/O counts as an
 * invalidation error and the client invalidates the token itself.
 *
 * Every token is reported once on "TokenRetired" (kind, rights, range, 1 use if the server's
 * transfer succeeded, Remote invalidation and its time) when its I/O ends; ReportUnfinished()
 * reports the tokens of the I/Os still open (Never, or the invalidation already seen). A token
 * whose bind / fast-register has not completed yet does not exist and is not reported. With Verify
 * (tracked host memory), a read I/O's buffer is zeroed before and checked against the file pattern
 * after, and a write I/O's buffer carries the pattern the server checks.
 *
 * Every Bind / FastRegister, request Send, local Invalidate and reply receive is reported on
 * "OpCompleted" when it completes; ReportUnfinished() reports the Binds / FastRegisters, Sends
 * and Invalidates posted and not completed (PENDING; the receives kept posted are not, see
 * RdmaOpRecord).
 */
class RdmaStorageClient : public RdmaApp
{
  public:
    static TypeId GetTypeId();
    RdmaStorageClient();
    ~RdmaStorageClient() override;

    int64_t AssignStreams(int64_t stream) override;

    /**
     * Report the token of every open I/O whose token exists and was not reported yet, and every
     * Bind / FastRegister, Send and Invalidate posted, not completed and not reported yet
     * (PENDING).
     */
    void ReportUnfinished() override;

    uint64_t GetIosCompleted() const
    {
        return m_ios;
    }

    uint64_t GetIosFailed() const
    {
        return m_iosFailed;
    }

    uint64_t GetBytesRead() const
    {
        return m_bytesRead;
    }

    uint64_t GetBytesWritten() const
    {
        return m_bytesWritten;
    }

    uint64_t GetRemoteInvalidations() const //!< tokens invalidated by the server's S&I
    {
        return m_remoteInvalidations;
    }

    uint64_t GetInvalidationErrors() const //!< replies without the expected invalidation
    {
        return m_invalidationErrors;
    }

    uint64_t GetVerifyErrors() const
    {
        return m_verifyErrors;
    }

    /** \return the highest number of I/Os in flight at the same time. */
    uint32_t GetMaxInFlight() const
    {
        return m_maxInFlight;
    }

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    void HandleCompletion(const NdkResultEx& result) override;

    /** One I/O slot: its buffer, its window or FR MR, and the I/O in it. */
    struct Slot
    {
        uint64_t buffer{0};
        uint64_t request{0}; //!< request message buffer (tracked)
        Ptr<NdkMw> mw;
        Ptr<NdkMr> frMr;
        NdkLam lam; //!< FR: adapter pages of the buffer
        bool busy{false};
        bool bound{false};
        bool sent{false};
        bool replied{false};
        bool write{false};
        uint32_t length{0};
        uint64_t offset{0};
        uint32_t token{0};
        uint32_t rights{0};
        NdkStatus replyStatus{NdkStatus::SUCCESS};
        int64_t startPs{0};
        int64_t createdPs{0};
        int64_t invalidatedPs{RDMA_APP_NEVER};
        bool remote{false};
        bool reported{false}; //!< the token's record was fired
        RdmaOpsInFlight ops;  //!< its Bind / FR, Send and Invalidate in flight
        /** The slot's local Invalidate (one at a time; its I/O may have ended before it). */
        int64_t invalidatePostPs{0};
        uint32_t invalidateLength{0};
        EventId next;
    };

    /** One connection. */
    struct Conn
    {
        Ptr<NdkQp> qp;
        bool connected{false};
        uint64_t ctrl{0}; //!< QueueDepth receive buffers
        Ptr<NdkMr> ctrlMr;
        Ptr<NdkMr> dataMr; //!< QueueDepth slot buffers of MaxIoSize
        std::vector<Slot> slots;
        std::vector<int64_t> recvPostPs;
    };

    void Connected(uint32_t conn, NdkStatus status);
    void StartIo(uint32_t conn, uint32_t slot);
    void MaybeFinish(uint32_t conn, uint32_t slot);
    /** Fire the record of \p slot's token (once per I/O; nothing before it exists). */
    void ReportToken(Slot& slot);
    void PostReceive(uint32_t conn, uint32_t index);
    void ScheduleNext(uint32_t conn, uint32_t slot);

    Ipv4Address m_remote;
    uint16_t m_port;
    uint32_t m_connections;
    uint32_t m_queueDepth;
    Ptr<RandomVariableStream> m_ioSize;
    uint64_t m_maxIoSize;
    uint64_t m_fileSize;
    double m_readFraction;
    bool m_fastRegister;
    Ptr<RandomVariableStream> m_thinkTime;
    uint64_t m_maxIos;
    bool m_verify;
    Ptr<UniformRandomVariable> m_uniform;

    std::vector<Conn> m_conns;
    uint64_t m_started{0};
    uint32_t m_inFlight{0};
    uint32_t m_maxInFlight{0};
    uint64_t m_ios{0};
    uint64_t m_iosFailed{0};
    uint64_t m_bytesRead{0};
    uint64_t m_bytesWritten{0};
    uint64_t m_remoteInvalidations{0};
    uint64_t m_invalidationErrors{0};
    uint64_t m_verifyErrors{0};
};

} // namespace ns3

#endif
