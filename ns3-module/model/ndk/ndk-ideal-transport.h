/*
 * A zero-delay transport between adapters of one simulation, for NDK semantics.
 */

#ifndef NDK_IDEAL_TRANSPORT_H
#define NDK_IDEAL_TRANSPORT_H

#include "ndk-transport.h"

#include "ns3/nstime.h"

#include <map>
#include <set>

namespace ns3
{

/**
 * \ingroup ndk
 * \brief Delivers every request directly to the peer QP, as an ns-3 event at the same time.
 *
 * No packets, no wire: it exists so that the remote semantics (token use, violations,
 * send-and-invalidate, error propagation, flush, connection management) are exercised without
 * a network. RNR behaves as on RC: a Send finding no receive is retried every RnrTimer, up to
 * RnrRetryCount times (7 = forever; always forever on an SRQ QP), then completes
 * STATUS_IO_TIMEOUT. The RoCEv2 NIC implements the same NdkTransport interface.
 */
class NdkIdealTransport : public NdkTransport
{
  public:
    static TypeId GetTypeId();
    NdkIdealTransport();
    ~NdkIdealTransport() override;

    /** Attach an adapter: it becomes reachable at its address and uses this transport. */
    void Attach(Ptr<NdkAdapter> adapter);

    void NotifyInitiatorWork(Ptr<NdkQp> qp) override;
    void NotifyReceivePosted(Ptr<NdkQp> qp) override;
    void NotifyQpReset(Ptr<NdkQp> qp) override;
    void SendCm(NdkAdapter& from, const NdkCmMessage& msg) override;
    bool IsReachable(Ipv4Address address) const override;

    /** Drop every CM message and data request (a cut cable): transfers time out. */
    void SetLinkDown(bool down);

  protected:
    void DoDispose() override;

  private:
    void Detach();
    void Process(Ptr<NdkQp> qp);
    /** \return false if the request is held (RNR) and processing must stop. */
    bool Execute(Ptr<NdkQp> qp, NdkWqe* wqe);
    NdkQp* Peer(const NdkQp& qp) const;
    void DeliverCm(NdkCmMessage msg);
    void RnrRetry(Ptr<NdkQp> qp);
    void TransportTimeout(Ptr<NdkQp> qp, uint64_t sequence);

    std::map<Ipv4Address, Ptr<NdkAdapter>> m_adapters;
    std::set<NdkQp*> m_scheduled;         //!< QPs with a Process event pending
    std::map<NdkQp*, NdkWqe*> m_rnrHeld;  //!< Send waiting for a receive
    std::map<NdkQp*, uint32_t> m_rnrTries;
    Time m_rnrTimer;
    uint32_t m_rnrRetryCount;
    Time m_ackTimeout;
    uint32_t m_retryCount;
    bool m_linkDown{false};
};

} // namespace ns3

#endif
