#include "ndksim/topo/generators.h"
#include "ndksim/topo/topo-error.h"
#include "ndksim/topo/topo-io.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

namespace ndksim::topo
{

namespace
{

enum class Format
{
    Dot,
    Graphml,
    Hpcc,
    Unknown
};

Format
FormatOf(const std::string& path)
{
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    if (ext == ".dot" || ext == ".gv")
    {
        return Format::Dot;
    }
    if (ext == ".graphml" || ext == ".xml")
    {
        return Format::Graphml;
    }
    if (ext == ".txt")
    {
        return Format::Hpcc;
    }
    return Format::Unknown;
}

const char* const KNOWN_EXTENSIONS = ".dot/.gv (DOT), .graphml/.xml (GraphML), .txt (HPCC)";

} // namespace

Topology
ReadTopologyFile(const std::string& path, const ValidateOptions& options)
{
    const Format format = FormatOf(path);
    if (format == Format::Unknown)
    {
        throw TopoError(std::string("unknown file type (expected ") + KNOWN_EXTENSIONS + ")", path);
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw TopoError("cannot open file", path);
    }
    Topology topo;
    switch (format)
    {
    case Format::Dot:
        topo = ReadDot(in, path, options);
        break;
    case Format::Graphml:
        topo = ReadGraphml(in, path, options);
        break;
    default:
        topo = ReadHpcc(in, path, options);
        break;
    }
    topo.SetDescription(path);
    return topo;
}

Topology
LoadTopology(const std::string& spec, const ValidateOptions& options)
{
    std::error_code ec;
    if (std::filesystem::is_regular_file(spec, ec) || FormatOf(spec) != Format::Unknown)
    {
        return ReadTopologyFile(spec, options);
    }
    if (!IsGeneratorSpec(spec))
    {
        std::string list;
        for (const auto& n : GeneratorNames())
        {
            list += (list.empty() ? "" : ", ") + n;
        }
        throw TopoError("'" + spec + "' is neither a topology file (" + KNOWN_EXTENSIONS +
                        ") nor a generator string (" + list + ")");
    }
    Topology topo = MakeTopology(spec);
    Validate(topo, options, spec);
    return topo;
}

void
WriteTopologyFile(const Topology& topo, const std::string& path)
{
    const Format format = FormatOf(path);
    if (format != Format::Dot && format != Format::Graphml)
    {
        throw TopoError("can only write .dot/.gv or .graphml/.xml files", path);
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
    {
        throw TopoError("cannot write file", path);
    }
    if (format == Format::Dot)
    {
        WriteDot(topo, out);
    }
    else
    {
        WriteGraphml(topo, out);
    }
    out.flush();
    if (!out)
    {
        throw TopoError("error while writing file", path);
    }
}

} // namespace ndksim::topo
