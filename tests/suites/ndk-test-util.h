/*
 * Helpers shared by the NDK semantic suites (on top of ndk-fixture.h): transport-parametrised
 * test cases, registered buffers, extra connections, completion polling.
 */

#ifndef NDK_TEST_UTIL_H
#define NDK_TEST_UTIL_H

#include "ndk-fixture.h"

#include "ns3/config.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <memory>
#include <string>
#include <vector>

namespace ns3
{
namespace ndktest
{

/** A test case that runs over one transport kind (its name carries the transport suffix). */
class NdkTransportTestCase : public TestCase
{
  public:
    NdkTransportTestCase(const std::string& name, NdkTestTransport kind)
        : TestCase(name + NdkTestTransportSuffix(kind)),
          m_kind(kind)
    {
    }

  protected:
    NdkTestTransport m_kind; //!< transport the pair is built on
};

/** A buffer in one side's host memory with its MR. */
struct NdkBuf
{
    uint64_t addr{0};
    uint64_t len{0};
    Ptr<NdkMr> mr;

    uint32_t Token() const
    {
        return mr->GetLocalToken();
    }

    /** An SGE over [addr + offset, + length). */
    NdkSge Sge(uint64_t offset, uint32_t length) const
    {
        return NdkSge{addr + offset, length, mr->GetLocalToken()};
    }
};

/** Allocate \p len bytes on \p s, fill them with \p fill and register them with \p flags. */
inline NdkBuf
MakeBuf(NdkSide& s, uint64_t len, uint32_t flags, uint8_t fill = 0, Ptr<NdkPd> pd = nullptr)
{
    NdkBuf b;
    b.len = len;
    b.addr = s.memory->Allocate(len);
    s.memory->Fill(b.addr, fill, len);
    (pd ? pd : s.pd)->CreateMr(false, &b.mr);
    b.mr->Register(b.addr, len, flags);
    return b;
}

/** \return the byte at \p address of \p s's memory. */
inline int
ByteAt(NdkSide& s, uint64_t address)
{
    uint8_t v = 0;
    s.memory->Read(address, &v, 1);
    return v;
}

/** Run the simulation until it is idle (never relies on zero-time delivery), then poll \p s. */
inline std::vector<NdkResultEx>
RunPoll(NdkSide& s)
{
    Simulator::Run();
    return s.Poll();
}

/** Run for at most \p limit of simulated time (for cases that keep retrying forever). */
inline void
RunFor(Time limit)
{
    Simulator::Stop(limit);
    Simulator::Run();
}

/** Drain a CQ (not necessarily a side's). */
inline std::vector<NdkResultEx>
PollCq(Ptr<NdkCq> cq)
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

/** A connection set up by ConnectQps, with every status of its handshake. */
struct NdkLink
{
    Ptr<NdkListener> listener;
    Ptr<NdkConnector> active;
    Ptr<NdkConnector> passive;
    NdkStatus connectDone{NdkStatus::UNSUCCESSFUL};
    NdkStatus acceptDone{NdkStatus::UNSUCCESSFUL};
    NdkStatus completeConnect{NdkStatus::UNSUCCESSFUL};
    uint32_t activeDisconnectEvents{0};
    uint32_t passiveDisconnectEvents{0};
};

/**
 * Connect \p qpA (on \p from) to \p qpB (on \p to) through a new listener on \p to at \p port,
 * with read limits \p ird / \p ord (active) and \p passiveIrd / \p passiveOrd; run until the
 * handshake is over.
 */
inline std::shared_ptr<NdkLink>
ConnectQps(NdkSide& from,
           Ptr<NdkQp> qpA,
           NdkSide& to,
           Ptr<NdkQp> qpB,
           uint16_t port,
           uint32_t ird = 8,
           uint32_t ord = 8,
           uint32_t passiveIrd = 8,
           uint32_t passiveOrd = 8)
{
    auto link = std::make_shared<NdkLink>();
    NdkLink* l = link.get();
    to.adapter->CreateListener(
        [l, qpB, passiveIrd, passiveOrd](NdkContext, Ptr<NdkConnector> c) {
            l->passive = c;
            c->Accept(qpB,
                      passiveIrd,
                      passiveOrd,
                      nullptr,
                      0,
                      [l](NdkContext, uint32_t) { ++l->passiveDisconnectEvents; },
                      0,
                      {[l](NdkContext, NdkStatus s) { l->acceptDone = s; }, 0});
        },
        0,
        &link->listener);
    link->listener->Listen(InetSocketAddress(to.adapter->GetAddress(), port));
    from.adapter->CreateConnector(&link->active);
    link->active->Connect(qpA,
                          InetSocketAddress(from.adapter->GetAddress(), 0),
                          InetSocketAddress(to.adapter->GetAddress(), port),
                          ird,
                          ord,
                          nullptr,
                          0,
                          {[l](NdkContext, NdkStatus s) {
                               l->connectDone = s;
                               if (s == NdkStatus::SUCCESS)
                               {
                                   l->completeConnect = l->active->CompleteConnect(
                                       [l](NdkContext, uint32_t) { ++l->activeDisconnectEvents; },
                                       0);
                               }
                           },
                           0});
    Simulator::Run();
    return link;
}

/** Create a QP on \p s (own CQ unless given), receive/initiator depth \p depth, 4 SGEs, 64 inline.
 */
inline Ptr<NdkQp>
MakeQp(NdkSide& s, NdkContext context, uint32_t depth = 16, Ptr<NdkCq> cq = nullptr)
{
    Ptr<NdkQp> qp;
    s.pd->CreateQp(cq ? cq : s.cq, cq ? cq : s.cq, context, depth, depth, 4, 4, 64, &qp);
    return qp;
}

/** Build a LAM over [addr, addr + len) of \p s. */
inline NdkLam
MakeLam(NdkSide& s, uint64_t addr, uint64_t len)
{
    NdkLam lam;
    uint32_t size = 1 << 20;
    s.adapter->BuildLam(addr, len, &size, &lam);
    return lam;
}

/**
 * Set an ns3::NdkAdapter attribute default for the lifetime of this object (adapters built
 * meanwhile get it), then restore the previous default so later tests are unaffected.
 */
class ScopedAdapterDefault
{
  public:
    ScopedAdapterDefault(const std::string& attribute, const AttributeValue& value)
        : m_name("ns3::NdkAdapter::" + attribute)
    {
        TypeId::AttributeInformation info;
        TypeId tid = TypeId::LookupByName("ns3::NdkAdapter");
        tid.LookupAttributeByName(attribute, &info);
        m_previous = info.initialValue->SerializeToString(info.checker);
        Config::SetDefault(m_name, value);
    }

    ~ScopedAdapterDefault()
    {
        Config::SetDefault(m_name, StringValue(m_previous));
    }

  private:
    std::string m_name;
    std::string m_previous;
};

} // namespace ndktest
} // namespace ns3

#endif
