#include "rdma-flow-file.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace ns3
{

namespace
{
[[noreturn]] void
Bad(const std::string& name, uint32_t line, const std::string& what)
{
    throw std::runtime_error(name + ":" + std::to_string(line) + ": " + what);
}

uint64_t
Unsigned(const std::string& token,
         const std::string& name,
         uint32_t line,
         const char* field,
         uint64_t max)
{
    size_t used = 0;
    unsigned long long v = 0;
    bool ok = !token.empty() && token[0] != '-';
    if (ok)
    {
        try
        {
            v = std::stoull(token, &used);
        }
        catch (const std::exception&)
        {
            ok = false;
        }
    }
    if (!ok || used != token.size() || v > max)
    {
        Bad(name,
            line,
            std::string(field) + ": '" + token + "' is not an integer in [0, " +
                std::to_string(max) + "]");
    }
    return v;
}
} // namespace

std::vector<RdmaFlowFileEntry>
RdmaFlowFile::Load(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
    {
        throw std::runtime_error(path + ": cannot open flow file");
    }
    return Parse(in, path);
}

std::vector<RdmaFlowFileEntry>
RdmaFlowFile::Parse(std::istream& in, const std::string& name)
{
    std::vector<RdmaFlowFileEntry> flows;
    std::string text;
    uint32_t line = 0;
    uint64_t count = 0;
    bool haveCount = false;
    const char* fieldNames[] = {"src", "dst", "pg", "dport", "size", "start_time"};
    while (std::getline(in, text))
    {
        ++line;
        std::istringstream fields(text);
        std::vector<std::string> tokens;
        for (std::string t; fields >> t;)
        {
            tokens.push_back(t);
        }
        if (tokens.empty())
        {
            continue;
        }
        if (!haveCount)
        {
            if (tokens.size() != 1)
            {
                Bad(name, line, "flow count: expected one number on the first line");
            }
            count =
                Unsigned(tokens[0], name, line, "flow count", std::numeric_limits<uint32_t>::max());
            haveCount = true;
            continue;
        }
        if (tokens.size() != 6)
        {
            Bad(name,
                line,
                std::string(tokens.size() < 6 ? fieldNames[tokens.size()] : "line") +
                    (tokens.size() < 6 ? ": missing" : ": more than 6 fields"));
        }
        if (flows.size() == count)
        {
            Bad(name, line, "more flows than the count on line 1 (" + std::to_string(count) + ")");
        }
        RdmaFlowFileEntry f;
        f.line = line;
        f.src = static_cast<uint32_t>(Unsigned(tokens[0], name, line, "src", 0xFFFFFFFF));
        f.dst = static_cast<uint32_t>(Unsigned(tokens[1], name, line, "dst", 0xFFFFFFFF));
        f.priority = static_cast<uint32_t>(Unsigned(tokens[2], name, line, "pg", 7));
        f.dport = static_cast<uint32_t>(Unsigned(tokens[3], name, line, "dport", 65535));
        f.size = Unsigned(tokens[4], name, line, "size", std::numeric_limits<uint64_t>::max());
        if (f.size == 0)
        {
            Bad(name, line, "size: zero");
        }
        if (f.src == f.dst)
        {
            Bad(name, line, "dst: equals src");
        }
        size_t used = 0;
        double start = -1;
        try
        {
            start = std::stod(tokens[5], &used);
        }
        catch (const std::exception&)
        {
            used = 0;
        }
        if (used != tokens[5].size() || !std::isfinite(start) || start < 0)
        {
            Bad(name,
                line,
                "start_time: '" + tokens[5] + "' is not a non-negative number of seconds");
        }
        f.startPs = std::llround(start * 1e12);
        flows.push_back(f);
    }
    if (!haveCount)
    {
        Bad(name, line, "flow count: missing (empty file)");
    }
    if (flows.size() != count)
    {
        Bad(name,
            line,
            "flow count: line 1 says " + std::to_string(count) + " but " +
                std::to_string(flows.size()) + " flows follow");
    }
    return flows;
}

} // namespace ns3
