/*
 * The narrow interface between the NDK layer and a transport (ideal or RoCEv2).
 */

#ifndef NDK_TRANSPORT_H
#define NDK_TRANSPORT_H

#include "ndk-types.h"

#include "ns3/ipv4-address.h"
#include "ns3/object.h"

#include <vector>

namespace ns3
{

class NdkAdapter;
class NdkQp;
struct NdkWqe;

/** Connection-management message kinds (IB CM: REQ, REP, RTU, REJ, DREQ, DREP). */
enum class NdkCmType : uint8_t
{
    Request,
    Reply,
    ReadyToUse,
    Reject,
    DisconnectRequest,
    DisconnectReply,
};

/** Why a connection request was rejected. */
enum class NdkCmRejectReason : uint8_t
{
    ConsumerReject, //!< NdkReject by the peer consumer
    NoListener,     //!< nothing listening (or paused / closing) at the destination
    Abandoned,      //!< the peer closed its connector mid-handshake
    Timeout,        //!< the peer gave up waiting
};

/**
 * A connection-management message as the transport carries it. Addresses are IP + ND port;
 * connector ids let both sides find their connector without a 4-tuple search.
 */
struct NdkCmMessage
{
    NdkCmType type{NdkCmType::Request};
    Ipv4Address srcAddress;
    uint16_t srcPort{0};
    Ipv4Address dstAddress;
    uint16_t dstPort{0};
    uint32_t srcConnectorId{0};
    uint32_t dstConnectorId{0}; //!< 0 in a Request
    uint32_t qpNumber{0};       //!< sender's QP (Request, Reply)
    uint32_t inboundReadLimit{0};
    uint32_t outboundReadLimit{0};
    NdkCmRejectReason rejectReason{NdkCmRejectReason::ConsumerReject};
    std::vector<uint8_t> privateData;
    // Filled by packet transports (IB CM REQ/REP carry them); the NDK layer ignores them.
    uint32_t startingPsn{0}; //!< first PSN the sender's QP will use
    bool srq{false};         //!< the sender's QP receives through an SRQ (unlimited RNR retry)
};

/**
 * \ingroup ndk
 * \brief What the NDK layer asks of a transport.
 *
 * The NDK layer owns every semantic rule (posting checks, token checks, completion order, state
 * machines). A transport decides *when* things happen and carries bytes: it is told that a QP
 * has initiator work (the doorbell), pulls startable requests with NdkQp::StartNextRequest(),
 * delivers them to the peer QP's responder entry points (NdkQp::Inbound*), and reports the
 * outcome with NdkQp::CompleteRequest(). Connection management travels as NdkCmMessages.
 */
class NdkTransport : public Object
{
  public:
    static TypeId GetTypeId();

    /** The doorbell: initiator work may now be startable on \p qp. */
    virtual void NotifyInitiatorWork(Ptr<NdkQp> qp) = 0;
    /** A receive was posted on \p qp (or its SRQ): a sender held by RNR may go on. */
    virtual void NotifyReceivePosted(Ptr<NdkQp> qp);
    /** \p qp entered Error or Disconnected: drop its in-flight transport state. */
    virtual void NotifyQpReset(Ptr<NdkQp> qp);
    /** Carry a connection-management message to msg.dstAddress. */
    virtual void SendCm(NdkAdapter& from, const NdkCmMessage& msg) = 0;
    /** \return true if some adapter owns \p address (otherwise STATUS_HOST_UNREACHABLE). */
    virtual bool IsReachable(Ipv4Address address) const = 0;
};

} // namespace ns3

#endif
