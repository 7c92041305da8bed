/*
 * NDK_MR: normal and fast-register memory regions.
 */

#ifndef NDK_MR_H
#define NDK_MR_H

#include "ndk-object.h"

namespace ns3
{

class NdkPd;

/**
 * \ingroup ndk
 * \brief NDK_MR (SEMANTICS.md 6). A normal MR is registered and deregistered by object calls; a
 * fast-register MR is initialized once and then (re)mapped by NdkFastRegister work requests.
 * One token serves local and remote use (lkey = rkey); remote rights decide remote use.
 */
class NdkMr : public NdkObject
{
  public:
    NdkMr(NdkAdapter* adapter, NdkPd* pd, bool fastRegister);

    /** NdkRegisterMr: \p address is the MDL's virtual address (an absolute tag, never zero-based). */
    NdkStatus Register(uint64_t address,
                       uint64_t length,
                       uint32_t flags,
                       NdkRequestCompletion async = {});
    /** NdkDeregisterMr. */
    NdkStatus Deregister(NdkRequestCompletion async = {});
    /** NdkInitializeFastRegisterMr. */
    NdkStatus InitializeFastRegister(uint32_t adapterPageCount,
                                     bool remoteAccess,
                                     NdkRequestCompletion async = {});
    /** NdkGetLocalTokenFromMr. */
    uint32_t GetLocalToken() const;
    /** NdkGetRemoteTokenFromMr (for a fast-register MR: the token of the last posted FastRegister). */
    uint32_t GetRemoteToken() const;

    bool IsFastRegister() const
    {
        return m_fastRegister;
    }

    NdkPd* GetPd() const
    {
        return m_pd;
    }

    /** \return the key-table index (0 when none is allocated). */
    uint32_t GetKeyIndex() const
    {
        return m_keyIndex;
    }

    bool IsRegistered() const;
    bool IsFrInitialized() const
    {
        return m_frInitialized;
    }

    uint32_t GetFrPageCapacity() const
    {
        return m_frPageCount;
    }

    bool GetFrRemoteAccess() const
    {
        return m_frRemoteAccess;
    }

    /** The token the next FastRegister will carry; set when it is posted. */
    void SetPostedToken(uint32_t token)
    {
        m_postedToken = token;
    }

    /** Windows bound to this MR (MR -> MW edge). */
    uint32_t GetBoundWindows() const
    {
        return m_boundWindows;
    }

    void WindowBound();
    void WindowUnbound();

  protected:
    void DoCloseStart() override;
    void DoCloseFinish() override;

  private:
    NdkPd* m_pd;
    bool m_fastRegister;
    uint32_t m_keyIndex{0};
    bool m_frInitialized{false};
    uint32_t m_frPageCount{0};
    bool m_frRemoteAccess{false};
    uint32_t m_postedToken{0};
    uint32_t m_boundWindows{0};
};

} // namespace ns3

#endif
