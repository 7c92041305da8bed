#include "roce-host-directory.h"

#include "ns3/abort.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RoceHostDirectory");
NS_OBJECT_ENSURE_REGISTERED(RoceHostDirectory);

RoceIpv4Table::RoceIpv4Table()
{
    Clear();
}

void
RoceIpv4Table::Clear()
{
    // 16 slots: a small ToR's host routes fit without growing.
    m_entries.assign(16, Entry{EMPTY, 0});
    m_mask = 15;
    m_shift = 64 - 4;
    m_size = 0;
}

void
RoceIpv4Table::Set(uint32_t address, uint32_t value)
{
    NS_ABORT_MSG_IF(address == EMPTY, "RoceIpv4Table: 255.255.255.255 cannot be a key");
    NS_ABORT_MSG_IF(value == NOT_FOUND, "RoceIpv4Table: reserved value");
    if ((m_size + 1) * 2 > m_entries.size())
    {
        Grow();
    }
    uint32_t i = Slot(address);
    while (m_entries[i].key != EMPTY && m_entries[i].key != address)
    {
        i = (i + 1) & m_mask;
    }
    if (m_entries[i].key == EMPTY)
    {
        ++m_size;
    }
    m_entries[i] = Entry{address, value};
}

void
RoceIpv4Table::Grow()
{
    std::vector<Entry> old;
    old.swap(m_entries);
    m_entries.assign(old.size() * 2, Entry{EMPTY, 0});
    m_mask = static_cast<uint32_t>(m_entries.size() - 1);
    --m_shift;
    m_size = 0;
    for (const Entry& e : old)
    {
        if (e.key != EMPTY)
        {
            Set(e.key, e.value);
        }
    }
}

TypeId
RoceHostDirectory::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RoceHostDirectory")
                            .SetParent<Object>()
                            .SetGroupName("Ndksim")
                            .AddConstructor<RoceHostDirectory>();
    return tid;
}

RoceHostDirectory::RoceHostDirectory() = default;

RoceHostDirectory::~RoceHostDirectory() = default;

void
RoceHostDirectory::Add(Ipv4Address host, uint32_t group)
{
    NS_ABORT_MSG_IF(group == NO_GROUP, "RoceHostDirectory: reserved group number");
    m_table.Set(host.Get(), group);
    if (group >= m_nGroups)
    {
        m_nGroups = group + 1;
    }
}

} // namespace ns3
