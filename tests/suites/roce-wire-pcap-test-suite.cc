/*
 * roce-wire-pcap: complete RoCEv2 and PFC frames built from ns-3's Ethernet/IPv4/UDP headers and
 * the ndksim wire headers, written to a nanosecond pcap and decoded by tshark, field by field.
 * tshark is the independent reader here: it knows IBTA BTH/RETH/AETH/ImmDt/IETH/DETH and
 * 802.1Qbb, we only wrote the bytes. Skipped (not failed) when tshark is not installed.
 */

#include "ns3/boolean.h"
#include "ns3/ethernet-header.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/mac48-address.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/pcap-file-wrapper.h"
#include "ns3/pfc-pause-header.h"
#include "ns3/roce-aeth-header.h"
#include "ns3/roce-bth-header.h"
#include "ns3/roce-cnp-header.h"
#include "ns3/roce-deth-header.h"
#include "ns3/roce-icrc-trailer.h"
#include "ns3/roce-icrc.h"
#include "ns3/roce-ieth-header.h"
#include "ns3/roce-imm-dt-header.h"
#include "ns3/roce-raw-frame.h"
#include "ns3/roce-reth-header.h"
#include "ns3/roce-wire-size.h"
#include "ns3/test.h"
#include "ns3/trace-helper.h"
#include "ns3/udp-header.h"
#include "ns3/vlan-tag-header.h"

#include "roce-tshark.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

namespace ns3
{

using tshark::BytesText;
using tshark::Number;
using tshark::RunCommand;
using tshark::Split;

namespace
{

/** What one test frame carries; the extension headers present follow the opcode. */
struct FrameSpec
{
    RoceOpcode opcode{RoceOpcode::SEND_ONLY};         //!< BTH opcode
    uint32_t psn{0};                                  //!< BTH PSN
    uint32_t destQp{0};                               //!< BTH DestQP
    uint32_t payload{0};                              //!< payload bytes (before pad)
    bool ackRequest{false};                           //!< BTH A bit
    std::optional<RoceRethHeader> reth;               //!< RETH
    std::optional<RoceAethHeader> aeth;               //!< AETH
    std::optional<uint32_t> immediate;                //!< ImmDt
    std::optional<uint32_t> invalidate;               //!< IETH R_Key
    std::optional<RoceDethHeader> deth;               //!< DETH
    bool vlan{false};                                 //!< 802.1Q tag with PCP 3
    Ipv4Header::EcnType ecn{Ipv4Header::ECN_ECT0};    //!< IP ECN
    Ipv4Header::DscpType dscp{Ipv4Header::DSCP_AF31}; //!< IP DSCP
};

/** \return a complete Ethernet frame for \p spec, ICRC filled in */
Ptr<Packet>
BuildFrame(const FrameSpec& spec)
{
    const uint32_t pad = RoceWireSize::PadCount(spec.payload);
    Ptr<Packet> p = Create<Packet>(spec.payload + pad);
    // Extension headers in reverse wire order (IBTA Vol 1 §9.3: DETH RETH AETH ImmDt IETH).
    if (spec.invalidate)
    {
        p->AddHeader(RoceIethHeader(*spec.invalidate));
    }
    if (spec.immediate)
    {
        p->AddHeader(RoceImmDtHeader(*spec.immediate));
    }
    if (spec.aeth)
    {
        p->AddHeader(*spec.aeth);
    }
    if (spec.reth)
    {
        p->AddHeader(*spec.reth);
    }
    if (spec.deth)
    {
        p->AddHeader(*spec.deth);
    }
    RoceBthHeader bth;
    if (RoceOpcodeInfo::IsCnp(spec.opcode))
    {
        p->AddHeader(RoceCnpHeader());
        bth = RoceCnpHeader::MakeBth(spec.destQp);
    }
    else
    {
        bth.SetOpcode(spec.opcode);
        bth.SetPadCount(pad);
        bth.SetDestQp(spec.destQp);
        bth.SetAckRequest(spec.ackRequest);
        bth.SetPsn(spec.psn);
    }
    p->AddHeader(bth);
    p->AddTrailer(RoceIcrcTrailer());

    UdpHeader udp;
    udp.SetSourcePort(0xC000 | (spec.destQp & 0x3FFF));
    udp.SetDestinationPort(RoceWireSize::ROCE_V2_UDP_PORT);
    p->AddHeader(udp);
    Ipv4Header ip;
    ip.SetSource(Ipv4Address("10.0.0.1"));
    ip.SetDestination(Ipv4Address("10.0.0.2"));
    ip.SetProtocol(RoceWireSize::IP_PROTOCOL_UDP);
    ip.SetTtl(64);
    ip.SetDscp(spec.dscp);
    ip.SetEcn(spec.ecn);
    ip.SetPayloadSize(p->GetSize());
    ip.EnableChecksum();
    p->AddHeader(ip);
    RoceIcrcTrailer::Fill(p);

    EthernetHeader eth;
    eth.SetSource(Mac48Address("02:00:00:00:00:01"));
    eth.SetDestination(Mac48Address("02:00:00:00:00:02"));
    if (spec.vlan)
    {
        p->AddHeader(VlanTagHeader(3, 100, RoceWireSize::ETHER_TYPE_IPV4));
        eth.SetLengthType(RoceWireSize::ETHER_TYPE_VLAN);
    }
    else
    {
        eth.SetLengthType(RoceWireSize::ETHER_TYPE_IPV4);
    }
    p->AddHeader(eth);
    return p;
}

/** \return the PFC frame: pause priority 3 for 0xFFFF quanta, resume priority 0 */
Ptr<Packet>
BuildPfcFrame()
{
    PfcPauseHeader pfc;
    pfc.SetPauseTime(3, 0xFFFF);
    pfc.SetPauseTime(0, 0);
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(pfc);
    EthernetHeader eth;
    eth.SetSource(Mac48Address("02:00:00:00:00:01"));
    eth.SetDestination(PfcPauseHeader::GetDestination());
    eth.SetLengthType(PfcPauseHeader::ETHER_TYPE);
    p->AddHeader(eth);
    return p;
}

class RoceWirePcapTestCase : public TestCase
{
  public:
    RoceWirePcapTestCase()
        : TestCase("frames written to pcap decode field by field in tshark")
    {
    }

  private:
    void DoRun() override
    {
        int status = 0;
        RunCommand("command -v tshark >/dev/null 2>&1", status);
        if (status != 0)
        {
            std::printf("roce-wire-pcap: SKIPPED: tshark is not installed\n");
            return;
        }

        char dirTemplate[] = "/tmp/roce-wire-pcap-XXXXXX";
        const char* dir = mkdtemp(dirTemplate);
        if (dir == nullptr)
        {
            NS_TEST_ASSERT_MSG_NE(dir, nullptr, "temporary directory");
            return;
        }
        const std::string path = std::string(dir) + "/roce-wire.pcap";

        std::vector<FrameSpec> specs;
        auto add = [&specs](RoceOpcode op, uint32_t psn, uint32_t payload) -> FrameSpec& {
            FrameSpec spec{};
            spec.opcode = op;
            spec.psn = psn;
            spec.destQp = 0x000011;
            spec.payload = payload;
            specs.push_back(spec);
            return specs.back();
        };
        add(RoceOpcode::SEND_FIRST, 0xFFFFFE, 1024).vlan = true;
        add(RoceOpcode::SEND_LAST, 0xFFFFFF, 10).ackRequest = true;
        add(RoceOpcode::SEND_ONLY, 0x000000, 64).ackRequest = true;
        FrameSpec& write = add(RoceOpcode::RDMA_WRITE_ONLY_WITH_IMMEDIATE, 1, 37);
        write.reth = RoceRethHeader(0x00007F0000001000ULL, 0xAABBCCDD, 37);
        write.immediate = 0x12345678;
        write.ackRequest = true;
        add(RoceOpcode::RDMA_READ_REQUEST, 2, 0).reth =
            RoceRethHeader(0x00007F0000002000ULL, 0x01020304, 3000);
        FrameSpec& first = add(RoceOpcode::RDMA_READ_RESPONSE_FIRST, 2, 1024);
        first.aeth = RoceAethHeader(RoceAethHeader::AckSyndrome(), 1);
        first.destQp = 0x000022;
        add(RoceOpcode::RDMA_READ_RESPONSE_MIDDLE, 3, 1024).destQp = 0x000022;
        FrameSpec& last = add(RoceOpcode::RDMA_READ_RESPONSE_LAST, 4, 952);
        last.aeth = RoceAethHeader(RoceAethHeader::AckSyndrome(), 1);
        last.destQp = 0x000022;
        last.ecn = Ipv4Header::ECN_CE;
        FrameSpec& inv = add(RoceOpcode::SEND_ONLY_WITH_INVALIDATE, 5, 16);
        inv.invalidate = 0x0BADF00D;
        inv.ackRequest = true;
        FrameSpec& ack = add(RoceOpcode::ACKNOWLEDGE, 5, 0);
        ack.aeth = RoceAethHeader(RoceAethHeader::AckSyndrome(), 3);
        ack.destQp = 0x000022;
        FrameSpec& nak = add(RoceOpcode::ACKNOWLEDGE, 6, 0);
        nak.aeth =
            RoceAethHeader(RoceAethHeader::NakSyndrome(RoceAethHeader::REMOTE_ACCESS_ERROR), 3);
        nak.destQp = 0x000022;
        FrameSpec& cnp = add(RoceOpcode::CNP, 0, 0);
        cnp.destQp = 0x000118;
        cnp.dscp = Ipv4Header::DSCP_CS6;
        cnp.ecn = Ipv4Header::ECN_NotECT;
        // A UD datagram (not to QP1: Wireshark would parse the payload as a MAD).
        add(RoceOpcode::UD_SEND_ONLY, 7, 256).deth = RoceDethHeader(0x11223344, 0x000077);
        specs.back().destQp = 0x000042;

        Ptr<PcapFileWrapper> file = CreateObject<PcapFileWrapper>();
        file->SetAttribute("NanosecMode", BooleanValue(true));
        file->Open(path, std::ios::out | std::ios::binary);
        file->Init(PcapHelper::DLT_EN10MB);
        std::vector<uint32_t> icrcs;
        for (size_t i = 0; i < specs.size(); ++i)
        {
            Ptr<Packet> p = BuildFrame(specs[i]);
            NS_TEST_EXPECT_MSG_EQ(
                p->GetSize(),
                RoceWireSize::FrameBytes(specs[i].opcode, specs[i].payload, specs[i].vlan),
                "frame " << i + 1 << " size = RoceWireSize::FrameBytes");
            std::vector<uint8_t> bytes(p->GetSize());
            p->CopyData(bytes.data(), bytes.size());
            NS_TEST_EXPECT_MSG_EQ(RoceIcrc::CheckFrame(bytes.data(), bytes.size()),
                                  true,
                                  "frame " << i + 1 << " ICRC");
            uint32_t icrc = 0;
            RoceIcrc::ComputeFrame(bytes.data(), bytes.size(), icrc);
            icrcs.push_back(icrc);
            file->Write(NanoSeconds(1000 * (i + 1) + 1), p);
        }
        file->Write(NanoSeconds(1000 * (specs.size() + 1) + 1), BuildPfcFrame());
        file->Close();

        const std::vector<std::string> fields = {
            "frame.number",
            "frame.len",
            "vlan.priority",
            "ip.dsfield.dscp",
            "ip.dsfield.ecn",
            "ip.checksum.status",
            "udp.length",
            "infiniband.bth.opcode",
            "infiniband.bth.padcnt",
            "infiniband.bth.destqp",
            "infiniband.bth.a",
            "infiniband.bth.psn",
            "infiniband.reth.va",
            "infiniband.reth.r_key",
            "infiniband.reth.dmalen",
            "infiniband.aeth.syndrome",
            "infiniband.aeth.msn",
            "infiniband.immdt",
            "infiniband.ieth",
            "infiniband.deth.q_key",
            "infiniband.deth.srcqp",
            "infiniband.invariant.crc",
            "macc.opcode",
            "macc.cbfc.enbv",
            "macc.cbfc.pause_time.c3",
            "_ws.malformed",
        };
        std::string command =
            "tshark -r '" + path +
            "' -o ip.check_checksum:TRUE -T fields -E separator='|' -E occurrence=f";
        for (const auto& field : fields)
        {
            command += " -e " + field;
        }
        const std::string errorPath = std::string(dir) + "/tshark.err";
        command += " 2>'" + errorPath + "'";
        const std::string output = RunCommand(command, status);
        int catStatus = 0;
        const std::string errors = RunCommand("cat '" + errorPath + "'", catStatus);
        unlink(errorPath.c_str());
        unlink(path.c_str());
        rmdir(dir);
        // The runner continues after a failed NS_TEST_ASSERT: return explicitly where the
        // rest would read past what tshark gave.
        if (status != 0)
        {
            NS_TEST_ASSERT_MSG_EQ(status, 0, "tshark failed: " << errors);
            return;
        }

        std::vector<std::map<std::string, std::string>> rows;
        size_t start = 0;
        while (start < output.size())
        {
            size_t end = output.find('\n', start);
            if (end == std::string::npos)
            {
                end = output.size();
            }
            const std::string line = output.substr(start, end - start);
            const std::vector<std::string> values = Split(line);
            start = end + 1;
            if (values.size() != fields.size())
            {
                NS_TEST_ASSERT_MSG_EQ(values.size(), fields.size(), "tshark line: " << line);
                return;
            }
            std::map<std::string, std::string> row;
            for (size_t f = 0; f < fields.size(); ++f)
            {
                row[fields[f]] = values[f];
            }
            rows.push_back(row);
        }
        if (rows.size() != specs.size() + 1)
        {
            NS_TEST_ASSERT_MSG_EQ(rows.size(), specs.size() + 1, "frames decoded: " << output);
            return;
        }

        for (size_t i = 0; i < specs.size(); ++i)
        {
            const FrameSpec& spec = specs[i];
            auto& row = rows[i];
            const std::string frame = "frame " + std::to_string(i + 1) + ": ";
            NS_TEST_EXPECT_MSG_EQ(Number(row["frame.number"]), static_cast<int64_t>(i + 1), frame);
            NS_TEST_EXPECT_MSG_EQ(row["_ws.malformed"], "", frame << "malformed");
            NS_TEST_EXPECT_MSG_EQ(Number(row["frame.len"]),
                                  RoceWireSize::FrameBytes(spec.opcode, spec.payload, spec.vlan),
                                  frame << "length");
            const int64_t pcp = spec.vlan ? 3 : -1;
            NS_TEST_EXPECT_MSG_EQ(Number(row["vlan.priority"]), pcp, frame << "PCP");
            NS_TEST_EXPECT_MSG_EQ(Number(row["ip.dsfield.dscp"]), spec.dscp, frame << "DSCP");
            NS_TEST_EXPECT_MSG_EQ(Number(row["ip.dsfield.ecn"]), spec.ecn, frame << "ECN");
            NS_TEST_EXPECT_MSG_EQ(Number(row["ip.checksum.status"]),
                                  1,
                                  frame << "IP checksum: good");
            NS_TEST_EXPECT_MSG_EQ(Number(row["udp.length"]),
                                  RoceWireSize::UdpLength(spec.opcode, spec.payload),
                                  frame << "UDP length");
            NS_TEST_EXPECT_MSG_EQ(Number(row["infiniband.bth.opcode"]),
                                  static_cast<int64_t>(spec.opcode),
                                  frame << "opcode");
            const bool cnpFrame = RoceOpcodeInfo::IsCnp(spec.opcode);
            // Expected values; -1 stands for "field absent" (an empty tshark column).
            const int64_t psn = cnpFrame ? 0 : static_cast<int64_t>(spec.psn);
            const int64_t va =
                spec.reth ? static_cast<int64_t>(spec.reth->GetVirtualAddress()) : -1;
            const int64_t rkey = spec.reth ? static_cast<int64_t>(spec.reth->GetRkey()) : -1;
            const int64_t dmaLength =
                spec.reth ? static_cast<int64_t>(spec.reth->GetDmaLength()) : -1;
            const int64_t syndrome =
                spec.aeth ? static_cast<int64_t>(spec.aeth->GetSyndrome()) : -1;
            const int64_t msn = spec.aeth ? static_cast<int64_t>(spec.aeth->GetMsn()) : -1;
            const std::string immediate = spec.immediate ? "12345678" : "";
            const std::string invalidate = spec.invalidate ? "0badf00d" : "";
            const int64_t qkey = spec.deth ? static_cast<int64_t>(spec.deth->GetQkey()) : -1;
            const int64_t srcQp = spec.deth ? static_cast<int64_t>(spec.deth->GetSrcQp()) : -1;
            const int64_t ackRequest = spec.ackRequest ? 1 : 0;
            NS_TEST_EXPECT_MSG_EQ(Number(row["infiniband.bth.padcnt"]),
                                  RoceWireSize::PadCount(spec.payload),
                                  frame << "PadCnt");
            NS_TEST_EXPECT_MSG_EQ(Number(row["infiniband.bth.destqp"]), spec.destQp, frame << "QP");
            NS_TEST_EXPECT_MSG_EQ(Number(row["infiniband.bth.a"]), ackRequest, frame << "AckReq");
            NS_TEST_EXPECT_MSG_EQ(Number(row["infiniband.bth.psn"]), psn, frame << "PSN");
            NS_TEST_EXPECT_MSG_EQ(Number(row["infiniband.reth.va"]), va, frame << "RETH VA");
            NS_TEST_EXPECT_MSG_EQ(Number(row["infiniband.reth.r_key"]), rkey, frame << "R_Key");
            NS_TEST_EXPECT_MSG_EQ(Number(row["infiniband.reth.dmalen"]),
                                  dmaLength,
                                  frame << "RETH DMA length");
            NS_TEST_EXPECT_MSG_EQ(Number(row["infiniband.aeth.syndrome"]),
                                  syndrome,
                                  frame << "AETH syndrome");
            NS_TEST_EXPECT_MSG_EQ(Number(row["infiniband.aeth.msn"]), msn, frame << "AETH MSN");
            NS_TEST_EXPECT_MSG_EQ(BytesText(row["infiniband.immdt"]), immediate, frame << "ImmDt");
            NS_TEST_EXPECT_MSG_EQ(BytesText(row["infiniband.ieth"]), invalidate, frame << "IETH");
            NS_TEST_EXPECT_MSG_EQ(Number(row["infiniband.deth.q_key"]), qkey, frame << "Q_Key");
            NS_TEST_EXPECT_MSG_EQ(Number(row["infiniband.deth.srcqp"]), srcQp, frame << "SrcQP");
            // tshark reads the ICRC bytes as a big-endian number; they are the value LSB first.
            // It does not dissect past a CNP's BTH (opcode 0x81 is "Unknown" to it), so no
            // ICRC field there: the CNP's ICRC was checked by RoceIcrc::CheckFrame above.
            const uint32_t v = icrcs[i];
            const uint32_t swapped =
                ((v & 0xFF) << 24) | ((v & 0xFF00) << 8) | ((v >> 8) & 0xFF00) | (v >> 24);
            const int64_t shown = cnpFrame ? -1 : static_cast<int64_t>(swapped);
            NS_TEST_EXPECT_MSG_EQ(Number(row["infiniband.invariant.crc"]),
                                  shown,
                                  frame << "ICRC bytes");
        }

        auto& pfc = rows.back();
        NS_TEST_EXPECT_MSG_EQ(Number(pfc["frame.len"]), 60, "PFC: 64-byte frame without its FCS");
        NS_TEST_EXPECT_MSG_EQ(Number(pfc["macc.opcode"]), PfcPauseHeader::OPCODE, "PFC opcode");
        NS_TEST_EXPECT_MSG_EQ(Number(pfc["macc.cbfc.enbv"]), 0x09, "PFC class-enable vector");
        NS_TEST_EXPECT_MSG_EQ(Number(pfc["macc.cbfc.pause_time.c3"]), 0xFFFF, "PFC time[3]");
        NS_TEST_EXPECT_MSG_EQ(pfc["_ws.malformed"], "", "PFC malformed");
    }
};

class RoceWirePcapTestSuite : public TestSuite
{
  public:
    RoceWirePcapTestSuite()
        : TestSuite("roce-wire-pcap", UNIT)
    {
        AddTestCase(new RoceWirePcapTestCase, TestCase::QUICK);
    }
};

static RoceWirePcapTestSuite g_roceWirePcapTestSuite;

} // namespace

} // namespace ns3
