/*
 * A full-duplex point-to-point cable between two RoCE ports.
 */

#ifndef ROCE_CHANNEL_H
#define ROCE_CHANNEL_H

#include "ns3/channel.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

namespace ns3
{

class RoceNetDevice;
class Packet;

/**
 * \ingroup ndksim
 * \brief The cable between two RoceNetDevices: propagation delay, up or down.
 *
 * The sending port owns serialization (it knows its rate and the frame's wire bytes); the
 * channel adds the propagation delay and hands the frame to the other end, in the receiving
 * node's context. A channel that is down (a cut cable) loses every frame that starts or is in
 * flight while it is down.
 */
class RoceChannel : public Channel
{
  public:
    static TypeId GetTypeId();
    RoceChannel();

    /** Connect one end; a channel takes exactly two devices. */
    void Attach(Ptr<RoceNetDevice> device);

    /**
     * Carry \p frame from \p sender: it arrives at the other end \p txTime (serialization) plus
     * the propagation delay from now.
     */
    void TransmitStart(Ptr<Packet> frame, const RoceNetDevice* sender, Time txTime);

    /** Cut (false) or mend (true) the cable. */
    void SetUp(bool up);

    bool IsUp() const
    {
        return m_up;
    }

    Time GetDelay() const
    {
        return m_delay;
    }

    /** \return the device at the other end from \p device (nullptr if not attached). */
    Ptr<RoceNetDevice> GetPeer(const RoceNetDevice* device) const;

    std::size_t GetNDevices() const override;
    Ptr<NetDevice> GetDevice(std::size_t i) const override;

  private:
    void Deliver(Ptr<RoceNetDevice> receiver, Ptr<Packet> frame, uint32_t epoch);

    Ptr<RoceNetDevice> m_devices[2];
    uint32_t m_nDevices{0};
    Time m_delay;
    bool m_up{true};
    uint32_t m_epoch{0}; //!< bumped when the cable is cut: frames in flight are lost
    TracedCallback<Ptr<const Packet>> m_lossTrace;
};

} // namespace ns3

#endif
