/*
 * Process-wide defaults every ndksim program applies at start-up.
 */

#ifndef NDKSIM_DEFAULTS_H
#define NDKSIM_DEFAULTS_H

#include <string>

namespace ns3
{

/**
 * \brief Make ns3::PriorityQueueScheduler the default scheduler (2-4x the Map scheduler on
 * ndksim's event mix). Call right after Time::SetResolution(Time::PS) in every main().
 *
 * The choice is stored in the "SchedulerType" global value, so it survives Simulator::Destroy().
 */
void NdksimUseDefaultScheduler();

/** \return the ndksim version string. */
std::string NdksimVersion();

} // namespace ns3

#endif
