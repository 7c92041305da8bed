/*
 * The adapter's key table: every memory token and the one responder check (SEMANTICS.md 15.1,
 * 15.5, 15.6).
 */

#ifndef NDK_KEY_TABLE_H
#define NDK_KEY_TABLE_H

#include "ndk-key-policy.h"
#include "ndk-status.h"

#include "ns3/ptr.h"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace ns3
{

class NdkPd;
class NdkQp;
class NdkMr;
class NdkMw;

/** The privileged memory region token: index 0, tag 0xFF; never in the table. */
constexpr uint32_t NDK_PRIVILEGED_TOKEN = 0x000000FF;

/** Adapter logical addresses (from NdkBuildLam) are host addresses plus this offset. */
constexpr uint64_t NDK_LOGICAL_ADDRESS_BASE = 1ULL << 60;

/** What a key-table entry describes. */
enum class NdkKeyKind : uint8_t
{
    Mr,     //!< normal MR (NdkRegisterMr)
    FastMr, //!< fast-register MR
    Mw,     //!< memory window (IB Type 2B semantics)
};

/** The remote operation being checked. */
enum class NdkRemoteOp : uint8_t
{
    Read,
    Write,
    Invalidate, //!< the token named by a Send-and-Invalidate
};

/** Why a token check failed (recorded with every rejected access). */
enum class NdkAccessFault : uint8_t
{
    None,
    UnknownToken,     //!< no entry at that index (or token map miss)
    KeyMismatch,      //!< entry found, 32-bit key differs (stale token)
    PrivilegedToken,  //!< the privileged token never grants remote access
    NotValid,         //!< MR deregistered/free, window unbound
    PdMismatch,       //!< object in another PD than the responder QP
    WrongQp,          //!< window bound through another QP
    NoRight,          //!< remote read/write right missing
    OutOfRange,       //!< access outside the object's range
    NotInvalidatable, //!< S&I names a normal MR
    ReadLimit,        //!< more inbound reads than the negotiated IRD
};

/** \return a short name for a fault ("key-mismatch", ...). */
const char* NdkAccessFaultName(NdkAccessFault fault);

/**
 * One key-table entry. Rights follow. For fast-registered MRs the range maps onto
 * adapter pages; for the others the range is host memory itself.
 */
struct NdkKeyEntry
{
    NdkKeyKind kind{NdkKeyKind::Mr};
    bool inUse{false};
    bool valid{false};      //!< Registered / Valid / Bound
    uint32_t token{0};      //!< full 32-bit token currently accepted
    const NdkPd* pd{nullptr};
    uint64_t base{0};
    uint64_t length{0};
    bool localWrite{false};
    bool remoteRead{false};
    bool remoteWrite{false};
    bool readSink{false};
    const NdkQp* boundQp{nullptr}; //!< MW: the QP it was bound through
    NdkMr* boundMr{nullptr};       //!< MW: the MR it covers
    NdkMr* mr{nullptr};            //!< owner when an MR
    NdkMw* mw{nullptr};            //!< owner when an MW
    std::vector<uint64_t> pages;   //!< fast-registered MR: adapter logical page addresses
    uint32_t fbo{0};               //!< fast-registered MR: first byte offset
};

/** Result of a remote check. */
struct NdkAccessCheck
{
    NdkStatus status;
    NdkAccessFault fault;
    NdkKeyEntry* entry;
};

/**
 * \ingroup ndk
 * \brief Index -> entry table of one adapter, with the responder check.
 */
class NdkKeyTable
{
  public:
    explicit NdkKeyTable(Ptr<NdkKeyPolicy> policy);

    /** Allocate an entry (never index 0) with an initial token; \return the index. */
    uint32_t Allocate(NdkKeyKind kind);
    /** Free an entry; its token stops matching at once. */
    void Release(uint32_t index);
    NdkKeyEntry& At(uint32_t index)
    {
        return m_entries[index];
    }

    /** Draw the token that the entry will carry after its next bind / fast registration. */
    uint32_t NextToken(uint32_t index, uint32_t previous);
    /** Make \p token the entry's current token. */
    void SetToken(uint32_t index, uint32_t token);

    /** \return the entry a token names (full key match), or nullptr; never the privileged one. */
    NdkKeyEntry* Lookup(uint32_t token);
    /** \return the index a token names (no key check), or 0. */
    uint32_t IndexOf(uint32_t token) const;

    /**
     * The responder check used by every inbound remote access, in the order of SEMANTICS.md 15.5:
     * length 0 (W1), key (W2), state (W3), PD (W4), window bound to this QP (W5), right (W6),
     * range (W7). For NdkRemoteOp::Invalidate (15.6 S4) the object must be a valid fast-register
     * MR or a window bound through \p qp, in its PD; length and range do not apply.
     */
    NdkAccessCheck CheckRemote(const NdkQp& qp,
                               NdkRemoteOp op,
                               uint32_t token,
                               uint64_t address,
                               uint64_t length);

    /**
     * A QP is gone: windows bound through it stay Bound but answer no QP from now on, so a new QP
     * allocated at the same address can never pass W5 or invalidate them.
     */
    void ForgetQp(const NdkQp* qp);

    /** Number of entries in use. */
    uint32_t GetInUse() const
    {
        return m_inUse;
    }

  private:
    Ptr<NdkKeyPolicy> m_policy;
    std::vector<NdkKeyEntry> m_entries;
    std::vector<uint32_t> m_free;                    //!< freed indices, reused LIFO
    std::unordered_map<uint32_t, uint32_t> m_byToken; //!< token -> index (policies without index)
    uint32_t m_inUse{0};
};

} // namespace ns3

#endif
