#include "ndksim/scenario/ns3-attribute-check.h"

#include "ndksim/topo/units.h"

#include "ns3/double.h"
#include "ns3/integer.h"
#include "ns3/nstime.h"
#include "ns3/string.h"
#include "ns3/type-id.h"
#include "ns3/uinteger.h"

#include <cerrno>
#include <cstdlib>
#include <stdexcept>

namespace ndksim::scenario
{

std::string
CheckNs3Attribute(const std::string& fullName, const std::string& value)
{
    const std::size_t sep = fullName.rfind("::");
    const std::string type = fullName.substr(0, sep);
    const std::string attribute = fullName.substr(sep + 2);
    ns3::TypeId tid;
    if (!ns3::TypeId::LookupByNameFailSafe(type, &tid))
    {
        return "no type '" + type + "' in this build";
    }
    ns3::TypeId::AttributeInformation info;
    if (!tid.LookupAttributeByName(attribute, &info))
    {
        return "type " + type + " has no attribute '" + attribute + "'";
    }
    // ns-3 aborts the process on some malformed strings (integers, times) instead of
    // reporting them, so numbers and times are parsed here and handed over as typed values.
    const std::string valueType = info.checker->GetValueTypeName();
    ns3::Ptr<ns3::AttributeValue> typed;
    char* end = nullptr;
    errno = 0;
    if (valueType == "ns3::UintegerValue")
    {
        unsigned long long v = std::strtoull(value.c_str(), &end, 10);
        if (value.empty() || value[0] == '-' || *end != '\0' || errno != 0)
        {
            return "'" + value + "' is not a valid " + valueType + " for " + fullName;
        }
        typed = ns3::Create<ns3::UintegerValue>(v);
    }
    else if (valueType == "ns3::IntegerValue")
    {
        long long v = std::strtoll(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || errno != 0)
        {
            return "'" + value + "' is not a valid " + valueType + " for " + fullName;
        }
        typed = ns3::Create<ns3::IntegerValue>(v);
    }
    else if (valueType == "ns3::DoubleValue")
    {
        double v = std::strtod(value.c_str(), &end);
        if (value.empty() || *end != '\0')
        {
            return "'" + value + "' is not a valid " + valueType + " for " + fullName;
        }
        typed = ns3::Create<ns3::DoubleValue>(v);
    }
    else if (valueType == "ns3::TimeValue")
    {
        try
        {
            uint64_t ps = value == "0" ? 0 : ndksim::topo::ParseDelay(value);
            typed = ns3::Create<ns3::TimeValue>(ns3::PicoSeconds(ps));
        }
        catch (const std::invalid_argument& e)
        {
            return e.what() + std::string(" for ") + fullName;
        }
    }
    if (typed ? !info.checker->CreateValidValue(*typed)
              : !info.checker->CreateValidValue(ns3::StringValue(value)))
    {
        return "'" + value + "' is not a valid " + info.checker->GetValueTypeName() + " for " +
               fullName;
    }
    return "";
}

} // namespace ndksim::scenario
