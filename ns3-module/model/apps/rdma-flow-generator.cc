#include "rdma-flow-generator.h"

#include "rdma-flow-file.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/ndk-adapter.h"
#include "ns3/ndk-host-memory.h"
#include "ns3/ndk-mr.h"
#include "ns3/ndk-pd.h"
#include "ns3/ndk-qp.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/random-variable-stream.h"
#include "ns3/roce-net-device.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>
#include <stdexcept>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RdmaFlowGenerator");
NS_OBJECT_ENSURE_REGISTERED(RdmaFlowGenerator);

namespace
{
/** Accept private data: where and with which token the peer may write. */
struct SinkInfo
{
    uint64_t address;
    uint64_t length;
    uint32_t token;
};
} // namespace

TypeId
RdmaFlowGenerator::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RdmaFlowGenerator")
            .SetParent<RdmaApp>()
            .SetGroupName("Ndksim")
            .AddConstructor<RdmaFlowGenerator>()
            .AddAttribute("Port",
                          "ND port of the flow sink (every generator listens on it).",
                          UintegerValue(5000),
                          MakeUintegerAccessor(&RdmaFlowGenerator::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Load",
                          "Offered load as a fraction of LinkRate (Poisson arrivals).",
                          DoubleValue(0.3),
                          MakeDoubleAccessor(&RdmaFlowGenerator::m_load),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("LinkRate",
                          "Host link rate the load refers to (0: the node's RoceNetDevice rate).",
                          DataRateValue(DataRate(0)),
                          MakeDataRateAccessor(&RdmaFlowGenerator::m_linkRate),
                          MakeDataRateChecker())
            .AddAttribute("CdfFile",
                          "Flow-size CDF in the HPCC format (empty: use FlowSize).",
                          StringValue(""),
                          MakeStringAccessor(&RdmaFlowGenerator::m_cdfFile),
                          MakeStringChecker())
            .AddAttribute("FlowSize",
                          "Flow size in bytes when no CdfFile is given.",
                          StringValue("ns3::ConstantRandomVariable[Constant=100000]"),
                          MakePointerAccessor(&RdmaFlowGenerator::m_flowSize),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("MeanFlowSize",
                          "Mean of FlowSize for the arrival rate (0: derived from a "
                          "ConstantRandomVariable, UniformRandomVariable or "
                          "ExponentialRandomVariable).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&RdmaFlowGenerator::m_meanFlowSize),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("Pattern",
                          "Destination choice.",
                          EnumValue(RdmaFlowGenerator::RANDOM),
                          MakeEnumAccessor(&RdmaFlowGenerator::m_pattern),
                          MakeEnumChecker(RdmaFlowGenerator::RANDOM,
                                          "Random",
                                          RdmaFlowGenerator::PERMUTATION,
                                          "Permutation",
                                          RdmaFlowGenerator::INCAST,
                                          "Incast"))
            .AddAttribute("PermutationShift",
                          "Permutation: host i sends to host (i + shift) mod N.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&RdmaFlowGenerator::m_shift),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("IncastTarget",
                          "Incast: host index every other host sends to (it sends nothing).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&RdmaFlowGenerator::m_incastTarget),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("FlowFile",
                          "HPCC flow file to replay instead of generating (empty: generate).",
                          StringValue(""),
                          MakeStringAccessor(&RdmaFlowGenerator::m_flowFile),
                          MakeStringChecker())
            .AddAttribute("FlowFileTimeOffset",
                          "Subtracted from the flow file's start times (HPCC files start at 2 s).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&RdmaFlowGenerator::m_flowFileOffset),
                          MakeTimeChecker())
            .AddAttribute("ConnectUpfront",
                          "Connect to every possible destination at start (else on demand).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&RdmaFlowGenerator::m_upfront),
                          MakeBooleanChecker())
            .AddAttribute("MaxWriteSize",
                          "Largest RDMA Write a flow is cut into (<= SinkBufferSize).",
                          UintegerValue(1 << 20),
                          MakeUintegerAccessor(&RdmaFlowGenerator::m_maxWriteSize),
                          MakeUintegerChecker<uint64_t>(1))
            .AddAttribute("SinkBufferSize",
                          "Size of the sink (and source) buffer; every Write lands at its start.",
                          UintegerValue(1 << 20),
                          MakeUintegerAccessor(&RdmaFlowGenerator::m_sinkSize),
                          MakeUintegerChecker<uint64_t>(4096))
            .AddAttribute("QueueDepth",
                          "Writes in flight per destination QP.",
                          UintegerValue(64),
                          MakeUintegerAccessor(&RdmaFlowGenerator::m_queueDepth),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxFlows",
                          "Stop generating after this many flows (0: until StopTime).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&RdmaFlowGenerator::m_maxFlows),
                          MakeUintegerChecker<uint64_t>())
            .AddTraceSource("FlowCompleted",
                            "A flow finished (or failed), or was still open at the end of the "
                            "run (ReportUnfinished: finish -1, status PENDING).",
                            MakeTraceSourceAccessor(&RdmaFlowGenerator::m_flowTrace),
                            "ns3::RdmaFlowGenerator::FlowTracedCallback");
    return tid;
}

RdmaFlowGenerator::RdmaFlowGenerator()
    : m_uniform(CreateObject<UniformRandomVariable>()),
      m_interArrival(CreateObject<ExponentialRandomVariable>())
{
}

RdmaFlowGenerator::~RdmaFlowGenerator() = default;

int64_t
RdmaFlowGenerator::AssignStreams(int64_t stream)
{
    m_uniform->SetStream(stream);
    m_interArrival->SetStream(stream + 1);
    m_flowSize->SetStream(stream + 2);
    return 3;
}

void
RdmaFlowGenerator::DoDispose()
{
    m_arrivalEvent.Cancel();
    for (EventId& e : m_replayEvents)
    {
        e.Cancel();
    }
    m_conns.clear();
    m_inbound.clear();
    m_hosts.reset();
    m_sourceMr = nullptr;
    m_sinkMr = nullptr;
    m_flowSize = nullptr;
    RdmaApp::DoDispose();
}

void
RdmaFlowGenerator::StartApplication()
{
    SetupNdk();
    m_running = true;
    m_hosts = GetRdmaHosts();
    auto me = std::find(m_hosts->begin(), m_hosts->end(), GetNode());
    m_self = static_cast<uint32_t>(me - m_hosts->begin());
    NS_ABORT_MSG_IF(m_maxWriteSize > m_sinkSize, "MaxWriteSize exceeds SinkBufferSize");

    Ptr<NdkHostMemory> memory = m_adapter->GetHostMemory();
    m_source = memory->Allocate(m_sinkSize);
    m_pd->CreateMr(false, &m_sourceMr);
    m_sourceMr->Register(m_source, m_sinkSize, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
    m_sink = memory->Allocate(m_sinkSize);
    m_pd->CreateMr(false, &m_sinkMr);
    m_sinkMr->Register(m_sink, m_sinkSize, NDK_MR_FLAG_ALLOW_REMOTE_WRITE);
    m_sinkRegisteredPs = NowPs();
    Listen(m_port, [this](const std::vector<uint8_t>& peer, std::vector<uint8_t>* reply) {
        return AcceptFlow(peer, reply);
    });

    if (!m_flowFile.empty())
    {
        // Exactly the file's flows from this host, at their own times.
        const int64_t offset = m_flowFileOffset.GetPicoSeconds();
        std::set<uint32_t> replayDsts;
        for (const RdmaFlowFileEntry& f : RdmaFlowFile::Load(m_flowFile))
        {
            if (f.src >= m_hosts->size() || f.dst >= m_hosts->size())
            {
                throw std::runtime_error(m_flowFile + ":" + std::to_string(f.line) +
                                         ": src/dst: host index outside the " +
                                         std::to_string(m_hosts->size()) + " hosts");
            }
            if (f.src != m_self)
            {
                continue;
            }
            const int64_t delay = std::max<int64_t>(0, f.startPs - offset - NowPs());
            m_replayEvents.push_back(Simulator::Schedule(PicoSeconds(delay),
                                                         &RdmaFlowGenerator::StartFlow,
                                                         this,
                                                         f.dst,
                                                         f.size));
            replayDsts.insert(f.dst);
        }
        if (m_upfront)
        {
            // Connect now to every destination of the file, so that a flow's FCT holds no
            // connection set-up (as in simulators that have none).
            for (uint32_t d : replayDsts)
            {
                GetConn(d);
            }
        }
        return;
    }

    if (!m_cdfFile.empty())
    {
        m_cdf = std::make_unique<RdmaFlowSizeCdf>(RdmaFlowSizeCdf::Load(m_cdfFile));
        m_mean = m_cdf->Mean();
    }
    else if (m_meanFlowSize > 0)
    {
        m_mean = static_cast<double>(m_meanFlowSize);
    }
    else if (auto c = DynamicCast<ConstantRandomVariable>(m_flowSize))
    {
        m_mean = c->GetConstant();
    }
    else if (auto u = DynamicCast<UniformRandomVariable>(m_flowSize))
    {
        m_mean = (u->GetMin() + u->GetMax()) / 2;
    }
    else if (auto e = DynamicCast<ExponentialRandomVariable>(m_flowSize))
    {
        m_mean = e->GetMean();
    }
    NS_ABORT_MSG_IF(m_mean <= 0, "RdmaFlowGenerator: set MeanFlowSize for this FlowSize");
    if (m_linkRate.GetBitRate() == 0)
    {
        for (uint32_t i = 0; i < GetNode()->GetNDevices(); ++i)
        {
            if (auto port = DynamicCast<RoceNetDevice>(GetNode()->GetDevice(i)))
            {
                m_linkRate = port->GetDataRate();
                break;
            }
        }
    }
    NS_ABORT_MSG_IF(m_linkRate.GetBitRate() == 0, "RdmaFlowGenerator: no LinkRate");
    if (m_hosts->size() < 2 || m_load <= 0 || (m_pattern == INCAST && m_incastTarget == m_self) ||
        (m_pattern == PERMUTATION && m_shift % m_hosts->size() == 0))
    {
        return; // nothing to send from here
    }
    // Mean gap so that mean size / gap = load x rate.
    m_interArrival->SetAttribute(
        "Mean",
        DoubleValue(m_mean * 8 / (m_load * static_cast<double>(m_linkRate.GetBitRate()))));
    if (m_upfront)
    {
        std::set<uint32_t> dsts;
        if (m_pattern == RANDOM)
        {
            for (uint32_t d = 0; d < m_hosts->size(); ++d)
            {
                if (d != m_self)
                {
                    dsts.insert(d);
                }
            }
        }
        else
        {
            dsts.insert(PickDestination());
        }
        for (uint32_t d : dsts)
        {
            GetConn(d);
        }
    }
    ScheduleArrival();
}

void
RdmaFlowGenerator::StopApplication()
{
    m_running = false;
    m_arrivalEvent.Cancel();
    for (EventId& e : m_replayEvents)
    {
        e.Cancel();
    }
}

Ptr<NdkQp>
RdmaFlowGenerator::AcceptFlow(const std::vector<uint8_t>& /* peer */, std::vector<uint8_t>* reply)
{
    // The sink only answers Writes: no receives, a minimal initiator queue.
    Ptr<NdkQp> qp = NewQp(0xFFFFFFFF, 1, 1);
    m_inbound.push_back(qp);
    SinkInfo info{m_sink, m_sinkSize, m_sinkMr->GetRemoteToken()};
    reply->resize(sizeof(info));
    std::memcpy(reply->data(), &info, sizeof(info));
    return qp;
}

void
RdmaFlowGenerator::ScheduleArrival()
{
    if (!m_running || (m_maxFlows > 0 && m_flowsStarted >= m_maxFlows))
    {
        return;
    }
    m_arrivalEvent =
        Simulator::Schedule(Seconds(m_interArrival->GetValue()), &RdmaFlowGenerator::Arrival, this);
}

void
RdmaFlowGenerator::Arrival()
{
    uint64_t size;
    if (m_cdf)
    {
        size = m_cdf->Sample(m_uniform->GetValue());
    }
    else
    {
        size = static_cast<uint64_t>(std::max(1.0, std::round(m_flowSize->GetValue())));
    }
    StartFlow(PickDestination(), size);
    ScheduleArrival();
}

uint32_t
RdmaFlowGenerator::PickDestination()
{
    const uint32_t n = static_cast<uint32_t>(m_hosts->size());
    switch (m_pattern)
    {
    case PERMUTATION:
        return (m_self + m_shift) % n;
    case INCAST:
        return m_incastTarget;
    default: {
        uint32_t d = m_uniform->GetInteger(0, n - 2);
        return d >= m_self ? d + 1 : d;
    }
    }
}

RdmaFlowGenerator::Conn&
RdmaFlowGenerator::GetConn(uint32_t dst)
{
    Conn& c = m_conns[dst];
    if (!c.qp)
    {
        c.qp = NewQp(dst, m_queueDepth, 1);
        c.connecting = true;
        Ptr<NdkAdapter> peer = (*m_hosts)[dst]->GetObject<NdkAdapter>();
        Connect(c.qp,
                peer->GetAddress(),
                m_port,
                {},
                [this, dst](NdkStatus s, const std::vector<uint8_t>& data) {
                    Conn& conn = m_conns[dst];
                    conn.connecting = false;
                    if (s != NdkStatus::SUCCESS || data.size() < sizeof(SinkInfo))
                    {
                        NS_LOG_WARN("connection to host " << dst << " failed: " << s);
                        return;
                    }
                    SinkInfo info;
                    std::memcpy(&info, data.data(), sizeof(info));
                    conn.sinkAddress = info.address;
                    conn.sinkLength = info.length;
                    conn.sinkToken = info.token;
                    conn.connected = true;
                    Pump(dst);
                });
    }
    return c;
}

void
RdmaFlowGenerator::StartFlow(uint32_t dst, uint64_t size)
{
    const uint64_t id = m_nextFlow++;
    Flow& f = m_flows[id];
    f.dst = dst;
    f.size = size;
    f.startPs = NowPs();
    ++m_flowsStarted;
    GetConn(dst).backlog.push_back(id);
    Pump(dst);
}

void
RdmaFlowGenerator::Pump(uint32_t dst)
{
    Conn& c = m_conns[dst];
    // After an error the QP only flushes: the backlog stays open (see ReportUnfinished).
    if (!c.connected || c.qp->GetState() != NdkQpState::Connected)
    {
        return;
    }
    while (!c.backlog.empty() && c.inFlight.size() < m_queueDepth)
    {
        const uint64_t id = c.backlog.front();
        Flow& f = m_flows[id];
        const uint64_t length =
            std::min({f.size - f.posted, m_maxWriteSize, c.sinkLength, m_sinkSize});
        NdkSge sge{m_source, static_cast<uint32_t>(length), m_sourceMr->GetLocalToken()};
        NdkStatus s = c.qp->Write(dst, &sge, 1, c.sinkAddress, c.sinkToken, 0);
        if (s != NdkStatus::SUCCESS)
        {
            NS_LOG_WARN("write post to host " << dst << " failed: " << s);
            return; // retried when a completion frees a slot
        }
        f.posted += length;
        ++f.writes;
        c.inFlight.push_back(id);
        c.postPs.push_back(NowPs());
        c.lengths.push_back(length);
        if (f.posted == f.size)
        {
            c.backlog.pop_front();
        }
    }
}

void
RdmaFlowGenerator::HandleCompletion(const NdkResultEx& r)
{
    auto it = m_conns.find(static_cast<uint32_t>(r.requestContext));
    if (it == m_conns.end() || it->second.inFlight.empty())
    {
        return;
    }
    Conn& c = it->second;
    // Completions of one QP come in posting order.
    const uint64_t id = c.inFlight.front();
    const int64_t postPs = c.postPs.front();
    c.inFlight.pop_front();
    const uint64_t length = c.lengths.front();
    c.postPs.pop_front();
    c.lengths.pop_front();
    Flow& f = m_flows[id];
    if (c.reportedWrites > 0)
    {
        --c.reportedWrites; // reported PENDING at the end of a run that then went on
    }
    else
    {
        RecordOp(r, c.qp->GetQpNumber(), length, postPs);
    }
    if (r.status != NdkStatus::SUCCESS && f.status == NdkStatus::SUCCESS)
    {
        f.status = r.status;
    }
    if (--f.writes == 0 && (f.posted == f.size || f.status != NdkStatus::SUCCESS))
    {
        FinishFlow(id);
    }
    Pump(it->first);
}

void
RdmaFlowGenerator::FinishFlow(uint64_t id)
{
    auto it = m_flows.find(id);
    const Flow f = it->second;
    m_flows.erase(it);
    if (f.reported)
    {
        return; // reported unfinished at the end of a run that then went on: its record stands
    }
    ++m_flowsCompleted;
    RecordFlow(f, NowPs(), f.status);
}

void
RdmaFlowGenerator::RecordFlow(const Flow& flow, int64_t finishPs, NdkStatus status)
{
    RdmaFlowRecord r;
    r.src = GetHostId();
    r.dst = (*m_hosts)[flow.dst]->GetId();
    r.size = flow.size;
    r.startPs = flow.startPs;
    r.finishPs = finishPs;
    r.status = status;
    m_flowTrace(r);
}

uint32_t
RdmaFlowGenerator::GetSinkToken() const
{
    return m_sinkMr ? m_sinkMr->GetRemoteToken() : 0;
}

void
RdmaFlowGenerator::ReportUnfinished()
{
    if (!m_adapter)
    {
        return; // not started, or disposed
    }
    if (m_sinkMr && !m_sinkReported)
    {
        m_sinkReported = true;
        RecordRegionToken(m_sinkMr,
                          m_sinkRegisteredPs,
                          NDK_MR_FLAG_ALLOW_REMOTE_WRITE,
                          m_sink,
                          m_sinkSize,
                          RdmaInvalidation::Never);
    }
    // Flow-id order is arrival order. The flows stay in m_flows: their outstanding Writes may
    // still complete if the run goes on.
    for (auto& entry : m_flows)
    {
        Flow& f = entry.second;
        if (f.reported)
        {
            continue;
        }
        f.reported = true;
        ++m_flowsUnfinished;
        RecordFlow(f,
                   RDMA_APP_NEVER,
                   f.status != NdkStatus::SUCCESS ? f.status : NdkStatus::PENDING);
    }
    // The Writes in flight, per destination in posting order. Completions come in posting
    // order, so the reported ones are always the first of inFlight: a count marks them.
    for (auto& entry : m_conns)
    {
        Conn& c = entry.second;
        for (size_t i = c.reportedWrites; i < c.inFlight.size(); ++i)
        {
            RecordPendingOp(c.qp->GetQpNumber(),
                            NdkOperationType::Write,
                            c.lengths[i],
                            c.postPs[i]);
        }
        c.reportedWrites = c.inFlight.size();
    }
}

} // namespace ns3
