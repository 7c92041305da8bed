/*
 * RdmaNic: connection management carried as CM MADs to QP1, resent until answered; the QoS
 * policy that gives a connection its traffic class when its REQ or REP is sent.
 */

#include "rdma-address-book.h"
#include "rdma-nic.h"

#include "ns3/boolean.h"
#include "ns3/ethernet-header.h"
#include "ns3/ipv4-header.h"
#include "ns3/log.h"
#include "ns3/ndk-adapter.h"
#include "ns3/ndk-qp.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rdma-congestion-ops.h"
#include "ns3/rdma-dcqcn.h"
#include "ns3/roce-bth-header.h"
#include "ns3/roce-cm-header.h"
#include "ns3/roce-deth-header.h"
#include "ns3/roce-icrc-trailer.h"
#include "ns3/roce-net-device.h"
#include "ns3/roce-psn.h"
#include "ns3/roce-wire-size.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/type-id.h"
#include "ns3/udp-header.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

namespace
{
constexpr uint32_t GSI_QPN = 1; //!< QP1: connection management datagrams

RoceCmHeader::Attribute
AttributeOf(NdkCmType type)
{
    switch (type)
    {
    case NdkCmType::Request:
        return RoceCmHeader::REQ;
    case NdkCmType::Reply:
        return RoceCmHeader::REP;
    case NdkCmType::ReadyToUse:
        return RoceCmHeader::RTU;
    case NdkCmType::Reject:
        return RoceCmHeader::REJ;
    case NdkCmType::DisconnectRequest:
        return RoceCmHeader::DREQ;
    case NdkCmType::DisconnectReply:
        return RoceCmHeader::DREP;
    }
    return RoceCmHeader::REQ;
}

bool
TypeOf(uint16_t attribute, NdkCmType& type)
{
    switch (attribute)
    {
    case RoceCmHeader::REQ:
        type = NdkCmType::Request;
        return true;
    case RoceCmHeader::REP:
        type = NdkCmType::Reply;
        return true;
    case RoceCmHeader::RTU:
        type = NdkCmType::ReadyToUse;
        return true;
    case RoceCmHeader::REJ:
        type = NdkCmType::Reject;
        return true;
    case RoceCmHeader::DREQ:
        type = NdkCmType::DisconnectRequest;
        return true;
    case RoceCmHeader::DREP:
        type = NdkCmType::DisconnectReply;
        return true;
    }
    return false;
}
} // namespace

// ---------------------------------------------------------------------------------------
// QoS policies: a traffic class per service port
// ---------------------------------------------------------------------------------------

void
RdmaNic::AddQosPolicy(uint16_t port, uint8_t priority, uint8_t dscp)
{
    NS_ABORT_MSG_IF(priority >= PRIORITIES || dscp > 63,
                    "RdmaNic::AddQosPolicy: port " << port << " priority " << +priority << " DSCP "
                                                   << +dscp
                                                   << " out of range (priority 0-7, DSCP 0-63)");
    m_qosPolicies[port] = RdmaQosPolicy{port, priority, dscp};
}

std::vector<RdmaQosPolicy>
RdmaNic::GetQosPolicyTable() const
{
    std::vector<RdmaQosPolicy> out;
    out.reserve(m_qosPolicies.size());
    for (const auto& [port, policy] : m_qosPolicies)
    {
        out.push_back(policy);
    }
    return out;
}

bool
RdmaNic::ParseQosPolicies(const std::string& text,
                          std::vector<RdmaQosPolicy>& policies,
                          std::string& badEntry)
{
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
    {
        if (item.find_first_not_of(" \t") == std::string::npos)
        {
            continue;
        }
        // Signed reads: "-1" must not wrap into a valid unsigned value.
        long port = -1;
        long prio = -1;
        long dscp = -1;
        char eq = 0;
        std::istringstream entry(item);
        entry >> port >> eq >> prio;
        bool ok = !entry.fail() && eq == '=';
        entry >> std::ws;
        if (ok && entry.peek() == '/')
        {
            entry.get();
            entry >> dscp;
            ok = !entry.fail();
            entry >> std::ws;
        }
        else
        {
            dscp = prio * 8 + 2; // the common RoCE convention: priority 3 <-> DSCP 26
        }
        if (!ok || !entry.eof() || port < 0 || port > 65535 || prio < 0 || prio >= PRIORITIES ||
            dscp < 0 || dscp > 63)
        {
            badEntry = item;
            return false;
        }
        policies.push_back(RdmaQosPolicy{static_cast<uint16_t>(port),
                                         static_cast<uint8_t>(prio),
                                         static_cast<uint8_t>(dscp)});
    }
    return true;
}

void
RdmaNic::SetQosPolicies(std::string text)
{
    std::vector<RdmaQosPolicy> policies;
    std::string bad;
    NS_ABORT_MSG_IF(!ParseQosPolicies(text, policies, bad),
                    "RdmaNic QosPolicies: bad entry '"
                        << bad << "' (want port=priority[/dscp], priority 0-7, DSCP 0-63)");
    m_qosPolicies.clear();
    for (const RdmaQosPolicy& p : policies)
    {
        AddQosPolicy(p.port, p.priority, p.dscp);
    }
}

std::string
RdmaNic::GetQosPolicies() const
{
    std::ostringstream out;
    bool first = true;
    for (const auto& [port, p] : m_qosPolicies)
    {
        out << (first ? "" : ",") << port << "=" << +p.priority << "/" << +p.dscp;
        first = false;
    }
    return out.str();
}

void
RdmaNic::ApplyQosPolicy(RdmaRcQp& qp, uint16_t servicePort)
{
    auto it = m_qosPolicies.find(servicePort);
    const uint8_t priority = it == m_qosPolicies.end() ? m_priority : it->second.priority;
    const uint8_t dscp = it == m_qosPolicies.end() ? m_dscp : it->second.dscp;
    // A QP with work queued (not expected before its connection is up) moves to the round
    // robin of its new priority.
    const bool active = qp.inRoundRobin;
    Deactivate(&qp);
    qp.SetTrafficClass(priority, dscp);
    if (active)
    {
        Activate(&qp);
    }
}

// ---------------------------------------------------------------------------------------
// Connection management over the fabric
// ---------------------------------------------------------------------------------------

void
RdmaNic::SendCm(NdkAdapter& from, const NdkCmMessage& msg)
{
    if (!m_port)
    {
        return; // disposed: the simulation is being torn down
    }
    RoceCmHeader cm;
    cm.attribute = AttributeOf(msg.type);
    cm.transactionId = ++m_cmTransaction;
    cm.localCommId = msg.srcConnectorId;
    cm.remoteCommId = msg.dstConnectorId;
    cm.qpn = msg.qpNumber;
    cm.srcAddress = msg.srcAddress.Get();
    cm.dstAddress = msg.dstAddress.Get();
    cm.srcPort = msg.srcPort;
    cm.dstPort = msg.dstPort;
    cm.inboundReadLimit = static_cast<uint8_t>(std::min<uint32_t>(msg.inboundReadLimit, 255));
    cm.outboundReadLimit = static_cast<uint8_t>(std::min<uint32_t>(msg.outboundReadLimit, 255));
    cm.rejectReason = static_cast<uint8_t>(msg.rejectReason);
    cm.privateData = msg.privateData;
    if (msg.type == NdkCmType::Request || msg.type == NdkCmType::Reply)
    {
        // REQ and REP carry the sender QP's starting PSN and SRQ use (IB CM 12.6.5, 12.6.8).
        if (NdkQp* qp = m_adapter->FindQp(msg.qpNumber))
        {
            RdmaRcQp* rc = GetOrCreateRcQp(qp);
            cm.startingPsn = rc->GetStartPsn();
            cm.srq = qp->HasSrq();
            // The service port is the listener's: where the REQ goes, where the REP comes from.
            ApplyQosPolicy(*rc, msg.type == NdkCmType::Request ? msg.dstPort : msg.srcPort);
        }
    }
    const uint32_t peer = msg.dstAddress.Get();
    // A newer message from the same connector supersedes the one waiting for an answer.
    auto superseded = m_pendingCm.find({peer, msg.srcConnectorId});
    if (superseded != m_pendingCm.end())
    {
        Simulator::Cancel(superseded->second.timer);
        m_pendingCm.erase(superseded);
    }
    if (msg.dstConnectorId != 0)
    {
        m_lastCmTo[{peer, msg.dstConnectorId}] = cm; // an answer: sent again on a duplicate
    }
    if (msg.type == NdkCmType::Request || msg.type == NdkCmType::Reply ||
        msg.type == NdkCmType::DisconnectRequest)
    {
        const std::pair<uint32_t, uint32_t> key{peer, msg.srcConnectorId};
        PendingCm& pending = m_pendingCm[key];
        Simulator::Cancel(pending.timer);
        pending.cm = cm;
        pending.destination = msg.dstAddress;
        pending.tries = 0;
        pending.timer = Simulator::Schedule(m_cmRetryTimeout, &RdmaNic::RetryCm, this, key);
    }
    TransmitCm(cm, msg.dstAddress);
}

void
RdmaNic::TransmitCm(const RoceCmHeader& cm, Ipv4Address destination)
{
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(cm);
    p->AddHeader(RoceDethHeader(RoceDethHeader::GSI_QKEY, GSI_QPN));
    RoceBthHeader bth;
    bth.SetOpcode(RoceOpcode::UD_SEND_ONLY);
    bth.SetDestQp(GSI_QPN);
    bth.SetPsn(static_cast<uint32_t>(cm.transactionId) & RocePsn::MASK);
    p->AddHeader(bth);
    p = Encapsulate(p, destination, 0xC000 | GSI_QPN, m_dscp, false);
    m_port->Enqueue(p, m_priority);
}

void
RdmaNic::RetryCm(std::pair<uint32_t, uint32_t> key)
{
    auto it = m_pendingCm.find(key);
    if (it == m_pendingCm.end() || !m_port)
    {
        return;
    }
    PendingCm& pending = it->second;
    if (pending.tries >= m_cmRetryCount)
    {
        m_pendingCm.erase(it); // the NDK connector's own timeout ends the attempt
        return;
    }
    ++pending.tries;
    TransmitCm(pending.cm, pending.destination); // same transaction id: the peer can tell
    pending.timer = Simulator::Schedule(m_cmRetryTimeout, &RdmaNic::RetryCm, this, key);
}

void
RdmaNic::ProcessCm(Ptr<Packet> packet, Ipv4Address source)
{
    RoceDethHeader deth;
    packet->RemoveHeader(deth);
    RoceCmHeader cm;
    packet->RemoveHeader(cm);
    NdkCmMessage msg;
    if (!TypeOf(cm.attribute, msg.type))
    {
        return;
    }
    // A resent message we already have: answer it again (our answer was lost), don't deliver.
    const std::pair<uint32_t, uint32_t> from{source.Get(), cm.localCommId};
    auto seen = m_lastCmFrom.find(from);
    if (seen != m_lastCmFrom.end() && cm.transactionId <= seen->second) // ids only grow
    {
        // Only a message that waits for an answer gets one again; answering a duplicate answer
        // (RTU, REJ, DREP) would start an endless exchange of resends.
        auto answer = m_lastCmTo.find(from);
        if (answer != m_lastCmTo.end() &&
            (msg.type == NdkCmType::Request || msg.type == NdkCmType::Reply ||
             msg.type == NdkCmType::DisconnectRequest))
        {
            TransmitCm(answer->second, source);
        }
        return;
    }
    m_lastCmFrom[from] = cm.transactionId;
    if (cm.remoteCommId != 0)
    {
        // Whatever this is, it answers the message we sent to that connector.
        auto pending = m_pendingCm.find({source.Get(), cm.remoteCommId});
        if (pending != m_pendingCm.end())
        {
            Simulator::Cancel(pending->second.timer);
            m_pendingCm.erase(pending);
        }
    }
    msg.srcAddress = Ipv4Address(cm.srcAddress);
    msg.dstAddress = Ipv4Address(cm.dstAddress);
    msg.srcPort = cm.srcPort;
    msg.dstPort = cm.dstPort;
    msg.srcConnectorId = cm.localCommId;
    msg.dstConnectorId = cm.remoteCommId;
    msg.qpNumber = cm.qpn;
    msg.inboundReadLimit = cm.inboundReadLimit;
    msg.outboundReadLimit = cm.outboundReadLimit;
    msg.rejectReason = static_cast<NdkCmRejectReason>(cm.rejectReason);
    msg.privateData = std::move(cm.privateData);
    msg.startingPsn = cm.startingPsn;
    msg.srq = cm.srq;
    if (msg.type == NdkCmType::Request || msg.type == NdkCmType::Reply)
    {
        m_peerPsn[{source.Get(), msg.qpNumber}] = {msg.startingPsn, msg.srq};
    }
    m_adapter->ReceiveCm(msg);
}

} // namespace ns3
