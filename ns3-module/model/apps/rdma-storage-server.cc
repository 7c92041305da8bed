#include "rdma-storage-server.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/ndk-cq.h"
#include "ns3/ndk-host-memory.h"
#include "ns3/ndk-mr.h"
#include "ns3/ndk-pd.h"
#include "ns3/ndk-qp.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RdmaStorageServer");
NS_OBJECT_ENSURE_REGISTERED(RdmaStorageServer);

namespace
{
// Request contexts: kind in the top byte, connection in bits 32-55, slot / task below.
enum : uint64_t
{
    kRecv = 1,
    kData = 2,
    kReply = 3,
};

constexpr uint64_t
Ctx(uint64_t kind, uint64_t conn, uint64_t index)
{
    return (kind << 56) | (conn << 32) | index;
}

constexpr uint32_t kCtrlSlot = 64;

// A task's work requests in flight (Task::ops).
constexpr uint8_t kOpData = 1;
constexpr uint8_t kOpReply = 2;
} // namespace

TypeId
RdmaStorageServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RdmaStorageServer")
            .SetParent<RdmaApp>()
            .SetGroupName("Ndksim")
            .AddConstructor<RdmaStorageServer>()
            .AddAttribute("Port",
                          "ND port the server listens on.",
                          UintegerValue(445),
                          MakeUintegerAccessor(&RdmaStorageServer::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("FileSize",
                          "Bytes of the served file (host memory addressed by privileged token).",
                          UintegerValue(16 << 20),
                          MakeUintegerAccessor(&RdmaStorageServer::m_fileSize),
                          MakeUintegerChecker<uint64_t>(4096))
            .AddAttribute("MaxIoSize",
                          "Largest I/O served (size of each RDMA Read staging buffer).",
                          UintegerValue(1 << 20),
                          MakeUintegerAccessor(&RdmaStorageServer::m_maxIoSize),
                          MakeUintegerChecker<uint64_t>(1))
            .AddAttribute("ReceiveDepth",
                          "Receives kept posted per connection (>= the clients' queue depth).",
                          UintegerValue(64),
                          MakeUintegerAccessor(&RdmaStorageServer::m_receiveDepth),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("Verify",
                          "Fill the file with the data pattern and check the bytes RDMA Reads "
                          "bring in (needs tracked host memory).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&RdmaStorageServer::m_verify),
                          MakeBooleanChecker());
    return tid;
}

RdmaStorageServer::RdmaStorageServer() = default;

RdmaStorageServer::~RdmaStorageServer() = default;

void
RdmaStorageServer::DoDispose()
{
    m_conns.clear();
    m_tasks.clear();
    RdmaApp::DoDispose();
}

void
RdmaStorageServer::StartApplication()
{
    SetupNdk();
    m_running = true;
    Ptr<NdkHostMemory> memory = m_adapter->GetHostMemory();
    m_file = memory->Allocate(m_fileSize);
    if (m_verify)
    {
        FillPattern(memory, m_file, 0, m_fileSize);
    }
    // The privileged token reaches the file through adapter logical addresses: one LAM, built
    // once, no memory registration (SMB Direct servers work this way).
    uint32_t lamSize = 0;
    m_adapter->BuildLam(m_file, m_fileSize, &lamSize, nullptr);
    NdkStatus s = m_adapter->BuildLam(m_file, m_fileSize, &lamSize, &m_fileLam);
    NS_ABORT_MSG_IF(s != NdkStatus::SUCCESS, "BuildLam of the file failed: " << s);
    Listen(m_port, [this](const std::vector<uint8_t>& peer, std::vector<uint8_t>* reply) {
        return Accept(peer, reply);
    });
}

void
RdmaStorageServer::StopApplication()
{
    // Requests already received are still served: their clients' windows must be revoked.
    m_running = false;
}

uint64_t
RdmaStorageServer::Logical(const NdkLam& lam, uint64_t offset) const
{
    // A LAM maps its range onto contiguous logical pages (host address + logical base).
    return lam.adapterPageArray[0] + lam.fbo + offset;
}

Ptr<NdkQp>
RdmaStorageServer::Accept(const std::vector<uint8_t>& /* peer */, std::vector<uint8_t>* /* reply */)
{
    if (!m_running)
    {
        return nullptr;
    }
    const uint32_t index = static_cast<uint32_t>(m_conns.size());
    m_conns.emplace_back();
    Conn& c = m_conns.back();
    // A request may need a data request and a reply in flight: two initiator slots each.
    c.qp = NewQp(index, 2 * m_receiveDepth + 2, m_receiveDepth);
    Ptr<NdkHostMemory> memory = m_adapter->GetHostMemory();
    c.ctrl = memory->Allocate(uint64_t{kCtrlSlot} * m_receiveDepth);
    memory->Track(c.ctrl, uint64_t{kCtrlSlot} * m_receiveDepth);
    m_pd->CreateMr(false, &c.ctrlMr);
    c.ctrlMr->Register(c.ctrl, uint64_t{kCtrlSlot} * m_receiveDepth, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
    c.recvPostPs.assign(m_receiveDepth, 0);
    for (uint32_t i = 0; i < m_receiveDepth; ++i)
    {
        PostReceive(index, i);
    }
    return c.qp;
}

void
RdmaStorageServer::PostReceive(uint32_t conn, uint32_t slot)
{
    Conn& c = m_conns[conn];
    NdkSge sge{c.ctrl + uint64_t{slot} * kCtrlSlot, kCtrlSlot, c.ctrlMr->GetLocalToken()};
    c.recvPostPs[slot] = NowPs();
    NdkStatus s = c.qp->Receive(Ctx(kRecv, conn, slot), &sge, 1);
    if (s != NdkStatus::SUCCESS)
    {
        NS_LOG_WARN("receive post failed on connection " << conn << ": " << s);
    }
}

uint32_t
RdmaStorageServer::NewTask(uint32_t conn)
{
    uint32_t t;
    if (!m_freeTasks.empty())
    {
        t = m_freeTasks.back();
        m_freeTasks.pop_back();
    }
    else
    {
        t = static_cast<uint32_t>(m_tasks.size());
        m_tasks.emplace_back();
        Task& task = m_tasks.back();
        Ptr<NdkHostMemory> memory = m_adapter->GetHostMemory();
        task.reply = memory->Allocate(sizeof(RdmaStorageReply));
        memory->Track(task.reply, sizeof(RdmaStorageReply));
        m_pd->CreateMr(false, &task.replyMr);
        task.replyMr->Register(task.reply, sizeof(RdmaStorageReply), NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
    }
    m_tasks[t].conn = conn;
    return t;
}

void
RdmaStorageServer::HandleCompletion(const NdkResultEx& r)
{
    const uint64_t kind = r.requestContext >> 56;
    const uint32_t conn = static_cast<uint32_t>((r.requestContext >> 32) & 0xFFFFFF);
    const uint32_t index = static_cast<uint32_t>(r.requestContext & 0xFFFFFFFF);
    if (conn >= m_conns.size())
    {
        return;
    }
    Conn& c = m_conns[conn];
    const uint32_t qpn = c.qp->GetQpNumber();
    if (r.status != NdkStatus::SUCCESS)
    {
        ++m_failed;
    }
    switch (kind)
    {
    case kRecv: {
        RecordOp(r, qpn, r.bytesTransferred, c.recvPostPs[index]);
        if (r.status != NdkStatus::SUCCESS)
        {
            return; // flushed: the connection is gone
        }
        RdmaStorageRequest req;
        m_adapter->GetHostMemory()->Read(c.ctrl + uint64_t{index} * kCtrlSlot,
                                         reinterpret_cast<uint8_t*>(&req),
                                         sizeof(req));
        PostReceive(conn, index);
        ++m_requests;
        const uint32_t t = NewTask(conn);
        Task& task = m_tasks[t];
        task.request = req;
        if (req.magic != RdmaStorageRequest().magic || req.length == 0 ||
            req.length > m_maxIoSize || req.offset > m_fileSize - req.length)
        {
            // Still revoke the client's token: it must never outlive the request.
            SendReply(t, NdkStatus::INVALID_PARAMETER);
            return;
        }
        uint32_t privileged = 0;
        m_pd->GetPrivilegedMemoryRegionToken(&privileged);
        task.dataPostPs = NowPs();
        NdkStatus s;
        if (req.write)
        {
            if (task.staging == 0)
            {
                Ptr<NdkHostMemory> memory = m_adapter->GetHostMemory();
                task.staging = memory->Allocate(m_maxIoSize);
                uint32_t lamSize = 0;
                m_adapter->BuildLam(task.staging, m_maxIoSize, &lamSize, nullptr);
                m_adapter->BuildLam(task.staging, m_maxIoSize, &lamSize, &task.stagingLam);
            }
            if (m_verify)
            {
                m_adapter->GetHostMemory()->Fill(task.staging, 0, req.length);
            }
            NdkSge sge{Logical(task.stagingLam, 0), req.length, privileged};
            s = c.qp->Read(Ctx(kData, conn, t), &sge, 1, req.address, req.token, 0);
        }
        else
        {
            NdkSge sge{Logical(m_fileLam, req.offset), req.length, privileged};
            s = c.qp->Write(Ctx(kData, conn, t), &sge, 1, req.address, req.token, 0);
        }
        if (s != NdkStatus::SUCCESS)
        {
            NS_LOG_WARN("data post failed: " << s);
            SendReply(t, s);
            break;
        }
        task.ops.Posted(kOpData);
        if (!req.write)
        {
            // RC ordering places the data before the reply: no need to wait.
            SendReply(t, NdkStatus::SUCCESS);
        }
        break;
    }
    case kData: {
        Task& task = m_tasks[index];
        if (task.ops.Completed(kOpData))
        {
            RecordOp(r, qpn, task.request.length, task.dataPostPs);
        }
        if (task.request.write)
        {
            if (r.status == NdkStatus::SUCCESS)
            {
                m_bytesRead += task.request.length;
                if (m_verify)
                {
                    m_verifyErrors += CountPatternErrors(m_adapter->GetHostMemory(),
                                                         task.staging,
                                                         task.request.offset,
                                                         task.request.length);
                }
            }
            SendReply(index, r.status);
        }
        else if (r.status == NdkStatus::SUCCESS)
        {
            m_bytesWritten += task.request.length;
        }
        break;
    }
    case kReply: {
        Task& task = m_tasks[index];
        if (task.ops.Completed(kOpReply))
        {
            RecordOp(r, qpn, sizeof(RdmaStorageReply), task.replyPostPs, true);
        }
        if (r.status == NdkStatus::SUCCESS)
        {
            ++m_replies;
        }
        m_freeTasks.push_back(index);
        break;
    }
    default:
        break;
    }
}

void
RdmaStorageServer::SendReply(uint32_t t, NdkStatus status)
{
    Task& task = m_tasks[t];
    Conn& c = m_conns[task.conn];
    RdmaStorageReply reply;
    reply.ioId = task.request.ioId;
    reply.status = static_cast<uint32_t>(status);
    m_adapter->GetHostMemory()->Write(task.reply,
                                      reinterpret_cast<const uint8_t*>(&reply),
                                      sizeof(reply));
    NdkSge sge{task.reply, sizeof(reply), task.replyMr->GetLocalToken()};
    task.replyPostPs = NowPs();
    NdkStatus s =
        c.qp->SendAndInvalidate(Ctx(kReply, task.conn, t), &sge, 1, 0, task.request.token);
    if (s != NdkStatus::SUCCESS)
    {
        NS_LOG_WARN("reply post failed: " << s);
        m_freeTasks.push_back(t);
        return;
    }
    task.ops.Posted(kOpReply);
}

void
RdmaStorageServer::ReportUnfinished()
{
    // Task order; the tasks stay as they are: if the run goes on, their completions find the
    // requests reported here marked in task.ops and are not recorded again.
    for (Task& task : m_tasks)
    {
        const uint8_t open = task.ops.TakeUnreported();
        if (open == 0)
        {
            continue;
        }
        const uint32_t qpn = m_conns[task.conn].qp->GetQpNumber();
        if (open & kOpData)
        {
            RecordPendingOp(qpn,
                            task.request.write ? NdkOperationType::Read : NdkOperationType::Write,
                            task.request.length,
                            task.dataPostPs);
        }
        if (open & kOpReply)
        {
            RecordPendingOp(qpn,
                            NdkOperationType::Send,
                            sizeof(RdmaStorageReply),
                            task.replyPostPs,
                            true);
        }
    }
}

} // namespace ns3
