/*
 * Builds RoceSwitches on nodes, their ports and the cables to other ports.
 */

#ifndef ROCE_SWITCH_HELPER_H
#define ROCE_SWITCH_HELPER_H

#include "ns3/attribute.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/ptr.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

class Node;
class RoceChannel;
class RoceNetDevice;
class RoceSwitch;

/**
 * \ingroup ndksim
 * \brief Installs RoceSwitches and wires their ports, one ObjectFactory per created type.
 *
 * \code
 *   RoceSwitchHelper helper;
 *   helper.SetPortAttribute("DataRate", DataRateValue(DataRate("100Gbps")));
 *   helper.SetChannelAttribute("Delay", TimeValue(MicroSeconds(1)));
 *   helper.SetMmuAttribute("BufferSize", QueueSizeValue(QueueSize("12MB")));
 *   helper.SetEcnAttribute("Kmin", QueueSizeValue(QueueSize("100KB")));
 *   Ptr<RoceSwitch> tor = helper.Install(node);
 *   uint32_t port = helper.Connect(tor, hostPort); // a new switch port cabled to hostPort
 * \endcode
 * Topology-wide wiring and routing (directory, AddRoute per group) belong to a fabric
 * builder; this helper only makes switches, ports and cables.
 */
class RoceSwitchHelper
{
  public:
    RoceSwitchHelper();

    /** \brief Set an attribute of the RoceSwitches created \param name attribute name
     * \param value its value */
    void SetSwitchAttribute(std::string name, const AttributeValue& value);
    /** \brief Set an attribute of the switch ports (RoceNetDevice) created \param name
     * attribute name \param value its value */
    void SetPortAttribute(std::string name, const AttributeValue& value);
    /** \brief Set an attribute of the cables (RoceChannel) created \param name attribute
     * name \param value its value */
    void SetChannelAttribute(std::string name, const AttributeValue& value);
    /** \brief Set an attribute of the switches' MMUs (RoceSwitchMmu) \param name attribute
     * name \param value its value */
    void SetMmuAttribute(std::string name, const AttributeValue& value);
    /** \brief Set an attribute of the ports' ECN markers (RoceEcnMarker) \param name
     * attribute name \param value its value */
    void SetEcnAttribute(std::string name, const AttributeValue& value);
    /**
     * \brief Size each new port's PFC headroom from its link (RoceSwitch::RecommendedHeadroom
     * with the port's rate, the cable's delay and the port's MTU) instead of the MMU's
     * Headroom attribute.
     * \param enable true to size from the link
     */
    void SetHeadroomFromLink(bool enable);

    /**
     * \brief Create a RoceSwitch (with its MMU), aggregate it to \p node.
     * \param node the node
     * \return the switch
     */
    Ptr<RoceSwitch> Install(Ptr<Node> node) const;
    /**
     * \brief Install a switch on each node.
     * \param nodes the nodes
     * \return the switches, in the order of \p nodes
     */
    std::vector<Ptr<RoceSwitch>> Install(const NodeContainer& nodes) const;

    /**
     * \brief Create a port device (port attributes, a fresh MAC address) without a cable.
     * \return the device
     */
    Ptr<RoceNetDevice> CreatePort() const;
    /**
     * \brief Add a new port to \p sw and cable it to \p peer (a device with no cable yet,
     * e.g. a host NIC's port).
     * \param sw the switch \param peer the other end
     * \return the new port's index on \p sw
     */
    uint32_t Connect(Ptr<RoceSwitch> sw, Ptr<RoceNetDevice> peer) const;
    /**
     * \brief Add a port to each switch and cable them together.
     * \param a a switch \param b another switch
     * \return the port indices on \p a and \p b
     */
    std::pair<uint32_t, uint32_t> Connect(Ptr<RoceSwitch> a, Ptr<RoceSwitch> b) const;

  private:
    /** \brief Add \p device to \p sw, sizing headroom from \p channel if asked
     * \return the port index */
    uint32_t Add(Ptr<RoceSwitch> sw, Ptr<RoceNetDevice> device, Ptr<RoceChannel> channel) const;

    ObjectFactory m_switchFactory;  //!< RoceSwitch
    ObjectFactory m_portFactory;    //!< RoceNetDevice
    ObjectFactory m_channelFactory; //!< RoceChannel
    ObjectFactory m_mmuFactory;     //!< RoceSwitchMmu
    ObjectFactory m_ecnFactory;     //!< RoceEcnMarker
    bool m_headroomFromLink{false}; //!< see SetHeadroomFromLink
};

} // namespace ns3

#endif /* ROCE_SWITCH_HELPER_H */
