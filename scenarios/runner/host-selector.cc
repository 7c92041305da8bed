#include "runner/host-selector.h"

#include <algorithm>
#include <stdexcept>

namespace ndksim::run
{

namespace
{

/** "host12" or "12" -> 12; anything else throws. */
uint32_t
ParseIndex(const std::string& item, const std::string& whole)
{
    std::string digits = item.rfind("host", 0) == 0 ? item.substr(4) : item;
    if (digits.empty() || digits.size() > 9 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    {
        throw std::invalid_argument("'" + whole +
                                    "' is not a host selector (\"host3\", \"3\", \"0-7\", "
                                    "\"host0-host7\" or \"all\")");
    }
    return static_cast<uint32_t>(std::stoul(digits));
}

void
CheckRange(uint32_t index, const std::string& whole, std::size_t nHosts)
{
    if (index >= nHosts)
    {
        throw std::invalid_argument("'" + whole + "': host " + std::to_string(index) +
                                    " is outside the fabric's " + std::to_string(nHosts) +
                                    " hosts (0-" + std::to_string(nHosts - 1) + ")");
    }
}

} // namespace

std::vector<uint32_t>
SelectHosts(const std::vector<std::string>& items, std::size_t nHosts)
{
    std::vector<uint32_t> out;
    std::vector<bool> seen(nHosts, false);
    auto add = [&](uint32_t h) {
        if (!seen[h])
        {
            seen[h] = true;
            out.push_back(h);
        }
    };
    for (const std::string& item : items)
    {
        if (item == "all")
        {
            for (uint32_t h = 0; h < nHosts; ++h)
            {
                add(h);
            }
            continue;
        }
        const std::size_t dash = item.find('-');
        if (dash == std::string::npos)
        {
            const uint32_t h = ParseIndex(item, item);
            CheckRange(h, item, nHosts);
            add(h);
            continue;
        }
        const uint32_t first = ParseIndex(item.substr(0, dash), item);
        const uint32_t last = ParseIndex(item.substr(dash + 1), item);
        if (first > last)
        {
            throw std::invalid_argument("'" + item + "': empty range");
        }
        CheckRange(last, item, nHosts);
        for (uint32_t h = first; h <= last; ++h)
        {
            add(h);
        }
    }
    if (out.empty())
    {
        throw std::invalid_argument("selects no host");
    }
    return out;
}

uint32_t
SelectHost(const std::string& item, std::size_t nHosts)
{
    if (item == "all" || item.find('-') != std::string::npos)
    {
        throw std::invalid_argument("'" + item + "' must name one host (\"host3\" or \"3\")");
    }
    const uint32_t h = ParseIndex(item, item);
    CheckRange(h, item, nHosts);
    return h;
}

} // namespace ndksim::run
