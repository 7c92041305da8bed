#include "ndk-key-policy.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(NdkKeyPolicy);
NS_OBJECT_ENSURE_REGISTERED(NdkSequentialKeyPolicy);
NS_OBJECT_ENSURE_REGISTERED(NdkRandomKeyPolicy);
NS_OBJECT_ENSURE_REGISTERED(NdkRandom32KeyPolicy);

TypeId
NdkKeyPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::NdkKeyPolicy").SetParent<Object>().SetGroupName("Ndksim");
    return tid;
}

int64_t
NdkKeyPolicy::AssignStreams(int64_t stream)
{
    return 0;
}

TypeId
NdkSequentialKeyPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::NdkSequentialKeyPolicy")
                            .SetParent<NdkKeyPolicy>()
                            .SetGroupName("Ndksim")
                            .AddConstructor<NdkSequentialKeyPolicy>();
    return tid;
}

uint32_t
NdkSequentialKeyPolicy::NextToken(uint32_t index, uint32_t previous)
{
    return (index << 8) | ((previous + 1) & 0xFF);
}

bool
NdkSequentialKeyPolicy::EncodesIndex() const
{
    return true;
}

TypeId
NdkRandomKeyPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::NdkRandomKeyPolicy")
                            .SetParent<NdkKeyPolicy>()
                            .SetGroupName("Ndksim")
                            .AddConstructor<NdkRandomKeyPolicy>();
    return tid;
}

NdkRandomKeyPolicy::NdkRandomKeyPolicy()
    : m_rng(CreateObject<UniformRandomVariable>())
{
}

uint32_t
NdkRandomKeyPolicy::NextToken(uint32_t index, uint32_t previous)
{
    // A fresh tag always differs from the one it replaces, so the stale token fails at once.
    uint32_t tag = m_rng->GetInteger(0, 254);
    if (tag >= (previous & 0xFF))
    {
        ++tag;
    }
    return (index << 8) | tag;
}

bool
NdkRandomKeyPolicy::EncodesIndex() const
{
    return true;
}

int64_t
NdkRandomKeyPolicy::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

TypeId
NdkRandom32KeyPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::NdkRandom32KeyPolicy")
                            .SetParent<NdkKeyPolicy>()
                            .SetGroupName("Ndksim")
                            .AddConstructor<NdkRandom32KeyPolicy>();
    return tid;
}

NdkRandom32KeyPolicy::NdkRandom32KeyPolicy()
    : m_rng(CreateObject<UniformRandomVariable>())
{
}

uint32_t
NdkRandom32KeyPolicy::NextToken(uint32_t index, uint32_t previous)
{
    // Tokens 0..0xFF are never handed out: index 0 is reserved for the privileged token.
    uint32_t token;
    do
    {
        token = m_rng->GetInteger(0x100, 0xFFFFFFFFU);
    } while (token == previous);
    return token;
}

bool
NdkRandom32KeyPolicy::EncodesIndex() const
{
    return false;
}

int64_t
NdkRandom32KeyPolicy::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

} // namespace ns3
