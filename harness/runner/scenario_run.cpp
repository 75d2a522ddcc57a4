#include "harness/runner/scenario_run.hpp"

#include <filesystem>
#include <set>

#include "harness/runner/expectations.hpp"
#include "harness/runner/register_recorder.hpp"
#include "sim/kernel/json_input.hpp"
#include "sim/model/histories.hpp"

namespace pajesim::harness {

std::unique_ptr<law::LegalParameters> check_scenario(const model::Scenario& scenario,
                                                     const nlohmann::json* params_document) {
    const auto plan =
        faults::FaultPlan::from_json(scenario.faults, scenario.file, scenario.seed, scenario.population.families,
                                     scenario.population.cafs);
    check_fault_expectations(read_expectations(scenario.expect, scenario.file), plan->summary(), scenario.file);
    if (params_document == nullptr && !scenario.file.empty() && scenario.params_file != law::LegalParameters::default_path()) {
        // A table that is not there is the scenario's error: say which scenario and key named it.
        std::error_code error;
        const auto status = std::filesystem::status(scenario.params_file, error);
        if (!std::filesystem::exists(status)) {
            throw InputError(scenario.file, "/params", "the parameter table " + scenario.params_file + " does not exist");
        }
        if (std::filesystem::is_directory(status)) {
            throw InputError(scenario.file, "/params", "the parameter table " + scenario.params_file + " is a folder");
        }
    }
    auto parameters = params_document != nullptr
                          ? law::LegalParameters::from_json(*params_document, scenario.params_file)
                          : law::LegalParameters::load_file(scenario.params_file);
    for (YearMonth month = scenario.first_month; month <= scenario.last_month; month = month.plus_months(1)) {
        if (!parameters->covers(month)) {
            throw InputError(scenario.file, "/period",
                             "month " + month.to_string() + " is outside the periods covered by the legal "
                             "parameters " + parameters->version() + ": " + parameters->covered_periods());
        }
    }
    return parameters;
}

namespace {

// The legal parameters' path told to an external centre: the scenario's, or for a recording
// played back, the one its handshake gave.
std::string params_file_told(const model::Scenario& scenario, const RunRequest& request) {
    if (!request.sut.empty()) return std::filesystem::absolute(scenario.params_file).lexically_normal().string();
    return request.params_file_told;
}

// The first run with its observers (the invariants, the register, the followed families'
// files), its fault plan and its centre's link, all gone when it returns: the replay after it
// then needs no more memory than it did. Returns the families whose files the replay follows.
std::set<std::uint32_t> first_run(const model::Scenario& scenario, const RunRequest& request, bool external,
                                  const std::set<std::uint32_t>& followed, RunOutcome& outcome,
                                  std::vector<ConversationLine>& conversation, std::optional<model::Histories>& histories) {
    std::set<std::uint32_t> harmed;
    auto plan = faults::FaultPlan::from_json(scenario.faults, scenario.file, scenario.seed,
                                             scenario.population.families);
    outcome.world = model::World::generate(scenario, *outcome.parameters, request.threads);
    if (request.adjust_world) request.adjust_world(outcome.world);
    const std::size_t households = outcome.world.families.size();
    for (const std::uint32_t family : followed) {
        if (family >= households) {
            throw InputError("--family", "family " + std::to_string(family) + " is not in the run: it has " +
                                             std::to_string(households) + " households (0 to " +
                                             std::to_string(households - 1) + ": the " +
                                             std::to_string(scenario.population.families) +
                                             " drawn, then the other parents' and the entrants)");
        }
    }

    std::optional<Date> liveness_day;
    if (const auto end = plan->last_fault_end()) {
        liveness_day = std::max(*end, scenario.first_month.first_day()).plus_days(invariants::recovery_window_days);
    }
    invariants::InvariantSet checks(invariants::DueDateRule::from_scenario(scenario), liveness_day);
    DossierRecorder first_pass_recorder(followed);
    RegisterRecorder register_recorder(checks.due_dates(), outcome.world, &plan->causes(), request.as_of);
    ObserverFanout fanout;
    fanout.add(&checks);
    fanout.add(&register_recorder);
    if (!followed.empty()) fanout.add(&first_pass_recorder);  // no family followed: no cost

    model::RunOptions options;
    options.journal = request.journal;
    options.seams = plan.get();
    options.observer = &fanout;
    options.progress = request.progress;
    options.breaks = request.breaks;
    options.threads = request.threads;
    options.centre_actions_batch = request.centre_actions_batch;
    // The families' histories are kept when the most harmed families will be followed and
    // the replay can do without the others: the built-in centre's (an external centre's
    // conversation is played back whole).
    if (!external && !request.whole_replay &&
        (request.dossiers_of_most_harmed > 0 || request.dossiers_of_register > 0)) {
        histories = model::Histories::recording(static_cast<std::uint32_t>(households));
        options.histories = &*histories;
    }
    std::unique_ptr<CentreLink> link;
    if (!request.sut.empty()) {
        link = std::make_unique<ProcessLink>(request.sut, request.sut_timeout);
    } else if (request.replay != nullptr) {
        link = std::make_unique<ReplayLink>(*request.replay, request.replay_file, request.replay_first_line);
    }
    std::optional<SutCentre> centre;
    if (external) {
        // The answers are kept for the replays below; what was sent only for a recording.
        centre.emplace(*link, &conversation, request.conversation != nullptr);
        options.centre = &*centre;
        options.params_file = params_file_told(scenario, request);
    }
    outcome.result = model::run_simulation(scenario, *outcome.parameters, outcome.world, options);
    if (external) {
        outcome.centre.external = true;
        outcome.centre.command = request.sut.empty() ? request.replay_file : request.sut;
        outcome.centre.name = centre->centre_name();
        outcome.centre.messages = centre->messages_sent();
        outcome.centre.stderr_text = link->error_text();
        link.reset();  // the child is gone (killed and reaped) from here on
    }
    outcome.faults = plan->summary();
    outcome.verdicts = checks.verdicts();
    outcome.violations = checks.ranked();
    outcome.violation_count = checks.violation_count();
    outcome.dossiers = first_pass_recorder.dossiers();
    outcome.affected = register_recorder.take();

    // The most harmed families, whose files a replay follows.
    for (const invariants::Violation& v : outcome.violations) {
        if (harmed.size() >= request.dossiers_of_most_harmed) break;
        if (v.family.value() < outcome.world.families.size() && v.invariant != "ledger_nets_to_zero") {
            harmed.insert(v.family.value());
        }
    }
    if (request.dossiers_of_register > 0) {
        // The register's families, the most harmed first (ties: the lower id).
        std::map<std::uint32_t, Cents> largest;
        for (const Episode& episode : outcome.affected.episodes) {
            Cents& harm = largest[episode.family.value()];
            harm = max(harm, max(episode.largest_owed, episode.largest_overpaid));
        }
        std::vector<std::pair<Cents, std::uint32_t>> ranked;
        for (const auto& [f, harm] : largest) ranked.emplace_back(harm, f);
        std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        for (std::size_t i = 0; i < ranked.size() && i < request.dossiers_of_register; ++i) {
            if (ranked[i].second < outcome.world.families.size()) harmed.insert(ranked[i].second);
        }
    }
    for (const std::uint32_t f : followed) harmed.erase(f);
    return harmed;
}

}  // namespace

std::unique_ptr<RunOutcome> run_scenario(const model::Scenario& scenario, const RunRequest& request) {
    auto outcome = std::make_unique<RunOutcome>();
    outcome->scenario = scenario;
    outcome->parameters = check_scenario(scenario, request.params_document);
    std::set<std::uint32_t> followed(request.families.begin(), request.families.end());
    // An external centre: a child process, or a recording played back. Its conversation is
    // kept for the replays that follow the most harmed families.
    const bool external = !request.sut.empty() || request.replay != nullptr;
    std::vector<ConversationLine> conversation;
    std::optional<model::Histories> histories;
    const std::set<std::uint32_t> harmed =
        first_run(scenario, request, external, followed, *outcome, conversation, histories);
    if (!request.keep_cells) {
        decltype(outcome->result.owed_cents)().swap(outcome->result.owed_cents);
        outcome->result.unpaid_cents = WindowedCells();
    }
    if (!harmed.empty() && histories) {
        // The followed families alone, the shared resources' decisions from the first run.
        histories->start_replay(std::vector<std::uint32_t>(harmed.begin(), harmed.end()));
        auto replay_plan = faults::FaultPlan::from_json(scenario.faults, scenario.file, scenario.seed,
                                                        scenario.population.families);
        DossierRecorder recorder(harmed);
        model::RunOptions replay;
        replay.seams = replay_plan.get();
        replay.observer = &recorder;
        replay.breaks = request.breaks;
        replay.histories = &*histories;
        replay.progress = request.replay_progress;
        replay.centre_actions_batch = request.centre_actions_batch;
        model::run_simulation(scenario, *outcome->parameters, outcome->world, replay);
        bool same = !histories->went_its_own_way();
        for (const std::uint32_t f : harmed) same = same && histories->digest(FamilyId{f}) == histories->expected(FamilyId{f});
        if (same) {
            for (const auto& [f, dossier] : recorder.dossiers()) outcome->dossiers[f] = dossier;
            outcome->replay = RunOutcome::Replay::families_only;
        }
    }
    histories.reset();
    if (!harmed.empty() && outcome->replay == RunOutcome::Replay::none) {
        // The replay plays in the same world: a run never changes it (the true facts it reads
        // are recomputed at each reading), so no second copy is drawn.
        outcome->replay = RunOutcome::Replay::whole;
        auto replay_plan = faults::FaultPlan::from_json(scenario.faults, scenario.file, scenario.seed,
                                                        scenario.population.families);
        DossierRecorder recorder(harmed);
        model::RunOptions replay;
        replay.seams = replay_plan.get();
        replay.observer = &recorder;
        replay.breaks = request.breaks;
        replay.threads = request.threads;
        replay.progress = request.replay_progress;
        replay.centre_actions_batch = request.centre_actions_batch;
        // An external centre's part is played back from the first run's conversation.
        std::optional<ReplayLink> replay_link;
        std::optional<SutCentre> replay_centre;
        if (external) {
            replay_link.emplace(conversation, "the first run's conversation", 1, request.conversation != nullptr);
            replay_centre.emplace(*replay_link, nullptr);
            replay.centre = &*replay_centre;
            replay.params_file = params_file_told(scenario, request);
        }
        model::run_simulation(scenario, *outcome->parameters, outcome->world, replay);
        for (const auto& [f, dossier] : recorder.dossiers()) outcome->dossiers[f] = dossier;
    }
    // Each dossier lists the invariants that fired for its family.
    for (const invariants::Violation& v : outcome->violations) {
        const auto found = outcome->dossiers.find(v.family.value());
        if (found != outcome->dossiers.end()) found->second.violations.push_back(v);
    }
    if (request.conversation != nullptr) *request.conversation = std::move(conversation);
    return outcome;
}

}  // namespace pajesim::harness
