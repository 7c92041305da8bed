/*
 * ndk-connection: connection management and object close (SEMANTICS.md 10, 11, 15.2,
 * 15.9, 15.11 E-4/E-6, 16.1 C2/C3).
 */

#include "ndk-test-util.h"

#include <cstring>

namespace ns3
{
using namespace ndktest;

namespace
{

constexpr uint64_t kLen = 8192;

/** A handshake driven step by step by the test. */
struct NdkHandshake
{
    Ptr<NdkListener> listener;
    Ptr<NdkConnector> active;
    Ptr<NdkConnector> passive;
    NdkStatus connectDone{NdkStatus::UNSUCCESSFUL};
    NdkStatus acceptDone{NdkStatus::UNSUCCESSFUL};
    uint32_t passiveEvents{0};
    uint32_t activeEvents{0};

    /** Listen on b:port and send a connect request from a.qp; run until it is delivered. */
    NdkStatus Start(NdkPair& p,
                    uint16_t port,
                    const uint8_t* data,
                    uint32_t length,
                    Ptr<NdkQp> qp = nullptr)
    {
        p.b.adapter->CreateListener([this](NdkContext, Ptr<NdkConnector> c) { passive = c; },
                                    0,
                                    &listener);
        listener->Listen(InetSocketAddress(Ipv4Address("10.0.0.2"), port));
        p.a.adapter->CreateConnector(&active);
        NdkStatus s = active->Connect(qp ? qp : p.a.qp,
                                      InetSocketAddress(Ipv4Address("10.0.0.1"), 0),
                                      InetSocketAddress(Ipv4Address("10.0.0.2"), port),
                                      6,
                                      5,
                                      data,
                                      length,
                                      {[this](NdkContext, NdkStatus st) { connectDone = st; }, 0});
        RunFor(MilliSeconds(1)); // well inside ConnectTimeout: the handshake stays open
        return s;
    }

    NdkStatus Accept(Ptr<NdkQp> qp, const uint8_t* data = nullptr, uint32_t length = 0)
    {
        return passive->Accept(qp,
                               3,
                               7,
                               data,
                               length,
                               [this](NdkContext, uint32_t) { ++passiveEvents; },
                               0,
                               {[this](NdkContext, NdkStatus st) { acceptDone = st; }, 0});
    }

    NdkStatus Complete()
    {
        return active->CompleteConnect([this](NdkContext, uint32_t) { ++activeEvents; }, 0);
    }
};

} // namespace

/** NdkGetConnectionData (10.8), read-limit negotiation (10.9) and private-data limits. */
class NdkConnectionDataTestCase : public NdkTransportTestCase
{
  public:
    NdkConnectionDataTestCase(NdkTestTransport kind)
        : NdkTransportTestCase("connection data: private data protocol, effective read limits",
                               kind)
    {
    }

    void DoRun() override
    {
        NdkPair p(m_kind, 16, 256, false);
        const uint32_t caller = p.a.adapter->GetMaxCallerData();
        const uint32_t callee = p.b.adapter->GetMaxCalleeData();
        NdkHandshake h;
        const uint8_t hello[5] = {'h', 'e', 'l', 'l', 'o'};
        NS_TEST_EXPECT_MSG_EQ(h.Start(p, 1000, hello, 5), NdkStatus::PENDING, "connect pends");
        NS_TEST_ASSERT_MSG_EQ((h.passive != nullptr), true, "request delivered");
        uint32_t ird = 0;
        uint32_t ord = 0;
        uint32_t len = 0;
        NS_TEST_EXPECT_MSG_EQ(h.passive->GetConnectionData(&ird, &ord, nullptr, &len),
                              NdkStatus::SUCCESS,
                              "size probe");
        NS_TEST_EXPECT_MSG_EQ(len, caller, "RDS = MaxCallerData");
        len = 4;
        NS_TEST_EXPECT_MSG_EQ(h.passive->GetConnectionData(&ird, &ord, nullptr, &len),
                              NdkStatus::INVALID_PARAMETER,
                              "NULL buffer, length 4");
        std::vector<uint8_t> buf(caller + 8, 0xFF);
        len = 3;
        NS_TEST_EXPECT_MSG_EQ(h.passive->GetConnectionData(&ird, &ord, buf.data(), &len),
                              NdkStatus::BUFFER_TOO_SMALL,
                              "3 bytes");
        NS_TEST_EXPECT_MSG_EQ(len, caller, "RDS stored");
        NS_TEST_EXPECT_MSG_EQ(int(buf[2]), 'l', "partial copy");
        len = caller + 8;
        NS_TEST_EXPECT_MSG_EQ(h.passive->GetConnectionData(&ird, &ord, buf.data(), &len),
                              NdkStatus::SUCCESS,
                              "full");
        NS_TEST_EXPECT_MSG_EQ(int(buf[4]), 'o', "sent bytes");
        NS_TEST_EXPECT_MSG_EQ(int(buf[5]), 0, "bytes past what was sent are zero");
        NS_TEST_EXPECT_MSG_EQ(int(buf[caller]), 0xFF, "nothing past RDS");
        NS_TEST_EXPECT_MSG_EQ(ird, 5, "peer offers ORD 5 as our IRD");
        NS_TEST_EXPECT_MSG_EQ(ord, 6, "peer offers IRD 6 as our ORD");
        std::vector<uint8_t> big(callee + 1, 0x42);
        NS_TEST_EXPECT_MSG_EQ(h.Accept(p.b.qp, big.data(), callee + 1),
                              NdkStatus::INVALID_BUFFER_SIZE,
                              "over MaxCalleeData");
        NS_TEST_EXPECT_MSG_EQ(h.passive->Reject(big.data(), callee + 1),
                              NdkStatus::INVALID_BUFFER_SIZE,
                              "reject too");
        NS_TEST_EXPECT_MSG_EQ(h.Accept(p.b.qp, big.data(), callee),
                              NdkStatus::PENDING,
                              "exactly MaxCalleeData");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetState(), NdkQpState::Connecting, "passive connecting");
        RunFor(MilliSeconds(1));
        NS_TEST_EXPECT_MSG_EQ(h.connectDone, NdkStatus::SUCCESS, "connect completed");
        NS_TEST_EXPECT_MSG_EQ(p.a.qp->GetState(),
                              NdkQpState::Connecting,
                              "not Connected before CompleteConnect");
        len = 0;
        NS_TEST_EXPECT_MSG_EQ(h.active->GetConnectionData(&ird, &ord, nullptr, &len),
                              NdkStatus::SUCCESS,
                              "active probe");
        NS_TEST_EXPECT_MSG_EQ(len, callee, "RDS = MaxCalleeData");
        NS_TEST_EXPECT_MSG_EQ(ird, 6, "active IRD = min(6, passive ORD 7)");
        NS_TEST_EXPECT_MSG_EQ(ord, 3, "active ORD = min(5, passive IRD 3)");
        std::vector<uint8_t> reply(callee);
        len = callee;
        h.active->GetConnectionData(nullptr, nullptr, reply.data(), &len);
        NS_TEST_EXPECT_MSG_EQ(int(reply[callee - 1]), 0x42, "accept data");
        NS_TEST_EXPECT_MSG_EQ(h.acceptDone,
                              NdkStatus::UNSUCCESSFUL,
                              "accept waits for CompleteConnect");
        NS_TEST_EXPECT_MSG_EQ(h.Complete(), NdkStatus::SUCCESS, "complete connect");
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(h.acceptDone, NdkStatus::SUCCESS, "accept completed");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetInboundReadLimit(),
                              3,
                              "passive IRD = min(3, active ORD 5)");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetOutboundReadLimit(),
                              6,
                              "passive ORD = min(7, active IRD 6)");
        NS_TEST_EXPECT_MSG_EQ(h.active->GetConnectionData(&ird, &ord, nullptr, &len),
                              NdkStatus::INVALID_DEVICE_REQUEST,
                              "not after CompleteConnect");
        NS_TEST_EXPECT_MSG_EQ(h.Complete(), NdkStatus::CONNECTION_INVALID, "CompleteConnect twice");
        InetSocketAddress peer(Ipv4Address::GetAny(), 0);
        NS_TEST_EXPECT_MSG_EQ(h.passive->GetPeerAddress(&peer), NdkStatus::SUCCESS, "peer address");
        NS_TEST_EXPECT_MSG_EQ(peer.GetIpv4(), Ipv4Address("10.0.0.1"), "active side");
        NS_TEST_EXPECT_MSG_GT(peer.GetPort(), 49151, "ephemeral source port");
    }
};

/** Reject and abandonment paths (10.6, 10.7, 11.2, C3). */
class NdkRejectPathsTestCase : public NdkTransportTestCase
{
  public:
    NdkRejectPathsTestCase(NdkTestTransport kind)
        : NdkTransportTestCase("reject and abandon: refused, aborted, QP back to Idle and reusable",
                               kind)
    {
    }

    void DoRun() override
    {
        {
            // Passive Reject: Connect refused, the QP is Idle and usable with a new connector.
            NdkPair p(m_kind, 16, 256, false);
            NdkHandshake h;
            h.Start(p, 1000, nullptr, 0);
            NS_TEST_EXPECT_MSG_EQ(h.passive->Reject(nullptr, 0), NdkStatus::SUCCESS, "reject");
            NS_TEST_EXPECT_MSG_EQ(
                h.passive->Accept(p.b.qp, 1, 1, nullptr, 0, NdkDisconnectEventCallback(), 0, {}),
                NdkStatus::CONNECTION_ABORTED,
                "no accept after reject");
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(h.connectDone, NdkStatus::CONNECTION_REFUSED, "refused");
            NS_TEST_EXPECT_MSG_EQ(p.a.qp->GetState(), NdkQpState::Idle, "QP back to Idle");
            h.active->Close();
            h.passive->Close();
            h.listener->Close();
            Simulator::Run();
            auto link = ConnectQps(p.a, p.a.qp, p.b, p.b.qp, 1001);
            NS_TEST_EXPECT_MSG_EQ(link->acceptDone,
                                  NdkStatus::SUCCESS,
                                  "QP reused with a new connector");
            NS_TEST_EXPECT_MSG_EQ(p.a.qp->GetState(), NdkQpState::Connected, "connected");
        }
        {
            // Active Reject after its Connect completed: the passive Accept is refused (C3).
            NdkPair p(m_kind, 16, 256, false);
            NdkHandshake h;
            h.Start(p, 1000, nullptr, 0);
            h.Accept(p.b.qp);
            RunFor(MilliSeconds(1));
            NS_TEST_ASSERT_MSG_EQ(h.connectDone, NdkStatus::SUCCESS, "connect completed");
            NS_TEST_EXPECT_MSG_EQ(h.active->Reject(nullptr, 0),
                                  NdkStatus::SUCCESS,
                                  "active rejects");
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(h.acceptDone, NdkStatus::CONNECTION_REFUSED, "accept refused");
            NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetState(), NdkQpState::Idle, "passive QP back to Idle");
            NS_TEST_EXPECT_MSG_EQ(p.a.qp->GetState(), NdkQpState::Idle, "active QP back to Idle");
        }
        {
            // Active closes its connector instead: the passive Accept is aborted.
            NdkPair p(m_kind, 16, 256, false);
            NdkHandshake h;
            h.Start(p, 1000, nullptr, 0);
            h.Accept(p.b.qp);
            RunFor(MilliSeconds(1));
            h.active->Close();
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(h.acceptDone, NdkStatus::CONNECTION_ABORTED, "accept aborted");
        }
        {
            // Passive closes the delivered connector without answering: Connect refused.
            NdkPair p(m_kind, 16, 256, false);
            NdkHandshake h;
            h.Start(p, 1000, nullptr, 0);
            h.passive->Close();
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(h.connectDone, NdkStatus::CONNECTION_REFUSED, "refused");
        }
        {
            // The active side gave up before the passive side answered: Accept/Reject aborted.
            NdkPair p(m_kind, 16, 256, false);
            NdkHandshake h;
            h.Start(p, 1000, nullptr, 0);
            h.active->Close();
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(h.passive->Reject(nullptr, 0),
                                  NdkStatus::CONNECTION_ABORTED,
                                  "reject after abandon");
            NS_TEST_EXPECT_MSG_EQ(h.Accept(p.b.qp),
                                  NdkStatus::CONNECTION_ABORTED,
                                  "accept after abandon");
        }
        {
            // The active side never calls CompleteConnect: Accept times out.
            NdkPair p(m_kind, 16, 256, false);
            NdkHandshake h;
            h.Start(p, 1000, nullptr, 0);
            h.Accept(p.b.qp);
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(h.acceptDone, NdkStatus::IO_TIMEOUT, "accept timed out");
            NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetState(), NdkQpState::Idle, "passive QP Idle");
        }
        {
            // Link down: Connect times out.
            NdkPair p(m_kind, 16, 256, false);
            p.SetLinkDown(true);
            NdkHandshake h;
            h.Start(p, 1000, nullptr, 0);
            Simulator::Run(); // past ConnectTimeout
            NS_TEST_EXPECT_MSG_EQ(h.connectDone, NdkStatus::IO_TIMEOUT, "connect timed out");
            NS_TEST_EXPECT_MSG_EQ(p.a.qp->GetState(), NdkQpState::Idle, "QP Idle");
        }
    }
};

/** Connect, Listen and address errors (10.3, 10.10, 10.13). */
class NdkConnectErrorsTestCase : public NdkTransportTestCase
{
  public:
    NdkConnectErrorsTestCase(NdkTestTransport kind)
        : NdkTransportTestCase(
              "connect and listen errors: active, address, sharing, paused listener",
              kind)
    {
    }

    void DoRun() override
    {
        NdkPair p(m_kind);
        const InetSocketAddress any(Ipv4Address("10.0.0.1"), 0);
        const InetSocketAddress dst(Ipv4Address("10.0.0.2"), 1000);
        Ptr<NdkConnector> c;
        p.a.adapter->CreateConnector(&c);
        InetSocketAddress addr(Ipv4Address::GetAny(), 0);
        NS_TEST_EXPECT_MSG_EQ(c->GetLocalAddress(&addr),
                              NdkStatus::CONNECTION_INVALID,
                              "unused connector");
        NS_TEST_EXPECT_MSG_EQ(c->Disconnect(),
                              NdkStatus::CONNECTION_INVALID,
                              "disconnect unconnected");
        NS_TEST_EXPECT_MSG_EQ(c->CompleteConnect(NdkDisconnectEventCallback(), 0),
                              NdkStatus::CONNECTION_INVALID,
                              "complete unconnected");
        NS_TEST_EXPECT_MSG_EQ(c->Connect(p.a.qp, any, dst, 1, 1, nullptr, 0, {}),
                              NdkStatus::CONNECTION_ACTIVE,
                              "QP connected");
        Ptr<NdkQp> q = MakeQp(p.a, 0xA2);
        NS_TEST_EXPECT_MSG_EQ(
            c->Connect(q, InetSocketAddress(Ipv4Address("10.0.0.7"), 0), dst, 1, 1, nullptr, 0, {}),
            NdkStatus::INVALID_ADDRESS,
            "source not on this adapter");
        NS_TEST_EXPECT_MSG_EQ(p.connectDone, NdkStatus::SUCCESS, "fixture connected");
        InetSocketAddress local(Ipv4Address::GetAny(), 0);
        p.a.connector->GetLocalAddress(&local);
        NS_TEST_EXPECT_MSG_EQ(c->Connect(q, local, dst, 1, 1, nullptr, 0, {}),
                              NdkStatus::ADDRESS_ALREADY_EXISTS,
                              "same 4-tuple");
        NS_TEST_EXPECT_MSG_EQ(c->Connect(q,
                                         local,
                                         InetSocketAddress(Ipv4Address("10.0.0.2"), 1001),
                                         1,
                                         1,
                                         nullptr,
                                         0,
                                         {}),
                              NdkStatus::SHARING_VIOLATION,
                              "local port in use");
        // Passive side: Accept with a connected QP.
        Ptr<NdkConnector> c2;
        Ptr<NdkQp> q2 = MakeQp(p.a, 0xA3);
        p.a.adapter->CreateConnector(&c2);
        c2->Connect(q2, any, dst, 1, 1, nullptr, 0, {});
        Simulator::Run();
        Ptr<NdkConnector> delivered = p.b.connector; // the fixture's listener accepts with b.qp
        NS_TEST_EXPECT_MSG_EQ(p.acceptStatus,
                              NdkStatus::CONNECTION_ACTIVE,
                              "accept with a connected QP");
        // Listener errors.
        Ptr<NdkListener> l;
        p.b.adapter->CreateListener(NdkConnectEventCallback(), 0, &l);
        NS_TEST_EXPECT_MSG_EQ(l->Listen(InetSocketAddress(Ipv4Address("10.0.0.2"), 1000)),
                              NdkStatus::SHARING_VIOLATION,
                              "port taken");
        NS_TEST_EXPECT_MSG_EQ(l->Listen(InetSocketAddress(Ipv4Address("10.0.0.1"), 1002)),
                              NdkStatus::INVALID_ADDRESS,
                              "foreign address");
        NS_TEST_EXPECT_MSG_EQ(l->Listen(InetSocketAddress(Ipv4Address("10.0.0.2"), 0)),
                              NdkStatus::SUCCESS,
                              "port 0");
        NS_TEST_EXPECT_MSG_EQ(l->GetLocalAddress(&addr), NdkStatus::SUCCESS, "address");
        NS_TEST_EXPECT_MSG_GT(addr.GetPort(), 49151, "ephemeral port");
        // Paused listener refuses; resumed it accepts.
        uint32_t events = 0;
        Ptr<NdkListener> l2;
        p.b.adapter->CreateListener(
            [&](NdkContext, Ptr<NdkConnector> x) {
                ++events;
                x->Reject(nullptr, 0);
            },
            0,
            &l2);
        l2->Listen(InetSocketAddress(Ipv4Address("10.0.0.2"), 1500));
        l2->ControlConnectEvents(true);
        NdkStatus done = NdkStatus::UNSUCCESSFUL;
        Ptr<NdkConnector> c3;
        Ptr<NdkQp> q3 = MakeQp(p.a, 0xA4);
        p.a.adapter->CreateConnector(&c3);
        c3->Connect(q3,
                    any,
                    InetSocketAddress(Ipv4Address("10.0.0.2"), 1500),
                    1,
                    1,
                    nullptr,
                    0,
                    {[&](NdkContext, NdkStatus s) { done = s; }, 0});
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(done, NdkStatus::CONNECTION_REFUSED, "paused");
        NS_TEST_EXPECT_MSG_EQ(events, 0, "no connect event while paused");
        l2->ControlConnectEvents(false);
        c3->Close();
        p.a.adapter->CreateConnector(&c3);
        c3->Connect(q3,
                    any,
                    InetSocketAddress(Ipv4Address("10.0.0.2"), 1500),
                    1,
                    1,
                    nullptr,
                    0,
                    {[&](NdkContext, NdkStatus s) { done = s; }, 0});
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(events, 1, "resumed: delivered");
        l2->Close();
        c3->Close();
        p.a.adapter->CreateConnector(&c3);
        c3->Connect(q3,
                    any,
                    InetSocketAddress(Ipv4Address("10.0.0.2"), 1500),
                    1,
                    1,
                    nullptr,
                    0,
                    {[&](NdkContext, NdkStatus s) { done = s; }, 0});
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(done, NdkStatus::CONNECTION_REFUSED, "closed listener");
        NS_TEST_EXPECT_MSG_EQ(events, 1, "no event after close");
    }
};

/** Disconnect ordering (10.11, 10.12, R-2.1, C2, E-6). */
class NdkDisconnectTestCase : public NdkTransportTestCase
{
  public:
    NdkDisconnectTestCase(NdkTestTransport kind)
        : NdkTransportTestCase(
              "disconnect: local flush, one peer event, no peer flush until it disconnects",
              kind)
    {
    }

    void DoRun() override
    {
        NdkPair p(m_kind, 16, 256, false);
        auto link = ConnectQps(p.a, p.a.qp, p.b, p.b.qp, 1000);
        NdkBuf ab = MakeBuf(p.a, kLen, 1);
        NdkBuf bb = MakeBuf(p.b, kLen, 1);
        NdkSge as = ab.Sge(0, 64);
        NdkSge bs = bb.Sge(0, 64);
        p.a.qp->Receive(1, &as, 1);
        p.a.qp->Receive(2, &as, 1);
        p.b.qp->Receive(11, &bs, 1);
        NdkStatus disc = NdkStatus::UNSUCCESSFUL;
        NS_TEST_EXPECT_MSG_EQ(
            link->active->Disconnect({[&](NdkContext, NdkStatus s) { disc = s; }, 0}),
            NdkStatus::PENDING,
            "disconnect");
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(disc, NdkStatus::SUCCESS, "disconnect completed");
        auto ac = p.a.Poll();
        NS_TEST_ASSERT_MSG_EQ(ac.size(), 2, "local receives flushed");
        NS_TEST_EXPECT_MSG_EQ(ac[0].requestContext, 1, "posting order");
        NS_TEST_EXPECT_MSG_EQ(ac[1].status, NdkStatus::CANCELLED, "cancelled");
        NS_TEST_EXPECT_MSG_EQ(p.a.qp->GetState(), NdkQpState::Disconnected, "Disconnected");
        NS_TEST_EXPECT_MSG_EQ(link->passiveDisconnectEvents, 1, "peer told once");
        NS_TEST_EXPECT_MSG_EQ(link->activeDisconnectEvents,
                              0,
                              "no event for the side that disconnected");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->GetState(), NdkQpState::PeerDisconnected, "peer state");
        NS_TEST_EXPECT_MSG_EQ(p.b.Poll().size(), 0, "peer's receive not flushed (C2)");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->Send(12, &bs, 1, 0),
                              NdkStatus::CONNECTION_INVALID,
                              "peer cannot send");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->Receive(13, &bs, 1),
                              NdkStatus::SUCCESS,
                              "peer may still post receives");
        NS_TEST_EXPECT_MSG_EQ(p.b.Poll().size(), 0, "and they stay pending");
        // After the local disconnect: initiator posts refused, receives accepted and cancelled.
        NS_TEST_EXPECT_MSG_EQ(p.a.qp->Send(3, &as, 1, 0),
                              NdkStatus::CONNECTION_INVALID,
                              "send after disconnect");
        NS_TEST_EXPECT_MSG_EQ(p.a.qp->Receive(4, &as, 1), NdkStatus::SUCCESS, "receive accepted");
        auto late = p.a.Poll();
        NS_TEST_ASSERT_MSG_EQ(late.size(), 1, "completes at once");
        NS_TEST_EXPECT_MSG_EQ(late[0].status, NdkStatus::CANCELLED, "cancelled");
        Ptr<NdkConnector> again;
        p.a.adapter->CreateConnector(&again);
        NS_TEST_EXPECT_MSG_EQ(again->Connect(p.a.qp,
                                             InetSocketAddress(Ipv4Address("10.0.0.1"), 0),
                                             InetSocketAddress(Ipv4Address("10.0.0.2"), 1000),
                                             1,
                                             1,
                                             nullptr,
                                             0,
                                             {}),
                              NdkStatus::CONNECTION_ACTIVE,
                              "a disconnected QP never connects again");
        // The peer disconnects too: now its receives are flushed, in order; no second event.
        link->passive->Disconnect();
        Simulator::Run();
        auto bc = p.b.Poll();
        NS_TEST_ASSERT_MSG_EQ(bc.size(), 2, "peer receives flushed");
        NS_TEST_EXPECT_MSG_EQ(bc[0].requestContext, 11, "posting order");
        NS_TEST_EXPECT_MSG_EQ(bc[1].requestContext, 13, "posting order");
        NS_TEST_EXPECT_MSG_EQ(link->passiveDisconnectEvents, 1, "still once");
        NS_TEST_EXPECT_MSG_EQ(link->activeDisconnectEvents, 0, "never after the local disconnect");
        {
            // Disconnect handshake lost: IO_TIMEOUT, the QP is flushed anyway.
            NdkPair q(m_kind, 16, 256, false);
            auto l = ConnectQps(q.a, q.a.qp, q.b, q.b.qp, 1000);
            NdkBuf b = MakeBuf(q.a, kLen, 1);
            NdkSge s = b.Sge(0, 64);
            q.a.qp->Receive(1, &s, 1);
            q.SetLinkDown(true);
            NdkStatus st = NdkStatus::UNSUCCESSFUL;
            l->active->Disconnect({[&](NdkContext, NdkStatus x) { st = x; }, 0});
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(st, NdkStatus::IO_TIMEOUT, "disconnect timed out");
            auto c = q.a.Poll();
            NS_TEST_ASSERT_MSG_EQ(c.size(), 1, "flushed anyway");
            NS_TEST_EXPECT_MSG_EQ(c[0].status, NdkStatus::CANCELLED, "cancelled");
        }
    }
};

/** Shared endpoints (10.4, 10.14, 10.15): one local port, distinct destinations, pending close. */
class NdkSharedEndpointTestCase : public NdkTransportTestCase
{
  public:
    NdkSharedEndpointTestCase(NdkTestTransport kind)
        : NdkTransportTestCase(
              "shared endpoint: one port for several peers, 4-tuple unique, close waits",
              kind)
    {
    }

    void DoRun() override
    {
        NdkPair p(m_kind, 16, 256, false);
        Ptr<NdkSharedEndpoint> ep;
        NS_TEST_EXPECT_MSG_EQ(
            p.a.adapter->CreateSharedEndpoint(InetSocketAddress(Ipv4Address("10.0.0.2"), 7000),
                                              &ep),
            NdkStatus::INVALID_ADDRESS,
            "foreign address");
        NS_TEST_ASSERT_MSG_EQ(
            p.a.adapter->CreateSharedEndpoint(InetSocketAddress(Ipv4Address("10.0.0.1"), 7000),
                                              &ep),
            NdkStatus::SUCCESS,
            "endpoint");
        Ptr<NdkSharedEndpoint> dup;
        NS_TEST_EXPECT_MSG_EQ(
            p.a.adapter->CreateSharedEndpoint(InetSocketAddress(Ipv4Address("10.0.0.1"), 7000),
                                              &dup),
            NdkStatus::SHARING_VIOLATION,
            "port in use");
        Ptr<NdkSharedEndpoint> eph;
        NS_TEST_EXPECT_MSG_EQ(
            p.a.adapter->CreateSharedEndpoint(InetSocketAddress(Ipv4Address("10.0.0.1"), 0), &eph),
            NdkStatus::SUCCESS,
            "port 0");
        InetSocketAddress addr(Ipv4Address::GetAny(), 0);
        eph->GetLocalAddress(&addr);
        NS_TEST_EXPECT_MSG_GT(addr.GetPort(), 49151, "ephemeral port revealed");
        std::vector<std::shared_ptr<NdkLink>> links;
        std::vector<Ptr<NdkQp>> qps;
        std::vector<NdkStatus> done(3, NdkStatus::UNSUCCESSFUL);
        std::vector<Ptr<NdkConnector>> cs(3);
        for (uint16_t i = 0; i < 2; ++i)
        {
            Ptr<NdkQp> bq = MakeQp(p.b, 0xB0 + i);
            auto l = std::make_shared<NdkLink>();
            p.b.adapter->CreateListener(
                [bq](NdkContext, Ptr<NdkConnector> c) {
                    c->Accept(bq, 1, 1, nullptr, 0, NdkDisconnectEventCallback(), 0, {});
                },
                0,
                &l->listener);
            l->listener->Listen(InetSocketAddress(Ipv4Address("10.0.0.2"), 1000 + i));
            links.push_back(l);
            qps.push_back(bq);
        }
        for (uint16_t i = 0; i < 3; ++i)
        {
            Ptr<NdkQp> aq = MakeQp(p.a, 0xA0 + i);
            qps.push_back(aq);
            p.a.adapter->CreateConnector(&cs[i]);
            NdkStatus s = cs[i]->ConnectWithSharedEndpoint(
                aq,
                ep,
                InetSocketAddress(Ipv4Address("10.0.0.2"), 1000 + (i % 2)),
                1,
                1,
                nullptr,
                0,
                {[&done, &cs, i](NdkContext, NdkStatus st) {
                     done[i] = st;
                     if (st == NdkStatus::SUCCESS)
                     {
                         cs[i]->CompleteConnect(NdkDisconnectEventCallback(), 0);
                     }
                 },
                 0});
            if (i < 2)
            {
                NS_TEST_EXPECT_MSG_EQ(s, NdkStatus::PENDING, "connect " << i);
                Simulator::Run();
            }
            else
            {
                NS_TEST_EXPECT_MSG_EQ(s,
                                      NdkStatus::ADDRESS_ALREADY_EXISTS,
                                      "same 4-tuple through the endpoint");
            }
        }
        NS_TEST_EXPECT_MSG_EQ(done[0], NdkStatus::SUCCESS, "first peer");
        NS_TEST_EXPECT_MSG_EQ(done[1], NdkStatus::SUCCESS, "second peer");
        cs[1]->GetLocalAddress(&addr);
        NS_TEST_EXPECT_MSG_EQ(addr.GetPort(), 7000, "shared local port");
        bool closed = false;
        NS_TEST_EXPECT_MSG_EQ(ep->Close([&](NdkContext) { closed = true; }, 0),
                              NdkStatus::PENDING,
                              "connectors remain");
        cs[0]->Close();
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(closed, false, "one connector left");
        cs[1]->Close();
        cs[2]->Close();
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(closed, true, "close completed after the last connector");
        NS_TEST_EXPECT_MSG_EQ(
            p.a.adapter->CreateSharedEndpoint(InetSocketAddress(Ipv4Address("10.0.0.1"), 7000),
                                              &dup),
            NdkStatus::SUCCESS,
            "port free again");
    }
};

/** Close ordering and effects (11.1, 11.2, E-4). */
class NdkCloseOrderTestCase : public NdkTransportTestCase
{
  public:
    NdkCloseOrderTestCase(NdkTestTransport kind)
        : NdkTransportTestCase(
              "close: MR waits for windows, MW close unbinds, SRQ and listener wait",
              kind)
    {
    }

    void DoRun() override
    {
        NdkPair p(m_kind);
        std::vector<std::string> order;
        // MR with a bound window: close pends, tokens die, completes when the window goes.
        NdkBuf target =
            MakeBuf(p.b, kLen, NDK_MR_FLAG_ALLOW_LOCAL_WRITE | NDK_MR_FLAG_ALLOW_REMOTE_READ);
        Ptr<NdkMw> mw;
        p.b.pd->CreateMw(&mw);
        p.b.qp->Bind(1, target.mr, mw, target.addr, 64, NDK_OP_FLAG_ALLOW_REMOTE_READ);
        Simulator::Run();
        p.b.Poll();
        uint32_t mrToken = target.mr->GetRemoteToken();
        NS_TEST_EXPECT_MSG_EQ(target.mr->Close([&](NdkContext) { order.push_back("mr"); }, 0),
                              NdkStatus::PENDING,
                              "window bound");
        NS_TEST_EXPECT_MSG_EQ((p.b.adapter->GetKeyTable().Lookup(mrToken) == nullptr ||
                               !p.b.adapter->GetKeyTable().Lookup(mrToken)->valid),
                              true,
                              "MR token dead at once");
        uint32_t mwToken = mw->GetRemoteToken();
        NS_TEST_EXPECT_MSG_EQ(mw->Close([&](NdkContext) { order.push_back("mw"); }, 0),
                              NdkStatus::SUCCESS,
                              "MW closes inline");
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(order.size(), 1, "MR close completed once the window was gone");
        NS_TEST_EXPECT_MSG_EQ((p.b.adapter->GetKeyTable().Lookup(mwToken) == nullptr),
                              true,
                              "window token dead");
        // SRQ close waits for its QP; the QP's close flushes its outstanding requests.
        Ptr<NdkSrq> srq;
        p.b.pd->CreateSrq(4, 1, 0, NdkSrqNotificationCallback(), 0, &srq);
        Ptr<NdkQp> sq;
        p.b.pd->CreateQpWithSrq(p.b.cq, p.b.cq, srq, 0x77, 4, 1, 0, &sq);
        NS_TEST_EXPECT_MSG_EQ(srq->Close([&](NdkContext) { order.push_back("srq"); }, 0),
                              NdkStatus::PENDING,
                              "QP uses the SRQ");
        NS_TEST_EXPECT_MSG_EQ(sq->Close([&](NdkContext) { order.push_back("qp"); }, 0),
                              NdkStatus::SUCCESS,
                              "QP closes inline");
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(order.size(), 2, "SRQ close done");
        NS_TEST_EXPECT_MSG_EQ(order[1], "srq", "after its QP");
        // Listener close: refuses at once, pends while its accepted connector lives.
        bool listenerClosed = false;
        NS_TEST_EXPECT_MSG_EQ(p.listener->Close([&](NdkContext) { listenerClosed = true; }, 0),
                              NdkStatus::PENDING,
                              "accepted connector alive");
        Ptr<NdkListener> l2;
        p.b.adapter->CreateListener(NdkConnectEventCallback(), 0, &l2);
        NS_TEST_EXPECT_MSG_EQ(l2->Listen(InetSocketAddress(Ipv4Address("10.0.0.2"), 1000)),
                              NdkStatus::SHARING_VIOLATION,
                              "endpoint still held");
        // Closing a connected QP's connector disconnects (peer event) and flushes the QP.
        NdkBuf rb = MakeBuf(p.b, kLen, 1);
        NdkSge rs = rb.Sge(0, 64);
        p.b.qp->Receive(5, &rs, 1);
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->Close(), NdkStatus::PENDING, "QP waits for its connector");
        auto flushed = p.b.Poll();
        NS_TEST_ASSERT_MSG_EQ(flushed.size(), 1, "QP close flushed the receive");
        NS_TEST_EXPECT_MSG_EQ(flushed[0].status, NdkStatus::CANCELLED, "cancelled");
        p.b.connector->Close();
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(listenerClosed, true, "listener close completed after its connector");
        NS_TEST_EXPECT_MSG_EQ(l2->Listen(InetSocketAddress(Ipv4Address("10.0.0.2"), 1000)),
                              NdkStatus::SUCCESS,
                              "port free");
        NS_TEST_EXPECT_MSG_EQ(p.b.qp->IsClosed(), true, "QP close completed");
        NS_TEST_EXPECT_MSG_EQ(p.a.qp->GetState(),
                              NdkQpState::PeerDisconnected,
                              "peer learned of it");
    }
};

/** The connection-management suite. */
class NdkConnectionTestSuite : public TestSuite
{
  public:
    NdkConnectionTestSuite()
        : TestSuite("ndk-connection", UNIT)
    {
        for (NdkTestTransport kind : {NdkTestTransport::Ideal, NdkTestTransport::Roce})
        {
            AddTestCase(new NdkConnectionDataTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkRejectPathsTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkConnectErrorsTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkDisconnectTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkSharedEndpointTestCase(kind), TestCase::QUICK);
            AddTestCase(new NdkCloseOrderTestCase(kind), TestCase::QUICK);
        }
    }
};

static NdkConnectionTestSuite g_ndkConnectionTestSuite;

} // namespace ns3
