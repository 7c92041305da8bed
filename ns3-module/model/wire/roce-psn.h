/*
 * 24-bit packet sequence number arithmetic (IBTA Vol 1 §9.7.1: PSNs wrap modulo 2^24 and are
 * compared within half the sequence space, §9.7.5.1.1 "PSN validation").
 */

#ifndef ROCE_PSN_H
#define ROCE_PSN_H

#include <cstdint>

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief Modulo-2^24 arithmetic on BTH packet sequence numbers.
 *
 * A PSN is held in a uint32_t whose top 8 bits are zero. Comparisons use the serial-number
 * rule: \c a precedes \c b when (b - a) mod 2^24 lies in [1, 2^23). The distance is signed
 * in [-2^23, 2^23).
 */
class RocePsn
{
  public:
    static constexpr uint32_t MASK = 0x00FFFFFF;    //!< the 24 PSN bits
    static constexpr uint32_t MODULUS = 0x01000000; //!< 2^24
    static constexpr uint32_t HALF = 0x00800000;    //!< 2^23, half the sequence space

    /** \return (psn + n) mod 2^24. */
    static constexpr uint32_t Add(uint32_t psn, uint32_t n)
    {
        return (psn + n) & MASK;
    }

    /** \return (psn - n) mod 2^24. */
    static constexpr uint32_t Subtract(uint32_t psn, uint32_t n)
    {
        return (psn - n) & MASK;
    }

    /** \return the PSN after \p psn. */
    static constexpr uint32_t Next(uint32_t psn)
    {
        return (psn + 1) & MASK;
    }

    /**
     * \return the signed distance from \p from to \p to: the d in [-2^23, 2^23) with
     *         from + d = to (mod 2^24). Positive when \p to is ahead of \p from.
     */
    static constexpr int32_t Distance(uint32_t from, uint32_t to)
    {
        const uint32_t d = (to - from) & MASK;
        return d < HALF ? static_cast<int32_t>(d)
                        : static_cast<int32_t>(d) - static_cast<int32_t>(MODULUS);
    }

    /** \return true if \p a comes strictly before \p b in sequence order. */
    static constexpr bool Less(uint32_t a, uint32_t b)
    {
        return Distance(a, b) > 0;
    }

    /** \return true if \p a comes before \p b or equals it. */
    static constexpr bool LessOrEqual(uint32_t a, uint32_t b)
    {
        return Distance(a, b) >= 0;
    }

    /** \return true if \p psn lies in the \p count PSNs starting at \p first (wrap aware). */
    static constexpr bool InRange(uint32_t psn, uint32_t first, uint32_t count)
    {
        return ((psn - first) & MASK) < count;
    }

    /** \return true if \p value fits in 24 bits. */
    static constexpr bool IsValid(uint32_t value)
    {
        return (value & ~MASK) == 0;
    }
};

} // namespace ns3

#endif /* ROCE_PSN_H */
