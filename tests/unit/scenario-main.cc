// main() of ndksim-scenario-tests: ns-3's picosecond resolution first, as in every ndksim program
// (the attribute checks create Time values).
#include "ns3/ndksim-defaults.h"
#include "ns3/nstime.h"

#include <gtest/gtest.h>

int
main(int argc, char** argv)
{
    ns3::Time::SetResolution(ns3::Time::PS);
    ns3::NdksimUseDefaultScheduler(); // also keeps libns3-ndksim (its TypeIds) linked in
    testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
