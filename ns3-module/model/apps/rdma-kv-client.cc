#include "rdma-kv-client.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/ndk-adapter.h"
#include "ns3/ndk-host-memory.h"
#include "ns3/ndk-mr.h"
#include "ns3/ndk-pd.h"
#include "ns3/ndk-qp.h"
#include "ns3/pointer.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RdmaKvClient");
NS_OBJECT_ENSURE_REGISTERED(RdmaKvClient);

TypeId
RdmaKvClient::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RdmaKvClient")
            .SetParent<RdmaApp>()
            .SetGroupName("Ndksim")
            .AddConstructor<RdmaKvClient>()
            .AddAttribute("Remote",
                          "Address of the KV server.",
                          Ipv4AddressValue(),
                          MakeIpv4AddressAccessor(&RdmaKvClient::m_remote),
                          MakeIpv4AddressChecker())
            .AddAttribute("Port",
                          "ND port of the KV server.",
                          UintegerValue(7000),
                          MakeUintegerAccessor(&RdmaKvClient::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("QueueDepth",
                          "Reads in flight (closed loop: always this many).",
                          UintegerValue(4),
                          MakeUintegerAccessor(&RdmaKvClient::m_queueDepth),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("RequestRate",
                          "Poisson arrivals, reads per second (0: closed loop).",
                          DoubleValue(0),
                          MakeDoubleAccessor(&RdmaKvClient::m_rate),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("ValueSize",
                          "GET size in bytes (clamped to [1, the server's slot]).",
                          StringValue("ns3::ConstantRandomVariable[Constant=1024]"),
                          MakePointerAccessor(&RdmaKvClient::m_valueSize),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("MaxRequests",
                          "Stop after this many reads (0: until StopTime).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&RdmaKvClient::m_maxRequests),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("Verify",
                          "Check every value against the table pattern (tracked memory).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&RdmaKvClient::m_verify),
                          MakeBooleanChecker());
    return tid;
}

RdmaKvClient::RdmaKvClient()
    : m_uniform(CreateObject<UniformRandomVariable>()),
      m_interArrival(CreateObject<ExponentialRandomVariable>())
{
}

RdmaKvClient::~RdmaKvClient() = default;

int64_t
RdmaKvClient::AssignStreams(int64_t stream)
{
    m_valueSize->SetStream(stream);
    m_uniform->SetStream(stream + 1);
    m_interArrival->SetStream(stream + 2);
    return 3;
}

void
RdmaKvClient::DoDispose()
{
    m_arrivalEvent.Cancel();
    m_qp = nullptr;
    m_sinkMr = nullptr;
    m_valueSize = nullptr;
    RdmaApp::DoDispose();
}

void
RdmaKvClient::StartApplication()
{
    SetupNdk();
    m_running = true;
    m_qp = NewQp(0, m_queueDepth, 1);
    m_slots.assign(m_queueDepth, Slot());
    Connect(m_qp, m_remote, m_port, {}, [this](NdkStatus s, const std::vector<uint8_t>& data) {
        Connected(s, data);
    });
}

void
RdmaKvClient::StopApplication()
{
    m_running = false;
    m_arrivalEvent.Cancel();
}

void
RdmaKvClient::Connected(NdkStatus status, const std::vector<uint8_t>& data)
{
    if (status != NdkStatus::SUCCESS || data.size() < sizeof(RdmaKvTableInfo))
    {
        NS_LOG_WARN("connection to the KV server failed: " << status);
        return;
    }
    std::memcpy(&m_info, data.data(), sizeof(m_info));
    m_connected = true;
    Ptr<NdkHostMemory> memory = m_adapter->GetHostMemory();
    const uint64_t size = uint64_t{m_info.valueSize} * m_queueDepth;
    m_sink = memory->Allocate(size);
    m_pd->CreateMr(false, &m_sinkMr);
    m_sinkMr->Register(m_sink, size, NDK_MR_FLAG_ALLOW_LOCAL_WRITE | NDK_MR_FLAG_RDMA_READ_SINK);
    if (m_rate > 0)
    {
        m_interArrival->SetAttribute("Mean", DoubleValue(1.0 / m_rate));
        m_arrivalEvent =
            Simulator::Schedule(Seconds(m_interArrival->GetValue()), &RdmaKvClient::Arrival, this);
        return;
    }
    for (uint32_t s = 0; s < m_queueDepth; ++s)
    {
        Issue(s);
    }
}

bool
RdmaKvClient::CanIssue() const
{
    return m_running && m_connected && (m_maxRequests == 0 || m_issued < m_maxRequests) &&
           m_qp->GetState() == NdkQpState::Connected;
}

void
RdmaKvClient::Arrival()
{
    if (!CanIssue())
    {
        return;
    }
    ++m_waiting;
    for (uint32_t s = 0; s < m_queueDepth && m_waiting > 0; ++s)
    {
        if (!m_slots[s].busy)
        {
            --m_waiting;
            Issue(s);
        }
    }
    m_arrivalEvent =
        Simulator::Schedule(Seconds(m_interArrival->GetValue()), &RdmaKvClient::Arrival, this);
}

void
RdmaKvClient::Issue(uint32_t s)
{
    if (!CanIssue())
    {
        return;
    }
    Slot& slot = m_slots[s];
    const uint64_t keys = std::max<uint64_t>(1, m_info.length / m_info.valueSize);
    slot.key =
        m_uniform->GetInteger(0, static_cast<uint32_t>(std::min<uint64_t>(keys - 1, 0xFFFFFFFE)));
    slot.length = static_cast<uint32_t>(std::clamp(std::round(m_valueSize->GetValue()),
                                                   1.0,
                                                   static_cast<double>(m_info.valueSize)));
    const uint64_t sink = m_sink + uint64_t{s} * m_info.valueSize;
    if (m_verify)
    {
        m_adapter->GetHostMemory()->Fill(sink, 0, slot.length);
    }
    NdkSge sge{sink, slot.length, m_sinkMr->GetLocalToken()};
    slot.postPs = NowPs();
    NdkStatus st =
        m_qp->Read(s, &sge, 1, m_info.address + slot.key * m_info.valueSize, m_info.token, 0);
    if (st != NdkStatus::SUCCESS)
    {
        NS_LOG_WARN("read post failed: " << st);
        ++m_failed;
        return;
    }
    slot.busy = true;
    slot.reported = false;
    ++m_issued;
}

void
RdmaKvClient::HandleCompletion(const NdkResultEx& r)
{
    const uint32_t s = static_cast<uint32_t>(r.requestContext);
    if (s >= m_slots.size() || !m_slots[s].busy)
    {
        return;
    }
    Slot& slot = m_slots[s];
    slot.busy = false;
    if (!slot.reported) // else reported PENDING at the end of a run that then went on
    {
        RecordOp(r, m_qp->GetQpNumber(), slot.length, slot.postPs);
    }
    if (r.status != NdkStatus::SUCCESS)
    {
        ++m_failed;
        return;
    }
    ++m_reads;
    m_bytes += slot.length;
    if (m_verify)
    {
        m_verifyErrors += CountPatternErrors(m_adapter->GetHostMemory(),
                                             m_sink + uint64_t{s} * m_info.valueSize,
                                             slot.key * m_info.valueSize,
                                             slot.length);
    }
    if (m_rate > 0)
    {
        if (m_waiting > 0)
        {
            --m_waiting;
            Issue(s);
        }
    }
    else
    {
        Issue(s);
    }
}

void
RdmaKvClient::ReportUnfinished()
{
    if (!m_qp)
    {
        return; // not started, or disposed
    }
    for (Slot& slot : m_slots)
    {
        if (slot.busy && !slot.reported)
        {
            slot.reported = true;
            RecordPendingOp(m_qp->GetQpNumber(), NdkOperationType::Read, slot.length, slot.postPs);
        }
    }
}

} // namespace ns3
