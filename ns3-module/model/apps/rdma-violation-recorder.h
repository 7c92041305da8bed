/*
 * RdmaViolationRecorder: turns the adapters' AccessViolation traces into plain records.
 */

#ifndef RDMA_VIOLATION_RECORDER_H
#define RDMA_VIOLATION_RECORDER_H

#include "rdma-app-records.h"

#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <vector>

namespace ns3
{

class Node;
class NdkAdapter;

/**
 * \ingroup rdma-apps
 * \brief Subscribes to the "AccessViolation" trace of host adapters and reports every rejected
 * remote access as an RdmaViolationRecord on its "Violation" trace (and keeps them, KeepRecords).
 *
 * The requester is the peer of the responder QP (looked up when the violation happens; the QP
 * still knows its peer). Address and length are not carried by the adapter trace: 0.
 */
class RdmaViolationRecorder : public Object
{
  public:
    static TypeId GetTypeId();
    RdmaViolationRecorder();
    ~RdmaViolationRecorder() override;

    /** Watch the adapter aggregated to \p node (no-op if it has none). */
    void Attach(Ptr<Node> node);
    /** Watch every node of NodeList that carries an NdkAdapter. */
    void AttachAll();

    /** Signature of "Violation". */
    typedef void (*ViolationTracedCallback)(const RdmaViolationRecord& record);

    const std::vector<RdmaViolationRecord>& GetRecords() const
    {
        return m_records;
    }

    uint64_t GetCount() const
    {
        return m_count;
    }

  protected:
    void DoDispose() override;

  private:
    void Violation(uint32_t host,
                   NdkAdapter* adapter,
                   uint32_t qpn,
                   NdkRemoteOp op,
                   uint32_t token,
                   uint64_t address,
                   uint64_t length,
                   NdkAccessFault fault);

    bool m_keep;
    uint64_t m_count{0};
    std::vector<RdmaViolationRecord> m_records;
    std::vector<Ptr<NdkAdapter>> m_adapters;
    TracedCallback<const RdmaViolationRecord&> m_violationTrace;
};

} // namespace ns3

#endif
