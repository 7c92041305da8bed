// Scenario: the validated settings of a scenario file, as ScenarioValidator::Finish returns them.
#include "ndksim/scenario/scenario-validator.h"

#include <stdexcept>

namespace ndksim::scenario
{

const std::string&
Scenario::GetPath() const
{
    return m_path;
}

const std::string&
Scenario::GetName() const
{
    return m_name;
}

const std::vector<Setting>&
Scenario::GetSettings() const
{
    return m_settings;
}

const Setting*
Scenario::Find(const std::string& key) const
{
    auto it = m_byKey.find(key);
    return it == m_byKey.end() ? nullptr : &m_settings[it->second];
}

namespace
{
const Setting&
Need(const Scenario& s, const std::string& key)
{
    const Setting* found = s.Find(key);
    if (!found)
    {
        throw std::out_of_range("scenario has no setting '" + key + "'");
    }
    return *found;
}
} // namespace

int64_t
Scenario::GetInteger(const std::string& key) const
{
    return Need(*this, key).integer;
}

double
Scenario::GetFloat(const std::string& key) const
{
    return Need(*this, key).real;
}

bool
Scenario::GetBoolean(const std::string& key) const
{
    return Need(*this, key).boolean;
}

const std::string&
Scenario::GetText(const std::string& key) const
{
    return Need(*this, key).text;
}

bool
Scenario::HasSection(const std::string& section) const
{
    return m_given.count(section) > 0;
}

std::size_t
Scenario::GetCount(const std::string& section) const
{
    auto it = m_given.find(section);
    return it == m_given.end() ? 0 : it->second;
}

std::vector<std::pair<std::string, std::string>>
Scenario::GetAttributes(const std::string& section) const
{
    std::vector<std::pair<std::string, std::string>> out;
    for (const Setting& s : m_settings)
    {
        if (s.section == section && s.type == ValueType::Attribute)
        {
            out.emplace_back(s.name, s.text);
        }
    }
    return out;
}

const std::vector<std::string>&
Scenario::GetPlannedUses() const
{
    return m_planned;
}

} // namespace ndksim::scenario
