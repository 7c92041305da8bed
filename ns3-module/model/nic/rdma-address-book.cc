#include "rdma-address-book.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(RdmaAddressBook);

TypeId
RdmaAddressBook::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RdmaAddressBook")
                            .SetParent<Object>()
                            .SetGroupName("Ndksim")
                            .AddConstructor<RdmaAddressBook>();
    return tid;
}

void
RdmaAddressBook::Add(Ipv4Address address, Mac48Address mac)
{
    m_entries[address.Get()] = mac;
}

bool
RdmaAddressBook::Lookup(Ipv4Address address, Mac48Address& mac) const
{
    auto it = m_entries.find(address.Get());
    if (it == m_entries.end())
    {
        return false;
    }
    mac = it->second;
    return true;
}

} // namespace ns3
