/*
 * rdma-cc-dcqcn: the congestion-control policies alone (RdmaNoCc, RdmaDcqcn, RdmaDcqcnPaper),
 * driven by scripted CNPs and sends, against the DCQCN equations recomputed here by a
 * brute-force model that steps every periodic timer on a 100 ns grid.
 */

#include "ns3/boolean.h"
#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/nstime.h"
#include "ns3/rdma-cc-state.h"
#include "ns3/rdma-dcqcn-paper.h"
#include "ns3/rdma-dcqcn.h"
#include "ns3/rdma-no-cc.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <vector>

namespace ns3
{

namespace
{

constexpr uint64_t LINE_BPS = 100000000000ULL; // 100 Gb/s

/** One rate change: time in ns and the new rate. */
struct RatePoint
{
    int64_t ns;
    uint64_t bps;
};

/** The DCQCN parameters as plain numbers for the reference model. */
struct RefParams
{
    double g;
    double alpha0;
    int64_t alphaNs;
    int64_t decreaseNs; // 0: immediate
    int64_t timerNs;
    uint64_t byteCounter;
    uint32_t f;
    uint64_t rai;
    uint64_t rhai;
    uint64_t minRate;
    bool clamp;
    bool alphaOnCnp;
    bool paperRule;
};

RefParams
MellanoxRef()
{
    return {1.0 / 256,
            1.0,
            1000,
            4000,
            300000,
            0,
            1,
            20000000,
            200000000,
            1000000000,
            false,
            false,
            false};
}

RefParams
PaperRef()
{
    return {1.0 / 256,
            1.0,
            55000,
            0,
            55000,
            10000000,
            5,
            40000000,
            400000000,
            100000000,
            true,
            true,
            true};
}

/** Periodic sends: \c bytes every \c periodNs, first at \c offsetNs. */
struct SendPlan
{
    int64_t periodNs{0};
    int64_t offsetNs{0};
    uint32_t bytes{0};
};

/**
 * The reaction point written directly from the equations: every timer of the HPCC-style
 * implementation (alpha period, decrease check grid, increase timer) is stepped literally,
 * forever, on a 100 ns grid. Same-time order: alpha tick, increase timer, decrease check,
 * sends, CNP.
 */
std::vector<RatePoint>
RunReference(const RefParams& p,
             const std::vector<int64_t>& cnpNs,
             const SendPlan& sends,
             int64_t endNs)
{
    std::vector<RatePoint> trace;
    double alpha = p.alpha0;
    uint64_t rc = LINE_BPS;
    uint64_t rt = LINE_BPS;
    bool started = false;
    bool alphaPending = false;
    bool decreasePending = false;
    bool counting = false;
    uint32_t t = 0;
    uint32_t bc = 0;
    uint64_t bytes = 0;
    int64_t alphaTick = -1;
    int64_t decreaseCheck = -1;
    int64_t increaseTimer = -1;
    size_t nextCnp = 0;

    auto setRate = [&](int64_t now, uint64_t r) {
        if (r != rc)
        {
            rc = r;
            trace.push_back({now, r});
        }
    };
    auto decrease = [&](int64_t now) {
        if (p.clamp || t + bc > 0)
        {
            rt = rc;
        }
        auto r = static_cast<uint64_t>(static_cast<double>(rc) * (1 - alpha / 2));
        setRate(now, std::max(r, p.minRate));
        t = 0;
        bc = 0;
        bytes = 0;
        counting = true;
        increaseTimer = now + p.timerNs;
    };
    auto increase = [&](int64_t now) {
        int phase; // 0 fast recovery, 1 additive, 2 hyper
        uint64_t i = 1;
        if (p.paperRule)
        {
            uint32_t hi = p.byteCounter > 0 ? std::max(t, bc) : t;
            uint32_t lo = p.byteCounter > 0 ? std::min(t, bc) : t;
            phase = hi <= p.f ? 0 : (lo > p.f ? 2 : 1);
            if (phase == 2)
            {
                i = lo - p.f;
            }
        }
        else
        {
            uint32_t stage = t + bc - 1;
            phase = stage < p.f ? 0 : (stage == p.f ? 1 : 2);
        }
        if (phase == 1)
        {
            rt = std::min(LINE_BPS, rt + p.rai);
        }
        else if (phase == 2)
        {
            rt = std::min(LINE_BPS, rt + i * p.rhai);
        }
        setRate(now, (rc + rt + 1) / 2);
    };

    for (int64_t now = 0; now <= endNs; now += 100)
    {
        if (now == alphaTick)
        {
            if (!p.alphaOnCnp && alphaPending)
            {
                alpha = (1 - p.g) * alpha + p.g;
            }
            else
            {
                alpha = (1 - p.g) * alpha;
            }
            alphaPending = false;
            alphaTick += p.alphaNs;
        }
        if (now == increaseTimer)
        {
            increaseTimer += p.timerNs;
            ++t;
            increase(now);
        }
        if (now == decreaseCheck)
        {
            if (decreasePending)
            {
                decreasePending = false;
                decrease(now);
            }
            decreaseCheck += p.decreaseNs;
        }
        if (sends.periodNs > 0 && now >= sends.offsetNs &&
            (now - sends.offsetNs) % sends.periodNs == 0 && counting && p.byteCounter > 0)
        {
            bytes += sends.bytes;
            while (bytes >= p.byteCounter)
            {
                bytes -= p.byteCounter;
                ++bc;
                increase(now);
            }
        }
        if (nextCnp < cnpNs.size() && cnpNs[nextCnp] == now)
        {
            ++nextCnp;
            if (!started)
            {
                started = true;
                alpha = p.alpha0;
                alphaTick = now + p.alphaNs;
                if (p.decreaseNs > 0)
                {
                    decreaseCheck = now + p.decreaseNs;
                }
            }
            else if (!p.alphaOnCnp)
            {
                alphaPending = true;
            }
            if (p.decreaseNs == 0)
            {
                decrease(now);
            }
            else
            {
                decreasePending = true;
            }
            if (p.alphaOnCnp)
            {
                alpha = (1 - p.g) * alpha + p.g;
                alphaTick = now + p.alphaNs;
            }
        }
    }
    return trace;
}

/** Records the "Rate" trace of a policy. */
class RateRecorder
{
  public:
    void Rate(uint64_t oldBps, uint64_t newBps)
    {
        points.push_back({Simulator::Now().GetNanoSeconds(), newBps});
    }

    std::vector<RatePoint> points;
};

/** A policy bound to a 100 Gb/s QP state, with scripted CNPs and sends. */
struct Driver
{
    Ptr<RdmaCongestionOps> ops;
    Ptr<RdmaCcState> state;
    RateRecorder recorder;

    explicit Driver(Ptr<RdmaCongestionOps> prototype)
    {
        state = Create<RdmaCcState>();
        state->lineRateBps = LINE_BPS;
        ops = prototype->Fork();
        ops->TraceConnectWithoutContext("Rate", MakeCallback(&RateRecorder::Rate, &recorder));
        ops->Init(state);
    }

    void Cnp()
    {
        ops->OnCnp(*state);
    }

    void Send(uint32_t bytes)
    {
        ops->OnSend(*state, bytes);
    }

    void Script(const std::vector<int64_t>& cnpNs, const SendPlan& sends, int64_t endNs)
    {
        for (int64_t ns : cnpNs)
        {
            Simulator::Schedule(NanoSeconds(ns), &Driver::Cnp, this);
        }
        if (sends.periodNs > 0)
        {
            for (int64_t ns = sends.offsetNs; ns <= endNs; ns += sends.periodNs)
            {
                Simulator::Schedule(NanoSeconds(ns), &Driver::Send, this, sends.bytes);
            }
        }
    }
};

std::string
Describe(const std::vector<RatePoint>& v, size_t i)
{
    std::ostringstream os;
    if (i < v.size())
    {
        os << "(" << v[i].ns << " ns, " << v[i].bps << " bps)";
    }
    else
    {
        os << "(none)";
    }
    return os.str();
}

} // namespace

/** The null policy keeps line rate and only keeps the books. */
class RdmaNoCcTestCase : public TestCase
{
  public:
    RdmaNoCcTestCase()
        : TestCase("no-cc keeps line rate through CNPs and timeouts")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<RdmaNoCc> proto = CreateObject<RdmaNoCc>();
        Driver d(proto);
        NS_TEST_ASSERT_MSG_EQ(d.ops->GetName(), "RdmaNoCc", "name");
        NS_TEST_ASSERT_MSG_EQ(d.state->rateBps, LINE_BPS, "starts at line rate");
        d.ops->OnCnp(*d.state);
        d.ops->OnTimeout(*d.state);
        d.ops->OnSend(*d.state, 1000);
        d.ops->OnAck(*d.state, 500, MicroSeconds(3));
        NS_TEST_ASSERT_MSG_EQ(d.state->rateBps, LINE_BPS, "still line rate");
        NS_TEST_ASSERT_MSG_EQ(d.state->cnps, 1, "CNP counted");
        NS_TEST_ASSERT_MSG_EQ(d.state->timeouts, 1, "timeout counted");
        NS_TEST_ASSERT_MSG_EQ(d.state->bytesSent, 1000, "bytes sent counted");
        NS_TEST_ASSERT_MSG_EQ(d.state->bytesAcked, 500, "bytes acked counted");
        NS_TEST_ASSERT_MSG_EQ(d.state->rateChanges, 0, "no rate change");
        NS_TEST_ASSERT_MSG_EQ(d.recorder.points.size(), 0, "no rate trace");
        d.ops->Dispose();
        Simulator::Destroy();
    }
};

/** A scripted CNP sequence gives exactly the rate trace of the equations. */
class DcqcnTraceTestCase : public TestCase
{
  public:
    DcqcnTraceTestCase(std::string name,
                       TypeId tid,
                       RefParams ref,
                       std::vector<int64_t> cnpNs,
                       SendPlan sends,
                       int64_t endNs,
                       uint64_t byteCounter)
        : TestCase(name),
          m_tid(tid),
          m_ref(ref),
          m_cnpNs(cnpNs),
          m_sends(sends),
          m_endNs(endNs),
          m_byteCounter(byteCounter)
    {
    }

  private:
    void DoRun() override
    {
        ObjectFactory factory(m_tid.GetName());
        factory.Set("ByteCounter", UintegerValue(m_byteCounter));
        Ptr<RdmaCongestionOps> proto = factory.Create<RdmaCongestionOps>();
        RefParams ref = m_ref;
        ref.byteCounter = m_byteCounter;

        Driver d(proto);
        d.Script(m_cnpNs, m_sends, m_endNs);
        Simulator::Stop(NanoSeconds(m_endNs) + PicoSeconds(1));
        Simulator::Run();

        std::vector<RatePoint> expected = RunReference(ref, m_cnpNs, m_sends, m_endNs);
        const std::vector<RatePoint>& got = d.recorder.points;
        NS_TEST_ASSERT_MSG_GT(expected.size(), 10, "the script exercises the policy");
        size_t n = std::max(expected.size(), got.size());
        size_t firstDiff = n;
        for (size_t i = 0; i < n && firstDiff == n; ++i)
        {
            bool same = i < expected.size() && i < got.size() && expected[i].ns == got[i].ns &&
                        expected[i].bps == got[i].bps;
            firstDiff = same ? n : i;
        }
        NS_TEST_ASSERT_MSG_EQ(firstDiff,
                              n,
                              "rate change " << firstDiff << " of " << expected.size()
                                             << ": expected " << Describe(expected, firstDiff)
                                             << " got " << Describe(got, firstDiff));
        auto dcqcn = DynamicCast<RdmaDcqcn>(d.ops);
        NS_TEST_ASSERT_MSG_EQ(d.state->rateBps, LINE_BPS, "back at line rate at the end");
        NS_TEST_ASSERT_MSG_EQ(d.state->targetRateBps, LINE_BPS, "target back at line rate");
        NS_TEST_ASSERT_MSG_EQ(dcqcn->IsRecovering(), false, "timer stopped once recovered");
        NS_TEST_ASSERT_MSG_EQ(d.state->rateChanges, got.size(), "every change counted");
        NS_TEST_ASSERT_MSG_GT(dcqcn->GetStats().fastRecoverySteps, 0, "fast recovery ran");
        NS_TEST_ASSERT_MSG_GT(dcqcn->GetStats().additiveSteps, 0, "additive increase ran");
        NS_TEST_ASSERT_MSG_GT(dcqcn->GetStats().hyperSteps, 0, "hyper increase ran");
        d.ops->Dispose();
        Simulator::Destroy();
    }

    TypeId m_tid;
    RefParams m_ref;
    std::vector<int64_t> m_cnpNs;
    SendPlan m_sends;
    int64_t m_endNs;
    uint64_t m_byteCounter;
};

/** Mellanox rule: at most one decrease per RateDecreaseInterval, delayed to the check grid. */
class DcqcnDecreaseIntervalTestCase : public TestCase
{
  public:
    DcqcnDecreaseIntervalTestCase()
        : TestCase("mellanox set decreases at most once per decrease interval")
    {
    }

  private:
    void DoRun() override
    {
        Driver d(CreateObject<RdmaDcqcn>());
        // Five CNPs inside one 4 us period after the first CNP at 10 us.
        d.Script({10000, 10500, 11000, 12000, 13500}, SendPlan(), 20000);
        Simulator::Stop(MicroSeconds(20));
        Simulator::Run();
        auto dcqcn = DynamicCast<RdmaDcqcn>(d.ops);
        NS_TEST_ASSERT_MSG_EQ(dcqcn->GetStats().cnps, 5, "five CNPs");
        NS_TEST_ASSERT_MSG_EQ(dcqcn->GetStats().decreases, 1, "one decrease");
        NS_TEST_ASSERT_MSG_EQ(d.recorder.points.size(), 1, "one rate change");
        NS_TEST_ASSERT_MSG_EQ(d.recorder.points[0].ns, 14000, "at the first check, 4 us on");
        // Alpha is 1 at the first CNP (10 us), which is not counted; each 1 us period from
        // then on saw a CNP (10.5, 11, 12, 13.5 us; one at a boundary opens the next period),
        // so the check at 14 us uses alpha after four "CNP arrived" updates.
        double g = 1.0 / 256;
        double a = 1.0;
        a = (1 - g) * a + g; // [10, 11): CNP at 10.5
        a = (1 - g) * a + g; // [11, 12): CNP at 11
        a = (1 - g) * a + g; // [12, 13): CNP at 12
        a = (1 - g) * a + g; // [13, 14): CNP at 13.5
        auto expected = static_cast<uint64_t>(static_cast<double>(LINE_BPS) * (1 - a / 2));
        NS_TEST_ASSERT_MSG_EQ(d.state->rateBps, expected, "Rc (1 - alpha / 2)");
        NS_TEST_ASSERT_MSG_EQ(d.state->targetRateBps,
                              LINE_BPS,
                              "no increase before this first decrease: target not clamped");
        d.ops->Dispose();
        Simulator::Destroy();
    }
};

/** Target clamping: paper always, Mellanox only after an increase event. */
class DcqcnClampTestCase : public TestCase
{
  public:
    DcqcnClampTestCase()
        : TestCase("target rate clamping with and without ClampTargetRate")
    {
    }

  private:
    void DoRun() override
    {
        for (bool clamp : {false, true})
        {
            Ptr<RdmaDcqcn> proto = CreateObject<RdmaDcqcn>();
            proto->SetAttribute("ClampTargetRate", BooleanValue(clamp));
            Driver d(proto);
            // Two decreases (checks at 14 us and 22 us), no increase in between (T = 300 us).
            d.Script({10000, 20000}, SendPlan(), 30000);
            Simulator::Stop(MicroSeconds(30));
            Simulator::Run();
            NS_TEST_ASSERT_MSG_EQ(d.recorder.points.size(), 2, "two decreases");
            uint64_t beforeSecond = d.recorder.points[0].bps;
            NS_TEST_ASSERT_MSG_EQ(d.state->targetRateBps,
                                  clamp ? beforeSecond : LINE_BPS,
                                  "target after the second decrease, clamp=" << clamp);
            d.ops->Dispose();
            Simulator::Destroy();
        }
    }
};

/** After CNPs stop both sets climb back to line rate and stop their timers. */
class DcqcnRecoveryTestCase : public TestCase
{
  public:
    DcqcnRecoveryTestCase(TypeId tid)
        : TestCase("recovery to line rate after CNPs stop, " + tid.GetName().substr(5)),
          m_tid(tid)
    {
    }

  private:
    void DoRun() override
    {
        ObjectFactory factory(m_tid.GetName());
        Driver d(factory.Create<RdmaCongestionOps>());
        std::vector<int64_t> cnps;
        for (int64_t ns = 10300; ns < 2000000; ns += 50000)
        {
            cnps.push_back(ns);
        }
        SendPlan sends{1000, 500, 12500}; // 100 Gb/s worth of bytes
        d.Script(cnps, sends, 200000000);
        Simulator::Stop(MilliSeconds(200));
        Simulator::Run();
        auto dcqcn = DynamicCast<RdmaDcqcn>(d.ops);
        NS_TEST_ASSERT_MSG_GT(dcqcn->GetStats().decreases, 10, "the CNPs cut the rate");
        NS_TEST_ASSERT_MSG_EQ(d.state->rateBps, LINE_BPS, "rate back at line rate");
        NS_TEST_ASSERT_MSG_EQ(d.state->targetRateBps, LINE_BPS, "target back at line rate");
        NS_TEST_ASSERT_MSG_EQ(dcqcn->IsRecovering(), false, "increase timer stopped");
        NS_TEST_ASSERT_MSG_LT(d.recorder.points.back().ns,
                              150000000,
                              "recovered well before the end");
        uint64_t low = LINE_BPS;
        for (const auto& p : d.recorder.points)
        {
            low = std::min(low, p.bps);
        }
        NS_TEST_ASSERT_MSG_LT(low, LINE_BPS / 2, "the rate went well down first");
        d.ops->Dispose();
        Simulator::Destroy();
    }

    TypeId m_tid;
};

/** A CNP storm drives the rate to MinRate and never below. */
class DcqcnMinRateTestCase : public TestCase
{
  public:
    DcqcnMinRateTestCase(TypeId tid, uint64_t floorBps, int64_t cnpPeriodNs)
        : TestCase("min-rate floor, " + tid.GetName().substr(5)),
          m_tid(tid),
          m_floor(floorBps),
          m_period(cnpPeriodNs)
    {
    }

  private:
    void DoRun() override
    {
        ObjectFactory factory(m_tid.GetName());
        Driver d(factory.Create<RdmaCongestionOps>());
        std::vector<int64_t> cnps;
        for (int64_t ns = 1000; ns < 5000000; ns += m_period)
        {
            cnps.push_back(ns);
        }
        d.Script(cnps, SendPlan(), 5000000);
        Simulator::Stop(MilliSeconds(5));
        Simulator::Run();
        auto dcqcn = DynamicCast<RdmaDcqcn>(d.ops);
        uint64_t low = LINE_BPS;
        for (const auto& p : d.recorder.points)
        {
            low = std::min(low, p.bps);
        }
        NS_TEST_ASSERT_MSG_EQ(low, m_floor, "the lowest rate is MinRate");
        NS_TEST_ASSERT_MSG_EQ(d.state->rateBps, m_floor, "held at MinRate under the storm");
        NS_TEST_ASSERT_MSG_GT(dcqcn->GetStats().minRateHits, 1, "floor applied repeatedly");
        d.ops->Dispose();
        Simulator::Destroy();
    }

    TypeId m_tid;
    uint64_t m_floor;
    int64_t m_period;
};

/** The two TypeIds carry the two documented parameter sets. */
class DcqcnParameterSetsTestCase : public TestCase
{
  public:
    DcqcnParameterSetsTestCase()
        : TestCase("both parameter sets have their documented defaults")
    {
    }

  private:
    struct Expected
    {
        double g;
        Time k;
        Time decrease;
        Time timer;
        uint64_t b;
        uint32_t f;
        std::string rai;
        std::string rhai;
        std::string minRate;
        bool clamp;
        int alphaUpdate;
        int increaseRule;
    };

    void Check(Ptr<RdmaCongestionOps> ops, const Expected& e, std::string name)
    {
        DoubleValue g;
        TimeValue k;
        TimeValue dec;
        TimeValue timer;
        UintegerValue b;
        UintegerValue f;
        DataRateValue rai;
        DataRateValue rhai;
        DataRateValue minRate;
        BooleanValue clamp;
        EnumValue alphaUpdate;
        EnumValue rule;
        ops->GetAttribute("EwmaGain", g);
        ops->GetAttribute("AlphaResumeInterval", k);
        ops->GetAttribute("RateDecreaseInterval", dec);
        ops->GetAttribute("RateIncreaseTimer", timer);
        ops->GetAttribute("ByteCounter", b);
        ops->GetAttribute("FastRecoveryTimes", f);
        ops->GetAttribute("RateAi", rai);
        ops->GetAttribute("RateHai", rhai);
        ops->GetAttribute("MinRate", minRate);
        ops->GetAttribute("ClampTargetRate", clamp);
        ops->GetAttribute("AlphaUpdate", alphaUpdate);
        ops->GetAttribute("IncreaseRule", rule);
        NS_TEST_ASSERT_MSG_EQ(ops->GetName(), name, "name");
        NS_TEST_ASSERT_MSG_EQ(g.Get(), e.g, name << " g");
        NS_TEST_ASSERT_MSG_EQ(k.Get(), e.k, name << " K");
        NS_TEST_ASSERT_MSG_EQ(dec.Get(), e.decrease, name << " decrease interval");
        NS_TEST_ASSERT_MSG_EQ(timer.Get(), e.timer, name << " T");
        NS_TEST_ASSERT_MSG_EQ(b.Get(), e.b, name << " B");
        NS_TEST_ASSERT_MSG_EQ(f.Get(), e.f, name << " F");
        NS_TEST_ASSERT_MSG_EQ(rai.Get(), DataRate(e.rai), name << " Rai");
        NS_TEST_ASSERT_MSG_EQ(rhai.Get(), DataRate(e.rhai), name << " Rhai");
        NS_TEST_ASSERT_MSG_EQ(minRate.Get(), DataRate(e.minRate), name << " MinRate");
        NS_TEST_ASSERT_MSG_EQ(clamp.Get(), e.clamp, name << " clamp");
        NS_TEST_ASSERT_MSG_EQ(alphaUpdate.Get(), e.alphaUpdate, name << " alpha rule");
        NS_TEST_ASSERT_MSG_EQ(rule.Get(), e.increaseRule, name << " increase rule");
    }

    void DoRun() override
    {
        // HPCC simulator config_a.txt / config_b_1ms.txt.
        Check(CreateObject<RdmaDcqcn>(),
              {1.0 / 256,
               MicroSeconds(1),
               MicroSeconds(4),
               MicroSeconds(300),
               0,
               1,
               "20Mb/s",
               "200Mb/s",
               "1000Mb/s",
               false,
               RdmaDcqcn::ALPHA_PERIODIC,
               RdmaDcqcn::INCREASE_MELLANOX},
              "RdmaDcqcn");
        // DCQCN paper (Rhai and MinRate: see RdmaDcqcnPaper).
        Check(CreateObject<RdmaDcqcnPaper>(),
              {1.0 / 256,
               MicroSeconds(55),
               Time(0),
               MicroSeconds(55),
               10000000,
               5,
               "40Mb/s",
               "400Mb/s",
               "100Mb/s",
               true,
               RdmaDcqcn::ALPHA_ON_CNP,
               RdmaDcqcn::INCREASE_PAPER},
              "RdmaDcqcnPaper");
        // The sets are independent TypeIds: changing one default leaves the other alone.
        NS_TEST_ASSERT_MSG_EQ(RdmaDcqcnPaper::GetTypeId().IsChildOf(RdmaCongestionOps::GetTypeId()),
                              true,
                              "a congestion-ops TypeId");
    }
};

/** Fork copies configuration, not per-QP state or trace connections. */
class DcqcnForkTestCase : public TestCase
{
  public:
    DcqcnForkTestCase()
        : TestCase("fork copies configuration but not state, timers or traces")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<RdmaDcqcnPaper> proto = CreateObject<RdmaDcqcnPaper>();
        proto->SetAttribute("RateAi", DataRateValue(DataRate("77Mb/s")));
        RateRecorder protoRecorder;
        proto->TraceConnectWithoutContext("Rate",
                                          MakeCallback(&RateRecorder::Rate, &protoRecorder));
        Driver a(proto);
        Driver b(proto);
        DataRateValue rai;
        a.ops->GetAttribute("RateAi", rai);
        NS_TEST_ASSERT_MSG_EQ(rai.Get(), DataRate("77Mb/s"), "configuration copied");
        NS_TEST_ASSERT_MSG_EQ(a.ops->GetInstanceTypeId(),
                              RdmaDcqcnPaper::GetTypeId(),
                              "same TypeId as the prototype");
        NS_TEST_ASSERT_MSG_NE(PeekPointer(a.ops), PeekPointer(b.ops), "one instance per QP");
        Simulator::Schedule(MicroSeconds(1), &Driver::Cnp, &a);
        Simulator::Stop(MicroSeconds(2));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_LT(a.state->rateBps, LINE_BPS, "QP a slowed down");
        NS_TEST_ASSERT_MSG_EQ(b.state->rateBps, LINE_BPS, "QP b untouched");
        NS_TEST_ASSERT_MSG_EQ(a.recorder.points.size(), 1, "a's trace saw its change");
        NS_TEST_ASSERT_MSG_EQ(protoRecorder.points.size(), 0, "prototype trace not forked");
        uint64_t calls = 0;
        a.ops->SetRateChangeCallback(Callback<void, uint64_t>([&calls](uint64_t) { ++calls; }));
        a.Cnp();
        NS_TEST_ASSERT_MSG_EQ(calls, 1, "rate-change callback told the QP");
        a.ops->Dispose();
        b.ops->Dispose();
        Simulator::Destroy();
    }
};

/** Suite "rdma-cc-dcqcn". */
class RdmaCcDcqcnTestSuite : public TestSuite
{
  public:
    RdmaCcDcqcnTestSuite()
        : TestSuite("rdma-cc-dcqcn", UNIT)
    {
        AddTestCase(new RdmaNoCcTestCase, TestCase::QUICK);
        // CNPs off the 1 us grid; bursts inside one 4 us period; a late CNP after recovery
        // started; bytes every 1 us at .5 us.
        std::vector<int64_t>
            cnps{10300, 11100, 12700, 25300, 26100, 200300, 203900, 900100, 900900, 1800700};
        AddTestCase(new DcqcnTraceTestCase("mellanox rate trace matches the equations",
                                           RdmaDcqcn::GetTypeId(),
                                           MellanoxRef(),
                                           cnps,
                                           SendPlan{1000, 500, 12500},
                                           120000000,
                                           0),
                    TestCase::QUICK);
        AddTestCase(new DcqcnTraceTestCase("mellanox rule with a byte counter matches",
                                           RdmaDcqcn::GetTypeId(),
                                           MellanoxRef(),
                                           cnps,
                                           SendPlan{1000, 500, 12500},
                                           120000000,
                                           2000000),
                    TestCase::QUICK);
        std::vector<int64_t> paperCnps{10300, 12100, 30700, 100900, 400300, 401100, 2000900};
        AddTestCase(new DcqcnTraceTestCase("paper rate trace matches the equations",
                                           RdmaDcqcnPaper::GetTypeId(),
                                           PaperRef(),
                                           paperCnps,
                                           SendPlan{1000, 500, 12500},
                                           30000000,
                                           1000000),
                    TestCase::QUICK);
        AddTestCase(new DcqcnTraceTestCase("paper rate trace with the 10 MB byte counter",
                                           RdmaDcqcnPaper::GetTypeId(),
                                           PaperRef(),
                                           paperCnps,
                                           SendPlan{1000, 500, 12500},
                                           30000000,
                                           10000000),
                    TestCase::QUICK);
        AddTestCase(new DcqcnDecreaseIntervalTestCase, TestCase::QUICK);
        AddTestCase(new DcqcnClampTestCase, TestCase::QUICK);
        AddTestCase(new DcqcnRecoveryTestCase(RdmaDcqcn::GetTypeId()), TestCase::QUICK);
        AddTestCase(new DcqcnRecoveryTestCase(RdmaDcqcnPaper::GetTypeId()), TestCase::QUICK);
        AddTestCase(new DcqcnMinRateTestCase(RdmaDcqcn::GetTypeId(), 1000000000, 3000),
                    TestCase::QUICK);
        AddTestCase(new DcqcnMinRateTestCase(RdmaDcqcnPaper::GetTypeId(), 100000000, 50000),
                    TestCase::QUICK);
        AddTestCase(new DcqcnParameterSetsTestCase, TestCase::QUICK);
        AddTestCase(new DcqcnForkTestCase, TestCase::QUICK);
    }
};

static RdmaCcDcqcnTestSuite g_rdmaCcDcqcnTestSuite;

} // namespace ns3
