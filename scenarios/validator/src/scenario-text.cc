// Text helpers of the scenario validator: positions, value descriptions, "did you mean" hints,
// integer and size parsing, identifier checks.
#include "scenario-text.h"

#include "ndksim/topo/units.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace ndksim::scenario::text
{

std::string
Where(const toml::source_region& region)
{
    std::string path = region.path ? *region.path : std::string("<scenario>");
    return path + ":" + std::to_string(region.begin.line) + ":" +
           std::to_string(region.begin.column);
}

std::string
DescribeNode(const toml::node& node)
{
    switch (node.type())
    {
    case toml::node_type::integer:
        return "an integer";
    case toml::node_type::floating_point:
        return "a floating-point number";
    case toml::node_type::boolean:
        return "a boolean";
    case toml::node_type::string:
        return "a string";
    case toml::node_type::array:
        return "an array";
    case toml::node_type::table:
        return "a table";
    default:
        return "a date/time";
    }
}

/** Levenshtein distance, for "did you mean" hints. */
std::size_t
Distance(const std::string& a, const std::string& b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
    {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i)
    {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
        {
            std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string
Join(const std::vector<std::string>& items)
{
    std::string out;
    for (const std::string& s : items)
    {
        out += (out.empty() ? "" : ", ") + s;
    }
    return out;
}

/** "(did you mean 'seed'? known: seed, rng_run)" */
std::string
KnownHint(const std::string& given, const std::vector<std::string>& known)
{
    std::string best;
    std::size_t bestDistance = 3;
    for (const std::string& k : known)
    {
        std::size_t d = Distance(given, k);
        if (d < bestDistance)
        {
            bestDistance = d;
            best = k;
        }
    }
    std::string hint = best.empty() ? "" : "did you mean '" + best + "'? ";
    return "(" + hint + "known: " + (known.empty() ? "none" : Join(known)) + ")";
}

bool
ParseInteger(const std::string& text, int64_t* out)
{
    if (text.empty())
    {
        return false;
    }
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(text.c_str(), &end, 10);
    if (errno != 0 || *end != '\0')
    {
        return false;
    }
    *out = v;
    return true;
}

/** Sizes: an integer number of bytes, optionally with a decimal or binary unit. */
int64_t
ParseSize(const std::string& text)
{
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])))
    {
        ++digits;
    }
    if (digits == 0)
    {
        throw std::invalid_argument("bad size '" + text +
                                    "': expected a size such as 65536 or "
                                    "\"64KiB\"");
    }
    std::string unit = text.substr(digits);
    static const std::pair<const char*, int64_t> units[] = {{"", 1},
                                                            {"B", 1},
                                                            {"KB", 1000},
                                                            {"KiB", 1024},
                                                            {"MB", 1000 * 1000},
                                                            {"MiB", 1024 * 1024},
                                                            {"GB", 1000 * 1000 * 1000},
                                                            {"GiB", 1024LL * 1024 * 1024},
                                                            {"TB", 1000LL * 1000 * 1000 * 1000},
                                                            {"TiB", 1024LL * 1024 * 1024 * 1024}};
    for (const auto& [suffix, scale] : units)
    {
        if (unit == suffix)
        {
            int64_t n = 0;
            if (!ParseInteger(text.substr(0, digits), &n) ||
                n > std::numeric_limits<int64_t>::max() / scale)
            {
                throw std::invalid_argument("bad size '" + text + "': too large");
            }
            return n * scale;
        }
    }
    throw std::invalid_argument("bad size '" + text + "': unknown unit '" + unit +
                                "' (B, KB, KiB, MB, MiB, GB, GiB, TB, TiB)");
}

bool
IsIdentifier(const std::string& s)
{
    if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0])))
    {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

/** "ns3::Type::Attribute" (types may be nested: "ns3::Foo::Bar::Attr"). */
bool
IsFullAttributeName(const std::string& s)
{
    if (s.rfind("ns3::", 0) != 0)
    {
        return false;
    }
    std::size_t count = 0;
    std::size_t start = 0;
    while (true)
    {
        std::size_t next = s.find("::", start);
        std::string part =
            s.substr(start, next == std::string::npos ? std::string::npos : next - start);
        if (!IsIdentifier(part))
        {
            return false;
        }
        ++count;
        if (next == std::string::npos)
        {
            break;
        }
        start = next + 2;
    }
    return count >= 3;
}

std::string
FormatFloat(double v)
{
    std::ostringstream out;
    out.precision(17);
    out << v;
    return out.str();
}

} // namespace ndksim::scenario::text
