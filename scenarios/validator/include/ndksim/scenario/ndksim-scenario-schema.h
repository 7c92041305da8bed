/*
 * ndksim scenarios: the sections of ndksim's scenario format.
 */
#ifndef NDKSIM_SCENARIO_NDKSIM_SCENARIO_SCHEMA_H
#define NDKSIM_SCENARIO_NDKSIM_SCENARIO_SCHEMA_H

#include "ndksim/scenario/scenario-schema.h"

namespace ndksim::scenario
{

/**
 * \brief The scenario format of ndksim-run: [run], [demo], [output], [attributes] (consumed
 * today) and [topology], [nic], [switch], [cc], [[workload]] (validated for shape; each is marked
 * Planned() with the engine that will consume it until that engine exists).
 *
 * An engine that lands un-plans its section (`schema.Find("nic")->planned.clear()`, or better,
 * removes the Planned() call here) and reads its settings from the Scenario. A new section or
 * workload type is one Add() or Variant() call here.
 *
 * \return the schema, without an attribute checker (the runner sets one backed by ns-3)
 */
ScenarioSchema MakeNdksimScenarioSchema();

} // namespace ndksim::scenario

#endif // NDKSIM_SCENARIO_NDKSIM_SCENARIO_SCHEMA_H
