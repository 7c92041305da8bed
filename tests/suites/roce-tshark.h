/*
 * Reading captures back with tshark, for pcap tests: tshark is the independent decoder.
 */

#ifndef ROCE_TSHARK_H
#define ROCE_TSHARK_H

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace tshark
{

/** \return stdout of \p command, and its exit status in \p status */
inline std::string
RunCommand(const std::string& command, int& status)
{
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr)
    {
        status = -1;
        return out;
    }
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), pipe)) > 0)
    {
        out.append(chunk, n);
    }
    status = pclose(pipe);
    return out;
}

/** \return \p line split at '|' */
inline std::vector<std::string>
Split(const std::string& line)
{
    std::vector<std::string> fields;
    size_t start = 0;
    while (true)
    {
        const size_t bar = line.find('|', start);
        fields.push_back(line.substr(start, bar - start));
        if (bar == std::string::npos)
        {
            return fields;
        }
        start = bar + 1;
    }
}

/** \return a tshark number ("0x1f", "31", "True") as an integer; -1 if empty */
inline int64_t
Number(const std::string& text)
{
    if (text.empty())
    {
        return -1;
    }
    if (text == "True")
    {
        return 1;
    }
    if (text == "False")
    {
        return 0;
    }
    return static_cast<int64_t>(std::strtoull(text.c_str(), nullptr, 0));
}

/** \return a tshark bytes field with any ':' separators removed */
inline std::string
BytesText(const std::string& text)
{
    std::string out;
    for (char c : text)
    {
        if (c != ':')
        {
            out += c;
        }
    }
    return out;
}

/** \return a tshark bytes field ("00000202", maybe repeated after ',') as a number; -1 if empty */
inline int64_t
HexBytes(const std::string& text)
{
    const std::string first = BytesText(text.substr(0, text.find(',')));
    return first.empty() ? -1 : static_cast<int64_t>(std::strtoull(first.c_str(), nullptr, 16));
}

/** \return true if tshark is on the PATH */
inline bool
Available()
{
    int status = 0;
    RunCommand("command -v tshark >/dev/null 2>&1", status);
    return status == 0;
}

/**
 * Decode \p path with tshark and \return one map field -> text per frame (first occurrence of
 * each field); \p error is set (and the result empty) if tshark fails.
 */
inline std::vector<std::map<std::string, std::string>>
Fields(const std::string& path, const std::vector<std::string>& fields, std::string& error)
{
    std::string command = "tshark -r '" + path +
                          "' -o ip.check_checksum:TRUE -T fields -E separator='|' -E occurrence=f";
    for (const auto& field : fields)
    {
        command += " -e " + field;
    }
    command += " 2>/dev/null"; // tshark warns on stderr when run as root
    int status = 0;
    const std::string output = RunCommand(command, status);
    std::vector<std::map<std::string, std::string>> rows;
    if (status != 0)
    {
        error = "tshark -r " + path + " failed with status " + std::to_string(status);
        return rows;
    }
    std::size_t start = 0;
    while (start < output.size())
    {
        std::size_t end = output.find('\n', start);
        if (end == std::string::npos)
        {
            end = output.size();
        }
        const std::vector<std::string> values = Split(output.substr(start, end - start));
        start = end + 1;
        if (values.size() != fields.size())
        {
            error = "unexpected tshark line: " + output.substr(0, 200);
            return {};
        }
        std::map<std::string, std::string> row;
        for (std::size_t f = 0; f < fields.size(); ++f)
        {
            row[fields[f]] = values[f];
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace tshark
} // namespace ns3

#endif
