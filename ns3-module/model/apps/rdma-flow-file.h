/*
 * RdmaFlowFile: the HPCC simulator's flow file.
 */

#ifndef RDMA_FLOW_FILE_H
#define RDMA_FLOW_FILE_H

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace ns3
{

/** One flow of an HPCC flow file. */
struct RdmaFlowFileEntry
{
    uint32_t src{0};      //!< source host index
    uint32_t dst{0};      //!< destination host index
    uint32_t priority{0}; //!< priority group (pg)
    uint32_t dport{0};    //!< destination port (kept for reference)
    uint64_t size{0};     //!< bytes
    int64_t startPs{0};   //!< start time, picoseconds
    uint32_t line{0};     //!< line in the file (for messages)
};

/**
 * \ingroup rdma-apps
 * \brief Reader of HPCC flow files: line 1 the flow count N, then N lines
 * `src dst pg dport size start_seconds`. Host indices count the hosts in node-id order (the
 * order of RdmaApp::GetRdmaHosts()). Bad input throws std::runtime_error naming file, line and
 * field; so does a count that does not match the lines.
 */
class RdmaFlowFile
{
  public:
    static std::vector<RdmaFlowFileEntry> Load(const std::string& path);
    static std::vector<RdmaFlowFileEntry> Parse(std::istream& in, const std::string& name);
};

} // namespace ns3

#endif
