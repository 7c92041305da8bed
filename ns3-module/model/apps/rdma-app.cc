#include "rdma-app.h"

#include "ns3/log.h"
#include "ns3/ndk-adapter.h"
#include "ns3/ndk-connector.h"
#include "ns3/ndk-cq.h"
#include "ns3/ndk-host-memory.h"
#include "ns3/ndk-mr.h"
#include "ns3/ndk-pd.h"
#include "ns3/ndk-qp.h"
#include "ns3/node-list.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RdmaApp");
NS_OBJECT_ENSURE_REGISTERED(RdmaApp);

TypeId
RdmaApp::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RdmaApp")
                            .SetParent<Application>()
                            .SetGroupName("Ndksim")
                            .AddTraceSource("OpCompleted",
                                            "A work request of this application completed, "
                                            "or was still open at the end of the run "
                                            "(ReportUnfinished: completion -1, status "
                                            "PENDING).",
                                            MakeTraceSourceAccessor(&RdmaApp::m_opTrace),
                                            "ns3::RdmaApp::OpTracedCallback")
                            .AddTraceSource("TokenRetired",
                                            "A remote token of this application ended its "
                                            "life, or was still valid when the application "
                                            "stopped or the run ended (ReportUnfinished).",
                                            MakeTraceSourceAccessor(&RdmaApp::m_tokenTrace),
                                            "ns3::RdmaApp::TokenTracedCallback");
    return tid;
}

RdmaApp::RdmaApp() = default;

RdmaApp::~RdmaApp() = default;

int64_t
RdmaApp::AssignStreams(int64_t /* stream */)
{
    return 0;
}

namespace
{
/** The host list of the running simulation and the node count it was built for. */
struct HostCache
{
    RdmaApp::HostList hosts;
    uint32_t nodes{0};
};

HostCache&
GetHostCache()
{
    static HostCache cache;
    return cache;
}

void
DropHostCache()
{
    GetHostCache() = HostCache();
}
} // namespace

RdmaApp::HostList
RdmaApp::GetRdmaHosts()
{
    HostCache& cache = GetHostCache();
    if (cache.hosts && cache.nodes == NodeList::GetNNodes())
    {
        return cache.hosts;
    }
    if (!cache.hosts)
    {
        // Nodes die with the simulation: so does the list (the next one may reuse addresses).
        Simulator::ScheduleDestroy(&DropHostCache);
    }
    auto hosts = std::make_shared<std::vector<Ptr<Node>>>();
    for (auto it = NodeList::Begin(); it != NodeList::End(); ++it)
    {
        if ((*it)->GetObject<NdkAdapter>())
        {
            hosts->push_back(*it);
        }
    }
    // NodeList is in id order already; sort anyway so the host index never depends on it.
    std::sort(hosts->begin(), hosts->end(), [](const Ptr<Node>& a, const Ptr<Node>& b) {
        return a->GetId() < b->GetId();
    });
    cache.hosts = hosts;
    cache.nodes = NodeList::GetNNodes();
    return cache.hosts;
}

Ptr<Node>
RdmaApp::FindHost(Ipv4Address address)
{
    for (auto it = NodeList::Begin(); it != NodeList::End(); ++it)
    {
        Ptr<NdkAdapter> a = (*it)->GetObject<NdkAdapter>();
        if (a && a->GetAddress() == address)
        {
            return *it;
        }
    }
    return nullptr;
}

void
RdmaApp::FillPattern(Ptr<NdkHostMemory> memory, uint64_t address, uint64_t offset, uint64_t length)
{
    std::vector<uint8_t> bytes(std::min<uint64_t>(length, 1 << 16));
    for (uint64_t done = 0; done < length;)
    {
        uint64_t n = std::min<uint64_t>(bytes.size(), length - done);
        for (uint64_t i = 0; i < n; ++i)
        {
            bytes[i] = PatternByte(offset + done + i);
        }
        memory->Write(address + done, bytes.data(), n);
        done += n;
    }
}

uint64_t
RdmaApp::CountPatternErrors(Ptr<NdkHostMemory> memory,
                            uint64_t address,
                            uint64_t offset,
                            uint64_t length)
{
    std::vector<uint8_t> bytes(std::min<uint64_t>(length, 1 << 16));
    uint64_t errors = 0;
    for (uint64_t done = 0; done < length;)
    {
        uint64_t n = std::min<uint64_t>(bytes.size(), length - done);
        memory->Read(address + done, bytes.data(), n);
        for (uint64_t i = 0; i < n; ++i)
        {
            errors += bytes[i] != PatternByte(offset + done + i);
        }
        done += n;
    }
    return errors;
}

Ptr<NdkAdapter>
RdmaApp::GetAdapter() const
{
    return m_adapter;
}

void
RdmaApp::ReportUnfinished()
{
}

void
RdmaApp::DoDispose()
{
    m_connectors.clear();
    m_listener = nullptr;
    m_acceptHandler = nullptr;
    m_cq = nullptr;
    m_pd = nullptr;
    m_adapter = nullptr;
    Application::DoDispose();
}

uint32_t
RdmaApp::GetHostId() const
{
    return GetNode()->GetId();
}

int64_t
RdmaApp::NowPs()
{
    return Simulator::Now().GetPicoSeconds();
}

void
RdmaApp::SetupNdk()
{
    if (m_adapter)
    {
        return;
    }
    m_adapter = GetNode()->GetObject<NdkAdapter>();
    NS_ABORT_MSG_IF(!m_adapter, "node " << GetNode()->GetId() << " has no NdkAdapter aggregated");
    NdkStatus s = m_adapter->CreatePd(&m_pd);
    NS_ABORT_MSG_IF(s != NdkStatus::SUCCESS, "CreatePd failed: " << s);
    m_cqDepth = 256;
    s = m_adapter->CreateCq(m_cqDepth, MakeCallback(&RdmaApp::CqNotify, this), 0, &m_cq);
    NS_ABORT_MSG_IF(s != NdkStatus::SUCCESS, "CreateCq failed: " << s);
    m_cq->Arm(NDK_CQ_NOTIFY_ANY);
}

Ptr<NdkQp>
RdmaApp::NewQp(NdkContext qpContext, uint32_t initiatorDepth, uint32_t receiveDepth)
{
    // Every posted request completes once: the CQ must hold all of them at the same time.
    m_cqCommitted += initiatorDepth + receiveDepth;
    if (m_cqCommitted > m_cqDepth)
    {
        uint32_t depth = m_cqDepth;
        while (depth < m_cqCommitted)
        {
            depth *= 2;
        }
        depth = std::min(depth, m_adapter->Limits().maxCqDepth);
        if (m_cq->Resize(depth) == NdkStatus::SUCCESS)
        {
            m_cqDepth = depth;
        }
    }
    Ptr<NdkQp> qp;
    NdkStatus s =
        m_pd->CreateQp(m_cq, m_cq, qpContext, receiveDepth, initiatorDepth, 4, 4, 64, &qp);
    NS_ABORT_MSG_IF(s != NdkStatus::SUCCESS, "CreateQp failed: " << s);
    return qp;
}

void
RdmaApp::Connect(Ptr<NdkQp> qp,
                 Ipv4Address remote,
                 uint16_t port,
                 const std::vector<uint8_t>& privateData,
                 ConnectDone done)
{
    Ptr<NdkConnector> connector;
    m_adapter->CreateConnector(&connector);
    m_connectors.push_back(connector);
    NdkConnector* raw = PeekPointer(connector); // kept alive by m_connectors: no cycle
    const NdkAdapterInfo& limits = m_adapter->Limits();
    NdkRequestCompletion completion;
    completion.callback = [raw, done](NdkContext, NdkStatus status) {
        std::vector<uint8_t> peer;
        if (status == NdkStatus::SUCCESS)
        {
            uint32_t length = 0;
            raw->GetConnectionData(nullptr, nullptr, nullptr, &length);
            peer.resize(length);
            if (length > 0)
            {
                raw->GetConnectionData(nullptr, nullptr, peer.data(), &length);
            }
            status = raw->CompleteConnect(NdkDisconnectEventCallback(), 0);
        }
        done(status, peer);
    };
    NdkStatus s = connector->Connect(qp,
                                     InetSocketAddress(m_adapter->GetAddress(), 0),
                                     InetSocketAddress(remote, port),
                                     limits.maxInboundReadLimit,
                                     limits.maxOutboundReadLimit,
                                     privateData.empty() ? nullptr : privateData.data(),
                                     static_cast<uint32_t>(privateData.size()),
                                     completion);
    if (!NdkSucceeded(s))
    {
        NS_LOG_WARN("connect to " << remote << ":" << port << " failed at once: " << s);
        Simulator::ScheduleNow([done, s]() { done(s, {}); });
    }
}

void
RdmaApp::Listen(uint16_t port, AcceptHandler handler)
{
    m_acceptHandler = handler;
    NdkStatus s =
        m_adapter->CreateListener(MakeCallback(&RdmaApp::ConnectEvent, this), 0, &m_listener);
    NS_ABORT_MSG_IF(s != NdkStatus::SUCCESS, "CreateListener failed: " << s);
    s = m_listener->Listen(InetSocketAddress(m_adapter->GetAddress(), port));
    NS_ABORT_MSG_IF(!NdkSucceeded(s), "Listen on port " << port << " failed: " << s);
}

void
RdmaApp::ConnectEvent(NdkContext /* context */, Ptr<NdkConnector> connector)
{
    uint32_t length = 0;
    std::vector<uint8_t> peer;
    connector->GetConnectionData(nullptr, nullptr, nullptr, &length);
    peer.resize(length);
    if (length > 0)
    {
        connector->GetConnectionData(nullptr, nullptr, peer.data(), &length);
    }
    std::vector<uint8_t> reply;
    Ptr<NdkQp> qp = m_acceptHandler ? m_acceptHandler(peer, &reply) : nullptr;
    if (!qp)
    {
        connector->Reject(nullptr, 0);
        return;
    }
    m_connectors.push_back(connector);
    const NdkAdapterInfo& limits = m_adapter->Limits();
    NdkStatus s = connector->Accept(qp,
                                    limits.maxInboundReadLimit,
                                    limits.maxOutboundReadLimit,
                                    reply.empty() ? nullptr : reply.data(),
                                    static_cast<uint32_t>(reply.size()),
                                    NdkDisconnectEventCallback(),
                                    0,
                                    {[](NdkContext, NdkStatus) {}, 0});
    if (!NdkSucceeded(s))
    {
        NS_LOG_WARN("accept failed: " << s);
    }
}

void
RdmaApp::CqNotify(NdkContext /* context */, NdkStatus status)
{
    if (!m_cq)
    {
        return;
    }
    NdkResultEx results[64];
    uint32_t n;
    while ((n = m_cq->GetResultsEx(results, 64)) > 0)
    {
        for (uint32_t i = 0; i < n; ++i)
        {
            HandleCompletion(results[i]);
        }
    }
    NS_ABORT_MSG_IF(m_cq->IsFailed(), "CQ of node " << GetHostId() << " failed: " << status);
    m_cq->Arm(NDK_CQ_NOTIFY_ANY);
}

void
RdmaApp::RecordOp(const NdkResultEx& result,
                  uint32_t qpn,
                  uint64_t bytes,
                  int64_t postPs,
                  bool withInvalidate)
{
    RdmaOpRecord r;
    r.host = GetHostId();
    r.qpn = qpn;
    r.type = result.type;
    r.withInvalidate = withInvalidate;
    r.bytes = bytes;
    r.postPs = postPs;
    r.completionPs = NowPs();
    r.status = result.status;
    m_opTrace(r);
}

void
RdmaApp::RecordPendingOp(uint32_t qpn,
                         NdkOperationType type,
                         uint64_t bytes,
                         int64_t postPs,
                         bool withInvalidate)
{
    RdmaOpRecord r;
    r.host = GetHostId();
    r.qpn = qpn;
    r.type = type;
    r.withInvalidate = withInvalidate;
    r.bytes = bytes;
    r.postPs = postPs;
    r.completionPs = RDMA_APP_NEVER;
    r.status = NdkStatus::PENDING;
    ++m_opsUnfinished;
    m_opTrace(r);
}

void
RdmaApp::RecordToken(const RdmaTokenRecord& record)
{
    m_tokenTrace(record);
}

void
RdmaApp::RecordRegionToken(Ptr<NdkMr> mr,
                           int64_t createdPs,
                           uint32_t rights,
                           uint64_t address,
                           uint64_t length,
                           RdmaInvalidation how)
{
    RdmaTokenRecord t;
    t.host = GetHostId();
    t.token = mr->GetRemoteToken();
    t.kind = RdmaTokenKind::LongLivedMr;
    t.createdPs = createdPs;
    t.rights = rights;
    t.address = address;
    t.length = length;
    if (how != RdmaInvalidation::Never)
    {
        t.invalidatedPs = NowPs();
        t.lifetimePs = t.invalidatedPs - t.createdPs;
    }
    t.how = how;
    m_tokenTrace(t);
}

} // namespace ns3
