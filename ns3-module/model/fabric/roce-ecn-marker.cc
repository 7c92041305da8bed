#include "roce-ecn-marker.h"

#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RoceEcnMarker");

NS_OBJECT_ENSURE_REGISTERED(RoceEcnMarker);

TypeId
RoceEcnMarker::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RoceEcnMarker")
            .SetParent<Object>()
            .SetGroupName("Ndksim")
            .AddConstructor<RoceEcnMarker>()
            .AddAttribute("Kmin",
                          "Queue length (bytes) at or below which nothing is marked.",
                          QueueSizeValue(QueueSize(QueueSizeUnit::BYTES, 400000)),
                          MakeQueueSizeAccessor(&RoceEcnMarker::m_kmin),
                          MakeQueueSizeChecker())
            .AddAttribute("Kmax",
                          "Queue length (bytes) above which everything is marked.",
                          QueueSizeValue(QueueSize(QueueSizeUnit::BYTES, 1600000)),
                          MakeQueueSizeAccessor(&RoceEcnMarker::m_kmax),
                          MakeQueueSizeChecker())
            .AddAttribute("Pmax",
                          "Marking probability at Kmax (the RED line's top).",
                          DoubleValue(0.2),
                          MakeDoubleAccessor(&RoceEcnMarker::m_pmax),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("MarkPoint",
                          "Where the switch evaluates marking: Dequeue (default) or Enqueue.",
                          EnumValue(MARK_ON_DEQUEUE),
                          MakeEnumAccessor(&RoceEcnMarker::m_markPoint),
                          MakeEnumChecker(MARK_ON_DEQUEUE, "Dequeue", MARK_ON_ENQUEUE, "Enqueue"));
    return tid;
}

RoceEcnMarker::RoceEcnMarker()
    : m_rng(CreateObject<UniformRandomVariable>())
{
}

RoceEcnMarker::~RoceEcnMarker() = default;

void
RoceEcnMarker::SetThresholds(uint32_t kmin, uint32_t kmax, double pmax)
{
    NS_ABORT_MSG_IF(kmax < kmin || pmax < 0 || pmax > 1,
                    "RoceEcnMarker: need Kmin <= Kmax and 0 <= Pmax <= 1");
    m_kmin = QueueSize(QueueSizeUnit::BYTES, kmin);
    m_kmax = QueueSize(QueueSizeUnit::BYTES, kmax);
    m_pmax = pmax;
}

double
RoceEcnMarker::GetMarkProbability(uint64_t queueBytes) const
{
    uint64_t kmin = m_kmin.GetValue();
    uint64_t kmax = m_kmax.GetValue();
    if (queueBytes > kmax)
    {
        return 1.0;
    }
    if (queueBytes <= kmin)
    {
        return 0.0;
    }
    return m_pmax * static_cast<double>(queueBytes - kmin) / static_cast<double>(kmax - kmin);
}

bool
RoceEcnMarker::ShouldMark(uint64_t queueBytes)
{
    ++m_stats.decisions;
    bool mark;
    if (queueBytes > m_kmax.GetValue())
    {
        ++m_stats.aboveKmax;
        mark = true;
    }
    else if (queueBytes <= m_kmin.GetValue())
    {
        mark = false;
    }
    else
    {
        mark = m_rng->GetValue(0.0, 1.0) < GetMarkProbability(queueBytes);
    }
    m_stats.marked += mark;
    return mark;
}

int64_t
RoceEcnMarker::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

std::ostream&
operator<<(std::ostream& os, RoceEcnMarker::MarkPoint v)
{
    return os << (v == RoceEcnMarker::MARK_ON_DEQUEUE ? "Dequeue" : "Enqueue");
}

} // namespace ns3
