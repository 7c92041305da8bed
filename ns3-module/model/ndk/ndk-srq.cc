#include "ndk-srq.h"

#include "ndk-adapter.h"
#include "ndk-pd.h"
#include "ndk-transport.h"

#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NdkSrq::NdkSrq(NdkAdapter* adapter,
               NdkPd* pd,
               uint32_t depth,
               uint32_t maxReceiveRequestSge,
               uint32_t notifyThreshold,
               NdkSrqNotificationCallback notification,
               NdkContext notificationContext)
    : NdkObject(NdkObjectType::Srq, adapter),
      m_pd(pd),
      m_depth(depth),
      m_maxSge(maxReceiveRequestSge),
      m_threshold(notifyThreshold),
      m_armed(notifyThreshold > 0),
      m_notification(notification),
      m_notificationContext(notificationContext)
{
}

NdkStatus
NdkSrq::Modify(uint32_t depth, uint32_t notifyThreshold, NdkRequestCompletion async)
{
    NdkStatus open = CheckOpen();
    if (open != NdkStatus::SUCCESS)
    {
        return open;
    }
    if (depth > GetAdapter()->Limits().maxSrqDepth)
    {
        return NdkStatus::INVALID_PARAMETER;
    }
    if (depth != 0 && depth < m_queue.size())
    {
        return NdkStatus::BUFFER_OVERFLOW;
    }
    if (depth != 0)
    {
        m_depth = depth;
    }
    if (notifyThreshold > 0)
    {
        m_threshold = notifyThreshold;
        m_armed = true;
        CheckThreshold(); // already below: notify right away
    }
    return GetAdapter()->FinishRequest(this, async);
}

NdkStatus
NdkSrq::Receive(NdkContext requestContext, const NdkSge* sgl, uint32_t nSge)
{
    NdkStatus open = CheckOpen();
    if (open != NdkStatus::SUCCESS)
    {
        return open;
    }
    if (m_queue.size() >= m_depth)
    {
        return NdkStatus::NO_MORE_ENTRIES;
    }
    if (nSge > m_maxSge)
    {
        return NdkStatus::DATA_OVERRUN;
    }
    NdkRecvWqe wqe;
    wqe.requestContext = requestContext;
    for (uint32_t i = 0; i < nSge; ++i)
    {
        wqe.sges.push_back(sgl[i]);
        wqe.capacity += sgl[i].length;
    }
    if (wqe.capacity > GetAdapter()->Limits().maxTransferLength)
    {
        return NdkStatus::BUFFER_OVERFLOW;
    }
    m_queue.push_back(std::move(wqe));
    // A sender held by RNR on any QP of this SRQ may go on.
    for (NdkQp* qp : m_qps)
    {
        if (NdkTransport* t = GetAdapter()->PeekTransport())
        {
            t->NotifyReceivePosted(qp);
        }
    }
    return NdkStatus::SUCCESS;
}

bool
NdkSrq::Pop(NdkRecvWqe* out)
{
    if (m_queue.empty() || m_failed)
    {
        return false;
    }
    *out = std::move(m_queue.front());
    m_queue.pop_front();
    CheckThreshold();
    return true;
}

void
NdkSrq::CheckThreshold()
{
    if (m_armed && m_queue.size() < m_threshold && !IsClosing())
    {
        m_armed = false; // one notification per arm
        AddPending();
        Simulator::ScheduleNow(&NdkSrq::InvokeNotification,
                               m_notification,
                               m_notificationContext,
                               NdkStatus::SUCCESS,
                               Ptr<NdkSrq>(this));
    }
}

void
NdkSrq::InvokeNotification(NdkSrqNotificationCallback cb, NdkContext ctx, NdkStatus status, Ptr<NdkSrq> srq)
{
    if (!cb.IsNull() && !srq->IsClosing())
    {
        cb(ctx, status);
    }
    srq->RemovePending();
}

void
NdkSrq::InjectFailure()
{
    if (m_failed)
    {
        return;
    }
    m_failed = true;
    std::vector<NdkQp*> qps = m_qps;
    for (NdkQp* qp : qps)
    {
        qp->EnterError(NdkProviderError::None);
    }
    AddPending();
    Simulator::ScheduleNow(&NdkSrq::InvokeNotification,
                           m_notification,
                           m_notificationContext,
                           NdkStatus::INTERNAL_ERROR,
                           Ptr<NdkSrq>(this));
}

void
NdkSrq::AttachQp(NdkQp* qp)
{
    m_qps.push_back(qp);
    AddSuccessor();
}

void
NdkSrq::DetachQp(NdkQp* qp)
{
    auto it = std::find(m_qps.begin(), m_qps.end(), qp);
    if (it != m_qps.end())
    {
        m_qps.erase(it);
        RemoveSuccessor();
        if (IsClosing() && m_qps.empty())
        {
            m_queue.clear(); // discarded without completions: no QP to report them on
        }
    }
}

void
NdkSrq::DoCloseFinish()
{
    m_queue.clear();
    GetAdapter()->Register(NdkObjectType::Srq, -1);
    m_pd->RemoveSuccessor();
}

} // namespace ns3
