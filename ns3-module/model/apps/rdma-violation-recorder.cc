#include "rdma-violation-recorder.h"

#include "rdma-app.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/ndk-adapter.h"
#include "ns3/ndk-qp.h"
#include "ns3/node-list.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RdmaViolationRecorder");
NS_OBJECT_ENSURE_REGISTERED(RdmaViolationRecorder);

TypeId
RdmaViolationRecorder::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RdmaViolationRecorder")
            .SetParent<Object>()
            .SetGroupName("Ndksim")
            .AddConstructor<RdmaViolationRecorder>()
            .AddAttribute("KeepRecords",
                          "Keep every record in memory (GetRecords) besides tracing it.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&RdmaViolationRecorder::m_keep),
                          MakeBooleanChecker())
            .AddTraceSource("Violation",
                            "A responder rejected a remote access.",
                            MakeTraceSourceAccessor(&RdmaViolationRecorder::m_violationTrace),
                            "ns3::RdmaViolationRecorder::ViolationTracedCallback");
    return tid;
}

RdmaViolationRecorder::RdmaViolationRecorder()
    : m_keep(true)
{
}

RdmaViolationRecorder::~RdmaViolationRecorder() = default;

void
RdmaViolationRecorder::DoDispose()
{
    m_adapters.clear();
    Object::DoDispose();
}

void
RdmaViolationRecorder::Attach(Ptr<Node> node)
{
    Ptr<NdkAdapter> adapter = node->GetObject<NdkAdapter>();
    if (!adapter || std::find(m_adapters.begin(), m_adapters.end(), adapter) != m_adapters.end())
    {
        return;
    }
    m_adapters.push_back(adapter);
    const uint32_t host = node->GetId();
    NdkAdapter* raw = PeekPointer(adapter); // held by m_adapters
    adapter->TraceConnectWithoutContext(
        "AccessViolation",
        Callback<void, uint32_t, NdkRemoteOp, uint32_t, uint64_t, uint64_t, NdkAccessFault>(
            [this, host, raw](uint32_t qpn,
                              NdkRemoteOp op,
                              uint32_t token,
                              uint64_t address,
                              uint64_t length,
                              NdkAccessFault fault) {
                Violation(host, raw, qpn, op, token, address, length, fault);
            }));
}

void
RdmaViolationRecorder::AttachAll()
{
    for (const Ptr<Node>& node : *RdmaApp::GetRdmaHosts())
    {
        Attach(node);
    }
}

void
RdmaViolationRecorder::Violation(uint32_t host,
                                 NdkAdapter* adapter,
                                 uint32_t qpn,
                                 NdkRemoteOp op,
                                 uint32_t token,
                                 uint64_t address,
                                 uint64_t length,
                                 NdkAccessFault fault)
{
    RdmaViolationRecord r;
    r.address = address;
    r.length = length;
    r.timePs = Simulator::Now().GetPicoSeconds();
    r.responder = host;
    r.qpn = qpn;
    r.op = op;
    r.token = token;
    r.reason = fault;
    if (const NdkQp* qp = adapter->FindQp(qpn))
    {
        r.requesterAddress = qp->GetPeerAddress().Get();
        if (Ptr<Node> peer = RdmaApp::FindHost(qp->GetPeerAddress()))
        {
            r.requester = peer->GetId();
        }
    }
    ++m_count;
    if (m_keep)
    {
        m_records.push_back(r);
    }
    m_violationTrace(r);
}

} // namespace ns3
