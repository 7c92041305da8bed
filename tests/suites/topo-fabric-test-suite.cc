/*
 * topo-fabric: FabricHelper installs topologies/ graphs on ns-3. All-pairs RDMA Writes on a
 * k=4 fat-tree and on a leaf-spine with a cut link (traffic avoids it), a lossy link recovered
 * by RC retransmission, object counts equal to the topology's, and bad input building nothing.
 */

#include "ndksim/topo/topo-module.h"

#include "ns3/channel-list.h"
#include "ns3/error-model.h"
#include "ns3/fabric-helper.h"
#include "ns3/ndk-adapter.h"
#include "ns3/ndk-connector.h"
#include "ns3/ndk-cq.h"
#include "ns3/ndk-host-memory.h"
#include "ns3/ndk-mr.h"
#include "ns3/ndk-pd.h"
#include "ns3/ndk-qp.h"
#include "ns3/node-list.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/rdma-nic.h"
#include "ns3/roce-channel.h"
#include "ns3/roce-host-directory.h"
#include "ns3/roce-net-device.h"
#include "ns3/roce-switch.h"
#include "ns3/simulator.h"
#include "ns3/test.h"

#include <algorithm>
#include <functional>
#include <vector>

namespace ns3
{

namespace
{

using ndksim::topo::LinkId;
using ndksim::topo::LinkProps;
using ndksim::topo::NodeRole;
using ndksim::topo::RoutingOptions;
using ndksim::topo::TopoError;
using ndksim::topo::Topology;

/** Sum of the eight priorities of a counter. */
uint64_t
Sum(const std::array<uint64_t, 8>& a)
{
    uint64_t s = 0;
    for (uint64_t v : a)
    {
        s += v;
    }
    return s;
}

/**
 * Every host writes a few bytes to every other host. One RC connection per unordered host pair
 * (the lower host connects; the higher one listens on port 1000 + the lower host's index, so
 * each connect request meets the QP meant for it), and a Write in each direction on it: n(n-1)
 * Writes over n(n-1)/2 connections, all started at once.
 */
class AllPairsWrites
{
  public:
    /** Outcome counters. */
    struct Result
    {
        uint32_t expected{0};  //!< Writes posted
        uint32_t connected{0}; //!< connections established (both ends)
        uint32_t posted{0};    //!< Writes accepted by the QP
        uint32_t succeeded{0}; //!< initiator completions with SUCCESS
        uint32_t arrived{0};   //!< destination buffers holding the source bytes
    };

    /**
     * \param fabric an installed fabric
     * \param bytes the size of each Write
     */
    AllPairsWrites(FabricHelper& fabric, uint32_t bytes)
        : m_fabric(fabric),
          m_bytes(bytes),
          m_n(static_cast<uint32_t>(fabric.GetNHosts()))
    {
    }

    /**
     * Connect, write, run and count.
     * \param beforeWrites called once the connections are up, before the Writes are posted
     * \return the counters
     */
    Result Run(std::function<void()> beforeWrites = nullptr)
    {
        Result r;
        r.expected = m_n * (m_n - 1);
        SetUpHosts();
        Connect();
        Simulator::Stop(Seconds(1)); // a guard: the whole exchange takes microseconds
        Simulator::Run();
        for (const Connection& c : m_connections)
        {
            r.connected += (c.connected && c.accepted) ? 1 : 0;
        }
        if (r.connected != m_connections.size())
        {
            return r;
        }
        if (beforeWrites)
        {
            beforeWrites();
        }
        for (Connection& c : m_connections)
        {
            r.posted += PostWrite(c.a, c.b, c.qpA) == NdkStatus::SUCCESS ? 1 : 0;
            r.posted += PostWrite(c.b, c.a, c.qpB) == NdkStatus::SUCCESS ? 1 : 0;
        }
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        for (uint32_t h = 0; h < m_n; ++h)
        {
            NdkResultEx results[64];
            uint32_t got;
            while ((got = m_hosts[h].cq->GetResultsEx(results, 64)) > 0)
            {
                for (uint32_t i = 0; i < got; ++i)
                {
                    r.succeeded += results[i].status == NdkStatus::SUCCESS ? 1 : 0;
                }
            }
        }
        for (uint32_t s = 0; s < m_n; ++s)
        {
            for (uint32_t d = 0; d < m_n; ++d)
            {
                if (s != d && Arrived(s, d))
                {
                    ++r.arrived;
                }
            }
        }
        return r;
    }

  private:
    /** One host's NDK objects and buffers. */
    struct Host
    {
        Ptr<NdkAdapter> adapter;
        Ptr<NdkHostMemory> memory;
        Ptr<NdkPd> pd;
        Ptr<NdkCq> cq;
        std::vector<Ptr<NdkListener>> listeners;
        std::vector<uint64_t> src;     //!< by destination host: source buffer
        std::vector<uint64_t> dst;     //!< by source host: target buffer
        std::vector<Ptr<NdkMr>> srcMr; //!< by destination host
        std::vector<Ptr<NdkMr>> dstMr; //!< by source host
    };

    /** One connection between hosts a < b. */
    struct Connection
    {
        uint32_t a{0};
        uint32_t b{0};
        Ptr<NdkQp> qpA;
        Ptr<NdkQp> qpB;
        Ptr<NdkConnector> connectorA;
        Ptr<NdkConnector> connectorB;
        bool connected{false};
        bool accepted{false};
    };

    /** \return the fill byte of the Write s -> d (never 0, the fill of the targets) */
    uint8_t Pattern(uint32_t s, uint32_t d) const
    {
        return static_cast<uint8_t>(1 + (s * m_n + d) % 255);
    }

    void SetUpHosts()
    {
        m_hosts.resize(m_n);
        for (uint32_t h = 0; h < m_n; ++h)
        {
            Host& host = m_hosts[h];
            // Applications find the NDK objects on the node, as the helper promises.
            host.adapter = m_fabric.GetHostNode(h)->GetObject<NdkAdapter>();
            NS_ABORT_UNLESS(host.adapter && host.adapter == m_fabric.GetAdapter(h));
            host.memory = host.adapter->GetHostMemory();
            host.adapter->CreatePd(&host.pd);
            host.adapter->CreateCq(4 * m_n, NdkCqNotificationCallback(), 0, &host.cq);
            host.src.resize(m_n);
            host.dst.resize(m_n);
            host.srcMr.resize(m_n);
            host.dstMr.resize(m_n);
            for (uint32_t peer = 0; peer < m_n; ++peer)
            {
                if (peer == h)
                {
                    continue;
                }
                host.src[peer] = Buffer(host, Pattern(h, peer));
                host.srcMr[peer] = Register(host, host.src[peer], NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
                host.dst[peer] = Buffer(host, 0);
                host.dstMr[peer] =
                    Register(host,
                             host.dst[peer],
                             NDK_MR_FLAG_ALLOW_LOCAL_WRITE | NDK_MR_FLAG_ALLOW_REMOTE_WRITE);
            }
        }
    }

    /** \return a tracked buffer of m_bytes filled with \p fill */
    uint64_t Buffer(Host& host, uint8_t fill) const
    {
        const uint64_t address = host.memory->Allocate(m_bytes);
        host.memory->Track(address, m_bytes);
        host.memory->Fill(address, fill, m_bytes);
        return address;
    }

    /** \return an MR over m_bytes at \p address */
    Ptr<NdkMr> Register(Host& host, uint64_t address, uint32_t flags) const
    {
        Ptr<NdkMr> mr;
        host.pd->CreateMr(false, &mr);
        mr->Register(address, m_bytes, flags);
        return mr;
    }

    void Connect()
    {
        m_connections.reserve(m_n * (m_n - 1) / 2); // callbacks hold pointers into it
        for (uint32_t a = 0; a < m_n; ++a)
        {
            for (uint32_t b = a + 1; b < m_n; ++b)
            {
                m_connections.emplace_back();
                Connection* c = &m_connections.back();
                c->a = a;
                c->b = b;
                Host& ha = m_hosts[a];
                Host& hb = m_hosts[b];
                ha.pd->CreateQp(ha.cq, ha.cq, b, 4, 4, 1, 1, 64, &c->qpA);
                hb.pd->CreateQp(hb.cq, hb.cq, a, 4, 4, 1, 1, 64, &c->qpB);
                const uint16_t port = static_cast<uint16_t>(1000 + a);
                Ptr<NdkListener> listener;
                hb.adapter->CreateListener(
                    [c](NdkContext, Ptr<NdkConnector> conn) {
                        c->connectorB = conn;
                        conn->Accept(c->qpB,
                                     1,
                                     1,
                                     nullptr,
                                     0,
                                     NdkDisconnectEventCallback(),
                                     0,
                                     {[c](NdkContext, NdkStatus st) {
                                          c->accepted = st == NdkStatus::SUCCESS;
                                      },
                                      0});
                    },
                    0,
                    &listener);
                listener->Listen(InetSocketAddress(m_fabric.GetHostAddress(b), port));
                hb.listeners.push_back(listener);
                ha.adapter->CreateConnector(&c->connectorA);
                NdkConnector* connector = PeekPointer(c->connectorA); // held by c
                c->connectorA->Connect(
                    c->qpA,
                    InetSocketAddress(m_fabric.GetHostAddress(a), 0),
                    InetSocketAddress(m_fabric.GetHostAddress(b), port),
                    1,
                    1,
                    nullptr,
                    0,
                    {[c, connector](NdkContext, NdkStatus st) {
                         if (st == NdkStatus::SUCCESS)
                         {
                             connector->CompleteConnect(NdkDisconnectEventCallback(), 0);
                             c->connected = true;
                         }
                     },
                     0});
            }
        }
    }

    /** Post the Write s -> d on \p qp. \return the post status */
    NdkStatus PostWrite(uint32_t s, uint32_t d, Ptr<NdkQp> qp)
    {
        Host& hs = m_hosts[s];
        Host& hd = m_hosts[d];
        NdkSge sge{hs.src[d], m_bytes, hs.srcMr[d]->GetLocalToken()};
        return qp->Write(s * m_n + d, &sge, 1, hd.dst[s], hd.dstMr[s]->GetRemoteToken(), 0);
    }

    /** \return true if d's target buffer for s holds s's bytes */
    bool Arrived(uint32_t s, uint32_t d) const
    {
        const Host& hs = m_hosts[s];
        const Host& hd = m_hosts[d];
        return hd.memory->Digest(hd.dst[s], m_bytes) == hs.memory->Digest(hs.src[d], m_bytes);
    }

    FabricHelper& m_fabric;
    uint32_t m_bytes;
    uint32_t m_n;
    std::vector<Host> m_hosts;
    std::vector<Connection> m_connections;
};

/** \return true if \p text contains \p part */
bool
Contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

/** Frames sent by the two ends of \p channel. */
uint64_t
ChannelTxFrames(Ptr<RoceChannel> channel)
{
    uint64_t frames = 0;
    for (std::size_t i = 0; i < channel->GetNDevices(); ++i)
    {
        frames += Sum(DynamicCast<RoceNetDevice>(channel->GetDevice(i))->GetStats().txFrames);
    }
    return frames;
}

/** Switch counters of a whole fabric. */
RoceSwitch::PortStats
SwitchTotals(const FabricHelper& fabric)
{
    RoceSwitch::PortStats total;
    for (std::size_t j = 0; j < fabric.GetNSwitches(); ++j)
    {
        total.Add(fabric.GetSwitch(j)->GetStats().total);
    }
    return total;
}

} // namespace

/** k=4 fat-tree: the counts match the topology, and all 240 host pairs exchange a Write. */
class TopoFabricFatTreeTestCase : public TestCase
{
  public:
    TopoFabricFatTreeTestCase()
        : TestCase("fat-tree k=4: nodes, devices and channels as in the topology; every host "
                   "writes to every other host through the switches")
    {
    }

  private:
    void DoRun() override
    {
        const Topology topo = ndksim::topo::MakeTopology("fattree:k=4");
        const uint32_t nodesBefore = NodeList::GetNNodes();
        const std::size_t channelsBefore = ChannelList::GetNChannels();
        FabricHelper fabric;
        fabric.Install(topo);
        const int64_t streams = fabric.AssignStreams(100);

        NS_TEST_ASSERT_MSG_EQ(fabric.GetNHosts(), 16, "hosts");
        NS_TEST_ASSERT_MSG_EQ(fabric.GetNSwitches(), 20, "switches");
        NS_TEST_ASSERT_MSG_EQ(NodeList::GetNNodes() - nodesBefore, topo.NumNodes(), "nodes");
        NS_TEST_ASSERT_MSG_EQ(ChannelList::GetNChannels() - channelsBefore,
                              topo.NumLinks(),
                              "channels");
        std::size_t devices = 0;
        for (uint32_t v = 0; v < topo.NumNodes(); ++v)
        {
            Ptr<Node> node = fabric.GetNode(v);
            devices += node->GetNDevices();
            NS_TEST_ASSERT_MSG_EQ(node->GetNDevices(), topo.NumPorts(v), "one device per port");
            if (topo.GetRole(v) != NodeRole::Host)
            {
                Ptr<RoceSwitch> sw = node->GetObject<RoceSwitch>();
                NS_TEST_ASSERT_MSG_NE(sw, nullptr, "a switch on every switch node");
                if (!sw)
                {
                    return;
                }
                NS_TEST_ASSERT_MSG_EQ(sw->GetNPorts(), topo.NumPorts(v), "switch ports");
                // Port p of the switch is the topology's port p: it is cabled to the peer
                // device whose index is the peer port.
                for (uint32_t p = 0; p < sw->GetNPorts(); ++p)
                {
                    const ndksim::topo::Port tp =
                        topo.GetPort(v, static_cast<ndksim::topo::PortIndex>(p));
                    Ptr<RoceChannel> ch = sw->GetPort(p)->GetRoceChannel();
                    NS_TEST_ASSERT_MSG_EQ(ch, fabric.GetChannel(tp.link), "port order");
                    NS_TEST_ASSERT_MSG_EQ(ch->GetDelay(),
                                          PicoSeconds(topo.GetLink(tp.link).delayPs),
                                          "link delay");
                    NS_TEST_ASSERT_MSG_EQ(sw->GetPort(p)->GetDataRate(),
                                          DataRate(topo.GetLink(tp.link).rateBps),
                                          "link rate");
                    Ptr<RoceNetDevice> peer = ch->GetPeer(PeekPointer(sw->GetPort(p)));
                    NS_TEST_ASSERT_MSG_EQ(peer,
                                          fabric.GetNode(tp.peer)->GetDevice(tp.peerPort),
                                          "peer port");
                }
            }
            else
            {
                NS_TEST_ASSERT_MSG_NE(node->GetObject<RdmaNic>(), nullptr, "NIC aggregated");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(devices, 2 * topo.NumLinks(), "devices");
        NS_TEST_ASSERT_MSG_EQ(fabric.GetDirectory()->GetNHosts(), 16, "directory");
        NS_TEST_ASSERT_MSG_EQ(fabric.GetDirectory()->GetNGroups(), 8, "a group per ToR");
        NS_TEST_ASSERT_MSG_EQ(fabric.GetHostAddress(0), Ipv4Address("10.0.0.1"), "address 0");
        NS_TEST_ASSERT_MSG_EQ(fabric.GetHostAddress(15), Ipv4Address("10.0.0.16"), "address 15");
        // Every host: NIC PSNs and key policy; every switch port: its ECN marker.
        NS_TEST_ASSERT_MSG_GT_OR_EQ(streams, 16 * 2 + 20 * 4, "streams of NICs and switches");

        AllPairsWrites writes(fabric, 64);
        const AllPairsWrites::Result r = writes.Run();
        NS_TEST_ASSERT_MSG_EQ(r.connected, 120, "every pair connected");
        NS_TEST_ASSERT_MSG_EQ(r.posted, 240, "every Write posted");
        NS_TEST_ASSERT_MSG_EQ(r.succeeded, 240, "every Write completed with SUCCESS");
        NS_TEST_ASSERT_MSG_EQ(r.arrived, 240, "every destination holds its source's bytes");

        const RoceSwitch::PortStats total = SwitchTotals(fabric);
        NS_TEST_ASSERT_MSG_EQ(total.Drops(), 0, "no drop");
        // Each Write (and its CM exchange) crosses at least one switch; inter-pod ones five.
        NS_TEST_ASSERT_MSG_GT(Sum(total.txPackets), 240, "frames forwarded by the switches");
        uint64_t coreFrames = 0;
        for (uint32_t v = 0; v < topo.NumNodes(); ++v)
        {
            if (topo.GetRole(v) == NodeRole::Core)
            {
                Ptr<RoceSwitch> core = fabric.GetNode(v)->GetObject<RoceSwitch>();
                coreFrames += Sum(core->GetStats().total.txPackets);
            }
        }
        NS_TEST_ASSERT_MSG_GT(coreFrames, 0, "inter-pod traffic crosses the cores");
        Simulator::Destroy();
    }
};

/** Leaf-spine with leaf0-spine0 cut: routes avoid it, every pair still exchanges a Write. */
class TopoFabricDownLinkTestCase : public TestCase
{
  public:
    TopoFabricDownLinkTestCase()
        : TestCase("leaf-spine 4x2 with a down leaf-spine link: no frame on it, all pairs "
                   "still write")
    {
    }

  private:
    void DoRun() override
    {
        const Topology topo = ndksim::topo::MakeTopology("leafspine:leaves=4,spines=2,hosts=4");
        const auto leaf0 = topo.FindNode("leaf0");
        const auto spine0 = topo.FindNode("spine0");
        NS_TEST_ASSERT_MSG_EQ((leaf0 && spine0), true, "generator names");
        if (!leaf0 || !spine0)
        {
            return;
        }
        const auto down = topo.FindLink(*leaf0, *spine0);
        NS_TEST_ASSERT_MSG_EQ(down.has_value(), true, "leaf0-spine0 link");
        if (!down)
        {
            return;
        }
        RoutingOptions options;
        options.downLinks.push_back(*down);
        const std::size_t channelsBefore = ChannelList::GetNChannels();
        FabricHelper fabric;
        fabric.Install(topo, options);
        fabric.AssignStreams(7);
        NS_TEST_ASSERT_MSG_EQ(ChannelList::GetNChannels() - channelsBefore,
                              topo.NumLinks(),
                              "the down link has its channel too");
        NS_TEST_ASSERT_MSG_EQ(fabric.GetChannel(*down)->IsUp(), false, "the link is cut");
        NS_TEST_ASSERT_MSG_EQ(fabric.GetNUnreachable(), 0, "the fabric stays connected");

        // No route of leaf0 or spine0 uses the cut port.
        const ndksim::topo::LinkEnds ends = topo.GetLinkEnds(*down);
        for (const auto& [node, port] :
             {std::make_pair(ends.a, ends.portA), std::make_pair(ends.b, ends.portB)})
        {
            Ptr<RoceSwitch> sw = fabric.GetNode(node)->GetObject<RoceSwitch>();
            for (uint32_t g = 0; g < fabric.GetDirectory()->GetNGroups(); ++g)
            {
                const std::vector<uint32_t>& hops = sw->GetRoute(g);
                NS_TEST_ASSERT_MSG_EQ(std::count(hops.begin(), hops.end(), port),
                                      0,
                                      "route over the down link");
            }
        }

        AllPairsWrites writes(fabric, 32);
        const AllPairsWrites::Result r = writes.Run();
        NS_TEST_ASSERT_MSG_EQ(r.connected, 120, "every pair connected");
        NS_TEST_ASSERT_MSG_EQ(r.succeeded, 240, "every Write completed with SUCCESS");
        NS_TEST_ASSERT_MSG_EQ(r.arrived, 240, "every destination holds its source's bytes");
        NS_TEST_ASSERT_MSG_EQ(ChannelTxFrames(fabric.GetChannel(*down)), 0, "nothing sent on it");
        const auto spine1 = topo.FindNode("spine1");
        const auto other = spine1 ? topo.FindLink(*leaf0, *spine1) : std::nullopt;
        NS_TEST_ASSERT_MSG_EQ(other.has_value(), true, "leaf0-spine1 link");
        if (!other)
        {
            return;
        }
        NS_TEST_ASSERT_MSG_GT(ChannelTxFrames(fabric.GetChannel(*other)),
                              0,
                              "leaf0 uses its other uplink");
        Simulator::Destroy();
    }
};

/** A lossy host link: error models on both ends, seeded; RC retransmission delivers all. */
class TopoFabricLossyLinkTestCase : public TestCase
{
  public:
    TopoFabricLossyLinkTestCase()
        : TestCase("a link with an error rate drops frames in both directions; Writes recover")
    {
    }

  private:
    void DoRun() override
    {
        // Two leaves, one spine, two hosts per leaf; host0's link loses 20 % of the frames.
        Topology topo;
        for (int i = 0; i < 4; ++i)
        {
            topo.AddNode(NodeRole::Host);
        }
        const auto leafA = topo.AddNode(NodeRole::Tor, "leafA");
        const auto leafB = topo.AddNode(NodeRole::Tor, "leafB");
        const auto spine = topo.AddNode(NodeRole::Core, "spine");
        LinkProps link;
        link.rateBps = 100'000'000'000ULL;
        link.delayPs = 500'000;
        LinkProps lossy = link;
        lossy.errorRate = 0.2;
        const LinkId lossyLink = topo.AddLink(0, leafA, lossy);
        topo.AddLink(1, leafA, link);
        topo.AddLink(2, leafB, link);
        topo.AddLink(3, leafB, link);
        topo.AddLink(leafA, spine, link);
        topo.AddLink(leafB, spine, link);

        FabricHelper fabric;
        fabric.SetNicAttribute("AckTimeout", TimeValue(MicroSeconds(20)));
        fabric.Install(topo);
        fabric.AssignStreams(11);
        Ptr<RoceChannel> ch = fabric.GetChannel(lossyLink);
        std::vector<Ptr<RateErrorModel>> models;
        for (std::size_t i = 0; i < 2; ++i)
        {
            PointerValue model;
            ch->GetDevice(i)->GetAttribute("ReceiveErrorModel", model);
            Ptr<RateErrorModel> rem = model.Get<RateErrorModel>();
            NS_TEST_ASSERT_MSG_NE(rem, nullptr, "error model on each end");
            if (!rem)
            {
                return;
            }
            NS_TEST_ASSERT_MSG_EQ_TOL(rem->GetRate(), 0.2, 1e-12, "the link's rate");
            models.push_back(rem);
        }

        // Connection management messages are sent once (the NIC does not retry a lost REQ,
        // REP or RTU), so the link turns lossy only once the connections are up: what is
        // tested here is the loss on data and ACKs and its repair.
        for (const Ptr<RateErrorModel>& m : models)
        {
            m->Disable();
        }
        AllPairsWrites writes(fabric, 4000);
        const AllPairsWrites::Result r = writes.Run([&models]() {
            for (const Ptr<RateErrorModel>& m : models)
            {
                m->Enable();
            }
        });
        NS_TEST_ASSERT_MSG_EQ(r.connected, 6, "every pair connected");
        NS_TEST_ASSERT_MSG_EQ(r.succeeded, 12, "every Write completed with SUCCESS");
        NS_TEST_ASSERT_MSG_EQ(r.arrived, 12, "every destination holds its source's bytes");
        uint64_t errorDrops = 0;
        for (std::size_t i = 0; i < 2; ++i)
        {
            errorDrops += DynamicCast<RoceNetDevice>(ch->GetDevice(i))->GetStats().rxErrorDrops;
        }
        NS_TEST_ASSERT_MSG_GT(errorDrops, 0, "the error models dropped frames");
        NS_TEST_ASSERT_MSG_GT(fabric.GetNic(0)->GetTotalStats().retransmits +
                                  fabric.GetNic(1)->GetTotalStats().retransmits +
                                  fabric.GetNic(2)->GetTotalStats().retransmits +
                                  fabric.GetNic(3)->GetTotalStats().retransmits,
                              0,
                              "losses were repaired by retransmission");
        Simulator::Destroy();
    }
};

/** Bad input: a clear TopoError and not a single ns-3 object built. */
class TopoFabricBadInputTestCase : public TestCase
{
  public:
    TopoFabricBadInputTestCase()
        : TestCase("an invalid topology or a down link that does not exist builds nothing")
    {
    }

  private:
    /** \return the error message of Install, "" if it did not throw */
    static std::string InstallError(const Topology& topo, const RoutingOptions& options)
    {
        FabricHelper fabric;
        try
        {
            fabric.Install(topo, options);
        }
        catch (const TopoError& e)
        {
            return e.what();
        }
        return "";
    }

    void DoRun() override
    {
        const uint32_t nodesBefore = NodeList::GetNNodes();
        const std::size_t channelsBefore = ChannelList::GetNChannels();

        Topology zeroRate;
        zeroRate.AddNode(NodeRole::Host, "h0");
        zeroRate.AddNode(NodeRole::Host, "h1");
        const auto sw = zeroRate.AddNode(NodeRole::Tor, "tor");
        LinkProps good;
        good.rateBps = 100'000'000'000ULL;
        good.delayPs = 1'000'000;
        zeroRate.AddLink(0, sw, good);
        LinkProps bad = good;
        bad.rateBps = 0;
        zeroRate.AddLink(1, sw, bad);
        const std::string e1 = InstallError(zeroRate, RoutingOptions());
        NS_TEST_ASSERT_MSG_EQ(Contains(e1, "FabricHelper: invalid topology"),
                              true,
                              "says the topology is invalid: " << e1);
        NS_TEST_ASSERT_MSG_EQ(Contains(e1, "rate"), true, "names the rate: " << e1);

        Topology lonely;
        lonely.AddNode(NodeRole::Host, "h0");
        lonely.AddNode(NodeRole::Host, "h1");
        const auto tor = lonely.AddNode(NodeRole::Tor, "tor");
        lonely.AddLink(0, tor, good);
        const std::string e2 = InstallError(lonely, RoutingOptions());
        NS_TEST_ASSERT_MSG_EQ(Contains(e2, "h1"), true, "names the host: " << e2);

        RoutingOptions noSuchLink;
        noSuchLink.downLinks.push_back(999);
        const std::string e3 = InstallError(ndksim::topo::MakeTopology("fattree:k=4"), noSuchLink);
        NS_TEST_ASSERT_MSG_EQ(Contains(e3, "FabricHelper: cannot route"),
                              true,
                              "says the routing failed: " << e3);
        NS_TEST_ASSERT_MSG_EQ(Contains(e3, "999"), true, "names the link: " << e3);

        NS_TEST_ASSERT_MSG_EQ(NodeList::GetNNodes(), nodesBefore, "no node built");
        NS_TEST_ASSERT_MSG_EQ(ChannelList::GetNChannels(), channelsBefore, "no channel built");
        Simulator::Destroy();
    }
};

/** The suite. */
class TopoFabricTestSuite : public TestSuite
{
  public:
    TopoFabricTestSuite()
        : TestSuite("topo-fabric", UNIT)
    {
        AddTestCase(new TopoFabricBadInputTestCase, TestCase::QUICK);
        AddTestCase(new TopoFabricFatTreeTestCase, TestCase::QUICK);
        AddTestCase(new TopoFabricDownLinkTestCase, TestCase::QUICK);
        AddTestCase(new TopoFabricLossyLinkTestCase, TestCase::QUICK);
    }
};

static TopoFabricTestSuite g_topoFabricTestSuite;

} // namespace ns3
