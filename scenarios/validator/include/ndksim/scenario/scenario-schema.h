/*
 * ndksim scenarios: the declaration of what a scenario file may contain.
 */
#ifndef NDKSIM_SCENARIO_SCENARIO_SCHEMA_H
#define NDKSIM_SCENARIO_SCENARIO_SCHEMA_H

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace ndksim::scenario
{

/**
 * \brief The type of a scenario key; decides what a TOML value or a --set text may be and how it
 * is stored (canonical text and unit, see Setting).
 */
enum class ValueType
{
    Integer,    //!< TOML integer; canonical decimal
    Float,      //!< TOML float or integer
    Boolean,    //!< TOML boolean; "true"/"false" on the command line
    String,     //!< any string
    Choice,     //!< one string of KeySpec::choices
    Time,       //!< string with unit ("10us", "1.5ms"), or "0"; stored as integer ps
    Rate,       //!< string with unit ("100Gbps"); stored as integer bit/s
    Size,       //!< integer bytes or a string with unit ("64KiB", "1MB"); stored as bytes
    InputFile,  //!< path of an existing file, relative to the scenario file's directory
    OutputPath, //!< path of a file to create, relative to the working directory
    StringList, //!< array of strings; comma-separated on the command line
    Attribute,  //!< an ns-3 attribute value: any scalar, checked by the AttributeChecker
};

/** \return a short name of \p type for messages ("an integer", "a time such as \"10us\"") */
std::string DescribeValueType(ValueType type);

/**
 * \brief One key of a section: its type, range, default and help.
 *
 * Built fluently: `KeySpec("seed", ValueType::Integer, "RNG seed").Range(1,
 * 4294967295).Default("1")`.
 */
struct KeySpec
{
    /**
     * \brief Extra check on an already typed value.
     * Gets the canonical text; returns "" if fine, else what is wrong.
     */
    using Check = std::function<std::string(const std::string& canonical)>;

    KeySpec(std::string name, ValueType type, std::string help);

    /** Integer-valued types (Integer, Time, Rate, Size, and Float): inclusive bounds. */
    KeySpec& Range(int64_t lo, int64_t hi);
    /** Float bounds. */
    KeySpec& RangeFloat(double lo, double hi);
    /** Default, written as on the command line ("1", "10us", "true"); parsed like --set. */
    KeySpec& Default(std::string text);
    /** Must be given (in the file or with --set). */
    KeySpec& Required();
    /** Allowed strings of a Choice key. */
    KeySpec& Choices(std::vector<std::string> choices);
    /** Attach an extra check. */
    KeySpec& Verify(Check check);
    /**
     * Mark the key as consumed by an engine not in this build: its value is validated, but
     * Scenario::GetPlannedUses() reports it when given.
     */
    KeySpec& Planned(std::string consumer);

    std::string name;                                     //!< key within its section
    ValueType type;                                       //!< value type
    std::string help;                                     //!< one line for docs and errors
    int64_t min{std::numeric_limits<int64_t>::min()};     //!< lower bound (integer types)
    int64_t max{std::numeric_limits<int64_t>::max()};     //!< upper bound (integer types)
    double minFloat{-std::numeric_limits<double>::max()}; //!< lower bound (Float)
    double maxFloat{std::numeric_limits<double>::max()};  //!< upper bound (Float)
    std::optional<std::string> defaultText;               //!< default, if any
    bool required{false};                                 //!< must be given
    std::vector<std::string> choices;                     //!< Choice values
    Check check;                                          //!< extra check, may be empty
    std::string planned;                                  //!< consumer not yet built, or ""
};

/**
 * \brief One alternative of a section with a discriminator key (for example the "type" of a
 * [[workload]]): its own keys, and optionally ns-3 attributes of its own TypeId.
 */
struct VariantSpec
{
    std::string name;            //!< discriminator value selecting it
    std::string help;            //!< one line
    std::vector<KeySpec> keys;   //!< keys beyond the section's common keys
    std::string attributePrefix; //!< if set, other keys are attributes of this TypeId

    /** Add a key; returns *this for chaining. */
    VariantSpec& Add(KeySpec key);
};

/**
 * \brief One section of a scenario file: [name] (a table) or [[name]] (an array of tables).
 *
 * A section declares its keys. It may also accept ns-3 attributes as keys: with an attribute
 * prefix ("ns3::RdmaNic") a short key `Mtu` means `ns3::RdmaNic::Mtu`; a key of the full form
 * `"ns3::Type::Attribute"` is accepted as is. A section may have a discriminator key whose value
 * selects a VariantSpec adding more keys.
 */
struct SectionSpec
{
    SectionSpec(std::string name, std::string help, std::string consumer);

    /** Add a common key; returns *this for chaining. */
    SectionSpec& Add(KeySpec key);
    /** Make this an array of tables ([[name]]). */
    SectionSpec& Array();
    /** Accept ns-3 attributes as keys; short names resolve against \p typeIdName (may be ""). */
    SectionSpec& Attributes(std::string typeIdName);
    /** Declare the discriminator key (a Choice over the variants, added by Variant()). */
    SectionSpec& Discriminator(std::string key, std::string help);
    /** Add an alternative selected by the discriminator. */
    SectionSpec& Variant(VariantSpec variant);
    /** At most one of \p keys may be given; with \p required, exactly one. */
    SectionSpec& Exclusive(std::vector<std::string> keys, bool required);
    /** Mark the whole section as consumed by an engine not in this build (see KeySpec::Planned). */
    SectionSpec& Planned(std::string consumer);

    /** \return the key spec named \p key among the common keys, or nullptr */
    const KeySpec* FindKey(const std::string& key) const;
    /** \return the variant named \p name, or nullptr */
    const VariantSpec* FindVariant(const std::string& name) const;

    std::string name;                  //!< section name
    std::string help;                  //!< one line
    std::string consumer;              //!< which engine reads it (documentation and messages)
    bool array{false};                 //!< [[name]] rather than [name]
    bool attributes{false};            //!< accepts ns-3 attribute keys
    std::string attributePrefix;       //!< TypeId for short attribute names, may be ""
    std::vector<KeySpec> keys;         //!< common keys
    std::string discriminator;         //!< discriminator key, or ""
    std::string discriminatorHelp;     //!< its help
    std::vector<VariantSpec> variants; //!< alternatives
    std::vector<std::pair<std::vector<std::string>, bool>> exclusive; //!< (keys, required)
    std::string planned; //!< consumer not yet built, or ""
};

/**
 * \brief Checks an ns-3 attribute setting: returns "" if \p value is accepted for \p fullName
 * ("ns3::Type::Attribute"), else what is wrong. The runner supplies one backed by ns-3's TypeId
 * registry; the validator itself has no ns-3 dependency.
 */
using AttributeChecker =
    std::function<std::string(const std::string& fullName, const std::string& value)>;

/**
 * \brief Every section a scenario file may contain.
 *
 * A new engine registers its section once (see MakeNdksimScenarioSchema()):
 * \code
 *   schema.Add(SectionSpec("nic", "NIC model attributes", "RdmaNic").Attributes("ns3::RdmaNic"));
 * \endcode
 */
class ScenarioSchema
{
  public:
    /** Add a section; returns it for further declarations. */
    SectionSpec& Add(SectionSpec section);
    /** \return the section named \p name, or nullptr */
    const SectionSpec* Find(const std::string& name) const;
    /** \return the section named \p name, or nullptr (to adjust a section, e.g. un-plan it) */
    SectionSpec* Find(const std::string& name);
    /** \return the sections in declaration order */
    const std::vector<SectionSpec>& GetSections() const;
    /** Set the checker of ns-3 attribute values (default: accept any well-formed name). */
    void SetAttributeChecker(AttributeChecker checker);
    /** \return the attribute checker, may be empty */
    const AttributeChecker& GetAttributeChecker() const;

  private:
    std::vector<SectionSpec> m_sections; //!< declaration order
    AttributeChecker m_checker;          //!< ns-3 attribute check
};

} // namespace ndksim::scenario

#endif // NDKSIM_SCENARIO_SCENARIO_SCHEMA_H
