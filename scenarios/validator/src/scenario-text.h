/*
 * Text helpers of the scenario validator (internal to scenarios/validator).
 */
#ifndef NDKSIM_SCENARIO_TEXT_H
#define NDKSIM_SCENARIO_TEXT_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <toml++/toml.h>
#include <vector>

namespace ndksim::scenario::text
{

/** \return "file:line:column" of a TOML node's source. */
std::string Where(const toml::source_region& region);
/** \return the kind of a TOML value, for messages ("an integer", "a table", ...). */
std::string DescribeNode(const toml::node& node);
/** \return the Levenshtein distance of \p a and \p b, for "did you mean" hints. */
std::size_t Distance(const std::string& a, const std::string& b);
/** \return the items joined with ", ". */
std::string Join(const std::vector<std::string>& items);
/** \return "(did you mean 'seed'? known: seed, rng_run)" for an unknown \p given. */
std::string KnownHint(const std::string& given, const std::vector<std::string>& known);
/** Parse a decimal integer (the whole text); \return false if it is not one. */
bool ParseInteger(const std::string& text, int64_t* out);
/**
 * \return the bytes of a size: an integer number of bytes, optionally with a decimal or binary
 * unit (B, KB, KiB, ... TiB). \throw std::invalid_argument saying what is wrong
 */
int64_t ParseSize(const std::string& text);
/** \return whether \p s is a key name (a letter, then letters, digits or '_'). */
bool IsIdentifier(const std::string& s);
/** \return whether \p s is "ns3::Type::Attribute" (types may be nested). */
bool IsFullAttributeName(const std::string& s);
/** \return \p v with 17 significant digits (round trip). */
std::string FormatFloat(double v);

} // namespace ndksim::scenario::text

#endif // NDKSIM_SCENARIO_TEXT_H
