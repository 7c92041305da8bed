// Per-packet-hop cost of RoceSwitch forwarding (PFC and ECN on) against bare ns-3
// PointToPointNetDevice + IPv4 forwarding over an equal chain. Prints figures; never fails on
// time.
//
//   ndksim-bench-switch-hop [--switches=8] [--bytes=67108864] [--packets=65536]
//                           [--side=all|roce|p2p|ipv4] [--instructions]
//
// RoCE side: host A -- S1 -- ... -- Sn -- host B, 100 Gb/s, 1 us cables; one RDMA Write of
// --bytes from A to B (PathMtu 1024), routed through the host directory, ECMP tables and host
// routes. p2p sides: n0 -- r1 -- ... -- rn -- n(n+1) with PointToPointNetDevices (100 Gb/s,
// 1 us) carrying --packets packets of 1000 bytes at just under line rate, forwarded either by a
// minimal forwarding app (a protocol handler sending each packet out of the other device: the
// bare device cost, the reference) or by the full ns-3 IPv4 stack (InternetStack, static
// routes, UDP sockets, default fq_codel queue discs). A packet-hop is one frame crossing one link
// (every frame a device sends: data, ACKs and CM on the RoCE side). Wall time covers
// Simulator::Run() of the transfer only.
//
// --instructions runs each side again, smaller, under `valgrind --tool=callgrind
// --instr-atstart=no` (the program brackets the measured Run() with callgrind client requests)
// and prints instructions per packet-hop. To do it by hand:
//   valgrind --tool=callgrind --instr-atstart=no ./ndksim-bench-switch-hop --side=roce
//   --bytes=2097152
// and divide callgrind's "Collected" count by the "hops" the program prints.

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/ndk-adapter.h"
#include "ns3/ndk-connector.h"
#include "ns3/ndk-cq.h"
#include "ns3/ndk-host-memory.h"
#include "ns3/ndk-mr.h"
#include "ns3/ndk-pd.h"
#include "ns3/ndk-qp.h"
#include "ns3/ndksim-defaults.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-channel.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/rdma-address-book.h"
#include "ns3/rdma-nic.h"
#include "ns3/roce-host-directory.h"
#include "ns3/roce-net-device.h"
#include "ns3/roce-switch-helper.h"
#include "ns3/roce-switch.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>
#include <valgrind/callgrind.h>

using namespace ns3;

namespace
{

/** What one side measured. */
struct Result
{
    uint64_t hops{0};
    double wallNs{0};
    bool ok{false};
};

/** Run the simulation, timed, with callgrind instrumentation on only inside. */
double
MeasuredRun()
{
    const auto t0 = std::chrono::steady_clock::now();
    CALLGRIND_START_INSTRUMENTATION;
    Simulator::Run();
    CALLGRIND_STOP_INSTRUMENTATION;
    return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
}

uint64_t
DeviceFrames(const std::vector<Ptr<RoceNetDevice>>& devices)
{
    uint64_t n = 0;
    for (const auto& d : devices)
    {
        const RoceNetDevice::Stats s = d->GetStats();
        for (uint64_t f : s.txFrames)
        {
            n += f;
        }
    }
    return n;
}

Result
RunRoce(uint32_t switches, uint64_t bytes)
{
    Result r;
    Ptr<RdmaAddressBook> book = CreateObject<RdmaAddressBook>();
    Ptr<RoceHostDirectory> directory = CreateObject<RoceHostDirectory>();
    RoceSwitchHelper helper;
    std::vector<Ptr<RoceSwitch>> sw;
    for (uint32_t i = 0; i < switches; ++i)
    {
        sw.push_back(helper.Install(CreateObject<Node>()));
        sw.back()->SetDirectory(directory);
    }
    Ptr<NdkAdapter> adapter[2];
    Ptr<RdmaNic> nic[2];
    Ptr<RoceNetDevice> port[2];
    const Ipv4Address address[2] = {Ipv4Address("10.0.0.1"), Ipv4Address("10.0.1.1")};
    for (int h = 0; h < 2; ++h)
    {
        Ptr<Node> node = CreateObject<Node>();
        adapter[h] = CreateObject<NdkAdapter>();
        adapter[h]->SetAddress(address[h]);
        adapter[h]->Open({1, 2});
        port[h] = CreateObject<RoceNetDevice>();
        port[h]->SetAddress(Mac48Address::Allocate());
        node->AddDevice(port[h]);
        nic[h] = CreateObject<RdmaNic>();
        directory->Add(address[h], h);
    }
    // Each switch: port "left" toward A (group 0), "right" toward B (group 1).
    std::vector<uint32_t> left(switches);
    std::vector<uint32_t> right(switches);
    left[0] = helper.Connect(sw[0], port[0]);
    for (uint32_t i = 0; i + 1 < switches; ++i)
    {
        auto p = helper.Connect(sw[i], sw[i + 1]);
        right[i] = p.first;
        left[i + 1] = p.second;
    }
    right[switches - 1] = helper.Connect(sw[switches - 1], port[1]);
    for (uint32_t i = 0; i < switches; ++i)
    {
        sw[i]->AddRoute(0, {left[i]});
        sw[i]->AddRoute(1, {right[i]});
    }
    sw[0]->AddHostRoute(address[0], left[0]);
    sw[switches - 1]->AddHostRoute(address[1], right[switches - 1]);
    for (int h = 0; h < 2; ++h)
    {
        nic[h]->Setup(adapter[h], port[h], book);
    }

    Ptr<NdkPd> pd[2];
    Ptr<NdkCq> cq[2];
    Ptr<NdkQp> qp[2];
    for (int h = 0; h < 2; ++h)
    {
        adapter[h]->CreatePd(&pd[h]);
        adapter[h]->CreateCq(64, NdkCqNotificationCallback(), 0, &cq[h]);
        pd[h]->CreateQp(cq[h], cq[h], h, 16, 16, 4, 4, 64, &qp[h]);
    }
    Ptr<NdkListener> listener;
    Ptr<NdkConnector> accepted;
    Ptr<NdkConnector> connector;
    adapter[1]->CreateListener(
        [&](NdkContext, Ptr<NdkConnector> c) {
            accepted = c;
            c->Accept(qp[1],
                      8,
                      8,
                      nullptr,
                      0,
                      NdkDisconnectEventCallback(),
                      0,
                      {[](NdkContext, NdkStatus) {}, 0});
        },
        0,
        &listener);
    listener->Listen(InetSocketAddress(address[1], 1000));
    adapter[0]->CreateConnector(&connector);
    bool connected = false;
    connector->Connect(qp[0],
                       InetSocketAddress(address[0], 0),
                       InetSocketAddress(address[1], 1000),
                       8,
                       8,
                       nullptr,
                       0,
                       {[&](NdkContext, NdkStatus s) {
                            if (s == NdkStatus::SUCCESS)
                            {
                                connector->CompleteConnect(NdkDisconnectEventCallback(), 0);
                                connected = true;
                            }
                        },
                        0});
    Simulator::Run();
    if (!connected)
    {
        std::fprintf(stderr, "roce: connection failed\n");
        Simulator::Destroy();
        return r;
    }

    Ptr<NdkHostMemory> mem[2] = {adapter[0]->GetHostMemory(), adapter[1]->GetHostMemory()};
    const uint64_t src = mem[0]->Allocate(bytes);
    const uint64_t dst = mem[1]->Allocate(bytes);
    Ptr<NdkMr> srcMr;
    Ptr<NdkMr> dstMr;
    pd[0]->CreateMr(false, &srcMr);
    srcMr->Register(src, bytes, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
    pd[1]->CreateMr(false, &dstMr);
    dstMr->Register(dst, bytes, NDK_MR_FLAG_ALLOW_LOCAL_WRITE | NDK_MR_FLAG_ALLOW_REMOTE_WRITE);

    std::vector<Ptr<RoceNetDevice>> devices{port[0], port[1]};
    for (const auto& s : sw)
    {
        for (uint32_t i = 0; i < s->GetNPorts(); ++i)
        {
            devices.push_back(s->GetPort(i));
        }
    }
    const uint64_t before = DeviceFrames(devices);
    NdkSge sge{src, static_cast<uint32_t>(bytes), srcMr->GetLocalToken()};
    qp[0]->Write(1, &sge, 1, dst, dstMr->GetRemoteToken(), 0);
    r.wallNs = MeasuredRun();
    r.hops = DeviceFrames(devices) - before;
    NdkResultEx res[4];
    r.ok = cq[0]->GetResultsEx(res, 4) == 1 && res[0].status == NdkStatus::SUCCESS;
    RoceSwitch::Stats total;
    for (const auto& s : sw)
    {
        const RoceSwitch::Stats one = s->GetStats();
        total.total.Add(one.total);
        total.peakBufferBytes = std::max(total.peakBufferBytes, one.peakBufferBytes);
        total.peakSharedBytes = std::max(total.peakSharedBytes, one.peakSharedBytes);
        total.peakHeadroomBytes = std::max(total.peakHeadroomBytes, one.peakHeadroomBytes);
    }
    std::printf("  roce: %u switches, %llu-byte Write %s, %llu packet-hops; switches: ",
                switches,
                static_cast<unsigned long long>(bytes),
                r.ok ? "completed" : "FAILED",
                static_cast<unsigned long long>(r.hops));
    std::fflush(stdout);
    total.Print(std::cout);
    std::cout << std::endl;
    Simulator::Destroy();
    return r;
}

/** Counts datagrams arriving at the sink. */
void
SinkReceive(uint64_t* count, Ptr<Socket> socket)
{
    while (socket->Recv())
    {
        ++*count;
    }
}

/** Sends one datagram and schedules the next until \p left is 0. */
void
SendNext(Ptr<Socket> socket, uint32_t left, Time interval)
{
    socket->Send(Create<Packet>(1000));
    if (left > 1)
    {
        Simulator::Schedule(interval, &SendNext, socket, left - 1, interval);
    }
}

/** The minimal forwarder's source: hands 1000-byte packets to the first device. */
void
SendRaw(Ptr<NetDevice> device, uint32_t left, Time interval)
{
    device->Send(Create<Packet>(1000), device->GetBroadcast(), 0x0800);
    if (left > 1)
    {
        Simulator::Schedule(interval, &SendRaw, device, left - 1, interval);
    }
}

/**
 * A minimal forwarding app: a protocol handler that sends every packet received on one of
 * the node's two devices out of the other (as IPv4 forwarding does, on a copy), or counts
 * it at the end of the chain.
 */
class ChainForwarder : public SimpleRefCount<ChainForwarder>
{
  public:
    ChainForwarder(Ptr<Node> node, uint64_t* sinkCount)
        : m_node(node),
          m_count(sinkCount)
    {
        node->RegisterProtocolHandler(MakeCallback(&ChainForwarder::Receive, this),
                                      0x0800,
                                      nullptr);
    }

  private:
    void Receive(Ptr<NetDevice> device,
                 Ptr<const Packet> packet,
                 uint16_t protocol,
                 const Address& from,
                 const Address& to,
                 NetDevice::PacketType type)
    {
        if (m_count)
        {
            ++*m_count;
            return;
        }
        Ptr<NetDevice> out =
            m_node->GetDevice(0) == device ? m_node->GetDevice(1) : m_node->GetDevice(0);
        out->Send(packet->Copy(), out->GetBroadcast(), protocol);
    }

    Ptr<Node> m_node;
    uint64_t* m_count;
};

Result
RunP2p(uint32_t routers, uint32_t packets, bool ipv4)
{
    Result r;
    NodeContainer nodes;
    nodes.Create(routers + 2);
    if (ipv4)
    {
        InternetStackHelper internet;
        internet.SetRoutingHelper(Ipv4StaticRoutingHelper());
        internet.Install(nodes);
    }
    ObjectFactory deviceFactory("ns3::PointToPointNetDevice");
    deviceFactory.Set("DataRate", DataRateValue(DataRate("100Gbps")));
    ObjectFactory channelFactory("ns3::PointToPointChannel");
    channelFactory.Set("Delay", TimeValue(MicroSeconds(1)));
    ObjectFactory queueFactory("ns3::DropTailQueue<Packet>");
    Ipv4AddressHelper addresses("10.1.0.0", "255.255.255.0");
    std::vector<Ipv4InterfaceContainer> links;
    for (uint32_t i = 0; i <= routers; ++i)
    {
        Ptr<Channel> channel = channelFactory.Create<Channel>();
        NetDeviceContainer pair;
        for (uint32_t k = 0; k < 2; ++k)
        {
            // As PointToPointHelper::Install does it: address, node, queue with its queue
            // interface (flow control toward the traffic-control layer), cable.
            Ptr<NetDevice> d = deviceFactory.Create<NetDevice>();
            d->SetAddress(Mac48Address::Allocate());
            nodes.Get(i + k)->AddDevice(d);
            Ptr<Queue<Packet>> queue = queueFactory.Create<Queue<Packet>>();
            d->SetAttribute("TxQueue", PointerValue(queue));
            Ptr<NetDeviceQueueInterface> ndqi = CreateObject<NetDeviceQueueInterface>();
            ndqi->GetTxQueue(0)->ConnectQueueTraces(queue);
            d->AggregateObject(ndqi);
            DynamicCast<PointToPointNetDevice>(d)->Attach(DynamicCast<PointToPointChannel>(channel));
            pair.Add(d);
        }
        if (ipv4)
        {
            links.push_back(addresses.Assign(pair));
            addresses.NewNetwork();
        }
    }
    uint64_t received = 0;
    std::vector<Ptr<ChainForwarder>> forwarders;
    // 1030 bytes with UDP, IPv4 and PPP headers take 82.4 ns at 100 Gb/s: no queue builds.
    const Time interval = NanoSeconds(90);
    if (ipv4)
    {
        // Static routes toward the sink's link, hop by hop.
        const Ipv4Address sinkAddress = links[routers].GetAddress(1);
        Ipv4StaticRoutingHelper helper;
        for (uint32_t i = 0; i <= routers; ++i)
        {
            Ptr<Ipv4> ip = nodes.Get(i)->GetObject<Ipv4>();
            const uint32_t iface = links[i].Get(0).second;
            helper.GetStaticRouting(ip)->AddNetworkRouteTo(Ipv4Address("10.1.0.0"),
                                                           Ipv4Mask("255.255.0.0"),
                                                           links[i].GetAddress(1),
                                                           iface);
        }
        Ptr<Socket> sink =
            Socket::CreateSocket(nodes.Get(routers + 1), UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        sink->SetRecvCallback(MakeBoundCallback(&SinkReceive, &received));
        Ptr<Socket> source = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        source->Connect(InetSocketAddress(sinkAddress, 9));
        Simulator::Schedule(MicroSeconds(1), &SendNext, source, packets, interval);
    }
    else
    {
        for (uint32_t i = 1; i <= routers + 1; ++i)
        {
            forwarders.push_back(
                Create<ChainForwarder>(nodes.Get(i), i == routers + 1 ? &received : nullptr));
        }
        Simulator::Schedule(MicroSeconds(1),
                            &SendRaw,
                            nodes.Get(0)->GetDevice(0),
                            packets,
                            interval);
    }
    r.wallNs = MeasuredRun();
    r.hops = received * (routers + 1);
    r.ok = received == packets;
    std::printf("  p2p (%s):  %u routers, %u packets sent, %llu received, %llu packet-hops\n",
                ipv4 ? "IPv4 static routing, UDP" : "minimal forwarding app",
                routers,
                packets,
                static_cast<unsigned long long>(received),
                static_cast<unsigned long long>(r.hops));
    Simulator::Destroy();
    return r;
}

/** Run this program under callgrind for one side; \return instructions per packet-hop. */
double
Instructions(const char* side, uint32_t switches, uint64_t bytes, uint32_t packets)
{
    char self[4096];
    const ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n <= 0)
    {
        return 0;
    }
    self[n] = 0;
    const std::string cmd =
        std::string(
            "valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/dev/null ") +
        self + " --side=" + side + " --switches=" + std::to_string(switches) +
        " --bytes=" + std::to_string(bytes) + " --packets=" + std::to_string(packets) + " 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe)
    {
        return 0;
    }
    char line[4096];
    unsigned long long collected = 0;
    unsigned long long hops = 0;
    while (std::fgets(line, sizeof(line), pipe))
    {
        const char* c = std::strstr(line, "Collected :");
        if (c)
        {
            collected = std::strtoull(c + 11, nullptr, 10);
        }
        const char* h = std::strstr(line, "HOPS ");
        if (h)
        {
            hops = std::strtoull(h + 5, nullptr, 10);
        }
    }
    pclose(pipe);
    return hops ? double(collected) / double(hops) : 0;
}

} // namespace

int
main(int argc, char** argv)
{
    Time::SetResolution(Time::PS);
    NdksimUseDefaultScheduler();
    uint32_t switches = 8;
    uint64_t bytes = 64ULL << 20;
    uint32_t packets = 65536;
    std::string side = "all";
    bool instructions = false;
    CommandLine cmd(__FILE__);
    cmd.AddValue("switches", "switches (routers on the p2p side) in the chain", switches);
    cmd.AddValue("bytes", "RDMA Write size (RoCE side)", bytes);
    cmd.AddValue("packets", "UDP datagrams of 1000 bytes (p2p side)", packets);
    cmd.AddValue("side", "all (default), roce, p2p (minimal forwarder) or ipv4", side);
    cmd.AddValue("instructions", "also count instructions under callgrind", instructions);
    cmd.Parse(argc, argv);
    if (switches < 1 || bytes == 0 || bytes > 0xFFFFFFFFULL)
    {
        std::fprintf(stderr, "need --switches >= 1 and 0 < --bytes < 4 GiB\n");
        return 2;
    }

    std::printf("switch-hop: RoceSwitch (PFC, ECN marking and DCQCN on) vs bare ns-3 "
                "PointToPointNetDevice forwarding, chain of %u, 100 Gb/s, 1 us cables\n",
                switches);
    const bool all = side == "both" || side == "all";
    Result roce;
    Result p2p;
    Result ipv4;
    if (all || side == "roce")
    {
        roce = RunRoce(switches, bytes);
    }
    if (all || side == "p2p")
    {
        p2p = RunP2p(switches, packets, false);
    }
    if (all || side == "ipv4")
    {
        ipv4 = RunP2p(switches, packets, true);
    }
    if (!all)
    {
        const Result& one = side == "roce" ? roce : side == "p2p" ? p2p : ipv4;
        std::printf("HOPS %llu\n", static_cast<unsigned long long>(one.hops));
    }
    auto perHop = [](const Result& x) { return x.hops ? x.wallNs / double(x.hops) : 0.0; };
    if (roce.hops)
    {
        std::printf("roce:            %8.1f wall ns per packet-hop\n", perHop(roce));
    }
    if (p2p.hops)
    {
        std::printf("p2p forwarder:   %8.1f wall ns per packet-hop\n", perHop(p2p));
    }
    if (ipv4.hops)
    {
        std::printf("p2p IPv4 + UDP:  %8.1f wall ns per packet-hop\n", perHop(ipv4));
    }
    if (roce.hops && p2p.hops)
    {
        std::printf("ratio roce / p2p forwarder: %.2f (goal <= 1.0)\n", perHop(roce) / perHop(p2p));
    }
    if (roce.hops && ipv4.hops)
    {
        std::printf("ratio roce / p2p IPv4:      %.2f\n", perHop(roce) / perHop(ipv4));
    }
    if (instructions)
    {
        if (std::system("valgrind --version >/dev/null 2>&1") != 0)
        {
            std::printf("instructions: valgrind not found\n");
            return 0;
        }
        const uint64_t smallBytes = 2ULL << 20;
        const uint32_t smallPackets = 2048;
        const double ri = Instructions("roce", switches, smallBytes, smallPackets);
        const double pi = Instructions("p2p", switches, smallBytes, smallPackets);
        const double ii = Instructions("ipv4", switches, smallBytes, smallPackets);
        std::printf("instructions per packet-hop (callgrind, measured Run() only): roce %.0f, "
                    "p2p forwarder %.0f, p2p IPv4 %.0f; ratio roce / forwarder %.2f, roce / "
                    "IPv4 %.2f\n",
                    ri,
                    pi,
                    ii,
                    pi > 0 ? ri / pi : 0.0,
                    ii > 0 ? ri / ii : 0.0);
    }
    else
    {
        std::printf("(add --instructions to count instructions per packet-hop with callgrind)\n");
    }
    return 0;
}
