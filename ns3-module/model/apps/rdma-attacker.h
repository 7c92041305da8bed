/*
 * RdmaAttacker: remote accesses that a correct responder must reject.
 */

#ifndef RDMA_ATTACKER_H
#define RDMA_ATTACKER_H

#include "rdma-app.h"
#include "rdma-kv-server.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"

#include <vector>

namespace ns3
{

class NdkMr;

/**
 * \ingroup rdma-apps
 * \brief Attacker against an RdmaKvServer victim (Remote:Port): each attempt opens a fresh
 * connection (a rejected access moves both QPs to Error), takes the table's current token from
 * the accept's private data and presents, with an RDMA Read or Write of Length bytes:
 * - StaleToken: the first token it ever saw there, once the victim re-registered its table
 *   (victim TokenRotation; skipped and retried next round while the token is unchanged);
 * - ForgedToken: the current token with its key byte flipped;
 * - WrongPd: the current token on a connection to WrongPdPort, a second victim service whose
 *   QPs live in another PD (0: not tried);
 * - PrivilegedToken: the privileged token at the table's adapter logical address;
 * - OutOfRange: the current token just past the end of the table.
 * Rounds rounds of the five kinds, Interval apart; even rounds Read, odd rounds Write
 * (Writes need the victim's AllowRemoteWrite to reach the range check).
 * Each attempt's outcome is an RdmaAttackRecord on "AttemptCompleted" (and "OpCompleted").
 * An attempt in flight when the run ends is reported PENDING on "OpCompleted" by
 * ReportUnfinished() (its "AttemptCompleted" comes if the run goes on and it completes).
 */
class RdmaAttacker : public RdmaApp
{
  public:
    static TypeId GetTypeId();
    RdmaAttacker();
    ~RdmaAttacker() override;

    /** Signature of "AttemptCompleted". */
    typedef void (*AttackTracedCallback)(const RdmaAttackRecord& record);

    uint64_t GetAttempts() const
    {
        return m_attempts;
    }

    uint64_t GetRejected() const
    {
        return m_rejected;
    }

    uint64_t GetSucceeded() const //!< accesses the victim granted (a security failure)
    {
        return m_succeeded;
    }

    /** Report the attempt's Read or Write in flight, if any and not reported yet (PENDING). */
    void ReportUnfinished() override;

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    void HandleCompletion(const NdkResultEx& result) override;
    void Next();
    void Connected(NdkStatus status, const std::vector<uint8_t>& data);
    void Launch();
    void Done();

    Ipv4Address m_remote;
    uint16_t m_port;
    uint16_t m_wrongPdPort;
    Time m_interval;
    uint32_t m_rounds;
    uint32_t m_length;

    uint64_t m_buffer{0};
    Ptr<NdkMr> m_mr;
    Ptr<NdkQp> m_qp;
    std::vector<Ptr<NdkQp>> m_oldQps;
    uint32_t m_round{0};
    uint32_t m_kind{0};
    bool m_haveFirst{false};
    uint32_t m_firstToken{0};
    RdmaKvTableInfo m_info;
    RdmaAttackRecord m_current;
    RdmaOpsInFlight m_currentOps; //!< the current attempt's Read or Write in flight
    EventId m_next;
    uint64_t m_attempts{0};
    uint64_t m_rejected{0};
    uint64_t m_succeeded{0};
    TracedCallback<const RdmaAttackRecord&> m_attackTrace;
};

} // namespace ns3

#endif
