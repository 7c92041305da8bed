/*
 * Shared-buffer admission and PFC decisions of a RoCE switch (Broadcom-style MMU), as a pure
 * accounting class: no packets, no devices.
 */

#ifndef ROCE_SWITCH_MMU_H
#define ROCE_SWITCH_MMU_H

#include "ns3/object.h"
#include "ns3/queue-size.h"
#include "ns3/traced-callback.h"

#include <array>
#include <cstdint>
#include <ostream>
#include <vector>

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief What the MMU decided for one packet.
 */
enum class RoceMmuOutcome : uint8_t
{
    ADMITTED_RESERVED = 0,     //!< fits in the queue's guaranteed (reserved) space
    ADMITTED_SHARED,           //!< uses the shared pool, under the dynamic threshold
    ADMITTED_HEADROOM,         //!< lossless, over the threshold: stored in PFC headroom
    ADMITTED_UNMANAGED,        //!< a priority the MMU does not account (control traffic)
    DROPPED_LOSSY_INGRESS,     //!< lossy, ingress queue over its dynamic threshold
    DROPPED_LOSSY_EGRESS,      //!< lossy, egress queue over its dynamic threshold
    DROPPED_LOSSY_BUFFER_FULL, //!< lossy, the shared pool has no room left at all
    LOSSLESS_VIOLATION,        //!< lossless, over the threshold and headroom full: dropped
};

/** Number of RoceMmuOutcome values. */
constexpr uint32_t ROCE_MMU_OUTCOMES = 8;

/** \return the outcome's name \param o the outcome */
const char* RoceMmuOutcomeName(RoceMmuOutcome o);
/** \brief Print an outcome by name. \param os the stream \param o the outcome \return os */
std::ostream& operator<<(std::ostream& os, RoceMmuOutcome o);

/** \return true for the ADMITTED_* outcomes \param o the outcome */
inline bool
RoceMmuAdmitted(RoceMmuOutcome o)
{
    return o <= RoceMmuOutcome::ADMITTED_UNMANAGED;
}

/**
 * \ingroup ndksim
 * \brief Broadcom-style shared-buffer MMU: admission, drop reasons and PFC XOFF/XON decisions.
 *
 * Buffer layout: BufferSize = reserved space (ReservedPerQueue for every ingress port and
 * managed priority) + headroom (per ingress port, for every lossless priority) + the shared
 * pool. Packets are accounted at the ingress (port, priority) they came in on and at the
 * egress (port, priority) they will leave by; priorities outside ManagedPriorities (e.g. the
 * one carrying CNPs and ACKs) are not accounted and always admitted.
 *
 * Ingress (port p, priority q, used bytes u of which reserved min(u, R), headroom h):
 *  - u + size <= R: ADMITTED_RESERVED.
 *  - else, with free = pool - sharedUsed and the dynamic threshold
 *    thr = Alpha * free (LossyAlpha for lossy priorities), the queue's shared use after
 *    admission excess = u + size - R: excess <= thr and the new shared bytes fit in free:
 *    ADMITTED_SHARED.
 *  - else lossless: h + size <= Headroom(p): ADMITTED_HEADROOM, otherwise
 *    LOSSLESS_VIOLATION (the packet must be dropped; counted, traced, never silent).
 *  - else lossy: DROPPED_LOSSY_BUFFER_FULL if the pool is exhausted, otherwise
 *    DROPPED_LOSSY_INGRESS.
 * Egress: lossy queues may also be limited by EgressAlpha * free (DROPPED_LOSSY_EGRESS);
 * lossless queues are never limited at egress (PFC governs them).
 *
 * PFC (lossless priorities): ShouldSendPause when not paused and (h > 0 or
 * max(0, u - R) >= thr); ShouldResume when paused, h == 0 and (u <= R or
 * (u - R) + ResumeOffset <= thr). Removal drains headroom first, then shared, then reserved.
 * These are the HPCC simulator's SwitchMmu rules, except: reservation and headroom are per
 * managed / lossless priority (that simulator reserves one of each per port for its single
 * data priority: ManagedPriorities = LosslessPriorities = one priority reproduces it), lossy
 * priorities and their drops exist, and a full headroom is a named, counted outcome.
 *
 * Use by a switch: Admit(inPort, outPort, priority, bytes) on arrival (checks, accounts and
 * counts); Remove(inPort, outPort, priority, bytes) when the packet leaves; after each, for
 * lossless priorities, ShouldSendPause / ShouldResume on the ingress (port, priority) and
 * SetPaused once the PFC frame is sent. The Check / Update halves are public for switches that
 * split the steps; only Admit counts outcomes in the Stats.
 */
class RoceSwitchMmu : public Object
{
  public:
    static constexpr uint32_t PRIORITIES = 8; //!< 802.1p priorities

    /** Counters and peaks (bytes and packets). */
    struct Stats
    {
        std::array<uint64_t, ROCE_MMU_OUTCOMES> packets{}; //!< packets per outcome (Admit)
        std::array<uint64_t, ROCE_MMU_OUTCOMES> bytes{};   //!< bytes per outcome (Admit)
        uint64_t peakSharedUsed{0};   //!< bytes, peak of the shared pool in use
        uint64_t peakHeadroomUsed{0}; //!< bytes, peak of all headroom in use
        uint64_t peakTotalUsed{0};    //!< bytes, peak of reserved + shared + headroom in use
        uint64_t pauseDecisions{0};   //!< XOFF sent (SetPaused true)
        uint64_t resumeDecisions{0};  //!< XON sent (SetPaused false)

        /** \return packets with outcome \p o \param o the outcome */
        uint64_t Count(RoceMmuOutcome o) const
        {
            return packets[static_cast<uint32_t>(o)];
        }

        /** \return all dropped packets (lossy drops and lossless violations) */
        uint64_t Drops() const;
        /** \param os the output stream */
        void Print(std::ostream& os) const;
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RoceSwitchMmu();
    ~RoceSwitchMmu() override;

    /**
     * \brief Size the per-port tables to ports 0 .. n-1. The count only grows: existing ports
     * keep their accounting and headroom, new ports start empty with the "Headroom" attribute's
     * value, and the shared pool is recomputed. ReservedPerQueue and ResumeOffset are read at
     * the first call; set the attributes before it and grow before traffic flows.
     * \param n number of ports
     */
    void SetPortCount(uint32_t n);

    /** \return the number of ports */
    uint32_t GetPortCount() const
    {
        return static_cast<uint32_t>(m_headroom.size());
    }

    /**
     * \brief Headroom of each lossless priority of ingress \p port (typically from the link's
     * rate and delay: the HPCC simulator uses 3 x rate x delay / 8). Call with empty buffers.
     * \param port the port \param bytes the headroom
     */
    void SetHeadroom(uint32_t port, uint64_t bytes);

    /** \return true if \p prio is lossless \param prio the priority */
    bool IsLossless(uint8_t prio) const
    {
        return (m_losslessMask >> prio) & 1;
    }

    /** \return true if \p prio is accounted \param prio the priority */
    bool IsManaged(uint8_t prio) const
    {
        return (m_managedMask >> prio) & 1;
    }

    /**
     * \brief Check, account and count one arriving packet.
     * \param inPort ingress port \param outPort egress port \param prio priority
     * \param bytes packet size
     * \return the outcome; when admitted the bytes are accounted and must later be Removed
     */
    RoceMmuOutcome Admit(uint32_t inPort, uint32_t outPort, uint8_t prio, uint32_t bytes);
    /**
     * \brief Release a packet admitted by Admit (both sides).
     * \param inPort ingress port \param outPort egress port \param prio priority
     * \param bytes packet size
     */
    void Remove(uint32_t inPort, uint32_t outPort, uint8_t prio, uint32_t bytes);

    /** \return the ingress outcome for a packet, without changing anything
     * \param port ingress port \param prio priority \param bytes packet size */
    RoceMmuOutcome CheckIngressAdmission(uint32_t port, uint8_t prio, uint32_t bytes) const;
    /** \return true if the egress queue may take the packet
     * \param port egress port \param prio priority \param bytes packet size */
    bool CheckEgressAdmission(uint32_t port, uint8_t prio, uint32_t bytes) const;
    /** \brief Account an admitted packet at its ingress (as CheckIngressAdmission classified)
     * \param port ingress port \param prio priority \param bytes packet size */
    void UpdateIngressAdmission(uint32_t port, uint8_t prio, uint32_t bytes);
    /** \brief Account an admitted packet at its egress
     * \param port egress port \param prio priority \param bytes packet size */
    void UpdateEgressAdmission(uint32_t port, uint8_t prio, uint32_t bytes);
    /** \brief Release ingress bytes: headroom first, then shared, then reserved
     * \param port ingress port \param prio priority \param bytes packet size */
    void RemoveFromIngress(uint32_t port, uint8_t prio, uint32_t bytes);
    /** \brief Release egress bytes \param port egress port \param prio priority
     * \param bytes packet size */
    void RemoveFromEgress(uint32_t port, uint8_t prio, uint32_t bytes);

    /** \return true if an XOFF should be sent for ingress (\p port, \p prio) now
     * \param port ingress port \param prio priority */
    bool ShouldSendPause(uint32_t port, uint8_t prio) const;
    /** \return true if an XON should be sent for ingress (\p port, \p prio) now
     * \param port ingress port \param prio priority */
    bool ShouldResume(uint32_t port, uint8_t prio) const;
    /** \brief Record that XOFF (\p paused) or XON was sent; counts a decision on change.
     * \param port ingress port \param prio priority \param paused the new state */
    void SetPaused(uint32_t port, uint8_t prio, bool paused);

    /** \return true if the upstream of (\p port, \p prio) is paused by us
     * \param port ingress port \param prio priority */
    bool IsPaused(uint32_t port, uint8_t prio) const
    {
        return m_paused[Index(port, prio)];
    }

    /** \return the dynamic threshold for shared use of (any port, \p prio) now, in bytes
     * \param prio priority (lossless: Alpha, lossy: LossyAlpha) */
    uint64_t GetThreshold(uint8_t prio) const;
    /** \return bytes of the shared pool not in use */
    uint64_t GetFreeShared() const;

    /** \return bytes of the shared pool (BufferSize - reserved - headroom) */
    uint64_t GetSharedPoolSize() const
    {
        return m_pool;
    }

    /** \return bytes of the shared pool in use */
    uint64_t GetSharedUsed() const
    {
        return m_sharedUsed;
    }

    /** \return all headroom bytes in use */
    uint64_t GetHeadroomUsed() const
    {
        return m_headroomUsed;
    }

    /** \return reserved + shared + headroom bytes in use */
    uint64_t GetTotalUsed() const
    {
        return m_reservedUsed + m_sharedUsed + m_headroomUsed;
    }

    /** \return ingress bytes (reserved + shared) of (\p port, \p prio)
     * \param port port \param prio priority */
    uint64_t GetIngressBytes(uint32_t port, uint8_t prio) const
    {
        return m_ingress[Index(port, prio)];
    }

    /** \return headroom bytes of (\p port, \p prio) \param port port \param prio priority */
    uint64_t GetHeadroomBytes(uint32_t port, uint8_t prio) const
    {
        return m_headroomBytes[Index(port, prio)];
    }

    /** \return egress bytes of (\p port, \p prio) \param port port \param prio priority */
    uint64_t GetEgressBytes(uint32_t port, uint8_t prio) const
    {
        return m_egress[Index(port, prio)];
    }

    /** \return the counters */
    const Stats& GetStats() const
    {
        return m_stats;
    }

    /**
     * TracedCallback signature of drops and violations.
     * \param [in] port the ingress port \param [in] prio the priority
     * \param [in] bytes the packet size \param [in] outcome why
     */
    typedef void (*DropTracedCallback)(uint32_t port,
                                       uint8_t prio,
                                       uint32_t bytes,
                                       RoceMmuOutcome outcome);
    /**
     * TracedCallback signature of lossless violations.
     * \param [in] port the ingress port \param [in] prio the priority
     * \param [in] bytes the packet size
     */
    typedef void (*ViolationTracedCallback)(uint32_t port, uint8_t prio, uint32_t bytes);

  private:
    /** \return the flat index of (port, prio) \param port port \param prio priority */
    uint32_t Index(uint32_t port, uint8_t prio) const
    {
        NS_ASSERT_MSG(port < m_headroom.size() && prio < PRIORITIES, "bad port/priority");
        return port * PRIORITIES + prio;
    }

    /** Recompute the reserved / headroom totals and the pool size. */
    void RecomputePool();

    /** \return the shared part of an ingress count \param used the count */
    uint64_t SharedPart(uint64_t used) const
    {
        return used > m_reserved ? used - m_reserved : 0;
    }

    /** Update the peaks. */
    void UpdatePeaks();

    // Attributes
    QueueSize m_bufferSize;       //!< total buffer
    QueueSize m_reservedSize;     //!< guaranteed bytes per ingress (port, managed priority)
    QueueSize m_defaultHeadroom;  //!< headroom per ingress (port, lossless priority)
    QueueSize m_resumeOffsetSize; //!< XON hysteresis
    double m_alpha;               //!< dynamic threshold factor, lossless
    double m_lossyAlpha;          //!< dynamic threshold factor, lossy ingress
    double m_egressAlpha;         //!< dynamic threshold factor, lossy egress (0: none)
    uint8_t m_losslessMask;       //!< lossless priorities
    uint8_t m_managedMask;        //!< accounted priorities

    // Derived
    uint64_t m_reserved{0};     //!< m_reservedSize in bytes
    uint64_t m_resumeOffset{0}; //!< m_resumeOffsetSize in bytes
    uint64_t m_pool{0};         //!< shared pool size

    // Per port x priority
    std::vector<uint64_t> m_headroom;      //!< headroom per port (each lossless priority)
    uint64_t m_headroomSum{0};             //!< sum of m_headroom (the pool needs it per change)
    std::vector<uint64_t> m_ingress;       //!< reserved + shared bytes per (port, prio)
    std::vector<uint64_t> m_headroomBytes; //!< headroom bytes per (port, prio)
    std::vector<uint64_t> m_egress;        //!< egress bytes per (port, prio)
    std::vector<bool> m_paused;            //!< XOFF sent upstream per (port, prio)

    uint64_t m_reservedUsed{0}; //!< reserved bytes in use
    uint64_t m_sharedUsed{0};   //!< shared bytes in use
    uint64_t m_headroomUsed{0}; //!< headroom bytes in use

    Stats m_stats;                                                      //!< counters
    TracedCallback<uint32_t, uint8_t, uint32_t, RoceMmuOutcome> m_drop; //!< "Drop"
    TracedCallback<uint32_t, uint8_t, uint32_t> m_violation;            //!< "LosslessViolation"
};

} // namespace ns3

#endif
