#include "rdma-dcqcn.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RdmaDcqcn");

NS_OBJECT_ENSURE_REGISTERED(RdmaDcqcn);

RdmaDcqcn::Defaults
RdmaDcqcn::MellanoxDefaults()
{
    // The HPCC simulator's DCQCN run configuration (CC_MODE 1 in config_a.txt and
    // config_b_1ms.txt): ALPHA_RESUME_INTERVAL 1 (us), RATE_DECREASE_INTERVAL 4 (us),
    // CLAMP_TARGET_RATE 0, RP_TIMER 300 (us), EWMA_GAIN 0.00390625, FAST_RECOVERY_TIMES 1,
    // RATE_AI 20Mb/s, RATE_HAI 200Mb/s, MIN_RATE 1000Mb/s; no byte counter; alpha = 1 at the
    // first CNP.
    Defaults d;
    d.ewmaGain = 1.0 / 256;
    d.initialAlpha = 1.0;
    d.alphaResumeInterval = MicroSeconds(1);
    d.rateDecreaseInterval = MicroSeconds(4);
    d.rateIncreaseTimer = MicroSeconds(300);
    d.byteCounter = 0;
    d.fastRecoveryTimes = 1;
    d.rateAi = DataRate("20Mb/s");
    d.rateHai = DataRate("200Mb/s");
    d.minRate = DataRate("1000Mb/s");
    d.clampTargetRate = false;
    d.alphaUpdate = ALPHA_PERIODIC;
    d.increaseRule = INCREASE_MELLANOX;
    return d;
}

TypeId
RdmaDcqcn::AddDcqcnAttributes(TypeId tid, const Defaults& d)
{
    return tid
        .AddAttribute("EwmaGain",
                      "g: weight of the newest congestion sample in alpha.",
                      DoubleValue(d.ewmaGain),
                      MakeDoubleAccessor(&RdmaDcqcn::m_g),
                      MakeDoubleChecker<double>(0.0, 1.0))
        .AddAttribute("InitialAlpha",
                      "Alpha when the first CNP arrives.",
                      DoubleValue(d.initialAlpha),
                      MakeDoubleAccessor(&RdmaDcqcn::m_initialAlpha),
                      MakeDoubleChecker<double>(0.0, 1.0))
        .AddAttribute("AlphaResumeInterval",
                      "K: CNP-free time after which alpha decays (AlphaUpdate ON_CNP), or the "
                      "alpha update period (PERIODIC).",
                      TimeValue(d.alphaResumeInterval),
                      MakeTimeAccessor(&RdmaDcqcn::m_alphaInterval),
                      MakeTimeChecker(PicoSeconds(1)))
        .AddAttribute("RateDecreaseInterval",
                      "Period of the rate-decrease check (at most one decrease per period); "
                      "0 decreases at once on every CNP.",
                      TimeValue(d.rateDecreaseInterval),
                      MakeTimeAccessor(&RdmaDcqcn::m_decreaseInterval),
                      MakeTimeChecker(Time(0)))
        .AddAttribute("RateIncreaseTimer",
                      "T: period of the rate-increase timer (RP_TIMER).",
                      TimeValue(d.rateIncreaseTimer),
                      MakeTimeAccessor(&RdmaDcqcn::m_increaseTimer),
                      MakeTimeChecker(PicoSeconds(1)))
        .AddAttribute("ByteCounter",
                      "B: bytes sent per byte-counter increase event; 0 disables it.",
                      UintegerValue(d.byteCounter),
                      MakeUintegerAccessor(&RdmaDcqcn::m_byteCounter),
                      MakeUintegerChecker<uint64_t>())
        .AddAttribute("FastRecoveryTimes",
                      "F: number of fast-recovery steps before additive increase.",
                      UintegerValue(d.fastRecoveryTimes),
                      MakeUintegerAccessor(&RdmaDcqcn::m_fastRecoveryTimes),
                      MakeUintegerChecker<uint32_t>())
        .AddAttribute("RateAi",
                      "Rai: additive-increase step of the target rate.",
                      DataRateValue(d.rateAi),
                      MakeDataRateAccessor(&RdmaDcqcn::m_rateAi),
                      MakeDataRateChecker())
        .AddAttribute("RateHai",
                      "Rhai: hyper-increase step of the target rate.",
                      DataRateValue(d.rateHai),
                      MakeDataRateAccessor(&RdmaDcqcn::m_rateHai),
                      MakeDataRateChecker())
        .AddAttribute("MinRate",
                      "Floor of the sending rate (capped at line rate).",
                      DataRateValue(d.minRate),
                      MakeDataRateAccessor(&RdmaDcqcn::m_minRate),
                      MakeDataRateChecker())
        .AddAttribute("ClampTargetRate",
                      "true: Rt = Rc on every decrease (paper); false: only if an increase "
                      "event happened since the previous decrease (Mellanox).",
                      BooleanValue(d.clampTargetRate),
                      MakeBooleanAccessor(&RdmaDcqcn::m_clampTargetRate),
                      MakeBooleanChecker())
        .AddAttribute("AlphaUpdate",
                      "Alpha rule: OnCnp (paper) or Periodic (Mellanox).",
                      EnumValue(d.alphaUpdate),
                      MakeEnumAccessor(&RdmaDcqcn::m_alphaUpdate),
                      MakeEnumChecker(ALPHA_ON_CNP, "OnCnp", ALPHA_PERIODIC, "Periodic"))
        .AddAttribute("IncreaseRule",
                      "Increase-phase rule: Paper (timer and byte counts against F, growing "
                      "hyper step) or Mellanox (one stage count, one AI step, constant Rhai).",
                      EnumValue(d.increaseRule),
                      MakeEnumAccessor(&RdmaDcqcn::m_increaseRule),
                      MakeEnumChecker(INCREASE_PAPER, "Paper", INCREASE_MELLANOX, "Mellanox"));
}

TypeId
RdmaDcqcn::GetTypeId()
{
    static TypeId tid = AddDcqcnAttributes(TypeId("ns3::RdmaDcqcn")
                                               .SetParent<RdmaCongestionOps>()
                                               .SetGroupName("Ndksim")
                                               .AddConstructor<RdmaDcqcn>(),
                                           MellanoxDefaults());
    return tid;
}

RdmaDcqcn::RdmaDcqcn()
{
    NS_LOG_FUNCTION(this);
}

RdmaDcqcn::RdmaDcqcn(const RdmaDcqcn& other)
    : RdmaCongestionOps(other),
      m_g(other.m_g),
      m_initialAlpha(other.m_initialAlpha),
      m_alphaInterval(other.m_alphaInterval),
      m_decreaseInterval(other.m_decreaseInterval),
      m_increaseTimer(other.m_increaseTimer),
      m_byteCounter(other.m_byteCounter),
      m_fastRecoveryTimes(other.m_fastRecoveryTimes),
      m_rateAi(other.m_rateAi),
      m_rateHai(other.m_rateHai),
      m_minRate(other.m_minRate),
      m_clampTargetRate(other.m_clampTargetRate),
      m_alphaUpdate(other.m_alphaUpdate),
      m_increaseRule(other.m_increaseRule)
{
}

RdmaDcqcn::~RdmaDcqcn() = default;

std::string
RdmaDcqcn::GetName() const
{
    return "RdmaDcqcn";
}

Ptr<RdmaCongestionOps>
RdmaDcqcn::Fork()
{
    return CopyObject<RdmaDcqcn>(this);
}

void
RdmaDcqcn::DoInit(RdmaCcState& state)
{
    m_decreaseEvent.Cancel();
    m_increaseEvent.Cancel();
    m_started = false;
    m_alpha = m_initialAlpha;
    m_alphaPeriods = 0;
    m_alphaCnpPending = false;
    m_decreasePending = false;
    m_recovering = false;
    m_timeStage = 0;
    m_byteStage = 0;
    m_bytesSinceEvent = 0;
    m_stats = Stats();
}

double
RdmaDcqcn::GetAlpha() const
{
    if (!m_started)
    {
        return m_initialAlpha;
    }
    uint64_t ended =
        (Simulator::Now() - m_alphaAnchor).GetTimeStep() / m_alphaInterval.GetTimeStep();
    uint64_t n = ended - m_alphaPeriods;
    double alpha = m_alpha;
    if (n > 0 && m_alphaUpdate == ALPHA_PERIODIC && m_alphaCnpPending)
    {
        alpha = (1 - m_g) * alpha + m_g;
        --n;
    }
    return alpha * std::pow(1 - m_g, static_cast<double>(n));
}

void
RdmaDcqcn::AdvanceAlpha()
{
    // Periods [anchor + (k-1) I, anchor + k I) ending at or before now are over; a CNP
    // arriving exactly at a boundary belongs to the next period, as with a timer that was
    // scheduled before the CNP.
    uint64_t ended =
        (Simulator::Now() - m_alphaAnchor).GetTimeStep() / m_alphaInterval.GetTimeStep();
    uint64_t n = ended - m_alphaPeriods;
    if (n == 0)
    {
        return;
    }
    m_alphaPeriods = ended;
    if (m_alphaUpdate == ALPHA_PERIODIC && m_alphaCnpPending)
    {
        m_alpha = (1 - m_g) * m_alpha + m_g;
        m_alphaCnpPending = false;
        --n;
    }
    // The same products, in the same order, as one timer event per period; pow() only for
    // long idle spans, where the last bits do not matter.
    if (n <= 4096)
    {
        for (uint64_t i = 0; i < n; ++i)
        {
            m_alpha = (1 - m_g) * m_alpha;
        }
    }
    else
    {
        m_alpha *= std::pow(1 - m_g, static_cast<double>(n));
    }
}

void
RdmaDcqcn::DoCnp(RdmaCcState& state)
{
    NS_LOG_FUNCTION(this);
    ++m_stats.cnps;
    Time now = Simulator::Now();
    bool first = !m_started;
    if (first)
    {
        m_started = true;
        m_alpha = m_initialAlpha;
        m_alphaAnchor = now;
        m_alphaPeriods = 0;
        m_alphaCnpPending = false;
        m_decreaseAnchor = now;
    }
    else
    {
        AdvanceAlpha();
        if (m_alphaUpdate == ALPHA_PERIODIC)
        {
            m_alphaCnpPending = true;
        }
    }

    if (m_decreaseInterval.IsZero())
    {
        Decrease();
    }
    else
    {
        m_decreasePending = true;
        if (!m_decreaseEvent.IsRunning())
        {
            // Next point of the check grid strictly after now.
            int64_t period = m_decreaseInterval.GetTimeStep();
            int64_t k = (now - m_decreaseAnchor).GetTimeStep() / period + 1;
            Time at = m_decreaseAnchor + TimeStep(k * period);
            m_decreaseEvent = Simulator::Schedule(at - now, &RdmaDcqcn::DecreaseCheck, this);
        }
    }

    if (m_alphaUpdate == ALPHA_ON_CNP)
    {
        // Paper Eq. (1): alpha moves after the decrease that used it; the CNP-free interval
        // K restarts now.
        m_alpha = (1 - m_g) * m_alpha + m_g;
        m_alphaAnchor = now;
        m_alphaPeriods = 0;
    }
}

void
RdmaDcqcn::DecreaseCheck()
{
    if (m_decreasePending)
    {
        m_decreasePending = false;
        AdvanceAlpha();
        Decrease();
    }
}

void
RdmaDcqcn::Decrease()
{
    RdmaCcState& s = *m_state;
    ++m_stats.decreases;
    if (m_clampTargetRate || m_timeStage + m_byteStage > 0)
    {
        SetTargetRate(s, s.rateBps);
    }
    uint64_t floor = std::min<uint64_t>(m_minRate.GetBitRate(), s.lineRateBps);
    auto reduced = static_cast<uint64_t>(static_cast<double>(s.rateBps) * (1 - m_alpha / 2));
    if (reduced <= floor)
    {
        reduced = floor;
        ++m_stats.minRateHits;
    }
    NS_LOG_LOGIC("decrease alpha=" << m_alpha << " rate " << s.rateBps << " -> " << reduced
                                   << " target " << s.targetRateBps);
    SetRate(s, reduced);
    m_timeStage = 0;
    m_byteStage = 0;
    m_bytesSinceEvent = 0;
    m_recovering = true;
    m_increaseEvent.Cancel();
    m_increaseEvent = Simulator::Schedule(m_increaseTimer, &RdmaDcqcn::IncreaseTimerExpired, this);
}

void
RdmaDcqcn::IncreaseTimerExpired()
{
    m_increaseEvent = Simulator::Schedule(m_increaseTimer, &RdmaDcqcn::IncreaseTimerExpired, this);
    ++m_stats.timerEvents;
    ++m_timeStage;
    IncreaseEvent();
    StopIfRecovered();
}

void
RdmaDcqcn::DoSend(RdmaCcState& state, uint32_t bytes)
{
    if (!m_recovering || m_byteCounter == 0)
    {
        return;
    }
    m_bytesSinceEvent += bytes;
    while (m_recovering && m_bytesSinceEvent >= m_byteCounter)
    {
        m_bytesSinceEvent -= m_byteCounter;
        ++m_stats.byteCounterEvents;
        ++m_byteStage;
        IncreaseEvent();
        StopIfRecovered();
    }
}

void
RdmaDcqcn::IncreaseEvent()
{
    RdmaCcState& s = *m_state;
    const uint32_t f = m_fastRecoveryTimes;

    enum
    {
        FAST,
        ADDITIVE,
        HYPER
    } phase;

    uint64_t hyperSteps = 1;
    if (m_increaseRule == INCREASE_PAPER)
    {
        uint32_t hi = m_timeStage;
        uint32_t lo = m_timeStage;
        if (m_byteCounter > 0)
        {
            hi = std::max(m_timeStage, m_byteStage);
            lo = std::min(m_timeStage, m_byteStage);
        }
        if (hi <= f)
        {
            phase = FAST;
        }
        else if (lo > f)
        {
            phase = HYPER;
            hyperSteps = lo - f;
        }
        else
        {
            phase = ADDITIVE;
        }
    }
    else
    {
        uint32_t stage = m_timeStage + m_byteStage - 1; // events before this one
        phase = stage < f ? FAST : (stage == f ? ADDITIVE : HYPER);
    }

    if (phase == ADDITIVE)
    {
        ++m_stats.additiveSteps;
        SetTargetRate(s, std::min(s.lineRateBps, s.targetRateBps + m_rateAi.GetBitRate()));
    }
    else if (phase == HYPER)
    {
        ++m_stats.hyperSteps;
        SetTargetRate(
            s,
            std::min(s.lineRateBps, s.targetRateBps + hyperSteps * m_rateHai.GetBitRate()));
    }
    else
    {
        ++m_stats.fastRecoverySteps;
    }
    // Ceil of the mean: with Rc <= Rt this reaches Rt instead of stopping one bit/s short.
    SetRate(s, (s.rateBps + s.targetRateBps + 1) / 2);
}

void
RdmaDcqcn::StopIfRecovered()
{
    const RdmaCcState& s = *m_state;
    if (s.rateBps == s.lineRateBps && s.targetRateBps == s.lineRateBps)
    {
        m_recovering = false;
        m_increaseEvent.Cancel();
        m_bytesSinceEvent = 0;
    }
}

void
RdmaDcqcn::DoDispose()
{
    m_decreaseEvent.Cancel();
    m_increaseEvent.Cancel();
    RdmaCongestionOps::DoDispose();
}

void
RdmaDcqcn::Stats::Print(std::ostream& os) const
{
    os << "cnps=" << cnps << " decreases=" << decreases << " timerEvents=" << timerEvents
       << " byteCounterEvents=" << byteCounterEvents << " fastRecovery=" << fastRecoverySteps
       << " additive=" << additiveSteps << " hyper=" << hyperSteps
       << " minRateHits=" << minRateHits;
}

std::ostream&
operator<<(std::ostream& os, RdmaDcqcn::AlphaUpdate v)
{
    return os << (v == RdmaDcqcn::ALPHA_ON_CNP ? "OnCnp" : "Periodic");
}

std::ostream&
operator<<(std::ostream& os, RdmaDcqcn::IncreaseRule v)
{
    return os << (v == RdmaDcqcn::INCREASE_PAPER ? "Paper" : "Mellanox");
}

} // namespace ns3
