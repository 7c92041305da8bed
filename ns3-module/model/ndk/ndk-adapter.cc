#include "ndk-adapter.h"

#include "ndk-connector.h"
#include "ndk-cq.h"
#include "ndk-pd.h"
#include "ndk-qp.h"

#include "ns3/log.h"
#include "ns3/object-factory.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NdkAdapter");
NS_OBJECT_ENSURE_REGISTERED(NdkAdapter);

TypeId
NdkAdapter::GetTypeId()
{
    // Defaults follow a ConnectX-class RoCEv2 NIC; CM private data as rdma_cm over IB CM
    // (REQ 56 bytes for the consumer, REJ 148: accept and reject share the smaller limit).
    static TypeId tid =
        TypeId("ns3::NdkAdapter")
            .SetParent<Object>()
            .SetGroupName("Ndksim")
            .AddConstructor<NdkAdapter>()
            .AddAttribute("MaxRegistrationSize", "Largest single memory registration (bytes).",
                          UintegerValue(1ULL << 40),
                          MakeUintegerAccessor(&NdkAdapter::m_maxRegistrationSize),
                          MakeUintegerChecker<uint64_t>(1))
            .AddAttribute("MaxWindowSize", "Largest single memory window (bytes).",
                          UintegerValue(1ULL << 40),
                          MakeUintegerAccessor(&NdkAdapter::m_maxWindowSize),
                          MakeUintegerChecker<uint64_t>(1))
            .AddAttribute("FrmrPageCount", "FRMR size (pages) with the most FRMRs; at least 16.",
                          UintegerValue(256),
                          MakeUintegerAccessor(&NdkAdapter::m_frmrPageCount),
                          MakeUintegerChecker<uint32_t>(16))
            .AddAttribute("MaxFrmrPageCount", "Largest page count InitializeFastRegisterMr accepts.",
                          UintegerValue(1 << 18),
                          MakeUintegerAccessor(&NdkAdapter::m_maxFrmrPageCount),
                          MakeUintegerChecker<uint32_t>(16))
            .AddAttribute("MaxInitiatorSge", "Max SGEs in one initiator request.",
                          UintegerValue(30),
                          MakeUintegerAccessor(&NdkAdapter::m_maxInitiatorRequestSge),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxReceiveSge", "Max SGEs in one receive request.",
                          UintegerValue(30),
                          MakeUintegerAccessor(&NdkAdapter::m_maxReceiveRequestSge),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxReadSge", "Max SGEs in one read request (overrides MaxInitiatorSge).",
                          UintegerValue(30),
                          MakeUintegerAccessor(&NdkAdapter::m_maxReadRequestSge),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxTransferLength", "Max bytes referenced by one request.",
                          UintegerValue(1U << 31),
                          MakeUintegerAccessor(&NdkAdapter::m_maxTransferLength),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxInlineDataSize", "Max inline bytes in one send or write.",
                          UintegerValue(256),
                          MakeUintegerAccessor(&NdkAdapter::m_maxInlineDataSize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxInboundReadLimit", "Max in-progress incoming reads per QP (IRD).",
                          UintegerValue(16),
                          MakeUintegerAccessor(&NdkAdapter::m_maxInboundReadLimit),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxOutboundReadLimit", "Max in-progress outgoing reads per QP (ORD).",
                          UintegerValue(16),
                          MakeUintegerAccessor(&NdkAdapter::m_maxOutboundReadLimit),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxReceiveQueueDepth", "Max outstanding receives per QP.",
                          UintegerValue(32768),
                          MakeUintegerAccessor(&NdkAdapter::m_maxReceiveQueueDepth),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxInitiatorQueueDepth", "Max outstanding initiator requests per QP.",
                          UintegerValue(32768),
                          MakeUintegerAccessor(&NdkAdapter::m_maxInitiatorQueueDepth),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxSrqDepth", "Max receives per SRQ; 0 = SRQ not supported.",
                          UintegerValue(32768),
                          MakeUintegerAccessor(&NdkAdapter::m_maxSrqDepth),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxCqDepth", "Max entries per CQ.",
                          UintegerValue(1 << 22),
                          MakeUintegerAccessor(&NdkAdapter::m_maxCqDepth),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("LargeRequestThreshold", "Hint: above this size read/write beats send.",
                          UintegerValue(8192),
                          MakeUintegerAccessor(&NdkAdapter::m_largeRequestThreshold),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxCallerData", "Max private data bytes on a connect request.",
                          UintegerValue(56),
                          MakeUintegerAccessor(&NdkAdapter::m_maxCallerData),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxCalleeData", "Max private data bytes on an accept or reject.",
                          UintegerValue(148),
                          MakeUintegerAccessor(&NdkAdapter::m_maxCalleeData),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("AdapterFlags", "NDK_ADAPTER_FLAG_* bits the adapter reports.",
                          UintegerValue(0x1011F),
                          MakeUintegerAccessor(&NdkAdapter::m_adapterFlags),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ControlLatency",
                          "Delay of creates/registrations/closes given a completion callback "
                          "(0: they complete inline).",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&NdkAdapter::m_controlLatency),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("ConnectTimeout", "Connection-establishment timeout.",
                          TimeValue(MilliSeconds(20)),
                          MakeTimeAccessor(&NdkAdapter::m_connectTimeout),
                          MakeTimeChecker(Time(1)))
            .AddAttribute("DisconnectTimeout", "Disconnect handshake timeout.",
                          TimeValue(MilliSeconds(20)),
                          MakeTimeAccessor(&NdkAdapter::m_disconnectTimeout),
                          MakeTimeChecker(Time(1)))
            .AddAttribute("KeyPolicy", "How token keys change on bind / fast registration.",
                          TypeIdValue(NdkRandomKeyPolicy::GetTypeId()),
                          MakeTypeIdAccessor(&NdkAdapter::m_keyPolicyType),
                          MakeTypeIdChecker())
            .AddAttribute("MaxQpCount", "Adapter-wide QP limit (NDIS_NDK_CAPABILITIES).",
                          UintegerValue(1 << 20),
                          MakeUintegerAccessor(&NdkAdapter::m_maxQp),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxMrCount", "Adapter-wide MR limit.",
                          UintegerValue(1 << 22),
                          MakeUintegerAccessor(&NdkAdapter::m_maxMr),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxMwCount", "Adapter-wide MW limit.",
                          UintegerValue(1 << 22),
                          MakeUintegerAccessor(&NdkAdapter::m_maxMw),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxCqCount", "Adapter-wide CQ limit.",
                          UintegerValue(1 << 20),
                          MakeUintegerAccessor(&NdkAdapter::m_maxCq),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("AccessViolation",
                            "A remote access rejected by the responder check.",
                            MakeTraceSourceAccessor(&NdkAdapter::m_accessViolationTrace),
                            "ns3::NdkAdapter::AccessViolationCallback");
    return tid;
}

NdkAdapter::NdkAdapter()
    : m_version{1, 2},
      m_enabled(true),
      m_maxFrmrPageCount(1 << 18),
      m_memory(CreateObject<NdkHostMemory>()),
      m_nextConnectorId(1),
      m_nextEphemeral(49152),
      m_nextLamContext(1)
{
    m_info = NdkAdapterInfo{};
    m_info.version = m_version;
    m_info.vendorId = 0x02C9; // an RDMA NIC vendor OUI, for realism only
    m_info.deviceId = 0x1017;
    m_info.rdmaTechnology = NdkRdmaTechnology::RoCEv2;
    m_qps.push_back(nullptr); // QP number 0 is never used
}

NdkAdapter::~NdkAdapter() = default;

void
NdkAdapter::DoDispose()
{
    CloseAdapter();
    m_transport = nullptr;
    m_memory = nullptr;
    m_keyPolicy = nullptr;
    Object::DoDispose();
}

void
NdkAdapter::ApplyKeyPolicy()
{
    // Attributes may change until objects are created: refresh the cached NDK_ADAPTER_INFO.
    m_info.maxRegistrationSize = m_maxRegistrationSize;
    m_info.maxWindowSize = m_maxWindowSize;
    m_info.frmrPageCount = m_frmrPageCount;
    m_info.maxInitiatorRequestSge = m_maxInitiatorRequestSge;
    m_info.maxReceiveRequestSge = m_maxReceiveRequestSge;
    m_info.maxReadRequestSge = m_maxReadRequestSge;
    m_info.maxTransferLength = m_maxTransferLength;
    m_info.maxInlineDataSize = m_maxInlineDataSize;
    m_info.maxInboundReadLimit = m_maxInboundReadLimit;
    m_info.maxOutboundReadLimit = m_maxOutboundReadLimit;
    m_info.maxReceiveQueueDepth = m_maxReceiveQueueDepth;
    m_info.maxInitiatorQueueDepth = m_maxInitiatorQueueDepth;
    m_info.maxSrqDepth = m_maxSrqDepth;
    m_info.maxCqDepth = m_maxCqDepth;
    m_info.largeRequestThreshold = m_largeRequestThreshold;
    m_info.maxCallerData = m_maxCallerData;
    m_info.maxCalleeData = m_maxCalleeData;
    m_info.adapterFlags = m_adapterFlags;
    if (m_keys)
    {
        return;
    }
    ObjectFactory factory;
    factory.SetTypeId(m_keyPolicyType);
    m_keyPolicy = factory.Create<NdkKeyPolicy>();
    m_keys = std::make_unique<NdkKeyTable>(m_keyPolicy);
}

int64_t
NdkAdapter::AssignStreams(int64_t stream)
{
    ApplyKeyPolicy();
    return m_keyPolicy->AssignStreams(stream);
}

uint32_t
NdkAdapter::Open(NdkVersion requested)
{
    if (!m_enabled)
    {
        return NDIS_STATUS_ADAPTER_NOT_READY;
    }
    // Higher minors are supersets: operate at (and report) the highest minor of the major.
    if (requested.major == 1 && requested.minor <= 2)
    {
        m_version = {1, 2};
    }
    else if (requested.major == 2 && requested.minor <= 1)
    {
        m_version = {2, 1};
    }
    else
    {
        return NDIS_STATUS_BAD_VERSION;
    }
    m_info.version = m_version;
    ApplyKeyPolicy();
    return 0;
}

NdkAdapterInfo
NdkAdapter::GetInfo() const
{
    return m_info;
}

NdkStatus
NdkAdapter::QueryAdapterInfo(NdkAdapterInfo* info, uint32_t* bufferSize) const
{
    if (*bufferSize < sizeof(NdkAdapterInfo) || info == nullptr)
    {
        *bufferSize = sizeof(NdkAdapterInfo);
        return NdkStatus::BUFFER_TOO_SMALL;
    }
    *info = m_info;
    *bufferSize = sizeof(NdkAdapterInfo);
    return NdkStatus::SUCCESS;
}

bool
NdkAdapter::CanCreate(NdkObjectType type) const
{
    uint32_t limit = 0xFFFFFFFF;
    switch (type)
    {
    case NdkObjectType::Qp:
        limit = m_maxQp;
        break;
    case NdkObjectType::Mr:
        limit = m_maxMr;
        break;
    case NdkObjectType::Mw:
        limit = m_maxMw;
        break;
    case NdkObjectType::Cq:
        limit = m_maxCq;
        break;
    default:
        break;
    }
    auto it = m_count.find(type);
    return it == m_count.end() || it->second < limit;
}

void
NdkAdapter::Register(NdkObjectType type, int delta)
{
    m_count[type] += delta;
}

void
NdkAdapter::RegisterChild(Ptr<NdkObject> child)
{
    // Drop closed objects now and then (amortized), so churn does not keep them alive.
    if (m_children.size() >= m_pruneAt)
    {
        m_children.erase(std::remove_if(m_children.begin(),
                                        m_children.end(),
                                        [](const Ptr<NdkObject>& o) { return o->IsClosed(); }),
                         m_children.end());
        m_pruneAt = 2 * m_children.size() + 64;
    }
    m_children.push_back(child);
    Register(child->GetObjectType(), +1);
}

NdkStatus
NdkAdapter::FinishRequest(NdkObject* object, NdkRequestCompletion async)
{
    if (async.callback.IsNull() || m_controlLatency.IsZero())
    {
        return NdkStatus::SUCCESS;
    }
    object->AddPending();
    Simulator::Schedule(m_controlLatency, &NdkAdapter::InvokeRequest, object, async);
    return NdkStatus::PENDING;
}

void
NdkAdapter::InvokeRequest(NdkObject* object, NdkRequestCompletion async)
{
    Ptr<NdkObject> keep(object);
    async.callback(async.context, NdkStatus::SUCCESS);
    object->RemovePending();
}

NdkStatus
NdkAdapter::CreateCq(uint32_t depth,
                     NdkCqNotificationCallback notification,
                     NdkContext notificationContext,
                     Ptr<NdkCq>* cq,
                     NdkCreateCompletion<NdkCq> async)
{
    ApplyKeyPolicy();
    if (depth == 0 || depth > m_info.maxCqDepth)
    {
        return NdkStatus::INVALID_PARAMETER;
    }
    if (!CanCreate(NdkObjectType::Cq))
    {
        return NdkStatus::INSUFFICIENT_RESOURCES;
    }
    Ptr<NdkCq> object = Create<NdkCq>(this, depth, notification, notificationContext);
    return FinishCreate<NdkCq>(nullptr, object, cq, async);
}

NdkStatus
NdkAdapter::CreatePd(Ptr<NdkPd>* pd, NdkCreateCompletion<NdkPd> async)
{
    ApplyKeyPolicy();
    return FinishCreate<NdkPd>(nullptr, Create<NdkPd>(this), pd, async);
}

NdkStatus
NdkAdapter::CreateConnector(Ptr<NdkConnector>* connector, NdkCreateCompletion<NdkConnector> async)
{
    ApplyKeyPolicy();
    return FinishCreate<NdkConnector>(nullptr, Create<NdkConnector>(this), connector, async);
}

NdkStatus
NdkAdapter::CreateListener(NdkConnectEventCallback connectEvent,
                           NdkContext connectEventContext,
                           Ptr<NdkListener>* listener,
                           NdkCreateCompletion<NdkListener> async)
{
    ApplyKeyPolicy();
    return FinishCreate<NdkListener>(nullptr,
                                     Create<NdkListener>(this, connectEvent, connectEventContext),
                                     listener,
                                     async);
}

NdkStatus
NdkAdapter::CreateSharedEndpoint(const InetSocketAddress& address,
                                 Ptr<NdkSharedEndpoint>* endpoint,
                                 NdkCreateCompletion<NdkSharedEndpoint> async)
{
    ApplyKeyPolicy();
    if (address.GetIpv4() != m_address && address.GetIpv4() != Ipv4Address::GetAny())
    {
        return NdkStatus::INVALID_ADDRESS;
    }
    uint16_t port = address.GetPort();
    NdkStatus status = ReservePort(&port);
    if (status != NdkStatus::SUCCESS)
    {
        return status;
    }
    return FinishCreate<NdkSharedEndpoint>(nullptr,
                                           Create<NdkSharedEndpoint>(this, port),
                                           endpoint,
                                           async);
}

NdkStatus
NdkAdapter::BuildLam(uint64_t address,
                     uint64_t length,
                     uint32_t* lamSize,
                     NdkLam* lam,
                     NdkRequestCompletion async)
{
    if (length == 0 || address == 0 || length > m_info.maxRegistrationSize)
    {
        return NdkStatus::INVALID_PARAMETER;
    }
    uint64_t first = address & ~(NDK_PAGE_SIZE - 1);
    uint64_t last = (address + length - 1) & ~(NDK_PAGE_SIZE - 1);
    uint64_t pages = (last - first) / NDK_PAGE_SIZE + 1;
    uint32_t needed = static_cast<uint32_t>(16 + 8 * pages);
    if (lam == nullptr || *lamSize < needed)
    {
        *lamSize = needed;
        return NdkStatus::BUFFER_TOO_SMALL;
    }
    *lamSize = needed;
    lam->adapterContext = m_nextLamContext++;
    lam->fbo = static_cast<uint32_t>(address - first);
    lam->adapterPageArray.clear();
    for (uint64_t p = 0; p < pages; ++p)
    {
        lam->adapterPageArray.push_back(NDK_LOGICAL_ADDRESS_BASE + first + p * NDK_PAGE_SIZE);
    }
    uint64_t start = NDK_LOGICAL_ADDRESS_BASE + first;
    m_lams.emplace(start, start + pages * NDK_PAGE_SIZE);
    if (async.callback.IsNull() || m_controlLatency.IsZero())
    {
        return NdkStatus::SUCCESS;
    }
    Simulator::Schedule(m_controlLatency, [async]() { async.callback(async.context, NdkStatus::SUCCESS); });
    return NdkStatus::PENDING;
}

void
NdkAdapter::ReleaseLam(const NdkLam& lam)
{
    if (lam.adapterPageArray.empty())
    {
        return;
    }
    uint64_t start = lam.adapterPageArray.front();
    uint64_t end = lam.adapterPageArray.back() + NDK_PAGE_SIZE;
    auto range = m_lams.equal_range(start);
    for (auto it = range.first; it != range.second; ++it)
    {
        if (it->second == end)
        {
            m_lams.erase(it);
            return;
        }
    }
}

bool
NdkAdapter::IsLogicalRangeMapped(uint64_t logical, uint64_t length) const
{
    auto it = m_lams.upper_bound(logical);
    while (it != m_lams.begin())
    {
        --it;
        if (logical >= it->first && logical + length <= it->second && logical + length >= logical)
        {
            return true;
        }
        if (it->second + (1ULL << 40) < logical)
        {
            break; // far below: LAMs are not that large
        }
    }
    return false;
}

void
NdkAdapter::CloseAdapter()
{
    // Close children first, newest first, so successors go before antecedents.
    for (auto it = m_children.rbegin(); it != m_children.rend(); ++it)
    {
        if (!(*it)->IsClosing())
        {
            (*it)->Close();
        }
    }
    m_children.clear();
}

void
NdkAdapter::SetAddress(Ipv4Address address)
{
    m_address = address;
}

Ptr<NdkTransport>
NdkAdapter::GetTransport() const
{
    return m_transport;
}

void
NdkAdapter::SendCm(const NdkCmMessage& msg)
{
    if (m_transport)
    {
        m_transport->SendCm(*this, msg);
    }
}

void
NdkAdapter::SetTransport(Ptr<NdkTransport> transport)
{
    m_transport = PeekPointer(transport);
}

uint32_t
NdkAdapter::RegisterQp(NdkQp* qp)
{
    uint32_t qpn;
    if (!m_freeQpns.empty())
    {
        qpn = m_freeQpns.back();
        m_freeQpns.pop_back();
        m_qps[qpn] = qp;
    }
    else
    {
        qpn = static_cast<uint32_t>(m_qps.size());
        m_qps.push_back(qp);
    }
    return qpn;
}

void
NdkAdapter::UnregisterQp(uint32_t qpn)
{
    if (qpn < m_qps.size() && m_qps[qpn])
    {
        m_qps[qpn] = nullptr;
        m_freeQpns.push_back(qpn);
    }
}

NdkQp*
NdkAdapter::FindQp(uint32_t qpn) const
{
    return qpn < m_qps.size() ? m_qps[qpn] : nullptr;
}

uint32_t
NdkAdapter::RegisterConnector(NdkConnector* connector)
{
    uint32_t id = m_nextConnectorId++;
    m_connectors[id] = connector;
    return id;
}

void
NdkAdapter::UnregisterConnector(uint32_t id)
{
    m_connectors.erase(id);
}

NdkConnector*
NdkAdapter::FindConnector(uint32_t id) const
{
    auto it = m_connectors.find(id);
    return it == m_connectors.end() ? nullptr : it->second;
}

void
NdkAdapter::RegisterListener(uint16_t port, NdkListener* listener)
{
    m_listeners[port] = listener;
}

void
NdkAdapter::UnregisterListener(uint16_t port)
{
    m_listeners.erase(port);
}

NdkStatus
NdkAdapter::ReservePort(uint16_t* port)
{
    if (*port == 0)
    {
        for (uint32_t tries = 0; tries < 16384; ++tries)
        {
            uint16_t candidate = m_nextEphemeral;
            m_nextEphemeral = m_nextEphemeral == 65535 ? 49152 : m_nextEphemeral + 1;
            if (m_ports.count(candidate) == 0)
            {
                *port = candidate;
                m_ports[candidate] = 1;
                return NdkStatus::SUCCESS;
            }
        }
        return NdkStatus::TOO_MANY_ADDRESSES;
    }
    if (m_ports.count(*port) != 0)
    {
        return NdkStatus::SHARING_VIOLATION;
    }
    m_ports[*port] = 1;
    return NdkStatus::SUCCESS;
}

void
NdkAdapter::AddPortReference(uint16_t port)
{
    ++m_ports[port];
}

void
NdkAdapter::ReleasePort(uint16_t port)
{
    auto it = m_ports.find(port);
    if (it != m_ports.end() && --it->second == 0)
    {
        m_ports.erase(it);
    }
}

bool
NdkAdapter::HasConnection(uint16_t localPort, Ipv4Address remote, uint16_t remotePort) const
{
    for (const auto& [id, connector] : m_connectors)
    {
        InetSocketAddress local(Ipv4Address::GetAny(), 0);
        InetSocketAddress peer(Ipv4Address::GetAny(), 0);
        if (connector->GetPhase() != NdkConnector::Phase::Unused &&
            connector->GetPhase() != NdkConnector::Phase::Closed &&
            connector->GetLocalAddress(&local) == NdkStatus::SUCCESS &&
            connector->GetPeerAddress(&peer) == NdkStatus::SUCCESS && local.GetPort() == localPort &&
            peer.GetIpv4() == remote && peer.GetPort() == remotePort)
        {
            return true;
        }
    }
    return false;
}

void
NdkAdapter::ReceiveCm(const NdkCmMessage& msg)
{
    if (msg.type == NdkCmType::Request)
    {
        auto it = m_listeners.find(msg.dstPort);
        if (it == m_listeners.end() || !it->second->Deliver(msg))
        {
            NdkCmMessage reject;
            reject.type = NdkCmType::Reject;
            reject.rejectReason = NdkCmRejectReason::NoListener;
            reject.srcAddress = m_address;
            reject.srcPort = msg.dstPort;
            reject.dstAddress = msg.srcAddress;
            reject.dstPort = msg.srcPort;
            reject.dstConnectorId = msg.srcConnectorId;
            SendCm(reject);
        }
        return;
    }
    NdkConnector* connector = FindConnector(msg.dstConnectorId);
    if (connector == nullptr && msg.type == NdkCmType::Reject && msg.dstConnectorId == 0)
    {
        // An active side that gives up before our reply reached it does not know our connector
        // id yet: find the passive connector its request created, so Accept/Reject report
        // STATUS_CONNECTION_ABORTED instead of waiting for a timeout.
        for (const auto& [id, c] : m_connectors)
        {
            InetSocketAddress peer(Ipv4Address::GetAny(), 0);
            if ((c->GetPhase() == NdkConnector::Phase::Requested ||
                 c->GetPhase() == NdkConnector::Phase::Accepting) &&
                c->GetPeerAddress(&peer) == NdkStatus::SUCCESS &&
                peer.GetIpv4() == msg.srcAddress && peer.GetPort() == msg.srcPort)
            {
                connector = c;
                break;
            }
        }
    }
    if (connector)
    {
        connector->ReceiveCm(msg);
    }
}

} // namespace ns3
