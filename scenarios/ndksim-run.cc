/*
 * ndksim-run: runs a scenario and prints its summary (placeholder until the NDK demo lands).
 */

#include "ns3/ndksim-defaults.h"
#include "ns3/nstime.h"

#include <iostream>

int
main(int argc, char** argv)
{
    ns3::Time::SetResolution(ns3::Time::PS);
    ns3::NdksimUseDefaultScheduler();
    std::cout << "ndksim " << ns3::NdksimVersion() << "\n";
    return 0;
}
