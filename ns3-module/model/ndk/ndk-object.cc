#include "ndk-object.h"

#include "ns3/simulator.h"

namespace ns3
{

NdkObject::NdkObject(NdkObjectType type, NdkAdapter* adapter)
    : m_objectType(type),
      m_adapter(adapter)
{
}

NdkObject::~NdkObject() = default;

NdkStatus
NdkObject::QueryExtension(uint64_t guidLow, uint64_t guidHigh, NdkVersion version) const
{
    return NdkStatus::NOT_SUPPORTED;
}

NdkStatus
NdkObject::Close(NdkCloseCallback callback, NdkContext context)
{
    if (m_closing)
    {
        return NdkStatus::INVALID_DEVICE_STATE;
    }
    m_closing = true;
    Ptr<NdkObject> self(this); // DoCloseStart may drop the consumer-visible references
    DoCloseStart();
    if (m_successors == 0 && m_pending == 0)
    {
        m_closed = true;
        m_closeReported = true;
        DoCloseFinish();
        return NdkStatus::SUCCESS;
    }
    m_closeCallback = callback;
    m_closeContext = context;
    return NdkStatus::PENDING;
}

void
NdkObject::AddSuccessor()
{
    ++m_successors;
}

void
NdkObject::RemoveSuccessor()
{
    if (m_successors > 0)
    {
        --m_successors;
    }
    MaybeFinishClose();
}

void
NdkObject::AddPending()
{
    ++m_pending;
}

void
NdkObject::RemovePending()
{
    if (m_pending > 0)
    {
        --m_pending;
    }
    MaybeFinishClose();
}

void
NdkObject::MaybeFinishClose()
{
    if (!m_closing || m_closed || m_successors != 0 || m_pending != 0)
    {
        return;
    }
    m_closed = true;
    Ptr<NdkObject> self(this);
    // The close completion is queued before the antecedents are released, so a parent's close
    // completion (scheduled by DoCloseFinish) runs after this one: FIFO at equal times.
    if (!m_closeReported)
    {
        m_closeReported = true;
        if (!m_closeCallback.IsNull())
        {
            Simulator::ScheduleNow(&NdkObject::InvokeClose, m_closeCallback, m_closeContext);
        }
    }
    DoCloseFinish();
}

void
NdkObject::InvokeClose(NdkCloseCallback callback, NdkContext context)
{
    callback(context);
}

void
NdkObject::DoCloseStart()
{
}

void
NdkObject::DoCloseFinish()
{
}

} // namespace ns3
