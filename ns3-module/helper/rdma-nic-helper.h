/*
 * Assembles the RDMA NIC of one host: an NdkAdapter, its RoCE port and the RdmaNic joining them.
 */

#ifndef RDMA_NIC_HELPER_H
#define RDMA_NIC_HELPER_H

#include "ns3/attribute.h"
#include "ns3/data-rate.h"
#include "ns3/ipv4-address.h"
#include "ns3/ndk-types.h"
#include "ns3/object-factory.h"
#include "ns3/ptr.h"

#include <string>

namespace ns3
{

class Node;
class RdmaAddressBook;
class RdmaNic;

/**
 * \ingroup ndksim
 * \brief Builds a host's NIC, one ObjectFactory per created type.
 *
 * Install() creates, on one node:
 *  - an NdkAdapter (adapter attributes), given the host's IPv4 address and opened at the NDK
 *    version of SetNdkVersion (default 1.2, as the NDK tests use);
 *  - a RoceNetDevice port (port attributes, a fresh MAC address), added to the node and left
 *    without a cable;
 *  - an RdmaNic (NIC attributes) set up on the adapter, the port and the fabric's address book
 *    (which learns the host's address and MAC).
 * The RdmaNic and the NdkAdapter are aggregated to the node, so applications find them with
 * `node->GetObject<RdmaNic>()` and `node->GetObject<NdkAdapter>()`, and disposing the node
 * (Simulator::Destroy does) breaks the adapter <-> NIC reference cycle.
 *
 * \code
 *   RdmaNicHelper nics;
 *   nics.SetNicAttribute("PathMtu", UintegerValue(4096));
 *   nics.SetPortAttribute("Mtu", UintegerValue(4200));
 *   Ptr<RdmaNic> nic = nics.Install(node, Ipv4Address("10.0.0.1"), book, DataRate("100Gbps"));
 * \endcode
 */
class RdmaNicHelper
{
  public:
    RdmaNicHelper();

    /** \brief Set an attribute of the RdmaNics created \param name attribute name
     * \param value its value */
    void SetNicAttribute(std::string name, const AttributeValue& value);
    /** \brief Set an attribute of the NdkAdapters created \param name attribute name
     * \param value its value */
    void SetAdapterAttribute(std::string name, const AttributeValue& value);
    /** \brief Set an attribute of the host ports (RoceNetDevice) created \param name attribute
     * name \param value its value */
    void SetPortAttribute(std::string name, const AttributeValue& value);
    /** \brief The NDK version each adapter is opened at \param version 1.x or 2.x */
    void SetNdkVersion(NdkVersion version);

    /**
     * \brief Assemble a NIC on \p node with the port's DataRate attribute.
     * \param node the host node
     * \param address the host's IPv4 address
     * \param book the fabric's address book
     * \return the NIC (its adapter and port through GetAdapter() and GetPort())
     */
    Ptr<RdmaNic> Install(Ptr<Node> node, Ipv4Address address, Ptr<RdmaAddressBook> book) const;
    /**
     * \brief Assemble a NIC on \p node whose port runs at \p rate (the rate of its link; the NIC
     * reads it at setup, so it is set before).
     * \param node the host node
     * \param address the host's IPv4 address
     * \param book the fabric's address book
     * \param rate the port's line rate
     * \return the NIC
     */
    Ptr<RdmaNic> Install(Ptr<Node> node,
                         Ipv4Address address,
                         Ptr<RdmaAddressBook> book,
                         DataRate rate) const;

  private:
    /** \brief Common part of the Install overloads \param rate nullptr: the port attribute */
    Ptr<RdmaNic> DoInstall(Ptr<Node> node,
                           Ipv4Address address,
                           Ptr<RdmaAddressBook> book,
                           const DataRate* rate) const;

    ObjectFactory m_nicFactory;     //!< RdmaNic
    ObjectFactory m_adapterFactory; //!< NdkAdapter
    ObjectFactory m_portFactory;    //!< RoceNetDevice
    NdkVersion m_version{1, 2};     //!< version passed to NdkAdapter::Open
};

} // namespace ns3

#endif /* RDMA_NIC_HELPER_H */
