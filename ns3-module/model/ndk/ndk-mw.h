/*
 * NDK_MW: memory windows (IB Type 2B semantics).
 */

#ifndef NDK_MW_H
#define NDK_MW_H

#include "ndk-object.h"

namespace ns3
{

class NdkPd;

/**
 * \ingroup ndk
 * \brief NDK_MW (SEMANTICS.md 7): created unbound; bound by NdkBind on one QP; unbound by
 * NdkInvalidate on that QP, by a peer's Send-and-Invalidate, or by closing it.
 */
class NdkMw : public NdkObject
{
  public:
    NdkMw(NdkAdapter* adapter, NdkPd* pd);

    /** NdkGetRemoteTokenFromMw: valid as soon as NdkBind returned. */
    uint32_t GetRemoteToken() const
    {
        return m_postedToken;
    }

    NdkPd* GetPd() const
    {
        return m_pd;
    }

    uint32_t GetKeyIndex() const
    {
        return m_keyIndex;
    }

    bool IsBound() const;

    void SetPostedToken(uint32_t token)
    {
        m_postedToken = token;
    }

    /** Unbind (invalidate) the window: its token dies, the MR edge is dropped. */
    void Unbind();

  protected:
    void DoCloseStart() override;
    void DoCloseFinish() override;

  private:
    NdkPd* m_pd;
    uint32_t m_keyIndex;
    uint32_t m_postedToken;
};

} // namespace ns3

#endif
