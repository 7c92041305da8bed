/*
 * The per-QP congestion-control state shared between a queue pair (mechanism) and its
 * congestion-control policy.
 */

#ifndef RDMA_CC_STATE_H
#define RDMA_CC_STATE_H

#include "ns3/data-rate.h"
#include "ns3/simple-ref-count.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief What a queue pair and its RdmaCongestionOps share, like TcpSocketState for TCP.
 *
 * Small and flat on purpose (one per QP). The QP sets lineRateBps before calling
 * RdmaCongestionOps::Init and paces at rateBps; only the policy writes rateBps and
 * targetRateBps (through RdmaCongestionOps::SetRate / SetTargetRate, which keep rateChanges
 * and fire the traces). The byte and event counters are kept by RdmaCongestionOps' public
 * hooks. Policy-private variables (DCQCN's alpha, stage counters, timers) live in the forked
 * policy object, not here.
 *
 * Reference counted because a policy's timers may outlive the call that armed them; the QP
 * owns one Ptr and the policy another.
 */
class RdmaCcState : public SimpleRefCount<RdmaCcState>
{
  public:
    uint64_t lineRateBps{0};   //!< rate of the QP's port (bit/s); set by the QP before Init
    uint64_t rateBps{0};       //!< current sending rate Rc (bit/s): the QP paces at this rate
    uint64_t targetRateBps{0}; //!< target rate Rt (bit/s), for policies that keep one
    uint64_t bytesSent{0};     //!< bytes reported through RdmaCongestionOps::OnSend
    uint64_t bytesAcked{0};    //!< bytes reported through RdmaCongestionOps::OnAck
    uint32_t cnps{0};          //!< CNPs reported through RdmaCongestionOps::OnCnp
    uint32_t timeouts{0};      //!< timeouts / losses reported through OnTimeout
    uint32_t rateChanges{0};   //!< times rateBps changed (a rate change count per QP)

    /** \return the current sending rate as a DataRate */
    DataRate GetRate() const
    {
        return DataRate(rateBps);
    }
};

} // namespace ns3

#endif
