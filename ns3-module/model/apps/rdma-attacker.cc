#include "rdma-attacker.h"

#include "ns3/log.h"
#include "ns3/ndk-adapter.h"
#include "ns3/ndk-host-memory.h"
#include "ns3/ndk-key-table.h"
#include "ns3/ndk-mr.h"
#include "ns3/ndk-pd.h"
#include "ns3/ndk-qp.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RdmaAttacker");
NS_OBJECT_ENSURE_REGISTERED(RdmaAttacker);

namespace
{
constexpr uint32_t kKinds = 5;
constexpr uint8_t kOpAttempt = 1; //!< the attempt's Read or Write (m_currentOps)
} // namespace

TypeId
RdmaAttacker::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RdmaAttacker")
            .SetParent<RdmaApp>()
            .SetGroupName("Ndksim")
            .AddConstructor<RdmaAttacker>()
            .AddAttribute("Remote",
                          "Victim address.",
                          Ipv4AddressValue(),
                          MakeIpv4AddressAccessor(&RdmaAttacker::m_remote),
                          MakeIpv4AddressChecker())
            .AddAttribute("Port",
                          "Victim KV server port (source of the tokens).",
                          UintegerValue(7000),
                          MakeUintegerAccessor(&RdmaAttacker::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("WrongPdPort",
                          "A second victim service in another PD (0: no wrong-PD attempts).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&RdmaAttacker::m_wrongPdPort),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Interval",
                          "Time between attempts.",
                          TimeValue(MicroSeconds(20)),
                          MakeTimeAccessor(&RdmaAttacker::m_interval),
                          MakeTimeChecker())
            .AddAttribute("Rounds",
                          "Rounds of the five attack kinds.",
                          UintegerValue(2),
                          MakeUintegerAccessor(&RdmaAttacker::m_rounds),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Length",
                          "Bytes each attempt reads or writes.",
                          UintegerValue(64),
                          MakeUintegerAccessor(&RdmaAttacker::m_length),
                          MakeUintegerChecker<uint32_t>(1, 4096))
            .AddTraceSource("AttemptCompleted",
                            "An attack attempt completed at the attacker.",
                            MakeTraceSourceAccessor(&RdmaAttacker::m_attackTrace),
                            "ns3::RdmaAttacker::AttackTracedCallback");
    return tid;
}

RdmaAttacker::RdmaAttacker() = default;

RdmaAttacker::~RdmaAttacker() = default;

void
RdmaAttacker::DoDispose()
{
    m_next.Cancel();
    m_qp = nullptr;
    m_oldQps.clear();
    m_mr = nullptr;
    RdmaApp::DoDispose();
}

void
RdmaAttacker::StartApplication()
{
    SetupNdk();
    m_running = true;
    Ptr<NdkHostMemory> memory = m_adapter->GetHostMemory();
    m_buffer = memory->Allocate(4096);
    memory->Fill(m_buffer, 0xEE, 4096); // what a successful Write would plant
    m_pd->CreateMr(false, &m_mr);
    m_mr->Register(m_buffer, 4096, NDK_MR_FLAG_ALLOW_LOCAL_WRITE | NDK_MR_FLAG_RDMA_READ_SINK);
    Next();
}

void
RdmaAttacker::StopApplication()
{
    m_running = false;
    m_next.Cancel();
}

void
RdmaAttacker::Next()
{
    if (!m_running || m_round >= m_rounds)
    {
        return;
    }
    const auto kind = static_cast<RdmaAttackKind>(m_kind);
    if (kind == RdmaAttackKind::WrongPd && m_wrongPdPort == 0)
    {
        Done();
        return;
    }
    if (m_qp)
    {
        m_oldQps.push_back(m_qp); // its connector still references it
    }
    m_qp = NewQp(m_attempts, 1, 1);
    if (kind == RdmaAttackKind::WrongPd)
    {
        // Learn the current token on the real service first; the attack uses a second QP.
        Connect(m_qp, m_remote, m_port, {}, [this](NdkStatus s, const std::vector<uint8_t>& d) {
            if (s != NdkStatus::SUCCESS || d.size() < sizeof(RdmaKvTableInfo))
            {
                Done();
                return;
            }
            std::memcpy(&m_info, d.data(), sizeof(m_info));
            m_oldQps.push_back(m_qp);
            m_qp = NewQp(m_attempts, 1, 1);
            Connect(m_qp,
                    m_remote,
                    m_wrongPdPort,
                    {},
                    [this](NdkStatus s2, const std::vector<uint8_t>&) {
                        if (s2 != NdkStatus::SUCCESS)
                        {
                            Done();
                            return;
                        }
                        Launch();
                    });
        });
        return;
    }
    Connect(m_qp, m_remote, m_port, {}, [this](NdkStatus s, const std::vector<uint8_t>& d) {
        Connected(s, d);
    });
}

void
RdmaAttacker::Connected(NdkStatus status, const std::vector<uint8_t>& data)
{
    if (status != NdkStatus::SUCCESS || data.size() < sizeof(RdmaKvTableInfo))
    {
        NS_LOG_WARN("attacker connection failed: " << status);
        Done();
        return;
    }
    std::memcpy(&m_info, data.data(), sizeof(m_info));
    if (!m_haveFirst)
    {
        m_haveFirst = true;
        m_firstToken = m_info.token;
    }
    if (static_cast<RdmaAttackKind>(m_kind) == RdmaAttackKind::StaleToken &&
        m_info.token == m_firstToken)
    {
        Done(); // nothing stale yet: try again next round
        return;
    }
    Launch();
}

void
RdmaAttacker::Launch()
{
    const auto kind = static_cast<RdmaAttackKind>(m_kind);
    RdmaAttackRecord& a = m_current;
    a = RdmaAttackRecord();
    a.host = GetHostId();
    if (Ptr<Node> victim = FindHost(m_remote))
    {
        a.victim = victim->GetId();
    }
    a.kind = kind;
    a.op = (m_round % 2 == 0) ? NdkOperationType::Read : NdkOperationType::Write;
    a.length = m_length;
    a.address = m_info.address;
    a.token = m_info.token;
    switch (kind)
    {
    case RdmaAttackKind::StaleToken:
        a.token = m_firstToken;
        break;
    case RdmaAttackKind::ForgedToken:
        a.token = m_info.token ^ 0x5A;
        break;
    case RdmaAttackKind::WrongPd:
        break;
    case RdmaAttackKind::PrivilegedToken:
        a.token = NDK_PRIVILEGED_TOKEN;
        a.address = NDK_LOGICAL_ADDRESS_BASE + m_info.address;
        break;
    case RdmaAttackKind::OutOfRange:
        a.address = m_info.address + m_info.length;
        break;
    }
    NdkSge sge{m_buffer, m_length, m_mr->GetLocalToken()};
    a.postPs = NowPs();
    NdkStatus s = a.op == NdkOperationType::Read ? m_qp->Read(1, &sge, 1, a.address, a.token, 0)
                                                 : m_qp->Write(1, &sge, 1, a.address, a.token, 0);
    ++m_attempts;
    if (s != NdkStatus::SUCCESS)
    {
        NS_LOG_WARN("attack post failed: " << s);
        Done();
        return;
    }
    m_currentOps.Posted(kOpAttempt);
}

void
RdmaAttacker::HandleCompletion(const NdkResultEx& r)
{
    if (r.requestContext != 1 || r.qpContext + 1 != m_attempts)
    {
        return; // flushes of earlier connections
    }
    RdmaAttackRecord& a = m_current;
    a.completionPs = NowPs();
    a.status = r.status;
    if (m_currentOps.Completed(kOpAttempt)) // else reported PENDING at the end of the run
    {
        RecordOp(r, m_qp->GetQpNumber(), a.length, a.postPs);
    }
    (r.status == NdkStatus::SUCCESS ? m_succeeded : m_rejected) += 1;
    m_attackTrace(a);
    Done();
}

void
RdmaAttacker::ReportUnfinished()
{
    if (!m_qp)
    {
        return; // not started, or disposed
    }
    if (m_currentOps.TakeUnreported() & kOpAttempt)
    {
        RecordPendingOp(m_qp->GetQpNumber(), m_current.op, m_current.length, m_current.postPs);
    }
}

void
RdmaAttacker::Done()
{
    if (++m_kind == kKinds)
    {
        m_kind = 0;
        ++m_round;
    }
    m_next = Simulator::Schedule(m_interval, &RdmaAttacker::Next, this);
}

} // namespace ns3
