/*
 * NDK_PD: the protection domain.
 */

#ifndef NDK_PD_H
#define NDK_PD_H

#include "ndk-adapter.h"
#include "ndk-object.h"

namespace ns3
{

/**
 * \ingroup ndk
 * \brief NDK_PD (SEMANTICS.md 4): MRs, MWs, QPs and SRQs are created in a PD; tokens, SGEs and
 * windows are checked against it.
 */
class NdkPd : public NdkObject
{
  public:
    explicit NdkPd(NdkAdapter* adapter);

    NdkStatus CreateMr(bool fastRegister, Ptr<NdkMr>* mr, NdkCreateCompletion<NdkMr> async = {});
    NdkStatus CreateMw(Ptr<NdkMw>* mw, NdkCreateCompletion<NdkMw> async = {});
    NdkStatus CreateSrq(uint32_t depth,
                        uint32_t maxReceiveRequestSge,
                        uint32_t notifyThreshold,
                        NdkSrqNotificationCallback notification,
                        NdkContext notificationContext,
                        Ptr<NdkSrq>* srq,
                        NdkCreateCompletion<NdkSrq> async = {});
    NdkStatus CreateQp(Ptr<NdkCq> receiveCq,
                       Ptr<NdkCq> initiatorCq,
                       NdkContext qpContext,
                       uint32_t receiveQueueDepth,
                       uint32_t initiatorQueueDepth,
                       uint32_t maxReceiveRequestSge,
                       uint32_t maxInitiatorRequestSge,
                       uint32_t inlineDataSize,
                       Ptr<NdkQp>* qp,
                       NdkCreateCompletion<NdkQp> async = {});
    NdkStatus CreateQpWithSrq(Ptr<NdkCq> receiveCq,
                              Ptr<NdkCq> initiatorCq,
                              Ptr<NdkSrq> srq,
                              NdkContext qpContext,
                              uint32_t initiatorQueueDepth,
                              uint32_t maxInitiatorRequestSge,
                              uint32_t inlineDataSize,
                              Ptr<NdkQp>* qp,
                              NdkCreateCompletion<NdkQp> async = {});
    /** NdkGetPrivilegedMemoryRegionToken: local read/write on logical addresses, never remote. */
    void GetPrivilegedMemoryRegionToken(uint32_t* token) const;

  protected:
    void DoCloseFinish() override;
};

} // namespace ns3

#endif
