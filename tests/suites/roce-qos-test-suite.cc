/*
 * roce-qos: per-connection traffic classes of RdmaNic (QoS policies by service port, as a
 * Windows NetQos policy matching a NetworkDirect port) — the class of data, read responses and
 * ACKs, the QosPolicies attribute and its parser, strict priority between classes in the NIC's
 * QP scheduler, and a PFC-paused class that holds back no other. Two hosts on one cable.
 */

#include "ndk-fixture.h"

#include "ns3/config.h"
#include "ns3/pfc-pause-header.h"
#include "ns3/roce-opcode.h"
#include "ns3/roce-raw-frame.h"
#include "ns3/string.h"
#include "ns3/test.h"

#include <csignal>
#include <cstdio>
#include <deque>
#include <functional>
#include <map>
#include <sys/wait.h>
#include <unistd.h>

using namespace ns3;
using namespace ns3::ndktest;

namespace
{

/** One connection a -> b on a service port, with its own CQ on each side. */
struct QosConnection
{
    Ptr<NdkCq> clientCq;
    Ptr<NdkCq> serverCq;
    Ptr<NdkQp> client;
    Ptr<NdkQp> server;
    Ptr<NdkConnector> clientConnector;
    Ptr<NdkConnector> serverConnector;
    Ptr<NdkListener> listener;
    bool connected{false};
    std::vector<Time> completions; //!< when the client CQ notified (armed before each post)
};

/**
 * Connect a new QP of a to a new QP of b listening on \p port (a listener of its own) and run
 * until connected. \p c must stay where it is (callbacks keep its address).
 */
void
Connect(NdkPair& p, uint16_t port, QosConnection& c)
{
    QosConnection* cp = &c;
    p.a.adapter->CreateCq(
        256,
        [cp](NdkContext, NdkStatus) { cp->completions.push_back(Simulator::Now()); },
        0,
        &c.clientCq);
    p.b.adapter->CreateCq(256, NdkCqNotificationCallback(), 0, &c.serverCq);
    p.a.pd->CreateQp(c.clientCq, c.clientCq, port, 64, 64, 4, 4, 64, &c.client);
    p.b.pd->CreateQp(c.serverCq, c.serverCq, port, 64, 64, 4, 4, 64, &c.server);
    p.b.adapter->CreateListener(
        [cp](NdkContext, Ptr<NdkConnector> conn) {
            cp->serverConnector = conn;
            conn->Accept(cp->server,
                         8,
                         8,
                         nullptr,
                         0,
                         NdkDisconnectEventCallback(),
                         0,
                         {[](NdkContext, NdkStatus) {}, 0});
        },
        0,
        &c.listener);
    c.listener->Listen(InetSocketAddress(Ipv4Address("10.0.0.2"), port));
    p.a.adapter->CreateConnector(&c.clientConnector);
    NdkConnector* conn = PeekPointer(c.clientConnector); // held by c: no reference cycle
    c.clientConnector->Connect(c.client,
                               InetSocketAddress(Ipv4Address("10.0.0.1"), 0),
                               InetSocketAddress(Ipv4Address("10.0.0.2"), port),
                               8,
                               8,
                               nullptr,
                               0,
                               {[cp, conn](NdkContext, NdkStatus st) {
                                    if (st == NdkStatus::SUCCESS)
                                    {
                                        conn->CompleteConnect(NdkDisconnectEventCallback(), 0);
                                        cp->connected = true;
                                    }
                                },
                                0});
    Simulator::Run();
}

/** Post a Write of \p n bytes a -> b on \p c (request context \p context); no Run. */
void
PostWrite(NdkPair& p, QosConnection& c, uint64_t n, uint64_t context)
{
    const uint64_t src = p.a.memory->Allocate(n);
    const uint64_t dst = p.b.memory->Allocate(n);
    Ptr<NdkMr> srcMr = p.a.Register(src, n, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
    Ptr<NdkMr> dstMr =
        p.b.Register(dst, n, NDK_MR_FLAG_ALLOW_LOCAL_WRITE | NDK_MR_FLAG_ALLOW_REMOTE_WRITE);
    NdkSge sge{src, static_cast<uint32_t>(n), srcMr->GetLocalToken()};
    c.clientCq->Arm(NDK_CQ_NOTIFY_ANY);
    c.client->Write(context, &sge, 1, dst, dstMr->GetRemoteToken(), 0);
}

/** \return every completion status of \p cq */
std::vector<NdkStatus>
Drain(Ptr<NdkCq> cq)
{
    std::vector<NdkStatus> out;
    NdkResultEx r[16];
    uint32_t n;
    while ((n = cq->GetResultsEx(r, 16)) > 0)
    {
        for (uint32_t i = 0; i < n; ++i)
        {
            out.push_back(r[i].status);
        }
    }
    return out;
}

/** Frames a port started sending, by BTH destination QP: how many, and the DSCPs seen. */
struct DscpSniffer
{
    std::map<uint32_t, uint64_t> frames;
    std::map<uint32_t, std::map<uint8_t, uint64_t>> dscps;

    void Sent(Ptr<const Packet> frame)
    {
        uint8_t head[RoceRawFrame::PEEK_BYTES];
        const uint32_t n = RoceRawFrame::Peek(frame, head);
        if (!RoceRawFrame::IsRoceV2(head, n))
        {
            return; // PFC frames
        }
        const uint32_t qpn = RoceRawFrame::GetBthDestQp(head);
        ++frames[qpn];
        ++dscps[qpn][RoceRawFrame::GetDscp(head)];
    }

    /** \return true if every frame to \p qpn had DSCP \p dscp (and there was one) */
    bool OnlyDscp(uint32_t qpn, uint8_t dscp) const
    {
        auto it = dscps.find(qpn);
        return it != dscps.end() && it->second.size() == 1 && it->second.begin()->first == dscp;
    }

    uint64_t Frames(uint32_t qpn) const
    {
        auto it = frames.find(qpn);
        return it == frames.end() ? 0 : it->second;
    }
};

/** \return the record of QP \p qpn among \p nic's records (priority 255 if missing) */
RdmaQpRecord
RecordOf(Ptr<RdmaNic> nic, uint32_t qpn)
{
    for (const RdmaQpRecord& r : nic->GetQpRecords())
    {
        if (r.qpn == qpn)
        {
            return r;
        }
    }
    RdmaQpRecord none;
    none.priority = 255;
    return none;
}

/**
 * Run \p body in a child process; \return true if it died of SIGABRT with \p expected in its
 * standard error (NS_ABORT_MSG ends the process, so it cannot be caught in this one).
 */
template <typename F>
bool
AbortsWith(F body, const std::string& expected, std::string& stderrText)
{
    std::fflush(stdout);
    std::fflush(stderr);
    int fds[2];
    if (pipe(fds) != 0)
    {
        return false;
    }
    const pid_t pid = fork();
    if (pid == 0)
    {
        close(fds[0]);
        dup2(fds[1], STDERR_FILENO);
        body();
        _exit(0); // did not abort
    }
    close(fds[1]);
    char buffer[512];
    ssize_t got;
    while ((got = read(fds[0], buffer, sizeof(buffer))) > 0)
    {
        stderrText.append(buffer, static_cast<std::size_t>(got));
    }
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT &&
           stderrText.find(expected) != std::string::npos;
}

} // namespace

/**
 * A policy for port 445 puts that connection's Write data, Read responses and ACKs/NAKs on
 * priority 5 with DSCP 42 in both directions (the passive side picks it from its REP); a
 * connection on port 10001 (no policy) keeps Priority 3 / Dscp 26.
 */
class RoceQosClassTestCase : public TestCase
{
  public:
    RoceQosClassTestCase()
        : TestCase("policy for port 445: data, read responses and ACKs at priority 5 and DSCP 42; "
                   "another port keeps 3 and 26")
    {
    }

  private:
    void DoRun() override
    {
        // Declared before the pair: they must outlive it (closing the adapters sends CM).
        DscpSniffer fromA;
        DscpSniffer fromB;
        std::deque<QosConnection> c(2);
        NdkPair p(NdkTestTransport::Roce, 16, 256, false);
        p.a.nic->AddQosPolicy(445, 5, 42);
        p.b.nic->AddQosPolicy(445, 5, 42);
        p.a.port->TraceConnectWithoutContext("PhyTxBegin",
                                             MakeCallback(&DscpSniffer::Sent, &fromA));
        p.b.port->TraceConnectWithoutContext("PhyTxBegin",
                                             MakeCallback(&DscpSniffer::Sent, &fromB));
        Connect(p, 445, c[0]);
        Connect(p, 10001, c[1]);
        NS_TEST_ASSERT_MSG_EQ((c[0].connected && c[1].connected), true, "both connected");

        const uint32_t aQos = c[0].client->GetQpNumber();
        const uint32_t bQos = c[0].server->GetQpNumber();
        const uint32_t aPlain = c[1].client->GetQpNumber();
        const uint32_t bPlain = c[1].server->GetQpNumber();
        NS_TEST_EXPECT_MSG_EQ(+p.a.nic->GetRcQp(aQos)->GetPriority(), 5, "active side class");
        NS_TEST_EXPECT_MSG_EQ(+p.a.nic->GetRcQp(aQos)->GetDscp(), 42, "active side DSCP");
        NS_TEST_EXPECT_MSG_EQ(+p.b.nic->GetRcQp(bQos)->GetPriority(), 5, "passive side class");
        NS_TEST_EXPECT_MSG_EQ(+p.a.nic->GetRcQp(aPlain)->GetPriority(), 3, "no policy: default");
        NS_TEST_EXPECT_MSG_EQ(+p.b.nic->GetRcQp(bPlain)->GetDscp(), 26, "no policy: default");

        const auto before = std::make_pair(p.a.port->GetStats(), p.b.port->GetStats());
        // Writes on both; on the policy connection a Read then a Write, so that the Write's
        // ACK waits behind the read responses (the held-ACK path, SendAckTo).
        PostWrite(p, c[0], 100000, 1);
        PostWrite(p, c[1], 100000, 2);
        const uint64_t n = 64 * 1024;
        const uint64_t remote = p.b.memory->Allocate(n);
        Ptr<NdkMr> remoteMr =
            p.b.Register(remote,
                         n,
                         NDK_MR_FLAG_ALLOW_LOCAL_WRITE | NDK_MR_FLAG_ALLOW_REMOTE_READ |
                             NDK_MR_FLAG_ALLOW_REMOTE_WRITE);
        const uint64_t local = p.a.memory->Allocate(n + 1024);
        Ptr<NdkMr> localMr = p.a.Register(local, n + 1024, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
        NdkSge sink{local, static_cast<uint32_t>(n), localMr->GetLocalToken()};
        NdkSge src{local + n, 1024, localMr->GetLocalToken()};
        c[0].client->Read(3, &sink, 1, remote, remoteMr->GetRemoteToken(), 0);
        c[0].client->Write(4, &src, 1, remote, remoteMr->GetRemoteToken(), 0);
        Simulator::Run();

        const std::vector<NdkStatus> done0 = Drain(c[0].clientCq);
        const std::vector<NdkStatus> done1 = Drain(c[1].clientCq);
        NS_TEST_ASSERT_MSG_EQ(done0.size(), 3, "three completions on the policy connection");
        NS_TEST_ASSERT_MSG_EQ(done1.size(), 1, "one on the other");
        for (NdkStatus s : done0)
        {
            NS_TEST_EXPECT_MSG_EQ(s, NdkStatus::SUCCESS, "policy connection request");
        }
        NS_TEST_EXPECT_MSG_EQ(done1[0], NdkStatus::SUCCESS, "plain connection write");

        // DSCP on the wire: every frame of a connection, each way.
        NS_TEST_EXPECT_MSG_EQ(fromA.OnlyDscp(bQos, 42), true, "a -> b requests at DSCP 42");
        NS_TEST_EXPECT_MSG_EQ(fromB.OnlyDscp(aQos, 42),
                              true,
                              "b -> a read responses and ACKs at DSCP 42");
        NS_TEST_EXPECT_MSG_EQ(fromA.OnlyDscp(bPlain, 26), true, "a -> b plain data at DSCP 26");
        NS_TEST_EXPECT_MSG_EQ(fromB.OnlyDscp(aPlain, 26), true, "b -> a plain ACKs at DSCP 26");
        NS_TEST_EXPECT_MSG_GT(fromA.Frames(bQos), 98, "the 100000-byte write's 98 frames + more");
        NS_TEST_EXPECT_MSG_GT(fromB.Frames(aQos), 64, "64 read responses and ACKs");

        // Priority on the port: the frames counted per priority are exactly each connection's.
        const RoceNetDevice::Stats sa = p.a.port->GetStats();
        const RoceNetDevice::Stats sb = p.b.port->GetStats();
        NS_TEST_EXPECT_MSG_EQ(sa.txFrames[5] - before.first.txFrames[5],
                              fromA.Frames(bQos),
                              "a's priority-5 frames are the policy connection's");
        NS_TEST_EXPECT_MSG_EQ(sb.txFrames[5] - before.second.txFrames[5],
                              fromB.Frames(aQos),
                              "b's priority-5 frames are the policy connection's");
        NS_TEST_EXPECT_MSG_EQ(sa.txFrames[3] - before.first.txFrames[3],
                              fromA.Frames(bPlain),
                              "a's priority-3 frames are the plain connection's");
        NS_TEST_EXPECT_MSG_EQ(sb.txFrames[3] - before.second.txFrames[3],
                              fromB.Frames(aPlain),
                              "b's priority-3 frames are the plain connection's");

        // Results report each QP's class.
        NS_TEST_EXPECT_MSG_EQ(+RecordOf(p.a.nic, aQos).priority, 5, "record: policy QP");
        NS_TEST_EXPECT_MSG_EQ(+RecordOf(p.b.nic, bQos).priority, 5, "record: passive QP");
        NS_TEST_EXPECT_MSG_EQ(+RecordOf(p.a.nic, aPlain).priority, 3, "record: plain QP");
    }
};

/** The QosPolicies attribute: parse, print back, defaults, and bad entries abort. */
class RoceQosAttributeTestCase : public TestCase
{
  public:
    RoceQosAttributeTestCase()
        : TestCase("QosPolicies parses, prints back, and aborts on a bad entry")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<RdmaQosPolicy> v;
        std::string bad;
        NS_TEST_ASSERT_MSG_EQ(RdmaNic::ParseQosPolicies(" 445=5 , 10001 = 2/18,,7=0", v, bad),
                              true,
                              "valid string");
        NS_TEST_ASSERT_MSG_EQ(v.size(), 3, "three entries");
        NS_TEST_EXPECT_MSG_EQ(v[0].port, 445, "port");
        NS_TEST_EXPECT_MSG_EQ(+v[0].priority, 5, "priority");
        NS_TEST_EXPECT_MSG_EQ(+v[0].dscp, 42, "DSCP left out: priority * 8 + 2");
        NS_TEST_EXPECT_MSG_EQ(v[1].port, 10001, "port");
        NS_TEST_EXPECT_MSG_EQ(+v[1].priority, 2, "priority");
        NS_TEST_EXPECT_MSG_EQ(+v[1].dscp, 18, "DSCP given");
        NS_TEST_EXPECT_MSG_EQ(+v[2].dscp, 2, "priority 0: DSCP 2");
        v.clear();
        NS_TEST_EXPECT_MSG_EQ(RdmaNic::ParseQosPolicies("", v, bad), true, "empty string");
        NS_TEST_EXPECT_MSG_EQ(v.size(), 0, "no policy");
        for (const char* wrong : {"445=8",
                                  "445=3/64",
                                  "70000=1",
                                  "-1=1",
                                  "445=-1",
                                  "445",
                                  "445=",
                                  "445=3/",
                                  "445=3x",
                                  "445:3",
                                  "port=3"})
        {
            bad.clear();
            v.clear();
            NS_TEST_EXPECT_MSG_EQ(RdmaNic::ParseQosPolicies(std::string("1=1,") + wrong, v, bad),
                                  false,
                                  "'" << wrong << "' refused");
            NS_TEST_EXPECT_MSG_EQ(bad, wrong, "the bad entry is named");
        }

        Ptr<RdmaNic> nic = CreateObject<RdmaNic>();
        StringValue s;
        nic->GetAttribute("QosPolicies", s);
        NS_TEST_EXPECT_MSG_EQ(s.Get(), "", "no policy by default");
        nic->SetAttribute("QosPolicies", StringValue("10001=2/18, 445=5"));
        nic->GetAttribute("QosPolicies", s);
        NS_TEST_EXPECT_MSG_EQ(s.Get(), "445=5/42,10001=2/18", "printed back by port, full form");
        nic->AddQosPolicy(4791, 7, 63);
        nic->AddQosPolicy(445, 1, 10); // replaces
        nic->GetAttribute("QosPolicies", s);
        NS_TEST_EXPECT_MSG_EQ(s.Get(), "445=1/10,4791=7/63,10001=2/18", "added and replaced");
        NS_TEST_EXPECT_MSG_EQ(nic->GetQosPolicyTable().size(), 3, "table");
        nic->SetAttribute("QosPolicies", StringValue("80=4"));
        nic->GetAttribute("QosPolicies", s);
        NS_TEST_EXPECT_MSG_EQ(s.Get(), "80=4/34", "setting the attribute replaces the table");

        Config::SetDefault("ns3::RdmaNic::QosPolicies", StringValue("445=6"));
        Ptr<RdmaNic> configured = CreateObject<RdmaNic>();
        configured->GetAttribute("QosPolicies", s);
        NS_TEST_EXPECT_MSG_EQ(s.Get(), "445=6/50", "through Config::SetDefault");
        Config::Reset();

        std::string err;
        NS_TEST_EXPECT_MSG_EQ(
            AbortsWith([nic]() { nic->SetAttribute("QosPolicies", StringValue("445=5,99=9")); },
                       "bad entry '99=9'",
                       err),
            true,
            "a bad attribute string aborts naming the entry; stderr: " << err);
        err.clear();
        NS_TEST_EXPECT_MSG_EQ(AbortsWith([nic]() { nic->AddQosPolicy(445, 8, 26); },
                                         "port 445 priority 8 DSCP 26",
                                         err),
                              true,
                              "AddQosPolicy aborts on priority 8; stderr: " << err);
        err.clear();
        NS_TEST_EXPECT_MSG_EQ(AbortsWith([nic]() { nic->AddQosPolicy(445, 3, 64); },
                                         "port 445 priority 3 DSCP 64",
                                         err),
                              true,
                              "AddQosPolicy aborts on DSCP 64; stderr: " << err);
        nic->Dispose();
        configured->Dispose();
        Simulator::Destroy();
    }
};

/**
 * Two QPs of one NIC, on priorities 1 (posted first) and 5 (policies through the attribute),
 * both start a 4 MiB Write at once: the priority-5 Write ends as if alone (within 1 %), the
 * priority-1 Write after both (round robin would end both at about twice that).
 */
class RoceQosStrictPriorityTestCase : public TestCase
{
  public:
    RoceQosStrictPriorityTestCase()
        : TestCase("strict priority: the priority-5 write of two completes first, as if alone")
    {
    }

  private:
    static constexpr uint64_t BYTES = 4ULL << 20;

    /** Run the writes; \return the (post -> completion) times, priority 1 first (0 if none). */
    std::pair<Time, Time> Run(bool withLow)
    {
        std::deque<QosConnection> c(2); // outlives the pair (CQ callbacks point into it)
        Config::SetDefault("ns3::RdmaNic::QosPolicies", StringValue("445=5,10001=1"));
        NdkPair p(NdkTestTransport::Roce, 16, 256, false);
        Config::Reset();
        for (NdkSide* s : {&p.a, &p.b})
        {
            s->memory->SetAttribute("TrackContents", BooleanValue(false));
        }
        Connect(p, 10001, c[0]);
        Connect(p, 445, c[1]);
        NS_TEST_EXPECT_MSG_EQ(+p.a.nic->GetRcQp(c[0].client->GetQpNumber())->GetPriority(),
                              1,
                              "QP on 10001");
        NS_TEST_EXPECT_MSG_EQ(+p.a.nic->GetRcQp(c[1].client->GetQpNumber())->GetPriority(),
                              5,
                              "QP on 445");
        const Time posted = Simulator::Now();
        if (withLow)
        {
            PostWrite(p, c[0], BYTES, 1);
        }
        PostWrite(p, c[1], BYTES, 2);
        Simulator::Run();
        for (QosConnection& k : c)
        {
            for (NdkStatus st : Drain(k.clientCq))
            {
                NS_TEST_EXPECT_MSG_EQ(st, NdkStatus::SUCCESS, "write completes");
            }
        }
        auto took = [posted](const QosConnection& k) {
            return k.completions.empty() ? Time(0) : k.completions.front() - posted;
        };
        return {took(c[0]), took(c[1])};
    }

    void DoRun() override
    {
        const Time alone = Run(false).second;
        const auto [low, high] = Run(true);
        NS_TEST_ASSERT_MSG_GT(alone, MicroSeconds(300), "a 4 MiB write takes > 300 us alone");
        NS_TEST_EXPECT_MSG_GT(low, high, "the priority-5 write completes first");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(high.GetPicoSeconds(),
                                    alone.GetPicoSeconds() * 101 / 100,
                                    "priority 5 (" << high.As(Time::US) << ") near its time alone ("
                                                   << alone.As(Time::US) << ")");
        NS_TEST_EXPECT_MSG_GT(low.GetPicoSeconds(),
                              alone.GetPicoSeconds() * 19 / 10,
                              "priority 1 (" << low.As(Time::US) << ") waits for it");
    }
};

/**
 * Host a's port has priority 5 paused by a PFC frame from b (65535 quanta, ~335 us at
 * 100 Gb/s). QP A (port 445, priority 5) and QP B (port 10001, priority 1) both post a Write:
 * B's completes during the pause while A has sent nothing; A's completes after the resume.
 */
class RoceQosPauseIsolationTestCase : public TestCase
{
  public:
    RoceQosPauseIsolationTestCase()
        : TestCase("a PFC-paused class does not block another class of the same NIC")
    {
    }

  private:
    void DoRun() override
    {
        std::deque<QosConnection> c(2); // outlives the pair (CQ callbacks point into it)
        NdkPair p(NdkTestTransport::Roce, 16, 256, false);
        for (NdkSide* s : {&p.a, &p.b})
        {
            s->memory->SetAttribute("TrackContents", BooleanValue(false));
            s->nic->SetAttribute("QosPolicies", StringValue("445=5,10001=1"));
        }
        Connect(p, 445, c[0]);
        Connect(p, 10001, c[1]);
        NS_TEST_ASSERT_MSG_EQ((c[0].connected && c[1].connected), true, "both connected");

        const Time start = Simulator::Now();
        p.b.port->SendPause(5, 0xFFFF);
        // Pause frame on the wire and the cable: received well within 2 us.
        const Time pauseEnd =
            start + MicroSeconds(2) + PfcPauseHeader::QuantaToTime(0xFFFF, p.a.port->GetDataRate());
        const uint64_t sentAt5 = p.a.port->GetStats().txFrames[5];
        uint64_t sentAt5DuringB = UINT64_MAX;
        bool pausedWhenBDone = false;
        Simulator::Schedule(MicroSeconds(5), [&]() {
            NS_TEST_EXPECT_MSG_EQ(p.a.port->IsPaused(5), true, "priority 5 paused at a");
            PostWrite(p, c[0], 1 << 20, 1);
            PostWrite(p, c[1], 1 << 20, 2);
        });
        // Watch QP B's completion (its CQ notifies): what had A sent at priority 5 by then?
        QosConnection* b = &c[1];
        std::function<void()> watch;
        watch = [&]() {
            if (!b->completions.empty())
            {
                sentAt5DuringB = p.a.port->GetStats().txFrames[5] - sentAt5;
                pausedWhenBDone = p.a.port->IsPaused(5);
                return;
            }
            Simulator::Schedule(NanoSeconds(100), watch);
        };
        Simulator::Schedule(MicroSeconds(5), watch);
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(c[0].completions.size(), 1, "QP A's write completes");
        NS_TEST_ASSERT_MSG_EQ(c[1].completions.size(), 1, "QP B's write completes");
        const std::vector<NdkStatus> doneA = Drain(c[0].clientCq);
        const std::vector<NdkStatus> doneB = Drain(c[1].clientCq);
        NS_TEST_ASSERT_MSG_EQ((doneA.size() == 1 && doneB.size() == 1), true, "one each");
        NS_TEST_EXPECT_MSG_EQ(doneA[0], NdkStatus::SUCCESS, "QP A");
        NS_TEST_EXPECT_MSG_EQ(doneB[0], NdkStatus::SUCCESS, "QP B");
        NS_TEST_EXPECT_MSG_LT(c[1].completions[0],
                              start + MicroSeconds(200),
                              "QP B (priority 1) runs at line rate during the pause");
        NS_TEST_EXPECT_MSG_EQ(pausedWhenBDone, true, "priority 5 still paused then");
        NS_TEST_EXPECT_MSG_EQ(sentAt5DuringB, 0, "and QP A had sent nothing");
        NS_TEST_EXPECT_MSG_GT(c[0].completions[0],
                              pauseEnd - MicroSeconds(2),
                              "QP A completes after the resume");
        NS_TEST_EXPECT_MSG_EQ(p.a.port->GetStats().pauseFramesReceived[5], 1, "one pause frame");
        NS_TEST_EXPECT_MSG_EQ(p.a.nic->GetTotalStats().retransmits, 0, "nothing resent");
    }
};

/** The roce-qos suite. */
class RoceQosTestSuite : public TestSuite
{
  public:
    RoceQosTestSuite()
        : TestSuite("roce-qos", UNIT)
    {
        AddTestCase(new RoceQosClassTestCase, TestCase::QUICK);
        AddTestCase(new RoceQosAttributeTestCase, TestCase::QUICK);
        AddTestCase(new RoceQosStrictPriorityTestCase, TestCase::QUICK);
        AddTestCase(new RoceQosPauseIsolationTestCase, TestCase::QUICK);
    }
};

static RoceQosTestSuite g_roceQosTestSuite;
