#pragma once
// A scenario's `expect` block: what a scenario suite requires of its run (docs/suite.md):
// which invariants hold or are violated and how many times, which faults fired and how
// often, and bounds on the harm figures.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/faults/fault_plan.hpp"
#include "sim/kernel/cents.hpp"
#include "sim/model/scenario.hpp"

namespace pajesim::harness {

struct RunOutcome;

// A band is inclusive at both ends.
using CountBand = model::Range<std::int64_t>;
using MoneyBand = model::Range<Cents>;

struct Expectations {
    bool all_hold = false;                       // "invariants_hold": "all"
    std::vector<std::string> hold;               // these invariants must hold
    std::vector<std::string> violated;           // these must be violated
    // "invariant_counts": violations per invariant, within a band.
    std::vector<std::pair<std::string, CountBand>> invariant_counts;
    // "faults_fired": every fault of the plan fired at least once, except the kinds given a
    // band, whose firings (summed over the plan's faults of that kind) must be within it.
    bool faults_fire = false;
    std::vector<std::pair<std::string, CountBand>> fault_firings;
    // Harm figures, named as in report.json's totals.
    std::optional<CountBand> families_affected;
    std::optional<CountBand> families_still_owed_at_end;
    std::optional<CountBand> families_in_arrears_peak;
    std::optional<CountBand> longest_delay_days;
    std::optional<MoneyBand> money_owed_peak;
    std::optional<MoneyBand> money_still_owed_at_end;
    std::optional<CountBand> families_ever_overpaid;
    std::optional<CountBand> families_still_overpaid_at_end;
    std::optional<MoneyBand> money_still_overpaid_at_end;
    // "national_on": counts of a day as national estimates (the register's: families wrong at
    // the day's end; families affected up to it, i.e. with an episode started by then).
    struct NationalDay {
        Date day;
        std::optional<CountBand> families_wrong;
        std::optional<CountBand> families_affected;
    };
    std::vector<NationalDay> national_on;
    bool empty() const {
        return !all_hold && hold.empty() && violated.empty() && invariant_counts.empty() && !faults_fire &&
               !families_affected && !families_still_owed_at_end && !families_in_arrears_peak &&
               !longest_delay_days && !money_owed_peak && !money_still_owed_at_end && !families_ever_overpaid &&
               !families_still_overpaid_at_end && !money_still_overpaid_at_end && national_on.empty();
    }
};

// Throws InputError naming `file` and "/expect/...".
Expectations read_expectations(const nlohmann::json& expect, const std::string& file);
// Checks the fault kinds named in "faults_fired" against the scenario's plan: throws
// InputError naming `file` and "/expect/faults_fired/..." for a kind the plan does not hold.
void check_fault_expectations(const Expectations& expectations, const std::vector<faults::FaultSummary>& plan,
                              const std::string& file);

// The failed expectations, each in one sentence; empty when all are met.
std::vector<std::string> unmet_expectations(const Expectations& expectations, const RunOutcome& run);

}  // namespace pajesim::harness
