/*
 * NDK_CQ: completion queue with arming, notification, moderation, resize and overflow.
 */

#ifndef NDK_CQ_H
#define NDK_CQ_H

#include "ndk-object.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup ndk
 * \brief NDK_CQ (SEMANTICS.md 5): a bounded ring of NDK_RESULT_EX entries.
 *
 * Arms are one-shot and merge (ANY > SOLICITED > ERRORS); the notification callback runs as an
 * ns-3 event, never nested in a provider call, never overlapping another. Overflow is terminal:
 * the CQ reports STATUS_BUFFER_OVERFLOW to an armed consumer, every QP using it goes to Error and
 * no further entry is ever added (queued entries stay retrievable).
 */
class NdkCq : public NdkObject
{
  public:
    NdkCq(NdkAdapter* adapter,
          uint32_t depth,
          NdkCqNotificationCallback notification,
          NdkContext notificationContext);

    /** NdkResizeCq. */
    NdkStatus Resize(uint32_t depth, NdkRequestCompletion async = {});
    /** NdkArmCq. */
    void Arm(uint32_t type);
    /** NdkGetCqResults: \return how many entries were removed into \p results. */
    uint32_t GetResults(NdkResult* results, uint32_t count);
    /** NdkGetCqResultsEx. */
    uint32_t GetResultsEx(NdkResultEx* results, uint32_t count);
    /** NdkControlCqInterruptModeration. */
    NdkStatus ControlInterruptModeration(uint32_t intervalUs, uint32_t count);

    uint32_t GetDepth() const
    {
        return m_depth;
    }

    uint32_t GetCount() const
    {
        return m_count;
    }

    /** \return true once overflowed or failed (terminal). */
    bool IsFailed() const
    {
        return m_failed;
    }

    // ---- Provider side ----
    /**
     * Queue a completion. \p solicited marks a receive of a SEND_AND_SOLICIT_EVENT message.
     * \return false if the CQ is (or just became) unusable: the entry was not queued.
     */
    bool Push(const NdkResultEx& result, bool solicited);
    /** Fault injection: a catastrophic CQ error (STATUS_INTERNAL_ERROR). */
    void InjectFailure();
    /** The QPs bound to this CQ (for overflow -> QP Error). */
    void AttachQp(NdkQp* qp);
    void DetachQp(NdkQp* qp);

  protected:
    void DoCloseStart() override;

  private:
    void Fail(NdkStatus status);
    void MaybeNotify(bool solicitedOrError);
    void ScheduleNotification(NdkStatus status);
    void Notify(NdkStatus status);

    uint32_t m_depth;
    std::vector<NdkResultEx> m_ring;
    uint32_t m_head{0};
    uint32_t m_count{0};
    NdkCqNotificationCallback m_notification;
    NdkContext m_notificationContext;
    bool m_armed{false};
    uint32_t m_armType{NDK_CQ_NOTIFY_ERRORS};
    bool m_newSinceNotify{false};
    bool m_notifyScheduled{false};
    bool m_failed{false};
    NdkStatus m_failStatus{NdkStatus::BUFFER_OVERFLOW};
    uint32_t m_moderationIntervalUs{0};
    uint32_t m_moderationCount{0};
    uint32_t m_moderatedCompletions{0};
    EventId m_moderationEvent;
    std::vector<NdkQp*> m_qps;
};

} // namespace ns3

#endif
