#include "harness/runner/scenario_run.hpp"

#include <set>

#include "harness/runner/expectations.hpp"
#include "sim/kernel/json_input.hpp"

namespace pajesim::harness {

std::unique_ptr<law::LegalParameters> check_scenario(const model::Scenario& scenario) {
    const auto plan =
        faults::FaultPlan::from_json(scenario.faults, scenario.file, scenario.seed, scenario.population.families);
    check_fault_expectations(read_expectations(scenario.expect, scenario.file), plan->summary(), scenario.file);
    auto parameters = law::LegalParameters::load_file(scenario.params_file);
    for (YearMonth month = scenario.first_month; month <= scenario.last_month; month = month.plus_months(1)) {
        if (!parameters->covers(month)) {
            throw InputError(scenario.file, "/period",
                             "month " + month.to_string() + " is outside the periods covered by the legal "
                             "parameters " + parameters->version() + ": " + parameters->covered_periods());
        }
    }
    return parameters;
}

std::unique_ptr<RunOutcome> run_scenario(const model::Scenario& scenario, const RunRequest& request) {
    auto outcome = std::make_unique<RunOutcome>();
    outcome->scenario = scenario;
    outcome->parameters = check_scenario(scenario);
    auto plan = faults::FaultPlan::from_json(scenario.faults, scenario.file, scenario.seed,
                                             scenario.population.families);
    outcome->world = model::World::generate(scenario, *outcome->parameters);
    if (request.adjust_world) request.adjust_world(outcome->world);

    std::optional<Date> liveness_day;
    if (const auto end = plan->last_fault_end()) {
        liveness_day = std::max(*end, scenario.first_month.first_day()).plus_days(invariants::recovery_window_days);
    }
    invariants::InvariantSet checks(invariants::DueDateRule::from_scenario(scenario), liveness_day);
    std::set<std::uint32_t> followed;
    if (request.family) followed.insert(*request.family);
    DossierRecorder first_pass_recorder(followed);
    ObserverFanout fanout;
    fanout.add(&checks);
    fanout.add(&first_pass_recorder);

    model::RunOptions options;
    options.journal = request.journal;
    options.seams = plan.get();
    options.observer = &fanout;
    options.progress = request.progress;
    options.breaks = request.breaks;
    outcome->result = model::run_simulation(scenario, *outcome->parameters, outcome->world, options);
    outcome->faults = plan->summary();
    outcome->verdicts = checks.verdicts();
    outcome->violations = checks.ranked();
    outcome->violation_count = checks.violation_count();
    outcome->dossiers = first_pass_recorder.dossiers();

    // The most harmed families' files, from a replay that follows them.
    std::set<std::uint32_t> harmed;
    for (const invariants::Violation& v : outcome->violations) {
        if (harmed.size() >= request.dossiers_of_most_harmed) break;
        if (v.family.value() < outcome->world.families.size() && v.invariant != "ledger_nets_to_zero") {
            harmed.insert(v.family.value());
        }
    }
    for (const std::uint32_t f : followed) harmed.erase(f);
    if (!harmed.empty()) {
        // The replay regenerates the same world (cheaper in memory than keeping a copy).
        model::World replay_world = model::World::generate(scenario, *outcome->parameters);
        if (request.adjust_world) request.adjust_world(replay_world);
        auto replay_plan = faults::FaultPlan::from_json(scenario.faults, scenario.file, scenario.seed,
                                                        scenario.population.families);
        DossierRecorder recorder(harmed);
        model::RunOptions replay;
        replay.seams = replay_plan.get();
        replay.observer = &recorder;
        replay.breaks = request.breaks;
        model::run_simulation(scenario, *outcome->parameters, replay_world, replay);
        for (const auto& [f, dossier] : recorder.dossiers()) outcome->dossiers[f] = dossier;
    }
    return outcome;
}

}  // namespace pajesim::harness
