/*
 * Nanosecond Ethernet pcap of RoCE ports.
 */

#ifndef ROCE_PCAP_HELPER_H
#define ROCE_PCAP_HELPER_H

#include "ns3/ptr.h"

#include <string>
#include <vector>

namespace ns3
{

class RoceNetDevice;
class RdmaNic;
class PcapFileWrapper;

/**
 * \ingroup ndksim
 * \brief Writes every frame a RoCE port sends or receives to a nanosecond pcap (LINKTYPE
 * ETHERNET), for Wireshark/tshark.
 *
 * Frames are recorded as ns-3 carries them: Ethernet header to ICRC, no FCS. Enabling capture
 * on a NIC also turns on its ComputeChecksums attribute, so the ICRC and IPv4 checksum in the
 * file are the real values (they are left zero otherwise, to save time).
 */
class RocePcapHelper
{
  public:
    RocePcapHelper();
    ~RocePcapHelper();

    /** Capture \p port into \p filename. */
    void EnablePcap(const std::string& filename, Ptr<RoceNetDevice> port);
    /** Capture the port of \p nic into \p filename and compute checksums on that NIC. */
    void EnablePcap(const std::string& filename, Ptr<RdmaNic> nic);
    /** Flush and close every file now (to read them back before the simulation ends). */
    void Close();

  private:
    std::vector<Ptr<PcapFileWrapper>> m_files; //!< kept open for the simulation
};

} // namespace ns3

#endif
