/*
 * ndksim scenarios: the AttributeChecker backed by ns-3's TypeId registry.
 */
#ifndef NDKSIM_SCENARIO_NS3_ATTRIBUTE_CHECK_H
#define NDKSIM_SCENARIO_NS3_ATTRIBUTE_CHECK_H

#include <string>

namespace ndksim::scenario
{

/**
 * \brief Check an ns-3 attribute setting against the TypeId registry (an AttributeChecker).
 *
 * Kept apart from the validator so that the validator needs no ns-3; only programs that link
 * the types they configure (ndksim-run) can answer, since a TypeId exists once its library is
 * loaded.
 *
 * \param fullName "ns3::Type::Attribute"
 * \param value the value as text (as for Config::SetDefault with a StringValue)
 * \return "" if the type, the attribute and the value are all accepted, else what is wrong
 */
std::string CheckNs3Attribute(const std::string& fullName, const std::string& value);

} // namespace ndksim::scenario

#endif // NDKSIM_SCENARIO_NS3_ATTRIBUTE_CHECK_H
