#include "ndk-key-table.h"

#include "ndk-pd.h"
#include "ndk-qp.h"

namespace ns3
{

const char*
NdkAccessFaultName(NdkAccessFault fault)
{
    switch (fault)
    {
    case NdkAccessFault::None:
        return "none";
    case NdkAccessFault::UnknownToken:
        return "unknown-token";
    case NdkAccessFault::KeyMismatch:
        return "key-mismatch";
    case NdkAccessFault::PrivilegedToken:
        return "privileged-token";
    case NdkAccessFault::NotValid:
        return "not-valid";
    case NdkAccessFault::PdMismatch:
        return "pd-mismatch";
    case NdkAccessFault::WrongQp:
        return "wrong-qp";
    case NdkAccessFault::NoRight:
        return "no-right";
    case NdkAccessFault::OutOfRange:
        return "out-of-range";
    case NdkAccessFault::NotInvalidatable:
        return "not-invalidatable";
    case NdkAccessFault::ReadLimit:
        return "read-limit";
    }
    return "?";
}

NdkKeyTable::NdkKeyTable(Ptr<NdkKeyPolicy> policy)
    : m_policy(policy)
{
    m_entries.emplace_back(); // index 0: reserved for the privileged token
}

uint32_t
NdkKeyTable::Allocate(NdkKeyKind kind)
{
    uint32_t index;
    if (!m_free.empty())
    {
        index = m_free.back();
        m_free.pop_back();
    }
    else
    {
        index = static_cast<uint32_t>(m_entries.size());
        m_entries.emplace_back();
    }
    NdkKeyEntry& e = m_entries[index];
    uint32_t previous = e.token;
    e = NdkKeyEntry();
    e.kind = kind;
    e.inUse = true;
    SetToken(index, NextToken(index, previous));
    ++m_inUse;
    return index;
}

void
NdkKeyTable::Release(uint32_t index)
{
    NdkKeyEntry& e = m_entries[index];
    if (!e.inUse)
    {
        return;
    }
    if (!m_policy->EncodesIndex())
    {
        m_byToken.erase(e.token);
    }
    uint32_t token = e.token;
    e = NdkKeyEntry();
    e.token = token; // remembered so the next owner's first token differs
    m_free.push_back(index);
    --m_inUse;
}

uint32_t
NdkKeyTable::NextToken(uint32_t index, uint32_t previous)
{
    if (m_policy->EncodesIndex())
    {
        return m_policy->NextToken(index, previous);
    }
    uint32_t token;
    do
    {
        token = m_policy->NextToken(index, previous);
    } while (m_byToken.count(token) != 0);
    return token;
}

void
NdkKeyTable::SetToken(uint32_t index, uint32_t token)
{
    NdkKeyEntry& e = m_entries[index];
    if (!m_policy->EncodesIndex())
    {
        if (e.inUse && m_byToken.count(e.token) && m_byToken[e.token] == index)
        {
            m_byToken.erase(e.token);
        }
        m_byToken[token] = index;
    }
    e.token = token;
}

uint32_t
NdkKeyTable::IndexOf(uint32_t token) const
{
    if (m_policy->EncodesIndex())
    {
        uint32_t index = token >> 8;
        return index < m_entries.size() ? index : 0;
    }
    auto it = m_byToken.find(token);
    return it == m_byToken.end() ? 0 : it->second;
}

NdkKeyEntry*
NdkKeyTable::Lookup(uint32_t token)
{
    uint32_t index = IndexOf(token);
    if (index == 0)
    {
        return nullptr;
    }
    NdkKeyEntry& e = m_entries[index];
    return (e.inUse && e.token == token) ? &e : nullptr;
}

void
NdkKeyTable::ForgetQp(const NdkQp* qp)
{
    for (NdkKeyEntry& e : m_entries)
    {
        if (e.kind == NdkKeyKind::Mw && e.boundQp == qp)
        {
            e.boundQp = nullptr;
        }
    }
}

NdkAccessCheck
NdkKeyTable::CheckRemote(const NdkQp& qp,
                         NdkRemoteOp op,
                         uint32_t token,
                         uint64_t address,
                         uint64_t length)
{
    const NdkStatus fail =
        op == NdkRemoteOp::Invalidate ? NdkStatus::INVALID_DEVICE_REQUEST : NdkStatus::ACCESS_VIOLATION;
    // W1: a zero-length access carries no meaningful key.
    if (length == 0 && op != NdkRemoteOp::Invalidate)
    {
        return {NdkStatus::SUCCESS, NdkAccessFault::None, nullptr};
    }
    // W2: the key. The privileged token sits at index 0 and so never matches.
    if (token == NDK_PRIVILEGED_TOKEN)
    {
        return {fail, NdkAccessFault::PrivilegedToken, nullptr};
    }
    uint32_t index = IndexOf(token);
    if (index == 0 || !m_entries[index].inUse)
    {
        return {fail, NdkAccessFault::UnknownToken, nullptr};
    }
    NdkKeyEntry& e = m_entries[index];
    if (e.token != token)
    {
        return {fail, NdkAccessFault::KeyMismatch, nullptr};
    }
    // W3: the object's state.
    if (!e.valid)
    {
        return {fail, NdkAccessFault::NotValid, nullptr};
    }
    // W4: same PD as the responder QP.
    if (e.pd != qp.GetPd())
    {
        return {fail, NdkAccessFault::PdMismatch, nullptr};
    }
    // W5: a window answers only on the QP it was bound through (Type 2).
    if (e.kind == NdkKeyKind::Mw && e.boundQp != &qp)
    {
        return {fail, NdkAccessFault::WrongQp, nullptr};
    }
    // W6: the right for this operation.
    switch (op)
    {
    case NdkRemoteOp::Read:
        if (!e.remoteRead)
        {
            return {fail, NdkAccessFault::NoRight, nullptr};
        }
        break;
    case NdkRemoteOp::Write:
        if (!e.remoteWrite)
        {
            return {fail, NdkAccessFault::NoRight, nullptr};
        }
        break;
    case NdkRemoteOp::Invalidate:
        if (e.kind == NdkKeyKind::Mr)
        {
            return {fail, NdkAccessFault::NotInvalidatable, nullptr};
        }
        return {NdkStatus::SUCCESS, NdkAccessFault::None, &e};
    }
    // W7: absolute range inside the object (no zero-based addressing).
    if (address < e.base || length > e.length || address - e.base > e.length - length)
    {
        return {fail, NdkAccessFault::OutOfRange, nullptr};
    }
    return {NdkStatus::SUCCESS, NdkAccessFault::None, &e};
}

} // namespace ns3
