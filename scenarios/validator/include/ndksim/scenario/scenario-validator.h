/*
 * ndksim scenarios: validation of a scenario file and command-line overrides against a schema.
 */
#ifndef NDKSIM_SCENARIO_SCENARIO_VALIDATOR_H
#define NDKSIM_SCENARIO_SCENARIO_VALIDATOR_H

#include "ndksim/scenario/scenario-schema.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ndksim::scenario
{

/** \brief One effective, validated setting of a scenario. */
struct Setting
{
    /** "run.seed", "workload[0].size"; attributes by their full name "ns3::Type::Attribute" */
    std::string key;
    std::string section; //!< section name
    int index{-1};       //!< item of an array section, -1 for a plain section
    std::string name;    //!< key within the section (attributes: the full name)
    ValueType type;      //!< declared type
    std::string text;    //!< canonical value: ps for times, bit/s for rates, bytes for sizes
    std::string unit;    //!< "ps", "bit/s", "bytes" or ""
    int64_t integer{0};  //!< value of Integer, Time, Rate and Size keys
    double real{0};      //!< value of Float keys
    bool boolean{false}; //!< value of Boolean keys
    std::vector<std::string> list; //!< value of StringList keys
    std::string source;            //!< "default", "file" or "--set"
    std::string where;             //!< "file:line:column", "--set" or "default"
};

/** \brief A validated scenario: every effective setting, defaults included. */
class Scenario
{
  public:
    /** \return the scenario file path as given */
    const std::string& GetPath() const;
    /** \return the file name without directory and extension ("default") */
    const std::string& GetName() const;
    /** \return every setting in schema order (the run's full parameter set) */
    const std::vector<Setting>& GetSettings() const;
    /** \return the setting \p key, or nullptr if absent (no value and no default) */
    const Setting* Find(const std::string& key) const;
    /** \return Find(\p key)->integer; throws std::out_of_range if absent */
    int64_t GetInteger(const std::string& key) const;
    /** \return Find(\p key)->real; throws std::out_of_range if absent */
    double GetFloat(const std::string& key) const;
    /** \return Find(\p key)->boolean; throws std::out_of_range if absent */
    bool GetBoolean(const std::string& key) const;
    /** \return Find(\p key)->text; throws std::out_of_range if absent */
    const std::string& GetText(const std::string& key) const;
    /** \return true if the section was given (in the file or with --set) */
    bool HasSection(const std::string& section) const;
    /** \return the number of items of an array section */
    std::size_t GetCount(const std::string& section) const;
    /** \return the ns-3 attribute settings of \p section, as (full name, value) */
    std::vector<std::pair<std::string, std::string>> GetAttributes(
        const std::string& section) const;
    /**
     * \return one message per given section or key whose consumer is not in this build
     * ("file:line:column: [topology] is valid, but its consumer (...) is not in this build")
     */
    const std::vector<std::string>& GetPlannedUses() const;

  private:
    friend class ScenarioValidator;
    std::string m_path;                         //!< file
    std::string m_name;                         //!< stem
    std::vector<Setting> m_settings;            //!< schema order
    std::map<std::string, std::size_t> m_byKey; //!< key -> index in m_settings
    std::map<std::string, std::size_t> m_given; //!< section -> items given
    std::vector<std::string> m_planned;         //!< planned uses
};

/**
 * \brief Validates a scenario file and --set overrides against a ScenarioSchema.
 *
 * Every problem is collected as one line `file:line:column: what is wrong` (or
 * `--set key=value: what is wrong`), so a user sees all of them at once:
 * \code
 *   ScenarioValidator v(schema);
 *   v.LoadFile(path);
 *   for (auto& s : sets) v.ApplySet(s);
 *   Scenario scenario = v.Finish();
 *   if (!v.GetErrors().empty()) { print them; exit non-zero; }
 * \endcode
 * Values from --set replace those of the file; all values are checked together in Finish(), so a
 * --set of a discriminator ("workload[0].type") re-checks the keys it selects.
 */
class ScenarioValidator
{
  public:
    /** \param schema the sections to accept; must outlive the validator */
    explicit ScenarioValidator(const ScenarioSchema& schema);
    ~ScenarioValidator();

    ScenarioValidator(const ScenarioValidator&) = delete;
    ScenarioValidator& operator=(const ScenarioValidator&) = delete;

    /** Read a TOML file; syntax errors and unknown sections are recorded. */
    void LoadFile(const std::string& path);
    /** Read TOML text as if it were the file \p path (for tests and generated scenarios). */
    void LoadString(const std::string& text, const std::string& path);
    /** Apply one "key=value" override (key as in Setting::key, or an ns3:: attribute name). */
    void ApplySet(const std::string& assignment);
    /** Check everything given, fill defaults, and return the result (valid if no errors). */
    Scenario Finish();
    /** \return the errors found so far, in file order, then --set order */
    const std::vector<std::string>& GetErrors() const;

  private:
    struct State;
    std::unique_ptr<State> m_state; //!< raw values and errors
};

} // namespace ndksim::scenario

#endif // NDKSIM_SCENARIO_SCENARIO_VALIDATOR_H
