#include "ndksim/topo/units.h"

#include <array>
#include <cctype>
#include <limits>
#include <stdexcept>
#include <utility>

namespace ndksim::topo
{

namespace
{

struct UnitScale
{
    const char* suffix;
    int exponent; //!< power of ten from the unit to the base unit (bit/s or ps)
};

const std::array<UnitScale, 16> g_rateUnits = {{{"bps", 0},
                                                {"b/s", 0},
                                                {"Kbps", 3},
                                                {"kbps", 3},
                                                {"Kb/s", 3},
                                                {"kb/s", 3},
                                                {"Mbps", 6},
                                                {"Mb/s", 6},
                                                {"Gbps", 9},
                                                {"Gb/s", 9},
                                                {"Tbps", 12},
                                                {"Tb/s", 12},
                                                {"K", 3},
                                                {"M", 6},
                                                {"G", 9},
                                                {"T", 12}}};

const std::array<UnitScale, 6> g_delayUnits = {
    {{"s", 12}, {"ms", 9}, {"us", 6}, {"\xC2\xB5s", 6}, {"ns", 3}, {"ps", 0}}};

/// A decimal number split as mantissa * 10^exponent, plus the unit text that followed it.
struct Decimal
{
    std::uint64_t mantissa = 0;
    int exponent = 0;
    std::string unit;
};

[[noreturn]] void
Fail(const char* what, const std::string& text, const std::string& why)
{
    throw std::invalid_argument(std::string("bad ") + what + " '" + text + "': " + why);
}

Decimal
SplitDecimal(const char* what, const std::string& text)
{
    Decimal d;
    std::size_t i = 0;
    const std::size_t n = text.size();
    if (n == 0)
    {
        Fail(what, text, "empty value");
    }
    if (text[0] == '-')
    {
        Fail(what, text, "must be positive");
    }
    if (text[0] == '+')
    {
        ++i;
    }
    bool anyDigit = false;
    bool inFraction = false;
    for (; i < n; ++i)
    {
        const char c = text[i];
        if (c == '.' && !inFraction)
        {
            inFraction = true;
            continue;
        }
        if (!std::isdigit(static_cast<unsigned char>(c)))
        {
            break;
        }
        anyDigit = true;
        const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
        if (d.mantissa > (std::numeric_limits<std::uint64_t>::max() - digit) / 10)
        {
            Fail(what, text, "too many digits");
        }
        d.mantissa = d.mantissa * 10 + digit;
        if (inFraction)
        {
            --d.exponent;
        }
    }
    if (!anyDigit)
    {
        Fail(what, text, "expected a number followed by a unit");
    }
    // Optional exponent, e.g. 1e-3ms; 'e' starts no unit we accept.
    if (i < n && (text[i] == 'e' || text[i] == 'E'))
    {
        std::size_t j = i + 1;
        bool negative = false;
        if (j < n && (text[j] == '+' || text[j] == '-'))
        {
            negative = text[j] == '-';
            ++j;
        }
        int e = 0;
        bool expDigit = false;
        while (j < n && std::isdigit(static_cast<unsigned char>(text[j])) && e < 1000)
        {
            e = e * 10 + (text[j] - '0');
            expDigit = true;
            ++j;
        }
        if (!expDigit)
        {
            Fail(what, text, "bad exponent");
        }
        d.exponent += negative ? -e : e;
        i = j;
    }
    d.unit = text.substr(i);
    return d;
}

/// mantissa * 10^exponent as an exact integer.
std::uint64_t
Scale(const char* what, const std::string& text, std::uint64_t mantissa, int exponent)
{
    std::uint64_t value = mantissa;
    for (; exponent < 0; ++exponent)
    {
        if (value % 10 != 0)
        {
            Fail(what,
                 text,
                 std::string("not a whole number of ") +
                     (std::string(what) == "rate" ? "bit/s" : "picoseconds"));
        }
        value /= 10;
    }
    for (; exponent > 0; --exponent)
    {
        if (value > std::numeric_limits<std::uint64_t>::max() / 10)
        {
            Fail(what, text, "too large");
        }
        value *= 10;
    }
    return value;
}

template <std::size_t N>
std::uint64_t
ParseWithUnits(const char* what,
               const std::string& text,
               const std::array<UnitScale, N>& units,
               const char* example)
{
    const Decimal d = SplitDecimal(what, text);
    if (d.unit.empty())
    {
        Fail(what, text, std::string("missing unit (e.g. ") + example + ")");
    }
    for (const auto& u : units)
    {
        if (d.unit == u.suffix)
        {
            const std::uint64_t v = Scale(what, text, d.mantissa, d.exponent + u.exponent);
            if (v == 0)
            {
                Fail(what, text, "must be positive");
            }
            return v;
        }
    }
    Fail(what, text, "unknown unit '" + d.unit + "' (e.g. " + example + ")");
}

std::string
FormatScaled(std::uint64_t value, const std::array<std::pair<std::uint64_t, const char*>, 5>& units)
{
    for (const auto& [scale, suffix] : units)
    {
        if (value != 0 && value % scale == 0)
        {
            return std::to_string(value / scale) + suffix;
        }
    }
    return std::to_string(value) + units.back().second;
}

} // namespace

std::uint64_t
ParseRate(const std::string& text)
{
    if (text.find("Bps") != std::string::npos || text.find("B/s") != std::string::npos)
    {
        Fail("rate", text, "byte units are not accepted, use bit/s (e.g. 100Gbps)");
    }
    return ParseWithUnits("rate", text, g_rateUnits, "100Gbps");
}

std::uint64_t
ParseDelay(const std::string& text)
{
    return ParseWithUnits("delay", text, g_delayUnits, "1us");
}

std::string
FormatRate(std::uint64_t bps)
{
    static const std::array<std::pair<std::uint64_t, const char*>, 5> units = {
        {{1000000000000ULL, "Tbps"},
         {1000000000ULL, "Gbps"},
         {1000000ULL, "Mbps"},
         {1000ULL, "Kbps"},
         {1ULL, "bps"}}};
    return FormatScaled(bps, units);
}

std::string
FormatDelay(std::uint64_t ps)
{
    static const std::array<std::pair<std::uint64_t, const char*>, 5> units = {
        {{1000000000000ULL, "s"},
         {1000000000ULL, "ms"},
         {1000000ULL, "us"},
         {1000ULL, "ns"},
         {1ULL, "ps"}}};
    return FormatScaled(ps, units);
}

} // namespace ndksim::topo
