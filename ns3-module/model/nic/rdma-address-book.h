/*
 * Which RoCE NIC owns which IPv4 address, for one fabric.
 */

#ifndef RDMA_ADDRESS_BOOK_H
#define RDMA_ADDRESS_BOOK_H

#include "ns3/ipv4-address.h"
#include "ns3/mac48-address.h"
#include "ns3/object.h"

#include <unordered_map>

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief The fabric's IPv4 -> MAC map (static, like a pre-resolved ARP table).
 *
 * NICs use it to fill the destination MAC of their frames and to answer "is this host
 * reachable" at connect time (STATUS_HOST_UNREACHABLE otherwise). One entry per host.
 */
class RdmaAddressBook : public Object
{
  public:
    static TypeId GetTypeId();

    void Add(Ipv4Address address, Mac48Address mac);

    /** \return true and set \p mac if \p address is a host of the fabric. */
    bool Lookup(Ipv4Address address, Mac48Address& mac) const;

    bool Contains(Ipv4Address address) const
    {
        return m_entries.count(address.Get()) != 0;
    }

  private:
    std::unordered_map<uint32_t, Mac48Address> m_entries;
};

} // namespace ns3

#endif
