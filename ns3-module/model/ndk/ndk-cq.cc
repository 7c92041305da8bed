#include "ndk-cq.h"

#include "ndk-adapter.h"
#include "ndk-qp.h"

#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NdkCq::NdkCq(NdkAdapter* adapter,
             uint32_t depth,
             NdkCqNotificationCallback notification,
             NdkContext notificationContext)
    : NdkObject(NdkObjectType::Cq, adapter),
      m_depth(depth),
      m_ring(depth),
      m_notification(notification),
      m_notificationContext(notificationContext)
{
}

NdkStatus
NdkCq::Resize(uint32_t depth, NdkRequestCompletion async)
{
    NdkStatus open = CheckOpen();
    if (open != NdkStatus::SUCCESS)
    {
        return open;
    }
    if (!GetAdapter()->HasFlag(NDK_ADAPTER_FLAG_CQ_RESIZE_SUPPORTED))
    {
        return NdkStatus::NOT_SUPPORTED;
    }
    if (depth == 0 || depth > GetAdapter()->Limits().maxCqDepth)
    {
        return NdkStatus::INVALID_PARAMETER;
    }
    if (depth < m_count)
    {
        return NdkStatus::BUFFER_OVERFLOW; // ND2: never lose a queued completion
    }
    std::vector<NdkResultEx> ring(depth);
    for (uint32_t i = 0; i < m_count; ++i)
    {
        ring[i] = m_ring[(m_head + i) % m_depth];
    }
    m_ring.swap(ring);
    m_head = 0;
    m_depth = depth;
    return GetAdapter()->FinishRequest(this, async);
}

void
NdkCq::Arm(uint32_t type)
{
    if (IsClosing() || type > NDK_CQ_NOTIFY_SOLICITED)
    {
        return;
    }
    // Merge: the wider condition wins (ANY > SOLICITED > ERRORS).
    auto rank = [](uint32_t t) { return t == NDK_CQ_NOTIFY_ANY ? 2 : t == NDK_CQ_NOTIFY_SOLICITED ? 1 : 0; };
    if (!m_armed || rank(type) > rank(m_armType))
    {
        m_armType = type;
    }
    m_armed = true;
    if (m_failed)
    {
        ScheduleNotification(m_failStatus);
        return;
    }
    // Completions that arrived since the last notification satisfy an ANY arm at once.
    if (m_count > 0 && m_newSinceNotify && m_armType == NDK_CQ_NOTIFY_ANY)
    {
        ScheduleNotification(NdkStatus::SUCCESS);
    }
}

uint32_t
NdkCq::GetResults(NdkResult* results, uint32_t count)
{
    uint32_t n = std::min(count, m_count);
    for (uint32_t i = 0; i < n; ++i)
    {
        const NdkResultEx& r = m_ring[m_head];
        results[i] = NdkResult{r.status, r.bytesTransferred, r.qpContext, r.requestContext};
        m_head = (m_head + 1) % m_depth;
    }
    m_count -= n;
    return n;
}

uint32_t
NdkCq::GetResultsEx(NdkResultEx* results, uint32_t count)
{
    uint32_t n = std::min(count, m_count);
    for (uint32_t i = 0; i < n; ++i)
    {
        results[i] = m_ring[m_head];
        m_head = (m_head + 1) % m_depth;
    }
    m_count -= n;
    return n;
}

NdkStatus
NdkCq::ControlInterruptModeration(uint32_t intervalUs, uint32_t count)
{
    if (!GetAdapter()->HasFlag(NDK_ADAPTER_FLAG_CQ_INTERRUPT_MODERATION_SUPPORTED))
    {
        return NdkStatus::NOT_SUPPORTED;
    }
    if (intervalUs == 0xFFFFFFFF && (count == 0xFFFFFFFF || count > m_depth))
    {
        return NdkStatus::INVALID_PARAMETER_MIX;
    }
    m_moderationIntervalUs = intervalUs;
    m_moderationCount = count;
    return NdkStatus::SUCCESS;
}

bool
NdkCq::Push(const NdkResultEx& result, bool solicited)
{
    if (m_failed || IsClosed())
    {
        return false;
    }
    if (m_count == m_depth)
    {
        Fail(NdkStatus::BUFFER_OVERFLOW);
        return false;
    }
    m_ring[(m_head + m_count) % m_depth] = result;
    ++m_count;
    m_newSinceNotify = true;
    MaybeNotify(solicited || result.status != NdkStatus::SUCCESS);
    return true;
}

void
NdkCq::MaybeNotify(bool solicitedOrError)
{
    if (!m_armed || m_notifyScheduled)
    {
        return;
    }
    bool match = m_armType == NDK_CQ_NOTIFY_ANY ||
                 (m_armType == NDK_CQ_NOTIFY_SOLICITED && solicitedOrError);
    if (!match)
    {
        return;
    }
    // Moderation delays the interrupt: count and/or interval (0 or 1 count: no moderation).
    bool countModerated = m_moderationCount > 1 && m_moderationCount != 0xFFFFFFFF &&
                          m_moderationCount <= m_depth;
    bool intervalModerated = m_moderationIntervalUs != 0;
    if (countModerated && ++m_moderatedCompletions < m_moderationCount)
    {
        if (intervalModerated && m_moderationIntervalUs != 0xFFFFFFFF && !m_moderationEvent.IsRunning())
        {
            m_moderationEvent = Simulator::Schedule(MicroSeconds(m_moderationIntervalUs),
                                                    &NdkCq::ScheduleNotification,
                                                    this,
                                                    NdkStatus::SUCCESS);
        }
        return;
    }
    if (!countModerated && intervalModerated && m_moderationIntervalUs != 0xFFFFFFFF)
    {
        if (!m_moderationEvent.IsRunning())
        {
            m_moderationEvent = Simulator::Schedule(MicroSeconds(m_moderationIntervalUs),
                                                    &NdkCq::ScheduleNotification,
                                                    this,
                                                    NdkStatus::SUCCESS);
        }
        return;
    }
    ScheduleNotification(NdkStatus::SUCCESS);
}

void
NdkCq::ScheduleNotification(NdkStatus status)
{
    if (!m_armed || m_notifyScheduled || IsClosing())
    {
        return;
    }
    m_armed = false;
    m_notifyScheduled = true;
    m_moderatedCompletions = 0;
    m_moderationEvent.Cancel();
    AddPending(); // a close waits for the running callback
    Simulator::ScheduleNow(&NdkCq::Notify, this, status);
}

void
NdkCq::Notify(NdkStatus status)
{
    Ptr<NdkCq> self(this);
    m_newSinceNotify = false;
    if (!m_notification.IsNull() && !IsClosing())
    {
        m_notification(m_notificationContext, status);
    }
    m_notifyScheduled = false;
    RemovePending();
}

void
NdkCq::Fail(NdkStatus status)
{
    if (m_failed)
    {
        return;
    }
    m_failed = true;
    m_failStatus = status;
    // Every QP using this CQ is unusable; their other queues still flush to healthy CQs.
    std::vector<NdkQp*> qps = m_qps;
    for (NdkQp* qp : qps)
    {
        qp->CqFailed(this);
    }
    if (m_armed)
    {
        ScheduleNotification(status);
    }
}

void
NdkCq::InjectFailure()
{
    Fail(NdkStatus::INTERNAL_ERROR);
}

void
NdkCq::AttachQp(NdkQp* qp)
{
    m_qps.push_back(qp);
    AddSuccessor();
}

void
NdkCq::DetachQp(NdkQp* qp)
{
    auto it = std::find(m_qps.begin(), m_qps.end(), qp);
    if (it != m_qps.end())
    {
        m_qps.erase(it);
        RemoveSuccessor();
    }
}

void
NdkCq::DoCloseStart()
{
    m_moderationEvent.Cancel();
    m_armed = false;
    m_count = 0; // queued entries are discarded
    GetAdapter()->Register(NdkObjectType::Cq, -1);
}

} // namespace ns3
