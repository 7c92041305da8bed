#include "rdma-token-churn.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/ndk-adapter.h"
#include "ns3/ndk-host-memory.h"
#include "ns3/ndk-mr.h"
#include "ns3/ndk-mw.h"
#include "ns3/ndk-pd.h"
#include "ns3/ndk-qp.h"
#include "ns3/pointer.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RdmaTokenChurn");
NS_OBJECT_ENSURE_REGISTERED(RdmaTokenChurn);

namespace
{
constexpr uint64_t kBind = 1;
constexpr uint64_t kInvalidate = 2;

// A window's work requests in flight (Window::ops).
constexpr uint8_t kOpBind = 1;
constexpr uint8_t kOpInvalidate = 2;
} // namespace

TypeId
RdmaTokenChurn::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RdmaTokenChurn")
            .SetParent<RdmaApp>()
            .SetGroupName("Ndksim")
            .AddConstructor<RdmaTokenChurn>()
            .AddAttribute("Remote",
                          "Peer running an RdmaTokenChurn (the QP the windows are bound on).",
                          Ipv4AddressValue(),
                          MakeIpv4AddressAccessor(&RdmaTokenChurn::m_remote),
                          MakeIpv4AddressChecker())
            .AddAttribute("Port",
                          "ND port every RdmaTokenChurn listens on.",
                          UintegerValue(7100),
                          MakeUintegerAccessor(&RdmaTokenChurn::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Rate",
                          "Window binds per second.",
                          DoubleValue(1e5),
                          MakeDoubleAccessor(&RdmaTokenChurn::m_rate),
                          MakeDoubleChecker<double>(0))
            .AddAttribute("Poisson",
                          "Exponential gaps between binds (false: evenly spaced).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&RdmaTokenChurn::m_poisson),
                          MakeBooleanChecker())
            .AddAttribute("Lifetime",
                          "Seconds a window stays bound before its local invalidation.",
                          StringValue("ns3::ConstantRandomVariable[Constant=1e-5]"),
                          MakePointerAccessor(&RdmaTokenChurn::m_lifetime),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("WindowSize",
                          "Bytes a window covers (clamped to [1, BufferSize]).",
                          StringValue("ns3::ConstantRandomVariable[Constant=4096]"),
                          MakePointerAccessor(&RdmaTokenChurn::m_windowSize),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("BufferSize",
                          "Registered buffer the windows are carved from.",
                          UintegerValue(1 << 20),
                          MakeUintegerAccessor(&RdmaTokenChurn::m_bufferSize),
                          MakeUintegerChecker<uint64_t>(1))
            .AddAttribute("MaxWindows",
                          "Windows in the pool (binds alive at the same time).",
                          UintegerValue(256),
                          MakeUintegerAccessor(&RdmaTokenChurn::m_maxWindows),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute(
                "Rights",
                "NDK_OP_FLAG_ALLOW_REMOTE_* flags of each bind.",
                UintegerValue(NDK_OP_FLAG_ALLOW_REMOTE_READ | NDK_OP_FLAG_ALLOW_REMOTE_WRITE),
                MakeUintegerAccessor(&RdmaTokenChurn::m_rights),
                MakeUintegerChecker<uint32_t>());
    return tid;
}

RdmaTokenChurn::RdmaTokenChurn()
    : m_uniform(CreateObject<UniformRandomVariable>()),
      m_gap(CreateObject<ExponentialRandomVariable>())
{
}

RdmaTokenChurn::~RdmaTokenChurn() = default;

int64_t
RdmaTokenChurn::AssignStreams(int64_t stream)
{
    m_lifetime->SetStream(stream);
    m_windowSize->SetStream(stream + 1);
    m_uniform->SetStream(stream + 2);
    m_gap->SetStream(stream + 3);
    return 4;
}

void
RdmaTokenChurn::DoDispose()
{
    m_tick.Cancel();
    for (Window& w : m_windows)
    {
        w.expire.Cancel();
    }
    m_windows.clear();
    m_inbound.clear();
    m_qp = nullptr;
    m_mr = nullptr;
    m_lifetime = nullptr;
    m_windowSize = nullptr;
    RdmaApp::DoDispose();
}

void
RdmaTokenChurn::StartApplication()
{
    SetupNdk();
    m_running = true;
    Ptr<NdkHostMemory> memory = m_adapter->GetHostMemory();
    m_buffer = memory->Allocate(m_bufferSize);
    m_pd->CreateMr(false, &m_mr);
    m_mr->Register(m_buffer, m_bufferSize, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
    m_windows.resize(m_maxWindows);
    for (uint32_t i = 0; i < m_maxWindows; ++i)
    {
        m_pd->CreateMw(&m_windows[i].mw);
        m_free.push_back(m_maxWindows - 1 - i);
    }
    Listen(m_port, [this](const std::vector<uint8_t>&, std::vector<uint8_t>*) {
        Ptr<NdkQp> qp = NewQp(0xFFFFFFFF, 1, 1);
        m_inbound.push_back(qp);
        return qp;
    });
    // Each window may have its Bind and its Invalidate outstanding.
    m_qp = NewQp(0, 2 * m_maxWindows + 2, 1);
    Connect(m_qp, m_remote, m_port, {}, [this](NdkStatus s, const std::vector<uint8_t>&) {
        if (s != NdkStatus::SUCCESS)
        {
            NS_LOG_WARN("churn connection failed: " << s);
            return;
        }
        m_connected = true;
        if (m_rate > 0)
        {
            m_gap->SetAttribute("Mean", DoubleValue(1.0 / m_rate));
            Tick();
        }
    });
}

void
RdmaTokenChurn::StopApplication()
{
    m_running = false;
    m_tick.Cancel();
}

void
RdmaTokenChurn::Tick()
{
    if (!m_running)
    {
        return;
    }
    if (m_free.empty())
    {
        ++m_skipped;
    }
    else
    {
        const uint32_t w = m_free.back();
        Window& win = m_windows[w];
        win.length = static_cast<uint64_t>(std::clamp(std::round(m_windowSize->GetValue()),
                                                      1.0,
                                                      static_cast<double>(m_bufferSize)));
        const uint64_t span = m_bufferSize - win.length;
        win.address =
            m_buffer +
            (span == 0 ? 0
                       : static_cast<uint64_t>(m_uniform->GetValue() * static_cast<double>(span)));
        win.bindPostPs = NowPs();
        NdkStatus s =
            m_qp->Bind((kBind << 56) | w, m_mr, win.mw, win.address, win.length, m_rights);
        if (s == NdkStatus::SUCCESS)
        {
            m_free.pop_back();
            win.busy = true;
            win.bound = win.reported = false;
            win.token = win.mw->GetRemoteToken();
            win.ops.Posted(kOpBind);
        }
        else
        {
            NS_LOG_WARN("bind post failed: " << s);
            ++m_skipped;
        }
    }
    const double gap = m_poisson ? m_gap->GetValue() : 1.0 / m_rate;
    m_tick = Simulator::Schedule(Seconds(gap), &RdmaTokenChurn::Tick, this);
}

void
RdmaTokenChurn::Invalidate(uint32_t w)
{
    Window& win = m_windows[w];
    win.invalidatePostPs = NowPs();
    NdkStatus s = m_qp->Invalidate((kInvalidate << 56) | w, win.mw, 0);
    if (s != NdkStatus::SUCCESS)
    {
        NS_LOG_WARN("invalidate post failed: " << s);
        return;
    }
    win.ops.Posted(kOpInvalidate);
}

void
RdmaTokenChurn::HandleCompletion(const NdkResultEx& r)
{
    const uint64_t kind = r.requestContext >> 56;
    const uint32_t w = static_cast<uint32_t>(r.requestContext & 0xFFFFFFFF);
    if (w >= m_windows.size() || (kind != kBind && kind != kInvalidate))
    {
        return;
    }
    Window& win = m_windows[w];
    if (kind == kBind)
    {
        if (win.ops.Completed(kOpBind))
        {
            RecordOp(r, m_qp->GetQpNumber(), win.length, win.bindPostPs);
        }
        if (r.status != NdkStatus::SUCCESS)
        {
            win.busy = false;
            m_free.push_back(w);
            return;
        }
        ++m_binds;
        win.bound = true;
        win.createdPs = NowPs();
        const double life = std::max(0.0, m_lifetime->GetValue());
        win.expire = Simulator::Schedule(Seconds(life), &RdmaTokenChurn::Invalidate, this, w);
        return;
    }
    if (win.ops.Completed(kOpInvalidate))
    {
        RecordOp(r, m_qp->GetQpNumber(), win.length, win.invalidatePostPs);
    }
    if (r.status == NdkStatus::SUCCESS)
    {
        ++m_invalidations;
        ReportWindow(win, RdmaInvalidation::Local);
    }
    win.busy = false;
    win.bound = false;
    m_free.push_back(w);
}

void
RdmaTokenChurn::ReportWindow(Window& win, RdmaInvalidation how)
{
    if (win.reported)
    {
        return; // reported at the end of a run that then went on
    }
    win.reported = true;
    RdmaTokenRecord t;
    t.host = GetHostId();
    t.token = win.token;
    t.kind = RdmaTokenKind::MemoryWindow;
    t.createdPs = win.createdPs;
    t.rights = m_rights;
    t.address = win.address;
    t.length = win.length;
    t.how = how;
    if (how != RdmaInvalidation::Never)
    {
        t.invalidatedPs = NowPs();
        t.lifetimePs = t.invalidatedPs - t.createdPs;
    }
    RecordToken(t);
}

void
RdmaTokenChurn::ReportUnfinished()
{
    // An Invalidate posted but not completed has not revoked the token yet: Never.
    for (Window& win : m_windows)
    {
        if (win.busy && win.bound)
        {
            ReportWindow(win, RdmaInvalidation::Never);
        }
    }
    // Window order. If the run goes on, the completions find these marked in win.ops.
    for (Window& win : m_windows)
    {
        const uint8_t open = win.ops.TakeUnreported();
        if (open & kOpBind)
        {
            RecordPendingOp(m_qp->GetQpNumber(),
                            NdkOperationType::Bind,
                            win.length,
                            win.bindPostPs);
        }
        if (open & kOpInvalidate)
        {
            RecordPendingOp(m_qp->GetQpNumber(),
                            NdkOperationType::Invalidate,
                            win.length,
                            win.invalidatePostPs);
        }
    }
}

} // namespace ns3
