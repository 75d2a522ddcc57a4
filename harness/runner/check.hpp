#pragma once
// Random scenarios for `pajesim check`, the property they must satisfy, and the shrinking of
// a failing scenario to a minimal one (fewest families, months and faults), which is an
// ordinary scenario file that `pajesim run` replays exactly.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/runner/scenario_run.hpp"

namespace pajesim::harness {

// A small random scenario, as JSON: a population of 10 to 300 families over 9 to 18 months
// around the 2019 cutover, a random subset of the fault catalog with random intensities (a
// different mix per seed), recovery processes strong enough to put every file right
// (families always notice, agents keep up, manual fixes make no error, advances wait for
// payment), and a period that ends at least a recovery window after the last fault.
nlohmann::json random_scenario(std::uint64_t seed);

// Whether some fault of `faults` may legitimately break `invariant` (FaultPlan::may_violate).
bool faults_may_violate(const std::vector<faults::FaultSummary>& faults, std::string_view invariant);

// The violated invariants that no fault of the run's plan may cause: each is a counterexample,
// whatever faults are present (without faults, every violated invariant is one). The liveness
// invariant is on no fault's list: once the recovery window has passed, everyone must be square.
std::vector<std::string> failed_properties(const RunOutcome& run);

// Runs a scenario given as JSON (as a file named `name` would be).
std::unique_ptr<RunOutcome> run_json(const nlohmann::json& scenario, const std::string& name,
                                     const model::TestBreaks& breaks,
                                     const std::function<void(model::World&)>& adjust_world = {},
                                     const SutSettings& sut = {});

// Shrinks `scenario` while `still_fails` holds: fewer families (halving, then one by one),
// fewer faults, a shorter period. Returns the smallest failing scenario found.
nlohmann::json shrink(nlohmann::json scenario, const std::function<bool(const nlohmann::json&)>& still_fails);

}  // namespace pajesim::harness
