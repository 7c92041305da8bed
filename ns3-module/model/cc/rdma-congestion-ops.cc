#include "rdma-congestion-ops.h"

#include "ns3/log.h"
#include "ns3/trace-source-accessor.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RdmaCongestionOps");

NS_OBJECT_ENSURE_REGISTERED(RdmaCongestionOps);

TypeId
RdmaCongestionOps::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RdmaCongestionOps")
            .SetParent<Object>()
            .SetGroupName("Ndksim")
            .AddTraceSource("Rate",
                            "The QP's sending rate changed (old, new; bit/s).",
                            MakeTraceSourceAccessor(&RdmaCongestionOps::m_rateTrace),
                            "ns3::RdmaCongestionOps::RateTracedCallback")
            .AddTraceSource("TargetRate",
                            "The QP's target rate changed (old, new; bit/s).",
                            MakeTraceSourceAccessor(&RdmaCongestionOps::m_targetRateTrace),
                            "ns3::RdmaCongestionOps::RateTracedCallback");
    return tid;
}

RdmaCongestionOps::RdmaCongestionOps() = default;

// A fork shares configuration only: per-QP state, the QP's callback and trace connections
// belong to the prototype's owner.
RdmaCongestionOps::RdmaCongestionOps(const RdmaCongestionOps& other)
    : Object(other)
{
}

RdmaCongestionOps::~RdmaCongestionOps() = default;

void
RdmaCongestionOps::Init(Ptr<RdmaCcState> state)
{
    NS_LOG_FUNCTION(this << state->lineRateBps);
    NS_ASSERT_MSG(state->lineRateBps > 0, "set RdmaCcState::lineRateBps before Init");
    m_state = state;
    state->rateBps = state->lineRateBps;
    state->targetRateBps = state->lineRateBps;
    DoInit(*state);
}

void
RdmaCongestionOps::OnSend(RdmaCcState& state, uint32_t bytes)
{
    state.bytesSent += bytes;
    DoSend(state, bytes);
}

void
RdmaCongestionOps::OnAck(RdmaCcState& state, uint32_t ackedBytes, Time rtt)
{
    state.bytesAcked += ackedBytes;
    DoAck(state, ackedBytes, rtt);
}

void
RdmaCongestionOps::OnCnp(RdmaCcState& state)
{
    ++state.cnps;
    DoCnp(state);
}

void
RdmaCongestionOps::OnTimeout(RdmaCcState& state)
{
    ++state.timeouts;
    DoTimeout(state);
}

void
RdmaCongestionOps::SetRateChangeCallback(Callback<void, uint64_t> cb)
{
    m_rateChangeCb = cb;
}

void
RdmaCongestionOps::DoInit(RdmaCcState& state)
{
}

void
RdmaCongestionOps::DoSend(RdmaCcState& state, uint32_t bytes)
{
}

void
RdmaCongestionOps::DoAck(RdmaCcState& state, uint32_t ackedBytes, Time rtt)
{
}

void
RdmaCongestionOps::DoCnp(RdmaCcState& state)
{
}

void
RdmaCongestionOps::DoTimeout(RdmaCcState& state)
{
}

void
RdmaCongestionOps::SetRate(RdmaCcState& state, uint64_t bps)
{
    if (bps == state.rateBps)
    {
        return;
    }
    uint64_t old = state.rateBps;
    state.rateBps = bps;
    ++state.rateChanges;
    NS_LOG_LOGIC("rate " << old << " -> " << bps);
    m_rateTrace(old, bps);
    if (!m_rateChangeCb.IsNull())
    {
        m_rateChangeCb(bps);
    }
}

void
RdmaCongestionOps::SetTargetRate(RdmaCcState& state, uint64_t bps)
{
    if (bps == state.targetRateBps)
    {
        return;
    }
    uint64_t old = state.targetRateBps;
    state.targetRateBps = bps;
    m_targetRateTrace(old, bps);
}

void
RdmaCongestionOps::DoDispose()
{
    m_state = nullptr;
    m_rateChangeCb.Nullify();
    Object::DoDispose();
}

} // namespace ns3
