/*
 * A FIFO of frames for port queues: a ring that allocates nothing until first used.
 */

#ifndef ROCE_FRAME_FIFO_H
#define ROCE_FRAME_FIFO_H

#include "ns3/packet.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief First-in first-out frames with a 32-bit tag each, on a growable ring.
 *
 * A port has nine queues and a large fabric has tens of thousands of ports, most of them idle
 * most of the time: a std::deque costs about 600 bytes even when empty, this costs 40 until
 * its first frame and then grows by doubling (amortised O(1), no allocation in steady state).
 */
class RoceFrameFifo
{
  public:
    /** A queued frame and the tag its owner gets back at dequeue. */
    struct Entry
    {
        Ptr<Packet> frame;
        uint32_t tag{0};
    };

    bool IsEmpty() const
    {
        return m_size == 0;
    }

    std::size_t GetSize() const
    {
        return m_size;
    }

    /** Append \p frame with \p tag. */
    void Push(Ptr<Packet> frame, uint32_t tag)
    {
        if (m_size == m_ring.size())
        {
            Grow();
        }
        Entry& e = m_ring[(m_head + m_size) % m_ring.size()];
        e.frame = std::move(frame);
        e.tag = tag;
        ++m_size;
    }

    /** Remove and \return the oldest entry (the FIFO must not be empty). */
    Entry Pop()
    {
        Entry e = std::move(m_ring[m_head]);
        m_ring[m_head].frame = nullptr;
        m_head = (m_head + 1) % m_ring.size();
        --m_size;
        return e;
    }

    /** Drop every entry and the storage. */
    void Clear()
    {
        std::vector<Entry>().swap(m_ring);
        m_head = 0;
        m_size = 0;
    }

  private:
    void Grow()
    {
        std::vector<Entry> bigger(m_ring.empty() ? 8 : m_ring.size() * 2);
        for (std::size_t i = 0; i < m_size; ++i)
        {
            bigger[i] = std::move(m_ring[(m_head + i) % m_ring.size()]);
        }
        m_ring.swap(bigger);
        m_head = 0;
    }

    std::vector<Entry> m_ring;
    std::size_t m_head{0};
    std::size_t m_size{0};
};

} // namespace ns3

#endif
