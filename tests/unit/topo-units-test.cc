// Exact rate/delay parsing and printing.
#include "ndksim/topo/units.h"

#include <gtest/gtest.h>
#include <stdexcept>
#include <string>

using namespace ndksim::topo;

namespace
{

std::string
ErrorOf(std::uint64_t (*parse)(const std::string&), const std::string& text)
{
    try
    {
        parse(text);
    }
    catch (const std::invalid_argument& e)
    {
        return e.what();
    }
    return "";
}

} // namespace

TEST(TopoUnits, ParsesRates)
{
    EXPECT_EQ(ParseRate("100Gbps"), 100'000'000'000ULL);
    EXPECT_EQ(ParseRate("25Gbps"), 25'000'000'000ULL);
    EXPECT_EQ(ParseRate("400G"), 400'000'000'000ULL);
    EXPECT_EQ(ParseRate("2.5Gb/s"), 2'500'000'000ULL);
    EXPECT_EQ(ParseRate("10Mbps"), 10'000'000ULL);
    EXPECT_EQ(ParseRate("1.6Tbps"), 1'600'000'000'000ULL);
    EXPECT_EQ(ParseRate("9600bps"), 9600ULL);
    EXPECT_EQ(ParseRate("1e2Gbps"), 100'000'000'000ULL);
}

TEST(TopoUnits, ParsesDelaysExactly)
{
    EXPECT_EQ(ParseDelay("1us"), 1'000'000ULL);
    EXPECT_EQ(ParseDelay("1000ns"), 1'000'000ULL);
    // 0.001 is not exact in binary floating point; the decimal parser must still give 1 us.
    EXPECT_EQ(ParseDelay("0.001ms"), 1'000'000ULL);
    EXPECT_EQ(ParseDelay("1.5ns"), 1500ULL);
    EXPECT_EQ(ParseDelay("2s"), 2'000'000'000'000ULL);
    EXPECT_EQ(ParseDelay("750ps"), 750ULL);
}

TEST(TopoUnits, RejectsBadValuesWithReason)
{
    EXPECT_NE(ErrorOf(ParseRate, "100").find("missing unit"), std::string::npos);
    EXPECT_NE(ErrorOf(ParseRate, "100Gbpx").find("unknown unit 'Gbpx'"), std::string::npos);
    EXPECT_NE(ErrorOf(ParseRate, "0Gbps").find("must be positive"), std::string::npos);
    EXPECT_NE(ErrorOf(ParseRate, "-5Gbps").find("must be positive"), std::string::npos);
    EXPECT_NE(ErrorOf(ParseRate, "10GBps").find("byte units"), std::string::npos);
    EXPECT_NE(ErrorOf(ParseRate, "0.5bps").find("whole number"), std::string::npos);
    EXPECT_NE(ErrorOf(ParseRate, "Gbps").find("expected a number"), std::string::npos);
    EXPECT_NE(ErrorOf(ParseDelay, "1").find("missing unit"), std::string::npos);
    EXPECT_NE(ErrorOf(ParseDelay, "0.5ps").find("whole number of picoseconds"), std::string::npos);
    EXPECT_NE(ErrorOf(ParseDelay, "99999999999s").find("too large"), std::string::npos);
    EXPECT_NE(ErrorOf(ParseDelay, "1 us").find("'1 us'"), std::string::npos);
}

TEST(TopoUnits, FormatsExactlyAndRoundTrips)
{
    EXPECT_EQ(FormatRate(400'000'000'000ULL), "400Gbps");
    EXPECT_EQ(FormatRate(2'500'000'000ULL), "2500Mbps");
    EXPECT_EQ(FormatDelay(1'000'000ULL), "1us");
    EXPECT_EQ(FormatDelay(1'500ULL), "1500ps");
    EXPECT_EQ(FormatDelay(1'500'000ULL), "1500ns");
    for (std::uint64_t v : {1ULL, 999ULL, 1234567ULL, 100'000'000'000ULL, 123'456'789'012'345ULL})
    {
        EXPECT_EQ(ParseRate(FormatRate(v)), v);
        EXPECT_EQ(ParseDelay(FormatDelay(v)), v);
    }
}
