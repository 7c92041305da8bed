/*
 * ndksim recorder: the ideal flow completion time of an RDMA Write flow on an idle fabric.
 */
#ifndef NDKSIM_RECORDER_IDEAL_FCT_H
#define NDKSIM_RECORDER_IDEAL_FCT_H

#include <cstdint>
#include <map>
#include <vector>

namespace ndksim::topo
{
class Topology;
} // namespace ndksim::topo

namespace ndksim::recorder
{

/** \brief One hop of a path: the link's rate and one-way delay. */
struct Hop
{
    uint64_t rateBps{0}; //!< line rate, bit/s
    uint64_t delayPs{0}; //!< propagation delay, ps
};

/**
 * \brief Ideal completion time of a flow of \p size bytes sent as RDMA Writes along \p path.
 *
 * The flow is alone on an idle fabric; only serialization and propagation count (no NIC,
 * PCIe or queueing time), with full RoCEv2 framing:
 *  - packets: n = ceil(size / pathMtu), each carrying up to pathMtu payload bytes; a Write of
 *    at most maxWriteSize bytes starts with a RETH (16 B) on its first packet;
 *  - wire bytes of a packet w(p) = RoceWireSize::WireBytes (Ethernet 14, IPv4 20, UDP 8,
 *    BTH 12, [RETH 16], payload + pad, ICRC 4, FCS 4, preamble/SFD 8, IFG 12);
 *  - data: the largest packet is stored and forwarded at every hop, the rest streams behind
 *    it at the bottleneck rate:
 *      T_data = sum_h (d_h + 8 w_max / r_h) + 8 (W - w_max) / min_h r_h,   W = sum_p w(p);
 *  - the flow ends when the ACK of the last byte is back at the source:
 *      T_ack = sum_h (d_h + 8 w_ack / r_h),   w_ack = wire bytes of an ACKNOWLEDGE (AETH).
 * ideal = T_data + T_ack, rounded up to the picosecond.
 *
 * \param size flow bytes (>= 1)
 * \param pathMtu IB path MTU (payload per packet)
 * \param maxWriteSize largest RDMA Write a flow is cut into
 * \param path the hops from source to destination (>= 1)
 * \return the ideal FCT in picoseconds
 */
int64_t IdealFctPs(uint64_t size,
                   uint32_t pathMtu,
                   uint64_t maxWriteSize,
                   const std::vector<Hop>& path);

/**
 * \brief Shortest paths (hop count) between hosts of a topology, as lists of hops.
 *
 * ECMP may spread a flow over any of the equal-cost paths; this picks one deterministically
 * (from each node the next hop toward the destination with the lowest link id). In the
 * generated families every equal-cost path has the same rates and delays, so the choice does
 * not change the ideal FCT. Distances are computed per destination switch on first use (a
 * BFS toward the ToR of a single-homed host, or toward the node itself otherwise) and cached as
 * 16-bit hop counts: memory is O(ToRs used x nodes), 2 bytes each (k=32 fat-tree, all 512
 * ToRs: 9.7 MB).
 */
class PathFinder
{
  public:
    /** \param topo the fabric; must outlive this object */
    explicit PathFinder(const ndksim::topo::Topology& topo);

    /**
     * \param src source node id
     * \param dst destination node id
     * \return the hops from \p src to \p dst (empty if unreachable or equal)
     */
    std::vector<Hop> GetPath(uint32_t src, uint32_t dst);

  private:
    /** \return hop distances of every node to \p anchor (kFar: unreachable), cached */
    const std::vector<uint16_t>& DistancesTo(uint32_t anchor);

    static constexpr uint16_t kFar = 0xFFFF; //!< unreachable

    const ndksim::topo::Topology& m_topo;             //!< the fabric
    std::map<uint32_t, std::vector<uint16_t>> m_dist; //!< anchor -> hop distance per node
};

} // namespace ndksim::recorder

#endif // NDKSIM_RECORDER_IDEAL_FCT_H
