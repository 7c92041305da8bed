#include "ndksim/topo/generators.h"
#include "ndksim/topo/topo-error.h"
#include "ndksim/topo/units.h"

#include <cerrno>
#include <cstdlib>
#include <functional>
#include <limits>
#include <stdexcept>
#include <utility>

namespace ndksim::topo
{

namespace
{

/// One key of a generator string and how to store its value.
struct KeyDef
{
    const char* name;
    std::function<void(const std::string& value)> set;
};

std::string
Trim(const std::string& s)
{
    const auto begin = s.find_first_not_of(" \t");
    if (begin == std::string::npos)
    {
        return "";
    }
    const auto end = s.find_last_not_of(" \t");
    return s.substr(begin, end - begin + 1);
}

/// Builds the "<generator>: key '<key>': ..." error for a value that does not parse.
class ValueParser
{
  public:
    ValueParser(std::string generator, std::string key)
        : m_generator(std::move(generator)),
          m_key(std::move(key))
    {
    }

    [[noreturn]] void Fail(const std::string& value, const std::string& why) const
    {
        throw TopoError(m_generator + ": key '" + m_key + "': bad value '" + value + "': " + why);
    }

    std::uint64_t Whole(const std::string& value, std::uint64_t max) const
    {
        if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos)
        {
            Fail(value, "expected a whole number");
        }
        errno = 0;
        const unsigned long long v = std::strtoull(value.c_str(), nullptr, 10);
        if (errno == ERANGE || v > max)
        {
            Fail(value, "larger than " + std::to_string(max));
        }
        return v;
    }

    std::uint32_t Count(const std::string& value) const
    {
        return static_cast<std::uint32_t>(Whole(value, std::numeric_limits<std::uint32_t>::max()));
    }

    double Real(const std::string& value) const
    {
        char* end = nullptr;
        errno = 0;
        const double v = std::strtod(value.c_str(), &end);
        if (value.empty() || *end != '\0' || errno == ERANGE)
        {
            Fail(value, "expected a number");
        }
        return v;
    }

    std::uint64_t Rate(const std::string& value) const
    {
        try
        {
            return ParseRate(value);
        }
        catch (const std::invalid_argument& e)
        {
            throw TopoError(m_generator + ": key '" + m_key + "': " + e.what());
        }
    }

    std::uint64_t Delay(const std::string& value) const
    {
        try
        {
            return ParseDelay(value);
        }
        catch (const std::invalid_argument& e)
        {
            throw TopoError(m_generator + ": key '" + m_key + "': " + e.what());
        }
    }

  private:
    std::string m_generator;
    std::string m_key;
};

/// Parses "key=value,..." against \p keys; "delay" is applied before the specific delay keys.
void
ApplyKeys(const std::string& generator, const std::string& args, const std::vector<KeyDef>& keys)
{
    std::vector<std::pair<std::string, std::string>> items;
    std::size_t pos = 0;
    while (!args.empty() && pos <= args.size())
    {
        const std::size_t comma = std::min(args.find(',', pos), args.size());
        const std::string item = Trim(args.substr(pos, comma - pos));
        pos = comma + 1;
        const std::size_t eq = item.find('=');
        if (eq == std::string::npos)
        {
            throw TopoError(generator + ": '" + item + "' is not key=value");
        }
        const std::string key = Trim(item.substr(0, eq));
        const std::string value = Trim(item.substr(eq + 1));
        bool known = false;
        for (const auto& k : keys)
        {
            known = known || key == k.name;
        }
        if (!known)
        {
            std::string list;
            for (const auto& k : keys)
            {
                list += (list.empty() ? "" : ", ") + std::string(k.name);
            }
            throw TopoError(generator + ": unknown key '" + key + "' (known keys: " + list + ")");
        }
        for (const auto& [seen, unused] : items)
        {
            if (seen == key)
            {
                throw TopoError(generator + ": key '" + key + "' given twice");
            }
        }
        items.emplace_back(key, value);
    }
    for (int pass = 0; pass < 2; ++pass)
    {
        for (const auto& [key, value] : items)
        {
            if ((key == "delay") != (pass == 0))
            {
                continue;
            }
            for (const auto& k : keys)
            {
                if (key == k.name)
                {
                    k.set(value);
                }
            }
        }
    }
}

std::string
CanonicalName(const std::string& name)
{
    if (name == "fattree" || name == "fat-tree")
    {
        return "fattree";
    }
    if (name == "leafspine" || name == "leaf-spine")
    {
        return "leafspine";
    }
    if (name == "dragonfly" || name == "jellyfish")
    {
        return name;
    }
    return "";
}

} // namespace

std::vector<std::string>
GeneratorNames()
{
    return {"fattree", "leafspine", "dragonfly", "jellyfish"};
}

bool
IsGeneratorSpec(const std::string& spec)
{
    return !CanonicalName(Trim(spec.substr(0, spec.find(':')))).empty();
}

Topology
MakeTopology(const std::string& spec)
{
    const std::size_t colon = spec.find(':');
    const std::string given = Trim(spec.substr(0, colon));
    const std::string name = CanonicalName(given);
    const std::string args = colon == std::string::npos ? "" : Trim(spec.substr(colon + 1));
    auto p = [&name](const char* key) { return ValueParser(name, key); };

    if (name == "fattree")
    {
        FatTreeParams f;
        ApplyKeys(
            name,
            args,
            {{"k", [&](const std::string& v) { f.k = p("k").Count(v); }},
             {"oversub", [&](const std::string& v) { f.oversub = p("oversub").Real(v); }},
             {"host_rate", [&](const std::string& v) { f.hostRateBps = p("host_rate").Rate(v); }},
             {"fabric_rate",
              [&](const std::string& v) { f.fabricRateBps = p("fabric_rate").Rate(v); }},
             {"delay",
              [&](const std::string& v) { f.hostDelayPs = f.fabricDelayPs = p("delay").Delay(v); }},
             {"host_delay",
              [&](const std::string& v) { f.hostDelayPs = p("host_delay").Delay(v); }},
             {"fabric_delay",
              [&](const std::string& v) { f.fabricDelayPs = p("fabric_delay").Delay(v); }}});
        return MakeFatTree(f);
    }
    if (name == "leafspine")
    {
        LeafSpineParams l;
        ApplyKeys(
            name,
            args,
            {{"leaves", [&](const std::string& v) { l.leaves = p("leaves").Count(v); }},
             {"spines", [&](const std::string& v) { l.spines = p("spines").Count(v); }},
             {"hosts", [&](const std::string& v) { l.hostsPerLeaf = p("hosts").Count(v); }},
             {"host_rate", [&](const std::string& v) { l.hostRateBps = p("host_rate").Rate(v); }},
             {"fabric_rate",
              [&](const std::string& v) { l.fabricRateBps = p("fabric_rate").Rate(v); }},
             {"delay",
              [&](const std::string& v) { l.hostDelayPs = l.fabricDelayPs = p("delay").Delay(v); }},
             {"host_delay",
              [&](const std::string& v) { l.hostDelayPs = p("host_delay").Delay(v); }},
             {"fabric_delay",
              [&](const std::string& v) { l.fabricDelayPs = p("fabric_delay").Delay(v); }}});
        return MakeLeafSpine(l);
    }
    if (name == "dragonfly")
    {
        DragonflyParams d;
        ApplyKeys(
            name,
            args,
            {{"a", [&](const std::string& v) { d.a = p("a").Count(v); }},
             {"p", [&](const std::string& v) { d.p = p("p").Count(v); }},
             {"h", [&](const std::string& v) { d.h = p("h").Count(v); }},
             {"host_rate", [&](const std::string& v) { d.hostRateBps = p("host_rate").Rate(v); }},
             {"local_rate",
              [&](const std::string& v) { d.localRateBps = p("local_rate").Rate(v); }},
             {"global_rate",
              [&](const std::string& v) { d.globalRateBps = p("global_rate").Rate(v); }},
             {"delay",
              [&](const std::string& v) {
                  d.hostDelayPs = d.localDelayPs = d.globalDelayPs = p("delay").Delay(v);
              }},
             {"host_delay",
              [&](const std::string& v) { d.hostDelayPs = p("host_delay").Delay(v); }},
             {"local_delay",
              [&](const std::string& v) { d.localDelayPs = p("local_delay").Delay(v); }},
             {"global_delay",
              [&](const std::string& v) { d.globalDelayPs = p("global_delay").Delay(v); }}});
        return MakeDragonfly(d);
    }
    if (name == "jellyfish")
    {
        JellyfishParams j;
        std::uint64_t seed = 1;
        ApplyKeys(
            name,
            args,
            {{"switches", [&](const std::string& v) { j.switches = p("switches").Count(v); }},
             {"ports", [&](const std::string& v) { j.ports = p("ports").Count(v); }},
             {"hosts", [&](const std::string& v) { j.hostsPerSwitch = p("hosts").Count(v); }},
             {"seed",
              [&](const std::string& v) {
                  seed = p("seed").Whole(v, std::numeric_limits<std::uint64_t>::max());
              }},
             {"host_rate", [&](const std::string& v) { j.hostRateBps = p("host_rate").Rate(v); }},
             {"fabric_rate",
              [&](const std::string& v) { j.fabricRateBps = p("fabric_rate").Rate(v); }},
             {"delay",
              [&](const std::string& v) { j.hostDelayPs = j.fabricDelayPs = p("delay").Delay(v); }},
             {"host_delay",
              [&](const std::string& v) { j.hostDelayPs = p("host_delay").Delay(v); }},
             {"fabric_delay",
              [&](const std::string& v) { j.fabricDelayPs = p("fabric_delay").Delay(v); }}});
        std::mt19937_64 rng(seed);
        Topology topo = MakeJellyfish(j, rng);
        topo.SetDescription(topo.GetDescription() + ", seed " + std::to_string(seed));
        return topo;
    }
    std::string list;
    for (const auto& n : GeneratorNames())
    {
        list += (list.empty() ? "" : ", ") + n;
    }
    throw TopoError("unknown generator '" + given + "' (known: " + list + ")");
}

} // namespace ndksim::topo
