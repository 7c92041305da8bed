/*
 * A connected pair of NDK adapters over a transport, for semantic tests.
 */

#ifndef NDK_FIXTURE_H
#define NDK_FIXTURE_H

#include "ns3/boolean.h"
#include "ns3/ndk-adapter.h"
#include "ns3/ndk-connector.h"
#include "ns3/ndk-cq.h"
#include "ns3/ndk-ideal-transport.h"
#include "ns3/ndk-mr.h"
#include "ns3/ndk-mw.h"
#include "ns3/ndk-pd.h"
#include "ns3/ndk-qp.h"
#include "ns3/ndk-srq.h"
#include "ns3/rdma-address-book.h"
#include "ns3/rdma-nic.h"
#include "ns3/roce-channel.h"
#include "ns3/roce-net-device.h"
#include "ns3/simulator.h"

#include <string>
#include <vector>

namespace ns3
{
namespace ndktest
{

/** One side: adapter, PD, CQ, QP. */
struct NdkSide
{
    Ptr<NdkAdapter> adapter;
    Ptr<NdkPd> pd;
    Ptr<NdkCq> cq;
    Ptr<NdkQp> qp;
    Ptr<NdkConnector> connector;
    Ptr<NdkHostMemory> memory;
    Ptr<RoceNetDevice> port;         //!< Roce only
    Ptr<RdmaNic> nic;                //!< Roce only
    std::vector<Time> notifications; //!< when the CQ notified (after cq->Arm)

    /** Drain every completion of the CQ. */
    std::vector<NdkResultEx> Poll()
    {
        std::vector<NdkResultEx> out;
        NdkResultEx r[16];
        uint32_t n;
        while ((n = cq->GetResultsEx(r, 16)) > 0)
        {
            out.insert(out.end(), r, r + n);
        }
        return out;
    }

    /** Register a fresh buffer; \return the MR (flags as NdkRegisterMr). */
    Ptr<NdkMr> Register(uint64_t address, uint64_t length, uint32_t flags)
    {
        Ptr<NdkMr> mr;
        pd->CreateMr(false, &mr);
        mr->Register(address, length, flags);
        return mr;
    }
};

/** The transport a semantic test runs over: the same test bodies run over each. */
enum class NdkTestTransport
{
    Ideal, //!< NdkIdealTransport: zero delay, no packets
    Roce,  //!< two RdmaNics joined by a RoceChannel: RoCEv2 packets, RC reliability, timing
};

/** \return " [ideal]" or " [roce]", appended to test-case names. */
inline std::string
NdkTestTransportSuffix(NdkTestTransport kind)
{
    return kind == NdkTestTransport::Ideal ? " [ideal]" : " [roce]";
}

/**
 * Two adapters (10.0.0.1 "a" and 10.0.0.2 "b") on a transport, each with a PD, a CQ
 * and a QP, connected a -> b (listener on b:1000). Host memory contents are tracked.
 */
class NdkPair
{
  public:
    explicit NdkPair(NdkTestTransport kind = NdkTestTransport::Ideal,
                     uint32_t qpDepth = 16,
                     uint32_t cqDepth = 256,
                     bool connect = true)
        : kind(kind)
    {
        ++Depth();
        if (kind == NdkTestTransport::Ideal)
        {
            transport = CreateObject<NdkIdealTransport>();
        }
        else
        {
            book = CreateObject<RdmaAddressBook>();
            channel = CreateObject<RoceChannel>();
        }
        Build(a, "10.0.0.1", cqDepth, qpDepth);
        Build(b, "10.0.0.2", cqDepth, qpDepth);
        if (connect)
        {
            Connect();
        }
    }

    ~NdkPair()
    {
        // A pair nested in another's scope keeps its objects until the outermost pair ends:
        // the simulator still holds events that point at them.
        std::vector<Ptr<Object>>& graveyard = Graveyard();
        for (NdkSide* s : {&a, &b})
        {
            graveyard.push_back(s->adapter); // adapters first: closing may still send CM
        }
        for (NdkSide* s : {&a, &b})
        {
            if (s->nic)
            {
                graveyard.push_back(s->nic);
                graveyard.push_back(s->port);
            }
        }
        if (transport)
        {
            graveyard.push_back(transport);
        }
        if (--Depth() > 0)
        {
            return;
        }
        for (Ptr<Object>& object : graveyard)
        {
            object->Dispose();
        }
        graveyard.clear();
        Simulator::Destroy();
    }

    static std::vector<Ptr<Object>>& Graveyard()
    {
        static std::vector<Ptr<Object>> objects;
        return objects;
    }

    static int& Depth()
    {
        static int depth = 0;
        return depth;
    }

    void Build(NdkSide& s, const char* ip, uint32_t cqDepth, uint32_t qpDepth)
    {
        s.adapter = CreateObject<NdkAdapter>();
        s.adapter->SetAttribute("KeyPolicy", TypeIdValue(NdkSequentialKeyPolicy::GetTypeId()));
        s.adapter->SetAddress(Ipv4Address(ip));
        s.adapter->Open({1, 2});
        s.memory = s.adapter->GetHostMemory();
        s.memory->SetAttribute("TrackContents", BooleanValue(true));
        if (transport)
        {
            transport->Attach(s.adapter);
        }
        else
        {
            s.port = CreateObject<RoceNetDevice>();
            s.port->SetAddress(Mac48Address::Allocate());
            s.port->Attach(channel);
            s.nic = CreateObject<RdmaNic>();
            s.nic->Setup(s.adapter, s.port, book);
        }
        s.adapter->CreatePd(&s.pd);
        NdkSide* side = &s;
        s.adapter->CreateCq(
            cqDepth,
            [side](NdkContext, NdkStatus) { side->notifications.push_back(Simulator::Now()); },
            0,
            &s.cq);
        s.pd->CreateQp(s.cq,
                       s.cq,
                       s.adapter == a.adapter ? 0xA : 0xB,
                       qpDepth,
                       qpDepth,
                       4,
                       4,
                       64,
                       &s.qp);
    }

    /** Connect a.qp -> b.qp and run until both are connected. */
    void Connect(const uint8_t* pdata = nullptr, uint32_t pdataLength = 0)
    {
        b.adapter->CreateListener(
            [this](NdkContext, Ptr<NdkConnector> c) {
                b.connector = c;
                acceptStatus = c->Accept(b.qp,
                                         8,
                                         8,
                                         nullptr,
                                         0,
                                         NdkDisconnectEventCallback(),
                                         0,
                                         {[this](NdkContext, NdkStatus s) { acceptDone = s; }, 0});
            },
            0,
            &listener);
        listener->Listen(InetSocketAddress(Ipv4Address("10.0.0.2"), 1000));
        a.adapter->CreateConnector(&a.connector);
        connectStatus = a.connector->Connect(
            a.qp,
            InetSocketAddress(Ipv4Address("10.0.0.1"), 0),
            InetSocketAddress(Ipv4Address("10.0.0.2"), 1000),
            8,
            8,
            pdata,
            pdataLength,
            {[this](NdkContext, NdkStatus s) {
                 connectDone = s;
                 if (s == NdkStatus::SUCCESS)
                 {
                     a.connector->CompleteConnect(NdkDisconnectEventCallback(), 0);
                 }
             },
             0});
        Simulator::Run();
    }

    /** Cut (or mend) the connection between the two adapters: requests and CM messages are lost. */
    void SetLinkDown(bool down)
    {
        if (transport)
        {
            transport->SetLinkDown(down);
        }
        else
        {
            channel->SetUp(!down);
        }
    }

    NdkTestTransport kind;
    Ptr<NdkIdealTransport> transport; //!< Ideal only
    Ptr<RdmaAddressBook> book;        //!< Roce only
    Ptr<RoceChannel> channel;         //!< Roce only
    NdkSide a;
    NdkSide b;
    Ptr<NdkListener> listener;
    NdkStatus connectStatus{NdkStatus::UNSUCCESSFUL};
    NdkStatus connectDone{NdkStatus::UNSUCCESSFUL};
    NdkStatus acceptStatus{NdkStatus::UNSUCCESSFUL};
    NdkStatus acceptDone{NdkStatus::UNSUCCESSFUL};
};

} // namespace ndktest
} // namespace ns3

#endif
