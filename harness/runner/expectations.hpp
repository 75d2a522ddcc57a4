#pragma once
// A scenario's `expect` block: what a scenario suite requires of its run (docs/suite.md).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/kernel/cents.hpp"
#include "sim/model/scenario.hpp"

namespace pajesim::harness {

struct RunOutcome;

struct Expectations {
    bool all_hold = false;                       // "invariants_hold": "all"
    std::vector<std::string> hold;               // these invariants must hold
    std::vector<std::string> violated;           // these must be violated
    std::optional<model::Range<std::int64_t>> families_affected;
    std::optional<model::Range<std::int64_t>> families_still_owed_at_end;
    std::optional<model::Range<Cents>> money_owed_peak;
    bool empty() const {
        return !all_hold && hold.empty() && violated.empty() && !families_affected &&
               !families_still_owed_at_end && !money_owed_peak;
    }
};

// Throws InputError naming `file` and "/expect/...".
Expectations read_expectations(const nlohmann::json& expect, const std::string& file);

// The failed expectations, each in one sentence; empty when all are met.
std::vector<std::string> unmet_expectations(const Expectations& expectations, const RunOutcome& run);

}  // namespace pajesim::harness
