/*
 * rdma-apps-tokens: KV reads through a long-lived token, token churn at a set rate, and an
 * attacker whose every attempt the victim rejects with the right reason.
 */

#include "suites/rdma-apps-test-util.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/ndk-host-memory.h"
#include "ns3/rdma-attacker.h"
#include "ns3/rdma-kv-client.h"
#include "ns3/rdma-kv-server.h"
#include "ns3/rdma-token-churn.h"
#include "ns3/rdma-violation-recorder.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <map>

using namespace ns3;
using namespace ns3::rdmaappstest;

namespace
{

class KvTestCase : public TestCase
{
  public:
    KvTestCase(double rate)
        : TestCase(rate > 0 ? "KV reads at a Poisson rate return the right bytes"
                            : "KV reads closed loop return the right bytes"),
          m_rate(rate)
    {
    }

  private:
    void DoRun() override
    {
        AppFabric fabric(3);
        Ptr<RdmaViolationRecorder> violations = CreateObject<RdmaViolationRecorder>();
        violations->AttachAll();
        Ptr<RdmaKvServer> server = CreateObject<RdmaKvServer>();
        server->SetAttribute("TableSize", UintegerValue(256 << 10));
        server->SetAttribute("ValueSize", UintegerValue(2048));
        server->SetAttribute("Verify", BooleanValue(true));
        fabric.HostNode(2)->AddApplication(server);
        std::vector<Ptr<RdmaKvClient>> clients;
        Records rec;
        for (uint32_t i = 0; i < 2; ++i)
        {
            Ptr<RdmaKvClient> c = CreateObject<RdmaKvClient>();
            c->SetAttribute("Remote", Ipv4AddressValue(fabric.Address(2)));
            c->SetAttribute("QueueDepth", UintegerValue(4));
            c->SetAttribute("RequestRate", DoubleValue(m_rate));
            c->SetAttribute("ValueSize",
                            StringValue("ns3::UniformRandomVariable[Min=16|Max=2048]"));
            c->SetAttribute("MaxRequests", UintegerValue(300));
            c->SetAttribute("Verify", BooleanValue(true));
            c->AssignStreams(200 + 10 * i);
            c->SetStartTime(MicroSeconds(1));
            fabric.HostNode(i)->AddApplication(c);
            rec.Watch(c);
            clients.push_back(c);
        }
        Records srec;
        srec.Watch(server);
        server->SetStopTime(MilliSeconds(20));
        Simulator::Stop(MilliSeconds(25));
        Simulator::Run();
        for (auto& c : clients)
        {
            NS_TEST_EXPECT_MSG_EQ(c->GetReads(), 300, "all reads done");
            NS_TEST_EXPECT_MSG_EQ(c->GetFailed(), 0, "no failed read");
            NS_TEST_EXPECT_MSG_EQ(c->GetVerifyErrors(), 0, "values are the table's bytes");
            NS_TEST_EXPECT_MSG_GT(c->GetBytes(), 300 * 16, "bytes read");
        }
        NS_TEST_EXPECT_MSG_EQ(rec.CountOps(NdkOperationType::Read), 600, "600 read records");
        NS_TEST_EXPECT_MSG_EQ(violations->GetCount(), 0, "no violation");
        NS_TEST_ASSERT_MSG_EQ(srec.tokens.size(), 1, "one long-lived token, reported at stop");
        if (srec.tokens.empty())
        {
            return;
        }
        NS_TEST_EXPECT_MSG_EQ(srec.tokens[0].kind, RdmaTokenKind::LongLivedMr, "kind");
        NS_TEST_EXPECT_MSG_EQ(srec.tokens[0].how, RdmaInvalidation::Never, "still valid");
        NS_TEST_EXPECT_MSG_EQ(srec.tokens[0].token, server->GetToken(), "the table's token");
    }

    double m_rate;
};

class ChurnTestCase : public TestCase
{
  public:
    ChurnTestCase()
        : TestCase("token churn binds and invalidates at the set rate")
    {
    }

  private:
    void DoRun() override
    {
        AppFabric fabric(2, false);
        const double rate = 2e6;
        const Time stop = MilliSeconds(1);
        std::vector<Ptr<RdmaTokenChurn>> apps;
        Records rec;
        for (uint32_t i = 0; i < 2; ++i)
        {
            Ptr<RdmaTokenChurn> c = CreateObject<RdmaTokenChurn>();
            c->SetAttribute("Remote", Ipv4AddressValue(fabric.Address(1 - i)));
            c->SetAttribute("Rate", DoubleValue(rate));
            c->SetAttribute("Lifetime", StringValue("ns3::ConstantRandomVariable[Constant=2e-6]"));
            c->AssignStreams(300 + 10 * i);
            c->SetStopTime(stop);
            fabric.HostNode(i)->AddApplication(c);
            rec.Watch(c);
            apps.push_back(c);
        }
        Simulator::Stop(MilliSeconds(2));
        Simulator::Run();
        for (auto& c : apps)
        {
            // The churn starts once connected (a few microseconds after 0).
            const double binds = static_cast<double>(c->GetBinds());
            std::cout << "churn binds " << binds << " expected ~" << rate * stop.GetSeconds()
                      << " skipped " << c->GetSkipped() << std::endl;
            NS_TEST_EXPECT_MSG_EQ_TOL(binds,
                                      rate * stop.GetSeconds(),
                                      0.1 * rate * stop.GetSeconds(),
                                      "bind rate");
            NS_TEST_EXPECT_MSG_EQ(c->GetInvalidations(), c->GetBinds(), "each invalidated");
            NS_TEST_EXPECT_MSG_EQ(c->GetSkipped(), 0, "pool never ran dry");
        }
        NS_TEST_EXPECT_MSG_EQ(rec.tokens.size(),
                              apps[0]->GetBinds() + apps[1]->GetBinds(),
                              "records");
        for (const RdmaTokenRecord& t : rec.tokens)
        {
            NS_TEST_EXPECT_MSG_EQ(t.how, RdmaInvalidation::Local, "local invalidation");
            NS_TEST_EXPECT_MSG_GT_OR_EQ(t.lifetimePs, MicroSeconds(2).GetPicoSeconds(), "lifetime");
            NS_TEST_EXPECT_MSG_LT(t.lifetimePs, MicroSeconds(4).GetPicoSeconds(), "lifetime");
        }
    }
};

class AttackerTestCase : public TestCase
{
  public:
    AttackerTestCase()
        : TestCase("attacker: every attempt rejected with the right reason, data unchanged")
    {
    }

  private:
    void DoRun() override
    {
        AppFabric fabric(2);
        Ptr<RdmaViolationRecorder> violations = CreateObject<RdmaViolationRecorder>();
        violations->AttachAll();
        // Victim: the KV service (re-registered every 50 us) and a second service in its own PD.
        Ptr<RdmaKvServer> victim = CreateObject<RdmaKvServer>();
        victim->SetAttribute("TableSize", UintegerValue(64 << 10));
        victim->SetAttribute("AllowRemoteWrite", BooleanValue(true));
        victim->SetAttribute("Verify", BooleanValue(true));
        victim->SetAttribute("TokenRotation", TimeValue(MicroSeconds(50)));
        fabric.HostNode(1)->AddApplication(victim);
        Ptr<RdmaKvServer> other = CreateObject<RdmaKvServer>();
        other->SetAttribute("Port", UintegerValue(7001));
        fabric.HostNode(1)->AddApplication(other);

        Ptr<RdmaAttacker> attacker = CreateObject<RdmaAttacker>();
        attacker->SetAttribute("Remote", Ipv4AddressValue(fabric.Address(1)));
        attacker->SetAttribute("WrongPdPort", UintegerValue(7001));
        attacker->SetAttribute("Rounds", UintegerValue(4));
        attacker->SetStartTime(MicroSeconds(1));
        fabric.HostNode(0)->AddApplication(attacker);
        std::vector<RdmaAttackRecord> attempts;
        attacker->TraceConnectWithoutContext(
            "AttemptCompleted",
            Callback<void, const RdmaAttackRecord&>(
                [&attempts](const RdmaAttackRecord& r) { attempts.push_back(r); }));

        Simulator::Schedule(MicroSeconds(1), [&]() {
            m_digest = fabric.hosts[1].memory->Digest(victim->GetTableAddress(), 64 << 10);
        });
        Simulator::Stop(MilliSeconds(2));
        Simulator::Run();

        NS_TEST_EXPECT_MSG_EQ(fabric.hosts[1].memory->Digest(victim->GetTableAddress(), 64 << 10),
                              m_digest,
                              "victim table unchanged");
        NS_TEST_EXPECT_MSG_EQ(RdmaApp::CountPatternErrors(fabric.hosts[1].memory,
                                                          victim->GetTableAddress(),
                                                          0,
                                                          64 << 10),
                              0,
                              "victim table still holds its pattern");
        NS_TEST_EXPECT_MSG_EQ(attacker->GetSucceeded(), 0, "nothing granted");
        NS_TEST_EXPECT_MSG_EQ(attacker->GetRejected(), attacker->GetAttempts(), "all rejected");
        std::map<RdmaAttackKind, uint32_t> perKind;
        for (const RdmaAttackRecord& a : attempts)
        {
            ++perKind[a.kind];
            NS_TEST_EXPECT_MSG_EQ(a.status,
                                  NdkStatus::ACCESS_VIOLATION,
                                  "requester status " << a.kind);
        }
        std::cout << "attempts " << attempts.size() << " stale "
                  << perKind[RdmaAttackKind::StaleToken] << " violations " << violations->GetCount()
                  << std::endl;
        NS_TEST_EXPECT_MSG_GT(perKind[RdmaAttackKind::StaleToken], 0, "stale tried");
        NS_TEST_EXPECT_MSG_EQ(perKind[RdmaAttackKind::ForgedToken], 4, "forged tried");
        NS_TEST_EXPECT_MSG_EQ(perKind[RdmaAttackKind::WrongPd], 4, "wrong PD tried");
        NS_TEST_EXPECT_MSG_EQ(perKind[RdmaAttackKind::PrivilegedToken], 4, "privileged tried");
        NS_TEST_EXPECT_MSG_EQ(perKind[RdmaAttackKind::OutOfRange], 4, "out of range tried");

        // The victim saw each attempt, in order, with the reason of its kind.
        NS_TEST_ASSERT_MSG_EQ(violations->GetRecords().size(),
                              attempts.size(),
                              "one violation each");
        if (violations->GetRecords().size() != attempts.size())
        {
            return;
        }
        for (size_t i = 0; i < attempts.size(); ++i)
        {
            const RdmaViolationRecord& v = violations->GetRecords()[i];
            const RdmaAttackRecord& a = attempts[i];
            NdkAccessFault want = NdkAccessFault::None;
            switch (a.kind)
            {
            case RdmaAttackKind::StaleToken:
            case RdmaAttackKind::ForgedToken:
                want = NdkAccessFault::KeyMismatch;
                break;
            case RdmaAttackKind::WrongPd:
                want = NdkAccessFault::PdMismatch;
                break;
            case RdmaAttackKind::PrivilegedToken:
                want = NdkAccessFault::PrivilegedToken;
                break;
            case RdmaAttackKind::OutOfRange:
                want = NdkAccessFault::OutOfRange;
                break;
            }
            NS_TEST_EXPECT_MSG_EQ(static_cast<int>(v.reason),
                                  static_cast<int>(want),
                                  "reason of " << a.kind << ": " << NdkAccessFaultName(v.reason));
            NS_TEST_EXPECT_MSG_EQ(v.token, a.token, "token presented");
            NS_TEST_EXPECT_MSG_EQ(v.responder, a.victim, "responder");
            NS_TEST_EXPECT_MSG_EQ(v.requester, a.host, "requester");
            NS_TEST_EXPECT_MSG_EQ(static_cast<int>(v.op),
                                  static_cast<int>(a.op == NdkOperationType::Read
                                                       ? NdkRemoteOp::Read
                                                       : NdkRemoteOp::Write),
                                  "op");
        }
    }

    uint64_t m_digest{0};
};

class RdmaAppsTokensTestSuite : public TestSuite
{
  public:
    RdmaAppsTokensTestSuite()
        : TestSuite("rdma-apps-tokens", UNIT)
    {
        AddTestCase(new KvTestCase(0), TestCase::QUICK);
        AddTestCase(new KvTestCase(2e5), TestCase::QUICK);
        AddTestCase(new ChurnTestCase(), TestCase::QUICK);
        AddTestCase(new AttackerTestCase(), TestCase::QUICK);
    }
};

RdmaAppsTokensTestSuite g_rdmaAppsTokensTestSuite;

} // namespace
