/*
 * ndk-random: seeded random API sequences on two adapters, checked against an independent
 * oracle after every step (SEMANTICS.md 15.3-15.6, 15.8, 15.11 E-2).
 *
 * Invariants: a remote access succeeds exactly when its token names a currently valid object of
 * the responder QP's PD (a window bound through that very QP) with the right and the range
 * needed; every accepted post completes exactly once, in posting order per queue, with the
 * predicted status; a rejected post completes nothing; responder memory changes only where an
 * accepted Write or Send placed bytes; Read sinks receive exactly the responder's bytes.
 */

#include "ndk-test-util.h"

#include "ns3/random-variable-stream.h"
#include "ns3/rng-seed-manager.h"

#include <deque>
#include <map>
#include <sstream>

namespace ns3
{
using namespace ndktest;

namespace
{

constexpr uint64_t kRegion = 8192;
constexpr uint32_t kMrSlots = 3;
constexpr uint32_t kMws = 2;
constexpr uint64_t kFrBase = 0x700000000000;
constexpr NdkStatus kPending = NdkStatus::PENDING; //!< expectation not known yet

/** One expected completion. */
struct Expect
{
    NdkContext context;
    NdkStatus status;
    uint32_t bytes;
};

/** The oracle's view of one remotely addressable object on b. */
struct Obj
{
    bool valid{false};
    uint32_t token{0};
    uint64_t base{0};
    uint64_t length{0};
    uint64_t host{0}; //!< host address of base
    bool read{false};
    bool write{false};
    bool pd1{true};
    uint32_t epoch{0}; //!< windows: connection generation they were bound through
    int mrSlot{-1};    //!< windows: MR slot they cover
    uint32_t mrFlags{0};
};

/** Random sequences over one pair; every check failure is reported with the step and seed. */
class NdkRandomRun
{
  public:
    NdkRandomRun(NdkTestTransport kind, uint32_t seed, uint32_t steps, TestCase* tc)
        : m_kind(kind),
          m_seed(seed),
          m_steps(steps),
          m_tc(tc)
    {
    }

    /** \return an empty string on success, else the first violated invariant. */
    std::string Run();

  private:
    uint32_t U(uint32_t lo, uint32_t hi) // inclusive
    {
        return m_rv->GetInteger(lo, hi);
    }

    void Fail(const std::string& what)
    {
        if (m_error.empty())
        {
            std::ostringstream os;
            os << "seed " << m_seed << " step " << m_step << ": " << what;
            m_error = os.str();
        }
    }

    void Connect();
    void Reconnect();
    void Check();
    void TopUpReceives();
    void MarkReceivesCancelled();
    uint32_t PickToken(uint64_t* address, uint32_t length);
    const Obj* Find(uint32_t token) const;
    bool Allowed(uint32_t token,
                 uint64_t address,
                 uint32_t length,
                 bool write,
                 uint64_t* host) const;
    void FillSource(uint32_t length);
    void DoRegisterToggle();
    void DoBind();
    void DoInvalidateMw();
    void DoFastRegister();
    void DoInvalidateFr();
    void DoRemote(bool write);
    void DoSend(bool invalidate);
    void DoRecreateMw();

    NdkTestTransport m_kind;
    uint32_t m_seed;
    uint32_t m_steps;
    TestCase* m_tc;
    uint32_t m_step{0};
    std::string m_error;
    Ptr<UniformRandomVariable> m_rv;
    std::unique_ptr<NdkPair> m_p;
    uint32_t m_gen{0};
    Ptr<NdkQp> m_aQp;
    Ptr<NdkQp> m_bQp;
    std::shared_ptr<NdkLink> m_link;
    bool m_broken{false};
    NdkContext m_nextCtx{1};
    std::map<NdkContext, std::deque<Expect>> m_aInit; //!< by QP context
    std::map<NdkContext, std::deque<Expect>> m_bInit;
    std::map<NdkContext, std::deque<Expect>> m_bRecv;
    // b's memory: regions 0-2 MR slots, 3 PD2 MR, 4 FR pages, 5 receive buffers.
    uint64_t m_arena{0};
    std::vector<uint8_t> m_shadow;
    Ptr<NdkPd> m_pd2;
    Ptr<NdkMr> m_slot[kMrSlots];
    Obj m_slotObj[kMrSlots];
    uint32_t m_slotWindows[kMrSlots] = {0, 0, 0};
    Obj m_pd2Obj;
    Ptr<NdkMw> m_mw[kMws];
    Obj m_mwObj[kMws];
    Ptr<NdkMr> m_fr;
    Obj m_frObj;
    NdkLam m_lam;
    NdkBuf m_recvBuf;
    uint32_t m_recvSlot{0};
    std::vector<uint32_t> m_history; //!< every token ever handed out
    uint64_t m_undefined{0};         //!< receive slot whose contents are undefined (0: none)
    // a's memory.
    NdkBuf m_src;
    NdkBuf m_sink;
    std::vector<uint8_t> m_srcBytes;
};

const Obj*
NdkRandomRun::Find(uint32_t token) const
{
    for (uint32_t i = 0; i < kMrSlots; ++i)
    {
        if (m_slotObj[i].valid && m_slotObj[i].token == token)
        {
            return &m_slotObj[i];
        }
    }
    for (uint32_t i = 0; i < kMws; ++i)
    {
        if (m_mwObj[i].valid && m_mwObj[i].token == token)
        {
            return &m_mwObj[i];
        }
    }
    if (m_frObj.valid && m_frObj.token == token)
    {
        return &m_frObj;
    }
    if (m_pd2Obj.token == token)
    {
        return &m_pd2Obj;
    }
    return nullptr;
}

bool
NdkRandomRun::Allowed(uint32_t token, uint64_t address, uint32_t length, bool write, uint64_t* host)
    const
{
    const Obj* o = token == NDK_PRIVILEGED_TOKEN ? nullptr : Find(token);
    if (o == nullptr || !o->pd1 || (o->mrSlot >= 0 && o->epoch != m_gen))
    {
        return false;
    }
    if (!(write ? o->write : o->read))
    {
        return false;
    }
    if (address < o->base || address + length > o->base + o->length)
    {
        return false;
    }
    *host = o->host + (address - o->base);
    return true;
}

void
NdkRandomRun::Connect()
{
    ++m_gen;
    m_aQp = MakeQp(m_p->a, 0xA000 + m_gen, 16);
    m_bQp = MakeQp(m_p->b, 0xB000 + m_gen, 16);
    m_link = ConnectQps(m_p->a, m_aQp, m_p->b, m_bQp, static_cast<uint16_t>(6000 + m_gen));
    if (m_bQp->GetState() != NdkQpState::Connected || m_aQp->GetState() != NdkQpState::Connected)
    {
        Fail("reconnect failed");
    }
    m_broken = false;
}

void
NdkRandomRun::MarkReceivesCancelled()
{
    for (Expect& e : m_bRecv[m_bQp->GetQpContext()])
    {
        if (e.status == kPending)
        {
            e.status = NdkStatus::CANCELLED;
        }
    }
}

void
NdkRandomRun::Reconnect()
{
    MarkReceivesCancelled();
    m_link->active->Close();
    m_link->passive->Close();
    m_link->listener->Close();
    m_aQp->Close();
    m_bQp->Close();
    Simulator::Run();
    Check();
    for (auto* queues : {&m_aInit, &m_bInit, &m_bRecv})
    {
        for (auto& [ctx, q] : *queues)
        {
            if (!q.empty())
            {
                Fail("requests of a closed QP never completed");
            }
        }
        queues->clear();
    }
    Connect();
}

void
NdkRandomRun::Check()
{
    // Completions: each must be the oldest expected one of its queue, with its status.
    auto match = [this](std::map<NdkContext, std::deque<Expect>>& queues,
                        const NdkResultEx& r,
                        const char* side) {
        auto& q = queues[r.qpContext];
        if (q.empty() || q.front().context != r.requestContext)
        {
            std::ostringstream os;
            os << side << ": unexpected completion ctx " << r.requestContext << " status "
               << r.status << " (expected " << (q.empty() ? 0 : q.front().context) << ")";
            Fail(os.str());
            return;
        }
        if (q.front().status != r.status)
        {
            std::ostringstream os;
            os << side << ": ctx " << r.requestContext << " type " << r.type << " completed "
               << r.status << ", oracle says " << q.front().status;
            Fail(os.str());
        }
        else if ((static_cast<uint32_t>(r.type) & 1) && r.status == NdkStatus::SUCCESS &&
                 r.bytesTransferred != q.front().bytes)
        {
            Fail("receive byte count");
        }
        q.pop_front();
    };
    for (const auto& r : m_p->a.Poll())
    {
        match(m_aInit, r, "a");
    }
    for (const auto& r : m_p->b.Poll())
    {
        bool recv = (static_cast<uint32_t>(r.type) & 1) != 0;
        match(recv ? m_bRecv : m_bInit, r, recv ? "b receive" : "b");
    }
    for (auto* queues : {&m_aInit, &m_bInit, &m_bRecv})
    {
        for (auto& [ctx, q] : *queues)
        {
            if (!q.empty() && q.front().status != kPending)
            {
                Fail("an expected completion is missing");
            }
        }
    }
    // Memory: b changes only where the oracle placed bytes; a's sink holds what reads fetched.
    if (m_undefined != 0)
    {
        m_p->b.memory->Read(m_undefined, m_shadow.data() + (m_undefined - m_arena), 256);
        m_undefined = 0;
    }
    std::vector<uint8_t> now(m_shadow.size());
    m_p->b.memory->Read(m_arena, now.data(), now.size());
    if (now != m_shadow)
    {
        for (size_t i = 0; i < now.size(); ++i)
        {
            if (now[i] != m_shadow[i])
            {
                std::ostringstream os;
                os << "responder byte " << i << " changed (region " << i / kRegion << ")";
                Fail(os.str());
                m_shadow = now; // report once
                break;
            }
        }
    }
}

void
NdkRandomRun::TopUpReceives()
{
    auto& q = m_bRecv[m_bQp->GetQpContext()];
    while (q.size() < 2)
    {
        NdkSge s = m_recvBuf.Sge(256 * (m_recvSlot++ % 32), 256);
        NdkContext ctx = m_nextCtx++;
        if (m_bQp->Receive(ctx, &s, 1) != NdkStatus::SUCCESS)
        {
            Fail("receive post refused");
            return;
        }
        q.push_back({ctx, kPending, 0});
    }
}

uint32_t
NdkRandomRun::PickToken(uint64_t* address, uint32_t length)
{
    // Target: a random object (valid or not), or garbage; address inside, straddling, or wild.
    const Obj* target;
    uint32_t token;
    uint32_t kind = U(0, 9);
    uint32_t which = U(0, kMrSlots + kMws + 1);
    if (which < kMrSlots)
    {
        target = &m_slotObj[which];
    }
    else if (which < kMrSlots + kMws)
    {
        target = &m_mwObj[which - kMrSlots];
    }
    else if (which == kMrSlots + kMws)
    {
        target = &m_frObj;
    }
    else
    {
        target = &m_pd2Obj;
    }
    token = target->token;
    if (kind == 7 && !m_history.empty())
    {
        token = m_history[U(0, m_history.size() - 1)]; // possibly stale
    }
    else if (kind == 8)
    {
        token = NDK_PRIVILEGED_TOKEN;
    }
    else if (kind == 9)
    {
        token = U(0, 0xFFFFFFFE);
    }
    uint64_t base = target->length ? target->base : m_arena;
    uint64_t span = target->length ? target->length : kRegion;
    uint32_t where = U(0, 9);
    if (where < 7 && span >= length)
    {
        *address = base + U(0, span - length);
    }
    else if (where < 9)
    {
        *address = base + span - U(1, length); // straddles the end (or starts before base)
        if (where == 8)
        {
            *address = base - U(1, length);
        }
    }
    else
    {
        *address = m_arena + U(0, 6 * kRegion - length);
    }
    return token;
}

void
NdkRandomRun::FillSource(uint32_t length)
{
    for (uint32_t i = 0; i < length; ++i)
    {
        m_srcBytes[i] = static_cast<uint8_t>(U(0, 255));
    }
    m_p->a.memory->Write(m_src.addr, m_srcBytes.data(), length);
}

void
NdkRandomRun::DoRegisterToggle()
{
    uint32_t i = U(0, kMrSlots - 1);
    Obj& o = m_slotObj[i];
    if (o.valid)
    {
        NdkStatus s = m_slot[i]->Deregister();
        NdkStatus want = m_slotWindows[i] > 0 ? NdkStatus::DEVICE_BUSY : NdkStatus::SUCCESS;
        if (s != want)
        {
            Fail("deregister status");
        }
        if (s == NdkStatus::SUCCESS)
        {
            o.valid = false;
        }
        return;
    }
    static const uint32_t flags[] = {0x0, 0x1, 0x2, 0x3, 0x5, 0x7, 0x8, 0x9, 0xB, 0xD, 0xF};
    uint32_t f = flags[U(0, 10)];
    if (m_slot[i]->Register(o.host, kRegion, f) != NdkStatus::SUCCESS)
    {
        Fail("register refused");
        return;
    }
    o.valid = true;
    o.token = m_slot[i]->GetRemoteToken();
    o.mrFlags = f;
    o.read = f & 0x2;
    o.write = f & 0x4;
    m_history.push_back(o.token);
}

void
NdkRandomRun::DoBind()
{
    uint32_t w = U(0, kMws - 1);
    uint32_t i = U(0, kMrSlots - 1);
    static const uint32_t rights[] = {0, 0x08, 0x30, 0x38};
    uint32_t r = rights[U(0, 3)];
    uint64_t mrBase = m_slotObj[i].host;
    uint64_t length = U(1, 4096);
    uint64_t va =
        U(0, 9) < 8 ? mrBase + U(0, kRegion - length) : mrBase + kRegion - length + U(1, 64);
    NdkContext ctx = m_nextCtx++;
    NdkStatus s = m_bQp->Bind(ctx, m_slot[i], m_mw[w], va, length, r);
    // Post-time checks in order P3, P5, P6.
    NdkStatus want = NdkStatus::SUCCESS;
    if (!m_slotObj[i].valid)
    {
        want = NdkStatus::INVALID_DEVICE_REQUEST;
    }
    else if ((r & 0x20) && !(m_slotObj[i].mrFlags & 0x1))
    {
        want = NdkStatus::ACCESS_VIOLATION;
    }
    else if (va + length > mrBase + kRegion)
    {
        want = NdkStatus::INVALID_PARAMETER;
    }
    if (s != want)
    {
        std::ostringstream os;
        os << "bind post " << s << ", oracle " << want;
        Fail(os.str());
    }
    if (s != NdkStatus::SUCCESS)
    {
        return;
    }
    Obj& o = m_mwObj[w];
    if (o.valid)
    {
        m_bInit[m_bQp->GetQpContext()].push_back({ctx, NdkStatus::INVALID_DEVICE_REQUEST, 0});
        MarkReceivesCancelled();
        m_broken = true;
        return;
    }
    m_bInit[m_bQp->GetQpContext()].push_back({ctx, NdkStatus::SUCCESS, 0});
    o = Obj();
    o.valid = true;
    o.token = m_mw[w]->GetRemoteToken();
    o.base = va;
    o.host = va;
    o.length = length;
    o.read = r & 0x08;
    o.write = r & 0x20;
    o.epoch = m_gen;
    o.mrSlot = static_cast<int>(i);
    ++m_slotWindows[i];
    m_history.push_back(o.token);
}

void
NdkRandomRun::DoInvalidateMw()
{
    uint32_t w = U(0, kMws - 1);
    NdkContext ctx = m_nextCtx++;
    if (m_bQp->Invalidate(ctx, m_mw[w], 0) != NdkStatus::SUCCESS)
    {
        Fail("invalidate post refused");
        return;
    }
    Obj& o = m_mwObj[w];
    if (!o.valid || o.epoch != m_gen)
    {
        // Unbound, or bound through a QP that is gone: this QP cannot invalidate it.
        m_bInit[m_bQp->GetQpContext()].push_back({ctx, NdkStatus::INVALID_DEVICE_REQUEST, 0});
        MarkReceivesCancelled();
        m_broken = true;
        return;
    }
    m_bInit[m_bQp->GetQpContext()].push_back({ctx, NdkStatus::SUCCESS, 0});
    o.valid = false;
    --m_slotWindows[o.mrSlot];
}

void
NdkRandomRun::DoRecreateMw()
{
    uint32_t w = U(0, kMws - 1);
    if (m_mwObj[w].valid)
    {
        --m_slotWindows[m_mwObj[w].mrSlot];
    }
    m_mwObj[w] = Obj();
    if (m_mw[w]->Close() != NdkStatus::SUCCESS)
    {
        Fail("MW close pending");
    }
    m_p->b.pd->CreateMw(&m_mw[w]);
}

void
NdkRandomRun::DoFastRegister()
{
    static const uint32_t flags[] = {0x08, 0x10, 0x30, 0x38, 0x18};
    uint32_t f = flags[U(0, 4)];
    uint64_t length = U(1, 2 * NDK_PAGE_SIZE);
    NdkContext ctx = m_nextCtx++;
    NdkStatus s =
        m_bQp->FastRegister(ctx, m_fr, 2, m_lam.adapterPageArray.data(), 0, length, kFrBase, f);
    if (s != NdkStatus::SUCCESS)
    {
        Fail("fast register post refused");
        return;
    }
    if (m_frObj.valid)
    {
        m_bInit[m_bQp->GetQpContext()].push_back({ctx, NdkStatus::INVALID_DEVICE_REQUEST, 0});
        MarkReceivesCancelled();
        m_broken = true;
        return;
    }
    m_bInit[m_bQp->GetQpContext()].push_back({ctx, NdkStatus::SUCCESS, 0});
    m_frObj.valid = true;
    m_frObj.token = m_fr->GetRemoteToken();
    m_frObj.length = length;
    m_frObj.read = f & 0x08;
    m_frObj.write = f & 0x20;
    m_history.push_back(m_frObj.token);
}

void
NdkRandomRun::DoInvalidateFr()
{
    NdkContext ctx = m_nextCtx++;
    if (m_bQp->Invalidate(ctx, m_fr, 0) != NdkStatus::SUCCESS)
    {
        Fail("invalidate post refused");
        return;
    }
    NdkStatus want = m_frObj.valid ? NdkStatus::SUCCESS : NdkStatus::INVALID_DEVICE_REQUEST;
    m_bInit[m_bQp->GetQpContext()].push_back({ctx, want, 0});
    if (!m_frObj.valid)
    {
        MarkReceivesCancelled();
        m_broken = true;
    }
    m_frObj.valid = false;
}

void
NdkRandomRun::DoRemote(bool write)
{
    uint32_t length = U(1, 256);
    uint64_t address = 0;
    uint32_t token = PickToken(&address, length);
    NdkContext ctx = m_nextCtx++;
    NdkStatus s;
    if (write)
    {
        FillSource(length);
        NdkSge sge = m_src.Sge(0, length);
        s = m_aQp->Write(ctx, &sge, 1, address, token, 0);
    }
    else
    {
        m_p->a.memory->Fill(m_sink.addr, 0xEE, 256);
        NdkSge sge = m_sink.Sge(0, length);
        s = m_aQp->Read(ctx, &sge, 1, address, token, 0);
    }
    if (s != NdkStatus::SUCCESS)
    {
        Fail("remote post refused");
        return;
    }
    uint64_t host = 0;
    bool ok = Allowed(token, address, length, write, &host);
    m_aInit[m_aQp->GetQpContext()].push_back(
        {ctx, ok ? NdkStatus::SUCCESS : NdkStatus::ACCESS_VIOLATION, 0});
    if (!ok)
    {
        MarkReceivesCancelled(); // class C: the responder QP flushes its receives
        m_broken = true;
    }
    else if (write)
    {
        std::copy_n(m_srcBytes.begin(), length, m_shadow.begin() + (host - m_arena));
    }
    Simulator::Run();
    Check(); // the written bytes are compared with the shadow here
    if (ok && !write)
    {
        std::vector<uint8_t> got(length);
        m_p->a.memory->Read(m_sink.addr, got.data(), length);
        if (!std::equal(got.begin(), got.end(), m_shadow.begin() + (host - m_arena)))
        {
            Fail("read bytes differ from the responder's");
        }
        uint8_t after = 0;
        m_p->a.memory->Read(m_sink.addr + length, &after, 1);
        if (length < 256 && after != 0xEE)
        {
            Fail("read wrote past its sink SGE");
        }
    }
}

void
NdkRandomRun::DoSend(bool invalidate)
{
    TopUpReceives();
    uint32_t length = U(0, 256);
    FillSource(length);
    NdkSge sge = m_src.Sge(0, length);
    NdkContext ctx = m_nextCtx++;
    uint64_t unused = 0;
    uint32_t token = invalidate ? PickToken(&unused, 1) : 0;
    NdkStatus s = invalidate ? m_aQp->SendAndInvalidate(ctx, &sge, length ? 1 : 0, 0, token)
                             : m_aQp->Send(ctx, &sge, length ? 1 : 0, 0);
    if (s != NdkStatus::SUCCESS)
    {
        Fail("send post refused");
        return;
    }
    // Which object may a Send-and-Invalidate name? A valid FR MR, or a window bound through this
    // QP, of this PD (S4).
    Obj* target = nullptr;
    if (invalidate && token != NDK_PRIVILEGED_TOKEN)
    {
        for (uint32_t w = 0; w < kMws; ++w)
        {
            if (m_mwObj[w].valid && m_mwObj[w].token == token && m_mwObj[w].epoch == m_gen)
            {
                target = &m_mwObj[w];
            }
        }
        if (m_frObj.valid && m_frObj.token == token)
        {
            target = &m_frObj;
        }
    }
    auto& recv = m_bRecv[m_bQp->GetQpContext()];
    Expect* head = nullptr;
    for (Expect& e : recv)
    {
        if (e.status == kPending)
        {
            head = &e;
            break;
        }
    }
    if (head == nullptr)
    {
        Fail("no receive posted");
        return;
    }
    uint64_t slotAddr =
        m_recvBuf.addr + 256 * ((m_recvSlot - recv.size() + (head - &recv.front())) % 32);
    if (invalidate && target == nullptr)
    {
        head->status = NdkStatus::INVALID_DEVICE_REQUEST;
        m_undefined = slotAddr; // a receive that completes in error has undefined contents
        MarkReceivesCancelled();
        m_aInit[m_aQp->GetQpContext()].push_back({ctx, NdkStatus::REMOTE_RESOURCES, 0});
        m_broken = true;
    }
    else
    {
        head->status = NdkStatus::SUCCESS;
        head->bytes = length;
        m_aInit[m_aQp->GetQpContext()].push_back({ctx, NdkStatus::SUCCESS, 0});
        std::copy_n(m_srcBytes.begin(), length, m_shadow.begin() + (slotAddr - m_arena));
        if (target)
        {
            target->valid = false;
            if (target->mrSlot >= 0)
            {
                --m_slotWindows[target->mrSlot];
            }
        }
    }
}

std::string
NdkRandomRun::Run()
{
    RngSeedManager::SetSeed(m_seed);
    RngSeedManager::SetRun(1);
    m_rv = CreateObject<UniformRandomVariable>();
    m_rv->SetStream(7);
    m_p = std::make_unique<NdkPair>(m_kind, 16, 256, false);
    NdkSide& a = m_p->a;
    NdkSide& b = m_p->b;
    m_arena = b.memory->Allocate(6 * kRegion);
    m_shadow.resize(6 * kRegion);
    for (auto& v : m_shadow)
    {
        v = static_cast<uint8_t>(U(0, 255));
    }
    b.memory->Write(m_arena, m_shadow.data(), m_shadow.size());
    for (uint32_t i = 0; i < kMrSlots; ++i)
    {
        b.pd->CreateMr(false, &m_slot[i]);
        m_slotObj[i].host = m_slotObj[i].base = m_arena + i * kRegion;
        m_slotObj[i].length = kRegion;
    }
    b.adapter->CreatePd(&m_pd2);
    Ptr<NdkMr> pd2Mr;
    m_pd2->CreateMr(false, &pd2Mr);
    pd2Mr->Register(m_arena + 3 * kRegion, kRegion, 0xF);
    m_pd2Obj = Obj{true,
                   pd2Mr->GetRemoteToken(),
                   m_arena + 3 * kRegion,
                   kRegion,
                   m_arena + 3 * kRegion,
                   true,
                   true,
                   false};
    for (uint32_t w = 0; w < kMws; ++w)
    {
        b.pd->CreateMw(&m_mw[w]);
    }
    m_lam = MakeLam(b, m_arena + 4 * kRegion, kRegion);
    b.pd->CreateMr(true, &m_fr);
    m_fr->InitializeFastRegister(2, true);
    m_frObj.base = kFrBase;
    m_frObj.host = m_arena + 4 * kRegion;
    m_recvBuf.addr = m_arena + 5 * kRegion;
    m_recvBuf.len = kRegion;
    b.pd->CreateMr(false, &m_recvBuf.mr);
    m_recvBuf.mr->Register(m_recvBuf.addr, kRegion, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
    m_src = MakeBuf(a, 4096, 0);
    m_sink = MakeBuf(a, 4096, NDK_MR_FLAG_ALLOW_LOCAL_WRITE | NDK_MR_FLAG_RDMA_READ_SINK);
    m_srcBytes.resize(4096);
    Connect();
    for (m_step = 0; m_step < m_steps && m_error.empty(); ++m_step)
    {
        uint32_t op = U(0, 99);
        if (op < 8)
        {
            DoRegisterToggle();
        }
        else if (op < 20)
        {
            DoBind();
        }
        else if (op < 26)
        {
            DoInvalidateMw();
        }
        else if (op < 29)
        {
            DoRecreateMw();
        }
        else if (op < 34)
        {
            DoFastRegister();
        }
        else if (op < 38)
        {
            DoInvalidateFr();
        }
        else if (op < 58)
        {
            DoRemote(true);
        }
        else if (op < 74)
        {
            DoRemote(false);
        }
        else if (op < 84)
        {
            DoSend(false);
        }
        else if (op < 94)
        {
            DoSend(true);
        }
        else if (op < 97)
        {
            if (U(0, 1))
            {
                m_aQp->Flush();
            }
            else
            {
                m_bQp->Flush();
                MarkReceivesCancelled();
            }
            m_broken = true;
        }
        else
        {
            m_broken = true; // plain reconnect
        }
        Simulator::Run();
        Check();
        if (m_broken)
        {
            Reconnect();
        }
    }
    m_p.reset();
    return m_error;
}

} // namespace

/** Thousands of random operations over several seeds; see the file comment for the invariants. */
class NdkRandomTestCase : public NdkTransportTestCase
{
  public:
    NdkRandomTestCase(NdkTestTransport kind)
        : NdkTransportTestCase(
              "random API sequences keep the token, completion and memory invariants",
              kind)
    {
    }

    void DoRun() override
    {
        uint32_t seedBefore = RngSeedManager::GetSeed();
        uint64_t runBefore = RngSeedManager::GetRun();
        // 100 seeds x 1500 steps: enough QP churn that freed QPs' memory gets reused.
        for (uint32_t seed = 1; seed <= 100; ++seed)
        {
            NdkRandomRun run(m_kind, seed, 1500, this);
            std::string error = run.Run();
            NS_TEST_EXPECT_MSG_EQ(error, "", "invariant violated");
        }
        RngSeedManager::SetSeed(seedBefore);
        RngSeedManager::SetRun(runBefore);
    }
};

/** The randomized invariant suite. */
class NdkRandomTestSuite : public TestSuite
{
  public:
    NdkRandomTestSuite()
        : TestSuite("ndk-random", UNIT)
    {
        for (NdkTestTransport kind : {NdkTestTransport::Ideal, NdkTestTransport::Roce})
        {
            AddTestCase(new NdkRandomTestCase(kind), TestCase::QUICK);
        }
    }
};

static NdkRandomTestSuite g_ndkRandomTestSuite;

} // namespace ns3
