/*
 * The ndksim test runner: every ns-3 TestSuite linked into this binary, run through ns-3's
 * TestRunner (Debian ships the TestRunner class in libns3-core but no runner program).
 */

#include "ns3/ndksim-defaults.h"
#include "ns3/nstime.h"
#include "ns3/test.h"

int
main(int argc, char** argv)
{
    ns3::Time::SetResolution(ns3::Time::PS);
    ns3::NdksimUseDefaultScheduler();
    return ns3::TestRunner::Run(argc, argv);
}
