#include "rdma-storage-client.h"

#include "rdma-storage-server.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/ndk-cq.h"
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

NS_LOG_COMPONENT_DEFINE("RdmaStorageClient");
NS_OBJECT_ENSURE_REGISTERED(RdmaStorageClient);

namespace
{
enum : uint64_t
{
    kRegister = 1, //!< Bind or FastRegister
    kSend = 2,
    kRecv = 3,
    kInvalidate = 4,
};

constexpr uint64_t
Ctx(uint64_t kind, uint64_t conn, uint64_t index)
{
    return (kind << 56) | (conn << 32) | index;
}

constexpr uint32_t kCtrlSlot = 64;

// A slot's work requests in flight (Slot::ops).
constexpr uint8_t kOpRegister = 1;
constexpr uint8_t kOpSend = 2;
constexpr uint8_t kOpInvalidate = 4;
} // namespace

TypeId
RdmaStorageClient::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RdmaStorageClient")
            .SetParent<RdmaApp>()
            .SetGroupName("Ndksim")
            .AddConstructor<RdmaStorageClient>()
            .AddAttribute("Remote",
                          "Address of the storage server.",
                          Ipv4AddressValue(),
                          MakeIpv4AddressAccessor(&RdmaStorageClient::m_remote),
                          MakeIpv4AddressChecker())
            .AddAttribute("Port",
                          "ND port of the storage server.",
                          UintegerValue(445),
                          MakeUintegerAccessor(&RdmaStorageClient::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Connections",
                          "Connections (QPs) to the server.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&RdmaStorageClient::m_connections),
                          MakeUintegerChecker<uint32_t>(1, 0xFFFFFF))
            .AddAttribute("QueueDepth",
                          "I/Os in flight per connection (<= the server's ReceiveDepth).",
                          UintegerValue(4),
                          MakeUintegerAccessor(&RdmaStorageClient::m_queueDepth),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("IoSize",
                          "I/O size in bytes (rounded, clamped to [1, MaxIoSize]).",
                          StringValue("ns3::ConstantRandomVariable[Constant=65536]"),
                          MakePointerAccessor(&RdmaStorageClient::m_ioSize),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("MaxIoSize",
                          "Largest I/O: size of each slot buffer.",
                          UintegerValue(1 << 20),
                          MakeUintegerAccessor(&RdmaStorageClient::m_maxIoSize),
                          MakeUintegerChecker<uint64_t>(1))
            .AddAttribute("FileSize",
                          "Size of the server's file; offsets are 4 KiB aligned inside it.",
                          UintegerValue(16 << 20),
                          MakeUintegerAccessor(&RdmaStorageClient::m_fileSize),
                          MakeUintegerChecker<uint64_t>(4096))
            .AddAttribute("ReadFraction",
                          "Probability that an I/O is a read.",
                          DoubleValue(0.5),
                          MakeDoubleAccessor(&RdmaStorageClient::m_readFraction),
                          MakeDoubleChecker<double>(0, 1))
            .AddAttribute("UseFastRegister",
                          "Fast-register an MR per I/O instead of binding a memory window.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&RdmaStorageClient::m_fastRegister),
                          MakeBooleanChecker())
            .AddAttribute("ThinkTime",
                          "Seconds between the end of an I/O and the next one in its slot.",
                          StringValue("ns3::ConstantRandomVariable[Constant=0]"),
                          MakePointerAccessor(&RdmaStorageClient::m_thinkTime),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("MaxIos",
                          "Stop issuing after this many I/Os (0: until StopTime).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&RdmaStorageClient::m_maxIos),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("Verify",
                          "Check read data against the file pattern and write the pattern "
                          "(needs tracked host memory on both hosts, server Verify on).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&RdmaStorageClient::m_verify),
                          MakeBooleanChecker());
    return tid;
}

RdmaStorageClient::RdmaStorageClient()
    : m_uniform(CreateObject<UniformRandomVariable>())
{
}

RdmaStorageClient::~RdmaStorageClient() = default;

int64_t
RdmaStorageClient::AssignStreams(int64_t stream)
{
    m_ioSize->SetStream(stream);
    m_thinkTime->SetStream(stream + 1);
    m_uniform->SetStream(stream + 2);
    return 3;
}

void
RdmaStorageClient::DoDispose()
{
    for (Conn& c : m_conns)
    {
        for (Slot& s : c.slots)
        {
            s.next.Cancel();
        }
    }
    m_conns.clear();
    m_ioSize = nullptr;
    m_thinkTime = nullptr;
    m_uniform = nullptr;
    RdmaApp::DoDispose();
}

void
RdmaStorageClient::StartApplication()
{
    SetupNdk();
    m_running = true;
    Ptr<NdkHostMemory> memory = m_adapter->GetHostMemory();
    const uint32_t pages = static_cast<uint32_t>((m_maxIoSize + NDK_PAGE_SIZE - 1) / NDK_PAGE_SIZE);
    m_conns.resize(m_connections);
    for (uint32_t ci = 0; ci < m_connections; ++ci)
    {
        Conn& c = m_conns[ci];
        // Each I/O posts a Bind/FastRegister, a Send and possibly an Invalidate.
        c.qp = NewQp(ci, 3 * m_queueDepth + 2, m_queueDepth);
        const uint64_t ctrlSize = uint64_t{2} * kCtrlSlot * m_queueDepth; // receives, requests
        c.ctrl = memory->Allocate(ctrlSize);
        memory->Track(c.ctrl, ctrlSize);
        m_pd->CreateMr(false, &c.ctrlMr);
        c.ctrlMr->Register(c.ctrl, ctrlSize, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
        // One registration for all slot buffers; windows / FR MRs narrow it per I/O.
        const uint64_t slotSize = uint64_t{pages} * NDK_PAGE_SIZE;
        const uint64_t data = memory->Allocate(slotSize * m_queueDepth);
        m_pd->CreateMr(false, &c.dataMr);
        NdkStatus s =
            c.dataMr->Register(data,
                               slotSize * m_queueDepth,
                               NDK_MR_FLAG_ALLOW_LOCAL_WRITE | NDK_MR_FLAG_RDMA_READ_SINK);
        NS_ABORT_MSG_IF(s != NdkStatus::SUCCESS, "data MR registration failed: " << s);
        c.slots.resize(m_queueDepth);
        c.recvPostPs.assign(m_queueDepth, 0);
        for (uint32_t si = 0; si < m_queueDepth; ++si)
        {
            Slot& slot = c.slots[si];
            slot.buffer = data + si * slotSize;
            slot.request = c.ctrl + (m_queueDepth + si) * uint64_t{kCtrlSlot};
            if (m_fastRegister)
            {
                m_pd->CreateMr(true, &slot.frMr);
                s = slot.frMr->InitializeFastRegister(pages, true);
                NS_ABORT_MSG_IF(s != NdkStatus::SUCCESS, "InitializeFastRegister failed: " << s);
                uint32_t lamSize = 0;
                m_adapter->BuildLam(slot.buffer, slotSize, &lamSize, nullptr);
                s = m_adapter->BuildLam(slot.buffer, slotSize, &lamSize, &slot.lam);
                NS_ABORT_MSG_IF(s != NdkStatus::SUCCESS, "BuildLam failed: " << s);
            }
            else
            {
                m_pd->CreateMw(&slot.mw);
            }
        }
        Connect(c.qp, m_remote, m_port, {}, [this, ci](NdkStatus st, const std::vector<uint8_t>&) {
            Connected(ci, st);
        });
    }
}

void
RdmaStorageClient::StopApplication()
{
    m_running = false;
    for (Conn& c : m_conns)
    {
        for (Slot& s : c.slots)
        {
            s.next.Cancel();
        }
    }
}

void
RdmaStorageClient::Connected(uint32_t ci, NdkStatus status)
{
    if (status != NdkStatus::SUCCESS)
    {
        NS_LOG_WARN("connection " << ci << " to " << m_remote << " failed: " << status);
        return;
    }
    Conn& c = m_conns[ci];
    c.connected = true;
    for (uint32_t i = 0; i < m_queueDepth; ++i)
    {
        PostReceive(ci, i);
    }
    for (uint32_t si = 0; si < m_queueDepth; ++si)
    {
        StartIo(ci, si);
    }
}

void
RdmaStorageClient::PostReceive(uint32_t ci, uint32_t index)
{
    Conn& c = m_conns[ci];
    NdkSge sge{c.ctrl + uint64_t{index} * kCtrlSlot, kCtrlSlot, c.ctrlMr->GetLocalToken()};
    c.recvPostPs[index] = NowPs();
    NdkStatus s = c.qp->Receive(Ctx(kRecv, ci, index), &sge, 1);
    if (s != NdkStatus::SUCCESS)
    {
        NS_LOG_WARN("receive post failed: " << s);
    }
}

void
RdmaStorageClient::StartIo(uint32_t ci, uint32_t si)
{
    Conn& c = m_conns[ci];
    Slot& slot = c.slots[si];
    if (!m_running || !c.connected || slot.busy || (m_maxIos > 0 && m_started >= m_maxIos) ||
        c.qp->GetState() != NdkQpState::Connected)
    {
        return;
    }
    const uint64_t maxLength = std::min(m_maxIoSize, m_fileSize);
    const double drawn = std::round(m_ioSize->GetValue());
    const uint64_t length =
        static_cast<uint64_t>(std::clamp(drawn, 1.0, static_cast<double>(maxLength)));
    const uint32_t slots4k = static_cast<uint32_t>((m_fileSize - length) / 4096);
    slot.offset = uint64_t{m_uniform->GetInteger(0, slots4k)} * 4096;
    slot.length = static_cast<uint32_t>(length);
    slot.write = m_uniform->GetValue() >= m_readFraction;
    slot.busy = true;
    slot.bound = slot.sent = slot.replied = slot.remote = slot.reported = false;
    slot.replyStatus = NdkStatus::SUCCESS;
    slot.startPs = NowPs();
    slot.createdPs = RDMA_APP_NEVER;
    slot.invalidatedPs = RDMA_APP_NEVER;
    ++m_started;
    m_maxInFlight = std::max(m_maxInFlight, ++m_inFlight);

    Ptr<NdkHostMemory> memory = m_adapter->GetHostMemory();
    if (m_verify)
    {
        if (slot.write)
        {
            FillPattern(memory, slot.buffer, slot.offset, length);
        }
        else
        {
            memory->Fill(slot.buffer, 0, length);
        }
    }
    // Exactly the right the server needs, over exactly the I/O's bytes.
    slot.rights = slot.write ? NDK_OP_FLAG_ALLOW_REMOTE_READ : NDK_OP_FLAG_ALLOW_REMOTE_WRITE;
    NdkStatus s;
    if (m_fastRegister)
    {
        const uint32_t pages = static_cast<uint32_t>((length + NDK_PAGE_SIZE - 1) / NDK_PAGE_SIZE);
        s = c.qp->FastRegister(Ctx(kRegister, ci, si),
                               slot.frMr,
                               pages,
                               slot.lam.adapterPageArray.data(),
                               0,
                               length,
                               slot.buffer,
                               slot.rights);
        slot.token = slot.frMr->GetRemoteToken();
    }
    else
    {
        s = c.qp->Bind(Ctx(kRegister, ci, si), c.dataMr, slot.mw, slot.buffer, length, slot.rights);
        slot.token = slot.mw->GetRemoteToken();
    }
    if (s != NdkStatus::SUCCESS)
    {
        NS_LOG_WARN("bind/fast-register post failed: " << s);
        slot.busy = false;
        --m_inFlight;
        ++m_iosFailed;
        return;
    }
    slot.ops.Posted(kOpRegister);
    RdmaStorageRequest req;
    req.ioId = si;
    req.token = slot.token;
    req.length = slot.length;
    req.address = slot.buffer;
    req.offset = slot.offset;
    req.write = slot.write ? 1 : 0;
    memory->Write(slot.request, reinterpret_cast<const uint8_t*>(&req), sizeof(req));
    NdkSge sge{slot.request, sizeof(req), c.ctrlMr->GetLocalToken()};
    s = c.qp->Send(Ctx(kSend, ci, si), &sge, 1, 0);
    if (s != NdkStatus::SUCCESS)
    {
        NS_LOG_WARN("request post failed: " << s);
        return;
    }
    slot.ops.Posted(kOpSend);
}

void
RdmaStorageClient::HandleCompletion(const NdkResultEx& r)
{
    const uint64_t kind = r.requestContext >> 56;
    const uint32_t ci = static_cast<uint32_t>((r.requestContext >> 32) & 0xFFFFFF);
    const uint32_t index = static_cast<uint32_t>(r.requestContext & 0xFFFFFFFF);
    if (ci >= m_conns.size())
    {
        return;
    }
    Conn& c = m_conns[ci];
    const uint32_t qpn = c.qp->GetQpNumber();
    switch (kind)
    {
    case kRegister: {
        Slot& slot = c.slots[index];
        if (slot.ops.Completed(kOpRegister))
        {
            RecordOp(r, qpn, slot.length, slot.startPs);
        }
        if (r.status == NdkStatus::SUCCESS)
        {
            slot.bound = true;
            slot.createdPs = NowPs();
        }
        break;
    }
    case kSend: {
        Slot& slot = c.slots[index];
        if (slot.ops.Completed(kOpSend))
        {
            RecordOp(r, qpn, sizeof(RdmaStorageRequest), slot.startPs);
        }
        slot.sent = true;
        if (r.status != NdkStatus::SUCCESS)
        {
            slot.replied = true; // no reply will come on a failed connection
            slot.replyStatus = r.status;
        }
        MaybeFinish(ci, index);
        break;
    }
    case kRecv: {
        const bool invalidated = r.type == NdkOperationType::ReceiveAndInvalidate;
        RecordOp(r, qpn, r.bytesTransferred, c.recvPostPs[index], invalidated);
        if (r.status != NdkStatus::SUCCESS)
        {
            return;
        }
        RdmaStorageReply reply;
        m_adapter->GetHostMemory()->Read(c.ctrl + uint64_t{index} * kCtrlSlot,
                                         reinterpret_cast<uint8_t*>(&reply),
                                         sizeof(reply));
        PostReceive(ci, index);
        if (reply.magic != RdmaStorageReply().magic || reply.ioId >= c.slots.size() ||
            !c.slots[reply.ioId].busy)
        {
            ++m_invalidationErrors;
            return;
        }
        const uint32_t si = reply.ioId;
        Slot& slot = c.slots[si];
        slot.replied = true;
        slot.replyStatus = static_cast<NdkStatus>(reply.status);
        // The server must have revoked exactly this I/O's token, before the completion.
        const NdkKeyEntry* e = m_adapter->GetKeyTable().Lookup(slot.token);
        const bool dead = (e == nullptr || !e->valid) && (!slot.mw || !slot.mw->IsBound());
        if (invalidated && r.typeSpecificCompletionOutput == slot.token && dead)
        {
            slot.remote = true;
            slot.invalidatedPs = NowPs();
            ++m_remoteInvalidations;
        }
        else
        {
            ++m_invalidationErrors;
            if (!dead)
            {
                // Never leave the buffer exposed: revoke it locally.
                slot.invalidatedPs = NowPs();
                const NdkStatus s = m_fastRegister
                                        ? c.qp->Invalidate(Ctx(kInvalidate, ci, si), slot.frMr, 0)
                                        : c.qp->Invalidate(Ctx(kInvalidate, ci, si), slot.mw, 0);
                if (s == NdkStatus::SUCCESS)
                {
                    // Kept apart: the next I/O of the slot may start before it completes.
                    slot.ops.Posted(kOpInvalidate);
                    slot.invalidatePostPs = slot.invalidatedPs;
                    slot.invalidateLength = slot.length;
                }
                else
                {
                    NS_LOG_WARN("invalidate post failed: " << s);
                }
            }
        }
        MaybeFinish(ci, si);
        break;
    }
    case kInvalidate: {
        Slot& slot = c.slots[index];
        if (slot.ops.Completed(kOpInvalidate))
        {
            RecordOp(r, qpn, slot.invalidateLength, slot.invalidatePostPs);
        }
        break;
    }
    default:
        break;
    }
}

void
RdmaStorageClient::MaybeFinish(uint32_t ci, uint32_t si)
{
    Conn& c = m_conns[ci];
    Slot& slot = c.slots[si];
    if (!slot.busy || !slot.sent || !slot.replied)
    {
        return;
    }
    slot.busy = false;
    --m_inFlight;
    const bool ok = slot.replyStatus == NdkStatus::SUCCESS && slot.remote;
    ReportToken(slot);
    if (ok)
    {
        ++m_ios;
        (slot.write ? m_bytesWritten : m_bytesRead) += slot.length;
        if (m_verify && !slot.write)
        {
            m_verifyErrors += CountPatternErrors(m_adapter->GetHostMemory(),
                                                 slot.buffer,
                                                 slot.offset,
                                                 slot.length);
        }
    }
    else
    {
        ++m_iosFailed;
    }
    ScheduleNext(ci, si);
}

void
RdmaStorageClient::ReportToken(Slot& slot)
{
    if (slot.createdPs == RDMA_APP_NEVER || slot.reported)
    {
        return;
    }
    slot.reported = true;
    RdmaTokenRecord t;
    t.host = GetHostId();
    t.token = slot.token;
    t.kind = m_fastRegister ? RdmaTokenKind::FastRegisterMr : RdmaTokenKind::MemoryWindow;
    t.createdPs = slot.createdPs;
    t.rights = slot.rights;
    t.address = slot.buffer;
    t.length = slot.length;
    // Before the reply the owner does not know whether the server used the token.
    t.uses = slot.replied && slot.replyStatus == NdkStatus::SUCCESS ? 1 : 0;
    t.invalidatedPs = slot.invalidatedPs;
    t.how = slot.remote ? RdmaInvalidation::Remote
                        : (slot.invalidatedPs != RDMA_APP_NEVER ? RdmaInvalidation::Local
                                                                : RdmaInvalidation::Never);
    t.lifetimePs =
        slot.invalidatedPs != RDMA_APP_NEVER ? slot.invalidatedPs - slot.createdPs : RDMA_APP_NEVER;
    RecordToken(t);
}

void
RdmaStorageClient::ReportUnfinished()
{
    // The slot stays busy: if the run goes on, MaybeFinish ends the I/O without a second record,
    // and the completions of the requests reported here find them marked in slot.ops.
    const NdkOperationType reg =
        m_fastRegister ? NdkOperationType::FastRegister : NdkOperationType::Bind;
    for (Conn& c : m_conns)
    {
        for (Slot& slot : c.slots)
        {
            if (slot.busy)
            {
                ReportToken(slot);
            }
            const uint8_t open = slot.ops.TakeUnreported();
            if (open == 0)
            {
                continue;
            }
            const uint32_t qpn = c.qp->GetQpNumber();
            // The Bind / FR and the Send were posted together when the I/O started.
            if (open & kOpRegister)
            {
                RecordPendingOp(qpn, reg, slot.length, slot.startPs);
            }
            if (open & kOpSend)
            {
                RecordPendingOp(qpn,
                                NdkOperationType::Send,
                                sizeof(RdmaStorageRequest),
                                slot.startPs);
            }
            if (open & kOpInvalidate)
            {
                RecordPendingOp(qpn,
                                NdkOperationType::Invalidate,
                                slot.invalidateLength,
                                slot.invalidatePostPs);
            }
        }
    }
}

void
RdmaStorageClient::ScheduleNext(uint32_t ci, uint32_t si)
{
    if (!m_running)
    {
        return;
    }
    const double think = std::max(0.0, m_thinkTime->GetValue());
    m_conns[ci].slots[si].next =
        Simulator::Schedule(Seconds(think), &RdmaStorageClient::StartIo, this, ci, si);
}

} // namespace ns3
