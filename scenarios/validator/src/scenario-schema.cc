#include "ndksim/scenario/scenario-schema.h"

namespace ndksim::scenario
{

std::string
DescribeValueType(ValueType type)
{
    switch (type)
    {
    case ValueType::Integer:
        return "an integer";
    case ValueType::Float:
        return "a number";
    case ValueType::Boolean:
        return "a boolean (true or false)";
    case ValueType::String:
        return "a string";
    case ValueType::Choice:
        return "one of the listed strings";
    case ValueType::Time:
        return "a time with a unit such as \"10us\"";
    case ValueType::Rate:
        return "a rate with a unit such as \"100Gbps\"";
    case ValueType::Size:
        return "a size such as 65536 or \"64KiB\"";
    case ValueType::InputFile:
        return "the path of an existing file";
    case ValueType::OutputPath:
        return "a file path";
    case ValueType::StringList:
        return "an array of strings";
    case ValueType::Attribute:
        return "an attribute value (string, number or boolean)";
    }
    return "a value";
}

KeySpec::KeySpec(std::string keyName, ValueType keyType, std::string keyHelp)
    : name(std::move(keyName)),
      type(keyType),
      help(std::move(keyHelp))
{
}

KeySpec&
KeySpec::Range(int64_t lo, int64_t hi)
{
    min = lo;
    max = hi;
    minFloat = static_cast<double>(lo);
    maxFloat = static_cast<double>(hi);
    return *this;
}

KeySpec&
KeySpec::RangeFloat(double lo, double hi)
{
    minFloat = lo;
    maxFloat = hi;
    return *this;
}

KeySpec&
KeySpec::Default(std::string text)
{
    defaultText = std::move(text);
    return *this;
}

KeySpec&
KeySpec::Required()
{
    required = true;
    return *this;
}

KeySpec&
KeySpec::Choices(std::vector<std::string> values)
{
    choices = std::move(values);
    return *this;
}

KeySpec&
KeySpec::Verify(Check extra)
{
    check = std::move(extra);
    return *this;
}

KeySpec&
KeySpec::Planned(std::string consumerName)
{
    planned = std::move(consumerName);
    return *this;
}

VariantSpec&
VariantSpec::Add(KeySpec key)
{
    keys.push_back(std::move(key));
    return *this;
}

SectionSpec::SectionSpec(std::string sectionName, std::string sectionHelp, std::string consumerName)
    : name(std::move(sectionName)),
      help(std::move(sectionHelp)),
      consumer(std::move(consumerName))
{
}

SectionSpec&
SectionSpec::Add(KeySpec key)
{
    keys.push_back(std::move(key));
    return *this;
}

SectionSpec&
SectionSpec::Array()
{
    array = true;
    return *this;
}

SectionSpec&
SectionSpec::Attributes(std::string typeIdName)
{
    attributes = true;
    attributePrefix = std::move(typeIdName);
    return *this;
}

SectionSpec&
SectionSpec::Discriminator(std::string key, std::string keyHelp)
{
    discriminator = std::move(key);
    discriminatorHelp = std::move(keyHelp);
    return *this;
}

SectionSpec&
SectionSpec::Variant(VariantSpec variant)
{
    variants.push_back(std::move(variant));
    return *this;
}

SectionSpec&
SectionSpec::Exclusive(std::vector<std::string> group, bool required)
{
    exclusive.emplace_back(std::move(group), required);
    return *this;
}

SectionSpec&
SectionSpec::Planned(std::string consumerName)
{
    planned = std::move(consumerName);
    return *this;
}

const KeySpec*
SectionSpec::FindKey(const std::string& key) const
{
    for (const KeySpec& k : keys)
    {
        if (k.name == key)
        {
            return &k;
        }
    }
    return nullptr;
}

const VariantSpec*
SectionSpec::FindVariant(const std::string& variantName) const
{
    for (const VariantSpec& v : variants)
    {
        if (v.name == variantName)
        {
            return &v;
        }
    }
    return nullptr;
}

SectionSpec&
ScenarioSchema::Add(SectionSpec section)
{
    m_sections.push_back(std::move(section));
    return m_sections.back();
}

const SectionSpec*
ScenarioSchema::Find(const std::string& name) const
{
    for (const SectionSpec& s : m_sections)
    {
        if (s.name == name)
        {
            return &s;
        }
    }
    return nullptr;
}

SectionSpec*
ScenarioSchema::Find(const std::string& name)
{
    for (SectionSpec& s : m_sections)
    {
        if (s.name == name)
        {
            return &s;
        }
    }
    return nullptr;
}

const std::vector<SectionSpec>&
ScenarioSchema::GetSections() const
{
    return m_sections;
}

void
ScenarioSchema::SetAttributeChecker(AttributeChecker checker)
{
    m_checker = std::move(checker);
}

const AttributeChecker&
ScenarioSchema::GetAttributeChecker() const
{
    return m_checker;
}

} // namespace ndksim::scenario
