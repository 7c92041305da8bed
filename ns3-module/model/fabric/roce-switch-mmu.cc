#include "roce-switch-mmu.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <bitset>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RoceSwitchMmu");

NS_OBJECT_ENSURE_REGISTERED(RoceSwitchMmu);

const char*
RoceMmuOutcomeName(RoceMmuOutcome o)
{
    switch (o)
    {
    case RoceMmuOutcome::ADMITTED_RESERVED:
        return "ADMITTED_RESERVED";
    case RoceMmuOutcome::ADMITTED_SHARED:
        return "ADMITTED_SHARED";
    case RoceMmuOutcome::ADMITTED_HEADROOM:
        return "ADMITTED_HEADROOM";
    case RoceMmuOutcome::ADMITTED_UNMANAGED:
        return "ADMITTED_UNMANAGED";
    case RoceMmuOutcome::DROPPED_LOSSY_INGRESS:
        return "DROPPED_LOSSY_INGRESS";
    case RoceMmuOutcome::DROPPED_LOSSY_EGRESS:
        return "DROPPED_LOSSY_EGRESS";
    case RoceMmuOutcome::DROPPED_LOSSY_BUFFER_FULL:
        return "DROPPED_LOSSY_BUFFER_FULL";
    case RoceMmuOutcome::LOSSLESS_VIOLATION:
        return "LOSSLESS_VIOLATION";
    }
    return "UNKNOWN";
}

std::ostream&
operator<<(std::ostream& os, RoceMmuOutcome o)
{
    return os << RoceMmuOutcomeName(o);
}

uint64_t
RoceSwitchMmu::Stats::Drops() const
{
    uint64_t n = 0;
    for (uint32_t o = 0; o < ROCE_MMU_OUTCOMES; ++o)
    {
        if (!RoceMmuAdmitted(static_cast<RoceMmuOutcome>(o)))
        {
            n += packets[o];
        }
    }
    return n;
}

void
RoceSwitchMmu::Stats::Print(std::ostream& os) const
{
    for (uint32_t o = 0; o < ROCE_MMU_OUTCOMES; ++o)
    {
        os << RoceMmuOutcomeName(static_cast<RoceMmuOutcome>(o)) << "=" << packets[o] << "pkt/"
           << bytes[o] << "B ";
    }
    os << "peakSharedUsed=" << peakSharedUsed << "B peakHeadroomUsed=" << peakHeadroomUsed
       << "B peakTotalUsed=" << peakTotalUsed << "B pauses=" << pauseDecisions
       << " resumes=" << resumeDecisions;
}

TypeId
RoceSwitchMmu::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RoceSwitchMmu")
            .SetParent<Object>()
            .SetGroupName("Ndksim")
            .AddConstructor<RoceSwitchMmu>()
            .AddAttribute("BufferSize",
                          "Total packet buffer of the switch (bytes). Default: BUFFER_SIZE 32 "
                          "(MB) of the HPCC simulator's configs.",
                          QueueSizeValue(QueueSize(QueueSizeUnit::BYTES, 32 * 1024 * 1024)),
                          MakeQueueSizeAccessor(&RoceSwitchMmu::m_bufferSize),
                          MakeQueueSizeChecker())
            .AddAttribute("ReservedPerQueue",
                          "Guaranteed bytes per ingress (port, managed priority).",
                          QueueSizeValue(QueueSize(QueueSizeUnit::BYTES, 4 * 1024)),
                          MakeQueueSizeAccessor(&RoceSwitchMmu::m_reservedSize),
                          MakeQueueSizeChecker())
            .AddAttribute("Headroom",
                          "PFC headroom per ingress (port, lossless priority), for ports not "
                          "given one with SetHeadroom. Default 3 x 100 Gb/s x 1 us / 8.",
                          QueueSizeValue(QueueSize(QueueSizeUnit::BYTES, 37500)),
                          MakeQueueSizeAccessor(&RoceSwitchMmu::m_defaultHeadroom),
                          MakeQueueSizeChecker())
            .AddAttribute("ResumeOffset",
                          "XON hysteresis: resume once shared use + offset <= threshold.",
                          QueueSizeValue(QueueSize(QueueSizeUnit::BYTES, 3 * 1024)),
                          MakeQueueSizeAccessor(&RoceSwitchMmu::m_resumeOffsetSize),
                          MakeQueueSizeChecker())
            .AddAttribute("Alpha",
                          "Dynamic threshold of lossless queues: alpha x free shared bytes.",
                          DoubleValue(0.125),
                          MakeDoubleAccessor(&RoceSwitchMmu::m_alpha),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("LossyAlpha",
                          "Dynamic threshold of lossy ingress queues: alpha x free shared.",
                          DoubleValue(0.125),
                          MakeDoubleAccessor(&RoceSwitchMmu::m_lossyAlpha),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("EgressAlpha",
                          "Dynamic threshold of lossy egress queues (alpha x free shared "
                          "bytes); 0: no egress limit.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&RoceSwitchMmu::m_egressAlpha),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("LosslessPriorities",
                          "Bit mask of lossless (PFC) priorities.",
                          UintegerValue(0x08),
                          MakeUintegerAccessor(&RoceSwitchMmu::m_losslessMask),
                          MakeUintegerChecker<uint8_t>())
            .AddAttribute("ManagedPriorities",
                          "Bit mask of the priorities the MMU accounts; others are admitted "
                          "unaccounted (control traffic).",
                          UintegerValue(0xFF),
                          MakeUintegerAccessor(&RoceSwitchMmu::m_managedMask),
                          MakeUintegerChecker<uint8_t>())
            .AddTraceSource("Drop",
                            "A packet was refused (lossy drop or lossless violation).",
                            MakeTraceSourceAccessor(&RoceSwitchMmu::m_drop),
                            "ns3::RoceSwitchMmu::DropTracedCallback")
            .AddTraceSource("LosslessViolation",
                            "A lossless packet found its headroom full (port, prio, bytes).",
                            MakeTraceSourceAccessor(&RoceSwitchMmu::m_violation),
                            "ns3::RoceSwitchMmu::ViolationTracedCallback");
    return tid;
}

RoceSwitchMmu::RoceSwitchMmu()
{
    NS_LOG_FUNCTION(this);
}

RoceSwitchMmu::~RoceSwitchMmu() = default;

void
RoceSwitchMmu::SetPortCount(uint32_t n)
{
    NS_LOG_FUNCTION(this << n);
    NS_ABORT_MSG_UNLESS(m_bufferSize.GetUnit() == QueueSizeUnit::BYTES &&
                            m_reservedSize.GetUnit() == QueueSizeUnit::BYTES &&
                            m_defaultHeadroom.GetUnit() == QueueSizeUnit::BYTES &&
                            m_resumeOffsetSize.GetUnit() == QueueSizeUnit::BYTES,
                        "RoceSwitchMmu sizes must be in bytes");
    NS_ABORT_MSG_IF(n < m_headroom.size(), "RoceSwitchMmu: the port count can only grow");
    if (m_headroom.empty())
    {
        m_reserved = m_reservedSize.GetValue();
        m_resumeOffset = m_resumeOffsetSize.GetValue();
    }
    // Growing keeps the existing ports' accounting and headroom, so a switch may add ports
    // one by one; the new ones start empty with the default headroom.
    m_headroomSum += (n - m_headroom.size()) * m_defaultHeadroom.GetValue();
    m_headroom.resize(n, m_defaultHeadroom.GetValue());
    m_ingress.resize(n * PRIORITIES, 0);
    m_headroomBytes.resize(n * PRIORITIES, 0);
    m_egress.resize(n * PRIORITIES, 0);
    m_paused.resize(n * PRIORITIES, false);
    RecomputePool();
}

void
RoceSwitchMmu::SetHeadroom(uint32_t port, uint64_t bytes)
{
    NS_ASSERT_MSG(port < m_headroom.size(), "SetPortCount first");
    m_headroomSum += bytes - m_headroom[port]; // unsigned wrap-around cancels out
    m_headroom[port] = bytes;
    RecomputePool();
}

void
RoceSwitchMmu::RecomputePool()
{
    uint64_t managed = std::bitset<8>(m_managedMask).count();
    uint64_t lossless = std::bitset<8>(m_managedMask & m_losslessMask).count();
    uint64_t reservedTotal = m_headroom.size() * managed * m_reserved;
    // A running sum, not a loop: ports set their headroom one by one while a switch is built,
    // and a loop here made building a switch cubic in its port count.
    const uint64_t headroomTotal = m_headroomSum * lossless;
    uint64_t buffer = m_bufferSize.GetValue();
    NS_ABORT_MSG_IF(reservedTotal + headroomTotal > buffer,
                    "RoceSwitchMmu: reserved (" << reservedTotal << " B) + headroom ("
                                                << headroomTotal << " B) exceed BufferSize ("
                                                << buffer << " B)");
    m_pool = buffer - reservedTotal - headroomTotal;
}

uint64_t
RoceSwitchMmu::GetFreeShared() const
{
    return m_pool > m_sharedUsed ? m_pool - m_sharedUsed : 0;
}

uint64_t
RoceSwitchMmu::GetThreshold(uint8_t prio) const
{
    double alpha = IsLossless(prio) ? m_alpha : m_lossyAlpha;
    return static_cast<uint64_t>(alpha * static_cast<double>(GetFreeShared()));
}

RoceMmuOutcome
RoceSwitchMmu::CheckIngressAdmission(uint32_t port, uint8_t prio, uint32_t bytes) const
{
    if (!IsManaged(prio))
    {
        return RoceMmuOutcome::ADMITTED_UNMANAGED;
    }
    uint32_t i = Index(port, prio);
    uint64_t used = m_ingress[i];
    if (used + bytes <= m_reserved)
    {
        return RoceMmuOutcome::ADMITTED_RESERVED;
    }
    uint64_t excess = used + bytes - m_reserved; // the queue's shared use once admitted
    uint64_t newShared = excess - SharedPart(used);
    uint64_t free = GetFreeShared();
    if (excess <= GetThreshold(prio) && newShared <= free)
    {
        return RoceMmuOutcome::ADMITTED_SHARED;
    }
    if (IsLossless(prio))
    {
        return m_headroomBytes[i] + bytes <= m_headroom[port] ? RoceMmuOutcome::ADMITTED_HEADROOM
                                                              : RoceMmuOutcome::LOSSLESS_VIOLATION;
    }
    return newShared > free ? RoceMmuOutcome::DROPPED_LOSSY_BUFFER_FULL
                            : RoceMmuOutcome::DROPPED_LOSSY_INGRESS;
}

bool
RoceSwitchMmu::CheckEgressAdmission(uint32_t port, uint8_t prio, uint32_t bytes) const
{
    if (!IsManaged(prio) || IsLossless(prio) || m_egressAlpha <= 0)
    {
        return true;
    }
    return static_cast<double>(m_egress[Index(port, prio)] + bytes) <=
           m_egressAlpha * static_cast<double>(GetFreeShared());
}

void
RoceSwitchMmu::UpdateIngressAdmission(uint32_t port, uint8_t prio, uint32_t bytes)
{
    RoceMmuOutcome o = CheckIngressAdmission(port, prio, bytes);
    if (o == RoceMmuOutcome::ADMITTED_UNMANAGED)
    {
        return;
    }
    uint32_t i = Index(port, prio);
    if (o == RoceMmuOutcome::ADMITTED_HEADROOM)
    {
        m_headroomBytes[i] += bytes;
        m_headroomUsed += bytes;
    }
    else
    {
        NS_ASSERT_MSG(RoceMmuAdmitted(o), "UpdateIngressAdmission of a refused packet: " << o);
        uint64_t used = m_ingress[i];
        uint64_t toReserved = used < m_reserved ? std::min<uint64_t>(m_reserved - used, bytes) : 0;
        m_ingress[i] += bytes;
        m_reservedUsed += toReserved;
        m_sharedUsed += bytes - toReserved;
    }
    UpdatePeaks();
}

void
RoceSwitchMmu::UpdateEgressAdmission(uint32_t port, uint8_t prio, uint32_t bytes)
{
    if (IsManaged(prio))
    {
        m_egress[Index(port, prio)] += bytes;
    }
}

void
RoceSwitchMmu::RemoveFromIngress(uint32_t port, uint8_t prio, uint32_t bytes)
{
    if (!IsManaged(prio))
    {
        return;
    }
    uint32_t i = Index(port, prio);
    uint64_t fromHeadroom = std::min<uint64_t>(m_headroomBytes[i], bytes);
    m_headroomBytes[i] -= fromHeadroom;
    m_headroomUsed -= fromHeadroom;
    uint64_t rest = bytes - fromHeadroom;
    NS_ASSERT_MSG(rest <= m_ingress[i], "RemoveFromIngress: more bytes than accounted");
    uint64_t fromShared = std::min(rest, SharedPart(m_ingress[i]));
    m_ingress[i] -= rest;
    m_sharedUsed -= fromShared;
    m_reservedUsed -= rest - fromShared;
}

void
RoceSwitchMmu::RemoveFromEgress(uint32_t port, uint8_t prio, uint32_t bytes)
{
    if (!IsManaged(prio))
    {
        return;
    }
    uint32_t i = Index(port, prio);
    NS_ASSERT_MSG(bytes <= m_egress[i], "RemoveFromEgress: more bytes than accounted");
    m_egress[i] -= bytes;
}

RoceMmuOutcome
RoceSwitchMmu::Admit(uint32_t inPort, uint32_t outPort, uint8_t prio, uint32_t bytes)
{
    RoceMmuOutcome o = CheckIngressAdmission(inPort, prio, bytes);
    if (RoceMmuAdmitted(o) && !CheckEgressAdmission(outPort, prio, bytes))
    {
        o = RoceMmuOutcome::DROPPED_LOSSY_EGRESS;
    }
    auto k = static_cast<uint32_t>(o);
    ++m_stats.packets[k];
    m_stats.bytes[k] += bytes;
    if (RoceMmuAdmitted(o))
    {
        UpdateIngressAdmission(inPort, prio, bytes);
        UpdateEgressAdmission(outPort, prio, bytes);
        return o;
    }
    if (o == RoceMmuOutcome::LOSSLESS_VIOLATION)
    {
        NS_LOG_WARN("lossless violation: port "
                    << inPort << " priority " << +prio << " " << bytes << " B, headroom "
                    << m_headroomBytes[Index(inPort, prio)] << "/" << m_headroom[inPort] << " B");
        m_violation(inPort, prio, bytes);
    }
    m_drop(inPort, prio, bytes, o);
    return o;
}

void
RoceSwitchMmu::Remove(uint32_t inPort, uint32_t outPort, uint8_t prio, uint32_t bytes)
{
    RemoveFromIngress(inPort, prio, bytes);
    RemoveFromEgress(outPort, prio, bytes);
}

bool
RoceSwitchMmu::ShouldSendPause(uint32_t port, uint8_t prio) const
{
    if (!IsLossless(prio) || !IsManaged(prio))
    {
        return false;
    }
    uint32_t i = Index(port, prio);
    return !m_paused[i] &&
           (m_headroomBytes[i] > 0 || SharedPart(m_ingress[i]) >= GetThreshold(prio));
}

bool
RoceSwitchMmu::ShouldResume(uint32_t port, uint8_t prio) const
{
    if (!IsLossless(prio) || !IsManaged(prio))
    {
        return false;
    }
    uint32_t i = Index(port, prio);
    if (!m_paused[i] || m_headroomBytes[i] > 0)
    {
        return false;
    }
    uint64_t shared = SharedPart(m_ingress[i]);
    return shared == 0 || shared + m_resumeOffset <= GetThreshold(prio);
}

void
RoceSwitchMmu::SetPaused(uint32_t port, uint8_t prio, bool paused)
{
    uint32_t i = Index(port, prio);
    if (m_paused[i] == paused)
    {
        return;
    }
    m_paused[i] = paused;
    if (paused)
    {
        ++m_stats.pauseDecisions;
    }
    else
    {
        ++m_stats.resumeDecisions;
    }
}

void
RoceSwitchMmu::UpdatePeaks()
{
    m_stats.peakSharedUsed = std::max(m_stats.peakSharedUsed, m_sharedUsed);
    m_stats.peakHeadroomUsed = std::max(m_stats.peakHeadroomUsed, m_headroomUsed);
    m_stats.peakTotalUsed = std::max(m_stats.peakTotalUsed, GetTotalUsed());
}

} // namespace ns3
