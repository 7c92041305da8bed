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
#include <set>
#include <tuple>

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

/**
 * Token churn stopped (Simulator::Stop) while windows are bound: ReportUnfinished reports each
 * bound window once, Never; records = binds. It also reports every Bind and Invalidate posted
 * and not completed once, PENDING: exactly the posts the NDK layer has not completed. The run
 * then goes on: the reported windows are invalidated and the reported work requests complete
 * without a second record.
 */
class ChurnUnfinishedTestCase : public AppsTestCase
{
  public:
    ChurnUnfinishedTestCase()
        : AppsTestCase("token churn: windows and work requests open when the run stops are "
                       "reported at the end")
    {
    }

  private:
    void DoRun() override
    {
        AppFabric fabric(2, false);
        std::vector<Ptr<RdmaTokenChurn>> apps;
        Records rec;
        Records perApp[2];
        for (uint32_t i = 0; i < 2; ++i)
        {
            Ptr<RdmaTokenChurn> c = CreateObject<RdmaTokenChurn>();
            c->SetAttribute("Remote", Ipv4AddressValue(fabric.Address(1 - i)));
            c->SetAttribute("Rate", DoubleValue(1e6));
            c->SetAttribute("Lifetime", StringValue("ns3::ConstantRandomVariable[Constant=2e-5]"));
            c->AssignStreams(500 + 10 * i);
            c->SetStopTime(MicroSeconds(150)); // after the first end of the run
            fabric.HostNode(i)->AddApplication(c);
            rec.Watch(c);
            perApp[i].Watch(c);
            apps.push_back(c);
        }
        // End the run at about 100 us, at an instant where a Bind or an Invalidate (a quarter of
        // a microsecond each) is in flight.
        Simulator::Stop(MicroSeconds(100));
        Simulator::Run();
        while (CountPosts(fabric.hosts[0].adapter).outstanding +
                       CountPosts(fabric.hosts[1].adapter).outstanding ==
                   0 &&
               Simulator::Now() < MicroSeconds(110))
        {
            Simulator::Stop(NanoSeconds(50));
            Simulator::Run();
        }
        const int64_t endPs = Simulator::Now().GetPicoSeconds();
        const size_t duringRun = rec.tokens.size();
        size_t opsBefore[2] = {perApp[0].ops.size(), perApp[1].ops.size()};
        for (auto& c : apps)
        {
            c->ReportUnfinished();
        }
        const size_t atEnd = rec.tokens.size() - duringRun;
        const uint64_t binds = apps[0]->GetBinds() + apps[1]->GetBinds();
        const uint64_t invalidations = apps[0]->GetInvalidations() + apps[1]->GetInvalidations();
        uint64_t pendingOps[2];
        for (uint32_t i = 0; i < 2; ++i)
        {
            const std::string who = "churn " + std::to_string(i);
            pendingOps[i] = CheckOpsAtEnd(perApp[i],
                                          fabric.hosts[i].adapter,
                                          fabric.HostNode(i)->GetId(),
                                          opsBefore[i],
                                          who);
            for (size_t j = opsBefore[i]; j < perApp[i].ops.size(); ++j)
            {
                const RdmaOpRecord& r = perApp[i].ops[j];
                NS_TEST_EXPECT_MSG_EQ(
                    (r.type == NdkOperationType::Bind || r.type == NdkOperationType::Invalidate),
                    true,
                    who << ": a Bind or an Invalidate");
                NS_TEST_EXPECT_MSG_EQ(r.bytes, 4096, who << ": the window's bytes");
            }
        }
        std::cout << GetName() << ": end " << endPs << " ps, binds " << binds << " invalidated "
                  << duringRun << " open at the end " << atEnd << "; work requests open at the end "
                  << pendingOps[0] + pendingOps[1] << std::endl;
        NS_TEST_EXPECT_MSG_GT(pendingOps[0] + pendingOps[1], 0, "work requests open at the end");
        NS_TEST_EXPECT_MSG_GT(duringRun, 0, "windows invalidated during the run");
        NS_TEST_EXPECT_MSG_GT(atEnd, 0, "windows bound when the run stopped");
        NS_TEST_EXPECT_MSG_EQ(duringRun, invalidations, "one record per invalidation");
        NS_TEST_EXPECT_MSG_EQ(duringRun + atEnd,
                              binds,
                              "invalidated + reported at the end = binds");
        for (size_t i = 0; i < rec.tokens.size(); ++i)
        {
            const RdmaTokenRecord& t = rec.tokens[i];
            if (i < duringRun)
            {
                NS_TEST_EXPECT_MSG_EQ(t.how, RdmaInvalidation::Local, "invalidated locally");
                continue;
            }
            NS_TEST_EXPECT_MSG_EQ(t.how, RdmaInvalidation::Never, "still valid");
            NS_TEST_EXPECT_MSG_EQ(t.invalidatedPs, RDMA_APP_NEVER, "no invalidation time");
            NS_TEST_EXPECT_MSG_EQ(t.lifetimePs, RDMA_APP_NEVER, "no lifetime");
            NS_TEST_EXPECT_MSG_GT(t.createdPs,
                                  endPs - MicroSeconds(21).GetPicoSeconds(),
                                  "bound less than a lifetime ago");
        }
        const size_t opsAtEnd = rec.ops.size();
        for (auto& c : apps)
        {
            c->ReportUnfinished();
        }
        NS_TEST_EXPECT_MSG_EQ(rec.tokens.size(), duringRun + atEnd, "a second call adds nothing");
        NS_TEST_EXPECT_MSG_EQ(rec.ops.size(), opsAtEnd, "a second call adds no op");

        // The run goes on: the reported windows expire and are invalidated unreported.
        Simulator::Stop(MilliSeconds(1));
        Simulator::Run();
        for (uint32_t i = 0; i < 2; ++i)
        {
            opsBefore[i] = perApp[i].ops.size();
            apps[i]->ReportUnfinished();
            NS_TEST_EXPECT_MSG_EQ(apps[i]->GetInvalidations(),
                                  apps[i]->GetBinds(),
                                  "each invalidated");
            // Nothing open now; the requests reported PENDING completed without a record.
            CheckOpsAtEnd(perApp[i],
                          fabric.hosts[i].adapter,
                          fabric.HostNode(i)->GetId(),
                          opsBefore[i],
                          "churn " + std::to_string(i) + ", later");
            NS_TEST_EXPECT_MSG_EQ(perApp[i].CountPending(), pendingOps[i], "PENDING once");
        }
        NS_TEST_EXPECT_MSG_EQ(rec.tokens.size(),
                              apps[0]->GetBinds() + apps[1]->GetBinds(),
                              "one record per bind");
        std::set<std::tuple<uint32_t, uint32_t, int64_t>> seen;
        for (const RdmaTokenRecord& t : rec.tokens)
        {
            seen.insert({t.host, t.token, t.createdPs});
        }
        NS_TEST_EXPECT_MSG_EQ(seen.size(), rec.tokens.size(), "no token reported twice");
    }
};

/**
 * The attacker's victim (a KV server rotating its token every 50 us) when the run stops
 * (Simulator::Stop) between 120 and 140 us, while an attempt is in flight: ReportUnfinished
 * reports its live token once, and the attacker's Read or Write in flight once, PENDING (the
 * victim posts nothing). The run then goes on: the rotation at 150 us kills the reported token
 * without a second record, StopApplication at 170 us reports the new one, ReportUnfinished after
 * it reports nothing, and the attempt reported PENDING completes without a second record.
 */
class KvUnfinishedTestCase : public AppsTestCase
{
  public:
    KvUnfinishedTestCase()
        : AppsTestCase("KV victim: the live token is reported once at the end or at stop")
    {
    }

  private:
    void DoRun() override
    {
        AppFabric fabric(2);
        Ptr<RdmaKvServer> victim = CreateObject<RdmaKvServer>();
        victim->SetAttribute("TableSize", UintegerValue(64 << 10));
        victim->SetAttribute("TokenRotation", TimeValue(MicroSeconds(50)));
        victim->SetStopTime(MicroSeconds(170));
        fabric.HostNode(1)->AddApplication(victim);
        Ptr<RdmaAttacker> attacker = CreateObject<RdmaAttacker>();
        attacker->SetAttribute("Remote", Ipv4AddressValue(fabric.Address(1)));
        attacker->SetAttribute("Rounds", UintegerValue(100));
        attacker->SetStartTime(MicroSeconds(1));
        fabric.HostNode(0)->AddApplication(attacker);
        Records vrec;
        vrec.Watch(victim);
        Records arec;
        arec.Watch(attacker);

        // End the run after 120 us, at an instant where an attempt is in flight (before 140 us).
        Simulator::Stop(MicroSeconds(120));
        Simulator::Run();
        while (CountPosts(fabric.hosts[0].adapter).outstanding == 0 &&
               Simulator::Now() < MicroSeconds(140))
        {
            Simulator::Stop(NanoSeconds(50));
            Simulator::Run();
        }
        NS_TEST_EXPECT_MSG_EQ(vrec.tokens.size(), 2, "two rotations during the run");
        size_t victimOps = vrec.ops.size();
        size_t attackerOps = arec.ops.size();
        victim->ReportUnfinished();
        attacker->ReportUnfinished();
        // The victim posts nothing; the attacker's attempt in flight is PENDING.
        CheckOpsAtEnd(vrec,
                      fabric.hosts[1].adapter,
                      fabric.HostNode(1)->GetId(),
                      victimOps,
                      "victim");
        NS_TEST_EXPECT_MSG_EQ(vrec.ops.size(), 0, "the victim posts nothing");
        const uint64_t attackerPending = CheckOpsAtEnd(arec,
                                                       fabric.hosts[0].adapter,
                                                       fabric.HostNode(0)->GetId(),
                                                       attackerOps,
                                                       "attacker");
        NS_TEST_EXPECT_MSG_EQ(attackerPending, 1, "the attempt in flight");
        for (size_t i = attackerOps; i < arec.ops.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ((arec.ops[i].type == NdkOperationType::Read ||
                                   arec.ops[i].type == NdkOperationType::Write),
                                  true,
                                  "an attempt's Read or Write");
            NS_TEST_EXPECT_MSG_EQ(arec.ops[i].bytes, 64, "the attempt's length");
        }
        attackerOps = arec.ops.size();
        attacker->ReportUnfinished();
        NS_TEST_EXPECT_MSG_EQ(arec.ops.size(), attackerOps, "a second call adds no op");
        NS_TEST_ASSERT_MSG_EQ(vrec.tokens.size(), 3, "the live token reported at the end");
        if (vrec.tokens.size() != 3)
        {
            return;
        }
        const RdmaTokenRecord& live = vrec.tokens[2];
        NS_TEST_EXPECT_MSG_EQ(live.how, RdmaInvalidation::Never, "still valid");
        NS_TEST_EXPECT_MSG_EQ(live.invalidatedPs, RDMA_APP_NEVER, "no invalidation time");
        NS_TEST_EXPECT_MSG_EQ(live.lifetimePs, RDMA_APP_NEVER, "no lifetime");
        NS_TEST_EXPECT_MSG_EQ(live.createdPs, MicroSeconds(100).GetPicoSeconds(), "registered");
        NS_TEST_EXPECT_MSG_EQ(live.token, victim->GetToken(), "the table's token");
        victim->ReportUnfinished();
        NS_TEST_EXPECT_MSG_EQ(vrec.tokens.size(), 3, "a second call adds nothing");
        NS_TEST_EXPECT_MSG_GT(attacker->GetAttempts(), 0, "the attacker attacked");
        NS_TEST_EXPECT_MSG_EQ(arec.tokens.size(), 0, "the attacker holds no token");

        // The run goes on past the next rotation and the victim's StopApplication.
        Simulator::Stop(MicroSeconds(200));
        Simulator::Run();
        victimOps = vrec.ops.size();
        attackerOps = arec.ops.size();
        victim->ReportUnfinished();
        attacker->ReportUnfinished();
        CheckOpsAtEnd(vrec,
                      fabric.hosts[1].adapter,
                      fabric.HostNode(1)->GetId(),
                      victimOps,
                      "victim");
        CheckOpsAtEnd(arec,
                      fabric.hosts[0].adapter,
                      fabric.HostNode(0)->GetId(),
                      attackerOps,
                      "attacker, later");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(arec.CountPending(),
                                    attackerPending + 1,
                                    "the first end's PENDING record once");
        NS_TEST_ASSERT_MSG_EQ(vrec.tokens.size(), 4, "one record per registration");
        if (vrec.tokens.size() != 4)
        {
            return;
        }
        const RdmaInvalidation how[] = {RdmaInvalidation::Deregistered,
                                        RdmaInvalidation::Deregistered,
                                        RdmaInvalidation::Never,
                                        RdmaInvalidation::Never};
        const int64_t created[] = {0, 50, 100, 150};
        std::set<uint32_t> tokens;
        for (uint32_t i = 0; i < 4; ++i)
        {
            const RdmaTokenRecord& t = vrec.tokens[i];
            tokens.insert(t.token);
            NS_TEST_EXPECT_MSG_EQ(t.how, how[i], "how, record " << i);
            NS_TEST_EXPECT_MSG_EQ(t.kind, RdmaTokenKind::LongLivedMr, "kind");
            NS_TEST_EXPECT_MSG_EQ(t.createdPs,
                                  MicroSeconds(created[i]).GetPicoSeconds(),
                                  "registered, record " << i);
        }
        NS_TEST_EXPECT_MSG_EQ(tokens.size(), 4, "four tokens, each once");
        NS_TEST_EXPECT_MSG_EQ(vrec.tokens[3].token, victim->GetToken(), "the table's token");
        NS_TEST_EXPECT_MSG_EQ(arec.tokens.size(), 0, "the attacker holds no token");
    }
};

/**
 * KV clients (closed loop, 4 reads in flight each) when the run stops (Simulator::Stop) in the
 * middle of their reads: ReportUnfinished reports every Read in flight once, PENDING (its post
 * time, bytes and QP), exactly the posts the NDK layer has not completed; the server posts
 * nothing. The run then goes on: the reported reads complete without a second record, and the
 * clients finish their reads.
 */
class KvClientUnfinishedTestCase : public AppsTestCase
{
  public:
    KvClientUnfinishedTestCase()
        : AppsTestCase("KV client: reads in flight when the run stops are reported at the end")
    {
    }

  private:
    void DoRun() override
    {
        AppFabric fabric(3);
        Ptr<RdmaKvServer> server = CreateObject<RdmaKvServer>();
        server->SetAttribute("TableSize", UintegerValue(256 << 10));
        server->SetAttribute("ValueSize", UintegerValue(2048));
        fabric.HostNode(2)->AddApplication(server);
        std::vector<Ptr<RdmaKvClient>> clients;
        Records rec[2];
        for (uint32_t i = 0; i < 2; ++i)
        {
            Ptr<RdmaKvClient> c = CreateObject<RdmaKvClient>();
            c->SetAttribute("Remote", Ipv4AddressValue(fabric.Address(2)));
            c->SetAttribute("QueueDepth", UintegerValue(4));
            c->SetAttribute("ValueSize",
                            StringValue("ns3::UniformRandomVariable[Min=16|Max=2048]"));
            c->SetAttribute("MaxRequests", UintegerValue(300));
            c->AssignStreams(600 + 10 * i);
            c->SetStartTime(MicroSeconds(1));
            fabric.HostNode(i)->AddApplication(c);
            rec[i].Watch(c);
            clients.push_back(c);
        }
        Records srec;
        srec.Watch(server);

        Simulator::Stop(MicroSeconds(40));
        Simulator::Run();
        size_t before[2];
        uint64_t pending[2];
        for (uint32_t i = 0; i < 2; ++i)
        {
            before[i] = rec[i].ops.size();
            clients[i]->ReportUnfinished();
            const std::string who = "client " + std::to_string(i);
            pending[i] = CheckOpsAtEnd(rec[i],
                                       fabric.hosts[i].adapter,
                                       fabric.HostNode(i)->GetId(),
                                       before[i],
                                       who);
            std::cout << GetName() << ": " << who << " reads " << clients[i]->GetReads()
                      << " in flight at the end " << pending[i] << std::endl;
            NS_TEST_EXPECT_MSG_GT(clients[i]->GetReads(), 0, who << ": reads done in the run");
            NS_TEST_EXPECT_MSG_EQ(pending[i], 4, who << ": the queue depth in flight");
            for (size_t j = before[i]; j < rec[i].ops.size(); ++j)
            {
                const RdmaOpRecord& r = rec[i].ops[j];
                NS_TEST_EXPECT_MSG_EQ(r.type, NdkOperationType::Read, who << ": a Read");
                NS_TEST_EXPECT_MSG_EQ((r.bytes >= 16 && r.bytes <= 2048), true, who << ": GET");
            }
            before[i] = rec[i].ops.size();
            clients[i]->ReportUnfinished();
            NS_TEST_EXPECT_MSG_EQ(rec[i].ops.size(),
                                  before[i],
                                  who << ": a second call adds nothing");
        }
        server->ReportUnfinished();
        CheckOpsAtEnd(srec, fabric.hosts[2].adapter, fabric.HostNode(2)->GetId(), 0, "server");
        NS_TEST_EXPECT_MSG_EQ(srec.ops.size(), 0, "the server posts nothing");

        // The run goes on: every client finishes its reads, the reported ones without a record.
        Simulator::Stop(MilliSeconds(20));
        Simulator::Run();
        for (uint32_t i = 0; i < 2; ++i)
        {
            const std::string who = "client " + std::to_string(i) + ", later";
            before[i] = rec[i].ops.size();
            clients[i]->ReportUnfinished();
            NS_TEST_EXPECT_MSG_EQ(clients[i]->GetReads(), 300, who << ": all reads done");
            NS_TEST_EXPECT_MSG_EQ(clients[i]->GetFailed(), 0, who << ": no failed read");
            CheckOpsAtEnd(rec[i],
                          fabric.hosts[i].adapter,
                          fabric.HostNode(i)->GetId(),
                          before[i],
                          who);
            NS_TEST_EXPECT_MSG_EQ(rec[i].ops.size(), 300, who << ": one record per read");
            NS_TEST_EXPECT_MSG_EQ(rec[i].CountPending(), pending[i], who << ": PENDING once");
        }
    }
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
        AddTestCase(new ChurnUnfinishedTestCase(), TestCase::QUICK);
        AddTestCase(new KvUnfinishedTestCase(), TestCase::QUICK);
        AddTestCase(new KvClientUnfinishedTestCase(), TestCase::QUICK);
    }
};

RdmaAppsTokensTestSuite g_rdmaAppsTokensTestSuite;

} // namespace
