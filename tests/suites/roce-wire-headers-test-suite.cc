/*
 * roce-wire-headers: the RoCEv2 wire headers serialize bit for bit as IBTA Vol 1 §9.2-9.3 and
 * 802.1Qbb lay them out, the opcode table, PSN and AETH helpers, the on-wire size arithmetic,
 * the ICRC (against published captures and values computed independently with Python's
 * zlib.crc32 by tests/data/wire/icrc-vectors.py) and the raw-frame accessors switches use.
 */

#include "ns3/buffer.h"
#include "ns3/data-rate.h"
#include "ns3/ethernet-header.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/mac48-address.h"
#include "ns3/packet.h"
#include "ns3/pfc-pause-header.h"
#include "ns3/roce-aeth-header.h"
#include "ns3/roce-bth-header.h"
#include "ns3/roce-cnp-header.h"
#include "ns3/roce-deth-header.h"
#include "ns3/roce-icrc-trailer.h"
#include "ns3/roce-icrc.h"
#include "ns3/roce-ieth-header.h"
#include "ns3/roce-imm-dt-header.h"
#include "ns3/roce-opcode.h"
#include "ns3/roce-psn.h"
#include "ns3/roce-raw-frame.h"
#include "ns3/roce-reth-header.h"
#include "ns3/roce-wire-size.h"
#include "ns3/test.h"
#include "ns3/udp-header.h"
#include "ns3/vlan-tag-header.h"

#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

namespace ns3
{

namespace
{

using Bytes = std::vector<uint8_t>;

/** \return \p bytes as lowercase hex, for failure messages */
std::string
Hex(const Bytes& bytes)
{
    std::string out;
    char digits[3];
    for (uint8_t b : bytes)
    {
        std::snprintf(digits, sizeof(digits), "%02x", b);
        out += digits;
    }
    return out;
}

/** \return the parts one after the other (no vector::insert: GCC 12 -Warray-bounds noise) */
Bytes
Concat(std::initializer_list<Bytes> parts)
{
    size_t size = 0;
    for (const auto& part : parts)
    {
        size += part.size();
    }
    Bytes out(size);
    size_t offset = 0;
    for (const auto& part : parts)
    {
        if (!part.empty())
        {
            std::memcpy(out.data() + offset, part.data(), part.size());
        }
        offset += part.size();
    }
    return out;
}

/** \return the serialized bytes of a header */
template <typename T>
Bytes
ToBytes(const T& header)
{
    Buffer buffer;
    buffer.AddAtStart(header.GetSerializedSize());
    header.Serialize(buffer.Begin());
    Bytes bytes(buffer.GetSize());
    buffer.CopyData(bytes.data(), bytes.size());
    return bytes;
}

/** \return the bytes of a packet */
Bytes
PacketBytes(Ptr<const Packet> packet)
{
    Bytes bytes(packet->GetSize());
    packet->CopyData(bytes.data(), bytes.size());
    return bytes;
}

/** Header round trips shared by the test cases (after ns-3's HeaderSerializationTestCase). */
class RoceWireTestCase : public TestCase
{
  protected:
    /** \param name the test case name */
    explicit RoceWireTestCase(const std::string& name)
        : TestCase(name)
    {
    }

    /**
     * Serialize \p header, deserialize the bytes into a fresh T, serialize that again and
     * check that the bytes, the sizes and the Deserialize return value agree.
     * \return the deserialized copy, for field checks
     */
    template <typename T>
    T RoundTrip(const T& header, const std::string& what)
    {
        const Bytes bytes = ToBytes(header);
        NS_TEST_EXPECT_MSG_EQ(bytes.size(), header.GetSerializedSize(), what << ": size");
        Buffer buffer;
        buffer.AddAtStart(bytes.size());
        buffer.Begin().Write(bytes.data(), bytes.size());
        T copy;
        const uint32_t read = copy.Deserialize(buffer.Begin());
        NS_TEST_EXPECT_MSG_EQ(read, bytes.size(), what << ": bytes read");
        NS_TEST_EXPECT_MSG_EQ(Hex(ToBytes(copy)), Hex(bytes), what << ": re-serialized bytes");
        std::ostringstream printed;
        copy.Print(printed);
        NS_TEST_EXPECT_MSG_EQ(printed.str().empty(), false, what << ": Print");
        return copy;
    }
};

class RoceWireBthTestCase : public RoceWireTestCase
{
  public:
    RoceWireBthTestCase()
        : RoceWireTestCase("BTH: exact bytes, round trip, field masking")
    {
    }

  private:
    void DoRun() override
    {
        RoceBthHeader bth;
        NS_TEST_EXPECT_MSG_EQ(bth.GetPartitionKey(), 0xFFFF, "default P_Key");
        NS_TEST_EXPECT_MSG_EQ(Hex(ToBytes(bth)), "0000ffff0000000000000000", "default BTH");

        bth.SetOpcode(RoceOpcode::RDMA_WRITE_FIRST);
        bth.SetSolicitedEvent(true);
        bth.SetMigReq(true);
        bth.SetPadCount(2);
        bth.SetTransportVersion(0);
        bth.SetPartitionKey(0x1234);
        bth.SetFecn(false);
        bth.SetBecn(true);
        bth.SetDestQp(0x123456);
        bth.SetAckRequest(true);
        bth.SetPsn(0xABCDEF);
        // Hand-checked (IBTA Vol 1 §9.2): 06 | S M Pad=10 TVer=0000 -> e0 | 12 34 |
        // F=0 B=1 -> 40 | 12 34 56 | A=1 -> 80 | ab cd ef
        const Bytes expected =
            {0x06, 0xE0, 0x12, 0x34, 0x40, 0x12, 0x34, 0x56, 0x80, 0xAB, 0xCD, 0xEF};
        NS_TEST_EXPECT_MSG_EQ(Hex(ToBytes(bth)), Hex(expected), "BTH bytes");

        RoceBthHeader copy = RoundTrip(bth, "BTH");
        NS_TEST_EXPECT_MSG_EQ(copy.GetOpcode(), RoceOpcode::RDMA_WRITE_FIRST, "opcode");
        NS_TEST_EXPECT_MSG_EQ(copy.GetSolicitedEvent(), true, "SE");
        NS_TEST_EXPECT_MSG_EQ(copy.GetMigReq(), true, "M");
        NS_TEST_EXPECT_MSG_EQ(+copy.GetPadCount(), 2, "PadCnt");
        NS_TEST_EXPECT_MSG_EQ(+copy.GetTransportVersion(), 0, "TVer");
        NS_TEST_EXPECT_MSG_EQ(copy.GetPartitionKey(), 0x1234, "P_Key");
        NS_TEST_EXPECT_MSG_EQ(copy.GetFecn(), false, "FECN");
        NS_TEST_EXPECT_MSG_EQ(copy.GetBecn(), true, "BECN");
        NS_TEST_EXPECT_MSG_EQ(copy.GetDestQp(), 0x123456, "DestQP");
        NS_TEST_EXPECT_MSG_EQ(copy.GetAckRequest(), true, "A");
        NS_TEST_EXPECT_MSG_EQ(copy.GetPsn(), 0xABCDEF, "PSN");

        // Setters keep to their bits: out-of-range values do not spill into neighbours.
        bth.SetDestQp(0xFF000001);
        bth.SetPsn(0x7F000002);
        bth.SetPadCount(7);
        NS_TEST_EXPECT_MSG_EQ(bth.GetDestQp(), 1, "DestQP masked");
        NS_TEST_EXPECT_MSG_EQ(bth.GetBecn(), true, "BECN kept");
        NS_TEST_EXPECT_MSG_EQ(bth.GetPsn(), 2, "PSN masked");
        NS_TEST_EXPECT_MSG_EQ(bth.GetAckRequest(), true, "A kept");
        NS_TEST_EXPECT_MSG_EQ(+bth.GetPadCount(), 3, "PadCnt masked");
        NS_TEST_EXPECT_MSG_EQ(bth.GetMigReq(), true, "M kept");
        bth.SetFecn(true);
        bth.SetBecn(false);
        NS_TEST_EXPECT_MSG_EQ(ToBytes(bth)[4], 0x80, "FECN is bit 7 of byte 4");

        // Reserved bits read from the wire survive a round trip.
        const Bytes wire = {0x0A, 0x00, 0xFF, 0xFF, 0x3F, 0x00, 0x00, 0x11, 0x7F, 0x00, 0x00, 0x05};
        Buffer buffer;
        buffer.AddAtStart(wire.size());
        buffer.Begin().Write(wire.data(), wire.size());
        RoceBthHeader reserved;
        reserved.Deserialize(buffer.Begin());
        NS_TEST_EXPECT_MSG_EQ(Hex(ToBytes(reserved)), Hex(wire), "reserved bits kept");
        NS_TEST_EXPECT_MSG_EQ(reserved.GetFecn() || reserved.GetBecn(), false, "F/B clear");
        NS_TEST_EXPECT_MSG_EQ(reserved.GetAckRequest(), false, "A clear");
        NS_TEST_EXPECT_MSG_EQ(reserved.GetPsn(), 5, "PSN");

        std::ostringstream printed;
        copy.Print(printed);
        NS_TEST_EXPECT_MSG_NE(printed.str().find("RDMA_WRITE_FIRST"),
                              std::string::npos,
                              "Print names the opcode: " << printed.str());
    }
};

class RoceWireExtensionHeadersTestCase : public RoceWireTestCase
{
  public:
    RoceWireExtensionHeadersTestCase()
        : RoceWireTestCase("RETH, AETH, ImmDt, IETH, DETH, CNP, VLAN tag: bytes and round trips")
    {
    }

  private:
    void DoRun() override
    {
        RoceRethHeader reth(0x0123456789ABCDEFULL, 0xDEADBEEF, 0x00012345);
        NS_TEST_EXPECT_MSG_EQ(Hex(ToBytes(reth)),
                              Hex({0x01,
                                   0x23,
                                   0x45,
                                   0x67,
                                   0x89,
                                   0xAB,
                                   0xCD,
                                   0xEF,
                                   0xDE,
                                   0xAD,
                                   0xBE,
                                   0xEF,
                                   0x00,
                                   0x01,
                                   0x23,
                                   0x45}),
                              "RETH bytes (IBTA §9.3.3: VA, R_Key, DMA length)");
        RoceRethHeader rethCopy = RoundTrip(reth, "RETH");
        NS_TEST_EXPECT_MSG_EQ(rethCopy.GetVirtualAddress(), 0x0123456789ABCDEFULL, "VA");
        NS_TEST_EXPECT_MSG_EQ(rethCopy.GetRkey(), 0xDEADBEEF, "R_Key");
        NS_TEST_EXPECT_MSG_EQ(rethCopy.GetDmaLength(), 0x00012345, "DMA length");

        RoceAethHeader aeth;
        aeth.SetNak(0xFEDCBA, RoceAethHeader::REMOTE_ACCESS_ERROR);
        NS_TEST_EXPECT_MSG_EQ(Hex(ToBytes(aeth)), "62fedcba", "AETH bytes");
        RoceAethHeader aethCopy = RoundTrip(aeth, "AETH");
        NS_TEST_EXPECT_MSG_EQ(aethCopy.IsNak(), true, "NAK");
        NS_TEST_EXPECT_MSG_EQ(aethCopy.GetMsn(), 0xFEDCBA, "MSN");

        RoceImmDtHeader imm(0xA1B2C3D4);
        NS_TEST_EXPECT_MSG_EQ(Hex(ToBytes(imm)), "a1b2c3d4", "ImmDt bytes");
        NS_TEST_EXPECT_MSG_EQ(RoundTrip(imm, "ImmDt").GetImmediate(), 0xA1B2C3D4, "ImmDt");

        RoceIethHeader ieth(0x00C0FFEE);
        NS_TEST_EXPECT_MSG_EQ(Hex(ToBytes(ieth)), "00c0ffee", "IETH bytes");
        NS_TEST_EXPECT_MSG_EQ(RoundTrip(ieth, "IETH").GetRkey(), 0x00C0FFEE, "IETH R_Key");

        RoceDethHeader deth(RoceDethHeader::GSI_QKEY, 0x000001);
        NS_TEST_EXPECT_MSG_EQ(Hex(ToBytes(deth)), "8001000000000001", "DETH bytes");
        deth.SetSrcQp(0xABCDEF);
        RoceDethHeader dethCopy = RoundTrip(deth, "DETH");
        NS_TEST_EXPECT_MSG_EQ(dethCopy.GetQkey(), 0x80010000, "Q_Key");
        NS_TEST_EXPECT_MSG_EQ(dethCopy.GetSrcQp(), 0xABCDEF, "SrcQP");

        RoceCnpHeader cnp;
        NS_TEST_EXPECT_MSG_EQ(Hex(ToBytes(cnp)), std::string(32, '0'), "CNP body: 16 zeros");
        RoundTrip(cnp, "CNP body");
        RoceBthHeader cnpBth = RoceCnpHeader::MakeBth(0x000118);
        // The BTH of the ConnectX-4 Lx CNP capture (scapy test/contrib/roce.uts).
        NS_TEST_EXPECT_MSG_EQ(Hex(ToBytes(cnpBth)), "8100ffff4000011800000000", "CNP BTH");

        VlanTagHeader vlan(5, 0x123, 0x0800);
        vlan.SetDei(true);
        NS_TEST_EXPECT_MSG_EQ(Hex(ToBytes(vlan)), "b1230800", "802.1Q TCI + EtherType");
        VlanTagHeader vlanCopy = RoundTrip(vlan, "VLAN tag");
        NS_TEST_EXPECT_MSG_EQ(+vlanCopy.GetPcp(), 5, "PCP");
        NS_TEST_EXPECT_MSG_EQ(vlanCopy.GetDei(), true, "DEI");
        NS_TEST_EXPECT_MSG_EQ(vlanCopy.GetVid(), 0x123, "VID");

        // ICRC trailer: least significant byte first, at the end of the packet.
        Ptr<Packet> p = Create<Packet>(10);
        p->AddTrailer(RoceIcrcTrailer(0x2A00FD82));
        const Bytes bytes = PacketBytes(p);
        NS_TEST_EXPECT_MSG_EQ(Hex(Bytes(bytes.end() - 4, bytes.end())), "82fd002a", "ICRC LE");
        RoceIcrcTrailer trailer;
        p->RemoveTrailer(trailer);
        NS_TEST_EXPECT_MSG_EQ(trailer.GetIcrc(), 0x2A00FD82, "ICRC read back");
        NS_TEST_EXPECT_MSG_EQ(p->GetSize(), 10, "trailer removed");
    }
};

class RoceWireOpcodeTestCase : public TestCase
{
  public:
    RoceWireOpcodeTestCase()
        : TestCase("opcode table: extension headers and message position")
    {
    }

  private:
    void DoRun() override
    {
        using Info = RoceOpcodeInfo;

        struct Row
        {
            RoceOpcode op;
            uint8_t value;
            const char* position; // F, M, L, O
            bool reth;
            bool aeth;
            bool imm;
            bool ieth;
            bool payload;
            uint32_t extBytes;
        };

        const Row rows[] = {
            {RoceOpcode::SEND_FIRST, 0x00, "F", false, false, false, false, true, 0},
            {RoceOpcode::SEND_MIDDLE, 0x01, "M", false, false, false, false, true, 0},
            {RoceOpcode::SEND_LAST, 0x02, "L", false, false, false, false, true, 0},
            {RoceOpcode::SEND_LAST_WITH_IMMEDIATE, 0x03, "L", false, false, true, false, true, 4},
            {RoceOpcode::SEND_ONLY, 0x04, "O", false, false, false, false, true, 0},
            {RoceOpcode::SEND_ONLY_WITH_IMMEDIATE, 0x05, "O", false, false, true, false, true, 4},
            {RoceOpcode::RDMA_WRITE_FIRST, 0x06, "F", true, false, false, false, true, 16},
            {RoceOpcode::RDMA_WRITE_MIDDLE, 0x07, "M", false, false, false, false, true, 0},
            {RoceOpcode::RDMA_WRITE_LAST, 0x08, "L", false, false, false, false, true, 0},
            {RoceOpcode::RDMA_WRITE_LAST_WITH_IMMEDIATE,
             0x09,
             "L",
             false,
             false,
             true,
             false,
             true,
             4},
            {RoceOpcode::RDMA_WRITE_ONLY, 0x0A, "O", true, false, false, false, true, 16},
            {RoceOpcode::RDMA_WRITE_ONLY_WITH_IMMEDIATE,
             0x0B,
             "O",
             true,
             false,
             true,
             false,
             true,
             20},
            {RoceOpcode::RDMA_READ_REQUEST, 0x0C, "O", true, false, false, false, false, 16},
            {RoceOpcode::RDMA_READ_RESPONSE_FIRST, 0x0D, "F", false, true, false, false, true, 4},
            {RoceOpcode::RDMA_READ_RESPONSE_MIDDLE, 0x0E, "M", false, false, false, false, true, 0},
            {RoceOpcode::RDMA_READ_RESPONSE_LAST, 0x0F, "L", false, true, false, false, true, 4},
            {RoceOpcode::RDMA_READ_RESPONSE_ONLY, 0x10, "O", false, true, false, false, true, 4},
            {RoceOpcode::ACKNOWLEDGE, 0x11, "O", false, true, false, false, false, 4},
            {RoceOpcode::ATOMIC_ACKNOWLEDGE, 0x12, "O", false, true, false, false, false, 12},
            {RoceOpcode::COMPARE_SWAP, 0x13, "O", false, false, false, false, false, 28},
            {RoceOpcode::FETCH_ADD, 0x14, "O", false, false, false, false, false, 28},
            {RoceOpcode::SEND_LAST_WITH_INVALIDATE, 0x16, "L", false, false, false, true, true, 4},
            {RoceOpcode::SEND_ONLY_WITH_INVALIDATE, 0x17, "O", false, false, false, true, true, 4},
            {RoceOpcode::UD_SEND_ONLY, 0x64, "O", false, false, false, false, true, 8},
            {RoceOpcode::UD_SEND_ONLY_WITH_IMMEDIATE,
             0x65,
             "O",
             false,
             false,
             true,
             false,
             true,
             12},
            {RoceOpcode::CNP, 0x81, "O", false, false, false, false, false, 16},
        };
        for (const auto& row : rows)
        {
            const std::string name = Info::GetName(row.op);
            NS_TEST_EXPECT_MSG_EQ(static_cast<uint32_t>(row.op), row.value, name);
            NS_TEST_EXPECT_MSG_EQ(Info::IsKnown(row.op), true, name);
            NS_TEST_EXPECT_MSG_EQ(Info::IsFirst(row.op), (row.position[0] == 'F'), name);
            NS_TEST_EXPECT_MSG_EQ(Info::IsMiddle(row.op), (row.position[0] == 'M'), name);
            NS_TEST_EXPECT_MSG_EQ(Info::IsLast(row.op), (row.position[0] == 'L'), name);
            NS_TEST_EXPECT_MSG_EQ(Info::IsOnly(row.op), (row.position[0] == 'O'), name);
            NS_TEST_EXPECT_MSG_EQ(Info::HasReth(row.op), row.reth, name << " RETH");
            NS_TEST_EXPECT_MSG_EQ(Info::HasAeth(row.op), row.aeth, name << " AETH");
            NS_TEST_EXPECT_MSG_EQ(Info::HasImmDt(row.op), row.imm, name << " ImmDt");
            NS_TEST_EXPECT_MSG_EQ(Info::HasIeth(row.op), row.ieth, name << " IETH");
            NS_TEST_EXPECT_MSG_EQ(Info::HasPayload(row.op), row.payload, name << " payload");
            NS_TEST_EXPECT_MSG_EQ(Info::GetExtensionHeaderSize(row.op),
                                  row.extBytes,
                                  name << " extension bytes");
            NS_TEST_EXPECT_MSG_EQ(Info::StartsMessage(row.op),
                                  (row.position[0] == 'F' || row.position[0] == 'O'),
                                  name);
            NS_TEST_EXPECT_MSG_EQ(Info::EndsMessage(row.op),
                                  (row.position[0] == 'L' || row.position[0] == 'O'),
                                  name);
        }
        static_assert(RoceOpcodeInfo::HasReth(RoceOpcode::RDMA_READ_REQUEST), "constexpr");
        static_assert(RoceOpcodeInfo::GetExtensionHeaderSize(RoceOpcode::CNP) == 16, "constexpr");

        NS_TEST_EXPECT_MSG_EQ(std::string(Info::GetName(RoceOpcode::RDMA_READ_RESPONSE_LAST)),
                              "RDMA_READ_RESPONSE_LAST",
                              "name");
        NS_TEST_EXPECT_MSG_EQ(Info::IsRequest(RoceOpcode::RDMA_READ_REQUEST), true, "request");
        NS_TEST_EXPECT_MSG_EQ(Info::IsReadRequest(RoceOpcode::RDMA_READ_REQUEST), true, "read");
        NS_TEST_EXPECT_MSG_EQ(Info::IsResponse(RoceOpcode::RDMA_READ_RESPONSE_MIDDLE),
                              true,
                              "response");
        NS_TEST_EXPECT_MSG_EQ(Info::IsReadResponse(RoceOpcode::RDMA_READ_RESPONSE_ONLY),
                              true,
                              "read response");
        NS_TEST_EXPECT_MSG_EQ(Info::IsResponse(RoceOpcode::ACKNOWLEDGE), true, "ACK");
        NS_TEST_EXPECT_MSG_EQ(Info::IsSend(RoceOpcode::SEND_ONLY_WITH_INVALIDATE), true, "send");
        NS_TEST_EXPECT_MSG_EQ(Info::IsWrite(RoceOpcode::RDMA_WRITE_LAST_WITH_IMMEDIATE),
                              true,
                              "write");
        NS_TEST_EXPECT_MSG_EQ(Info::IsWrite(RoceOpcode::SEND_FIRST), false, "not write");
        NS_TEST_EXPECT_MSG_EQ(Info::IsAtomic(RoceOpcode::FETCH_ADD), true, "atomic");
        NS_TEST_EXPECT_MSG_EQ(Info::IsCnp(RoceOpcode::CNP), true, "CNP");
        NS_TEST_EXPECT_MSG_EQ(Info::HasDeth(RoceOpcode::UD_SEND_ONLY), true, "UD DETH");
        NS_TEST_EXPECT_MSG_EQ(+Info::GetTransport(RoceOpcode::CNP), +Info::CNP, "CNP transport");
        NS_TEST_EXPECT_MSG_EQ(+Info::GetTransport(RoceOpcode::UD_SEND_ONLY), +Info::UD, "UD");

        // UC carries SEND and WRITE only; undefined codes are not known.
        const auto uc = [](uint8_t v) { return static_cast<RoceOpcode>(v); };
        NS_TEST_EXPECT_MSG_EQ(Info::IsKnown(uc(0x2A)), true, "UC RDMA_WRITE_ONLY");
        NS_TEST_EXPECT_MSG_EQ(Info::HasReth(uc(0x2A)), true, "UC RDMA_WRITE_ONLY RETH");
        NS_TEST_EXPECT_MSG_EQ(std::string(Info::GetName(uc(0x2A))), "UC_RDMA_WRITE_ONLY", "UC");
        NS_TEST_EXPECT_MSG_EQ(Info::IsKnown(uc(0x2C)), false, "UC has no READ");
        NS_TEST_EXPECT_MSG_EQ(Info::IsKnown(uc(0x15)), false, "0x15 undefined here");
        NS_TEST_EXPECT_MSG_EQ(Info::IsKnown(uc(0x80)), false, "0x80 undefined");
        NS_TEST_EXPECT_MSG_EQ(Info::GetFlags(uc(0xFF)), 0, "0xFF undefined");
        NS_TEST_EXPECT_MSG_EQ(std::string(Info::GetName(uc(0x15))), "UNKNOWN", "unknown name");
    }
};

class RoceWirePsnTestCase : public TestCase
{
  public:
    RoceWirePsnTestCase()
        : TestCase("24-bit PSN arithmetic wraps modulo 2^24")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_EXPECT_MSG_EQ(RocePsn::Add(0xFFFFFF, 1), 0, "wrap");
        NS_TEST_EXPECT_MSG_EQ(RocePsn::Add(0xFFFFF0, 0x20), 0x10, "wrap by 32");
        NS_TEST_EXPECT_MSG_EQ(RocePsn::Next(0xFFFFFF), 0, "next wraps");
        NS_TEST_EXPECT_MSG_EQ(RocePsn::Subtract(0x000002, 5), 0xFFFFFD, "subtract wraps");
        NS_TEST_EXPECT_MSG_EQ(RocePsn::Distance(0xFFFFFE, 0x000001), 3, "forward across wrap");
        NS_TEST_EXPECT_MSG_EQ(RocePsn::Distance(0x000001, 0xFFFFFE), -3, "backward across wrap");
        NS_TEST_EXPECT_MSG_EQ(RocePsn::Distance(100, 100), 0, "equal");
        NS_TEST_EXPECT_MSG_EQ(RocePsn::Distance(0, 0x7FFFFF), 0x7FFFFF, "largest ahead");
        NS_TEST_EXPECT_MSG_EQ(RocePsn::Distance(0, 0x800000), -0x800000, "half is behind");
        NS_TEST_EXPECT_MSG_EQ(RocePsn::Less(0xFFFFFF, 0), true, "0xFFFFFF before 0");
        NS_TEST_EXPECT_MSG_EQ(RocePsn::Less(0, 0xFFFFFF), false, "0 after 0xFFFFFF");
        NS_TEST_EXPECT_MSG_EQ(RocePsn::Less(5, 5), false, "strict");
        NS_TEST_EXPECT_MSG_EQ(RocePsn::LessOrEqual(5, 5), true, "non-strict");
        NS_TEST_EXPECT_MSG_EQ(RocePsn::LessOrEqual(0x10, 0xFFFFF0), false, "wrapped order");
        NS_TEST_EXPECT_MSG_EQ(RocePsn::InRange(0x000002, 0xFFFFFE, 8), true, "window wraps");
        NS_TEST_EXPECT_MSG_EQ(RocePsn::InRange(0x000006, 0xFFFFFE, 8), false, "past window");
        NS_TEST_EXPECT_MSG_EQ(RocePsn::InRange(0xFFFFFD, 0xFFFFFE, 8), false, "before window");
        NS_TEST_EXPECT_MSG_EQ(RocePsn::IsValid(0x1000000), false, "25 bits");
        static_assert(RocePsn::Distance(0xFFFFFF, 0) == 1, "constexpr");
    }
};

class RoceWireAethTestCase : public TestCase
{
  public:
    RoceWireAethTestCase()
        : TestCase("AETH syndromes, RNR timers and credit codes")
    {
    }

  private:
    void DoRun() override
    {
        using A = RoceAethHeader;
        NS_TEST_EXPECT_MSG_EQ(+A::SYNDROME_NAK_PSN_SEQUENCE_ERROR, 0x60, "rxe_hdr.h value");
        NS_TEST_EXPECT_MSG_EQ(+A::SYNDROME_NAK_INVALID_REQUEST, 0x61, "rxe_hdr.h value");
        NS_TEST_EXPECT_MSG_EQ(+A::SYNDROME_NAK_REMOTE_ACCESS_ERROR, 0x62, "rxe_hdr.h value");
        NS_TEST_EXPECT_MSG_EQ(+A::SYNDROME_NAK_REMOTE_OPERATIONAL_ERROR, 0x63, "rxe_hdr.h");
        NS_TEST_EXPECT_MSG_EQ(+A::SYNDROME_ACK_UNLIMITED, 0x1F, "rxe_hdr.h value");
        NS_TEST_EXPECT_MSG_EQ(+A::RnrNakSyndrome(14), 0x2E, "RNR NAK | timer");
        NS_TEST_EXPECT_MSG_EQ(+A::NakSyndrome(A::REMOTE_OPERATIONAL_ERROR), 0x63, "NAK | code");

        A ack;
        ack.SetAck(0x123456);
        NS_TEST_EXPECT_MSG_EQ(+ack.GetSyndrome(), 0x1F, "ACK, unlimited credits");
        NS_TEST_EXPECT_MSG_EQ(ack.IsAck(), true, "IsAck");
        NS_TEST_EXPECT_MSG_EQ(ack.IsNak() || ack.IsRnrNak(), false, "not a NAK");
        NS_TEST_EXPECT_MSG_EQ(+ack.GetCreditCount(), +A::CREDITS_UNLIMITED, "credit code");
        NS_TEST_EXPECT_MSG_EQ(ack.GetMsn(), 0x123456, "MSN");
        NS_TEST_EXPECT_MSG_EQ(+ack.GetType(), +A::ACK, "type");
        ack.SetAck(7, 5);
        NS_TEST_EXPECT_MSG_EQ(+ack.GetSyndrome(), 0x05, "ACK with credit code 5");

        A rnr;
        rnr.SetRnrNak(9, 14);
        NS_TEST_EXPECT_MSG_EQ(rnr.IsRnrNak(), true, "IsRnrNak");
        NS_TEST_EXPECT_MSG_EQ(rnr.IsAck() || rnr.IsNak(), false, "only RNR");
        NS_TEST_EXPECT_MSG_EQ(+rnr.GetRnrTimer(), 14, "timer");
        NS_TEST_EXPECT_MSG_EQ(A::RnrTimerToTime(rnr.GetRnrTimer()), MicroSeconds(1280), "1.28ms");

        A nak(A::SYNDROME_NAK_REMOTE_ACCESS_ERROR, 0x1000001);
        NS_TEST_EXPECT_MSG_EQ(nak.IsNak(), true, "IsNak");
        NS_TEST_EXPECT_MSG_EQ(+nak.GetNakCode(), +A::REMOTE_ACCESS_ERROR, "code");
        NS_TEST_EXPECT_MSG_EQ(nak.GetMsn(), 1, "MSN masked to 24 bits");
        NS_TEST_EXPECT_MSG_EQ(+nak.GetType(), +A::NAK, "type");
        nak.SetNak(3, A::PSN_SEQUENCE_ERROR);
        NS_TEST_EXPECT_MSG_EQ(+nak.GetSyndrome(), 0x60, "PSN sequence error");

        // IBTA Vol 1 Table 45.
        NS_TEST_EXPECT_MSG_EQ(A::RnrTimerToTime(0), MicroSeconds(655360), "code 0");
        NS_TEST_EXPECT_MSG_EQ(A::RnrTimerToTime(1), MicroSeconds(10), "code 1");
        NS_TEST_EXPECT_MSG_EQ(A::RnrTimerToTime(25), MicroSeconds(61440), "code 25");
        NS_TEST_EXPECT_MSG_EQ(A::RnrTimerToTime(31), MicroSeconds(491520), "code 31");
        NS_TEST_EXPECT_MSG_EQ(+A::TimeToRnrTimer(MicroSeconds(10)), 1, "exact");
        NS_TEST_EXPECT_MSG_EQ(+A::TimeToRnrTimer(MicroSeconds(11)), 2, "rounds up");
        NS_TEST_EXPECT_MSG_EQ(+A::TimeToRnrTimer(MilliSeconds(1)), 14, "1 ms -> 1.28 ms");
        NS_TEST_EXPECT_MSG_EQ(+A::TimeToRnrTimer(MilliSeconds(600)), 0, "655.36 ms");

        // IBTA Vol 1 Table 43.
        const uint32_t credits[31] = {0,    1,    2,    3,     4,     6,     8,    12,
                                      16,   24,   32,   48,    64,    96,    128,  192,
                                      256,  384,  512,  768,   1024,  1536,  2048, 3072,
                                      4096, 6144, 8192, 12288, 16384, 24576, 32768};
        for (uint8_t code = 0; code < 31; ++code)
        {
            NS_TEST_EXPECT_MSG_EQ(A::CreditCodeToCredits(code), credits[code], "code " << +code);
            NS_TEST_EXPECT_MSG_EQ(+A::CreditsToCreditCode(credits[code]), +code, "inverse");
        }
        NS_TEST_EXPECT_MSG_EQ(A::CreditCodeToCredits(31), UINT32_MAX, "invalid = unlimited");
        NS_TEST_EXPECT_MSG_EQ(+A::CreditsToCreditCode(7), 5, "7 credits -> 6");
        NS_TEST_EXPECT_MSG_EQ(+A::CreditsToCreditCode(1000000), 30, "capped at 32768");
    }
};

class RoceWireSizeTestCase : public TestCase
{
  public:
    RoceWireSizeTestCase()
        : TestCase("on-wire size arithmetic")
    {
    }

  private:
    void DoRun() override
    {
        using W = RoceWireSize;
        // 14 + 20 + 8 + 12 + 1024 + 4 = 1082; wire + FCS 4 + preamble/SFD 8 + IFG 12 = 1106.
        NS_TEST_EXPECT_MSG_EQ(W::FrameBytes(RoceOpcode::RDMA_WRITE_MIDDLE, 1024, false),
                              1082,
                              "write middle");
        NS_TEST_EXPECT_MSG_EQ(W::WireBytes(RoceOpcode::RDMA_WRITE_MIDDLE, 1024, false),
                              1106,
                              "write middle on the wire");
        NS_TEST_EXPECT_MSG_EQ(W::FrameBytes(RoceOpcode::RDMA_WRITE_MIDDLE, 1024, true),
                              1086,
                              "tagged");
        NS_TEST_EXPECT_MSG_EQ(W::WireBytes(RoceOpcode::RDMA_WRITE_MIDDLE, 1024, true),
                              1110,
                              "tagged on the wire");
        NS_TEST_EXPECT_MSG_EQ(W::FrameBytes(RoceOpcode::RDMA_WRITE_FIRST, 1024, true),
                              1102,
                              "18 + 20 + 8 + 12 + 16 + 1024 + 4");
        NS_TEST_EXPECT_MSG_EQ(
            W::FrameBytes(RoceOpcode::RDMA_WRITE_ONLY_WITH_IMMEDIATE, 4096, false),
            14 + 20 + 8 + 12 + 16 + 4 + 4096 + 4,
            "write only imm");
        // ACK: 62-byte frame + FCS = 66 (no padding), + 20.
        NS_TEST_EXPECT_MSG_EQ(W::FrameBytes(RoceOpcode::ACKNOWLEDGE, 0, false), 62, "ACK");
        NS_TEST_EXPECT_MSG_EQ(W::WireBytes(RoceOpcode::ACKNOWLEDGE, 0, false), 86, "ACK wire");
        NS_TEST_EXPECT_MSG_EQ(W::WireBytes(RoceOpcode::ACKNOWLEDGE, 0, true), 90, "tagged ACK");
        // An empty SEND_ONLY: 58 bytes + FCS = 62, padded to the 64-byte minimum.
        NS_TEST_EXPECT_MSG_EQ(W::FrameBytes(RoceOpcode::SEND_ONLY, 0, false), 58, "empty send");
        NS_TEST_EXPECT_MSG_EQ(W::WireBytes(RoceOpcode::SEND_ONLY, 0, false), 84, "padded");
        NS_TEST_EXPECT_MSG_EQ(W::WireBytes(RoceOpcode::SEND_ONLY, 0, true), 86, "tagged");
        // CNP: 74 bytes, like the ConnectX-4 Lx capture.
        NS_TEST_EXPECT_MSG_EQ(W::FrameBytes(RoceOpcode::CNP, 0, false), 74, "CNP");
        NS_TEST_EXPECT_MSG_EQ(W::FrameBytes(RoceOpcode::RDMA_READ_REQUEST, 0, false),
                              74,
                              "read request");
        NS_TEST_EXPECT_MSG_EQ(W::FrameBytes(RoceOpcode::RDMA_READ_RESPONSE_MIDDLE, 4096, false),
                              14 + 20 + 8 + 12 + 4096 + 4,
                              "read response middle");
        NS_TEST_EXPECT_MSG_EQ(W::FrameBytes(RoceOpcode::SEND_ONLY_WITH_IMMEDIATE, 3, false),
                              14 + 20 + 8 + 12 + 4 + 3 + 1 + 4,
                              "pad byte");
        NS_TEST_EXPECT_MSG_EQ(W::UdpLength(RoceOpcode::RDMA_WRITE_ONLY_WITH_IMMEDIATE, 37),
                              84,
                              "UDP length counts the ICRC");
        NS_TEST_EXPECT_MSG_EQ(W::IpLength(RoceOpcode::SEND_ONLY, 0), 20 + 8 + 12 + 4, "IP");
        NS_TEST_EXPECT_MSG_EQ(W::PfcWireBytes(), 84, "PFC: 64 + 20");
        NS_TEST_EXPECT_MSG_EQ(W::L2HeaderBytes(true), 18, "tagged L2");

        const uint32_t pads[] = {0, 3, 2, 1, 0, 3};
        for (uint32_t payload = 0; payload < 6; ++payload)
        {
            NS_TEST_EXPECT_MSG_EQ(W::PadCount(payload), pads[payload], "pad " << payload);
        }

        NS_TEST_EXPECT_MSG_EQ(W::IsValidPathMtu(1024), true, "1024");
        NS_TEST_EXPECT_MSG_EQ(W::IsValidPathMtu(1500), false, "1500 is not an IB MTU");
        NS_TEST_EXPECT_MSG_EQ(W::MaxPayload(4096), 4096, "payload = path MTU");
        NS_TEST_EXPECT_MSG_EQ(W::LargestPathMtuForIpMtu(1500), 1024, "1500");
        NS_TEST_EXPECT_MSG_EQ(W::LargestPathMtuForIpMtu(4200), 4096, "4200");
        NS_TEST_EXPECT_MSG_EQ(W::LargestPathMtuForIpMtu(9000), 4096, "9000");
        NS_TEST_EXPECT_MSG_EQ(W::LargestPathMtuForIpMtu(4159), 2048, "4096 + 64 > 4159");
        NS_TEST_EXPECT_MSG_EQ(W::LargestPathMtuForIpMtu(300), 0, "too small");
        NS_TEST_EXPECT_MSG_EQ(W::PacketCount(0, 1024), 1, "empty message");
        NS_TEST_EXPECT_MSG_EQ(W::PacketCount(1024, 1024), 1, "one packet");
        NS_TEST_EXPECT_MSG_EQ(W::PacketCount(1025, 1024), 2, "two packets");
        NS_TEST_EXPECT_MSG_EQ(W::PacketCount(1 << 20, 4096), 256, "1 MiB");
        NS_TEST_EXPECT_MSG_EQ(W::TransmitTimePs(1106, 100000000000ULL), 88480, "100G");
        NS_TEST_EXPECT_MSG_EQ(W::TransmitTimePs(84, 25000000000ULL), 26880, "25G");
        NS_TEST_EXPECT_MSG_EQ(W::TransmitTimePs(1, 3000000000ULL), 2667, "rounds up");
        static_assert(W::FrameBytes(RoceOpcode::RDMA_WRITE_MIDDLE, 1024, false) == 1082,
                      "constexpr");
    }
};

/** The test packet of icrc-vectors.py #3: RDMA WRITE ONLY WITH IMMEDIATE, 37-byte payload. */
Ptr<Packet>
MakeWriteImmediatePacket(bool ipChecksum)
{
    Bytes payload(40, 0);
    for (uint32_t i = 0; i < 37; ++i)
    {
        payload[i] = static_cast<uint8_t>(i * 7 + 3);
    }
    Ptr<Packet> p = Create<Packet>(payload.data(), payload.size());
    p->AddHeader(RoceImmDtHeader(0x01020304));
    p->AddHeader(RoceRethHeader(0x00007F0012345000ULL, 0xCAFEBABE, 37));
    RoceBthHeader bth;
    bth.SetOpcode(RoceOpcode::RDMA_WRITE_ONLY_WITH_IMMEDIATE);
    bth.SetSolicitedEvent(true);
    bth.SetPadCount(RoceWireSize::PadCount(37));
    bth.SetFecn(true);
    bth.SetDestQp(0x000ABC);
    bth.SetAckRequest(true);
    bth.SetPsn(0xFFFFFE);
    p->AddHeader(bth);
    p->AddTrailer(RoceIcrcTrailer());
    UdpHeader udp;
    udp.SetSourcePort(49153);
    udp.SetDestinationPort(RoceWireSize::ROCE_V2_UDP_PORT);
    p->AddHeader(udp);
    Ipv4Header ip;
    ip.SetSource(Ipv4Address("10.0.0.1"));
    ip.SetDestination(Ipv4Address("10.0.0.2"));
    ip.SetProtocol(RoceWireSize::IP_PROTOCOL_UDP);
    ip.SetTtl(64);
    ip.SetIdentification(0x1234);
    ip.SetDontFragment();
    ip.SetDscp(Ipv4Header::DSCP_AF31);
    ip.SetEcn(Ipv4Header::ECN_ECT0);
    ip.SetPayloadSize(p->GetSize());
    if (ipChecksum)
    {
        ip.EnableChecksum();
    }
    p->AddHeader(ip);
    return p;
}

class RoceWireIcrcTestCase : public TestCase
{
  public:
    RoceWireIcrcTestCase()
        : TestCase("ICRC against published captures and zlib-computed vectors")
    {
    }

  private:
    void DoRun() override
    {
        const char* check = "123456789";
        NS_TEST_EXPECT_MSG_EQ(RoceIcrc::Crc32(reinterpret_cast<const uint8_t*>(check), 9),
                              0xCBF43926,
                              "CRC-32 check value");
        const Bytes ff(8, 0xFF);
        NS_TEST_EXPECT_MSG_EQ(RoceIcrc::Crc32(ff.data(), ff.size()),
                              RoceIcrc::MASKED_PREFIX_CRC,
                              "8 x 0xFF prefix");
        const auto* text = reinterpret_cast<const uint8_t*>("RoCEv2 invariant CRC, chunked");
        NS_TEST_EXPECT_MSG_EQ(RoceIcrc::Crc32(text + 11, 18, RoceIcrc::Crc32(text, 11)),
                              RoceIcrc::Crc32(text, 29),
                              "incremental CRC");

        // 1. A CNP captured on a ConnectX-4 Lx (scapy test/contrib/roce.uts): ICRC 82 fd 00 2a.
        const Bytes cnpHead = {0xe4, 0x1d, 0x2d, 0xab, 0x2b, 0xc2, 0x7c, 0xfe, 0x90, 0x64,
                               0x3b, 0x32, 0x08, 0x00, 0x45, 0xc2, 0x00, 0x3c, 0x71, 0x8c,
                               0x40, 0x00, 0x40, 0x11, 0x91, 0x61, 0x0a, 0x00, 0x11, 0x01,
                               0x0a, 0x00, 0x12, 0x01, 0x00, 0x00, 0x12, 0xb7, 0x00, 0x28,
                               0x00, 0x00, 0x81, 0x00, 0xff, 0xff, 0x40, 0x00, 0x01, 0x18};
        Bytes cnp = Concat({cnpHead, Bytes(4 + 16, 0), {0x82, 0xfd, 0x00, 0x2a}}); // PSN word, body
        NS_TEST_ASSERT_MSG_EQ(cnp.size(), 74, "capture length");
        uint32_t icrc = 0;
        NS_TEST_EXPECT_MSG_EQ(RoceIcrc::ComputeFrame(cnp.data(), cnp.size(), icrc), true, "CNP");
        NS_TEST_EXPECT_MSG_EQ(icrc, 0x2A00FD82, "ConnectX-4 Lx CNP ICRC");
        NS_TEST_EXPECT_MSG_EQ(RoceIcrc::CheckFrame(cnp.data(), cnp.size()), true, "check");
        NS_TEST_EXPECT_MSG_EQ(RoceIcrc::Compute(cnp.data() + 14, cnp.size() - 14 - 4),
                              0x2A00FD82,
                              "from the IP header");
        NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::GetBthOpcode(cnp.data()), RoceOpcode::CNP, "opcode");
        NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::GetBthBecn(cnp.data()), true, "raw BECN");
        NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::GetBthDestQp(cnp.data()), 0x118, "raw DestQP");
        Bytes corrupted = cnp;
        corrupted[60] ^= 1;
        NS_TEST_EXPECT_MSG_EQ(RoceIcrc::CheckFrame(corrupted.data(), corrupted.size()),
                              false,
                              "corruption detected");
        corrupted = cnp;
        corrupted[70] = 0;
        NS_TEST_EXPECT_MSG_EQ(RoceIcrc::PatchFrame(corrupted.data(), corrupted.size()),
                              true,
                              "patch");
        NS_TEST_EXPECT_MSG_EQ(Hex(corrupted), Hex(cnp), "patched = captured");
        // Variant fields do not change it: TOS/ECN, TTL, IP checksum, UDP checksum, F/B byte.
        Bytes variant = cnp;
        variant[15] = 0x03;
        variant[22] = 1;
        variant[24] = 0x12;
        variant[40] = 0xAB;
        variant[46] = 0x80;
        NS_TEST_EXPECT_MSG_EQ(RoceIcrc::CheckFrame(variant.data(), variant.size()),
                              true,
                              "invariant under masked fields");
        // And a VLAN tag in front does not either.
        const Bytes tagged = Concat({Bytes(cnp.begin(), cnp.begin() + 12),
                                     {0x81, 0x00, 0x60, 0x64},
                                     Bytes(cnp.begin() + 12, cnp.end())});
        NS_TEST_EXPECT_MSG_EQ(RoceIcrc::CheckFrame(tagged.data(), tagged.size()), true, "tag");

        // 2. scapy's UC SEND_ONLY example (test/contrib/roce.uts): ICRC field 0x78f353f3.
        const Bytes ucHead = {0x45, 0x01, 0x00, 0x40, 0x04, 0x78, 0x40, 0x00, 0x40, 0x11,
                              0xb4, 0xd5, 0xc0, 0xa8, 0x00, 0x07, 0xc0, 0xa8, 0x00, 0x07,
                              0xc0, 0x00, 0x12, 0xb7, 0x00, 0x2c, 0xac, 0xa2, 0x24, 0x60,
                              0xff, 0xff, 0x00, 0x00, 0x00, 0xd3, 0x00, 0xcf, 0x17, 0x10};
        const char* payload = "F0\x81\x8b\xe2\x89"
                              "5\xd9\x0e\x9a\x95PT\x01\xbe\x88^P";
        const Bytes uc = Concat({ucHead, Bytes(payload, payload + 18), {0x00, 0x00}});
        NS_TEST_ASSERT_MSG_EQ(uc.size(), 60, "scapy packet without ICRC");
        icrc = RoceIcrc::Compute(uc.data(), uc.size());
        NS_TEST_EXPECT_MSG_EQ(icrc, 0xF353F378, "scapy UC SEND_ONLY ICRC");
        uint8_t wire[4];
        RoceIcrc::Write(wire, icrc);
        NS_TEST_EXPECT_MSG_EQ(Hex(Bytes(wire, wire + 4)), "78f353f3", "wire order");
        NS_TEST_EXPECT_MSG_EQ(RoceIcrc::Read(wire), icrc, "read back");

        // 3. Our packet built with ns-3 headers (icrc-vectors.py #3: 0xcb7863ac).
        for (bool ipChecksum : {false, true})
        {
            Ptr<Packet> p = MakeWriteImmediatePacket(ipChecksum);
            NS_TEST_EXPECT_MSG_EQ(p->GetSize(), 20 + 84, "IP + UDP length");
            const Bytes before = PacketBytes(p);
            NS_TEST_EXPECT_MSG_EQ(+before[24], 0, "UDP length high byte");
            NS_TEST_EXPECT_MSG_EQ(+before[25], 84, "UdpHeader's length counts the ICRC slot");
            NS_TEST_EXPECT_MSG_EQ(RoceIcrc::ComputePacket(p), 0xCB7863AC, "ComputePacket");
            NS_TEST_EXPECT_MSG_EQ(RoceIcrcTrailer::Fill(p), 0xCB7863AC, "Fill");
            const Bytes after = PacketBytes(p);
            NS_TEST_EXPECT_MSG_EQ(after.size(), before.size(), "same size after Fill");
            NS_TEST_EXPECT_MSG_EQ(Hex(Bytes(after.end() - 4, after.end())),
                                  "ac6378cb",
                                  "ICRC bytes at the end");
            NS_TEST_EXPECT_MSG_EQ(Hex(Bytes(after.begin(), after.end() - 4)),
                                  Hex(Bytes(before.begin(), before.end() - 4)),
                                  "only the ICRC changed");
            NS_TEST_EXPECT_MSG_EQ(RoceIcrc::Compute(after.data(), after.size() - 4),
                                  0xCB7863AC,
                                  "raw");
            EthernetHeader eth;
            eth.SetSource(Mac48Address("02:00:00:00:00:01"));
            eth.SetDestination(Mac48Address("02:00:00:00:00:02"));
            eth.SetLengthType(RoceWireSize::ETHER_TYPE_IPV4);
            p->AddHeader(eth);
            const Bytes frame = PacketBytes(p);
            NS_TEST_EXPECT_MSG_EQ(
                frame.size(),
                RoceWireSize::FrameBytes(RoceOpcode::RDMA_WRITE_ONLY_WITH_IMMEDIATE, 37, false),
                "frame size = RoceWireSize::FrameBytes");
            NS_TEST_EXPECT_MSG_EQ(RoceIcrc::CheckFrame(frame.data(), frame.size()), true, "ok");
        }

        // 4. IPv6 (icrc-vectors.py #4: 0xccb02848).
        const Bytes src = {0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        Bytes dst = src;
        dst[15] = 2;
        const Bytes v6 =
            Concat({{0x66, 0x8A, 0xBC, 0xDE, 0x00, 0x20, 0x11, 0x40},
                    src,
                    dst,
                    {0xc3, 0x50, 0x12, 0xb7, 0x00, 0x20, 0x12, 0x34},
                    {0x04, 0x00, 0xff, 0xff, 0x00, 0x00, 0x01, 0x23, 0x80, 0x00, 0x00, 0x42},
                    {1, 2, 3, 4, 5, 6, 7, 8}});
        NS_TEST_EXPECT_MSG_EQ(RoceIcrc::Compute(v6.data(), v6.size()), 0xCCB02848, "IPv6");
        Bytes v6Frame = Concat({{2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x86, 0xDD}, v6, Bytes(4, 0)});
        NS_TEST_EXPECT_MSG_EQ(RoceIcrc::PatchFrame(v6Frame.data(), v6Frame.size()), true, "v6");
        NS_TEST_EXPECT_MSG_EQ(Hex(Bytes(v6Frame.end() - 4, v6Frame.end())), "4828b0cc", "v6");

        // Not RoCE: rejected.
        Bytes arp(60, 0);
        arp[12] = 0x08;
        arp[13] = 0x06;
        NS_TEST_EXPECT_MSG_EQ(RoceIcrc::ComputeFrame(arp.data(), arp.size(), icrc), false, "ARP");
        NS_TEST_EXPECT_MSG_EQ(RoceIcrc::PatchFrame(cnp.data(), 50), false, "truncated frame");
    }
};

class RoceWireRawFrameTestCase : public TestCase
{
  public:
    RoceWireRawFrameTestCase()
        : TestCase("raw-frame accessors and in-place ECN CE marking")
    {
    }

  private:
    /** \return a RoCEv2 frame, tagged or not, with the IPv4 checksum on or off */
    static Ptr<Packet> MakeFrame(bool vlan, bool checksum, Ipv4Header::EcnType ecn)
    {
        Ptr<Packet> p = Create<Packet>(64);
        RoceBthHeader bth;
        bth.SetOpcode(RoceOpcode::RDMA_READ_RESPONSE_MIDDLE);
        bth.SetDestQp(0xBEEF01);
        bth.SetPsn(0xC0FFEE);
        p->AddHeader(bth);
        p->AddTrailer(RoceIcrcTrailer());
        UdpHeader udp;
        udp.SetSourcePort(0xD00D);
        udp.SetDestinationPort(4791);
        p->AddHeader(udp);
        Ipv4Header ip;
        ip.SetSource(Ipv4Address("192.168.1.10"));
        ip.SetDestination(Ipv4Address("192.168.2.20"));
        ip.SetProtocol(17);
        ip.SetTtl(63);
        ip.SetDscp(Ipv4Header::DSCP_AF41);
        ip.SetEcn(ecn);
        ip.SetPayloadSize(p->GetSize());
        if (checksum)
        {
            ip.EnableChecksum();
        }
        p->AddHeader(ip);
        RoceIcrcTrailer::Fill(p);
        EthernetHeader eth;
        eth.SetSource(Mac48Address("02:00:00:00:00:01"));
        eth.SetDestination(Mac48Address("02:00:00:00:00:02"));
        if (vlan)
        {
            p->AddHeader(VlanTagHeader(3, 100, 0x0800));
            eth.SetLengthType(VlanTagHeader::TPID);
        }
        else
        {
            eth.SetLengthType(0x0800);
        }
        p->AddHeader(eth);
        return p;
    }

    /** \return the IPv4 header of \p frame, deserialized with checksum verification */
    static Ipv4Header ReadIpv4(const Bytes& frame, bool vlan)
    {
        Ptr<Packet> p = Create<Packet>(frame.data(), frame.size());
        EthernetHeader eth;
        p->RemoveHeader(eth);
        if (vlan)
        {
            VlanTagHeader tag;
            p->RemoveHeader(tag);
        }
        Ipv4Header ip;
        ip.EnableChecksum();
        p->RemoveHeader(ip);
        return ip;
    }

    void DoRun() override
    {
        for (bool vlan : {false, true})
        {
            Ptr<Packet> p = MakeFrame(vlan, true, Ipv4Header::ECN_ECT0);
            uint8_t head[RoceRawFrame::PEEK_BYTES];
            const uint32_t n = RoceRawFrame::Peek(p, head);
            const std::string tag = vlan ? "tagged: " : "untagged: ";
            NS_TEST_EXPECT_MSG_EQ(n, RoceRawFrame::PEEK_BYTES, tag << "peeked");
            NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::IsRoceV2(head, n), true, tag << "RoCEv2");
            NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::HasVlanTag(head), vlan, tag << "tag");
            NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::GetL3Offset(head), vlan ? 18 : 14, tag << "L3");
            NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::GetEtherType(head), 0x0800, tag << "EtherType");
            NS_TEST_EXPECT_MSG_EQ(+RoceRawFrame::GetVlanPcp(head), vlan ? 3 : 0, tag << "PCP");
            NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::GetVlanId(head), vlan ? 100 : 0, tag << "VID");
            NS_TEST_EXPECT_MSG_EQ(Ipv4Address(RoceRawFrame::GetIpv4Source(head)),
                                  Ipv4Address("192.168.1.10"),
                                  tag << "src");
            NS_TEST_EXPECT_MSG_EQ(Ipv4Address(RoceRawFrame::GetIpv4Destination(head)),
                                  Ipv4Address("192.168.2.20"),
                                  tag << "dst");
            NS_TEST_EXPECT_MSG_EQ(+RoceRawFrame::GetDscp(head), 34, tag << "DSCP AF41");
            NS_TEST_EXPECT_MSG_EQ(+RoceRawFrame::GetEcn(head), +RoceRawFrame::ECT0, tag << "ECN");
            NS_TEST_EXPECT_MSG_EQ(+RoceRawFrame::GetTtl(head), 63, tag << "TTL");
            NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::GetUdpSourcePort(head), 0xD00D, tag << "sport");
            NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::GetUdpDestinationPort(head), 4791, tag << "dport");
            NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::GetBthOpcode(head),
                                  RoceOpcode::RDMA_READ_RESPONSE_MIDDLE,
                                  tag << "opcode");
            NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::GetBthDestQp(head), 0xBEEF01, tag << "DestQP");
            NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::GetBthPsn(head), 0xC0FFEE, tag << "PSN");
            NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::IsRoceV2(head, 40), false, tag << "too short");

            // Mark CE on a byte copy: the checksum stays valid, the ICRC unchanged.
            Bytes frame = PacketBytes(p);
            NS_TEST_EXPECT_MSG_EQ(ReadIpv4(frame, vlan).IsChecksumOk(), true, tag << "before");
            NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::SetEcnCe(frame.data()), true, tag << "marked");
            const Ipv4Header marked = ReadIpv4(frame, vlan);
            NS_TEST_EXPECT_MSG_EQ(marked.IsChecksumOk(), true, tag << "checksum after CE");
            NS_TEST_EXPECT_MSG_EQ(marked.GetEcn(), Ipv4Header::ECN_CE, tag << "CE");
            NS_TEST_EXPECT_MSG_EQ(marked.GetDscp(), Ipv4Header::DSCP_AF41, tag << "DSCP kept");
            NS_TEST_EXPECT_MSG_EQ(RoceIcrc::CheckFrame(frame.data(), frame.size()),
                                  true,
                                  tag << "ICRC invariant under CE");
            NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::SetEcnCe(frame.data()), true, tag << "again");

            // The same on the ns-3 packet, in its buffer.
            NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::SetEcnCe(p), true, tag << "packet marked");
            NS_TEST_EXPECT_MSG_EQ(Hex(PacketBytes(p)), Hex(frame), tag << "packet bytes = marked");
            std::ostringstream printed;
            p->Print(printed); // must not crash with the raw prefix chunk
        }

        // Checksums disabled: the zero checksum stays zero.
        Ptr<Packet> p = MakeFrame(false, false, Ipv4Header::ECN_ECT1);
        Bytes frame = PacketBytes(p);
        NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::SetEcnCe(frame.data()), true, "ECT(1) marked");
        NS_TEST_EXPECT_MSG_EQ(+frame[24], 0, "checksum stays 0");
        NS_TEST_EXPECT_MSG_EQ(+frame[25], 0, "checksum stays 0");
        NS_TEST_EXPECT_MSG_EQ(+RoceRawFrame::GetEcn(frame.data()), +RoceRawFrame::CE, "CE");

        // Not-ECT: unchanged, reported.
        p = MakeFrame(false, true, Ipv4Header::ECN_NotECT);
        frame = PacketBytes(p);
        const Bytes original = frame;
        NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::SetEcnCe(frame.data()), false, "Not-ECT");
        NS_TEST_EXPECT_MSG_EQ(Hex(frame), Hex(original), "Not-ECT unchanged");
        NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::SetEcnCe(p), false, "Not-ECT packet");
        NS_TEST_EXPECT_MSG_EQ(Hex(PacketBytes(p)), Hex(original), "Not-ECT packet unchanged");

        // Not IPv4 (a PFC frame): not RoCE, never "marked".
        Ptr<Packet> pfc = Create<Packet>();
        pfc->AddHeader(PfcPauseHeader());
        EthernetHeader pfcEth;
        pfcEth.SetLengthType(PfcPauseHeader::ETHER_TYPE);
        pfc->AddHeader(pfcEth);
        Bytes pfcFrame = PacketBytes(pfc);
        NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::IsRoceV2(pfcFrame.data(), pfcFrame.size()),
                              false,
                              "PFC is not RoCEv2");
        NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::SetEcnCe(pfcFrame.data()), false, "PFC not marked");
        NS_TEST_EXPECT_MSG_EQ(RoceRawFrame::SetEcnCe(pfc), false, "PFC packet not marked");
        NS_TEST_EXPECT_MSG_EQ(Hex(PacketBytes(pfc)), Hex(pfcFrame), "PFC unchanged");

        // Checksum incremental update over many TOS/checksum combinations vs. recomputation.
        for (uint32_t id = 0; id < 2000; id += 7)
        {
            for (uint8_t ecn : {1, 2})
            {
                Ipv4Header ip;
                ip.SetSource(Ipv4Address(0x0A000000 + id * 977));
                ip.SetDestination(Ipv4Address(0x0A800000 + id * 131));
                ip.SetIdentification(static_cast<uint16_t>(id * 31));
                ip.SetProtocol(17);
                ip.SetTtl(static_cast<uint8_t>(id));
                ip.SetTos(static_cast<uint8_t>((id << 2) | ecn));
                ip.SetPayloadSize(id);
                ip.EnableChecksum();
                Bytes f = Concat({{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00}, ToBytes(ip)});
                RoceRawFrame::SetEcnCe(f.data());
                ip.SetEcn(Ipv4Header::ECN_CE);
                const Bytes expected = ToBytes(ip);
                NS_TEST_EXPECT_MSG_EQ(Hex(Bytes(f.begin() + 14, f.end())),
                                      Hex(expected),
                                      "incremental checksum, id " << id);
            }
        }
    }
};

class PfcPauseTestCase : public RoceWireTestCase
{
  public:
    PfcPauseTestCase()
        : RoceWireTestCase("PFC pause frame body and quanta conversion")
    {
    }

  private:
    void DoRun() override
    {
        PfcPauseHeader pfc;
        pfc.SetPauseTime(3, 0xFFFF);
        pfc.SetPauseTime(5, 100);
        pfc.SetPauseTime(0, 0); // resume priority 0
        NS_TEST_EXPECT_MSG_EQ(pfc.GetClassEnableVector(), 0x29, "enable bits 0, 3, 5");
        const Bytes bytes = ToBytes(pfc);
        NS_TEST_EXPECT_MSG_EQ(bytes.size(), 46, "46 bytes: 64 - 14 - FCS 4");
        NS_TEST_EXPECT_MSG_EQ(Hex(Bytes(bytes.begin(), bytes.begin() + 20)),
                              "01010029000000000000ffff0000006400000000",
                              "opcode, class-enable vector, time[0..7]");
        NS_TEST_EXPECT_MSG_EQ(Hex(Bytes(bytes.begin() + 20, bytes.end())),
                              std::string(52, '0'),
                              "zero padding");
        PfcPauseHeader copy = RoundTrip(pfc, "PFC");
        NS_TEST_EXPECT_MSG_EQ(copy.GetOpcode(), PfcPauseHeader::OPCODE, "opcode");
        NS_TEST_EXPECT_MSG_EQ(copy.IsEnabled(3), true, "p3 enabled");
        NS_TEST_EXPECT_MSG_EQ(copy.IsEnabled(4), false, "p4 not enabled");
        NS_TEST_EXPECT_MSG_EQ(copy.GetPauseTime(3), 0xFFFF, "p3 time");
        NS_TEST_EXPECT_MSG_EQ(copy.GetPauseTime(5), 100, "p5 time");
        copy.SetEnabled(3, false);
        NS_TEST_EXPECT_MSG_EQ(copy.GetClassEnableVector(), 0x21, "cleared");
        NS_TEST_EXPECT_MSG_EQ(PfcPauseHeader::GetDestination(),
                              Mac48Address("01:80:c2:00:00:01"),
                              "destination");

        const DataRate g100("100Gbps");
        NS_TEST_EXPECT_MSG_EQ(PfcPauseHeader::QuantaToTime(1, g100), PicoSeconds(5120), "5.12ns");
        NS_TEST_EXPECT_MSG_EQ(PfcPauseHeader::QuantaToTime(0xFFFF, g100),
                              PicoSeconds(335539200),
                              "max pause at 100G");
        NS_TEST_EXPECT_MSG_EQ(PfcPauseHeader::QuantaToTime(1, DataRate("25Gbps")),
                              PicoSeconds(20480),
                              "25G");
        NS_TEST_EXPECT_MSG_EQ(PfcPauseHeader::QuantaToTime(3, DataRate("40Gbps")),
                              PicoSeconds(38400),
                              "40G");
        NS_TEST_EXPECT_MSG_EQ(PfcPauseHeader::QuantaToTime(1, DataRate("3Gbps")),
                              PicoSeconds(170667),
                              "rounded up");
        NS_TEST_EXPECT_MSG_EQ(PfcPauseHeader::TimeToQuanta(PicoSeconds(5120), g100), 1, "exact");
        NS_TEST_EXPECT_MSG_EQ(PfcPauseHeader::TimeToQuanta(PicoSeconds(5121), g100), 2, "up");
        NS_TEST_EXPECT_MSG_EQ(PfcPauseHeader::TimeToQuanta(MicroSeconds(100), g100),
                              19532,
                              "100us");
        NS_TEST_EXPECT_MSG_EQ(PfcPauseHeader::TimeToQuanta(MilliSeconds(1), g100),
                              0xFFFF,
                              "saturates");
        NS_TEST_EXPECT_MSG_EQ(PfcPauseHeader::TimeToQuanta(Seconds(0), g100), 0, "zero");
    }
};

class RoceWireHeadersTestSuite : public TestSuite
{
  public:
    RoceWireHeadersTestSuite()
        : TestSuite("roce-wire-headers", UNIT)
    {
        AddTestCase(new RoceWireBthTestCase, TestCase::QUICK);
        AddTestCase(new RoceWireExtensionHeadersTestCase, TestCase::QUICK);
        AddTestCase(new RoceWireOpcodeTestCase, TestCase::QUICK);
        AddTestCase(new RoceWirePsnTestCase, TestCase::QUICK);
        AddTestCase(new RoceWireAethTestCase, TestCase::QUICK);
        AddTestCase(new RoceWireSizeTestCase, TestCase::QUICK);
        AddTestCase(new RoceWireIcrcTestCase, TestCase::QUICK);
        AddTestCase(new RoceWireRawFrameTestCase, TestCase::QUICK);
        AddTestCase(new PfcPauseTestCase, TestCase::QUICK);
    }
};

static RoceWireHeadersTestSuite g_roceWireHeadersTestSuite;

} // namespace

} // namespace ns3
