#include "rdma-nic-helper.h"

#include "ns3/abort.h"
#include "ns3/mac48-address.h"
#include "ns3/ndk-adapter.h"
#include "ns3/node.h"
#include "ns3/rdma-address-book.h"
#include "ns3/rdma-nic.h"
#include "ns3/roce-net-device.h"

namespace ns3
{

RdmaNicHelper::RdmaNicHelper()
{
    m_nicFactory.SetTypeId(RdmaNic::GetTypeId());
    m_adapterFactory.SetTypeId(NdkAdapter::GetTypeId());
    m_portFactory.SetTypeId(RoceNetDevice::GetTypeId());
}

void
RdmaNicHelper::SetNicAttribute(std::string name, const AttributeValue& value)
{
    m_nicFactory.Set(name, value);
}

void
RdmaNicHelper::SetAdapterAttribute(std::string name, const AttributeValue& value)
{
    m_adapterFactory.Set(name, value);
}

void
RdmaNicHelper::SetPortAttribute(std::string name, const AttributeValue& value)
{
    m_portFactory.Set(name, value);
}

void
RdmaNicHelper::SetNdkVersion(NdkVersion version)
{
    m_version = version;
}

Ptr<RdmaNic>
RdmaNicHelper::Install(Ptr<Node> node, Ipv4Address address, Ptr<RdmaAddressBook> book) const
{
    return DoInstall(node, address, book, nullptr);
}

Ptr<RdmaNic>
RdmaNicHelper::Install(Ptr<Node> node,
                       Ipv4Address address,
                       Ptr<RdmaAddressBook> book,
                       DataRate rate) const
{
    return DoInstall(node, address, book, &rate);
}

Ptr<RdmaNic>
RdmaNicHelper::DoInstall(Ptr<Node> node,
                         Ipv4Address address,
                         Ptr<RdmaAddressBook> book,
                         const DataRate* rate) const
{
    NS_ABORT_MSG_UNLESS(node && book, "RdmaNicHelper::Install: needs a node and an address book");
    Ptr<NdkAdapter> adapter = m_adapterFactory.Create<NdkAdapter>();
    adapter->SetAddress(address);
    // Open before anything else touches the adapter: it creates the key table the PD, MR and
    // MW calls of applications need, with the attributes just set.
    const uint32_t status = adapter->Open(m_version);
    NS_ABORT_MSG_IF(status != 0,
                    "RdmaNicHelper: NdkAdapter::Open(" << m_version.major << "." << m_version.minor
                                                       << ") failed with 0x" << std::hex << status);

    Ptr<RoceNetDevice> port = m_portFactory.Create<RoceNetDevice>();
    port->SetAddress(Mac48Address::Allocate());
    if (rate)
    {
        port->SetAttribute("DataRate", DataRateValue(*rate));
    }
    node->AddDevice(port);

    Ptr<RdmaNic> nic = m_nicFactory.Create<RdmaNic>();
    nic->Setup(adapter, port, book);
    node->AggregateObject(adapter);
    node->AggregateObject(nic);
    return nic;
}

} // namespace ns3
