/*
 * RdmaFlowSizeCdf: a flow-size distribution in the HPCC CDF file format.
 */

#ifndef RDMA_FLOW_SIZE_CDF_H
#define RDMA_FLOW_SIZE_CDF_H

#include <cstdint>
#include <istream>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup rdma-apps
 * \brief A flow-size CDF as the HPCC traffic generator reads it: lines `size_bytes
 * cumulative_percent` (WebSearch_distribution.txt, FbHdp_distribution.txt, AliStorage2019.txt,
 * GoogleRPC2008.txt), sizes and percents non-decreasing, the last percent 100. Blank lines and
 * lines starting with '#' are skipped.
 *
 * Sampling inverts the CDF with linear interpolation between points (as that generator does);
 * Mean() is the mean of that piecewise-uniform distribution. Bad input throws
 * std::runtime_error naming file, line and field.
 */
class RdmaFlowSizeCdf
{
  public:
    /** Read \p path. \throw std::runtime_error "path:line: field: problem" */
    static RdmaFlowSizeCdf Load(const std::string& path);
    /** Read a stream; \p name stands for the file in messages. */
    static RdmaFlowSizeCdf Parse(std::istream& in, const std::string& name);

    /** \return the size (bytes, >= 1) at cumulative probability \p u in [0, 1]. */
    uint64_t Sample(double u) const;
    /** \return the mean flow size in bytes. */
    double Mean() const;

    /** (size in bytes, cumulative probability in [0, 1]) points. */
    const std::vector<std::pair<double, double>>& GetPoints() const
    {
        return m_points;
    }

  private:
    std::vector<std::pair<double, double>> m_points;
};

} // namespace ns3

#endif
