#include "roce-pcap-helper.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/packet.h"
#include "ns3/pcap-file-wrapper.h"
#include "ns3/rdma-nic.h"
#include "ns3/roce-net-device.h"
#include "ns3/simulator.h"

#include <fstream>

namespace ns3
{

namespace
{
constexpr uint32_t DLT_EN10MB = 1;
constexpr uint32_t SNAP_LENGTH = 65535;

void
Record(Ptr<PcapFileWrapper> file, Ptr<const Packet> frame)
{
    if (!file->Fail())
    {
        file->Write(Simulator::Now(), frame);
    }
}
} // namespace

RocePcapHelper::RocePcapHelper() = default;

RocePcapHelper::~RocePcapHelper() = default;

void
RocePcapHelper::EnablePcap(const std::string& filename, Ptr<RoceNetDevice> port)
{
    Ptr<PcapFileWrapper> file = CreateObject<PcapFileWrapper>();
    file->SetAttribute("NanosecMode", BooleanValue(true));
    file->Open(filename, std::ios::out | std::ios::binary);
    NS_ABORT_MSG_IF(file->Fail(), "RocePcapHelper: cannot write " << filename);
    file->Init(DLT_EN10MB, SNAP_LENGTH, 0);
    port->TraceConnectWithoutContext("Sniffer", MakeBoundCallback(&Record, file));
    m_files.push_back(file);
}

void
RocePcapHelper::EnablePcap(const std::string& filename, Ptr<RdmaNic> nic)
{
    nic->SetAttribute("ComputeChecksums", BooleanValue(true));
    EnablePcap(filename, nic->GetPort());
}

void
RocePcapHelper::Close()
{
    for (auto& file : m_files)
    {
        file->Close();
    }
    m_files.clear();
}

} // namespace ns3
