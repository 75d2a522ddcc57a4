#pragma once
// Runs a loaded scenario with its fault plan and every invariant, and gathers what the
// reports need: the result, the faults' firings, the verdicts, the violations ranked by harm,
// and the dossiers of the most harmed families (from a second, identical run that follows
// them: runs are deterministic, so the second run replays the first).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "harness/faults/fault_plan.hpp"
#include "harness/invariants/invariant_set.hpp"
#include "harness/runner/observers.hpp"
#include "sim/law/parameters.hpp"
#include "sim/model/simulation.hpp"

namespace pajesim::harness {

struct RunRequest {
    model::JournalSink* journal = nullptr;
    std::function<void(std::int32_t, std::int32_t)> progress;
    std::size_t dossiers_of_most_harmed = 10;   // 0: none
    std::optional<std::uint32_t> family;        // also follow this family
    model::TestBreaks breaks = model::default_breaks();
    // Applied to the generated population before the run (and its replays): property tests
    // move families onto the law's edges this way.
    std::function<void(model::World&)> adjust_world;
};

struct RunOutcome {
    model::Scenario scenario;
    std::unique_ptr<law::LegalParameters> parameters;
    model::World world;
    model::RunResult result;
    std::vector<faults::FaultSummary> faults;
    std::vector<invariants::InvariantVerdict> verdicts;
    std::vector<invariants::Violation> violations;  // ranked, most harmful first
    std::uint64_t violation_count = 0;
    std::map<std::uint32_t, Dossier> dossiers;
};

// Validates what loading a scenario file cannot (the fault plan, the legal parameters'
// coverage of the period): throws InputError naming `scenario.file`.
std::unique_ptr<law::LegalParameters> check_scenario(const model::Scenario& scenario);

std::unique_ptr<RunOutcome> run_scenario(const model::Scenario& scenario, const RunRequest& request);

}  // namespace pajesim::harness
