/*
 * roce-switch-mmu: shared-buffer admission, dynamic thresholds, PFC XOFF/XON decisions, drop
 * reasons and lossless violations of RoceSwitchMmu, as pure accounting.
 * roce-ecn-marker: the RED marking line of RoceEcnMarker, measured over 100 000 draws.
 */

#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/queue-size.h"
#include "ns3/roce-ecn-marker.h"
#include "ns3/roce-switch-mmu.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <random>
#include <tuple>
#include <vector>

namespace ns3
{

namespace
{

constexpr uint8_t LOSSY = 0;
constexpr uint8_t LOSSLESS = 3;
constexpr uint8_t CONTROL = 7;

/**
 * A small MMU: 2 ports; priority 3 lossless, 0 lossy, the rest unmanaged; 100 000 B buffer,
 * 1000 B reserved per (port, managed priority), 5000 B headroom: the shared pool is
 * 100000 - 2 x 2 x 1000 - 2 x 5000 = 86 000 B.
 */
Ptr<RoceSwitchMmu>
SmallMmu(double alpha, uint32_t resumeOffset = 3000)
{
    Ptr<RoceSwitchMmu> mmu = CreateObject<RoceSwitchMmu>();
    mmu->SetAttribute("BufferSize", QueueSizeValue(QueueSize("100000B")));
    mmu->SetAttribute("ReservedPerQueue", QueueSizeValue(QueueSize("1000B")));
    mmu->SetAttribute("Headroom", QueueSizeValue(QueueSize("5000B")));
    mmu->SetAttribute("ResumeOffset",
                      QueueSizeValue(QueueSize(QueueSizeUnit::BYTES, resumeOffset)));
    mmu->SetAttribute("Alpha", DoubleValue(alpha));
    mmu->SetAttribute("LossyAlpha", DoubleValue(alpha));
    mmu->SetAttribute("LosslessPriorities", UintegerValue(1 << LOSSLESS));
    mmu->SetAttribute("ManagedPriorities", UintegerValue((1 << LOSSLESS) | (1 << LOSSY)));
    mmu->SetPortCount(2);
    return mmu;
}

constexpr uint64_t POOL = 86000;

/** Records the MMU's drop and violation traces. */
struct DropLog
{
    std::vector<RoceMmuOutcome> drops;
    uint32_t violations{0};

    void Drop(uint32_t port, uint8_t prio, uint32_t bytes, RoceMmuOutcome o)
    {
        drops.push_back(o);
    }

    void Violation(uint32_t port, uint8_t prio, uint32_t bytes)
    {
        ++violations;
    }
};

} // namespace

/** A lossless queue fills reserved, then shared up to the threshold, then headroom. */
class MmuLosslessFillTestCase : public TestCase
{
  public:
    MmuLosslessFillTestCase()
        : TestCase("lossless admission: reserved, shared, headroom, violation, XOFF and XON")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<RoceSwitchMmu> mmu = SmallMmu(0.5);
        DropLog log;
        mmu->TraceConnectWithoutContext("Drop", MakeCallback(&DropLog::Drop, &log));
        mmu->TraceConnectWithoutContext("LosslessViolation",
                                        MakeCallback(&DropLog::Violation, &log));
        NS_TEST_ASSERT_MSG_EQ(mmu->GetSharedPoolSize(), POOL, "pool = buffer - rsv - headroom");
        NS_TEST_ASSERT_MSG_EQ(mmu->GetThreshold(LOSSLESS), POOL / 2, "alpha x free");

        NS_TEST_ASSERT_MSG_EQ(mmu->Admit(0, 1, LOSSLESS, 1000),
                              RoceMmuOutcome::ADMITTED_RESERVED,
                              "first 1000 B fit the reservation");
        // A packet joins the shared pool while the queue's shared use after admission
        // (1000 (k + 1) for the k-th) is <= 0.5 (86000 - 1000 k): k <= 28.
        for (uint32_t k = 0; k <= 28; ++k)
        {
            NS_TEST_ASSERT_MSG_EQ(mmu->ShouldSendPause(0, LOSSLESS),
                                  false,
                                  "no XOFF below the threshold, k=" << k);
            NS_TEST_ASSERT_MSG_EQ(mmu->Admit(0, 1, LOSSLESS, 1000),
                                  RoceMmuOutcome::ADMITTED_SHARED,
                                  "shared packet " << k);
        }
        NS_TEST_ASSERT_MSG_EQ(mmu->GetSharedUsed(), 29000, "29 packets in the shared pool");
        NS_TEST_ASSERT_MSG_EQ(mmu->GetThreshold(LOSSLESS), 28500, "threshold shrank");
        NS_TEST_ASSERT_MSG_EQ(mmu->ShouldSendPause(0, LOSSLESS), true, "XOFF: 29000 >= 28500");
        NS_TEST_ASSERT_MSG_EQ(mmu->ShouldSendPause(1, LOSSLESS), false, "other port unaffected");
        mmu->SetPaused(0, LOSSLESS, true);
        NS_TEST_ASSERT_MSG_EQ(mmu->ShouldSendPause(0, LOSSLESS), false, "XOFF sent once");

        for (uint32_t k = 0; k < 5; ++k)
        {
            NS_TEST_ASSERT_MSG_EQ(mmu->Admit(0, 1, LOSSLESS, 1000),
                                  RoceMmuOutcome::ADMITTED_HEADROOM,
                                  "in flight after XOFF goes to headroom, " << k);
        }
        NS_TEST_ASSERT_MSG_EQ(mmu->Admit(0, 1, LOSSLESS, 1000),
                              RoceMmuOutcome::LOSSLESS_VIOLATION,
                              "headroom full");
        NS_TEST_ASSERT_MSG_EQ(mmu->GetHeadroomBytes(0, LOSSLESS), 5000, "violation not stored");
        NS_TEST_ASSERT_MSG_EQ(log.violations, 1, "violation traced");
        NS_TEST_ASSERT_MSG_EQ(log.drops.size(), 1, "and reported as a drop");
        NS_TEST_ASSERT_MSG_EQ(log.drops[0], RoceMmuOutcome::LOSSLESS_VIOLATION, "named");

        const RoceSwitchMmu::Stats& st = mmu->GetStats();
        NS_TEST_ASSERT_MSG_EQ(st.Count(RoceMmuOutcome::ADMITTED_RESERVED), 1, "reserved count");
        NS_TEST_ASSERT_MSG_EQ(st.Count(RoceMmuOutcome::ADMITTED_SHARED), 29, "shared count");
        NS_TEST_ASSERT_MSG_EQ(st.Count(RoceMmuOutcome::ADMITTED_HEADROOM), 5, "headroom count");
        NS_TEST_ASSERT_MSG_EQ(st.Count(RoceMmuOutcome::LOSSLESS_VIOLATION), 1, "violations");
        NS_TEST_ASSERT_MSG_EQ(st.Drops(), 1, "drops");
        NS_TEST_ASSERT_MSG_EQ(st.peakHeadroomUsed, 5000, "peak headroom");
        NS_TEST_ASSERT_MSG_EQ(st.peakSharedUsed, 29000, "peak shared");
        NS_TEST_ASSERT_MSG_EQ(st.peakTotalUsed, 35000, "peak total");
        NS_TEST_ASSERT_MSG_EQ(mmu->GetEgressBytes(1, LOSSLESS), 35000, "egress side");

        // Draining: headroom first, then XON once shared + 3000 <= 0.5 (86000 - shared),
        // i.e. shared <= 26666.
        for (uint32_t k = 0; k < 5; ++k)
        {
            NS_TEST_ASSERT_MSG_EQ(mmu->ShouldResume(0, LOSSLESS), false, "headroom in use");
            mmu->Remove(0, 1, LOSSLESS, 1000);
        }
        NS_TEST_ASSERT_MSG_EQ(mmu->GetHeadroomUsed(), 0, "headroom drained first");
        NS_TEST_ASSERT_MSG_EQ(mmu->GetSharedUsed(), 29000, "shared untouched so far");
        for (uint64_t shared : {29000, 28000, 27000})
        {
            NS_TEST_ASSERT_MSG_EQ(mmu->GetSharedUsed(), shared, "shared");
            NS_TEST_ASSERT_MSG_EQ(mmu->ShouldResume(0, LOSSLESS),
                                  false,
                                  "hysteresis holds XON at shared=" << shared);
            mmu->Remove(0, 1, LOSSLESS, 1000);
        }
        NS_TEST_ASSERT_MSG_EQ(mmu->ShouldResume(0, LOSSLESS), true, "XON at 26000");
        mmu->SetPaused(0, LOSSLESS, false);
        NS_TEST_ASSERT_MSG_EQ(mmu->GetStats().pauseDecisions, 1, "one XOFF");
        NS_TEST_ASSERT_MSG_EQ(mmu->GetStats().resumeDecisions, 1, "one XON");

        for (uint32_t k = 0; k < 27; ++k)
        {
            mmu->Remove(0, 1, LOSSLESS, 1000);
        }
        NS_TEST_ASSERT_MSG_EQ(mmu->GetTotalUsed(), 0, "all released");
        NS_TEST_ASSERT_MSG_EQ(mmu->GetIngressBytes(0, LOSSLESS), 0, "ingress zero");
        NS_TEST_ASSERT_MSG_EQ(mmu->GetEgressBytes(1, LOSSLESS), 0, "egress zero");
    }
};

/** The threshold is alpha x free shared bytes: as alpha and the occupancy change. */
class MmuDynamicThresholdTestCase : public TestCase
{
  public:
    MmuDynamicThresholdTestCase()
        : TestCase("dynamic threshold follows alpha and the occupancy")
    {
    }

  private:
    /** Fill (port, LOSSLESS) with 100 B packets while they go to the shared pool. */
    uint64_t FillShared(Ptr<RoceSwitchMmu> mmu, uint32_t port)
    {
        uint64_t before = mmu->GetSharedUsed();
        while (true)
        {
            RoceMmuOutcome o = mmu->CheckIngressAdmission(port, LOSSLESS, 100);
            if (o != RoceMmuOutcome::ADMITTED_SHARED && o != RoceMmuOutcome::ADMITTED_RESERVED)
            {
                break;
            }
            mmu->Admit(port, 1 - port, LOSSLESS, 100);
        }
        return mmu->GetSharedUsed() - before;
    }

    void DoRun() override
    {
        for (double alpha : {0.125, 0.5, 1.0, 2.0, 4.0})
        {
            Ptr<RoceSwitchMmu> mmu = SmallMmu(alpha);
            NS_TEST_ASSERT_MSG_EQ(mmu->GetThreshold(LOSSLESS),
                                  static_cast<uint64_t>(alpha * POOL),
                                  "empty pool, alpha=" << alpha);
            for (uint32_t k = 0; k < 10; ++k)
            {
                mmu->Admit(1, 0, LOSSLESS, 500);
            }
            uint64_t shared = 5000 - 1000;
            NS_TEST_ASSERT_MSG_EQ(mmu->GetSharedUsed(), shared, "other port's shared use");
            NS_TEST_ASSERT_MSG_EQ(mmu->GetThreshold(LOSSLESS),
                                  static_cast<uint64_t>(alpha * (POOL - shared)),
                                  "threshold shrinks with occupancy, alpha=" << alpha);

            // One queue alone settles where S = alpha (P - S): S = alpha / (1 + alpha) P.
            Ptr<RoceSwitchMmu> alone = SmallMmu(alpha);
            double s1 = FillShared(alone, 0);
            double expect1 = std::min(alpha / (1 + alpha) * POOL, double(POOL));
            NS_TEST_ASSERT_MSG_EQ_TOL(s1, expect1, 100, "single queue, alpha=" << alpha);
            // The next packet overflows into headroom, which asks for XOFF.
            NS_TEST_ASSERT_MSG_EQ(alone->Admit(0, 1, LOSSLESS, 100),
                                  RoceMmuOutcome::ADMITTED_HEADROOM,
                                  "past the settle point, alpha=" << alpha);
            NS_TEST_ASSERT_MSG_EQ(alone->ShouldSendPause(0, LOSSLESS),
                                  true,
                                  "XOFF past the settle point, alpha=" << alpha);

            // A second queue then gets alpha (P - S1 - S2): S2 = alpha (P - S1) / (1 + alpha).
            double s2 = FillShared(alone, 1);
            double expect2 = alpha * (POOL - s1) / (1 + alpha);
            NS_TEST_ASSERT_MSG_EQ_TOL(s2, expect2, 100, "second queue, alpha=" << alpha);
        }
    }
};

/** With too little headroom a lossless packet is a counted violation at once. */
class MmuSmallHeadroomTestCase : public TestCase
{
  public:
    MmuSmallHeadroomTestCase()
        : TestCase("lossless violation when the headroom is too small")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<RoceSwitchMmu> mmu = SmallMmu(0.5);
        mmu->SetHeadroom(0, 500); // smaller than one packet
        NS_TEST_ASSERT_MSG_EQ(mmu->GetSharedPoolSize(), POOL + 4500, "pool grows by 4500 B");
        // Adding a port keeps port 0's headroom; the new port takes 2 x 1000 + 5000 B.
        mmu->SetPortCount(3);
        NS_TEST_ASSERT_MSG_EQ(mmu->GetPortCount(), 3, "grown");
        NS_TEST_ASSERT_MSG_EQ(mmu->GetSharedPoolSize(), POOL + 4500 - 7000, "pool after growth");
        DropLog log;
        mmu->TraceConnectWithoutContext("LosslessViolation",
                                        MakeCallback(&DropLog::Violation, &log));
        uint32_t admitted = 0;
        RoceMmuOutcome o;
        while ((o = mmu->Admit(0, 1, LOSSLESS, 1000)) != RoceMmuOutcome::LOSSLESS_VIOLATION)
        {
            NS_TEST_ASSERT_MSG_NE(o, RoceMmuOutcome::ADMITTED_HEADROOM, "no headroom to use");
            ++admitted;
        }
        NS_TEST_ASSERT_MSG_GT(admitted, 1, "reserved and shared admitted first");
        NS_TEST_ASSERT_MSG_EQ(log.violations, 1, "violation traced");
        NS_TEST_ASSERT_MSG_EQ(mmu->GetStats().Count(RoceMmuOutcome::LOSSLESS_VIOLATION),
                              1,
                              "violation counted");
        NS_TEST_ASSERT_MSG_EQ(
            mmu->GetStats().bytes[static_cast<uint32_t>(RoceMmuOutcome::LOSSLESS_VIOLATION)],
            1000,
            "violation bytes counted");
        NS_TEST_ASSERT_MSG_EQ(mmu->GetHeadroomUsed(), 0, "nothing stored in headroom");
    }
};

/** Lossy priorities are dropped, with their reason, and never paused. */
class MmuLossyDropTestCase : public TestCase
{
  public:
    MmuLossyDropTestCase()
        : TestCase("lossy drops carry their reason and never pause")
    {
    }

  private:
    void DoRun() override
    {
        // Ingress dynamic threshold.
        Ptr<RoceSwitchMmu> mmu = SmallMmu(0.5);
        DropLog log;
        mmu->TraceConnectWithoutContext("Drop", MakeCallback(&DropLog::Drop, &log));
        uint32_t n = 0;
        RoceMmuOutcome o;
        while (RoceMmuAdmitted(o = mmu->Admit(0, 1, LOSSY, 1000)))
        {
            NS_TEST_ASSERT_MSG_EQ(mmu->ShouldSendPause(0, LOSSY), false, "lossy: no PFC");
            ++n;
        }
        NS_TEST_ASSERT_MSG_EQ(n, 30, "1 reserved + 29 shared, as for the lossless queue");
        NS_TEST_ASSERT_MSG_EQ(o, RoceMmuOutcome::DROPPED_LOSSY_INGRESS, "reason");
        NS_TEST_ASSERT_MSG_EQ(log.drops.size(), 1, "traced");
        NS_TEST_ASSERT_MSG_EQ(mmu->GetHeadroomUsed(), 0, "lossy never uses headroom");
        NS_TEST_ASSERT_MSG_EQ(mmu->GetStats().Count(RoceMmuOutcome::DROPPED_LOSSY_INGRESS),
                              1,
                              "counted by reason");

        // A threshold that never binds: the pool itself runs out.
        Ptr<RoceSwitchMmu> full = SmallMmu(1000.0);
        n = 0;
        while (RoceMmuAdmitted(o = full->Admit(0, 1, LOSSY, 1000)))
        {
            ++n;
        }
        NS_TEST_ASSERT_MSG_EQ(n, 1 + POOL / 1000, "reserved + the whole pool");
        NS_TEST_ASSERT_MSG_EQ(o, RoceMmuOutcome::DROPPED_LOSSY_BUFFER_FULL, "reason");
        NS_TEST_ASSERT_MSG_EQ(full->GetFreeShared(), 0, "pool exhausted");

        // Egress limit: egress queue <= EgressAlpha x free shared.
        Ptr<RoceSwitchMmu> eg = SmallMmu(0.5);
        eg->SetAttribute("EgressAlpha", DoubleValue(0.1));
        n = 0;
        while (RoceMmuAdmitted(o = eg->Admit(0, 1, LOSSY, 1000)))
        {
            ++n;
        }
        // Packet k (from 1) passes while 1000 k <= 0.1 (86000 - shared), shared being
        // max(0, 1000 (k - 2)) before it: k = 8 passes (8000 <= 8000), k = 9 does not.
        NS_TEST_ASSERT_MSG_EQ(o, RoceMmuOutcome::DROPPED_LOSSY_EGRESS, "reason");
        NS_TEST_ASSERT_MSG_EQ(n, 8, "egress limit binds first");
        NS_TEST_ASSERT_MSG_EQ(eg->GetIngressBytes(0, LOSSY), 8000, "dropped packet unaccounted");
        NS_TEST_ASSERT_MSG_EQ(eg->GetEgressBytes(1, LOSSY), 8000, "egress accounted");
        // Lossless queues are not limited at egress.
        NS_TEST_ASSERT_MSG_EQ(eg->CheckEgressAdmission(1, LOSSLESS, 100000), true, "lossless");
    }
};

/** Unmanaged priorities pass unaccounted; random traffic leaves nothing behind. */
class MmuAccountingTestCase : public TestCase
{
  public:
    MmuAccountingTestCase()
        : TestCase("accounting returns to zero after removal; unmanaged bypass")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<RoceSwitchMmu> mmu = SmallMmu(0.5);
        NS_TEST_ASSERT_MSG_EQ(mmu->Admit(0, 1, CONTROL, 64),
                              RoceMmuOutcome::ADMITTED_UNMANAGED,
                              "control priority bypasses");
        NS_TEST_ASSERT_MSG_EQ(mmu->GetTotalUsed(), 0, "and is not accounted");
        mmu->Remove(0, 1, CONTROL, 64);

        std::mt19937 gen(12345);
        std::uniform_int_distribution<uint32_t> size(64, 1500);
        std::uniform_int_distribution<uint32_t> coin(0, 3);
        std::vector<std::tuple<uint32_t, uint32_t, uint8_t, uint32_t>> held;
        uint64_t admitted = 0;
        for (uint32_t step = 0; step < 20000; ++step)
        {
            if (held.empty() || coin(gen) != 0)
            {
                uint32_t in = coin(gen) & 1;
                uint8_t prio = (coin(gen) & 1) ? LOSSLESS : LOSSY;
                uint32_t bytes = size(gen);
                if (RoceMmuAdmitted(mmu->Admit(in, 1 - in, prio, bytes)))
                {
                    held.emplace_back(in, 1 - in, prio, bytes);
                    ++admitted;
                }
            }
            else
            {
                std::uniform_int_distribution<size_t> pick(0, held.size() - 1);
                size_t i = pick(gen);
                auto [in, out, prio, bytes] = held[i];
                held[i] = held.back();
                held.pop_back();
                mmu->Remove(in, out, prio, bytes);
            }
            NS_TEST_ASSERT_MSG_LT_OR_EQ(mmu->GetSharedUsed(), POOL, "shared within the pool");
        }
        NS_TEST_ASSERT_MSG_GT(admitted, 1000, "traffic went through");
        NS_TEST_ASSERT_MSG_GT(mmu->GetStats().Count(RoceMmuOutcome::ADMITTED_HEADROOM) +
                                  mmu->GetStats().Drops(),
                              0,
                              "the buffer was under pressure");
        for (const auto& [in, out, prio, bytes] : held)
        {
            mmu->Remove(in, out, prio, bytes);
        }
        NS_TEST_ASSERT_MSG_EQ(mmu->GetTotalUsed(), 0, "total back to zero");
        NS_TEST_ASSERT_MSG_EQ(mmu->GetSharedUsed(), 0, "shared back to zero");
        NS_TEST_ASSERT_MSG_EQ(mmu->GetHeadroomUsed(), 0, "headroom back to zero");
        for (uint32_t port = 0; port < 2; ++port)
        {
            for (uint8_t prio : {LOSSY, LOSSLESS})
            {
                NS_TEST_ASSERT_MSG_EQ(mmu->GetIngressBytes(port, prio), 0, "ingress zero");
                NS_TEST_ASSERT_MSG_EQ(mmu->GetEgressBytes(port, prio), 0, "egress zero");
            }
        }
    }
};

/** Suite "roce-switch-mmu". */
class RoceSwitchMmuTestSuite : public TestSuite
{
  public:
    RoceSwitchMmuTestSuite()
        : TestSuite("roce-switch-mmu", UNIT)
    {
        AddTestCase(new MmuLosslessFillTestCase, TestCase::QUICK);
        AddTestCase(new MmuDynamicThresholdTestCase, TestCase::QUICK);
        AddTestCase(new MmuSmallHeadroomTestCase, TestCase::QUICK);
        AddTestCase(new MmuLossyDropTestCase, TestCase::QUICK);
        AddTestCase(new MmuAccountingTestCase, TestCase::QUICK);
    }
};

static RoceSwitchMmuTestSuite g_roceSwitchMmuTestSuite;

/** The marked fraction follows the RED line; 0 at or below Kmin, 1 above Kmax. */
class EcnRedLineTestCase : public TestCase
{
  public:
    EcnRedLineTestCase()
        : TestCase("marking fraction follows the RED line")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<RoceEcnMarker> marker = CreateObject<RoceEcnMarker>();
        marker->SetThresholds(10000, 50000, 0.2);
        marker->AssignStreams(7);
        const uint32_t draws = 100000;
        for (uint64_t q : {0, 5000, 10000, 10001, 20000, 30000, 40000, 49999, 50000, 50001, 200000})
        {
            double p = q <= 10000 ? 0.0 : (q > 50000 ? 1.0 : 0.2 * (q - 10000) / 40000.0);
            NS_TEST_ASSERT_MSG_EQ_TOL(marker->GetMarkProbability(q), p, 1e-12, "p(" << q << ")");
            uint32_t marked = 0;
            for (uint32_t i = 0; i < draws; ++i)
            {
                marked += marker->ShouldMark(q);
            }
            double frac = double(marked) / draws;
            if (p == 0.0 || p == 1.0)
            {
                NS_TEST_ASSERT_MSG_EQ(frac, p, "exact outside the RED band, q=" << q);
            }
            else
            {
                double sigma = std::sqrt(p * (1 - p) / draws);
                NS_TEST_ASSERT_MSG_EQ_TOL(frac, p, 5 * sigma, "RED line at q=" << q);
            }
        }
        NS_TEST_ASSERT_MSG_EQ(marker->GetStats().decisions, 11 * draws, "decisions counted");
    }
};

/** Defaults, step thresholds and reproducible streams. */
class EcnConfigTestCase : public TestCase
{
  public:
    EcnConfigTestCase()
        : TestCase("defaults, step marking and reproducible streams")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<RoceEcnMarker> m = CreateObject<RoceEcnMarker>();
        NS_TEST_ASSERT_MSG_EQ(m->GetKmin(), 400000, "HPCC 100G Kmin");
        NS_TEST_ASSERT_MSG_EQ(m->GetKmax(), 1600000, "HPCC 100G Kmax");
        NS_TEST_ASSERT_MSG_EQ(m->GetPmax(), 0.2, "HPCC Pmax");
        NS_TEST_ASSERT_MSG_EQ(m->GetMarkPoint(), RoceEcnMarker::MARK_ON_DEQUEUE, "dequeue");
        m->SetAttribute("MarkPoint", EnumValue(RoceEcnMarker::MARK_ON_ENQUEUE));
        NS_TEST_ASSERT_MSG_EQ(m->GetMarkPoint(), RoceEcnMarker::MARK_ON_ENQUEUE, "settable");

        // Kmin == Kmax: a step (DCTCP-style).
        m->SetThresholds(30000, 30000, 1.0);
        NS_TEST_ASSERT_MSG_EQ(m->ShouldMark(30000), false, "at K");
        NS_TEST_ASSERT_MSG_EQ(m->ShouldMark(30001), true, "above K");

        Ptr<RoceEcnMarker> a = CreateObject<RoceEcnMarker>();
        Ptr<RoceEcnMarker> b = CreateObject<RoceEcnMarker>();
        Ptr<RoceEcnMarker> c = CreateObject<RoceEcnMarker>();
        NS_TEST_ASSERT_MSG_EQ(a->AssignStreams(100), 1, "one stream");
        b->AssignStreams(100);
        c->AssignStreams(101);
        uint32_t same = 0;
        uint32_t differ = 0;
        for (uint32_t i = 0; i < 1000; ++i)
        {
            bool x = a->ShouldMark(1000000);
            same += x == b->ShouldMark(1000000);
            differ += x != c->ShouldMark(1000000);
        }
        NS_TEST_ASSERT_MSG_EQ(same, 1000, "same stream, same decisions");
        NS_TEST_ASSERT_MSG_GT(differ, 0, "another stream, other decisions");
    }
};

/** Suite "roce-ecn-marker". */
class RoceEcnMarkerTestSuite : public TestSuite
{
  public:
    RoceEcnMarkerTestSuite()
        : TestSuite("roce-ecn-marker", UNIT)
    {
        AddTestCase(new EcnRedLineTestCase, TestCase::QUICK);
        AddTestCase(new EcnConfigTestCase, TestCase::QUICK);
    }
};

static RoceEcnMarkerTestSuite g_roceEcnMarkerTestSuite;

} // namespace ns3
