/*
 * rdma-apps-storage: the storage token flow (bind / fast-register, reads / writes, queue depth)
 * over a RoCE fabric: data moved and verified, every token revoked remotely exactly once, no
 * violations.
 */

#include "suites/rdma-apps-test-util.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/rdma-storage-client.h"
#include "ns3/rdma-storage-server.h"
#include "ns3/rdma-violation-recorder.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <tuple>
#include <vector>

using namespace ns3;
using namespace ns3::rdmaappstest;

namespace
{

class StorageTestCase : public TestCase
{
  public:
    StorageTestCase(bool fastRegister,
                    double readFraction,
                    uint32_t queueDepth,
                    uint32_t connections)
        : TestCase(std::string("storage ") + (fastRegister ? "fast-register" : "bind") +
                   " read fraction " + std::to_string(readFraction) + " qd " +
                   std::to_string(queueDepth) + " connections " + std::to_string(connections)),
          m_fastRegister(fastRegister),
          m_readFraction(readFraction),
          m_queueDepth(queueDepth),
          m_connections(connections)
    {
    }

  private:
    void DoRun() override
    {
        AppFabric fabric(2);
        Ptr<RdmaViolationRecorder> violations = CreateObject<RdmaViolationRecorder>();
        violations->AttachAll();

        Ptr<RdmaStorageServer> server = CreateObject<RdmaStorageServer>();
        server->SetAttribute("FileSize", UintegerValue(1 << 20));
        server->SetAttribute("MaxIoSize", UintegerValue(64 << 10));
        server->SetAttribute("Verify", BooleanValue(true));
        fabric.HostNode(1)->AddApplication(server);

        Ptr<RdmaStorageClient> client = CreateObject<RdmaStorageClient>();
        client->SetAttribute("Remote", Ipv4AddressValue(fabric.Address(1)));
        client->SetAttribute("Connections", UintegerValue(m_connections));
        client->SetAttribute("QueueDepth", UintegerValue(m_queueDepth));
        client->SetAttribute("FileSize", UintegerValue(1 << 20));
        client->SetAttribute("MaxIoSize", UintegerValue(64 << 10));
        client->SetAttribute("IoSize",
                             StringValue("ns3::UniformRandomVariable[Min=512|Max=65536]"));
        client->SetAttribute("ReadFraction", DoubleValue(m_readFraction));
        client->SetAttribute("UseFastRegister", BooleanValue(m_fastRegister));
        client->SetAttribute("MaxIos", UintegerValue(200));
        client->SetAttribute("Verify", BooleanValue(true));
        client->AssignStreams(100);
        fabric.HostNode(0)->AddApplication(client);
        server->SetStartTime(Seconds(0));
        client->SetStartTime(MicroSeconds(1));

        Records rec;
        rec.Watch(client);
        Records srec;
        srec.Watch(server);

        Simulator::Stop(MilliSeconds(50));
        Simulator::Run();

        std::cout << GetName() << ": ios " << client->GetIosCompleted() << " read B "
                  << client->GetBytesRead() << " written B " << client->GetBytesWritten()
                  << " remote invalidations " << client->GetRemoteInvalidations()
                  << " max in flight " << client->GetMaxInFlight() << " end "
                  << Simulator::Now().GetMicroSeconds() << " us" << std::endl;
        NS_TEST_EXPECT_MSG_EQ(client->GetIosCompleted(), 200, "every I/O completed");
        NS_TEST_EXPECT_MSG_EQ(client->GetIosFailed(), 0, "no I/O failed");
        NS_TEST_EXPECT_MSG_EQ(client->GetVerifyErrors(), 0, "read data is the file's");
        NS_TEST_EXPECT_MSG_EQ(server->GetVerifyErrors(), 0, "written data is the client's");
        NS_TEST_EXPECT_MSG_EQ(client->GetBytesRead(), server->GetBytesWritten(), "read bytes");
        NS_TEST_EXPECT_MSG_EQ(client->GetBytesWritten(), server->GetBytesRead(), "write bytes");
        if (m_readFraction > 0)
        {
            NS_TEST_EXPECT_MSG_GT(client->GetBytesRead(), 0, "reads moved data");
        }
        if (m_readFraction < 1)
        {
            NS_TEST_EXPECT_MSG_GT(client->GetBytesWritten(), 0, "writes moved data");
        }
        NS_TEST_EXPECT_MSG_EQ(client->GetRemoteInvalidations(), 200, "200 remote invalidations");
        NS_TEST_EXPECT_MSG_EQ(client->GetInvalidationErrors(), 0, "no missing invalidation");
        NS_TEST_EXPECT_MSG_EQ(server->GetRepliesSent(), 200, "200 send-and-invalidate replies");
        NS_TEST_EXPECT_MSG_EQ(violations->GetCount(), 0, "no violation");
        if (m_queueDepth * m_connections > 1)
        {
            NS_TEST_EXPECT_MSG_GT(client->GetMaxInFlight(), 1, "I/Os overlapped");
        }

        // Every token: one record, invalidated remotely, exactly the I/O's rights.
        NS_TEST_ASSERT_MSG_EQ(rec.tokens.size(), 200, "one token record per I/O");
        std::set<std::tuple<uint32_t, uint64_t, int64_t>> seen;
        uint32_t remote = 0;
        for (const RdmaTokenRecord& t : rec.tokens)
        {
            remote += t.how == RdmaInvalidation::Remote;
            seen.insert({t.token, t.address, t.createdPs});
            NS_TEST_EXPECT_MSG_EQ(t.kind,
                                  m_fastRegister ? RdmaTokenKind::FastRegisterMr
                                                 : RdmaTokenKind::MemoryWindow,
                                  "token kind");
            NS_TEST_EXPECT_MSG_EQ(t.uses, 1, "used once");
            NS_TEST_EXPECT_MSG_GT(t.lifetimePs, 0, "positive lifetime");
            NS_TEST_EXPECT_MSG_EQ((t.rights == NDK_OP_FLAG_ALLOW_REMOTE_READ ||
                                   t.rights == NDK_OP_FLAG_ALLOW_REMOTE_WRITE),
                                  true,
                                  "one right only");
            NS_TEST_EXPECT_MSG_EQ((t.length >= 512 && t.length <= 65536), true, "I/O range");
        }
        NS_TEST_EXPECT_MSG_EQ(remote, 200, "all invalidated remotely");
        NS_TEST_EXPECT_MSG_EQ(seen.size(), 200, "no token reported twice");
        // Op records: binds (or FRs), sends, receive-and-invalidates on the client.
        const NdkOperationType reg =
            m_fastRegister ? NdkOperationType::FastRegister : NdkOperationType::Bind;
        NS_TEST_EXPECT_MSG_EQ(rec.CountOps(reg), 200, "one bind/FR per I/O");
        NS_TEST_EXPECT_MSG_EQ(rec.CountOps(NdkOperationType::ReceiveAndInvalidate), 200, "replies");
        NS_TEST_EXPECT_MSG_EQ(rec.CountOps(NdkOperationType::Send, true), 0, "no failed send");
        NS_TEST_EXPECT_MSG_EQ(srec.CountOps(NdkOperationType::Write) +
                                  srec.CountOps(NdkOperationType::Read),
                              200,
                              "one data transfer per I/O");
    }

    bool m_fastRegister;
    double m_readFraction;
    uint32_t m_queueDepth;
    uint32_t m_connections;
};

/**
 * A run stopped (Simulator::Stop) in the middle of the I/Os: ReportUnfinished reports the
 * tokens of the open I/Os once, Never; the records of the run and those of the end are exactly
 * the tokens created (one per successful bind / fast-register). It also reports, on both sides,
 * every work request posted and not completed (client binds / fast-registers, request Sends,
 * invalidations; server Reads, Writes, Send-and-Invalidate replies) once, PENDING, exactly the
 * posts the NDK layer has not completed. The run then goes on: the reported I/Os and work
 * requests end without a second record, and a last ReportUnfinished reports nothing.
 */
class StorageUnfinishedTestCase : public AppsTestCase
{
  public:
    explicit StorageUnfinishedTestCase(bool fastRegister)
        : AppsTestCase(std::string("storage ") + (fastRegister ? "fast-register" : "bind") +
                       " tokens and work requests open when the run stops are reported at the end"),
          m_fastRegister(fastRegister)
    {
    }

  private:
    /** \return the creation times of the tokens: completions of the successful binds / FRs. */
    std::vector<int64_t> Created(const Records& rec) const
    {
        const NdkOperationType reg =
            m_fastRegister ? NdkOperationType::FastRegister : NdkOperationType::Bind;
        std::vector<int64_t> created;
        for (const RdmaOpRecord& r : rec.ops)
        {
            if (r.type == reg && r.status == NdkStatus::SUCCESS)
            {
                created.push_back(r.completionPs);
            }
        }
        std::sort(created.begin(), created.end());
        return created;
    }

    static std::vector<int64_t> CreatedOf(const std::vector<RdmaTokenRecord>& tokens)
    {
        std::vector<int64_t> created;
        for (const RdmaTokenRecord& t : tokens)
        {
            created.push_back(t.createdPs);
        }
        std::sort(created.begin(), created.end());
        return created;
    }

    void DoRun() override
    {
        AppFabric fabric(2);
        Ptr<RdmaViolationRecorder> violations = CreateObject<RdmaViolationRecorder>();
        violations->AttachAll();

        Ptr<RdmaStorageServer> server = CreateObject<RdmaStorageServer>();
        server->SetAttribute("FileSize", UintegerValue(1 << 20));
        server->SetAttribute("MaxIoSize", UintegerValue(64 << 10));
        fabric.HostNode(1)->AddApplication(server);

        Ptr<RdmaStorageClient> client = CreateObject<RdmaStorageClient>();
        client->SetAttribute("Remote", Ipv4AddressValue(fabric.Address(1)));
        client->SetAttribute("Connections", UintegerValue(2));
        client->SetAttribute("QueueDepth", UintegerValue(4));
        client->SetAttribute("FileSize", UintegerValue(1 << 20));
        client->SetAttribute("MaxIoSize", UintegerValue(64 << 10));
        client->SetAttribute("IoSize",
                             StringValue("ns3::UniformRandomVariable[Min=512|Max=65536]"));
        client->SetAttribute("UseFastRegister", BooleanValue(m_fastRegister));
        client->AssignStreams(400);
        fabric.HostNode(0)->AddApplication(client);
        server->SetStartTime(Seconds(0));
        client->SetStartTime(MicroSeconds(1));
        client->SetStopTime(MicroSeconds(300)); // after the first end of the run

        Records rec;
        rec.Watch(client);
        Records srec;
        srec.Watch(server);
        const uint32_t clientNode = fabric.HostNode(0)->GetId();
        const uint32_t serverNode = fabric.HostNode(1)->GetId();

        // The run ends in the middle of the I/Os (StopApplication does not run).
        Simulator::Stop(MicroSeconds(200));
        Simulator::Run();
        const int64_t endPs = Simulator::Now().GetPicoSeconds();
        const size_t duringRun = rec.tokens.size();
        const std::vector<int64_t> createdByRun = Created(rec);
        size_t clientOps = rec.ops.size();
        size_t serverOps = srec.ops.size();
        client->ReportUnfinished();
        server->ReportUnfinished();
        const size_t atEnd = rec.tokens.size() - duringRun;
        const uint64_t clientPending =
            CheckOpsAtEnd(rec, fabric.hosts[0].adapter, clientNode, clientOps, "client");
        const uint64_t serverPending =
            CheckOpsAtEnd(srec, fabric.hosts[1].adapter, serverNode, serverOps, "server");
        std::cout << GetName() << ": tokens created " << createdByRun.size() << " retired "
                  << duringRun << " open at the end " << atEnd << "; work requests open at the end "
                  << clientPending << " client, " << serverPending << " server" << std::endl;
        NS_TEST_EXPECT_MSG_GT(clientPending, 0, "client work requests open at the end");
        NS_TEST_EXPECT_MSG_GT(serverPending, 0, "server work requests open at the end");
        const NdkOperationType reg =
            m_fastRegister ? NdkOperationType::FastRegister : NdkOperationType::Bind;
        for (size_t i = clientOps; i < rec.ops.size(); ++i)
        {
            const RdmaOpRecord& r = rec.ops[i];
            const bool known = (r.type == reg && r.bytes >= 512 && r.bytes <= 65536) ||
                               (r.type == NdkOperationType::Send && !r.withInvalidate &&
                                r.bytes == sizeof(RdmaStorageRequest)) ||
                               r.type == NdkOperationType::Invalidate;
            NS_TEST_EXPECT_MSG_EQ(known, true, "client: a bind / FR, request or invalidation");
        }
        for (size_t i = serverOps; i < srec.ops.size(); ++i)
        {
            const RdmaOpRecord& r = srec.ops[i];
            const bool known =
                ((r.type == NdkOperationType::Read || r.type == NdkOperationType::Write) &&
                 r.bytes >= 512 && r.bytes <= 65536) ||
                (r.type == NdkOperationType::Send && r.withInvalidate &&
                 r.bytes == sizeof(RdmaStorageReply));
            NS_TEST_EXPECT_MSG_EQ(known, true, "server: a data transfer or an S&I reply");
        }
        NS_TEST_EXPECT_MSG_GT(duringRun, 0, "tokens retired during the run");
        NS_TEST_EXPECT_MSG_GT(atEnd, 0, "tokens still bound when the run stopped");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(atEnd, 8, "at most one per slot");
        NS_TEST_EXPECT_MSG_EQ(duringRun + atEnd,
                              createdByRun.size(),
                              "retired + reported at the end = created");
        NS_TEST_EXPECT_MSG_EQ((CreatedOf(rec.tokens) == createdByRun),
                              true,
                              "one record per token created");
        for (size_t i = duringRun; i < rec.tokens.size(); ++i)
        {
            const RdmaTokenRecord& t = rec.tokens[i];
            NS_TEST_EXPECT_MSG_EQ(t.how, RdmaInvalidation::Never, "still valid");
            NS_TEST_EXPECT_MSG_EQ(t.invalidatedPs, RDMA_APP_NEVER, "no invalidation time");
            NS_TEST_EXPECT_MSG_EQ(t.lifetimePs, RDMA_APP_NEVER, "no lifetime");
            NS_TEST_EXPECT_MSG_EQ(t.uses, 0, "no reply seen");
            NS_TEST_EXPECT_MSG_EQ(t.kind,
                                  m_fastRegister ? RdmaTokenKind::FastRegisterMr
                                                 : RdmaTokenKind::MemoryWindow,
                                  "token kind");
            NS_TEST_EXPECT_MSG_LT_OR_EQ(t.createdPs, endPs, "created before the end");
        }
        clientOps = rec.ops.size();
        serverOps = srec.ops.size();
        client->ReportUnfinished();
        server->ReportUnfinished();
        NS_TEST_EXPECT_MSG_EQ(rec.tokens.size(), duringRun + atEnd, "a second call adds nothing");
        NS_TEST_EXPECT_MSG_EQ(rec.ops.size(), clientOps, "a second call adds no client op");
        NS_TEST_EXPECT_MSG_EQ(srec.ops.size(), serverOps, "a second call adds no server op");

        // The simulation goes on: the client stops, the open I/Os end, nothing twice.
        Simulator::Stop(MilliSeconds(5));
        Simulator::Run();
        clientOps = rec.ops.size();
        serverOps = srec.ops.size();
        client->ReportUnfinished();
        server->ReportUnfinished();
        // Everything ended: nothing PENDING now, and the requests reported PENDING at the first
        // end completed without a second record (one record per post).
        CheckOpsAtEnd(rec, fabric.hosts[0].adapter, clientNode, clientOps, "client, later");
        CheckOpsAtEnd(srec, fabric.hosts[1].adapter, serverNode, serverOps, "server, later");
        NS_TEST_EXPECT_MSG_EQ(rec.CountPending(), clientPending, "client PENDING records once");
        NS_TEST_EXPECT_MSG_EQ(srec.CountPending(), serverPending, "server PENDING records once");
        // A bind / FR reported PENDING at the first end completed later without a record: its
        // token's creation time is known from the token record alone.
        const std::vector<int64_t> created = Created(rec);
        uint64_t pendingRegs = 0;
        for (const RdmaOpRecord& r : rec.ops)
        {
            pendingRegs += r.type == reg && r.status == NdkStatus::PENDING;
        }
        NS_TEST_EXPECT_MSG_EQ(client->GetIosCompleted() + client->GetIosFailed(),
                              created.size() + pendingRegs,
                              "every I/O ended");
        NS_TEST_EXPECT_MSG_EQ(client->GetIosFailed(), 0, "no I/O failed");
        NS_TEST_EXPECT_MSG_EQ(rec.tokens.size(),
                              created.size() + pendingRegs,
                              "one record per token");
        const std::vector<int64_t> tokensCreated = CreatedOf(rec.tokens);
        std::vector<int64_t> later;
        std::set_difference(tokensCreated.begin(),
                            tokensCreated.end(),
                            created.begin(),
                            created.end(),
                            std::back_inserter(later));
        NS_TEST_EXPECT_MSG_EQ(later.size(), pendingRegs, "each token once");
        for (int64_t c : later)
        {
            NS_TEST_EXPECT_MSG_GT(c, endPs, "bound after the first end (its bind was PENDING)");
        }
        std::set<std::tuple<uint32_t, uint64_t, int64_t>> seen;
        for (const RdmaTokenRecord& t : rec.tokens)
        {
            seen.insert({t.token, t.address, t.createdPs});
        }
        NS_TEST_EXPECT_MSG_EQ(seen.size(), rec.tokens.size(), "no token reported twice");
        NS_TEST_EXPECT_MSG_EQ(violations->GetCount(), 0, "no violation");
    }

    bool m_fastRegister;
};

class RdmaAppsStorageTestSuite : public TestSuite
{
  public:
    RdmaAppsStorageTestSuite()
        : TestSuite("rdma-apps-storage", UNIT)
    {
        AddTestCase(new StorageTestCase(false, 0.5, 4, 1), TestCase::QUICK);
        AddTestCase(new StorageTestCase(true, 0.5, 4, 1), TestCase::QUICK);
        AddTestCase(new StorageTestCase(false, 1.0, 1, 1), TestCase::QUICK);
        AddTestCase(new StorageTestCase(true, 0.0, 8, 2), TestCase::QUICK);
        AddTestCase(new StorageUnfinishedTestCase(false), TestCase::QUICK);
        AddTestCase(new StorageUnfinishedTestCase(true), TestCase::QUICK);
    }
};

RdmaAppsStorageTestSuite g_rdmaAppsStorageTestSuite;

} // namespace
