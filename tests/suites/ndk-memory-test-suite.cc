/*
 * ndk-memory: the simulated host memory keeps bytes exactly where contents are tracked.
 */

#include "ns3/ndk-host-memory.h"
#include "ns3/test.h"

#include <vector>

namespace ns3
{

class NdkMemoryTrackedRangeTestCase : public TestCase
{
  public:
    NdkMemoryTrackedRangeTestCase()
        : TestCase("a write keeps exactly the bytes that fall in tracked ranges")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<NdkHostMemory> mem = CreateObject<NdkHostMemory>();
        uint64_t base = mem->Allocate(3 * 4096);
        NS_TEST_ASSERT_MSG_EQ(mem->HasTrackedContents(), false, "nothing tracked by default");
        // A tracked range that starts mid-page, after the write starts, and crosses a page.
        mem->Track(base + 100, 4096);
        std::vector<uint8_t> data(3 * 4096);
        for (size_t i = 0; i < data.size(); ++i)
        {
            data[i] = static_cast<uint8_t>(i * 7 + 1);
        }
        mem->Write(base, data.data(), data.size());
        std::vector<uint8_t> back(data.size());
        mem->Read(base, back.data(), back.size());
        for (size_t i = 0; i < data.size(); ++i)
        {
            bool tracked = i >= 100 && i < 100 + 4096;
            NS_TEST_ASSERT_MSG_EQ(int(back[i]), tracked ? int(data[i]) : 0, "byte " << i);
        }
    }
};

class NdkMemoryTestSuite : public TestSuite
{
  public:
    NdkMemoryTestSuite()
        : TestSuite("ndk-memory", UNIT)
    {
        AddTestCase(new NdkMemoryTrackedRangeTestCase, TestCase::QUICK);
    }
};

static NdkMemoryTestSuite g_ndkMemoryTestSuite;

} // namespace ns3
