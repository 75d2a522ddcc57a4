#include "harness/runner/check.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "harness/invariants/everyone_square_after_recovery.hpp"
#include "sim/kernel/assert.hpp"
#include "sim/kernel/random.hpp"

namespace pajesim::harness {
namespace {

constexpr std::uint32_t check_stream = 900;

std::string share(RandomStream& stream) {
    static const char* shares[] = {"0.01", "0.05", "0.2", "0.5", "1"};
    return shares[stream.uniform_below(5)];
}

nlohmann::json window(RandomStream& stream, Date earliest, Date latest_end) {
    const auto span = static_cast<std::uint64_t>(earliest.days_until(latest_end));
    const Date from = earliest.plus_days(static_cast<std::int32_t>(stream.uniform_below(span / 2 + 1)));
    const Date to = from.plus_days(1 + static_cast<std::int32_t>(
                                           stream.uniform_below(static_cast<std::uint64_t>(from.days_until(latest_end)))));
    return {{"from", from.to_string()}, {"to", std::min(to, latest_end).to_string()}};
}

nlohmann::json random_fault(RandomStream& stream, const std::string& kind, Date earliest, Date latest_end) {
    nlohmann::json fault{{"kind", kind}, {"window", window(stream, earliest, latest_end)}};
    const auto days = [&](std::int32_t low, std::int32_t high) {
        const auto min = static_cast<std::int32_t>(stream.uniform_int(low, high));
        return nlohmann::json{{"min", min}, {"max", static_cast<std::int32_t>(stream.uniform_int(min, high))}};
    };
    if (kind == "server_freeze") {
        // A freeze of up to two months with a restart capacity that clears the backlog well
        // within the recovery window: liveness is about the processes, not about a backlog
        // that outlasts any window.
        const Date from = *Date::parse(fault["window"]["from"].get<std::string>());
        const Date to = *Date::parse(fault["window"]["to"].get<std::string>());
        fault["window"]["to"] = std::min(to, from.plus_days(60)).to_string();
        fault["system"] = stream.bernoulli(Ratio{1, 2}) ? "pajemploi" : "caf";
        fault["lost_share"] = fault["system"] == "pajemploi" ? share(stream) : "0";
        static const char* capacities[] = {"0.2", "0.5", "1"};
        fault["restart_capacity_share_per_day"] = capacities[stream.uniform_below(3)];
    } else if (kind == "rights_link_missing") {
        static const char* sets[] = {"all", "bulk", "changes"};
        fault["messages"] = sets[stream.uniform_below(3)];
        fault["share"] = share(stream);
    } else if (kind == "rights_stale") {
        fault["changes"] = nlohmann::json::array({"new_year", "birth", "separation", "move", "regime_switch"});
        fault["share"] = share(stream);
    } else if (kind == "declaration_hours_wrong") {
        fault["error"] = stream.bernoulli(Ratio{1, 2}) ? "missing" : "days_as_hours";
        fault["share"] = share(stream);
    } else if (kind == "transitional_wrong_families") {
        fault["error"] = stream.bernoulli(Ratio{1, 2}) ? "denied" : "granted_unchecked";
        fault["share"] = share(stream);
    } else if (kind == "rights_delayed") {
        fault["share"] = share(stream);
        fault["delay_days"] = days(1, 90);
    } else if (kind == "rights_duplicated") {
        fault["share"] = share(stream);
        fault["duplicate_delay_days"] = days(1, 60);
    } else if (kind == "declaration_duplicated") {
        fault["share"] = share(stream);
        fault["duplicate_delay_days"] = days(1, 60);
    } else if (kind == "rights_reordered") {
        fault["share"] = share(stream);
        fault["extra_delay_days"] = days(10, 60);
    } else if (kind == "migration_mapping_error") {
        static const char* fields[] = {"bracket", "single_parent", "child_birth"};
        fault["field"] = fields[stream.uniform_below(3)];
        fault["share"] = share(stream);
    } else {
        fault["share"] = share(stream);
    }
    return fault;
}

}  // namespace

nlohmann::json random_scenario(std::uint64_t seed) {
    RandomStream stream(seed, check_stream, 0);
    // Small populations most of the time, so that shrinking has little to do.
    static const std::array<std::uint32_t, 4> size_weights{40, 30, 20, 10};
    static const std::array<std::int64_t, 5> size_bounds{10, 30, 80, 150, 300};
    const std::size_t size_class = stream.weighted_choice(size_weights);
    const auto families = stream.uniform_int(size_bounds[size_class], size_bounds[size_class + 1]);
    // Two eras: the 2019 transfer of the CMG to Pajemploi, or the switch to the hourly CMG on
    // 2025-09-01 (families already paid by Pajemploi; the complément différentiel; alternating
    // residence from 2025-12).
    const bool hourly_era = stream.bernoulli(Ratio{1, 3});
    const YearMonth era_start = hourly_era ? YearMonth::from_civil(2025, 1) : YearMonth::from_civil(2019, 1);
    const YearMonth first = era_start.plus_months(static_cast<std::int32_t>(stream.uniform_int(0, 4)));
    const auto months = static_cast<std::int32_t>(stream.uniform_int(12, 20));
    const YearMonth last = first.plus_months(months - 1);
    nlohmann::json scenario{
        {"name", "check-" + std::to_string(seed)},
        {"description", "random scenario drawn by pajesim check from seed " + std::to_string(seed)},
        {"period", {{"from", first.to_string()}, {"to", last.to_string()}}},
        {"seed", seed},
        {"population",
         {{"families", families},
          {"single_parent_share", stream.bernoulli(Ratio{1, 3}) ? "0.5" : "0.08"},
          {"annual_birth_probability", stream.bernoulli(Ratio{1, 3}) ? "0.5" : "0.06"},
          {"annual_separation_probability", stream.bernoulli(Ratio{1, 3}) ? "0.3" : "0.03"},
          {"home_carer_share", stream.bernoulli(Ratio{1, 4}) ? "0.5" : "0.12"},
          {"pajemploi_plus_share", stream.bernoulli(Ratio{1, 3}) ? "0.6" : "0.15"},
          {"alternating_residence_share", hourly_era && stream.bernoulli(Ratio{1, 2}) ? "0.5" : "0"}}},
        {"workflow", {{"late_declaration_share", stream.bernoulli(Ratio{1, 3}) ? "0.4" : "0.05"}}},
        {"processes",
         {{"notice_probability", "1"},
          {"notice_delay_days", {{"min", 1}, {"max", 10}}},
          {"files_per_agent_per_day", "1000"},
          {"fix_error_probability", "0"},
          {"regularisation", true},
          {"advances", stream.bernoulli(Ratio{1, 2})},
          {"recover_advance_only_after_payment", true},
          // The reconciliation finds what nobody calls about (an overpayment): with it the
          // processes can put everything right, which liveness demands.
          {"reconciliation", {{"from", first.first_day().to_string()}, {"every_days", 30}}}}},
        {"faults", nlohmann::json::array()},
    };
    static const char* recoveries[] = {"debit", "deduct", "write_off"};
    nlohmann::json policy{{"mode", recoveries[stream.uniform_below(3)]},
                          {"notice_days", static_cast<std::int32_t>(stream.uniform_int(0, 30))}};
    // What cannot be deducted is debited after a month (a recovery spread over a year would
    // outlast the recovery window), so a monthly limit, drawn for half of them, delays none
    // beyond it.
    if (policy["mode"] == "deduct") {
        policy["debit_remainder_after_days"] = 30;
        static const char* limits[] = {"20.00", "100.00"};
        if (stream.bernoulli(Ratio{1, 2})) policy["monthly_limit"] = limits[stream.uniform_below(2)];
    }
    scenario["processes"]["overpayment_recovery"] = policy;
    // Faults end at least a recovery window and two months before the period does.
    const Date earliest = hourly_era ? Date::from_civil(2025, 6, 15) : Date::from_civil(2019, 4, 15);
    const Date latest_end = last.plus_months(-2).first_day().plus_days(-invariants::recovery_window_days);
    if (latest_end > earliest.plus_days(10)) {
        for (const std::string& kind : faults::FaultPlan::catalog()) {
            if (stream.bernoulli(Ratio{1, 4})) {
                scenario["faults"].push_back(random_fault(stream, kind, earliest, latest_end));
            }
        }
    }
    // The response and a living population, drawn after the rest (the draws above stay those
    // of the same seed without them): any triage, outbound contact, agents who ask the CAF,
    // promised answers, each CAF's advance rule; families entering and contracts ending.
    static const char* triages[] = {"fifo", "oldest_first", "hardship_first", "largest_arrears_first"};
    nlohmann::json& processes = scenario["processes"];
    processes["triage"] = triages[stream.uniform_below(4)];
    if (stream.bernoulli(Ratio{1, 3})) processes["outbound_contact"] = {{"from", first.first_day().to_string()}, {"after_days", 5}};
    if (stream.bernoulli(Ratio{1, 4})) processes["caf_answer_delay_days"] = {{"min", 1}, {"max", 10}};
    if (stream.bernoulli(Ratio{1, 2})) processes["answer_deadline_days"] = 15;
    if (processes["advances"] == true) processes["advance_rule"] = stream.bernoulli(Ratio{1, 2}) ? "automatic" : "on_request";
    nlohmann::json& population = scenario["population"];
    if (stream.bernoulli(Ratio{1, 2})) population["new_claims_per_month"] = "0.02";
    if (stream.bernoulli(Ratio{1, 2})) population["annual_contract_end_probability"] = "0.2";
    if (stream.bernoulli(Ratio{1, 2})) population["monthly_hours_spread_percent"] = 20;
    if (stream.bernoulli(Ratio{1, 2})) population["siblings_one_assmat_share"] = "0.6";
    // The carers' pay when a parent is short of funds, drawn last. Most scenarios leave a
    // carer's pay no room to wait (the guarantee covers more contract-months than a period
    // holds, parents paying directly go into overdraft), so that every carer's pay on time is
    // judged; the others draw a rule under which the pay may wait for the parent's money, and
    // `failed_properties` judges there only the carers the rule cannot explain.
    nlohmann::json& workflow = scenario["workflow"];
    if (stream.bernoulli(Ratio{3, 4})) {
        workflow["pajemploi_plus_carer_pay"] = {{"rule", "guarantee"}, {"guaranteed_months", 24}};
    } else {
        if (stream.bernoulli(Ratio{1, 2})) {
            workflow["pajemploi_plus_carer_pay"] = {{"rule", "after_debit"}};
        } else {
            workflow["pajemploi_plus_carer_pay"] = {{"rule", "guarantee"},
                                                    {"guaranteed_months", static_cast<std::int32_t>(stream.uniform_int(0, 2))}};
        }
        if (stream.bernoulli(Ratio{1, 2})) workflow["direct_pay_when_short"] = "wait_for_funds";
    }
    return scenario;
}

bool rules_may_withhold_carer_pay(const RunOutcome& run, FamilyId family, YearMonth month, Cents unpaid) {
    const model::WorkflowParameters& workflow = run.scenario.workflow;
    const model::World& world = run.world;
    const std::uint32_t begin = world.family_contract_begin[family.index()];
    const std::uint32_t end = world.family_contract_begin[family.index() + 1];
    const auto months_in_period = [&](const model::Contract& contract) -> std::int64_t {
        const YearMonth from = std::max(contract.first_month, run.scenario.first_month);
        const YearMonth to = std::min(contract.last_month, run.scenario.last_month);
        return from <= to ? from.months_until(to) + 1 : 0;
    };
    // Pajemploi+ pay may wait under after_debit, and under the guarantee when the family has
    // more Pajemploi+ contract-months than the guarantee covers besides the month's own.
    std::int64_t plus_contract_months = 0;
    for (std::uint32_t c = begin; c < end; ++c) {
        if (world.contracts[c].pajemploi_plus) plus_contract_months += months_in_period(world.contracts[c]);
    }
    const bool plus_may_wait = plus_contract_months > 0 &&
                               (workflow.carer_pay_rule == model::CarerPayRule::after_debit ||
                                plus_contract_months - 1 >= workflow.guaranteed_months);
    const bool direct_may_wait = workflow.direct_pay_when_short == model::DirectPayWhenShort::wait_for_funds;
    // A waiting pay is a contract's whole pay for the month: the shortfall must be at least the
    // smallest pay the rule may keep (a part of a pay, such as the allowances, never waits).
    std::optional<Cents> smallest;
    for (std::uint32_t c = begin; c < end; ++c) {
        const model::Contract& contract = world.contracts[c];
        if (month < contract.first_month || month > contract.last_month) continue;
        // A Pajemploi+ contract is paid directly in a month of the old workflow.
        if (!(direct_may_wait || (plus_may_wait && contract.pajemploi_plus))) continue;
        const Cents pay = contract.pay_in(month);
        if (!smallest || pay < *smallest) smallest = pay;
    }
    return smallest && unpaid >= *smallest;
}

bool faults_may_violate(const std::vector<faults::FaultSummary>& faults, std::string_view invariant) {
    return std::any_of(faults.begin(), faults.end(), [&](const faults::FaultSummary& fault) {
        const faults::MayViolate names = faults::FaultPlan::may_violate(fault.kind);
        return std::find(names.begin(), names.end(), invariant) != names.end();
    });
}

std::vector<std::string> failed_properties(const RunOutcome& run) {
    std::vector<std::string> failed;
    for (const invariants::InvariantVerdict& verdict : run.verdicts) {
        if (verdict.violations == 0 || faults_may_violate(run.faults, verdict.name)) continue;
        if (verdict.name == "carers_paid_on_time" || verdict.name == "everyone_square_after_recovery") {
            // Each violation is looked at: a carer's pay the scenario's rule may have kept
            // waiting is no counterexample. Every violation must be at hand to say so.
            std::uint64_t explained = 0;
            for (const invariants::Violation& v : run.violations) {
                if (v.invariant != verdict.name) continue;
                const bool carer = v.invariant == "carers_paid_on_time" || v.reason == invariants::carer_still_unpaid_reason;
                if (carer && rules_may_withhold_carer_pay(run, v.family, v.month, v.expected - v.actual)) ++explained;
            }
            if (explained == verdict.violations) continue;
        }
        failed.emplace_back(verdict.name);
    }
    return failed;
}

std::unique_ptr<RunOutcome> run_json(const nlohmann::json& scenario, const std::string& name,
                                     const model::TestBreaks& breaks,
                                     const std::function<void(model::World&)>& adjust_world,
                                     const SutSettings& sut) {
    const model::Scenario loaded = model::scenario_from_json(scenario, name, ".");
    RunRequest request;
    request.dossiers_of_most_harmed = 0;
    request.breaks = breaks;
    request.adjust_world = adjust_world;
    request.sut = sut.command;
    request.sut_timeout = sut.timeout;
    return run_scenario(loaded, request);
}

nlohmann::json shrink(nlohmann::json scenario, const std::function<bool(const nlohmann::json&)>& still_fails) {
    const auto attempt = [&](const nlohmann::json& candidate) {
        if (!still_fails(candidate)) return false;
        scenario = candidate;
        return true;
    };
    // Fewer families: halve while it fails, then remove one at a time from the end.
    for (bool progress = true; progress;) {
        progress = false;
        const auto families = scenario["population"]["families"].get<std::int64_t>();
        if (families > 1) {
            nlohmann::json candidate = scenario;
            candidate["population"]["families"] = families / 2;
            progress = attempt(candidate);
        }
    }
    for (bool progress = true; progress;) {
        progress = false;
        const auto families = scenario["population"]["families"].get<std::int64_t>();
        for (std::int64_t fewer = families - 1; fewer >= 1 && fewer >= families - 8; --fewer) {
            nlohmann::json candidate = scenario;
            candidate["population"]["families"] = fewer;
            if (attempt(candidate)) {
                progress = true;
                break;
            }
        }
    }
    // Fewer faults.
    for (std::size_t i = 0; i < scenario["faults"].size();) {
        nlohmann::json candidate = scenario;
        candidate["faults"].erase(candidate["faults"].begin() + static_cast<std::ptrdiff_t>(i));
        if (!attempt(candidate)) ++i;
    }
    // A shorter period: drop months from the end, then from the start.
    for (bool progress = true; progress;) {
        progress = false;
        const YearMonth from = *YearMonth::parse(scenario["period"]["from"].get<std::string>());
        const YearMonth to = *YearMonth::parse(scenario["period"]["to"].get<std::string>());
        if (to > from) {
            nlohmann::json candidate = scenario;
            candidate["period"]["to"] = to.plus_months(-1).to_string();
            progress = attempt(candidate);
            if (!progress) {
                candidate = scenario;
                candidate["period"]["from"] = from.plus_months(1).to_string();
                progress = attempt(candidate);
            }
        }
    }
    scenario["description"] = "shrunk counterexample: " + scenario.value("description", std::string());
    return scenario;
}

}  // namespace pajesim::harness
