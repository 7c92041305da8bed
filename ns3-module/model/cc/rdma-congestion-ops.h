/*
 * The congestion-control policy interface of an RDMA queue pair.
 */

#ifndef RDMA_CONGESTION_OPS_H
#define RDMA_CONGESTION_OPS_H

#include "rdma-cc-state.h"

#include "ns3/callback.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <string>

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief Congestion-control policy of one RDMA queue pair (the pattern of TcpCongestionOps).
 *
 * The NIC selects the policy by a TypeIdValue attribute and calls Fork() once per QP on a
 * configured prototype, so every QP gets its own instance: a policy may keep per-QP
 * variables and timers (EventId members, cancelled in DoDispose). Mechanism and policy never
 * mix: the QP reports events through the public hooks and paces at RdmaCcState::rateBps;
 * the policy touches nothing but the state and its own members.
 *
 * Use by a QP:
 * \code
 *   Ptr<RdmaCcState> cc = Create<RdmaCcState>();
 *   cc->lineRateBps = port->GetDataRate().GetBitRate();
 *   m_ccOps = prototype->Fork();
 *   m_ccOps->SetRateChangeCallback(MakeCallback(&Qp::RateChanged, this)); // optional
 *   m_ccOps->Init(cc);                  // rate = target = line rate
 *   ... m_ccOps->OnSend(*cc, frameBytes); OnAck(*cc, acked, rtt); OnCnp(*cc); OnTimeout(*cc);
 *   m_ccOps->Dispose();                  // when the QP is destroyed
 * \endcode
 *
 * The public hooks are non-virtual: they keep the books of RdmaCcState (bytes, CNPs,
 * timeouts) and then call the protected virtual Do* hook, like QueueDisc::Enqueue/DoEnqueue.
 * Policies change the rate only through SetRate / SetTargetRate, which count the change, fire
 * the "Rate" / "TargetRate" traces and call the QP's rate-change callback. Hooks are on the
 * per-packet path: they allocate nothing and log only when logging is enabled.
 */
class RdmaCongestionOps : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RdmaCongestionOps();
    /**
     * \brief Copy constructor for Fork(): copies configuration, not per-QP state, callbacks
     * or trace connections.
     * \param other the prototype
     */
    RdmaCongestionOps(const RdmaCongestionOps& other);
    ~RdmaCongestionOps() override;

    /** \return the policy's name (for logs and the results database) */
    virtual std::string GetName() const = 0;

    /**
     * \brief A fresh, unstarted copy of this policy with the same configuration (one per QP).
     * \return the copy
     */
    virtual Ptr<RdmaCongestionOps> Fork() = 0;

    /**
     * \brief Bind the policy to its QP's state and start at line rate.
     *
     * Sets rateBps and targetRateBps to lineRateBps (which the QP must have set) and resets
     * the policy's per-QP variables. Called once, before any other hook.
     * \param state the QP's state (kept by the policy for its timers)
     */
    void Init(Ptr<RdmaCcState> state);

    /**
     * \brief The QP put \p bytes on the wire (data packets of this QP, including retransmits).
     * \param state the state given to Init
     * \param bytes the bytes sent (the policy's byte counter counts these)
     */
    void OnSend(RdmaCcState& state, uint32_t bytes);

    /**
     * \brief An ACK acknowledged \p ackedBytes new bytes.
     * \param state the state given to Init
     * \param ackedBytes newly acknowledged bytes
     * \param rtt the RTT sample of this ACK, or Time(0) when there is none
     */
    void OnAck(RdmaCcState& state, uint32_t ackedBytes, Time rtt);

    /**
     * \brief A CNP for this QP arrived.
     * \param state the state given to Init
     */
    void OnCnp(RdmaCcState& state);

    /**
     * \brief The retransmit timer expired or a NAK reported a loss.
     * \param state the state given to Init
     */
    void OnTimeout(RdmaCcState& state);

    /**
     * \brief Set the callback the QP uses to learn a new rate (argument: new rate in bit/s).
     * Called after rateBps changed; at most one callback.
     * \param cb the callback
     */
    void SetRateChangeCallback(Callback<void, uint64_t> cb);

    /** \return the state given to Init (nullptr before Init) */
    Ptr<RdmaCcState> GetState() const
    {
        return m_state;
    }

    /**
     * TracedCallback signature of rate changes.
     * \param [in] oldBps the previous rate in bit/s
     * \param [in] newBps the new rate in bit/s
     */
    typedef void (*RateTracedCallback)(uint64_t oldBps, uint64_t newBps);

  protected:
    /** Policy part of Init: reset per-QP variables (state already at line rate). */
    virtual void DoInit(RdmaCcState& state);
    /** Policy part of OnSend. \param state the state \param bytes bytes sent */
    virtual void DoSend(RdmaCcState& state, uint32_t bytes);
    /** Policy part of OnAck. \param state the state \param ackedBytes bytes \param rtt RTT */
    virtual void DoAck(RdmaCcState& state, uint32_t ackedBytes, Time rtt);
    /** Policy part of OnCnp. \param state the state */
    virtual void DoCnp(RdmaCcState& state);
    /** Policy part of OnTimeout. \param state the state */
    virtual void DoTimeout(RdmaCcState& state);

    /**
     * \brief Change the sending rate: counts the change, fires "Rate" and the QP's callback.
     * No-op when \p bps equals the current rate.
     * \param state the state
     * \param bps the new rate in bit/s
     */
    void SetRate(RdmaCcState& state, uint64_t bps);
    /**
     * \brief Change the target rate and fire "TargetRate" (no-op when unchanged).
     * \param state the state
     * \param bps the new target rate in bit/s
     */
    void SetTargetRate(RdmaCcState& state, uint64_t bps);

    void DoDispose() override;

    Ptr<RdmaCcState> m_state; //!< the QP's state (set by Init)

  private:
    Callback<void, uint64_t> m_rateChangeCb;              //!< the QP's rate listener
    TracedCallback<uint64_t, uint64_t> m_rateTrace;       //!< "Rate" trace source
    TracedCallback<uint64_t, uint64_t> m_targetRateTrace; //!< "TargetRate" trace source
};

} // namespace ns3

#endif
