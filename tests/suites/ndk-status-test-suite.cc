/*
 * ndk-status: NTSTATUS names and values match the NDK reference (SEMANTICS.md section 1).
 */

#include "ns3/ndk-status.h"
#include "ns3/test.h"

#include <string>

namespace ns3
{

class NdkStatusValuesTestCase : public TestCase
{
  public:
    NdkStatusValuesTestCase()
        : TestCase("status codes carry the NTSTATUS values and names")
    {
    }

  private:
    void DoRun() override
    {
        struct Row
        {
            NdkStatus status;
            uint32_t value;
            const char* name;
        };

        const Row rows[] = {
            {NdkStatus::SUCCESS, 0x00000000, "STATUS_SUCCESS"},
            {NdkStatus::PENDING, 0x00000103, "STATUS_PENDING"},
            {NdkStatus::BUFFER_OVERFLOW, 0x80000005, "STATUS_BUFFER_OVERFLOW"},
            {NdkStatus::ACCESS_VIOLATION, 0xC0000005, "STATUS_ACCESS_VIOLATION"},
            {NdkStatus::INVALID_DEVICE_REQUEST, 0xC0000010, "STATUS_INVALID_DEVICE_REQUEST"},
            {NdkStatus::CANCELLED, 0xC0000120, "STATUS_CANCELLED"},
            {NdkStatus::REMOTE_RESOURCES, 0xC000013D, "STATUS_REMOTE_RESOURCES"},
            {NdkStatus::CONNECTION_INVALID, 0xC000023A, "STATUS_CONNECTION_INVALID"},
            {NdkStatus::IMPLEMENTATION_LIMIT, 0xC000042B, "STATUS_IMPLEMENTATION_LIMIT"},
        };
        for (const auto& row : rows)
        {
            NS_TEST_ASSERT_MSG_EQ(static_cast<uint32_t>(row.status), row.value, row.name);
            NS_TEST_ASSERT_MSG_EQ(std::string(NdkStatusName(row.status)), row.name, "name");
        }
        NS_TEST_ASSERT_MSG_EQ(NdkSucceeded(NdkStatus::PENDING), true, "PENDING is NT_SUCCESS");
        NS_TEST_ASSERT_MSG_EQ(NdkSucceeded(NdkStatus::BUFFER_OVERFLOW), false, "warning code");
        NS_TEST_ASSERT_MSG_EQ(NdkSucceeded(NdkStatus::CANCELLED), false, "error code");
        NS_TEST_ASSERT_MSG_EQ(std::string(NdkStatusName(static_cast<NdkStatus>(0xC0001234))),
                              "STATUS_0xC0001234",
                              "unknown codes print their value");
    }
};

class NdkStatusTestSuite : public TestSuite
{
  public:
    NdkStatusTestSuite()
        : TestSuite("ndk-status", UNIT)
    {
        AddTestCase(new NdkStatusValuesTestCase, TestCase::QUICK);
    }
};

static NdkStatusTestSuite g_ndkStatusTestSuite;

} // namespace ns3
