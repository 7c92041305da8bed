#include "rdma-kv-server.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/ndk-adapter.h"
#include "ns3/ndk-host-memory.h"
#include "ns3/ndk-mr.h"
#include "ns3/ndk-pd.h"
#include "ns3/ndk-qp.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RdmaKvServer");
NS_OBJECT_ENSURE_REGISTERED(RdmaKvServer);

TypeId
RdmaKvServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::RdmaKvServer")
            .SetParent<RdmaApp>()
            .SetGroupName("Ndksim")
            .AddConstructor<RdmaKvServer>()
            .AddAttribute("Port",
                          "ND port the server listens on.",
                          UintegerValue(7000),
                          MakeUintegerAccessor(&RdmaKvServer::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("TableSize",
                          "Bytes of the table.",
                          UintegerValue(1 << 20),
                          MakeUintegerAccessor(&RdmaKvServer::m_tableSize),
                          MakeUintegerChecker<uint64_t>(1))
            .AddAttribute("ValueSize",
                          "Bytes per key slot (keys = TableSize / ValueSize).",
                          UintegerValue(4096),
                          MakeUintegerAccessor(&RdmaKvServer::m_valueSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("AllowRemoteWrite",
                          "Grant remote write on the table too.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&RdmaKvServer::m_allowWrite),
                          MakeBooleanChecker())
            .AddAttribute("Verify",
                          "Fill the table with the data pattern (tracked host memory).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&RdmaKvServer::m_verify),
                          MakeBooleanChecker())
            .AddAttribute("TokenRotation",
                          "Re-register the table at this period (0: never).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&RdmaKvServer::m_rotation),
                          MakeTimeChecker());
    return tid;
}

RdmaKvServer::RdmaKvServer() = default;

RdmaKvServer::~RdmaKvServer() = default;

uint32_t
RdmaKvServer::GetToken() const
{
    return m_mr ? m_mr->GetRemoteToken() : 0;
}

void
RdmaKvServer::DoDispose()
{
    m_rotateEvent.Cancel();
    m_qps.clear();
    m_mr = nullptr;
    RdmaApp::DoDispose();
}

void
RdmaKvServer::StartApplication()
{
    SetupNdk();
    m_running = true;
    Ptr<NdkHostMemory> memory = m_adapter->GetHostMemory();
    m_table = memory->Allocate(m_tableSize);
    if (m_verify)
    {
        FillPattern(memory, m_table, 0, m_tableSize);
    }
    m_pd->CreateMr(false, &m_mr);
    Register();
    Listen(m_port, [this](const std::vector<uint8_t>&, std::vector<uint8_t>* reply) {
        if (!m_running)
        {
            return Ptr<NdkQp>();
        }
        // Readers only read: one receive and a small initiator queue are enough.
        Ptr<NdkQp> qp = NewQp(static_cast<NdkContext>(m_qps.size()), 1, 1);
        m_qps.push_back(qp);
        RdmaKvTableInfo info{m_table, m_tableSize, m_mr->GetRemoteToken(), m_valueSize};
        reply->resize(sizeof(info));
        std::memcpy(reply->data(), &info, sizeof(info));
        return qp;
    });
    if (m_rotation.IsStrictlyPositive())
    {
        m_rotateEvent = Simulator::Schedule(m_rotation, &RdmaKvServer::Rotate, this);
    }
}

void
RdmaKvServer::Register()
{
    m_rights = NDK_MR_FLAG_ALLOW_LOCAL_WRITE | NDK_MR_FLAG_ALLOW_REMOTE_READ |
               (m_allowWrite ? NDK_MR_FLAG_ALLOW_REMOTE_WRITE : 0);
    NdkStatus s = m_mr->Register(m_table, m_tableSize, m_rights);
    NS_ABORT_MSG_IF(s != NdkStatus::SUCCESS, "table registration failed: " << s);
    m_registeredPs = NowPs();
    m_reported = false;
}

void
RdmaKvServer::Retire(RdmaInvalidation how)
{
    // One record per registration: a token reported still valid (at stop, or at the end of a
    // run that then went on) is not reported again when a rotation kills it.
    if (m_reported || !m_mr || !m_mr->IsRegistered())
    {
        return;
    }
    m_reported = true;
    RecordRegionToken(m_mr, m_registeredPs, m_rights, m_table, m_tableSize, how);
}

void
RdmaKvServer::Rotate()
{
    Retire(RdmaInvalidation::Deregistered);
    m_mr->Deregister();
    Register();
    m_rotateEvent = Simulator::Schedule(m_rotation, &RdmaKvServer::Rotate, this);
}

void
RdmaKvServer::StopApplication()
{
    m_running = false;
    m_rotateEvent.Cancel();
    Retire(RdmaInvalidation::Never);
}

void
RdmaKvServer::ReportUnfinished()
{
    Retire(RdmaInvalidation::Never);
}

void
RdmaKvServer::HandleCompletion(const NdkResultEx& /* result */)
{
    // The server posts nothing: only flushes of its idle QPs can come here.
}

} // namespace ns3
