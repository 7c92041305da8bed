#include "raw-graph.h"

#include "ndksim/topo/topo-error.h"
#include "ndksim/topo/units.h"

#include <cerrno>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <typeinfo>

namespace ndksim::topo::detail
{

namespace
{

/// Any GraphML value type as text; GraphML declares types per key and Boost converts to them.
std::string
ToText(const boost::any& value)
{
    if (value.type() == typeid(std::string))
    {
        return boost::any_cast<std::string>(value);
    }
    if (value.type() == typeid(bool))
    {
        return boost::any_cast<bool>(value) ? "true" : "false";
    }
    if (value.type() == typeid(int))
    {
        return std::to_string(boost::any_cast<int>(value));
    }
    if (value.type() == typeid(long))
    {
        return std::to_string(boost::any_cast<long>(value));
    }
    std::ostringstream os;
    os.precision(17);
    if (value.type() == typeid(double))
    {
        os << boost::any_cast<double>(value);
        return os.str();
    }
    if (value.type() == typeid(float))
    {
        os << boost::any_cast<float>(value);
        return os.str();
    }
    throw std::invalid_argument(std::string("unsupported attribute type ") + value.type().name());
}

/// A text field of the node or edge bundle behind Boost's dynamic_properties interface.
template <typename Descriptor, typename Bundle>
class TextAttributeMap : public boost::dynamic_property_map
{
  public:
    TextAttributeMap(RawGraph& g, std::string Bundle::*member)
        : m_graph(&g),
          m_member(member)
    {
    }

    boost::any get(const boost::any& key) override
    {
        return Field(key);
    }

    std::string get_string(const boost::any& key) override
    {
        return Field(key);
    }

    void put(const boost::any& key, const boost::any& value) override
    {
        Field(key) = ToText(value);
    }

    const std::type_info& key() const override
    {
        return typeid(Descriptor);
    }

    const std::type_info& value() const override
    {
        return typeid(std::string);
    }

  private:
    std::string& Field(const boost::any& key)
    {
        return (*m_graph)[boost::any_cast<Descriptor>(key)].*m_member;
    }

    RawGraph* m_graph;
    std::string Bundle::*m_member;
};

using Vertex = RawGraph::vertex_descriptor;
using Edge = RawGraph::edge_descriptor;

std::string
LinkLabel(const Topology& topo, NodeId a, NodeId b)
{
    return "link '" + topo.GetName(a) + "' -- '" + topo.GetName(b) + "'";
}

std::vector<std::size_t>
NodeOrder(const RawGraph& g)
{
    const std::size_t n = boost::num_vertices(g);
    std::vector<std::size_t> order(n);
    std::size_t withIndex = 0;
    for (Vertex v = 0; v < n; ++v)
    {
        withIndex += g[v].index.empty() ? 0 : 1;
    }
    if (withIndex == 0)
    {
        for (std::size_t i = 0; i < n; ++i)
        {
            order[i] = i;
        }
        return order;
    }
    std::vector<char> taken(n, 0);
    for (Vertex v = 0; v < n; ++v)
    {
        const std::string& text = g[v].index;
        const std::string node = "node '" + g[v].name + "': ";
        if (text.empty())
        {
            throw TopoError(node + "missing index (give index on all nodes or on none)");
        }
        if (text.find_first_not_of("0123456789") != std::string::npos || text.size() > 9)
        {
            throw TopoError(node + "bad index '" + text + "' (expected a whole number)");
        }
        const std::size_t i = std::stoul(text);
        if (i >= n)
        {
            throw TopoError(node + "index " + text + " out of range (" + std::to_string(n) +
                            " nodes)");
        }
        if (taken[i])
        {
            throw TopoError(node + "index " + text + " used twice");
        }
        taken[i] = 1;
        order[i] = v;
    }
    return order;
}

} // namespace

boost::dynamic_properties
MakeRawProperties(RawGraph& g, const std::string& nameKey)
{
    boost::dynamic_properties dp(boost::ignore_other_properties);
    auto node = [&g](std::string RawNode::*m) {
        return boost::shared_ptr<boost::dynamic_property_map>(
            new TextAttributeMap<Vertex, RawNode>(g, m));
    };
    auto edge = [&g](std::string RawEdge::*m) {
        return boost::shared_ptr<boost::dynamic_property_map>(
            new TextAttributeMap<Edge, RawEdge>(g, m));
    };
    dp.insert(nameKey, node(&RawNode::name));
    dp.insert("role", node(&RawNode::role));
    dp.insert("index", node(&RawNode::index));
    dp.insert("rate", edge(&RawEdge::rate));
    dp.insert("delay", edge(&RawEdge::delay));
    dp.insert("error_rate", edge(&RawEdge::errorRate));
    dp.insert("name", edge(&RawEdge::name));
    return dp;
}

Topology
BuildFromRaw(const RawGraph& g, const std::string& source, const ValidateOptions& options)
{
    try
    {
        const std::vector<std::size_t> order = NodeOrder(g);
        std::vector<NodeId> id(order.size());
        Topology topo;
        for (std::size_t i = 0; i < order.size(); ++i)
        {
            const RawNode& raw = g[order[i]];
            const std::string name = raw.name.empty() ? "n" + std::to_string(i) : raw.name;
            if (raw.role.empty())
            {
                throw TopoError("node '" + name + "': missing role attribute");
            }
            NodeRole role;
            try
            {
                role = ParseRole(raw.role);
            }
            catch (const std::invalid_argument& e)
            {
                throw TopoError("node '" + name + "': " + e.what());
            }
            id[order[i]] = topo.AddNode(role, name);
        }
        for (auto [it, end] = boost::edges(g); it != end; ++it)
        {
            const RawEdge& raw = g[*it];
            const NodeId a = id[boost::source(*it, g)];
            const NodeId b = id[boost::target(*it, g)];
            const std::string label = LinkLabel(topo, a, b);
            LinkProps props;
            props.name = raw.name;
            if (raw.rate.empty())
            {
                throw TopoError(label + ": missing rate attribute");
            }
            if (raw.delay.empty())
            {
                throw TopoError(label + ": missing delay attribute");
            }
            try
            {
                props.rateBps = ParseRate(raw.rate);
                props.delayPs = ParseDelay(raw.delay);
            }
            catch (const std::invalid_argument& e)
            {
                throw TopoError(label + ": " + e.what());
            }
            if (!raw.errorRate.empty())
            {
                char* endp = nullptr;
                errno = 0;
                props.errorRate = std::strtod(raw.errorRate.c_str(), &endp);
                if (*endp != '\0' || errno == ERANGE)
                {
                    throw TopoError(label + ": bad error_rate '" + raw.errorRate +
                                    "' (expected a number in [0, 1])");
                }
            }
            topo.AddLink(a, b, props);
        }
        Validate(topo, options, source);
        return topo;
    }
    catch (const TopoError& e)
    {
        throw e.InFile(source);
    }
}

std::string
Escape(const std::string& text, bool xml)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text)
    {
        if (xml)
        {
            switch (c)
            {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
            }
        }
        else
        {
            if (c == '"' || c == '\\')
            {
                out += '\\';
            }
            out += c;
        }
    }
    return out;
}

} // namespace ndksim::topo::detail
