/*
 * NDK_ADAPTER: the provider object of one RDMA NIC.
 */

#ifndef NDK_ADAPTER_H
#define NDK_ADAPTER_H

#include "ndk-host-memory.h"
#include "ndk-key-table.h"
#include "ndk-object.h"
#include "ndk-transport.h"

#include "ns3/nstime.h"
#include "ns3/simulator.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>
#include <memory>
#include <vector>

namespace ns3
{

/** A create completion: NdkCreateCompletion(Context, Status, object). */
template <typename T>
struct NdkCreateCompletion
{
    Callback<void, NdkContext, NdkStatus, Ptr<T>> callback; //!< null: create completes inline
    NdkContext context{0};
};

/** NDK_LOGICAL_ADDRESS_MAPPING as NdkBuildLam returns it. */
struct NdkLam
{
    uint64_t adapterContext{0};
    std::vector<uint64_t> adapterPageArray; //!< page-aligned adapter logical addresses
    uint32_t fbo{0};                        //!< first byte offset inside the first page
};

/** NDIS_STATUS values of the adapter open handler. */
constexpr uint32_t NDIS_STATUS_BAD_VERSION = 0xC0010004;
constexpr uint32_t NDIS_STATUS_ADAPTER_NOT_READY = 0xC0010011;

/**
 * \ingroup ndk
 * \brief NDK_ADAPTER: creates CQs, PDs, connectors, listeners and shared endpoints; owns the key
 * table, the host memory, LAMs and the ND port space of its address.
 *
 * The NDK_ADAPTER_INFO limits are attributes. Asynchronous completion: with ControlLatency 0 (the
 * default) every create/request completes inline with STATUS_SUCCESS; otherwise calls that were
 * given a completion callback return STATUS_PENDING and complete after ControlLatency, as an
 * ns-3 event (failures are always returned inline).
 */
class NdkAdapter : public Object
{
  public:
    static TypeId GetTypeId();
    NdkAdapter();
    ~NdkAdapter() override;

    /**
     * OPEN_NDK_ADAPTER_HANDLER version negotiation: the provider implements NDKPI 1.2 and 2.1.
     * \return 0 (NDIS_STATUS_SUCCESS), NDIS_STATUS_BAD_VERSION or NDIS_STATUS_ADAPTER_NOT_READY.
     */
    uint32_t Open(NdkVersion requested);
    /** The negotiated version reported in NDK_ADAPTER_INFO. */
    NdkVersion GetVersion() const
    {
        return m_version;
    }

    /** NdkQueryAdapterInfo: *bufferSize in/out, STATUS_BUFFER_TOO_SMALL if too small. */
    NdkStatus QueryAdapterInfo(NdkAdapterInfo* info, uint32_t* bufferSize) const;
    /** \return the adapter info (convenience). */
    NdkAdapterInfo GetInfo() const;

    NdkStatus CreateCq(uint32_t depth,
                       NdkCqNotificationCallback notification,
                       NdkContext notificationContext,
                       Ptr<NdkCq>* cq,
                       NdkCreateCompletion<NdkCq> async = {});
    NdkStatus CreatePd(Ptr<NdkPd>* pd, NdkCreateCompletion<NdkPd> async = {});
    NdkStatus CreateConnector(Ptr<NdkConnector>* connector,
                              NdkCreateCompletion<NdkConnector> async = {});
    NdkStatus CreateListener(NdkConnectEventCallback connectEvent,
                             NdkContext connectEventContext,
                             Ptr<NdkListener>* listener,
                             NdkCreateCompletion<NdkListener> async = {});
    NdkStatus CreateSharedEndpoint(const InetSocketAddress& address,
                                   Ptr<NdkSharedEndpoint>* endpoint,
                                   NdkCreateCompletion<NdkSharedEndpoint> async = {});
    /**
     * NdkBuildLam: adapter logical pages for [address, address + length). *lamSize in/out in
     * bytes of the NDK structure (16 + 8 per page); STATUS_BUFFER_TOO_SMALL if too small.
     */
    NdkStatus BuildLam(uint64_t address,
                       uint64_t length,
                       uint32_t* lamSize,
                       NdkLam* lam,
                       NdkRequestCompletion async = {});
    /** NdkReleaseLam. */
    void ReleaseLam(const NdkLam& lam);
    /**
     * NdkCloseAdapter: blocking. Closes every descendant the consumer left open (their requests
     * complete as cancelled) so nothing survives the adapter.
     */
    void CloseAdapter();

    // ---- Simulation wiring (not NDK calls) ----

    /** The IPv4 address of this adapter (local address of its connections). */
    void SetAddress(Ipv4Address address);
    Ipv4Address GetAddress() const
    {
        return m_address;
    }

    void SetTransport(Ptr<NdkTransport> transport);
    Ptr<NdkTransport> GetTransport() const;

    /** Send a CM message through the transport (dropped if the adapter has none any more). */
    void SendCm(const NdkCmMessage& msg);

    /** \return the transport without taking a reference (safe from a transport's destructor) */
    NdkTransport* PeekTransport() const
    {
        return m_transport;
    }

    Ptr<NdkHostMemory> GetHostMemory() const
    {
        return m_memory;
    }

    NdkKeyTable& GetKeyTable()
    {
        return *m_keys;
    }

    /** Assign RNG streams (key policy); \return the number used. */
    int64_t AssignStreams(int64_t stream);

    /** \return the QP with number \p qpn, or nullptr. */
    NdkQp* FindQp(uint32_t qpn) const;
    /** A connection-management message from the transport. */
    void ReceiveCm(const NdkCmMessage& msg);

    /** \return true if [logical, logical + length) lies inside one live LAM. */
    bool IsLogicalRangeMapped(uint64_t logical, uint64_t length) const;

    // ---- Limits used by the object model ----
    uint32_t GetMaxCallerData() const
    {
        return m_info.maxCallerData;
    }

    uint32_t GetMaxCalleeData() const
    {
        return m_info.maxCalleeData;
    }

    bool HasFlag(uint32_t flag) const
    {
        return (m_info.adapterFlags & flag) != 0;
    }

    const NdkAdapterInfo& Limits() const
    {
        return m_info;
    }

    uint32_t GetMaxFrmrPageCount() const
    {
        return m_maxFrmrPageCount;
    }

    Time GetConnectTimeout() const
    {
        return m_connectTimeout;
    }

    Time GetDisconnectTimeout() const
    {
        return m_disconnectTimeout;
    }

    /**
     * Finish a create: inline, or (ControlLatency > 0 and a callback given) PENDING with the
     * completion as an ns-3 event. \p parent stays busy until the callback returned.
     */
    template <typename T>
    NdkStatus FinishCreate(NdkObject* parent, Ptr<T> object, Ptr<T>* out, NdkCreateCompletion<T> async);
    /** Finish a successful request of \p object inline or as a pending completion. */
    NdkStatus FinishRequest(NdkObject* object, NdkRequestCompletion async);

    /** Object-count limits (NDIS_NDK_CAPABILITIES). */
    bool CanCreate(NdkObjectType type) const;
    void Register(NdkObjectType type, int delta);

    // ---- Endpoints (ND port space of this adapter, SEMANTICS.md 10.15) ----
    /** Reserve a port (0: ephemeral 49152-65535). \return SUCCESS, SHARING_VIOLATION or TOO_MANY_ADDRESSES. */
    NdkStatus ReservePort(uint16_t* port);
    void AddPortReference(uint16_t port);
    void ReleasePort(uint16_t port);
    /** \return true if a connection with this 4-tuple exists. */
    bool HasConnection(uint16_t localPort, Ipv4Address remote, uint16_t remotePort) const;

    /** Registration of live objects the adapter dispatches to. */
    uint32_t RegisterQp(NdkQp* qp);
    void UnregisterQp(uint32_t qpn);
    uint32_t RegisterConnector(NdkConnector* connector);
    void UnregisterConnector(uint32_t id);
    NdkConnector* FindConnector(uint32_t id) const;
    void RegisterListener(uint16_t port, NdkListener* listener);
    void UnregisterListener(uint16_t port);
    void RegisterChild(Ptr<NdkObject> child);

    /**
     * Signature of the "AccessViolation" trace: a rejected remote access.
     * \param qpn the responder QP
     * \param op the access
     * \param token the token it named
     * \param address its target address (0 for a Send-and-Invalidate)
     * \param length its length in bytes (0 for a Send-and-Invalidate)
     * \param fault why the check refused it
     */
    typedef void (*AccessViolationCallback)(uint32_t qpn,
                                            NdkRemoteOp op,
                                            uint32_t token,
                                            uint64_t address,
                                            uint64_t length,
                                            NdkAccessFault fault);

    /** Trace of every rejected remote access (see AccessViolationCallback). */
    TracedCallback<uint32_t, NdkRemoteOp, uint32_t, uint64_t, uint64_t, NdkAccessFault>
        m_accessViolationTrace;

  protected:
    void DoDispose() override;

  private:
    void ApplyKeyPolicy();
    template <typename T>
    static void InvokeCreate(NdkObject* parent, NdkCreateCompletion<T> async, Ptr<T> object);
    static void InvokeRequest(NdkObject* object, NdkRequestCompletion async);

    NdkAdapterInfo m_info;
    NdkVersion m_version;
    bool m_enabled;
    uint32_t m_maxFrmrPageCount;
    Time m_controlLatency;
    Time m_connectTimeout;
    Time m_disconnectTimeout;
    TypeId m_keyPolicyType;
    uint64_t m_maxRegistrationSize;
    uint64_t m_maxWindowSize;
    uint32_t m_frmrPageCount;
    uint32_t m_maxInitiatorRequestSge;
    uint32_t m_maxReceiveRequestSge;
    uint32_t m_maxReadRequestSge;
    uint32_t m_maxTransferLength;
    uint32_t m_maxInlineDataSize;
    uint32_t m_maxInboundReadLimit;
    uint32_t m_maxOutboundReadLimit;
    uint32_t m_maxReceiveQueueDepth;
    uint32_t m_maxInitiatorQueueDepth;
    uint32_t m_maxSrqDepth;
    uint32_t m_maxCqDepth;
    uint32_t m_largeRequestThreshold;
    uint32_t m_maxCallerData;
    uint32_t m_maxCalleeData;
    uint32_t m_adapterFlags;
    uint32_t m_maxQp;
    uint32_t m_maxMr;
    uint32_t m_maxMw;
    uint32_t m_maxCq;
    std::map<NdkObjectType, uint32_t> m_count;

    Ipv4Address m_address;
    /**
     * Not owning: the transport (an RdmaNic, an NdkIdealTransport) owns or outlives the adapter
     * and clears this when it goes; owning both ways would be a reference cycle.
     */
    NdkTransport* m_transport{nullptr};
    Ptr<NdkHostMemory> m_memory;
    Ptr<NdkKeyPolicy> m_keyPolicy;
    std::unique_ptr<NdkKeyTable> m_keys;

    std::vector<NdkQp*> m_qps; //!< by QP number (index)
    std::vector<uint32_t> m_freeQpns;
    std::map<uint32_t, NdkConnector*> m_connectors;
    uint32_t m_nextConnectorId;
    std::map<uint16_t, NdkListener*> m_listeners;
    std::map<uint16_t, uint32_t> m_ports; //!< port -> endpoint references
    uint16_t m_nextEphemeral;
    std::multimap<uint64_t, uint64_t> m_lams; //!< logical start -> end of live LAMs
    uint64_t m_nextLamContext;
    std::vector<Ptr<NdkObject>> m_children; //!< objects not yet closed, for CloseAdapter
    size_t m_pruneAt{64};
};

template <typename T>
NdkStatus
NdkAdapter::FinishCreate(NdkObject* parent, Ptr<T> object, Ptr<T>* out, NdkCreateCompletion<T> async)
{
    RegisterChild(object);
    if (async.callback.IsNull() || m_controlLatency.IsZero())
    {
        *out = object;
        return NdkStatus::SUCCESS;
    }
    if (parent)
    {
        parent->AddPending();
    }
    Simulator::Schedule(m_controlLatency, &NdkAdapter::InvokeCreate<T>, parent, async, object);
    return NdkStatus::PENDING;
}

template <typename T>
void
NdkAdapter::InvokeCreate(NdkObject* parent, NdkCreateCompletion<T> async, Ptr<T> object)
{
    async.callback(async.context, NdkStatus::SUCCESS, object);
    if (parent)
    {
        parent->RemovePending();
    }
}

} // namespace ns3

#endif
