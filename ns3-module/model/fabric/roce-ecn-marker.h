/*
 * RED-style ECN marking decision on a switch egress queue (the DCQCN congestion point).
 */

#ifndef ROCE_ECN_MARKER_H
#define ROCE_ECN_MARKER_H

#include "ns3/object.h"
#include "ns3/queue-size.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief Decides whether a packet leaving (or entering) an egress queue gets ECN CE.
 *
 * With q the egress queue length in bytes (the switch passes it; see MarkPoint):
 *  - q <= Kmin: never marked (probability 0);
 *  - Kmin < q <= Kmax: marked with probability Pmax (q - Kmin) / (Kmax - Kmin), the RED
 *    line from 0 at Kmin to Pmax at Kmax;
 *  - q > Kmax: always marked (probability 1, not Pmax).
 * These are the DCQCN paper's and the HPCC simulator's semantics (strict comparisons as in
 * that simulator). Kmin == Kmax gives a step: q > Kmin is marked.
 *
 * Defaults are the HPCC simulator's for 100 Gb/s links (config_a.txt: KMIN_MAP 400, KMAX_MAP
 * 1600 in KB of 1000 B, PMAX_MAP 0.2); its 400 Gb/s values are 1600 KB / 6400 KB / 0.2. The
 * DCQCN paper's (40 Gb/s) are Kmin 5 KB, Kmax 200 KB, Pmax 1 %. One marker per egress port:
 * the switch helper sets the thresholds from the port's rate.
 *
 * MarkPoint tells the switch where to ask: DEQUEUE (default, as the HPCC simulator and
 * Mellanox/Broadcom switches do: the length after the departing packet left) or ENQUEUE (the
 * length before the arriving packet joins). The marker itself only maps a length to a decision.
 * One uniform draw per decision between Kmin and Kmax, none outside (so the stream use does
 * not depend on the queue outside the RED band). Nothing is allocated or logged per call.
 */
class RoceEcnMarker : public Object
{
  public:
    /** Where the switch evaluates the marking. */
    enum MarkPoint
    {
        MARK_ON_DEQUEUE, //!< when the packet leaves the egress queue
        MARK_ON_ENQUEUE  //!< when the packet joins the egress queue
    };

    /** Counters. */
    struct Stats
    {
        uint64_t decisions{0}; //!< ShouldMark calls
        uint64_t marked{0};    //!< of which marked
        uint64_t aboveKmax{0}; //!< of which with q > Kmax
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RoceEcnMarker();
    ~RoceEcnMarker() override;

    /**
     * \brief Set the thresholds (e.g. for a link rate).
     * \param kmin Kmin in bytes \param kmax Kmax in bytes (>= kmin)
     * \param pmax marking probability at Kmax, in [0, 1]
     */
    void SetThresholds(uint32_t kmin, uint32_t kmax, double pmax);

    /**
     * \param queueBytes the egress queue length in bytes
     * \return the marking probability for that length
     */
    double GetMarkProbability(uint64_t queueBytes) const;

    /**
     * \brief The marking decision (draws a random number only between Kmin and Kmax).
     * \param queueBytes the egress queue length in bytes
     * \return true if the packet is to be marked CE
     */
    bool ShouldMark(uint64_t queueBytes);

    /** \return where the switch should evaluate marking */
    MarkPoint GetMarkPoint() const
    {
        return m_markPoint;
    }

    /** \return Kmin in bytes */
    uint32_t GetKmin() const
    {
        return m_kmin.GetValue();
    }

    /** \return Kmax in bytes */
    uint32_t GetKmax() const
    {
        return m_kmax.GetValue();
    }

    /** \return Pmax */
    double GetPmax() const
    {
        return m_pmax;
    }

    /** \return the counters */
    const Stats& GetStats() const
    {
        return m_stats;
    }

    /**
     * \brief Assign a fixed random stream.
     * \param stream first stream index
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

  private:
    QueueSize m_kmin;                 //!< Kmin
    QueueSize m_kmax;                 //!< Kmax
    double m_pmax;                    //!< Pmax
    MarkPoint m_markPoint;            //!< where the switch asks
    Ptr<UniformRandomVariable> m_rng; //!< marking draws
    Stats m_stats;                    //!< counters
};

/** \brief Print a MarkPoint by name. \param os the stream \param v the value \return os */
std::ostream& operator<<(std::ostream& os, RoceEcnMarker::MarkPoint v);

} // namespace ns3

#endif
