#include "ndk-pd.h"

#include "ndk-cq.h"
#include "ndk-mr.h"
#include "ndk-mw.h"
#include "ndk-qp.h"
#include "ndk-srq.h"

namespace ns3
{

NdkPd::NdkPd(NdkAdapter* adapter)
    : NdkObject(NdkObjectType::Pd, adapter)
{
}

NdkStatus
NdkPd::CreateMr(bool fastRegister, Ptr<NdkMr>* mr, NdkCreateCompletion<NdkMr> async)
{
    NdkStatus open = CheckOpen();
    if (open != NdkStatus::SUCCESS)
    {
        return open;
    }
    if (!GetAdapter()->CanCreate(NdkObjectType::Mr))
    {
        return NdkStatus::INSUFFICIENT_RESOURCES;
    }
    AddSuccessor();
    return GetAdapter()->FinishCreate<NdkMr>(this, Create<NdkMr>(GetAdapter(), this, fastRegister), mr, async);
}

NdkStatus
NdkPd::CreateMw(Ptr<NdkMw>* mw, NdkCreateCompletion<NdkMw> async)
{
    NdkStatus open = CheckOpen();
    if (open != NdkStatus::SUCCESS)
    {
        return open;
    }
    if (!GetAdapter()->CanCreate(NdkObjectType::Mw))
    {
        return NdkStatus::INSUFFICIENT_RESOURCES;
    }
    AddSuccessor();
    return GetAdapter()->FinishCreate<NdkMw>(this, Create<NdkMw>(GetAdapter(), this), mw, async);
}

NdkStatus
NdkPd::CreateSrq(uint32_t depth,
                 uint32_t maxReceiveRequestSge,
                 uint32_t notifyThreshold,
                 NdkSrqNotificationCallback notification,
                 NdkContext notificationContext,
                 Ptr<NdkSrq>* srq,
                 NdkCreateCompletion<NdkSrq> async)
{
    NdkStatus open = CheckOpen();
    if (open != NdkStatus::SUCCESS)
    {
        return open;
    }
    const NdkAdapterInfo& limits = GetAdapter()->Limits();
    if (depth == 0 || depth > limits.maxSrqDepth || maxReceiveRequestSge == 0 ||
        maxReceiveRequestSge > limits.maxReceiveRequestSge)
    {
        return NdkStatus::INVALID_PARAMETER;
    }
    AddSuccessor();
    return GetAdapter()->FinishCreate<NdkSrq>(this,
                                              Create<NdkSrq>(GetAdapter(),
                                                             this,
                                                             depth,
                                                             maxReceiveRequestSge,
                                                             notifyThreshold,
                                                             notification,
                                                             notificationContext),
                                              srq,
                                              async);
}

NdkStatus
NdkPd::CreateQp(Ptr<NdkCq> receiveCq,
                Ptr<NdkCq> initiatorCq,
                NdkContext qpContext,
                uint32_t receiveQueueDepth,
                uint32_t initiatorQueueDepth,
                uint32_t maxReceiveRequestSge,
                uint32_t maxInitiatorRequestSge,
                uint32_t inlineDataSize,
                Ptr<NdkQp>* qp,
                NdkCreateCompletion<NdkQp> async)
{
    NdkStatus open = CheckOpen();
    if (open != NdkStatus::SUCCESS)
    {
        return open;
    }
    const NdkAdapterInfo& limits = GetAdapter()->Limits();
    if (!receiveCq || !initiatorCq || receiveCq->GetAdapter() != GetAdapter() ||
        initiatorCq->GetAdapter() != GetAdapter() || receiveCq->IsClosing() ||
        initiatorCq->IsClosing() || receiveQueueDepth == 0 ||
        receiveQueueDepth > limits.maxReceiveQueueDepth || initiatorQueueDepth == 0 ||
        initiatorQueueDepth > limits.maxInitiatorQueueDepth ||
        maxReceiveRequestSge > limits.maxReceiveRequestSge ||
        maxInitiatorRequestSge > limits.maxInitiatorRequestSge ||
        inlineDataSize > limits.maxInlineDataSize)
    {
        return NdkStatus::INVALID_PARAMETER;
    }
    if (!GetAdapter()->CanCreate(NdkObjectType::Qp))
    {
        return NdkStatus::INSUFFICIENT_RESOURCES;
    }
    AddSuccessor();
    Ptr<NdkQp> object = Create<NdkQp>(GetAdapter(),
                                      this,
                                      receiveCq,
                                      initiatorCq,
                                      nullptr,
                                      qpContext,
                                      receiveQueueDepth,
                                      initiatorQueueDepth,
                                      maxReceiveRequestSge,
                                      maxInitiatorRequestSge,
                                      inlineDataSize);
    return GetAdapter()->FinishCreate<NdkQp>(this, object, qp, async);
}

NdkStatus
NdkPd::CreateQpWithSrq(Ptr<NdkCq> receiveCq,
                       Ptr<NdkCq> initiatorCq,
                       Ptr<NdkSrq> srq,
                       NdkContext qpContext,
                       uint32_t initiatorQueueDepth,
                       uint32_t maxInitiatorRequestSge,
                       uint32_t inlineDataSize,
                       Ptr<NdkQp>* qp,
                       NdkCreateCompletion<NdkQp> async)
{
    NdkStatus open = CheckOpen();
    if (open != NdkStatus::SUCCESS)
    {
        return open;
    }
    const NdkAdapterInfo& limits = GetAdapter()->Limits();
    if (!receiveCq || !initiatorCq || !srq || receiveCq->GetAdapter() != GetAdapter() ||
        initiatorCq->GetAdapter() != GetAdapter() || srq->GetPd() != this || srq->IsClosing() ||
        initiatorQueueDepth == 0 || initiatorQueueDepth > limits.maxInitiatorQueueDepth ||
        maxInitiatorRequestSge > limits.maxInitiatorRequestSge ||
        inlineDataSize > limits.maxInlineDataSize)
    {
        return NdkStatus::INVALID_PARAMETER;
    }
    if (!GetAdapter()->CanCreate(NdkObjectType::Qp))
    {
        return NdkStatus::INSUFFICIENT_RESOURCES;
    }
    AddSuccessor();
    Ptr<NdkQp> object = Create<NdkQp>(GetAdapter(),
                                      this,
                                      receiveCq,
                                      initiatorCq,
                                      srq,
                                      qpContext,
                                      1,
                                      initiatorQueueDepth,
                                      0,
                                      maxInitiatorRequestSge,
                                      inlineDataSize);
    return GetAdapter()->FinishCreate<NdkQp>(this, object, qp, async);
}

void
NdkPd::GetPrivilegedMemoryRegionToken(uint32_t* token) const
{
    // One device-wide value (IB's reserved lkey), never present in the key table.
    *token = NDK_PRIVILEGED_TOKEN;
}

void
NdkPd::DoCloseFinish()
{
    GetAdapter()->Register(NdkObjectType::Pd, -1);
}

} // namespace ns3
