#include "ndk-connector.h"

#include "ndk-adapter.h"
#include "ndk-qp.h"

#include "ns3/simulator.h"

#include <algorithm>
#include <cstring>

namespace ns3
{

NdkConnector::NdkConnector(NdkAdapter* adapter)
    : NdkObject(NdkObjectType::Connector, adapter)
{
    m_id = adapter->RegisterConnector(this);
}

void
NdkConnector::InvokeRequest(NdkRequestCompletion completion, NdkStatus status, Ptr<NdkConnector> self)
{
    if (!completion.callback.IsNull())
    {
        completion.callback(completion.context, status);
    }
    self->RemovePending();
}

void
NdkConnector::CompletePending(NdkStatus status)
{
    if (!m_hasPending)
    {
        return;
    }
    m_hasPending = false;
    m_timer.Cancel();
    Simulator::ScheduleNow(&NdkConnector::InvokeRequest, m_pending, status, Ptr<NdkConnector>(this));
}

NdkCmMessage
NdkConnector::MakeCm(NdkCmType type) const
{
    NdkCmMessage msg;
    msg.type = type;
    msg.srcAddress = GetAdapter()->GetAddress();
    msg.srcPort = m_localPort;
    msg.dstAddress = m_peerAddress;
    msg.dstPort = m_peerPort;
    msg.srcConnectorId = m_id;
    msg.dstConnectorId = m_peerConnectorId;
    msg.qpNumber = m_qp ? m_qp->GetQpNumber() : 0;
    msg.inboundReadLimit = m_localIrd;
    msg.outboundReadLimit = m_localOrd;
    return msg;
}

void
NdkConnector::SendCm(NdkCmType type, NdkCmRejectReason reason)
{
    NdkCmMessage msg = MakeCm(type);
    msg.rejectReason = reason;
    GetAdapter()->SendCm(msg);
}

NdkStatus
NdkConnector::Connect(Ptr<NdkQp> qp,
                      const InetSocketAddress& source,
                      const InetSocketAddress& destination,
                      uint32_t inboundReadLimit,
                      uint32_t outboundReadLimit,
                      const uint8_t* privateData,
                      uint32_t privateDataLength,
                      NdkRequestCompletion completion)
{
    NdkStatus s = CheckOpen();
    if (s != NdkStatus::SUCCESS)
    {
        return s;
    }
    if (!qp || (privateDataLength > 0 && privateData == nullptr))
    {
        return NdkStatus::INVALID_PARAMETER;
    }
    if (source.GetIpv4() != GetAdapter()->GetAddress() && source.GetIpv4() != Ipv4Address::GetAny())
    {
        return NdkStatus::INVALID_ADDRESS;
    }
    if (m_phase != Phase::Unused || qp->GetState() != NdkQpState::Idle || qp->WasEverConnected() ||
        qp->GetConnector() != nullptr)
    {
        return privateDataLength > GetAdapter()->GetMaxCallerData() ? NdkStatus::INVALID_BUFFER_SIZE
                                                                    : NdkStatus::CONNECTION_ACTIVE;
    }
    if (privateDataLength > GetAdapter()->GetMaxCallerData())
    {
        return NdkStatus::INVALID_BUFFER_SIZE;
    }
    uint16_t port = source.GetPort();
    if (port != 0 && GetAdapter()->HasConnection(port, destination.GetIpv4(), destination.GetPort()))
    {
        return NdkStatus::ADDRESS_ALREADY_EXISTS;
    }
    s = GetAdapter()->ReservePort(&port);
    if (s != NdkStatus::SUCCESS)
    {
        return s;
    }
    m_ownsPort = true;
    return StartConnect(qp, port, destination, inboundReadLimit, outboundReadLimit, privateData, privateDataLength, completion);
}

NdkStatus
NdkConnector::ConnectWithSharedEndpoint(Ptr<NdkQp> qp,
                                        Ptr<NdkSharedEndpoint> endpoint,
                                        const InetSocketAddress& destination,
                                        uint32_t inboundReadLimit,
                                        uint32_t outboundReadLimit,
                                        const uint8_t* privateData,
                                        uint32_t privateDataLength,
                                        NdkRequestCompletion completion)
{
    NdkStatus s = CheckOpen();
    if (s != NdkStatus::SUCCESS)
    {
        return s;
    }
    if (!qp || !endpoint || endpoint->IsClosing())
    {
        return NdkStatus::INVALID_PARAMETER;
    }
    if (privateDataLength > GetAdapter()->GetMaxCallerData())
    {
        return NdkStatus::INVALID_BUFFER_SIZE;
    }
    if (m_phase != Phase::Unused || qp->GetState() != NdkQpState::Idle || qp->WasEverConnected() ||
        qp->GetConnector() != nullptr)
    {
        return NdkStatus::CONNECTION_ACTIVE;
    }
    if (GetAdapter()->HasConnection(endpoint->GetPort(), destination.GetIpv4(), destination.GetPort()))
    {
        return NdkStatus::ADDRESS_ALREADY_EXISTS;
    }
    m_sharedEndpoint = endpoint;
    endpoint->AddSuccessor();
    GetAdapter()->AddPortReference(endpoint->GetPort());
    m_ownsPort = true;
    return StartConnect(qp, endpoint->GetPort(), destination, inboundReadLimit, outboundReadLimit, privateData, privateDataLength, completion);
}

NdkStatus
NdkConnector::StartConnect(Ptr<NdkQp> qp,
                           uint16_t localPort,
                           const InetSocketAddress& destination,
                           uint32_t ird,
                           uint32_t ord,
                           const uint8_t* privateData,
                           uint32_t privateDataLength,
                           NdkRequestCompletion completion)
{
    const NdkAdapterInfo& limits = GetAdapter()->Limits();
    m_localPort = localPort;
    m_peerAddress = destination.GetIpv4();
    m_peerPort = destination.GetPort();
    // Limits above the adapter's are silently capped (never an error).
    m_localIrd = std::min(ird, limits.maxInboundReadLimit);
    m_localOrd = std::min(ord, limits.maxOutboundReadLimit);
    bool loopback = m_peerAddress == GetAdapter()->GetAddress();
    if (!GetAdapter()->PeekTransport() || !GetAdapter()->PeekTransport()->IsReachable(m_peerAddress) ||
        (loopback && !GetAdapter()->HasFlag(NDK_ADAPTER_FLAG_LOOPBACK_CONNECTIONS_SUPPORTED)))
    {
        NdkStatus status = loopback ? NdkStatus::CONNECTION_REFUSED : NdkStatus::HOST_UNREACHABLE;
        GetAdapter()->ReleasePort(m_localPort);
        m_ownsPort = false;
        if (m_sharedEndpoint)
        {
            m_sharedEndpoint->RemoveSuccessor();
            m_sharedEndpoint = nullptr;
        }
        return status;
    }
    m_qp = qp;
    qp->AttachConnector(this);
    qp->SetConnecting(m_peerAddress, 0, false);
    m_phase = Phase::Connecting;
    NdkCmMessage msg = MakeCm(NdkCmType::Request);
    msg.privateData.assign(privateData, privateData + privateDataLength);
    m_pending = completion;
    m_hasPending = true;
    AddPending();
    m_timer = Simulator::Schedule(GetAdapter()->GetConnectTimeout(), &NdkConnector::Timeout, this);
    GetAdapter()->SendCm(msg);
    return NdkStatus::PENDING;
}

void
NdkConnector::InitPassive(NdkListener* listener, const NdkCmMessage& request)
{
    m_listener = listener;
    listener->AddSuccessor();
    m_localPort = listener->GetPort();
    GetAdapter()->AddPortReference(m_localPort);
    m_ownsPort = true;
    m_peerAddress = request.srcAddress;
    m_peerPort = request.srcPort;
    m_peerConnectorId = request.srcConnectorId;
    m_peerQpn = request.qpNumber;
    m_peerIrd = request.inboundReadLimit;
    m_peerOrd = request.outboundReadLimit;
    m_peerPrivateData = request.privateData;
    m_requiredDataSize = GetAdapter()->GetMaxCallerData();
    m_dataAvailable = true;
    m_phase = Phase::Requested;
}

void
NdkConnector::ComputeLimits()
{
    m_effectiveIrd = std::min(m_localIrd, m_peerOrd);
    m_effectiveOrd = std::min(m_localOrd, m_peerIrd);
}

NdkStatus
NdkConnector::CompleteConnect(NdkDisconnectEventCallback disconnectEvent,
                              NdkContext disconnectContext,
                              NdkRequestCompletion completion)
{
    NdkStatus s = CheckOpen();
    if (s != NdkStatus::SUCCESS)
    {
        return s;
    }
    if (m_phase != Phase::Replied)
    {
        return NdkStatus::CONNECTION_INVALID;
    }
    m_disconnectEvent = disconnectEvent;
    m_disconnectContext = disconnectContext;
    m_dataAvailable = false;
    m_phase = Phase::Connected;
    SendCm(NdkCmType::ReadyToUse);
    m_qp->SetConnected(m_effectiveIrd, m_effectiveOrd);
    return NdkStatus::SUCCESS;
}

NdkStatus
NdkConnector::Accept(Ptr<NdkQp> qp,
                     uint32_t inboundReadLimit,
                     uint32_t outboundReadLimit,
                     const uint8_t* privateData,
                     uint32_t privateDataLength,
                     NdkDisconnectEventCallback disconnectEvent,
                     NdkContext disconnectContext,
                     NdkRequestCompletion completion)
{
    NdkStatus s = CheckOpen();
    if (s != NdkStatus::SUCCESS)
    {
        return s;
    }
    if (!qp || qp->GetAdapter() != GetAdapter())
    {
        return NdkStatus::INVALID_PARAMETER;
    }
    if (privateDataLength > GetAdapter()->GetMaxCalleeData())
    {
        return NdkStatus::INVALID_BUFFER_SIZE;
    }
    if (m_phase == Phase::Closed)
    {
        return NdkStatus::CONNECTION_ABORTED; // the connecting peer gave up
    }
    if (m_phase != Phase::Requested)
    {
        return NdkStatus::CONNECTION_INVALID;
    }
    if (qp->GetState() != NdkQpState::Idle || qp->WasEverConnected() || qp->GetConnector() != nullptr)
    {
        return NdkStatus::CONNECTION_ACTIVE;
    }
    const NdkAdapterInfo& limits = GetAdapter()->Limits();
    m_localIrd = std::min(inboundReadLimit, limits.maxInboundReadLimit);
    m_localOrd = std::min(outboundReadLimit, limits.maxOutboundReadLimit);
    ComputeLimits();
    m_qp = qp;
    qp->AttachConnector(this);
    qp->SetConnecting(m_peerAddress, m_peerQpn, true); // IB RTR: inbound accepted from now on
    m_disconnectEvent = disconnectEvent;
    m_disconnectContext = disconnectContext;
    m_dataAvailable = false;
    m_phase = Phase::Accepting;
    m_pending = completion;
    m_hasPending = true;
    AddPending();
    m_timer = Simulator::Schedule(GetAdapter()->GetConnectTimeout(), &NdkConnector::Timeout, this);
    NdkCmMessage msg = MakeCm(NdkCmType::Reply);
    msg.privateData.assign(privateData, privateData + privateDataLength);
    GetAdapter()->SendCm(msg);
    return NdkStatus::PENDING;
}

NdkStatus
NdkConnector::Reject(const uint8_t* privateData, uint32_t privateDataLength)
{
    NdkStatus s = CheckOpen();
    if (s != NdkStatus::SUCCESS)
    {
        return s;
    }
    if (privateDataLength > GetAdapter()->GetMaxCalleeData())
    {
        return NdkStatus::INVALID_BUFFER_SIZE;
    }
    if (m_phase == Phase::Closed)
    {
        return NdkStatus::CONNECTION_ABORTED;
    }
    if (m_phase != Phase::Requested && m_phase != Phase::Replied)
    {
        return NdkStatus::CONNECTION_INVALID;
    }
    NdkCmMessage msg = MakeCm(NdkCmType::Reject);
    msg.rejectReason = NdkCmRejectReason::ConsumerReject;
    msg.privateData.assign(privateData, privateData + privateDataLength);
    GetAdapter()->SendCm(msg);
    if (m_qp)
    {
        m_qp->SetIdle();
    }
    m_phase = Phase::Closed;
    m_dataAvailable = false;
    return NdkStatus::SUCCESS;
}

NdkStatus
NdkConnector::GetConnectionData(uint32_t* inboundReadLimit,
                                uint32_t* outboundReadLimit,
                                uint8_t* privateData,
                                uint32_t* privateDataLength) const
{
    if (!m_dataAvailable)
    {
        return NdkStatus::INVALID_DEVICE_REQUEST;
    }
    if (privateData == nullptr && *privateDataLength > 0)
    {
        return NdkStatus::INVALID_PARAMETER;
    }
    if (inboundReadLimit)
    {
        // Before Accept the passive side reports what the peer offers, capped by the adapter.
        *inboundReadLimit = m_phase == Phase::Requested
                                ? std::min(m_peerOrd, GetAdapter()->Limits().maxInboundReadLimit)
                                : m_effectiveIrd;
    }
    if (outboundReadLimit)
    {
        *outboundReadLimit = m_phase == Phase::Requested
                                 ? std::min(m_peerIrd, GetAdapter()->Limits().maxOutboundReadLimit)
                                 : m_effectiveOrd;
    }
    uint32_t rds = m_requiredDataSize;
    if (privateData == nullptr)
    {
        *privateDataLength = rds;
        return NdkStatus::SUCCESS;
    }
    uint32_t n = std::min(*privateDataLength, rds);
    std::memset(privateData, 0, n);
    std::copy_n(m_peerPrivateData.begin(), std::min<size_t>(n, m_peerPrivateData.size()), privateData);
    NdkStatus s = *privateDataLength >= rds ? NdkStatus::SUCCESS : NdkStatus::BUFFER_TOO_SMALL;
    *privateDataLength = rds;
    return s;
}

NdkStatus
NdkConnector::GetLocalAddress(InetSocketAddress* address) const
{
    if (m_phase == Phase::Unused)
    {
        return NdkStatus::CONNECTION_INVALID;
    }
    *address = InetSocketAddress(GetAdapter()->GetAddress(), m_localPort);
    return NdkStatus::SUCCESS;
}

NdkStatus
NdkConnector::GetPeerAddress(InetSocketAddress* address) const
{
    if (m_phase == Phase::Unused)
    {
        return NdkStatus::CONNECTION_INVALID;
    }
    *address = InetSocketAddress(m_peerAddress, m_peerPort);
    return NdkStatus::SUCCESS;
}

NdkStatus
NdkConnector::Disconnect(NdkRequestCompletion completion)
{
    NdkStatus s = CheckOpen();
    if (s != NdkStatus::SUCCESS)
    {
        return s;
    }
    if (m_phase != Phase::Connected)
    {
        return NdkStatus::CONNECTION_INVALID;
    }
    m_localDisconnect = true;
    m_phase = Phase::Disconnecting;
    m_pending = completion;
    m_hasPending = true;
    AddPending();
    m_timer = Simulator::Schedule(GetAdapter()->GetDisconnectTimeout(), &NdkConnector::Timeout, this);
    SendCm(NdkCmType::DisconnectRequest);
    return NdkStatus::PENDING;
}

void
NdkConnector::FinishDisconnect(NdkStatus status)
{
    m_phase = Phase::Closed;
    if (m_qp)
    {
        m_qp->SetDisconnected(); // implicit flush once the transport is done
    }
    CompletePending(status);
}

void
NdkConnector::InvokeDisconnectEvent(NdkDisconnectEventCallback cb, NdkContext ctx, Ptr<NdkConnector> self)
{
    if (!cb.IsNull() && !self->IsClosing())
    {
        cb(ctx, 0);
    }
    self->RemovePending();
}

void
NdkConnector::Fail(NdkStatus status)
{
    if (m_qp && m_phase != Phase::Connected)
    {
        m_qp->SetIdle(); // a failed establishment leaves the QP as it was
    }
    m_phase = Phase::Closed;
    CompletePending(status);
}

void
NdkConnector::Timeout()
{
    if (m_phase == Phase::Disconnecting)
    {
        FinishDisconnect(NdkStatus::IO_TIMEOUT);
        return;
    }
    if (m_phase == Phase::Connecting || m_phase == Phase::Accepting)
    {
        SendCm(NdkCmType::Reject, NdkCmRejectReason::Timeout);
        Fail(NdkStatus::IO_TIMEOUT);
    }
}

void
NdkConnector::ReceiveCm(const NdkCmMessage& msg)
{
    switch (msg.type)
    {
    case NdkCmType::Reply:
        if (m_phase != Phase::Connecting)
        {
            return;
        }
        m_peerConnectorId = msg.srcConnectorId;
        m_peerQpn = msg.qpNumber;
        m_peerIrd = msg.inboundReadLimit;
        m_peerOrd = msg.outboundReadLimit;
        m_peerPrivateData = msg.privateData;
        m_requiredDataSize = GetAdapter()->GetMaxCalleeData();
        m_dataAvailable = true;
        ComputeLimits();
        m_qp->SetConnecting(m_peerAddress, m_peerQpn, true);
        m_phase = Phase::Replied;
        CompletePending(NdkStatus::SUCCESS);
        return;
    case NdkCmType::ReadyToUse:
        if (m_phase == Phase::Accepting)
        {
            m_phase = Phase::Connected;
            m_qp->SetConnected(m_effectiveIrd, m_effectiveOrd);
            CompletePending(NdkStatus::SUCCESS);
        }
        return;
    case NdkCmType::Reject:
        m_peerPrivateData = msg.privateData;
        if (m_phase == Phase::Connecting)
        {
            Fail(msg.rejectReason == NdkCmRejectReason::Timeout ? NdkStatus::IO_TIMEOUT
                                                                : NdkStatus::CONNECTION_REFUSED);
        }
        else if (m_phase == Phase::Accepting)
        {
            Fail(msg.rejectReason == NdkCmRejectReason::ConsumerReject
                     ? NdkStatus::CONNECTION_REFUSED
                     : msg.rejectReason == NdkCmRejectReason::Timeout ? NdkStatus::IO_TIMEOUT
                                                                      : NdkStatus::CONNECTION_ABORTED);
        }
        else if (m_phase == Phase::Requested || m_phase == Phase::Replied)
        {
            m_phase = Phase::Closed; // the peer abandoned the handshake
        }
        return;
    case NdkCmType::DisconnectRequest: {
        SendCm(NdkCmType::DisconnectReply);
        if (m_phase == Phase::Connected && !m_localDisconnect && !m_disconnectIndicated)
        {
            // E-6: exactly once, only for a peer-initiated disconnect; no flush here.
            m_disconnectIndicated = true;
            m_qp->SetPeerDisconnected();
            AddPending();
            Simulator::ScheduleNow(&NdkConnector::InvokeDisconnectEvent,
                                   m_disconnectEvent,
                                   m_disconnectContext,
                                   Ptr<NdkConnector>(this));
            m_phase = Phase::Connected; // the consumer may still call Disconnect
        }
        else if (m_phase == Phase::Disconnecting)
        {
            FinishDisconnect(NdkStatus::SUCCESS);
        }
        return;
    }
    case NdkCmType::DisconnectReply:
        if (m_phase == Phase::Disconnecting)
        {
            FinishDisconnect(NdkStatus::SUCCESS);
        }
        return;
    case NdkCmType::Request:
        return;
    }
}

void
NdkConnector::DoCloseStart()
{
    switch (m_phase)
    {
    case Phase::Connected:
        // Graceful disconnect + flush, as NdkDisconnect.
        m_localDisconnect = true;
        SendCm(NdkCmType::DisconnectRequest);
        m_qp->SetDisconnected();
        break;
    case Phase::Connecting:
    case Phase::Replied:
    case Phase::Accepting:
        SendCm(NdkCmType::Reject, NdkCmRejectReason::Abandoned);
        if (m_qp)
        {
            m_qp->SetIdle();
        }
        break;
    case Phase::Requested:
        SendCm(NdkCmType::Reject, NdkCmRejectReason::NoListener); // peer sees refused
        break;
    case Phase::Disconnecting:
        if (m_qp)
        {
            m_qp->SetDisconnected();
        }
        break;
    default:
        break;
    }
    m_phase = Phase::Closed;
    CompletePending(NdkStatus::CANCELLED);
    m_timer.Cancel();
}

void
NdkConnector::DoCloseFinish()
{
    if (m_ownsPort)
    {
        GetAdapter()->ReleasePort(m_localPort);
        m_ownsPort = false;
    }
    if (m_qp)
    {
        m_qp->DetachConnector(this);
        m_qp = nullptr;
    }
    if (m_listener)
    {
        m_listener->RemoveSuccessor();
        m_listener = nullptr;
    }
    if (m_sharedEndpoint)
    {
        m_sharedEndpoint->RemoveSuccessor();
        m_sharedEndpoint = nullptr;
    }
    GetAdapter()->UnregisterConnector(m_id);
    GetAdapter()->Register(NdkObjectType::Connector, -1);
}

// ---------------------------------------------------------------- listener

NdkListener::NdkListener(NdkAdapter* adapter, NdkConnectEventCallback connectEvent, NdkContext context)
    : NdkObject(NdkObjectType::Listener, adapter),
      m_connectEvent(connectEvent),
      m_context(context)
{
}

NdkStatus
NdkListener::Listen(const InetSocketAddress& address, NdkRequestCompletion async)
{
    NdkStatus s = CheckOpen();
    if (s != NdkStatus::SUCCESS)
    {
        return s;
    }
    if (m_listening)
    {
        return NdkStatus::INVALID_DEVICE_REQUEST;
    }
    if (address.GetIpv4() != GetAdapter()->GetAddress() && address.GetIpv4() != Ipv4Address::GetAny())
    {
        return NdkStatus::INVALID_ADDRESS;
    }
    uint16_t port = address.GetPort();
    s = GetAdapter()->ReservePort(&port);
    if (s != NdkStatus::SUCCESS)
    {
        return s;
    }
    m_port = port;
    m_listening = true;
    GetAdapter()->RegisterListener(port, this);
    return GetAdapter()->FinishRequest(this, async);
}

NdkStatus
NdkListener::GetLocalAddress(InetSocketAddress* address) const
{
    if (!m_listening)
    {
        return NdkStatus::INVALID_DEVICE_REQUEST;
    }
    *address = InetSocketAddress(GetAdapter()->GetAddress(), m_port);
    return NdkStatus::SUCCESS;
}

void
NdkListener::ControlConnectEvents(bool pause)
{
    m_paused = pause;
}

bool
NdkListener::Deliver(const NdkCmMessage& request)
{
    if (!m_listening || m_paused || IsClosing())
    {
        return false;
    }
    Ptr<NdkConnector> connector = Create<NdkConnector>(GetAdapter());
    GetAdapter()->RegisterChild(connector);
    connector->InitPassive(this, request);
    AddPending();
    Simulator::ScheduleNow(&NdkListener::InvokeConnectEvent, m_connectEvent, m_context, connector, Ptr<NdkListener>(this));
    return true;
}

void
NdkListener::InvokeConnectEvent(NdkConnectEventCallback cb, NdkContext ctx, Ptr<NdkConnector> c, Ptr<NdkListener> self)
{
    if (!cb.IsNull())
    {
        cb(ctx, c);
    }
    self->RemovePending();
}

void
NdkListener::DoCloseStart()
{
    // Refuse new requests at once; the endpoint lives on while accepted connectors do.
    if (m_listening)
    {
        GetAdapter()->UnregisterListener(m_port);
    }
}

void
NdkListener::DoCloseFinish()
{
    if (m_listening)
    {
        GetAdapter()->ReleasePort(m_port);
        m_listening = false;
    }
    GetAdapter()->Register(NdkObjectType::Listener, -1);
}

// ---------------------------------------------------------------- shared endpoint

NdkSharedEndpoint::NdkSharedEndpoint(NdkAdapter* adapter, uint16_t port)
    : NdkObject(NdkObjectType::SharedEndpoint, adapter),
      m_port(port)
{
}

NdkStatus
NdkSharedEndpoint::GetLocalAddress(InetSocketAddress* address) const
{
    *address = InetSocketAddress(GetAdapter()->GetAddress(), m_port);
    return NdkStatus::SUCCESS;
}

void
NdkSharedEndpoint::DoCloseFinish()
{
    GetAdapter()->ReleasePort(m_port);
    GetAdapter()->Register(NdkObjectType::SharedEndpoint, -1);
}

} // namespace ns3
