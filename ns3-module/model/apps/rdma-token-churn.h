/*
 * RdmaTokenChurn: memory windows bound and locally invalidated at a set rate.
 */

#ifndef RDMA_TOKEN_CHURN_H
#define RDMA_TOKEN_CHURN_H

#include "rdma-app.h"

#include "ns3/event-id.h"

#include <vector>

namespace ns3
{

class NdkMr;
class NdkMw;
class RandomVariableStream;
class UniformRandomVariable;
class ExponentialRandomVariable;

/**
 * \ingroup rdma-apps
 * \brief Token churn of one host: Rate window binds per second (Poisson, or evenly spaced with
 * Poisson false) over random ranges (WindowSize bytes) of a registered buffer, each window
 * invalidated locally (NdkInvalidate) Lifetime seconds after its bind completed.
 *
 * Binding needs a connected QP: the application connects to Remote:Port, where another
 * RdmaTokenChurn (which always listens on Port) accepts. Windows come from a pool of
 * MaxWindows; a bind due when none is free is skipped (counted). Every token is reported once
 * on "TokenRetired": Local with its lifetime when its invalidation completes, or Never by
 * ReportUnfinished() if it is still bound then (StopApplication only stops new binds: the
 * windows bound expire as planned). Every Bind and Invalidate is reported on "OpCompleted" when
 * it completes, or PENDING by ReportUnfinished() if it is still in flight then.
 */
class RdmaTokenChurn : public RdmaApp
{
  public:
    static TypeId GetTypeId();
    RdmaTokenChurn();
    ~RdmaTokenChurn() override;

    int64_t AssignStreams(int64_t stream) override;

    /**
     * Report every window bound (bind completed) whose invalidation has not completed, and every
     * Bind and Invalidate posted and not completed (PENDING), each once.
     */
    void ReportUnfinished() override;

    uint64_t GetBinds() const
    {
        return m_binds;
    }

    uint64_t GetInvalidations() const
    {
        return m_invalidations;
    }

    uint64_t GetSkipped() const
    {
        return m_skipped;
    }

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    void HandleCompletion(const NdkResultEx& result) override;
    void Tick();
    void Invalidate(uint32_t window);

    struct Window
    {
        Ptr<NdkMw> mw;
        bool busy{false};     //!< bind posted, invalidation not completed
        bool bound{false};    //!< bind completed: the token exists
        bool reported{false}; //!< the token's record was fired
        uint32_t token{0};
        uint64_t address{0};
        uint64_t length{0};
        int64_t bindPostPs{0};
        int64_t createdPs{0};
        int64_t invalidatePostPs{0};
        RdmaOpsInFlight ops; //!< its Bind and Invalidate in flight
        EventId expire;
    };

    /** Fire the record of \p win's token, once per bind (Never: still valid now). */
    void ReportWindow(Window& win, RdmaInvalidation how);

    Ipv4Address m_remote;
    uint16_t m_port;
    double m_rate;
    bool m_poisson;
    Ptr<RandomVariableStream> m_lifetime;
    Ptr<RandomVariableStream> m_windowSize;
    uint64_t m_bufferSize;
    uint32_t m_maxWindows;
    uint32_t m_rights;
    Ptr<UniformRandomVariable> m_uniform;
    Ptr<ExponentialRandomVariable> m_gap;

    Ptr<NdkQp> m_qp;
    bool m_connected{false};
    std::vector<Ptr<NdkQp>> m_inbound;
    uint64_t m_buffer{0};
    Ptr<NdkMr> m_mr;
    std::vector<Window> m_windows;
    std::vector<uint32_t> m_free;
    EventId m_tick;
    uint64_t m_binds{0};
    uint64_t m_invalidations{0};
    uint64_t m_skipped{0};
};

} // namespace ns3

#endif
