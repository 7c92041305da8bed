#include "ndksim/recorder/run-recorder.h"

#include "ndksim/topo/topology.h"

#include "ns3/boolean.h"
#include "ns3/callback.h"
#include "ns3/fabric-helper.h"
#include "ns3/ndk-status.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/rdma-app.h"
#include "ns3/rdma-flow-generator.h"
#include "ns3/rdma-nic.h"
#include "ns3/rdma-violation-recorder.h"
#include "ns3/roce-net-device.h"
#include "ns3/roce-switch.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

namespace ndksim::recorder
{

namespace
{

using namespace ndksim::results;

/**
 * Op type code of a Send-and-Invalidate: NDK reports it as a Send; the recorder gives it its own
 * code (outside NdkOperationType's values) so reports show the token flow's last step.
 */
constexpr uint32_t kSendAndInvalidate = 0x10002;

/** Op type code of a rejected Send-and-Invalidate in the violations table. */
uint32_t
RemoteOpType(ns3::NdkRemoteOp op)
{
    switch (op)
    {
    case ns3::NdkRemoteOp::Read:
        return static_cast<uint32_t>(ns3::NdkOperationType::Read);
    case ns3::NdkRemoteOp::Write:
        return static_cast<uint32_t>(ns3::NdkOperationType::Write);
    case ns3::NdkRemoteOp::Invalidate:
        return kSendAndInvalidate;
    }
    return 0;
}

const char* const kFaultNames[] = {"none",
                                   "unknown-token",
                                   "key-mismatch",
                                   "privileged-token",
                                   "not-valid",
                                   "pd-mismatch",
                                   "wrong-qp",
                                   "no-right",
                                   "out-of-range",
                                   "not-invalidatable",
                                   "read-limit"};

} // namespace

RunRecorder::RunRecorder(ResultsWriter* db,
                         const ns3::FabricHelper& fabric,
                         const ndksim::topo::Topology& topo)
    : m_db(db),
      m_fabric(fabric),
      m_paths(topo)
{
    if (fabric.GetNHosts() > 0)
    {
        ns3::UintegerValue v;
        fabric.GetNic(0)->GetAttribute("PathMtu", v);
        m_pathMtu = static_cast<uint32_t>(v.Get());
        fabric.GetNic(0)->GetAttribute("Priority", v);
        m_priority = static_cast<uint32_t>(v.Get());
    }
}

RunRecorder::~RunRecorder()
{
    if (m_violations)
    {
        m_violations->Dispose();
    }
}

void
RunRecorder::WatchApp(ns3::Ptr<ns3::RdmaApp> app)
{
    m_apps.push_back(app);
    app->TraceConnectWithoutContext("OpCompleted",
                                    ns3::Callback<void, const ns3::RdmaOpRecord&>(
                                        [this](const ns3::RdmaOpRecord& r) { Op(r); }));
    app->TraceConnectWithoutContext("TokenRetired",
                                    ns3::Callback<void, const ns3::RdmaTokenRecord&>(
                                        [this](const ns3::RdmaTokenRecord& r) { Token(r); }));
}

void
RunRecorder::WatchFlows(ns3::Ptr<ns3::RdmaFlowGenerator> gen,
                        uint32_t workload,
                        uint64_t maxWriteSize,
                        int priority)
{
    WatchApp(gen);
    const uint32_t klass = priority < 0 ? m_priority : static_cast<uint32_t>(priority);
    gen->TraceConnectWithoutContext(
        "FlowCompleted",
        ns3::Callback<void, const ns3::RdmaFlowRecord&>(
            [this, workload, maxWriteSize, klass](const ns3::RdmaFlowRecord& r) {
                Flow(workload, maxWriteSize, klass, r);
            }));
}

void
RunRecorder::WatchAttacker(ns3::Ptr<ns3::RdmaApp> attacker)
{
    WatchApp(attacker);
    attacker->TraceConnectWithoutContext(
        "AttemptCompleted",
        ns3::Callback<void, const ns3::RdmaAttackRecord&>(
            [this](const ns3::RdmaAttackRecord& r) { Attack(r); }));
}

void
RunRecorder::AttachFabric()
{
    m_violations = ns3::CreateObject<ns3::RdmaViolationRecorder>();
    m_violations->SetAttribute("KeepRecords", ns3::BooleanValue(false));
    m_violations->AttachAll();
    m_violations->TraceConnectWithoutContext(
        "Violation",
        ns3::Callback<void, const ns3::RdmaViolationRecord&>(
            [this](const ns3::RdmaViolationRecord& r) { Violation(r); }));
    for (std::size_t j = 0; j < m_fabric.GetNSwitches(); ++j)
    {
        ns3::Ptr<ns3::RoceSwitch> sw = m_fabric.GetSwitch(j);
        ns3::Ptr<ns3::Node> node = sw->GetObject<ns3::Node>();
        const uint32_t id = node ? node->GetId() : static_cast<uint32_t>(j);
        sw->TraceConnectWithoutContext(
            "Drop",
            ns3::Callback<void,
                          ns3::Ptr<const ns3::Packet>,
                          uint32_t,
                          uint8_t,
                          ns3::RoceSwitchDropReason>([this, id](ns3::Ptr<const ns3::Packet> frame,
                                                                uint32_t port,
                                                                uint8_t priority,
                                                                ns3::RoceSwitchDropReason reason) {
                Drop(id, port, priority, static_cast<uint8_t>(reason), frame->GetSize());
            }));
    }
}

void
RunRecorder::SetFlowCallback(std::function<void(uint64_t)> callback)
{
    m_flowDone = std::move(callback);
}

const RunTotals&
RunRecorder::GetTotals() const
{
    return m_totals;
}

void
RunRecorder::Op(const ns3::RdmaOpRecord& r)
{
    // ReportUnfinished marks requests still outstanding at the end with STATUS_PENDING.
    if (r.status == ns3::NdkStatus::PENDING)
    {
        ++m_totals.unfinishedOps;
    }
    else
    {
        ++m_totals.ops;
        m_totals.failedOps += r.status != ns3::NdkStatus::SUCCESS;
    }
    if (!m_db)
    {
        return;
    }
    OpRow row;
    row.host = r.host;
    row.qp = r.qpn;
    row.type = r.withInvalidate && r.type == ns3::NdkOperationType::Send
                   ? kSendAndInvalidate
                   : static_cast<uint32_t>(r.type);
    row.bytes = r.bytes;
    row.postPs = r.postPs;
    row.completionPs = r.completionPs < 0 ? kNull : r.completionPs;
    row.status = static_cast<uint32_t>(r.status);
    m_statuses.insert(row.status);
    m_db->AddOp(row);
}

void
RunRecorder::Token(const ns3::RdmaTokenRecord& r)
{
    ++m_totals.tokens;
    m_totals.validTokens += r.how == ns3::RdmaInvalidation::Never;
    if (!m_db)
    {
        return;
    }
    TokenRow row;
    row.host = r.host;
    row.token = r.token;
    row.kind = r.kind == ns3::RdmaTokenKind::MemoryWindow ? TokenKind::MemoryWindow
                                                          : TokenKind::MemoryRegion;
    row.createdPs = r.createdPs;
    row.rights = r.rights;
    row.address = r.address;
    row.lengthBytes = r.length;
    row.uses = r.uses;
    switch (r.how)
    {
    case ns3::RdmaInvalidation::Never:
        row.invalidation = Invalidation::None;
        break;
    case ns3::RdmaInvalidation::Local:
        row.invalidation = Invalidation::Local;
        break;
    case ns3::RdmaInvalidation::Remote:
        row.invalidation = Invalidation::Remote;
        break;
    case ns3::RdmaInvalidation::Deregistered:
        row.invalidation = Invalidation::Deregistered;
        break;
    }
    row.invalidatedPs = r.invalidatedPs < 0 ? kNull : r.invalidatedPs;
    m_db->AddToken(row);
}

void
RunRecorder::Flow(uint32_t workload,
                  uint64_t maxWriteSize,
                  uint32_t priority,
                  const ns3::RdmaFlowRecord& r)
{
    // ReportUnfinished marks flows still running at the end with STATUS_PENDING.
    const bool unfinished = r.status == ns3::NdkStatus::PENDING;
    ++(unfinished ? m_totals.unfinishedFlows : m_totals.flows);
    if (m_db)
    {
        FlowRow row;
        row.src = r.src;
        row.dst = r.dst;
        row.workload = workload;
        row.priority = priority;
        row.sizeBytes = r.size;
        row.startPs = r.startPs;
        row.fctPs =
            r.finishPs < 0 || r.status != ns3::NdkStatus::SUCCESS ? kNull : r.finishPs - r.startPs;
        row.idealFctPs = std::max<int64_t>(
            1,
            IdealFctPs(r.size, m_pathMtu, maxWriteSize, m_paths.GetPath(r.src, r.dst)));
        row.status = static_cast<uint32_t>(r.status);
        m_statuses.insert(row.status);
        m_db->AddFlow(row);
    }
    if (m_flowDone && !unfinished)
    {
        m_flowDone(m_totals.flows);
    }
}

void
RunRecorder::Violation(const ns3::RdmaViolationRecord& r)
{
    ++m_totals.violations;
    if (!m_db)
    {
        return;
    }
    ViolationRow row;
    row.timePs = r.timePs;
    row.host = r.responder;
    row.qp = r.qpn;
    row.src = r.requester;
    row.type = RemoteOpType(r.op);
    row.token = r.token;
    row.address = r.address;
    row.lengthBytes = r.length;
    row.reason = static_cast<uint32_t>(r.reason);
    // A rejected remote access is a remote access error NAK: the requester completes with
    // STATUS_ACCESS_VIOLATION (SEMANTICS.md 15.10), whichever check failed.
    row.status = static_cast<uint32_t>(ns3::NdkStatus::ACCESS_VIOLATION);
    m_statuses.insert(row.status);
    m_db->AddViolation(row);
}

void
RunRecorder::Attack(const ns3::RdmaAttackRecord& r)
{
    ++m_totals.attackAttempts;
    m_totals.attacksGranted += r.status == ns3::NdkStatus::SUCCESS;
}

void
RunRecorder::Drop(uint32_t node, uint32_t port, uint8_t priority, uint8_t reason, uint32_t bytes)
{
    auto& d = m_drops[std::make_tuple(node, port, priority, reason)];
    ++d.first;
    d.second += bytes;
}

void
RunRecorder::WriteNames()
{
    using ns3::NdkOperationType;
    const std::pair<uint32_t, const char*> types[] = {
        {static_cast<uint32_t>(NdkOperationType::Receive), "Receive"},
        {static_cast<uint32_t>(NdkOperationType::Send), "Send"},
        {static_cast<uint32_t>(NdkOperationType::FastRegister), "FastRegister"},
        {static_cast<uint32_t>(NdkOperationType::Bind), "Bind"},
        {static_cast<uint32_t>(NdkOperationType::Invalidate), "Invalidate"},
        {static_cast<uint32_t>(NdkOperationType::Read), "Read"},
        {static_cast<uint32_t>(NdkOperationType::Write), "Write"},
        {static_cast<uint32_t>(NdkOperationType::ReceiveAndInvalidate), "ReceiveAndInvalidate"},
        {kSendAndInvalidate, "SendAndInvalidate"}};
    for (const auto& [code, name] : types)
    {
        m_db->DefineName(domain::kOpType, code, name);
    }
    for (uint32_t s : m_statuses)
    {
        m_db->DefineName(domain::kStatus, s, ns3::NdkStatusName(static_cast<ns3::NdkStatus>(s)));
    }
    for (uint32_t i = 0; i < sizeof(kFaultNames) / sizeof(kFaultNames[0]); ++i)
    {
        m_db->DefineName(domain::kViolationReason, i, kFaultNames[i]);
    }
    for (uint32_t i = 0; i < ns3::ROCE_SWITCH_DROP_REASONS; ++i)
    {
        m_db->DefineName(domain::kDropReason,
                         i,
                         ns3::RoceSwitchDropReasonName(static_cast<ns3::RoceSwitchDropReason>(i)));
    }
}

void
RunRecorder::StartSampling(ns3::Time interval)
{
    if (!m_db || interval.IsZero())
    {
        return;
    }
    m_interval = interval;
    for (std::size_t j = 0; j < m_fabric.GetNSwitches(); ++j)
    {
        ns3::Ptr<ns3::RoceSwitch> sw = m_fabric.GetSwitch(j);
        ns3::Ptr<ns3::Node> n = sw->GetObject<ns3::Node>();
        const uint32_t node = n ? n->GetId() : static_cast<uint32_t>(j);
        for (uint32_t i = 0; i < sw->GetNPorts(); ++i)
        {
            m_switchQueueSeries.push_back(
                Series("node" + std::to_string(node) + ":port" + std::to_string(i),
                       "queue_bytes",
                       "B"));
        }
    }
    for (std::size_t i = 0; i < m_fabric.GetNHosts(); ++i)
    {
        const uint32_t node = m_fabric.GetHostNode(i)->GetId();
        m_hostRateSeries.push_back(Series("node" + std::to_string(node), "tx_rate", "bps"));
        m_hostTxBytes.push_back(0);
    }
    ns3::Simulator::Schedule(interval, &RunRecorder::Sample, this);
}

std::size_t
RunRecorder::Series(const std::string& object, const std::string& metric, const std::string& unit)
{
    SeriesState state;
    state.id = m_db->DefineSeries(object, metric, unit);
    m_series.push_back(state);
    return m_series.size() - 1;
}

void
RunRecorder::Emit(std::size_t series, double value)
{
    SeriesState& state = m_series[series];
    if (state.written && state.last == value)
    {
        return;
    }
    state.written = true;
    state.last = value;
    SampleRow row;
    row.series = state.id;
    row.timePs = ns3::Simulator::Now().GetPicoSeconds();
    row.value = value;
    m_db->AddSample(row);
}

void
RunRecorder::Sample()
{
    if (m_finished)
    {
        return;
    }
    std::size_t k = 0;
    for (std::size_t j = 0; j < m_fabric.GetNSwitches(); ++j)
    {
        ns3::Ptr<ns3::RoceSwitch> sw = m_fabric.GetSwitch(j);
        for (uint32_t i = 0; i < sw->GetNPorts(); ++i)
        {
            ns3::Ptr<ns3::RoceNetDevice> port = sw->GetPort(i);
            uint64_t bytes = 0;
            for (uint8_t p = 0; p < ns3::RoceNetDevice::PRIORITIES; ++p)
            {
                bytes += port->GetQueueBytes(p);
            }
            Emit(m_switchQueueSeries[k++], static_cast<double>(bytes));
        }
    }
    const double seconds = m_interval.GetSeconds();
    for (std::size_t i = 0; i < m_fabric.GetNHosts(); ++i)
    {
        ns3::Ptr<ns3::RdmaNic> nic = m_fabric.GetNic(i);
        const ns3::RoceNetDevice::Stats ps = nic->GetPort()->GetStats();
        uint64_t tx = 0;
        for (uint8_t p = 0; p < ns3::RoceNetDevice::PRIORITIES; ++p)
        {
            tx += ps.txBytes[p];
        }
        Emit(m_hostRateSeries[i], static_cast<double>(tx - m_hostTxBytes[i]) * 8 / seconds);
        m_hostTxBytes[i] = tx;
        const uint32_t node = m_fabric.GetHostNode(i)->GetId();
        for (const ns3::RdmaQpRecord& r : nic->GetQpRecords())
        {
            if (!r.live)
            {
                continue;
            }
            auto key = std::make_pair(node, r.qpn);
            auto it = m_qpRateSeries.find(key);
            if (it == m_qpRateSeries.end())
            {
                it = m_qpRateSeries
                         .emplace(
                             key,
                             Series("node" + std::to_string(node) + ":qp" + std::to_string(r.qpn),
                                    "rate",
                                    "bps"))
                         .first;
            }
            Emit(it->second, static_cast<double>(r.rateBps));
        }
    }
    ns3::Simulator::Schedule(m_interval, &RunRecorder::Sample, this);
}

void
RunRecorder::Finish()
{
    if (m_finished)
    {
        return;
    }
    // What is still open gets its rows now (the totals count it with or without a database).
    for (ns3::Ptr<ns3::RdmaApp> app : m_apps)
    {
        app->ReportUnfinished();
    }
    m_finished = true;
    if (!m_db)
    {
        return;
    }
    WriteNames();
    std::map<uint32_t, uint32_t> hostOf; // IPv4 -> node, for the peers of QPs
    for (std::size_t i = 0; i < m_fabric.GetNHosts(); ++i)
    {
        hostOf[m_fabric.GetHostAddress(i).Get()] = m_fabric.GetHostNode(i)->GetId();
    }
    for (std::size_t i = 0; i < m_fabric.GetNHosts(); ++i)
    {
        ns3::Ptr<ns3::RdmaNic> nic = m_fabric.GetNic(i);
        const uint32_t node = m_fabric.GetHostNode(i)->GetId();
        for (const ns3::RdmaQpRecord& r : nic->GetQpRecords())
        {
            QpRow q;
            q.host = node;
            q.qp = r.qpn;
            auto peer = hostOf.find(r.peer.Get());
            q.peerHost = peer == hostOf.end() ? node : peer->second;
            q.peerQp = r.peerQpn;
            q.priority = r.priority;
            q.txBytes = r.stats.txBytes;
            q.txPackets = r.stats.txPackets;
            q.retransmits = r.stats.retransmits;
            q.timeouts = r.stats.timeouts;
            q.naksSent = r.stats.naksSent;
            q.naksReceived =
                r.stats.seqNaksReceived + r.stats.rnrNaksReceived + r.stats.fatalNaksReceived;
            q.cnpsSent = r.stats.cnpsSent;
            q.cnpsReceived = r.stats.cnpsReceived;
            q.rateChanges = r.stats.rateChanges;
            q.minRateBps = r.minRateBps;
            q.finalRateBps = r.rateBps;
            m_db->AddQp(q);
        }

        ns3::Ptr<ns3::RoceNetDevice> port = nic->GetPort();
        const ns3::RoceNetDevice::Stats ps = port->GetStats();
        for (uint8_t p = 0; p < ns3::RoceSwitch::PRIORITIES; ++p)
        {
            PortRow row;
            row.node = node;
            row.port = port->GetIfIndex();
            row.priority = p;
            row.txBytes = ps.txBytes[p];
            row.txPackets = ps.txFrames[p];
            row.pauseSent = ps.pauseFramesSent[p];
            row.pauseReceived = ps.pauseFramesReceived[p];
            row.pausedPs = static_cast<int64_t>(ps.pausedPs[p]);
            if (row.txPackets || row.pauseSent || row.pauseReceived || row.pausedPs)
            {
                m_db->AddPort(row);
            }
        }
    }
    for (std::size_t j = 0; j < m_fabric.GetNSwitches(); ++j)
    {
        ns3::Ptr<ns3::RoceSwitch> sw = m_fabric.GetSwitch(j);
        ns3::Ptr<ns3::Node> n = sw->GetObject<ns3::Node>();
        const uint32_t node = n ? n->GetId() : static_cast<uint32_t>(j);
        for (uint32_t i = 0; i < sw->GetNPorts(); ++i)
        {
            const ns3::RoceSwitch::PortStats s = sw->GetPortStats(i);
            for (uint8_t p = 0; p < ns3::RoceSwitch::PRIORITIES; ++p)
            {
                PortRow row;
                row.node = node;
                row.port = i;
                row.priority = p;
                row.txBytes = s.txBytes[p];
                row.txPackets = s.txPackets[p];
                row.rxBytes = s.rxBytes[p];
                row.rxPackets = s.rxPackets[p];
                row.pauseSent = s.pausesSent[p];
                row.pauseReceived = s.pausesReceived[p];
                row.pausedPs = static_cast<int64_t>(s.pausedPs[p]);
                row.ecnMarked = s.ecnMarks[p];
                // The switch keeps one peak per port (all priorities): on every row of it.
                row.peakBufferBytes = s.peakQueueBytes;
                if (row.txPackets || row.rxPackets || row.pauseSent || row.pauseReceived)
                {
                    m_db->AddPort(row);
                }
            }
        }
    }
    for (const auto& [key, value] : m_drops)
    {
        PortDropRow row;
        row.node = std::get<0>(key);
        row.port = std::get<1>(key);
        row.priority = std::get<2>(key);
        row.reason = std::get<3>(key);
        row.lossless =
            row.reason == static_cast<uint32_t>(ns3::RoceSwitchDropReason::LOSSLESS_VIOLATION);
        row.packets = value.first;
        row.bytes = value.second;
        m_db->AddPortDrop(row);
    }
}

} // namespace ndksim::recorder
