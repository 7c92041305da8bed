#include "ndksim/scenario/scenario-validator.h"

#include "scenario-text.h"

#include "ndksim/topo/units.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <toml++/toml.h>
#include <tuple>

namespace ndksim::scenario
{

using text::Where;
using text::DescribeNode;
using text::Join;
using text::KnownHint;
using text::ParseInteger;
using text::ParseSize;
using text::IsIdentifier;
using text::IsFullAttributeName;
using text::FormatFloat;

/** One raw value: a TOML node from a file, or the text of a --set. */
struct RawValue
{
    const toml::node* node{nullptr}; //!< owned by State::docs, null for --set
    std::string text;                //!< --set text
    std::string where;               //!< for messages
    std::string source;              //!< "file" or "--set"
    std::string keyWhere;            //!< position of the key itself (unknown-key messages)
};

/** One table: a plain section, or one item of an array section. */
struct RawItem
{
    std::string where;                    //!< the table's position
    std::map<std::string, RawValue> keys; //!< given keys
};

struct RawSection
{
    std::string where;          //!< first position the section was given at
    std::vector<RawItem> items; //!< one for a plain section
};

/** An error with its sort position: file errors in line order, then --set errors in order. */
struct Error
{
    int origin;       //!< 0 file, 1 --set or default
    uint64_t line;    //!< line in the file
    uint64_t column;  //!< column in the file
    uint64_t seq;     //!< arrival order
    std::string text; //!< the message
};

struct ScenarioValidator::State
{
    const ScenarioSchema* schema;
    std::vector<std::unique_ptr<toml::table>> docs; //!< parsed files (nodes point into them)
    std::string path;                               //!< scenario file
    std::map<std::string, RawSection> sections;     //!< given sections
    std::vector<Error> errors;                      //!< collected
    std::vector<std::string> sorted;                //!< errors as returned
    uint64_t seq{0};                                //!< error arrival counter

    void AddError(const std::string& where, const std::string& text)
    {
        // Parse "path:line:column" back out of the position, if it is one, for sorting.
        Error e{1, 0, 0, seq++, where + ": " + text};
        std::size_t c2 = where.rfind(':');
        std::size_t c1 =
            c2 == std::string::npos || c2 == 0 ? std::string::npos : where.rfind(':', c2 - 1);
        int64_t line = 0;
        int64_t column = 0;
        if (c1 != std::string::npos && where.rfind("--set", 0) != 0 &&
            ParseInteger(where.substr(c1 + 1, c2 - c1 - 1), &line) &&
            ParseInteger(where.substr(c2 + 1), &column))
        {
            e.origin = 0;
            e.line = static_cast<uint64_t>(line);
            e.column = static_cast<uint64_t>(column);
        }
        errors.push_back(std::move(e));
    }

    std::vector<std::string> SectionNames() const
    {
        std::vector<std::string> names;
        for (const SectionSpec& s : schema->GetSections())
        {
            names.push_back(s.name);
        }
        return names;
    }

    void LoadTable(const toml::table& doc);
    bool Convert(const SectionSpec& section,
                 const KeySpec& spec,
                 const std::string& key,
                 const RawValue& raw,
                 Setting* out);
    void CheckItem(const SectionSpec& section, int index, const RawItem* item, Scenario& result);
    void AddSetting(Scenario& result, Setting setting);
};

void
ScenarioValidator::State::LoadTable(const toml::table& doc)
{
    for (auto&& [name, node] : doc)
    {
        const std::string sectionName(name.str());
        const SectionSpec* spec = schema->Find(sectionName);
        if (!spec)
        {
            AddError(Where(name.source()),
                     "unknown section [" + sectionName + "] " +
                         KnownHint(sectionName, SectionNames()));
            continue;
        }
        RawSection& raw = sections[sectionName];
        raw.where = Where(node.source());
        auto addItem = [&](const toml::table& table) {
            RawItem item;
            item.where = Where(table.source());
            for (auto&& [key, value] : table)
            {
                RawValue v;
                v.node = &value;
                v.where = Where(value.source());
                v.keyWhere = Where(key.source());
                v.source = "file";
                item.keys[std::string(key.str())] = v;
            }
            raw.items.push_back(std::move(item));
        };
        if (spec->array)
        {
            if (!node.is_array_of_tables())
            {
                AddError(raw.where,
                         "'" + sectionName + "' must be an array of tables: write [[" +
                             sectionName + "]] for each item");
                sections.erase(sectionName);
                continue;
            }
            for (const toml::node& element : *node.as_array())
            {
                addItem(*element.as_table());
            }
        }
        else if (const toml::table* table = node.as_table())
        {
            addItem(*table);
        }
        else
        {
            AddError(raw.where,
                     "'" + sectionName + "' must be a single [" + sectionName + "] table, not " +
                         DescribeNode(node));
            sections.erase(sectionName);
        }
    }
}

bool
ScenarioValidator::State::Convert(const SectionSpec& section,
                                  const KeySpec& spec,
                                  const std::string& key,
                                  const RawValue& raw,
                                  Setting* out)
{
    const toml::node* node = raw.node;
    auto fail = [&](const std::string& what) {
        AddError(raw.where, key + ": " + what);
        return false;
    };
    auto wrongType = [&]() {
        return fail("expected " + DescribeValueType(spec.type) + ", got " +
                    (node ? DescribeNode(*node) : "'" + raw.text + "'"));
    };
    out->type = spec.type;
    out->source = raw.source;
    out->where = raw.where;
    try
    {
        switch (spec.type)
        {
        case ValueType::Integer: {
            int64_t v = 0;
            if (node ? !node->is_integer() : !ParseInteger(raw.text, &v))
            {
                return wrongType();
            }
            out->integer = node ? node->as_integer()->get() : v;
            out->text = std::to_string(out->integer);
            break;
        }
        case ValueType::Float: {
            double v = 0;
            if (node)
            {
                if (!node->is_number())
                {
                    return wrongType();
                }
                v = node->is_integer() ? static_cast<double>(node->as_integer()->get())
                                       : node->as_floating_point()->get();
            }
            else
            {
                char* end = nullptr;
                v = std::strtod(raw.text.c_str(), &end);
                if (raw.text.empty() || *end != '\0')
                {
                    return wrongType();
                }
            }
            if (!std::isfinite(v))
            {
                return fail("must be a finite number");
            }
            if (v < spec.minFloat || v > spec.maxFloat)
            {
                return fail(FormatFloat(v) + " is out of range " + FormatFloat(spec.minFloat) +
                            ".." + FormatFloat(spec.maxFloat));
            }
            out->real = v;
            out->text = FormatFloat(v);
            break;
        }
        case ValueType::Boolean: {
            if (node ? !node->is_boolean() : (raw.text != "true" && raw.text != "false"))
            {
                return wrongType();
            }
            out->boolean = node ? node->as_boolean()->get() : raw.text == "true";
            out->text = out->boolean ? "true" : "false";
            break;
        }
        case ValueType::String:
        case ValueType::Choice:
        case ValueType::OutputPath:
        case ValueType::InputFile: {
            if (node && !node->is_string())
            {
                return wrongType();
            }
            out->text = node ? node->as_string()->get() : raw.text;
            if (spec.type == ValueType::Choice &&
                std::find(spec.choices.begin(), spec.choices.end(), out->text) ==
                    spec.choices.end())
            {
                return fail("'" + out->text + "' is not one of " + Join(spec.choices));
            }
            if (spec.type == ValueType::OutputPath && out->text.empty())
            {
                return fail("must not be empty");
            }
            if (spec.type == ValueType::InputFile)
            {
                // Files named in a scenario are relative to it, so scenarios can be moved
                // together with their inputs; --set paths are relative to the working directory.
                std::filesystem::path p(out->text);
                if (p.is_relative() && raw.source == "file")
                {
                    p = std::filesystem::path(path).parent_path() / p;
                }
                p = p.lexically_normal();
                if (!std::filesystem::is_regular_file(p))
                {
                    return fail("file '" + out->text + "' not found (looked for " + p.string() +
                                ")");
                }
                out->text = p.string();
            }
            break;
        }
        case ValueType::Time:
        case ValueType::Rate: {
            std::string text;
            if (node && node->is_integer() && node->as_integer()->get() == 0 &&
                spec.type == ValueType::Time)
            {
                text = "0";
            }
            else if (node && !node->is_string())
            {
                return wrongType();
            }
            else
            {
                text = node ? node->as_string()->get() : raw.text;
            }
            uint64_t v = 0;
            if (text != "0" || spec.type != ValueType::Time)
            {
                v = spec.type == ValueType::Time ? ndksim::topo::ParseDelay(text)
                                                 : ndksim::topo::ParseRate(text);
            }
            if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
            {
                return fail("'" + text + "' is too large");
            }
            out->integer = static_cast<int64_t>(v);
            out->text = std::to_string(v);
            out->unit = spec.type == ValueType::Time ? "ps" : "bit/s";
            break;
        }
        case ValueType::Size: {
            if (node && node->is_integer())
            {
                out->integer = node->as_integer()->get();
            }
            else if (node && !node->is_string())
            {
                return wrongType();
            }
            else
            {
                out->integer = ParseSize(node ? node->as_string()->get() : raw.text);
            }
            out->text = std::to_string(out->integer);
            out->unit = "bytes";
            break;
        }
        case ValueType::StringList: {
            if (node)
            {
                const toml::array* array = node->as_array();
                if (!array)
                {
                    return wrongType();
                }
                for (const toml::node& element : *array)
                {
                    if (!element.is_string())
                    {
                        AddError(Where(element.source()),
                                 key + ": expected strings in the array, got " +
                                     DescribeNode(element));
                        return false;
                    }
                    out->list.push_back(element.as_string()->get());
                }
            }
            else
            {
                std::istringstream in(raw.text);
                std::string item;
                while (std::getline(in, item, ','))
                {
                    out->list.push_back(item);
                }
            }
            out->text = Join(out->list);
            break;
        }
        case ValueType::Attribute:
            return fail("internal: attribute keys are not declared");
        }
    }
    catch (const std::invalid_argument& e)
    {
        return fail(e.what());
    }
    const bool integral = spec.type == ValueType::Integer || spec.type == ValueType::Time ||
                          spec.type == ValueType::Rate || spec.type == ValueType::Size;
    if (integral && (out->integer < spec.min || out->integer > spec.max))
    {
        std::string unit = out->unit.empty() ? "" : " " + out->unit;
        return fail(out->text + unit + " is out of range " + std::to_string(spec.min) + ".." +
                    std::to_string(spec.max) + unit);
    }
    if (spec.check)
    {
        std::string why = spec.check(out->text);
        if (!why.empty())
        {
            return fail(why);
        }
    }
    (void)section;
    return true;
}

void
ScenarioValidator::State::AddSetting(Scenario& result, Setting setting)
{
    auto it = result.m_byKey.find(setting.key);
    if (it != result.m_byKey.end())
    {
        // The same attribute from two sections: the later one wins, as Config::SetDefault would.
        result.m_settings[it->second] = std::move(setting);
        return;
    }
    result.m_byKey[setting.key] = result.m_settings.size();
    result.m_settings.push_back(std::move(setting));
}

void
ScenarioValidator::State::CheckItem(const SectionSpec& section,
                                    int index,
                                    const RawItem* item,
                                    Scenario& result)
{
    // Sections (and keys) not in this build contribute no defaults: nothing would use them, so
    // they are not part of the run's effective parameters.
    const bool given = item != nullptr;
    if (!section.planned.empty() && !given)
    {
        return;
    }
    const std::string prefix =
        section.name + (index >= 0 ? "[" + std::to_string(index) + "]" : std::string());
    const std::string label = section.array
                                  ? "[[" + section.name + "]] #" + std::to_string(index + 1)
                                  : "[" + section.name + "]";
    const VariantSpec* variant = nullptr;
    auto keyWhere = [](const RawValue& raw) {
        return raw.keyWhere.empty() ? raw.where : raw.keyWhere;
    };
    auto store = [&](Setting s, const std::string& key, const std::string& name) {
        s.key = key;
        s.section = section.name;
        s.index = index;
        s.name = name;
        AddSetting(result, std::move(s));
    };

    std::vector<const KeySpec*> specs;
    for (const KeySpec& k : section.keys)
    {
        specs.push_back(&k);
    }
    if (!section.discriminator.empty() && given)
    {
        std::vector<std::string> names;
        for (const VariantSpec& v : section.variants)
        {
            names.push_back(v.name);
        }
        KeySpec disc(section.discriminator, ValueType::Choice, section.discriminatorHelp);
        disc.Choices(names);
        auto found = item->keys.find(section.discriminator);
        Setting s;
        const std::string key = prefix + "." + section.discriminator;
        if (found == item->keys.end())
        {
            AddError(item->where,
                     label + ": missing key '" + section.discriminator + "' (one of " +
                         Join(names) + ")");
        }
        else if (Convert(section, disc, key, found->second, &s))
        {
            variant = section.FindVariant(s.text);
            store(std::move(s), key, section.discriminator);
        }
        if (variant)
        {
            for (const KeySpec& k : variant->keys)
            {
                specs.push_back(&k);
            }
        }
    }

    // Declared keys in schema order (given, else default), so settings have a stable order.
    for (const KeySpec* k : specs)
    {
        const std::string key = prefix + "." + k->name;
        auto found =
            given ? item->keys.find(k->name) : std::map<std::string, RawValue>::const_iterator();
        if (given && found != item->keys.end())
        {
            Setting s;
            if (Convert(section, *k, key, found->second, &s))
            {
                if (!k->planned.empty() && section.planned.empty())
                {
                    result.m_planned.push_back(keyWhere(found->second) + ": " + key +
                                               " is valid, but its consumer (" + k->planned +
                                               ") is not in this build");
                }
                store(std::move(s), key, k->name);
            }
        }
        else if (k->required && given)
        {
            AddError(item->where,
                     label + ": missing required key '" + k->name + "' (" + k->help + ")");
        }
        else if (k->defaultText && k->planned.empty())
        {
            RawValue raw;
            raw.text = *k->defaultText;
            raw.where = "default";
            raw.source = "default";
            Setting s;
            if (Convert(section, *k, key, raw, &s))
            {
                store(std::move(s), key, k->name);
            }
        }
    }
    if (!given)
    {
        return;
    }

    // Other given keys: ns-3 attributes where the section takes them, else unknown.
    const std::string attributePrefix = variant && !variant->attributePrefix.empty()
                                            ? variant->attributePrefix
                                            : section.attributePrefix;
    const bool attributes = section.attributes || (variant && !variant->attributePrefix.empty());
    for (const auto& [name, raw] : item->keys)
    {
        if (name == section.discriminator ||
            std::any_of(specs.begin(), specs.end(), [&](const KeySpec* k) {
                return k->name == name;
            }))
        {
            continue;
        }
        const std::string key = prefix + "." + name;
        const bool full = IsFullAttributeName(name);
        if (attributes && (full || IsIdentifier(name)))
        {
            if (!full && attributePrefix.empty())
            {
                AddError(keyWhere(raw),
                         key + ": attributes in " + label +
                             " need their full name, \"ns3::Type::Attribute\"");
                continue;
            }
            const std::string fullName = full ? name : attributePrefix + "::" + name;
            Setting s;
            s.type = ValueType::Attribute;
            s.source = raw.source;
            s.where = raw.where;
            if (raw.node)
            {
                const toml::node& n = *raw.node;
                if (n.is_string())
                {
                    s.text = n.as_string()->get();
                }
                else if (n.is_integer())
                {
                    s.text = std::to_string(n.as_integer()->get());
                }
                else if (n.is_floating_point())
                {
                    s.text = FormatFloat(n.as_floating_point()->get());
                }
                else if (n.is_boolean())
                {
                    s.text = n.as_boolean()->get() ? "true" : "false";
                }
                else
                {
                    AddError(raw.where,
                             key + ": expected " + DescribeValueType(ValueType::Attribute) +
                                 ", got " + DescribeNode(n));
                    continue;
                }
            }
            else
            {
                s.text = raw.text;
            }
            // Planned sections name types that do not exist yet: their shape is all that can be
            // checked.
            const AttributeChecker& checker = schema->GetAttributeChecker();
            if (section.planned.empty() && checker)
            {
                std::string why = checker(fullName, s.text);
                if (!why.empty())
                {
                    AddError(raw.where, key + ": " + why);
                    continue;
                }
            }
            store(std::move(s), fullName, fullName);
            continue;
        }
        if (!section.discriminator.empty() && !variant)
        {
            continue; // without a valid discriminator nothing can be said about other keys
        }
        const std::string of = variant ? label + " of type '" + variant->name + "'" : label;
        if (attributes)
        {
            AddError(keyWhere(raw),
                     key + ": '" + name +
                         "' is neither a known key nor an attribute name (Attribute or "
                         "\"ns3::Type::Attribute\") in " +
                         of);
            continue;
        }
        std::vector<std::string> known;
        if (!section.discriminator.empty())
        {
            known.push_back(section.discriminator);
        }
        for (const KeySpec* k : specs)
        {
            known.push_back(k->name);
        }
        AddError(keyWhere(raw),
                 "unknown key '" + name + "' in " + of + " " + KnownHint(name, known));
    }

    for (const auto& [group, required] : section.exclusive)
    {
        std::vector<std::string> present;
        std::vector<std::string> quoted;
        for (const std::string& k : group)
        {
            quoted.push_back("'" + k + "'");
            if (item->keys.count(k))
            {
                present.push_back("'" + k + "'");
            }
        }
        if (present.size() > 1)
        {
            AddError(item->where, label + ": give only one of " + Join(present));
        }
        else if (present.empty() && required)
        {
            AddError(item->where, label + ": needs one of " + Join(quoted));
        }
    }
}

ScenarioValidator::ScenarioValidator(const ScenarioSchema& schema)
    : m_state(std::make_unique<State>())
{
    m_state->schema = &schema;
}

ScenarioValidator::~ScenarioValidator() = default;

void
ScenarioValidator::LoadFile(const std::string& path)
{
    m_state->path = path;
    if (!std::filesystem::is_regular_file(path))
    {
        m_state->AddError(path, "scenario file not found");
        return;
    }
    try
    {
        auto doc = std::make_unique<toml::table>(toml::parse_file(path));
        m_state->LoadTable(*doc);
        m_state->docs.push_back(std::move(doc));
    }
    catch (const toml::parse_error& e)
    {
        m_state->AddError(Where(e.source()), "TOML syntax: " + std::string(e.description()));
    }
}

void
ScenarioValidator::LoadString(const std::string& text, const std::string& path)
{
    m_state->path = path;
    try
    {
        auto doc = std::make_unique<toml::table>(toml::parse(text, path));
        m_state->LoadTable(*doc);
        m_state->docs.push_back(std::move(doc));
    }
    catch (const toml::parse_error& e)
    {
        m_state->AddError(Where(e.source()), "TOML syntax: " + std::string(e.description()));
    }
}

void
ScenarioValidator::ApplySet(const std::string& assignment)
{
    State& st = *m_state;
    const std::string where = "--set " + assignment;
    std::size_t eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
    {
        st.AddError("--set '" + assignment + "'", "expected key=value");
        return;
    }
    std::string key = assignment.substr(0, eq);
    std::string value = assignment.substr(eq + 1);
    std::string sectionPart;
    std::string name;
    if (key.rfind("ns3::", 0) == 0)
    {
        // A bare attribute name is an [attributes] entry, as in the file.
        sectionPart = "attributes";
        name = key;
    }
    else
    {
        std::size_t dot = key.find('.');
        if (dot == std::string::npos || dot == 0 || dot + 1 == key.size())
        {
            st.AddError(where,
                        "'" + key +
                            "' must be section.key (e.g. run.seed) or "
                            "ns3::Type::Attribute");
            return;
        }
        sectionPart = key.substr(0, dot);
        name = key.substr(dot + 1);
    }
    int64_t index = -1;
    std::string sectionName = sectionPart;
    std::size_t bracket = sectionPart.find('[');
    if (bracket != std::string::npos)
    {
        sectionName = sectionPart.substr(0, bracket);
        if (sectionPart.back() != ']' ||
            !ParseInteger(sectionPart.substr(bracket + 1, sectionPart.size() - bracket - 2),
                          &index) ||
            index < 0)
        {
            st.AddError(where, "'" + sectionPart + "': expected section[index], e.g. workload[0]");
            return;
        }
    }
    const SectionSpec* spec = st.schema->Find(sectionName);
    if (!spec)
    {
        st.AddError(where,
                    "unknown section [" + sectionName + "] " +
                        KnownHint(sectionName, st.SectionNames()));
        return;
    }
    RawSection& raw = st.sections[sectionName];
    if (raw.where.empty())
    {
        raw.where = where;
    }
    if (spec->array)
    {
        if (index < 0)
        {
            st.AddError(where,
                        "[[" + sectionName +
                            "]] is an array of tables: name the item, "
                            "e.g. " +
                            sectionName + "[0]." + name);
            return;
        }
        if (static_cast<std::size_t>(index) >= raw.items.size())
        {
            st.AddError(where,
                        "no item " + sectionName + "[" + std::to_string(index) +
                            "]: the scenario has " + std::to_string(raw.items.size()) + " [[" +
                            sectionName + "]]");
            if (raw.items.empty())
            {
                st.sections.erase(sectionName);
            }
            return;
        }
    }
    else
    {
        if (index >= 0)
        {
            st.AddError(where,
                        "[" + sectionName + "] is a single table: write " + sectionName + "." +
                            name);
            return;
        }
        index = 0;
        if (raw.items.empty())
        {
            raw.items.emplace_back();
            raw.items.back().where = where;
        }
    }
    RawValue v;
    v.text = value;
    v.where = where;
    v.source = "--set";
    raw.items[static_cast<std::size_t>(index)].keys[name] = v;
}

Scenario
ScenarioValidator::Finish()
{
    State& st = *m_state;
    Scenario result;
    result.m_path = st.path;
    result.m_name = std::filesystem::path(st.path).stem().string();
    for (const SectionSpec& section : st.schema->GetSections())
    {
        auto found = st.sections.find(section.name);
        if (found == st.sections.end())
        {
            if (!section.array)
            {
                st.CheckItem(section, -1, nullptr, result);
            }
            continue;
        }
        const RawSection& raw = found->second;
        result.m_given[section.name] = raw.items.size();
        if (!section.planned.empty())
        {
            const std::string label =
                section.array ? "[[" + section.name + "]]" : "[" + section.name + "]";
            result.m_planned.push_back(raw.where + ": " + label + " is valid, but its consumer (" +
                                       section.planned + ") is not in this build");
        }
        for (std::size_t i = 0; i < raw.items.size(); ++i)
        {
            st.CheckItem(section, section.array ? static_cast<int>(i) : -1, &raw.items[i], result);
        }
    }
    std::stable_sort(st.errors.begin(), st.errors.end(), [](const Error& a, const Error& b) {
        return std::tie(a.origin, a.line, a.column, a.seq) <
               std::tie(b.origin, b.line, b.column, b.seq);
    });
    st.sorted.clear();
    for (const Error& e : st.errors)
    {
        st.sorted.push_back(e.text);
    }
    return result;
}

const std::vector<std::string>&
ScenarioValidator::GetErrors() const
{
    if (m_state->sorted.size() != m_state->errors.size())
    {
        m_state->sorted.clear();
        for (const Error& e : m_state->errors)
        {
            m_state->sorted.push_back(e.text);
        }
    }
    return m_state->sorted;
}

} // namespace ndksim::scenario
