/*
 * What every NDK object shares: its type, its adapter, successor edges and close semantics.
 */

#ifndef NDK_OBJECT_H
#define NDK_OBJECT_H

#include "ndk-types.h"

#include "ns3/simple-ref-count.h"

namespace ns3
{

class NdkAdapter;

/**
 * \ingroup ndk
 * \brief Base of every NDK object (SEMANTICS.md 2, 11).
 *
 * Close never fails: it returns STATUS_SUCCESS when nothing is left, or STATUS_PENDING and later
 * calls the close callback exactly once, after every successor (child, QP of a CQ, window bound to
 * an MR, ...) has closed and every pending request and event callback of the object has returned.
 * The close callback is the object's last callback. A call on a closed object returns
 * STATUS_INVALID_DEVICE_STATE (NDK says the consumer never does it; ndksim does not crash).
 */
class NdkObject : public SimpleRefCount<NdkObject>
{
  public:
    NdkObject(NdkObjectType type, NdkAdapter* adapter);
    virtual ~NdkObject();

    NdkObject(const NdkObject&) = delete;
    NdkObject& operator=(const NdkObject&) = delete;

    /** NdkCloseObject. */
    NdkStatus Close(NdkCloseCallback callback = NdkCloseCallback(), NdkContext context = 0);

    NdkObjectType GetObjectType() const
    {
        return m_objectType;
    }

    NdkAdapter* GetAdapter() const
    {
        return m_adapter;
    }

    /** \return true once Close() was called (the consumer gave the object up). */
    bool IsClosing() const
    {
        return m_closing;
    }

    /** \return true once the close finished. */
    bool IsClosed() const
    {
        return m_closed;
    }

    /** NdkQueryExtensionInterface: no extensions are defined. */
    NdkStatus QueryExtension(uint64_t guidLow, uint64_t guidHigh, NdkVersion version) const;

    /** A successor (child or dependent object) now depends on this object. */
    void AddSuccessor();
    /** A successor went away; may finish a pending close. */
    void RemoveSuccessor();
    /** An asynchronous request or event callback of this object is outstanding. */
    void AddPending();
    /** ... and is done; may finish a pending close. */
    void RemovePending();

  protected:
    /** Called when Close() starts: flush, refuse new work, unbind. */
    virtual void DoCloseStart();
    /** Called when the close completes: drop edges to antecedents, release resources. */
    virtual void DoCloseFinish();

    /** \return STATUS_INVALID_DEVICE_STATE if the object is closing, else STATUS_SUCCESS. */
    NdkStatus CheckOpen() const
    {
        return m_closing ? NdkStatus::INVALID_DEVICE_STATE : NdkStatus::SUCCESS;
    }

  private:
    void MaybeFinishClose();
    static void InvokeClose(NdkCloseCallback callback, NdkContext context);

    NdkObjectType m_objectType;
    NdkAdapter* m_adapter;
    uint32_t m_successors{0};
    uint32_t m_pending{0};
    bool m_closing{false};
    bool m_closed{false};
    bool m_closeReported{false};
    NdkCloseCallback m_closeCallback;
    NdkContext m_closeContext{0};
};

} // namespace ns3

#endif
