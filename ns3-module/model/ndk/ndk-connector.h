/*
 * NDK_CONNECTOR, NDK_LISTENER, NDK_SHARED_ENDPOINT: connection management.
 */

#ifndef NDK_CONNECTOR_H
#define NDK_CONNECTOR_H

#include "ndk-object.h"
#include "ndk-transport.h"

#include "ns3/event-id.h"
#include "ns3/inet-socket-address.h"

#include <vector>

namespace ns3
{

class NdkQp;
class NdkListener;
class NdkSharedEndpoint;

/**
 * \ingroup ndk
 * \brief NDK_CONNECTOR (SEMANTICS.md 10): the active (Connect, CompleteConnect) or passive
 * (delivered by a listener: Accept / Reject) side of one connection, and its disconnect.
 */
class NdkConnector : public NdkObject
{
  public:
    /** Handshake progress. */
    enum class Phase : uint8_t
    {
        Unused,
        Connecting,     //!< active: request sent
        Replied,        //!< active: peer accepted, Connect completed
        Requested,      //!< passive: request delivered to the consumer
        Accepting,      //!< passive: Accept issued, waiting for ready-to-use
        Connected,
        Disconnecting,
        Closed,         //!< disconnected, rejected or failed: not reusable
    };

    explicit NdkConnector(NdkAdapter* adapter);

    NdkStatus Connect(Ptr<NdkQp> qp,
                      const InetSocketAddress& source,
                      const InetSocketAddress& destination,
                      uint32_t inboundReadLimit,
                      uint32_t outboundReadLimit,
                      const uint8_t* privateData,
                      uint32_t privateDataLength,
                      NdkRequestCompletion completion);
    NdkStatus ConnectWithSharedEndpoint(Ptr<NdkQp> qp,
                                        Ptr<NdkSharedEndpoint> endpoint,
                                        const InetSocketAddress& destination,
                                        uint32_t inboundReadLimit,
                                        uint32_t outboundReadLimit,
                                        const uint8_t* privateData,
                                        uint32_t privateDataLength,
                                        NdkRequestCompletion completion);
    /** NdkCompleteConnect(Ex): the disconnect callback is the Ex form (reason argument). */
    NdkStatus CompleteConnect(NdkDisconnectEventCallback disconnectEvent,
                              NdkContext disconnectContext,
                              NdkRequestCompletion completion = {});
    NdkStatus Accept(Ptr<NdkQp> qp,
                     uint32_t inboundReadLimit,
                     uint32_t outboundReadLimit,
                     const uint8_t* privateData,
                     uint32_t privateDataLength,
                     NdkDisconnectEventCallback disconnectEvent,
                     NdkContext disconnectContext,
                     NdkRequestCompletion completion);
    NdkStatus Reject(const uint8_t* privateData, uint32_t privateDataLength);
    /** NdkGetConnectionData (see SEMANTICS.md 10.8 for the private-data length protocol). */
    NdkStatus GetConnectionData(uint32_t* inboundReadLimit,
                                uint32_t* outboundReadLimit,
                                uint8_t* privateData,
                                uint32_t* privateDataLength) const;
    NdkStatus GetLocalAddress(InetSocketAddress* address) const;
    NdkStatus GetPeerAddress(InetSocketAddress* address) const;
    NdkStatus Disconnect(NdkRequestCompletion completion = {});

    Phase GetPhase() const
    {
        return m_phase;
    }

    uint32_t GetId() const
    {
        return m_id;
    }

    Ptr<NdkQp> GetQp() const
    {
        return m_qp;
    }

    // ---- Provider side ----
    /** Set up a passive connector for an incoming request. */
    void InitPassive(NdkListener* listener, const NdkCmMessage& request);
    void ReceiveCm(const NdkCmMessage& msg);

  protected:
    void DoCloseStart() override;
    void DoCloseFinish() override;

  private:
    NdkStatus StartConnect(Ptr<NdkQp> qp,
                           uint16_t localPort,
                           const InetSocketAddress& destination,
                           uint32_t ird,
                           uint32_t ord,
                           const uint8_t* privateData,
                           uint32_t privateDataLength,
                           NdkRequestCompletion completion);
    NdkCmMessage MakeCm(NdkCmType type) const;
    void SendCm(NdkCmType type, NdkCmRejectReason reason = NdkCmRejectReason::ConsumerReject);
    void CompletePending(NdkStatus status);
    void Fail(NdkStatus status);
    void Timeout();
    void FinishDisconnect(NdkStatus status);
    void ComputeLimits();
    static void InvokeRequest(NdkRequestCompletion completion, NdkStatus status, Ptr<NdkConnector> self);
    static void InvokeDisconnectEvent(NdkDisconnectEventCallback cb, NdkContext ctx, Ptr<NdkConnector> self);

    Phase m_phase{Phase::Unused};
    uint32_t m_id;
    Ptr<NdkQp> m_qp;
    NdkListener* m_listener{nullptr};
    Ptr<NdkSharedEndpoint> m_sharedEndpoint;
    uint16_t m_localPort{0};
    bool m_ownsPort{false};
    Ipv4Address m_peerAddress;
    uint16_t m_peerPort{0};
    uint32_t m_peerConnectorId{0};
    uint32_t m_peerQpn{0};
    uint32_t m_localIrd{0};
    uint32_t m_localOrd{0};
    uint32_t m_peerIrd{0};
    uint32_t m_peerOrd{0};
    uint32_t m_effectiveIrd{0};
    uint32_t m_effectiveOrd{0};
    std::vector<uint8_t> m_peerPrivateData;
    uint32_t m_requiredDataSize{0};
    bool m_dataAvailable{false};
    NdkRequestCompletion m_pending; //!< Connect / Accept / Disconnect waiting for the peer
    bool m_hasPending{false};
    NdkDisconnectEventCallback m_disconnectEvent;
    NdkContext m_disconnectContext{0};
    bool m_disconnectIndicated{false};
    bool m_localDisconnect{false};
    EventId m_timer;
};

/**
 * \ingroup ndk
 * \brief NDK_LISTENER: delivers incoming connection requests as new connectors.
 */
class NdkListener : public NdkObject
{
  public:
    NdkListener(NdkAdapter* adapter, NdkConnectEventCallback connectEvent, NdkContext context);

    NdkStatus Listen(const InetSocketAddress& address, NdkRequestCompletion async = {});
    NdkStatus GetLocalAddress(InetSocketAddress* address) const;
    /** NdkControlConnectEvents: paused listeners refuse requests as if absent. */
    void ControlConnectEvents(bool pause);

    /** A connection request arrived: \return false if it must be refused. */
    bool Deliver(const NdkCmMessage& request);

    uint16_t GetPort() const
    {
        return m_port;
    }

  protected:
    void DoCloseStart() override;
    void DoCloseFinish() override;

  private:
    static void InvokeConnectEvent(NdkConnectEventCallback cb, NdkContext ctx, Ptr<NdkConnector> c, Ptr<NdkListener> self);

    NdkConnectEventCallback m_connectEvent;
    NdkContext m_context;
    uint16_t m_port{0};
    bool m_listening{false};
    bool m_paused{false};
};

/**
 * \ingroup ndk
 * \brief NDK_SHARED_ENDPOINT: one local address:port shared by outgoing connections.
 */
class NdkSharedEndpoint : public NdkObject
{
  public:
    NdkSharedEndpoint(NdkAdapter* adapter, uint16_t port);

    NdkStatus GetLocalAddress(InetSocketAddress* address) const;

    uint16_t GetPort() const
    {
        return m_port;
    }

  protected:
    void DoCloseFinish() override;

  private:
    uint16_t m_port;
};

} // namespace ns3

#endif
