#include "ndksim-defaults.h"

#include "ns3/global-value.h"
#include "ns3/string.h"

namespace ns3
{

void
NdksimUseDefaultScheduler()
{
    GlobalValue::Bind("SchedulerType", StringValue("ns3::PriorityQueueScheduler"));
}

std::string
NdksimVersion()
{
    return "0.1.0";
}

} // namespace ns3
