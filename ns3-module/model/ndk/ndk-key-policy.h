/*
 * How the 8-bit key (tag) part of a memory token changes on every bind / fast registration.
 */

#ifndef NDK_KEY_POLICY_H
#define NDK_KEY_POLICY_H

#include "ns3/object.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup ndk
 * \brief Policy choosing the next token of a key-table entry (SEMANTICS.md 14.2, R-1.4).
 *
 * Tokens are `(index << 8) | tag8` when the policy encodes the index (IB convention: the
 * responder looks the entry up by `token >> 8` and compares all 32 bits). A policy that does not
 * encode the index returns arbitrary 32-bit tokens; the key table then keeps a token map.
 * Selected on NdkAdapter by the "KeyPolicy" attribute (a TypeId), like TCP's congestion ops.
 */
class NdkKeyPolicy : public Object
{
  public:
    static TypeId GetTypeId();

    /** \return the token that replaces \p previous for the entry at \p index. */
    virtual uint32_t NextToken(uint32_t index, uint32_t previous) = 0;
    /** \return true if tokens are (index << 8) | tag. */
    virtual bool EncodesIndex() const = 0;
    /** Assign RNG streams; \return the number of streams used. */
    virtual int64_t AssignStreams(int64_t stream);
};

/** \brief Tag + 1 (mod 256): the deterministic choice of SEMANTICS.md. */
class NdkSequentialKeyPolicy : public NdkKeyPolicy
{
  public:
    static TypeId GetTypeId();
    uint32_t NextToken(uint32_t index, uint32_t previous) override;
    bool EncodesIndex() const override;
};

/** \brief A random 8-bit tag, different from the previous one (like Soft-RoCE). Default. */
class NdkRandomKeyPolicy : public NdkKeyPolicy
{
  public:
    static TypeId GetTypeId();
    NdkRandomKeyPolicy();
    uint32_t NextToken(uint32_t index, uint32_t previous) override;
    bool EncodesIndex() const override;
    int64_t AssignStreams(int64_t stream) override;

  private:
    Ptr<UniformRandomVariable> m_rng;
};

/** \brief A random 32-bit token (no index inside; iWARP-STag-like). */
class NdkRandom32KeyPolicy : public NdkKeyPolicy
{
  public:
    static TypeId GetTypeId();
    NdkRandom32KeyPolicy();
    uint32_t NextToken(uint32_t index, uint32_t previous) override;
    bool EncodesIndex() const override;
    int64_t AssignStreams(int64_t stream) override;

  private:
    Ptr<UniformRandomVariable> m_rng;
};

} // namespace ns3

#endif
