/*
 * RdmaKvServer: a key-value table read remotely through one long-lived token.
 */

#ifndef RDMA_KV_SERVER_H
#define RDMA_KV_SERVER_H

#include "rdma-app.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"

#include <vector>

namespace ns3
{

class NdkMr;

/** Accept private data of an RdmaKvServer: where the table is and its token. */
struct RdmaKvTableInfo
{
    uint64_t address{0};   //!< first byte of the table
    uint64_t length{0};    //!< table bytes
    uint32_t token{0};     //!< long-lived remote token of the table MR
    uint32_t valueSize{0}; //!< bytes per key slot (key k at address + k * valueSize)
};

/**
 * \ingroup rdma-apps
 * \brief KV server: a table of TableSize bytes registered once (remote read, and remote write
 * with AllowRemoteWrite); every connection on Port gets an RdmaKvTableInfo in the accept's
 * private data and then reads values with RDMA Read, without involving the server's CPU.
 *
 * With Verify the table holds RdmaApp::PatternByte(offset). With TokenRotation > 0 the table
 * is re-registered at that period (the old token dies, "Deregistered"; new connections get the
 * new one). Each token is reported once on "TokenRetired" (uses: 0, the owner does not see
 * remote reads): Deregistered at its rotation, or, still live, with "Never" when the application
 * stops or by ReportUnfinished(), whichever comes first.
 */
class RdmaKvServer : public RdmaApp
{
  public:
    static TypeId GetTypeId();
    RdmaKvServer();
    ~RdmaKvServer() override;

    /** \return the table's host address (valid after start). */
    uint64_t GetTableAddress() const
    {
        return m_table;
    }

    uint64_t GetTableSize() const
    {
        return m_tableSize;
    }

    /** \return the table's current remote token. */
    uint32_t GetToken() const;

    uint64_t GetConnections() const
    {
        return m_qps.size();
    }

    /**
     * Report the table's live token (Never) unless it was reported already. The server posts no
     * work request (the readers' RDMA Reads never involve it): it has no op to report.
     */
    void ReportUnfinished() override;

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    void HandleCompletion(const NdkResultEx& result) override;
    void Register();
    /** Fire the record of the live token (once per registration). */
    void Retire(RdmaInvalidation how);
    void Rotate();

    uint16_t m_port;
    uint64_t m_tableSize;
    uint32_t m_valueSize;
    bool m_allowWrite;
    bool m_verify;
    Time m_rotation;

    uint64_t m_table{0};
    Ptr<NdkMr> m_mr;
    int64_t m_registeredPs{0};
    bool m_reported{false}; //!< the current registration's token was reported
    uint32_t m_rights{0};
    std::vector<Ptr<NdkQp>> m_qps;
    EventId m_rotateEvent;
};

} // namespace ns3

#endif
