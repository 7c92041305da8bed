#include "ndksim/topo/topo-error.h"
#include "ndksim/topo/topo-io.h"
#include "ndksim/topo/units.h"
#include "raw-graph.h"

#include <boost/graph/graphml.hpp>
#include <istream>
#include <ostream>
#include <sstream>

namespace ndksim::topo
{

Topology
ReadGraphml(std::istream& in, const std::string& source, const ValidateOptions& options)
{
    detail::RawGraph g;
    try
    {
        // Boost's GraphML reader does not expose the XML node ids: names come from "name".
        boost::dynamic_properties dp = detail::MakeRawProperties(g, "name");
        boost::read_graphml(in, g, dp);
    }
    catch (const std::exception& e)
    {
        throw TopoError(std::string("cannot read GraphML: ") + e.what(), source);
    }
    return detail::BuildFromRaw(g, source, options);
}

void
WriteGraphml(const Topology& topo, std::ostream& out)
{
    auto esc = [](const std::string& s) { return detail::Escape(s, true); };
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<!-- ndksim topology: " << esc(topo.GetDescription()) << " -->\n"
        << "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
        << "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
        << "  <key id=\"role\" for=\"node\" attr.name=\"role\" attr.type=\"string\"/>\n"
        << "  <key id=\"index\" for=\"node\" attr.name=\"index\" attr.type=\"int\"/>\n"
        << "  <key id=\"rate\" for=\"edge\" attr.name=\"rate\" attr.type=\"string\"/>\n"
        << "  <key id=\"delay\" for=\"edge\" attr.name=\"delay\" attr.type=\"string\"/>\n"
        << "  <key id=\"error_rate\" for=\"edge\" attr.name=\"error_rate\" "
           "attr.type=\"double\"/>\n"
        << "  <key id=\"lname\" for=\"edge\" attr.name=\"name\" attr.type=\"string\"/>\n"
        << "  <graph id=\"ndksim\" edgedefault=\"undirected\">\n";
    for (NodeId v = 0; v < topo.NumNodes(); ++v)
    {
        const std::string name = esc(topo.GetName(v));
        out << "    <node id=\"" << name << "\"><data key=\"name\">" << name
            << "</data><data key=\"role\">" << ToString(topo.GetRole(v))
            << "</data><data key=\"index\">" << v << "</data></node>\n";
    }
    for (LinkId l = 0; l < topo.NumLinks(); ++l)
    {
        const LinkEnds& e = topo.GetLinkEnds(l);
        const LinkProps& p = topo.GetLink(l);
        out << "    <edge source=\"" << esc(topo.GetName(e.a)) << "\" target=\""
            << esc(topo.GetName(e.b)) << "\"><data key=\"rate\">" << FormatRate(p.rateBps)
            << "</data><data key=\"delay\">" << FormatDelay(p.delayPs) << "</data>";
        if (p.errorRate != 0.0)
        {
            std::ostringstream os;
            os.precision(17);
            os << p.errorRate;
            out << "<data key=\"error_rate\">" << os.str() << "</data>";
        }
        if (!p.name.empty())
        {
            out << "<data key=\"lname\">" << esc(p.name) << "</data>";
        }
        out << "</edge>\n";
    }
    out << "  </graph>\n</graphml>\n";
}

} // namespace ndksim::topo
