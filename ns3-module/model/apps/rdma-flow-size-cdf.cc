#include "rdma-flow-size-cdf.h"

#include <algorithm>
#include <cmath>
#include <fstream>
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

/** Parse a whole token as a finite double, or fail naming the field. */
double
Number(const std::string& token, const std::string& name, uint32_t line, const char* field)
{
    size_t used = 0;
    double v = 0;
    try
    {
        v = std::stod(token, &used);
    }
    catch (const std::exception&)
    {
        used = 0;
    }
    if (used != token.size() || !std::isfinite(v))
    {
        Bad(name, line, std::string(field) + ": '" + token + "' is not a number");
    }
    return v;
}
} // namespace

RdmaFlowSizeCdf
RdmaFlowSizeCdf::Load(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
    {
        throw std::runtime_error(path + ": cannot open flow-size CDF file");
    }
    return Parse(in, path);
}

RdmaFlowSizeCdf
RdmaFlowSizeCdf::Parse(std::istream& in, const std::string& name)
{
    RdmaFlowSizeCdf cdf;
    std::string text;
    uint32_t line = 0;
    uint32_t lastLine = 0;
    while (std::getline(in, text))
    {
        ++line;
        std::istringstream fields(text);
        std::string size;
        std::string percent;
        std::string extra;
        if (!(fields >> size) || size[0] == '#')
        {
            continue;
        }
        if (!(fields >> percent))
        {
            Bad(name, line, "cumulative_percent: missing");
        }
        if (fields >> extra)
        {
            Bad(name, line, "unexpected field '" + extra + "' after cumulative_percent");
        }
        const double s = Number(size, name, line, "size_bytes");
        const double p = Number(percent, name, line, "cumulative_percent");
        if (s < 0)
        {
            Bad(name, line, "size_bytes: negative");
        }
        if (p < 0 || p > 100)
        {
            Bad(name, line, "cumulative_percent: outside [0, 100]");
        }
        if (!cdf.m_points.empty())
        {
            if (s < cdf.m_points.back().first)
            {
                Bad(name, line, "size_bytes: smaller than on the previous line");
            }
            if (p / 100 < cdf.m_points.back().second)
            {
                Bad(name, line, "cumulative_percent: smaller than on the previous line");
            }
        }
        cdf.m_points.emplace_back(s, p / 100);
        lastLine = line;
    }
    if (cdf.m_points.size() < 2)
    {
        Bad(name, line, "a CDF needs at least two points");
    }
    if (cdf.m_points.back().second != 1.0)
    {
        Bad(name, lastLine, "cumulative_percent: the last point must be 100");
    }
    return cdf;
}

uint64_t
RdmaFlowSizeCdf::Sample(double u) const
{
    u = std::clamp(u, 0.0, 1.0);
    // First point whose cumulative probability reaches u; interpolate from the one before.
    auto it =
        std::lower_bound(m_points.begin(),
                         m_points.end(),
                         u,
                         [](const std::pair<double, double>& p, double v) { return p.second < v; });
    double size;
    if (it == m_points.begin())
    {
        size = it->first;
    }
    else
    {
        auto prev = it - 1;
        const double dp = it->second - prev->second;
        size =
            dp > 0 ? prev->first + (it->first - prev->first) * (u - prev->second) / dp : it->first;
    }
    return std::max<uint64_t>(1, static_cast<uint64_t>(std::llround(size)));
}

double
RdmaFlowSizeCdf::Mean() const
{
    double mean = m_points.front().first * m_points.front().second;
    for (size_t i = 1; i < m_points.size(); ++i)
    {
        const double dp = m_points[i].second - m_points[i - 1].second;
        mean += dp * (m_points[i].first + m_points[i - 1].first) / 2;
    }
    return std::max(1.0, mean);
}

} // namespace ns3
