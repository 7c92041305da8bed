/*
 * ndksim topologies: the fabric graph (Boost.Graph adjacency_list with bundled properties),
 * node roles, stable node/link ids and per-node port numbering.
 */
#ifndef NDKSIM_TOPO_TOPOLOGY_H
#define NDKSIM_TOPO_TOPOLOGY_H

#include <boost/graph/adjacency_list.hpp>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ndksim::topo
{

/// Dense node id: 0 .. NumNodes()-1, in creation order, stable for the life of the Topology.
using NodeId = std::uint32_t;
/// Dense link id: 0 .. NumLinks()-1, in creation order.
using LinkId = std::uint32_t;
/// Port number on a node: 0 .. NumPorts(node)-1 (see Topology for the numbering rule).
using PortIndex = std::uint16_t;

/// No node.
inline constexpr NodeId NO_NODE = std::numeric_limits<NodeId>::max();

/**
 * \brief What a node is. Leaf and spine are the 2-tier names of Tor and Core.
 *
 * Routing does not depend on the switch roles: any switch with a host attached is a destination
 * ToR for ECMP. Roles are for the installer (which model to build) and for statistics.
 */
enum class NodeRole : std::uint8_t
{
    Host,  //!< end host (one NIC port)
    Tor,   //!< top-of-rack / leaf switch (hosts attach here)
    Agg,   //!< aggregation switch (middle tier of a 3-tier fabric)
    Core,  //!< core / spine switch (top tier)
    Switch //!< any other switch (dragonfly router without hosts, non-layered fabrics)
};

/// Number of NodeRole values.
inline constexpr std::size_t NUM_ROLES = 5;

/**
 * \param role a role
 * \return "host", "tor", "agg", "core" or "switch"
 */
const char* ToString(NodeRole role);

/**
 * \param text "host", "tor" (also "leaf", "edge"), "agg" (also "aggregation"), "core" (also
 *        "spine") or "switch" (also "router"); case-insensitive
 * \return the role
 * \throws std::invalid_argument on anything else
 */
NodeRole ParseRole(const std::string& text);

/**
 * \param role a role
 * \return true for every role but Host
 */
inline bool
IsSwitch(NodeRole role)
{
    return role != NodeRole::Host;
}

/// Bundled vertex property.
struct NodeProps
{
    std::string name;                 //!< unique name ("host3", "tor0", or the id in HPCC files)
    NodeRole role = NodeRole::Switch; //!< what the node is
};

/// Bundled edge property. Links are full-duplex: the rate and delay hold in each direction.
struct LinkProps
{
    std::uint64_t rateBps = 0; //!< line rate in bit/s (> 0)
    std::uint64_t delayPs = 0; //!< one-way propagation delay in picoseconds (> 0)
    double errorRate = 0.0;    //!< per-packet error probability in [0, 1]
    std::string name;          //!< optional link name ("" if none)
    LinkId id = 0;             //!< set by Topology::AddLink; ignored on input
};

/**
 * The Boost.Graph type. vecS vertex storage keeps vertex descriptors equal to NodeId; vecS
 * out-edge lists keep out_edges(v) in link-creation order, which is the port order of v.
 */
using TopoGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, NodeProps, LinkProps>;

/// One port of a node: what it connects to.
struct Port
{
    NodeId peer;        //!< node at the other end
    PortIndex peerPort; //!< port number on the peer
    LinkId link;        //!< the link
};

/// The two ends of a link, as created by Topology::AddLink(a, b, ...).
struct LinkEnds
{
    NodeId a;        //!< first end
    NodeId b;        //!< second end
    PortIndex portA; //!< port of the link on a
    PortIndex portB; //!< port of the link on b
};

/// Where a host is attached.
struct HostAttachment
{
    NodeId tor;        //!< the switch the host's only link goes to
    PortIndex torPort; //!< port number on that switch
    LinkId link;       //!< the host link
};

/**
 * \brief A fabric: nodes with roles, full-duplex links with rate/delay, and port numbering.
 *
 * Ids: nodes and links get dense ids in creation order. Hosts additionally get a host index
 * (0 .. NumHosts()-1, "host i") by increasing node id; generators create hosts first, so there
 * host i is node i.
 *
 * Port numbering: the ports of a node are numbered 0, 1, ... in the order its links were added
 * (equivalently, in increasing LinkId order, and in the order of out_edges(v, GetGraph())). An
 * installer creating one device per port in this order gets device i == port i. Generators add
 * host links first, so on a ToR ports 0 .. h-1 face its hosts and the uplinks follow.
 *
 * A Topology is a plain value: copy and move are safe. Validate() it (readers and
 * LoadTopology() do) before computing routes.
 */
class Topology
{
  public:
    /**
     * \param role what the node is
     * \param name unique name; "" gives "n<id>"
     * \return the new node's id (== NumNodes() before the call)
     * \throws TopoError if \p name is already used
     */
    NodeId AddNode(NodeRole role, const std::string& name = "");

    /**
     * Adds a full-duplex link; it takes the next free port on each end.
     * \param a first end
     * \param b second end
     * \param props rate, delay, error rate and name (props.id is ignored)
     * \return the new link's id
     * \throws std::out_of_range on an unknown node, TopoError if a node would exceed 65535 ports
     */
    LinkId AddLink(NodeId a, NodeId b, const LinkProps& props);

    /**
     * Changes the role of a switch among the switch roles (role inference uses this).
     * \throws std::logic_error when turning a host into a switch or back (host ids are fixed)
     */
    void SetRole(NodeId node, NodeRole role);

    /** \return the number of nodes */
    std::size_t NumNodes() const;
    /** \return the number of links */
    std::size_t NumLinks() const;
    /** \return the number of hosts */
    std::size_t NumHosts() const;
    /** \return the number of switches (all non-host nodes) */
    std::size_t NumSwitches() const;

    /** \return the Boost.Graph (vertex descriptor == NodeId) */
    const TopoGraph& GetGraph() const;

    /** \return the properties of \p node */
    const NodeProps& GetNode(NodeId node) const;
    /** \return the role of \p node */
    NodeRole GetRole(NodeId node) const;
    /** \return the name of \p node */
    const std::string& GetName(NodeId node) const;
    /** \return the node called \p name, if any */
    std::optional<NodeId> FindNode(const std::string& name) const;

    /** \return the properties of \p link */
    const LinkProps& GetLink(LinkId link) const;
    /** \return the ends and end ports of \p link */
    const LinkEnds& GetLinkEnds(LinkId link) const;
    /** \return the first link between \p a and \p b, if any */
    std::optional<LinkId> FindLink(NodeId a, NodeId b) const;

    /** \return the number of ports (links) of \p node */
    std::size_t NumPorts(NodeId node) const;
    /**
     * \param node a node
     * \param port a port number < NumPorts(node)
     * \return what the port connects to
     */
    Port GetPort(NodeId node, PortIndex port) const;

    /** \return node ids of all hosts; element i is host i */
    const std::vector<NodeId>& GetHosts() const;
    /** \return the node id of host i */
    NodeId GetHost(std::size_t hostIndex) const;
    /**
     * \return the host index of \p node
     * \throws std::invalid_argument if \p node is not a host
     */
    std::size_t GetHostIndex(NodeId node) const;
    /**
     * \return the switch and port \p host is attached to (its port 0)
     * \throws std::invalid_argument if \p host is not a host or has no link
     */
    HostAttachment GetAttachment(NodeId host) const;

    /** Sets a one-line description of where the topology came from (generator string, file). */
    void SetDescription(const std::string& description);
    /** \return the description */
    const std::string& GetDescription() const;

    /**
     * Records the bisection bandwidth a generator knows from the structure (see TopoStats).
     * \param bps bisection bandwidth in bit/s between host halves [0, H/2) and [H/2, H)
     */
    void SetAnalyticBisection(std::uint64_t bps);
    /** \return the analytic bisection bandwidth, if the generator set one */
    std::optional<std::uint64_t> GetAnalyticBisection() const;

  private:
    void CheckNode(NodeId node) const;

    TopoGraph m_graph;                                //!< nodes and links with properties
    std::vector<LinkEnds> m_links;                    //!< per link: ends and ports
    std::vector<NodeId> m_hosts;                      //!< host index -> node id
    std::vector<std::uint32_t> m_hostIndex;           //!< node id -> host index (or max)
    std::unordered_map<std::string, NodeId> m_byName; //!< name -> node id
    std::string m_description;                        //!< origin of the topology
    std::optional<std::uint64_t> m_analyticBisection; //!< from the generator, if known
};

} // namespace ndksim::topo

#endif // NDKSIM_TOPO_TOPOLOGY_H
