/*
 * A small RoCE fabric for switch tests: hosts (NdkAdapter + RdmaNic + RoceNetDevice on a
 * Node) around one or more RoceSwitches, connected QP pairs, NDK Writes and their checks.
 */

#ifndef ROCE_FABRIC_TEST_UTIL_H
#define ROCE_FABRIC_TEST_UTIL_H

#include "ns3/boolean.h"
#include "ns3/ethernet-header.h"
#include "ns3/ipv4-header.h"
#include "ns3/ndk-adapter.h"
#include "ns3/ndk-connector.h"
#include "ns3/ndk-cq.h"
#include "ns3/ndk-host-memory.h"
#include "ns3/ndk-key-policy.h"
#include "ns3/ndk-mr.h"
#include "ns3/ndk-pd.h"
#include "ns3/ndk-qp.h"
#include "ns3/node.h"
#include "ns3/rdma-address-book.h"
#include "ns3/rdma-nic.h"
#include "ns3/roce-channel.h"
#include "ns3/roce-host-directory.h"
#include "ns3/roce-net-device.h"
#include "ns3/roce-switch-helper.h"
#include "ns3/roce-switch.h"
#include "ns3/simulator.h"
#include "ns3/udp-header.h"

#include <deque>
#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace rocetest
{

/** One host: node, adapter with PD and CQ, NIC and its port. */
struct FabricHost
{
    Ptr<Node> node;
    Ptr<NdkAdapter> adapter;
    Ptr<NdkPd> pd;
    Ptr<NdkCq> cq;
    Ptr<NdkHostMemory> memory;
    Ptr<RoceNetDevice> port;
    Ptr<RdmaNic> nic;
    Ipv4Address address;
    Ptr<NdkListener> listener;
    std::deque<Ptr<NdkQp>> accepting; //!< server QPs waiting for the next connect request
    std::vector<Ptr<NdkConnector>> connectors;
};

/** A connected QP pair: client (requester) -> server. */
struct FabricFlow
{
    uint32_t client{0};
    uint32_t server{0};
    Ptr<NdkQp> clientQp;
    Ptr<NdkQp> serverQp;
    bool connected{false};
    uint64_t srcAddr{0};
    uint64_t dstAddr{0};
    uint64_t length{0};
    Ptr<NdkMr> srcMr;
    Ptr<NdkMr> dstMr;
};

/**
 * Hosts and switches of one test. Configure `switches` (a RoceSwitchHelper) and the host
 * port attributes before adding anything. The destructor ends the simulation: keep one
 * fabric alive per test case.
 */
class RoceTestFabric
{
  public:
    explicit RoceTestFabric(bool trackContents = true)
        : m_track(trackContents)
    {
        book = CreateObject<RdmaAddressBook>();
        directory = CreateObject<RoceHostDirectory>();
        hostPort.SetTypeId(RoceNetDevice::GetTypeId());
        nicFactory.SetTypeId(RdmaNic::GetTypeId());
    }

    ~RoceTestFabric()
    {
        Simulator::Destroy();
    }

    RoceTestFabric(const RoceTestFabric&) = delete;
    RoceTestFabric& operator=(const RoceTestFabric&) = delete;

    /** \return a new switch on a new node (sharing the directory) */
    Ptr<RoceSwitch> AddSwitch()
    {
        Ptr<Node> node = CreateObject<Node>();
        Ptr<RoceSwitch> sw = switches.Install(node);
        sw->SetDirectory(directory);
        switchList.push_back(sw);
        return sw;
    }

    /**
     * \brief A host in \p group cabled to a new port of \p tor (with a host route there).
     * \return the host index
     */
    uint32_t AddHost(Ptr<RoceSwitch> tor, uint32_t group)
    {
        const uint32_t index = static_cast<uint32_t>(hosts.size());
        hosts.emplace_back();
        FabricHost& h = hosts.back();
        h.node = CreateObject<Node>();
        h.address = Ipv4Address((10U << 24) | ((group & 0xFF) << 16) | ((index + 1) & 0xFFFF));
        h.adapter = CreateObject<NdkAdapter>();
        h.adapter->SetAttribute("KeyPolicy", TypeIdValue(NdkSequentialKeyPolicy::GetTypeId()));
        h.adapter->SetAddress(h.address);
        h.adapter->Open({1, 2});
        h.memory = h.adapter->GetHostMemory();
        h.memory->SetAttribute("TrackContents", BooleanValue(m_track));
        h.port = hostPort.Create<RoceNetDevice>();
        h.port->SetAddress(Mac48Address::Allocate());
        h.node->AddDevice(h.port);
        const uint32_t swPort = switches.Connect(tor, h.port);
        h.nic = nicFactory.Create<RdmaNic>();
        h.nic->Setup(h.adapter, h.port, book);
        h.adapter->CreatePd(&h.pd);
        h.adapter->CreateCq(4096, NdkCqNotificationCallback(), 0, &h.cq);
        directory->Add(h.address, group);
        tor->AddHostRoute(h.address, swPort);
        return index;
    }

    /** \brief Queue a connection client -> server (Run() makes it); \return the flow index */
    uint32_t AddFlow(uint32_t client, uint32_t server)
    {
        const uint32_t index = static_cast<uint32_t>(flows.size());
        flows.emplace_back();
        FabricFlow& f = flows.back();
        f.client = client;
        f.server = server;
        FabricHost& c = hosts[client];
        FabricHost& s = hosts[server];
        c.pd->CreateQp(c.cq, c.cq, index, 64, 64, 4, 4, 64, &f.clientQp);
        s.pd->CreateQp(s.cq, s.cq, index, 64, 64, 4, 4, 64, &f.serverQp);
        if (!s.listener)
        {
            FabricHost* sp = &s;
            s.adapter->CreateListener(
                [sp](NdkContext, Ptr<NdkConnector> conn) {
                    NS_ABORT_MSG_IF(sp->accepting.empty(), "unexpected connect request");
                    Ptr<NdkQp> qp = sp->accepting.front();
                    sp->accepting.pop_front();
                    sp->connectors.push_back(conn);
                    conn->Accept(qp,
                                 8,
                                 8,
                                 nullptr,
                                 0,
                                 NdkDisconnectEventCallback(),
                                 0,
                                 {[](NdkContext, NdkStatus) {}, 0});
                },
                0,
                &s.listener);
            s.listener->Listen(InetSocketAddress(s.address, 1000));
        }
        s.accepting.push_back(f.serverQp);
        Ptr<NdkConnector> conn;
        c.adapter->CreateConnector(&conn);
        c.connectors.push_back(conn);
        FabricFlow* fp = &f;
        NdkConnector* cp = PeekPointer(conn); // held by c.connectors: no reference cycle
        conn->Connect(f.clientQp,
                      InetSocketAddress(c.address, 0),
                      InetSocketAddress(s.address, 1000),
                      8,
                      8,
                      nullptr,
                      0,
                      {[fp, cp](NdkContext, NdkStatus st) {
                           if (st == NdkStatus::SUCCESS)
                           {
                               cp->CompleteConnect(NdkDisconnectEventCallback(), 0);
                               fp->connected = true;
                           }
                       },
                       0});
        // One connection at a time: a listener hands its next waiting QP to the next request.
        Simulator::Run();
        return index;
    }

    /**
     * \brief Register \p length bytes at both ends of flow \p f (the source filled with a
     * pattern of the flow) and post one Write of all of them.
     * \return the post status
     */
    NdkStatus PostWrite(uint32_t f, uint64_t length)
    {
        FabricFlow& flow = flows[f];
        FabricHost& c = hosts[flow.client];
        FabricHost& s = hosts[flow.server];
        flow.length = length;
        flow.srcAddr = c.memory->Allocate(length);
        c.memory->Fill(flow.srcAddr, Pattern(f), length);
        c.pd->CreateMr(false, &flow.srcMr);
        flow.srcMr->Register(flow.srcAddr, length, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
        flow.dstAddr = s.memory->Allocate(length);
        s.memory->Fill(flow.dstAddr, 0, length);
        s.pd->CreateMr(false, &flow.dstMr);
        flow.dstMr->Register(flow.dstAddr,
                             length,
                             NDK_MR_FLAG_ALLOW_LOCAL_WRITE | NDK_MR_FLAG_ALLOW_REMOTE_WRITE);
        NdkSge sge{flow.srcAddr, static_cast<uint32_t>(length), flow.srcMr->GetLocalToken()};
        return flow.clientQp->Write(f, &sge, 1, flow.dstAddr, flow.dstMr->GetRemoteToken(), 0);
    }

    /** \return the fill byte of flow \p f's source buffer */
    static uint8_t Pattern(uint32_t f)
    {
        return static_cast<uint8_t>(0x40 + (f % 0xB0));
    }

    /** \return true if flow \p f's destination holds its source bytes */
    bool DataArrived(uint32_t f) const
    {
        const FabricFlow& flow = flows[f];
        return hosts[flow.server].memory->Digest(flow.dstAddr, flow.length) ==
               hosts[flow.client].memory->Digest(flow.srcAddr, flow.length);
    }

    /** \return every completion of \p host's CQ, by request context (flow index) */
    std::map<uint32_t, NdkStatus> Completions(uint32_t host)
    {
        std::map<uint32_t, NdkStatus> out;
        NdkResultEx r[64];
        uint32_t n;
        while ((n = hosts[host].cq->GetResultsEx(r, 64)) > 0)
        {
            for (uint32_t i = 0; i < n; ++i)
            {
                out[static_cast<uint32_t>(r[i].requestContext)] = r[i].status;
            }
        }
        return out;
    }

    /** \return the transport counters of all NICs summed */
    RdmaQpStats TotalNicStats() const
    {
        RdmaQpStats t;
        for (const FabricHost& h : hosts)
        {
            t += h.nic->GetTotalStats();
        }
        return t;
    }

    RoceSwitchHelper switches;        //!< switch, port, cable, MMU, marker attributes
    ObjectFactory hostPort;           //!< host port (RoceNetDevice) attributes
    ObjectFactory nicFactory;         //!< RdmaNic attributes
    Ptr<RdmaAddressBook> book;        //!< IPv4 -> MAC of the hosts
    Ptr<RoceHostDirectory> directory; //!< IPv4 -> group
    std::vector<Ptr<RoceSwitch>> switchList;
    std::deque<FabricHost> hosts; //!< a deque: listeners keep pointers to hosts
    std::deque<FabricFlow> flows; //!< a deque: connect callbacks keep pointers to flows

  private:
    bool m_track;
};

/** An untagged IPv4/UDP frame of \p frameBytes bytes for injecting into a switch. */
inline Ptr<Packet>
MakeUdpFrame(Ipv4Address src,
             Ipv4Address dst,
             uint16_t sourcePort,
             uint8_t dscp,
             Ipv4Header::EcnType ecn,
             uint32_t frameBytes,
             uint16_t id = 0,
             uint8_t ttl = 64)
{
    Ptr<Packet> p = Create<Packet>(frameBytes - 14 - 20 - 8);
    UdpHeader udp;
    udp.SetSourcePort(sourcePort);
    udp.SetDestinationPort(4791);
    p->AddHeader(udp);
    Ipv4Header ip;
    ip.SetSource(src);
    ip.SetDestination(dst);
    ip.SetProtocol(17);
    ip.SetTtl(ttl);
    ip.SetIdentification(id);
    ip.SetDscp(static_cast<Ipv4Header::DscpType>(dscp));
    ip.SetEcn(ecn);
    ip.SetPayloadSize(p->GetSize());
    ip.EnableChecksum();
    p->AddHeader(ip);
    EthernetHeader eth(false);
    eth.SetSource(Mac48Address("02:00:00:00:00:01"));
    eth.SetDestination(Mac48Address("02:00:00:00:00:02"));
    eth.SetLengthType(0x0800);
    p->AddHeader(eth);
    return p;
}

} // namespace rocetest
} // namespace ns3

#endif /* ROCE_FABRIC_TEST_UTIL_H */
