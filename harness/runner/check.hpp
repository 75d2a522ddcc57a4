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

// A small random scenario, as JSON: a population of 10 to 300 families over 12 to 20 months
// around the 2019 cutover or the 2025 hourly reform, a random subset of the fault catalog with
// random intensities (a different mix per seed), recovery processes strong enough to put every
// file right (families always notice, agents keep up, manual fixes make no error, advances wait
// for payment, a monthly reconciliation), a carers' pay rule (most often one under which no
// pay waits for the parent's money), and a period that ends at least a recovery window after
// the last fault.
nlohmann::json random_scenario(std::uint64_t seed);

// Whether some fault of `faults` may legitimately break `invariant` (FaultPlan::may_violate).
bool faults_may_violate(const std::vector<faults::FaultSummary>& faults, std::string_view invariant);

// Whether the scenario's own rules, without any fault, may leave `family`'s carers `unpaid`
// short of their pay for `month` past the due date when the parents are short of funds: a
// contract's whole pay for the month waiting (`unpaid` at least the smallest month's pay among
// the contracts that may wait), under `direct_pay_when_short` `wait_for_funds` (any contract:
// a Pajemploi+ one is paid directly in a month of the old workflow), or for a Pajemploi+
// contract under `after_debit`, or under `guarantee` when the family has more Pajemploi+
// contract-months in the period than `guaranteed_months` + 1 (a month's pay waits only when
// `guaranteed_months` others are unpaid).
bool rules_may_withhold_carer_pay(const RunOutcome& run, FamilyId family, YearMonth month, Cents unpaid);

// The violated invariants that no fault of the run's plan may cause: each is a counterexample,
// whatever faults are present (without faults, every violated invariant is one). The liveness
// invariant is on no fault's list: once the recovery window has passed, everyone must be square.
// A carer's pay the scenario's rule may keep waiting (`rules_may_withhold_carer_pay`) is no
// counterexample of `carers_paid_on_time` or of `everyone_square_after_recovery`: those two
// fail only with a violation the rule cannot explain (the family's CMG or debit, a carer the
// rule must pay on time, or a part of a pay).
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
