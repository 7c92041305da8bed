/*
 * Installs a whole RoCE fabric on ns-3 from an ndksim::topo::Topology: host NICs, switches,
 * cables and ECMP routing tables.
 */

#ifndef FABRIC_HELPER_H
#define FABRIC_HELPER_H

#include "ns3/attribute.h"
#include "ns3/ipv4-address.h"
#include "ns3/object-factory.h"
#include "ns3/ptr.h"
#include "ns3/rdma-nic-helper.h"
#include "ns3/roce-switch-helper.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

// The topology types are only named here, so that including this header (or
// ns3/ndksim-module.h) does not pull Boost.Graph into every translation unit; include
// "ndksim/topo/topo-module.h" to build a Topology.
namespace ndksim::topo
{
class Topology;
struct RoutingOptions;
struct LinkProps;
} // namespace ndksim::topo

namespace ns3
{

class NdkAdapter;
class Node;
class RateErrorModel;
class RdmaAddressBook;
class RdmaNic;
class RoceChannel;
class RoceHostDirectory;
class RoceNetDevice;
class RoceSwitch;

/**
 * \ingroup ndksim
 * \brief Builds the ns-3 model of a fabric described by a Topology.
 *
 * Install() turns every topology node into an ns-3 Node, in node-id order (so ns-3 node ids are
 * consecutive and in the topology's order):
 *  - a host gets an NdkAdapter, a RoceNetDevice and an RdmaNic (RdmaNicHelper), the NIC and the
 *    adapter aggregated to the Node (`node->GetObject<RdmaNic>()`);
 *  - a switch gets a RoceSwitch (RoceSwitchHelper, with its MMU and ECN markers) whose port i is
 *    the topology's port i of that node, each port's PFC headroom sized from its link
 *    (RoceSwitch::RecommendedHeadroom; SetHeadroomFromLink(false) keeps the MMU's Headroom);
 *  - every link becomes a RoceChannel with the link's delay (integer picoseconds) between the two
 *    ports, both running at the link's rate (the DataRate of both devices); a link with an error
 *    rate gets a RateErrorModel (per packet) on each receiving device; a down link (in the
 *    RoutingOptions) is created and cut (RoceChannel::SetUp(false)), so counts match the topology
 *    and frames sent onto it are lost.
 *
 * Addresses: host i gets base + i, base 10.0.0.1 by default (SetHostAddressBase): host 0 is
 * 10.0.0.1, host 255 is 10.0.1.0, host 8191 is 10.0.32.0; a /8 holds 2^24 - 2 hosts from the
 * default base. MAC addresses come from Mac48Address::Allocate().
 *
 * Routing: one RdmaAddressBook (IPv4 -> MAC) and one RoceHostDirectory (IPv4 -> destination ToR
 * index of EcmpRoutes) for the fabric. Every switch gets, per destination ToR, the ECMP port set
 * of EcmpRoutes (hop count or delay metric, down links avoided) as RoceSwitch::AddRoute(tor,
 * ports); each ToR gets a host route for each of its own hosts (not for a host whose link is
 * down). Memory is O(switches x ToRs + hosts + links): no per host pair state.
 *
 * \code
 *   ndksim::topo::Topology topo = ndksim::topo::MakeTopology("fattree:k=4");
 *   FabricHelper fabric;
 *   fabric.SetNicAttribute("PathMtu", UintegerValue(1024));
 *   fabric.SetMmuAttribute("BufferSize", QueueSizeValue(QueueSize("16MB")));
 *   fabric.Install(topo);                      // throws ndksim::topo::TopoError if invalid
 *   fabric.AssignStreams(1);
 *   Ptr<RdmaNic> nic = fabric.GetNic(0);       // host 0, address fabric.GetHostAddress(0)
 * \endcode
 *
 * One helper installs one fabric; it keeps the pointers the accessors return.
 */
class FabricHelper
{
  public:
    FabricHelper();
    /** Defined where the pointed-to types are complete. */
    ~FabricHelper();
    FabricHelper(const FabricHelper&) = delete;
    FabricHelper& operator=(const FabricHelper&) = delete;

    /** \brief Set an attribute of the RdmaNics \param name attribute name \param value value */
    void SetNicAttribute(std::string name, const AttributeValue& value);
    /** \brief Set an attribute of the NdkAdapters \param name attribute name \param value value */
    void SetAdapterAttribute(std::string name, const AttributeValue& value);
    /**
     * \brief Set an attribute of every port (RoceNetDevice), host and switch alike. DataRate is
     * overridden by each link's rate.
     * \param name attribute name \param value its value
     */
    void SetPortAttribute(std::string name, const AttributeValue& value);
    /** \brief Set an attribute of the RoceSwitches \param name attribute name \param value
     * value */
    void SetSwitchAttribute(std::string name, const AttributeValue& value);
    /** \brief Set an attribute of the switch MMUs (RoceSwitchMmu) \param name attribute name
     * \param value value */
    void SetMmuAttribute(std::string name, const AttributeValue& value);
    /** \brief Set an attribute of the switch ports' ECN markers (RoceEcnMarker) \param name
     * attribute name \param value value */
    void SetEcnAttribute(std::string name, const AttributeValue& value);
    /**
     * \brief Set an attribute of the cables (RoceChannel). Delay is overridden by each link's
     * delay.
     * \param name attribute name \param value its value
     */
    void SetChannelAttribute(std::string name, const AttributeValue& value);
    /** \brief The NDK version adapters are opened at (default 1.2) \param version the version */
    void SetNdkVersion(NdkVersion version);
    /**
     * \brief Size each switch port's PFC headroom from its link (default) or leave the MMU's
     * Headroom attribute.
     * \param enable true to size from rate and delay
     */
    void SetHeadroomFromLink(bool enable);
    /** \brief Address of host 0; host i gets base + i \param base the first address */
    void SetHostAddressBase(Ipv4Address base);
    /**
     * \brief Most ports a switch may have (ndksim::topo::ValidateOptions::maxPorts, default 128).
     * \param maxPorts the limit Install checks
     */
    void SetMaxSwitchPorts(std::size_t maxPorts);

    /**
     * \brief Build the fabric of \p topo.
     *
     * The topology is validated and its routes computed before anything is created: on a bad
     * topology or routing option nothing is built and a ndksim::topo::TopoError is thrown whose
     * message starts with "FabricHelper: " and names the node, link or option at fault. Call it
     * once per helper.
     *
     * \param topo the fabric
     * \param options route metric and down links
     * \throws ndksim::topo::TopoError on a bad topology or a down link that does not exist
     */
    void Install(const ndksim::topo::Topology& topo, const ndksim::topo::RoutingOptions& options);
    /**
     * \brief Build the fabric of \p topo with hop-count ECMP and every link up.
     * \param topo the fabric
     * \throws ndksim::topo::TopoError on a bad topology
     */
    void Install(const ndksim::topo::Topology& topo);

    /**
     * \brief Fix the random streams of everything installed: per host (in host order) the NIC's
     * initial PSNs and the adapter's key policy, then per switch (node order) its ECN markers,
     * then per lossy link (link order) its error models. ECMP needs none: its hash is seeded by
     * the EcmpSeed attribute and the node id.
     * \param stream first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /** \return the number of hosts */
    std::size_t GetNHosts() const;
    /** \return the number of switches */
    std::size_t GetNSwitches() const;
    /** \return the number of links (channels) */
    std::size_t GetNLinks() const;

    /** \return the (switch, destination ToR) pairs left without a route by the down links */
    std::size_t GetNUnreachable() const;

    /** \return the node of host \p i \param i host index */
    Ptr<Node> GetHostNode(std::size_t i) const;
    /** \return the NIC of host \p i \param i host index */
    Ptr<RdmaNic> GetNic(std::size_t i) const;
    /** \return the adapter of host \p i \param i host index */
    Ptr<NdkAdapter> GetAdapter(std::size_t i) const;
    /** \return the address of host \p i \param i host index */
    Ipv4Address GetHostAddress(std::size_t i) const;
    /** \return the switch with switch index \p j (switches numbered by node id) \param j index */
    Ptr<RoceSwitch> GetSwitch(std::size_t j) const;
    /** \return the ns-3 node of topology node \p node \param node a topology node id */
    Ptr<Node> GetNode(uint32_t node) const;
    /** \return the cable of topology link \p link \param link a link id */
    Ptr<RoceChannel> GetChannel(uint32_t link) const;
    /** \return the fabric's address book */
    Ptr<RdmaAddressBook> GetAddressBook() const;
    /** \return the fabric's host directory */
    Ptr<RoceHostDirectory> GetDirectory() const;

  private:
    /** \brief Create a switch port at \p link's rate and add it to \p sw \return the device */
    Ptr<RoceNetDevice> AddSwitchPort(Ptr<RoceSwitch> sw, const ndksim::topo::LinkProps& link) const;
    /** \brief A RateErrorModel dropping \p rate of the packets \return the model */
    Ptr<RateErrorModel> MakeErrorModel(double rate);

    RdmaNicHelper m_nicHelper;       //!< host NICs
    RoceSwitchHelper m_switchHelper; //!< switches and their ports
    ObjectFactory m_channelFactory;  //!< RoceChannel
    bool m_headroomFromLink{true};   //!< see SetHeadroomFromLink
    Ipv4Address m_base{"10.0.0.1"};  //!< address of host 0
    std::size_t m_maxPorts{128};     //!< switch port limit checked by Install
    bool m_installed{false};         //!< Install ran
    std::size_t m_nUnreachable{0};   //!< (switch, ToR) entries without a route

    std::vector<Ptr<Node>> m_nodes;                 //!< by topology node id
    std::vector<uint32_t> m_hostIds;                //!< host index -> node id
    std::vector<Ptr<RdmaNic>> m_nics;               //!< by host index
    std::vector<Ptr<RoceSwitch>> m_switches;        //!< by switch index
    std::vector<Ptr<RoceChannel>> m_channels;       //!< by link id
    std::vector<Ptr<RateErrorModel>> m_errorModels; //!< of the lossy links, in link order
    Ptr<RdmaAddressBook> m_book;                    //!< IPv4 -> MAC
    Ptr<RoceHostDirectory> m_directory;             //!< IPv4 -> destination ToR index
};

} // namespace ns3

#endif /* FABRIC_HELPER_H */
