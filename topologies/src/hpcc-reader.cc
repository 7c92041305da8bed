#include "ndksim/topo/topo-error.h"
#include "ndksim/topo/topo-io.h"
#include "ndksim/topo/units.h"

#include <cerrno>
#include <cstdlib>
#include <istream>
#include <sstream>
#include <unordered_map>
#include <vector>

namespace ndksim::topo
{

namespace
{

/// Most nodes an HPCC file may declare; beyond that a typo would only exhaust memory.
constexpr std::uint64_t MAX_NODES = 16'000'000;

std::vector<std::string>
Fields(const std::string& line)
{
    std::istringstream is(line);
    std::vector<std::string> out;
    std::string f;
    while (is >> f)
    {
        out.push_back(f);
    }
    return out;
}

/// Reads the file line by line, keeping the line number for "file:line: message" errors.
class HpccParser
{
  public:
    HpccParser(std::istream& in, const std::string& source)
        : m_in(in),
          m_source(source)
    {
    }

    Topology Parse()
    {
        std::vector<std::string> f;
        if (!NextLine(f, false) || f.size() != 3)
        {
            Fail("expected 'NODES SWITCHES LINKS' (three whole numbers)");
        }
        const std::uint64_t nodes = Whole(f[0], "node count", MAX_NODES);
        const std::uint64_t switches = Whole(f[1], "switch count", nodes);
        const std::uint64_t links = Whole(f[2], "link count", nodes * nodes);
        if (nodes == 0)
        {
            Fail("node count must be positive");
        }

        if (!NextLine(f, true))
        {
            Fail("missing the line of switch ids");
        }
        if (f.size() != switches)
        {
            Fail("expected " + std::to_string(switches) + " switch ids (line 1), found " +
                 std::to_string(f.size()));
        }
        std::vector<char> isSwitch(nodes, 0);
        for (const auto& s : f)
        {
            const std::uint64_t id = Whole(s, "switch id", nodes - 1);
            if (isSwitch[id])
            {
                Fail("switch id " + s + " listed twice");
            }
            isSwitch[id] = 1;
        }

        Topology topo;
        for (std::uint64_t v = 0; v < nodes; ++v)
        {
            topo.AddNode(isSwitch[v] ? NodeRole::Switch : NodeRole::Host, std::to_string(v));
        }
        std::unordered_map<std::uint64_t, std::size_t> firstLine; // node pair -> line
        std::uint64_t count = 0;
        while (NextLine(f, false))
        {
            if (count == links)
            {
                Fail("more link lines than the " + std::to_string(links) + " declared on line 1");
            }
            if (f.size() != 5)
            {
                Fail("expected 'a b rate delay error_rate', found " + std::to_string(f.size()) +
                     " fields");
            }
            const auto a = static_cast<NodeId>(Whole(f[0], "node id", nodes - 1));
            const auto b = static_cast<NodeId>(Whole(f[1], "node id", nodes - 1));
            if (a == b)
            {
                Fail("self-loop at node " + f[0]);
            }
            const std::uint64_t key = std::min(a, b) * nodes + std::max(a, b);
            const auto [it, fresh] = firstLine.emplace(key, m_line);
            if (!fresh)
            {
                Fail("duplicate link " + f[0] + " -- " + f[1] + " (first on line " +
                     std::to_string(it->second) + ")");
            }
            LinkProps props;
            try
            {
                props.rateBps = ParseRate(f[2]);
                props.delayPs = ParseDelay(f[3]);
            }
            catch (const std::invalid_argument& e)
            {
                Fail(e.what());
            }
            char* end = nullptr;
            errno = 0;
            props.errorRate = std::strtod(f[4].c_str(), &end);
            if (*end != '\0' || errno == ERANGE || !(props.errorRate >= 0.0) ||
                props.errorRate > 1.0)
            {
                Fail("bad error rate '" + f[4] + "' (expected a number in [0, 1])");
            }
            topo.AddLink(a, b, props);
            ++count;
        }
        if (count != links)
        {
            throw TopoError("expected " + std::to_string(links) + " links (line 1), found " +
                                std::to_string(count),
                            m_source);
        }
        InferSwitchRoles(topo);
        return topo;
    }

  private:
    /// Next non-blank line split into fields (\p allowBlank: the next line even if blank).
    bool NextLine(std::vector<std::string>& fields, bool allowBlank)
    {
        std::string line;
        while (std::getline(m_in, line))
        {
            ++m_line;
            fields = Fields(line);
            if (!fields.empty() || allowBlank)
            {
                return true;
            }
        }
        return false;
    }

    std::uint64_t Whole(const std::string& text, const char* what, std::uint64_t max) const
    {
        if (text.find_first_not_of("0123456789") != std::string::npos || text.size() > 18)
        {
            Fail(std::string("bad ") + what + " '" + text + "' (expected a whole number)");
        }
        const std::uint64_t v = std::stoull(text);
        if (v > max)
        {
            Fail(std::string(what) + " " + text + " out of range (max " + std::to_string(max) +
                 ")");
        }
        return v;
    }

    [[noreturn]] void Fail(const std::string& message) const
    {
        throw TopoError(message, m_source, m_line);
    }

    std::istream& m_in;
    std::string m_source;
    std::size_t m_line = 0;
};

} // namespace

Topology
ReadHpcc(std::istream& in, const std::string& source, const ValidateOptions& options)
{
    Topology topo = HpccParser(in, source).Parse();
    Validate(topo, options, source);
    return topo;
}

} // namespace ndksim::topo
