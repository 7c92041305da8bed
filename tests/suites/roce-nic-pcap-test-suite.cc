/*
 * roce-nic-pcap: what two RdmaNics put on the wire, captured with RocePcapHelper and decoded by
 * tshark field by field — Send, Write, Read with its responses, SendAndInvalidate, ACK, the NAK
 * of a rejected token, a CNP answering an ECN mark, and the CM datagrams. Skipped (not
 * failed) when tshark is not installed.
 */

#include "ndk-fixture.h"
#include "roce-tshark.h"

#include "ns3/error-model.h"
#include "ns3/pointer.h"
#include "ns3/roce-opcode.h"
#include "ns3/roce-pcap-helper.h"
#include "ns3/roce-psn.h"
#include "ns3/roce-raw-frame.h"
#include "ns3/test.h"

#include <unistd.h>

using namespace ns3;
using namespace ns3::ndktest;

namespace
{

/** Marks the first RDMA Write packet it sees CE (as a congested switch would), drops nothing. */
class FirstWriteCeMarker : public ErrorModel
{
  public:
    bool marked{false};

  private:
    bool DoCorrupt(Ptr<Packet> p) override
    {
        uint8_t head[RoceRawFrame::PEEK_BYTES];
        const uint32_t n = RoceRawFrame::Peek(p, head);
        if (!marked && RoceRawFrame::IsRoceV2(head, n) &&
            RoceOpcodeInfo::IsWrite(RoceRawFrame::GetBthOpcode(head)))
        {
            marked = RoceRawFrame::SetEcnCe(p);
        }
        return false;
    }

    void DoReset() override
    {
    }
};

int64_t
Op(RoceOpcode op)
{
    return static_cast<int64_t>(op);
}

} // namespace

/** The NIC's frames decode in tshark with the opcodes, PSNs, RETH, AETH and IETH it meant. */
class RoceNicPcapTestCase : public TestCase
{
  public:
    RoceNicPcapTestCase()
        : TestCase("NIC frames of every operation decode field by field in tshark")
    {
    }

  private:
    void DoRun() override
    {
        if (!tshark::Available())
        {
            std::printf("roce-nic-pcap: SKIPPED: tshark is not installed\n");
            return;
        }
        char dirTemplate[] = "/tmp/roce-nic-pcap-XXXXXX";
        const char* dir = mkdtemp(dirTemplate);
        NS_TEST_ASSERT_MSG_NE(dir, nullptr, "temporary directory");
        const std::string pathA = std::string(dir) + "/a.pcap";
        const std::string pathB = std::string(dir) + "/b.pcap";

        NdkPair p(NdkTestTransport::Roce, 16, 256, false);
        RocePcapHelper pcap;
        pcap.EnablePcap(pathA, p.a.nic);
        pcap.EnablePcap(pathB, p.b.nic);
        Ptr<FirstWriteCeMarker> marker = CreateObject<FirstWriteCeMarker>();
        p.b.port->SetAttribute("ReceiveErrorModel", PointerValue(marker));
        p.Connect();
        NS_TEST_ASSERT_MSG_EQ(p.a.qp->GetState(), NdkQpState::Connected, "connected");
        const RdmaRcQp* rc = p.a.nic->GetRcQp(p.a.qp->GetQpNumber());
        NS_TEST_ASSERT_MSG_NE(rc, nullptr, "transport state after connect");
        const uint32_t psn0 = rc->GetStartPsn(); // the QP errors at the end: read it now

        const uint64_t len = 8192;
        uint64_t src = p.a.memory->Allocate(len);
        Ptr<NdkMr> srcMr = p.a.Register(src, len, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
        uint64_t dst = p.b.memory->Allocate(len);
        Ptr<NdkMr> dstMr =
            p.b.Register(dst,
                         len,
                         NDK_MR_FLAG_ALLOW_LOCAL_WRITE | NDK_MR_FLAG_ALLOW_REMOTE_WRITE |
                             NDK_MR_FLAG_ALLOW_REMOTE_READ);
        Ptr<NdkMw> mw;
        p.b.pd->CreateMw(&mw);
        p.b.qp->Bind(1, dstMr, mw, dst, 64, NDK_OP_FLAG_ALLOW_REMOTE_READ);
        uint64_t rbuf = p.b.memory->Allocate(len);
        Ptr<NdkMr> rMr = p.b.Register(rbuf, len, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
        NdkSge recv{rbuf, 256, rMr->GetLocalToken()};
        p.b.qp->Receive(2, &recv, 1);
        p.b.qp->Receive(3, &recv, 1);
        Simulator::Run();
        p.b.Poll();
        const uint32_t token = mw->GetRemoteToken();
        const uint32_t rkey = dstMr->GetRemoteToken();

        NdkSge s100{src, 100, srcMr->GetLocalToken()};
        NdkSge s3000{src, 3000, srcMr->GetLocalToken()};
        NdkSge s2500{src, 2500, srcMr->GetLocalToken()};
        NdkSge s16{src, 16, srcMr->GetLocalToken()};
        p.a.qp->Send(10, &s100, 1, 0);
        p.a.qp->Write(11, &s3000, 1, dst, rkey, 0);
        p.a.qp->Read(12, &s2500, 1, dst, rkey, 0);
        p.a.qp->SendAndInvalidate(13, &s16, 1, 0, token);
        Simulator::Run();
        auto good = p.a.Poll();
        NS_TEST_ASSERT_MSG_EQ(good.size(), 4, "four completions");
        for (const auto& r : good)
        {
            NS_TEST_EXPECT_MSG_EQ(r.status, NdkStatus::SUCCESS, "request " << r.requestContext);
        }
        p.a.qp->Write(14, &s16, 1, dst, rkey ^ 0x100, 0); // a token that names nothing
        Simulator::Run();
        auto bad = p.a.Poll();
        NS_TEST_ASSERT_MSG_EQ(bad.size(), 1, "the rejected write completes");
        NS_TEST_EXPECT_MSG_EQ(bad[0].status, NdkStatus::ACCESS_VIOLATION, "remote access NAK");
        NS_TEST_EXPECT_MSG_EQ(marker->marked, true, "a write packet was marked CE");

        const uint32_t aQpn = p.a.qp->GetQpNumber();
        const uint32_t bQpn = p.b.qp->GetQpNumber();
        pcap.Close();

        const std::vector<std::string> fields = {
            "ip.src",
            "ip.dsfield.dscp",
            "ip.dsfield.ecn",
            "ip.checksum.status",
            "udp.dstport",
            "infiniband.bth.opcode",
            "infiniband.bth.destqp",
            "infiniband.bth.psn",
            "infiniband.bth.a",
            "infiniband.reth.r_key",
            "infiniband.reth.dmalen",
            "infiniband.aeth.syndrome",
            "infiniband.ieth",
            "_ws.malformed",
        };
        std::string error;
        auto rowsA = tshark::Fields(pathA, fields, error);
        auto rowsB = tshark::Fields(pathB, fields, error);
        if (std::getenv("NDKSIM_KEEP_PCAP") == nullptr) // set it to look at the captures
        {
            unlink(pathA.c_str());
            unlink(pathB.c_str());
            rmdir(dir);
        }
        NS_TEST_ASSERT_MSG_EQ(error, "", "tshark");
        if (!error.empty())
        {
            return;
        }

        std::vector<std::map<std::string, std::string>> fromA;
        std::vector<std::map<std::string, std::string>> fromB;
        uint32_t cm = 0;
        for (const auto& row : rowsA)
        {
            NS_TEST_EXPECT_MSG_EQ(row.at("_ws.malformed"), "", "well-formed frame");
            NS_TEST_EXPECT_MSG_EQ(row.at("udp.dstport"), "4791", "RoCEv2 port");
            NS_TEST_EXPECT_MSG_EQ(tshark::Number(row.at("ip.checksum.status")),
                                  1,
                                  "IPv4 checksum good");
            if (tshark::Number(row.at("infiniband.bth.opcode")) == Op(RoceOpcode::UD_SEND_ONLY))
            {
                NS_TEST_EXPECT_MSG_EQ(tshark::Number(row.at("infiniband.bth.destqp")),
                                      1,
                                      "CM to QP1");
                ++cm;
                continue;
            }
            (row.at("ip.src") == "10.0.0.1" ? fromA : fromB).push_back(row);
        }
        NS_TEST_EXPECT_MSG_EQ(cm, 3, "REQ, REP, RTU");

        // Requests from a: opcodes, consecutive PSNs (a read takes one per response), RETH, IETH.
        struct Expect
        {
            RoceOpcode op;
            uint32_t psnOffset;
            int64_t rkey;
            int64_t dmalen;
            int64_t ieth;
        };

        const std::vector<Expect> requests = {
            {RoceOpcode::SEND_ONLY, 0, -1, -1, -1},
            {RoceOpcode::RDMA_WRITE_FIRST, 1, rkey, 3000, -1},
            {RoceOpcode::RDMA_WRITE_MIDDLE, 2, -1, -1, -1},
            {RoceOpcode::RDMA_WRITE_LAST, 3, -1, -1, -1},
            {RoceOpcode::RDMA_READ_REQUEST, 4, rkey, 2500, -1},
            {RoceOpcode::SEND_ONLY_WITH_INVALIDATE, 7, -1, -1, token},
            {RoceOpcode::RDMA_WRITE_ONLY, 8, rkey ^ 0x100, 16, -1},
        };
        NS_TEST_ASSERT_MSG_EQ(fromA.size(), requests.size(), "frames sent by a");
        if (fromA.size() != requests.size())
        {
            return; // the runner continues after a failed assert: don't read past the rows
        }
        for (std::size_t i = 0; i < requests.size(); ++i)
        {
            const auto& row = fromA[i];
            const Expect& e = requests[i];
            NS_TEST_EXPECT_MSG_EQ(tshark::Number(row.at("infiniband.bth.opcode")),
                                  Op(e.op),
                                  "opcode " << i);
            NS_TEST_EXPECT_MSG_EQ(tshark::Number(row.at("infiniband.bth.destqp")),
                                  bQpn,
                                  "dest QP " << i);
            NS_TEST_EXPECT_MSG_EQ(tshark::Number(row.at("infiniband.bth.psn")),
                                  RocePsn::Add(psn0, e.psnOffset),
                                  "PSN " << i);
            NS_TEST_EXPECT_MSG_EQ(tshark::Number(row.at("infiniband.reth.r_key")),
                                  e.rkey,
                                  "rkey " << i);
            NS_TEST_EXPECT_MSG_EQ(tshark::Number(row.at("infiniband.reth.dmalen")),
                                  e.dmalen,
                                  "DMA length " << i);
            NS_TEST_EXPECT_MSG_EQ(tshark::HexBytes(row.at("infiniband.ieth")),
                                  e.ieth,
                                  "IETH " << i);
            NS_TEST_EXPECT_MSG_EQ(tshark::Number(row.at("ip.dsfield.dscp")), 26, "data DSCP");
            NS_TEST_EXPECT_MSG_EQ(tshark::Number(row.at("ip.dsfield.ecn")), 2, "ECT(0)");
        }

        // Frames from b: ACKs, read responses (AETH on first and last), the CNP, the NAK.
        std::vector<int64_t> responsePsns;
        bool sawCnp = false;
        bool sawNak = false;
        uint32_t acks = 0;
        for (const auto& row : fromB)
        {
            const int64_t op = tshark::Number(row.at("infiniband.bth.opcode"));
            NS_TEST_EXPECT_MSG_EQ(tshark::Number(row.at("infiniband.bth.destqp")),
                                  aQpn,
                                  "to a's QP");
            if (op >= Op(RoceOpcode::RDMA_READ_RESPONSE_FIRST) &&
                op <= Op(RoceOpcode::RDMA_READ_RESPONSE_ONLY))
            {
                responsePsns.push_back(tshark::Number(row.at("infiniband.bth.psn")));
                const bool hasAeth = op != Op(RoceOpcode::RDMA_READ_RESPONSE_MIDDLE);
                NS_TEST_EXPECT_MSG_EQ(row.at("infiniband.aeth.syndrome").empty(),
                                      !hasAeth,
                                      "AETH presence");
            }
            else if (op == Op(RoceOpcode::CNP))
            {
                sawCnp = true;
                NS_TEST_EXPECT_MSG_EQ(tshark::Number(row.at("ip.dsfield.dscp")), 48, "CNP DSCP");
            }
            else if (op == Op(RoceOpcode::ACKNOWLEDGE))
            {
                const int64_t syndrome = tshark::Number(row.at("infiniband.aeth.syndrome"));
                if (syndrome == 0x62)
                {
                    sawNak = true;
                    NS_TEST_EXPECT_MSG_EQ(tshark::Number(row.at("infiniband.bth.psn")),
                                          RocePsn::Add(psn0, 8),
                                          "NAK names the rejected write");
                }
                else
                {
                    NS_TEST_EXPECT_MSG_EQ(syndrome, 0x1F, "ACK, unlimited credits");
                    ++acks;
                }
            }
            else
            {
                NS_TEST_EXPECT_MSG_EQ(op, -1, "unexpected opcode from b");
            }
        }
        const std::vector<int64_t> expectedPsns = {RocePsn::Add(psn0, 4),
                                                   RocePsn::Add(psn0, 5),
                                                   RocePsn::Add(psn0, 6)};
        NS_TEST_EXPECT_MSG_EQ((responsePsns == expectedPsns),
                              true,
                              "three read responses, in order");
        NS_TEST_EXPECT_MSG_EQ(sawCnp, true, "a CNP answered the CE mark");
        NS_TEST_EXPECT_MSG_EQ(sawNak, true, "a remote access NAK (0x62)");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(acks, 3, "ACKs for Send, Write and SendAndInvalidate");

        // b's capture records the write packet after the mark: CE on the wire.
        bool sawCe = false;
        for (const auto& row : rowsB)
        {
            if (tshark::Number(row.at("infiniband.bth.opcode")) == Op(RoceOpcode::RDMA_WRITE_FIRST))
            {
                sawCe = tshark::Number(row.at("ip.dsfield.ecn")) == 3;
            }
        }
        NS_TEST_EXPECT_MSG_EQ(sawCe, true, "CE seen at the receiver");
    }
};

/** The roce-nic-pcap suite. */
class RoceNicPcapTestSuite : public TestSuite
{
  public:
    RoceNicPcapTestSuite()
        : TestSuite("roce-nic-pcap", UNIT)
    {
        AddTestCase(new RoceNicPcapTestCase, TestCase::QUICK);
    }
};

static RoceNicPcapTestSuite g_roceNicPcapTestSuite;
