#include "ndksim/topo/topo-error.h"
#include "ndksim/topo/topo-io.h"
#include "ndksim/topo/units.h"
#include "raw-graph.h"

#include <boost/graph/graphviz.hpp>
#include <istream>
#include <iterator>
#include <ostream>
#include <sstream>

namespace ndksim::topo
{

namespace
{

std::string
FormatErrorRate(double rate)
{
    std::ostringstream os;
    os.precision(17);
    os << rate;
    return os.str();
}

} // namespace

Topology
ReadDot(std::istream& in, const std::string& source, const ValidateOptions& options)
{
    detail::RawGraph g;
    try
    {
        const std::string text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        boost::dynamic_properties dp = detail::MakeRawProperties(g, "node_id");
        boost::read_graphviz(text, g, dp, "node_id");
    }
    catch (const std::exception& e)
    {
        // Boost reports syntax errors, digraphs and bad values with its own wording.
        throw TopoError(std::string("cannot read DOT: ") + e.what(), source);
    }
    return detail::BuildFromRaw(g, source, options);
}

void
WriteDot(const Topology& topo, std::ostream& out)
{
    auto quoted = [](const std::string& s) { return "\"" + detail::Escape(s, false) + "\""; };
    out << "// ndksim topology: " << topo.GetDescription() << "\n";
    out << "// " << topo.NumNodes() << " nodes, " << topo.NumLinks() << " links\n";
    out << "graph ndksim {\n";
    for (NodeId v = 0; v < topo.NumNodes(); ++v)
    {
        out << "  " << quoted(topo.GetName(v)) << " [role=" << ToString(topo.GetRole(v))
            << ", index=" << v << "];\n";
    }
    for (LinkId l = 0; l < topo.NumLinks(); ++l)
    {
        const LinkEnds& e = topo.GetLinkEnds(l);
        const LinkProps& p = topo.GetLink(l);
        out << "  " << quoted(topo.GetName(e.a)) << " -- " << quoted(topo.GetName(e.b))
            << " [rate=\"" << FormatRate(p.rateBps) << "\", delay=\"" << FormatDelay(p.delayPs)
            << "\"";
        if (p.errorRate != 0.0)
        {
            out << ", error_rate=\"" << FormatErrorRate(p.errorRate) << "\"";
        }
        if (!p.name.empty())
        {
            out << ", name=" << quoted(p.name);
        }
        out << "];\n";
    }
    out << "}\n";
}

} // namespace ndksim::topo
