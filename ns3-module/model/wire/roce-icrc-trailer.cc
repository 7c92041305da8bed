/*
 * The RoCEv2 ICRC trailer: four bytes, least significant first (see RoceIcrc).
 */

#include "roce-icrc-trailer.h"

#include "roce-icrc.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(RoceIcrcTrailer);

RoceIcrcTrailer::RoceIcrcTrailer(uint32_t icrc)
    : m_icrc(icrc)
{
}

TypeId
RoceIcrcTrailer::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RoceIcrcTrailer")
                            .SetParent<Trailer>()
                            .SetGroupName("Ndksim")
                            .AddConstructor<RoceIcrcTrailer>();
    return tid;
}

TypeId
RoceIcrcTrailer::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
RoceIcrcTrailer::Fill(Ptr<Packet> ipPacket)
{
    // The IP length counts the ICRC, so the covered span ends before the old trailer.
    const uint32_t icrc = RoceIcrc::ComputePacket(ipPacket);
    ipPacket->RemoveAtEnd(SIZE);
    ipPacket->AddTrailer(RoceIcrcTrailer(icrc));
    return icrc;
}

uint32_t
RoceIcrcTrailer::GetSerializedSize() const
{
    return SIZE;
}

void
RoceIcrcTrailer::Serialize(Buffer::Iterator end) const
{
    end.Prev(SIZE);
    end.WriteHtolsbU32(m_icrc); // least significant byte first
}

uint32_t
RoceIcrcTrailer::Deserialize(Buffer::Iterator end)
{
    end.Prev(SIZE);
    m_icrc = end.ReadLsbtohU32();
    return SIZE;
}

void
RoceIcrcTrailer::Print(std::ostream& os) const
{
    const auto flags = os.flags();
    os << "icrc=0x" << std::hex << m_icrc;
    os.flags(flags);
}

} // namespace ns3
