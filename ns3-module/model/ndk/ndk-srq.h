/*
 * NDK_SRQ: shared receive queue.
 */

#ifndef NDK_SRQ_H
#define NDK_SRQ_H

#include "ndk-object.h"
#include "ndk-qp.h"

#include <deque>

namespace ns3
{

/**
 * \ingroup ndk
 * \brief NDK_SRQ (SEMANTICS.md 9): receives shared by the QPs created with it. The notification
 * fires once when the queued receives drop below the armed threshold.
 */
class NdkSrq : public NdkObject
{
  public:
    NdkSrq(NdkAdapter* adapter,
           NdkPd* pd,
           uint32_t depth,
           uint32_t maxReceiveRequestSge,
           uint32_t notifyThreshold,
           NdkSrqNotificationCallback notification,
           NdkContext notificationContext);

    /** NdkModifySrq (depth 0 and threshold 0 keep the current values). */
    NdkStatus Modify(uint32_t depth, uint32_t notifyThreshold, NdkRequestCompletion async = {});
    /** NdkSrqReceive. */
    NdkStatus Receive(NdkContext requestContext, const NdkSge* sgl, uint32_t nSge);

    NdkPd* GetPd() const
    {
        return m_pd;
    }

    uint32_t GetQueued() const
    {
        return static_cast<uint32_t>(m_queue.size());
    }

    /** Take the oldest receive; \return false if empty. */
    bool Pop(NdkRecvWqe* out);
    /** Fault injection: catastrophic SRQ error (STATUS_INTERNAL_ERROR). */
    void InjectFailure();
    void AttachQp(NdkQp* qp);
    void DetachQp(NdkQp* qp);

  protected:
    void DoCloseFinish() override;

  private:
    void CheckThreshold();
    static void InvokeNotification(NdkSrqNotificationCallback cb, NdkContext ctx, NdkStatus status, Ptr<NdkSrq> srq);

    NdkPd* m_pd;
    uint32_t m_depth;
    uint32_t m_maxSge;
    uint32_t m_threshold;
    bool m_armed;
    bool m_failed{false};
    NdkSrqNotificationCallback m_notification;
    NdkContext m_notificationContext;
    std::deque<NdkRecvWqe> m_queue;
    std::vector<NdkQp*> m_qps;
};

} // namespace ns3

#endif
