/*
 * DCQCN reaction point (sender side): Zhu et al., "Congestion Control for Large-Scale RDMA
 * Deployments", SIGCOMM 2015, and the Mellanox variant modelled by the HPCC simulator.
 */

#ifndef RDMA_DCQCN_H
#define RDMA_DCQCN_H

#include "rdma-congestion-ops.h"

#include "ns3/data-rate.h"
#include "ns3/event-id.h"

#include <ostream>

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief DCQCN reaction point: rate decrease on CNPs, fast recovery, additive and hyper
 * increase. Defaults: the Mellanox variant with the HPCC simulator's parameters.
 *
 * Notation: Rc current rate (RdmaCcState::rateBps), Rt target rate (targetRateBps), g the
 * EWMA gain, F the fast-recovery count, T the rate-increase timer, B the byte counter,
 * Rai / Rhai the additive / hyper increments. Every rate is bounded by [MinRate, line rate].
 *
 * Rate decrease (paper Eq. 1): Rt = Rc (see target clamping below); Rc = max(MinRate,
 * Rc (1 - alpha/2)); then both increase counters and the byte count restart and the timer T
 * is re-armed. Rate increase: each expiry of the timer T or of the byte counter B is one
 * increase event; fast recovery sets Rc = (Rc + Rt) / 2, additive increase first sets
 * Rt = min(line, Rt + Rai), hyper increase Rt = min(line, Rt + i Rhai), both then average.
 * Averages round up (ceil) in integer bit/s so that Rc reaches Rt exactly. Once Rc and Rt are
 * both at line rate the timer stops and the byte counter pauses (no further step could change
 * anything); the next CNP restarts them.
 *
 * Where the paper and the Mellanox/HPCC variant differ (attribute, RdmaDcqcn default =
 * Mellanox, RdmaDcqcnPaper default = paper):
 *  1. Alpha update ("AlphaUpdate"). Paper (ON_CNP): every CNP sets alpha = (1-g) alpha + g
 *     right after the decrease, and each AlphaResumeInterval (K = 55 us) without a CNP sets
 *     alpha = (1-g) alpha; the K timer restarts at each CNP. Mellanox (PERIODIC): a timer of
 *     period AlphaResumeInterval (1 us), started by the first CNP, sets alpha = (1-g) alpha + g
 *     if a CNP arrived during the period, else (1-g) alpha; the first CNP only initialises
 *     alpha (to InitialAlpha) and does not count for its period (as in the HPCC simulator).
 *  2. When the rate drops ("RateDecreaseInterval"). Paper (0): at once, on every CNP (the
 *     notification point already spaces CNPs by 50 us per flow). Mellanox (4 us): a CNP only
 *     sets a flag; a check on a grid of that period, anchored at the first CNP, applies at most
 *     one decrease per period. (The HPCC simulator offsets its grid by 1 ns so that the alpha
 *     update runs first; here alpha is brought up to date before each decrease instead, so
 *     decreases happen 1 ns earlier than in that simulator.)
 *  3. Target clamping ("ClampTargetRate"). Paper (true): Rt = Rc on every decrease. Mellanox
 *     (false): Rt = Rc only if an increase event happened since the previous decrease; two
 *     decreases in a row keep the older, higher target.
 *  4. Increase phases ("IncreaseRule"). Paper (PAPER): the timer and the byte counter keep
 *     separate counts t and b of their expiries since the last decrease; after an event,
 *     max(t, b) <= F is fast recovery, min(t, b) > F is hyper increase with
 *     i = min(t, b) - F, anything else is additive increase (with the byte counter disabled,
 *     b is left out of max and min). Mellanox (MELLANOX): one stage count s of the increase
 *     events before this one (timer and byte counter alike); s < F fast recovery, s == F one
 *     additive increase, s > F hyper increase with i = 1 (a constant Rhai per step).
 *  5. Byte counter ("ByteCounter"). Paper: B = 10 MB. Mellanox/HPCC simulator: none (0).
 *  6. Parameter values differ (see RdmaDcqcnPaper and the attribute list). The HPCC
 *     simulator's "RateOnFirstCnp" (default 1, no effect) is not modelled; neither is QCN's
 *     halving of T and B during hyper increase, which the DCQCN paper does not use.
 *
 * Cost: alpha is evaluated lazily from the number of elapsed periods (the same products a
 * periodic timer would compute, in the same order), so alpha costs no event; the decrease
 * check is scheduled only when a CNP is pending; the timer T runs only while recovering.
 */
class RdmaDcqcn : public RdmaCongestionOps
{
  public:
    /** How alpha is updated (difference 1 above). */
    enum AlphaUpdate
    {
        ALPHA_ON_CNP,  //!< paper: on each CNP, decay after each CNP-free interval
        ALPHA_PERIODIC //!< Mellanox: one update per interval from a CNP-arrived flag
    };

    /** Which increase-phase rule (difference 4 above). */
    enum IncreaseRule
    {
        INCREASE_PAPER,   //!< two counters, max/min against F, i = min(t, b) - F
        INCREASE_MELLANOX //!< one stage count, one AI step at s == F, constant Rhai after
    };

    /** Per-QP counters of the reaction point. */
    struct Stats
    {
        uint64_t cnps{0};              //!< CNPs received
        uint64_t decreases{0};         //!< rate decreases applied
        uint64_t timerEvents{0};       //!< expiries of the rate-increase timer
        uint64_t byteCounterEvents{0}; //!< expiries of the byte counter
        uint64_t fastRecoverySteps{0}; //!< fast-recovery steps
        uint64_t additiveSteps{0};     //!< additive-increase steps
        uint64_t hyperSteps{0};        //!< hyper-increase steps
        uint64_t minRateHits{0};       //!< decreases clamped at MinRate

        /** \param os the output stream */
        void Print(std::ostream& os) const;
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RdmaDcqcn();
    /** \brief Copy constructor for Fork(). \param other the prototype */
    RdmaDcqcn(const RdmaDcqcn& other);
    ~RdmaDcqcn() override;

    std::string GetName() const override;
    Ptr<RdmaCongestionOps> Fork() override;

    /** \return alpha as of now (InitialAlpha until the first CNP) */
    double GetAlpha() const;

    /** \return true while the increase machinery runs (after a decrease, below line rate) */
    bool IsRecovering() const
    {
        return m_recovering;
    }

    /** \return the counters of this QP */
    const Stats& GetStats() const
    {
        return m_stats;
    }

  protected:
    /** Default values of one parameter set. */
    struct Defaults
    {
        double ewmaGain;            //!< g
        double initialAlpha;        //!< alpha at the first CNP
        Time alphaResumeInterval;   //!< K (paper) or the alpha update period (Mellanox)
        Time rateDecreaseInterval;  //!< 0: decrease on each CNP
        Time rateIncreaseTimer;     //!< T
        uint64_t byteCounter;       //!< B in bytes, 0: none
        uint32_t fastRecoveryTimes; //!< F
        DataRate rateAi;            //!< Rai
        DataRate rateHai;           //!< Rhai
        DataRate minRate;           //!< rate floor
        bool clampTargetRate;       //!< Rt = Rc on every decrease
        AlphaUpdate alphaUpdate;    //!< alpha rule
        IncreaseRule increaseRule;  //!< increase-phase rule
    };

    /** \return the Mellanox / HPCC-simulator defaults (config_a.txt, config_b_1ms.txt) */
    static Defaults MellanoxDefaults();

    /**
     * \brief Register the DCQCN attributes on \p tid with \p d as defaults. ns-3 cannot give an
     * inherited attribute another default, so each parameter-set TypeId registers the same list.
     * \param tid the TypeId being built
     * \param d the defaults
     * \return tid
     */
    static TypeId AddDcqcnAttributes(TypeId tid, const Defaults& d);

    void DoInit(RdmaCcState& state) override;
    void DoSend(RdmaCcState& state, uint32_t bytes) override;
    void DoCnp(RdmaCcState& state) override;
    void DoDispose() override;

  private:
    /** Apply the alpha periods that ended at or before now. */
    void AdvanceAlpha();
    /** Apply one rate decrease (Eq. 1) and restart the increase machinery. */
    void Decrease();
    /** The periodic decrease check (Mellanox) fired. */
    void DecreaseCheck();
    /** The rate-increase timer T expired. */
    void IncreaseTimerExpired();
    /** One increase event (timer or byte counter), counters already advanced. */
    void IncreaseEvent();
    /** Stop the increase machinery if nothing is left to recover. */
    void StopIfRecovered();

    // Configuration (attributes)
    double m_g;                   //!< EWMA gain g
    double m_initialAlpha;        //!< alpha at the first CNP
    Time m_alphaInterval;         //!< alpha period
    Time m_decreaseInterval;      //!< decrease-check period, 0 = immediate
    Time m_increaseTimer;         //!< T
    uint64_t m_byteCounter;       //!< B, 0 = none
    uint32_t m_fastRecoveryTimes; //!< F
    DataRate m_rateAi;            //!< Rai
    DataRate m_rateHai;           //!< Rhai
    DataRate m_minRate;           //!< floor
    bool m_clampTargetRate;       //!< always clamp Rt
    AlphaUpdate m_alphaUpdate;    //!< alpha rule
    IncreaseRule m_increaseRule;  //!< increase rule

    // Per-QP state
    bool m_started{false};         //!< a CNP has been seen
    double m_alpha{1.0};           //!< alpha as of m_alphaPeriods ended periods
    Time m_alphaAnchor;            //!< start of the alpha period grid
    uint64_t m_alphaPeriods{0};    //!< periods of the grid already applied
    bool m_alphaCnpPending{false}; //!< PERIODIC: a CNP arrived in the current period
    Time m_decreaseAnchor;         //!< start of the decrease-check grid (first CNP)
    bool m_decreasePending{false}; //!< a CNP waits for the next decrease check
    bool m_recovering{false};      //!< increase machinery running
    uint32_t m_timeStage{0};       //!< timer expiries since the last decrease
    uint32_t m_byteStage{0};       //!< byte-counter expiries since the last decrease
    uint64_t m_bytesSinceEvent{0}; //!< bytes counted towards the next byte-counter expiry
    EventId m_decreaseEvent;       //!< pending decrease check
    EventId m_increaseEvent;       //!< timer T
    Stats m_stats;                 //!< counters
};

/** \brief Print an AlphaUpdate by name. \param os the stream \param v the value \return os */
std::ostream& operator<<(std::ostream& os, RdmaDcqcn::AlphaUpdate v);
/** \brief Print an IncreaseRule by name. \param os the stream \param v the value \return os */
std::ostream& operator<<(std::ostream& os, RdmaDcqcn::IncreaseRule v);

} // namespace ns3

#endif
