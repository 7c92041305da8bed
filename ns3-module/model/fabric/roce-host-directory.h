/*
 * The fabric-wide map from host IPv4 addresses to destination groups (the host's ToR), shared
 * by every switch so that switch routing tables are per ToR, never per host.
 */

#ifndef ROCE_HOST_DIRECTORY_H
#define ROCE_HOST_DIRECTORY_H

#include "ns3/ipv4-address.h"
#include "ns3/object.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief An open-addressing hash table from IPv4 addresses (host order) to 32-bit values.
 *
 * Built for per-packet lookups in switches: one flat array of (key, value) pairs, linear
 * probing, Fibonacci hashing, load factor at most 1/2, so a lookup is a multiply, a shift and
 * (almost always) one cache line. 255.255.255.255 marks empty slots and cannot be a key.
 * There is no removal (tables are installed before a run).
 */
class RoceIpv4Table
{
  public:
    /** The value Find returns for an address that is not in the table. */
    static constexpr uint32_t NOT_FOUND = 0xFFFFFFFF;

    RoceIpv4Table();

    /**
     * \brief Insert or replace an entry.
     * \param address the key (host order; not 255.255.255.255)
     * \param value the value (not NOT_FOUND)
     */
    void Set(uint32_t address, uint32_t value);

    /**
     * \param address the key (host order)
     * \return the value, or NOT_FOUND
     */
    uint32_t Find(uint32_t address) const
    {
        uint32_t i = Slot(address);
        while (true)
        {
            const Entry& e = m_entries[i];
            if (e.key == address)
            {
                return e.value;
            }
            if (e.key == EMPTY)
            {
                return NOT_FOUND;
            }
            i = (i + 1) & m_mask;
        }
    }

    /** \return the number of entries */
    uint32_t GetSize() const
    {
        return m_size;
    }

    /** \return true if the table holds no entry */
    bool IsEmpty() const
    {
        return m_size == 0;
    }

    /** Remove every entry. */
    void Clear();

  private:
    static constexpr uint32_t EMPTY = 0xFFFFFFFF; //!< key of a free slot

    /** One slot. */
    struct Entry
    {
        uint32_t key;   //!< address, or EMPTY
        uint32_t value; //!< value
    };

    /** \param address a key \return its home slot */
    uint32_t Slot(uint32_t address) const
    {
        return static_cast<uint32_t>((address * 0x9E3779B97F4A7C15ULL) >> m_shift) & m_mask;
    }

    /** Double the capacity and reinsert. */
    void Grow();

    std::vector<Entry> m_entries; //!< the slots (capacity a power of two)
    uint32_t m_mask;              //!< capacity - 1
    uint32_t m_shift;             //!< 64 - log2(capacity)
    uint32_t m_size{0};           //!< entries in use
};

/**
 * \ingroup ndksim
 * \brief Which destination group (the ToR a host hangs off) each host address belongs to.
 *
 * One directory serves the whole fabric: a switch resolves a packet's destination address to
 * its group here and then looks the group up in its own next-hop table (RoceSwitch::AddRoute),
 * so each switch holds one entry per ToR, and only the last-hop switch knows ports of single
 * hosts (RoceSwitch::AddHostRoute). Groups are small integers chosen by whoever builds the
 * fabric (e.g. the ToR's index); switch tables are vectors indexed by them.
 */
class RoceHostDirectory : public Object
{
  public:
    /** The group of an address the directory does not know. */
    static constexpr uint32_t NO_GROUP = RoceIpv4Table::NOT_FOUND;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RoceHostDirectory();
    ~RoceHostDirectory() override;

    /**
     * \brief Put \p host in \p group (replaces an earlier entry).
     * \param host the host's address
     * \param group its group (not NO_GROUP)
     */
    void Add(Ipv4Address host, uint32_t group);

    /**
     * \param host an address
     * \return its group, or NO_GROUP
     */
    uint32_t GetGroup(Ipv4Address host) const
    {
        return m_table.Find(host.Get());
    }

    /**
     * \param host an address in host byte order (as read from a frame)
     * \return its group, or NO_GROUP
     */
    uint32_t GetGroup(uint32_t host) const
    {
        return m_table.Find(host);
    }

    /** \return the number of hosts */
    uint32_t GetNHosts() const
    {
        return m_table.GetSize();
    }

    /** \return one more than the largest group added (0 when empty) */
    uint32_t GetNGroups() const
    {
        return m_nGroups;
    }

  private:
    RoceIpv4Table m_table; //!< host -> group
    uint32_t m_nGroups{0}; //!< largest group + 1
};

} // namespace ns3

#endif /* ROCE_HOST_DIRECTORY_H */
