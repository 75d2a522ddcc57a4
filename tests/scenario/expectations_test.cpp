// Expectations with teeth: count bands per invariant, faults required to fire, bounds on the
// harm figures; bad expect blocks rejected with their JSON path; and the shipped scenarios'
// expectations fail when a fault stops firing or a count leaves its band.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/runner/expectations.hpp"
#include "harness/runner/scenario_run.hpp"
#include "sim/kernel/json_input.hpp"

using namespace pajesim;
using nlohmann::json;

namespace {

std::string scenario_path(const std::string& name) {
    return std::string(PAJESIM_SOURCE_DIR) + "/scenarios/" + name + ".json";
}

// The JSON path of the InputError `read` throws ("" when it throws none).
template <typename Read>
std::string error_path(Read read) {
    try {
        read();
    } catch (const InputError& error) {
        BOOST_TEST(error.file() == "s.json");
        return error.json_path();
    }
    return "";
}

std::string read_error_path(const json& expect) {
    return error_path([&] { harness::read_expectations(expect, "s.json"); });
}

// A finished run written by hand: two invariants, a freeze and a lost link, and harm figures.
harness::RunOutcome hand_run(std::uint64_t deadline_violations, std::uint64_t freeze_firings) {
    harness::RunOutcome run;
    run.verdicts = {{"declared_months_paid_on_time", deadline_violations, true},
                    {"ledger_nets_to_zero", 0, true}};
    const DateRange window{Date::from_civil(2019, 5, 4), Date::from_civil(2019, 5, 25)};
    run.faults = {{"server_freeze", window, freeze_firings},
                  {"rights_link_missing", window, 40},
                  {"rights_link_missing", window, 60}};
    run.result.statistics.families_affected = 445;
    run.result.statistics.longest_delay_days = 291;
    run.result.months.resize(2);
    run.result.months[0].families_in_arrears = 150;
    run.result.months[0].money_owed = Cents{120'000'00};
    run.result.months[1].families_in_arrears = 210;
    run.result.months[1].money_owed = Cents{168'501'71};
    return run;
}

std::vector<std::string> unmet(const json& expect, const harness::RunOutcome& run) {
    return harness::unmet_expectations(harness::read_expectations(expect, "s.json"), run);
}

bool mentions(const std::vector<std::string>& failures, const std::string& text) {
    return std::any_of(failures.begin(), failures.end(),
                       [&](const std::string& f) { return f.find(text) != std::string::npos; });
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_count_band_is_inclusive_at_both_ends) {
    const json expect{{"invariant_counts", {{"declared_months_paid_on_time", {1100, 1350}}}}};
    BOOST_TEST(unmet(expect, hand_run(1100, 1)).empty());
    BOOST_TEST(unmet(expect, hand_run(1350, 1)).empty());
    BOOST_TEST(mentions(unmet(expect, hand_run(1099, 1)), "declared_months_paid_on_time violated 1099 times"));
    BOOST_TEST(mentions(unmet(expect, hand_run(1351, 1)), "outside [1100, 1350]"));
    // The object form, with one bound.
    const json at_most{{"invariant_counts", {{"declared_months_paid_on_time", {{"max", 10}}}}}};
    BOOST_TEST(unmet(at_most, hand_run(10, 1)).empty());
    BOOST_TEST(unmet(at_most, hand_run(11, 1)).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_server_freeze_that_never_fired_fails_the_expectations) {
    const json each{{"faults_fired", "each"}};
    BOOST_TEST(unmet(each, hand_run(0, 1)).empty());
    BOOST_TEST(mentions(unmet(each, hand_run(0, 0)), "fault server_freeze [2019-05-04, 2019-05-25) never fired"));
    // A band for another kind leaves the freeze required to fire at least once.
    const json other{{"faults_fired", {{"rights_link_missing", {90, 110}}}}};
    BOOST_TEST(unmet(other, hand_run(0, 1)).empty());
    BOOST_TEST(mentions(unmet(other, hand_run(0, 0)), "server_freeze"));
}

BOOST_AUTO_TEST_CASE(a_band_of_firings_sums_the_faults_of_its_kind) {
    // 40 + 60 = 100 firings of rights_link_missing.
    BOOST_TEST(unmet(json{{"faults_fired", {{"rights_link_missing", {100, 100}}}}}, hand_run(0, 1)).empty());
    BOOST_TEST(mentions(unmet(json{{"faults_fired", {{"rights_link_missing", {101, 200}}}}}, hand_run(0, 1)),
                        "rights_link_missing fired 100 times"));
    BOOST_TEST(mentions(unmet(json{{"faults_fired", {{"server_freeze", {1, 5000}}}}}, hand_run(0, 0)),
                        "server_freeze fired 0 times"));
    // A kind may be allowed not to fire.
    BOOST_TEST(unmet(json{{"faults_fired", {{"server_freeze", {0, 5}}}}}, hand_run(0, 0)).empty());
}

BOOST_AUTO_TEST_CASE(harm_figures_are_bounded) {
    const harness::RunOutcome run = hand_run(0, 1);
    BOOST_TEST(unmet(json{{"families_affected", {445, 445}}, {"families_in_arrears_peak", {210, 210}},
                          {"longest_delay_days", {291, 291}}, {"money_owed_peak", {"168501.71", "168501.71"}},
                          {"families_still_owed_at_end", {0, 0}}, {"money_still_owed_at_end", {"0", "0"}}},
                     run)
                   .empty());
    BOOST_TEST(mentions(unmet(json{{"families_in_arrears_peak", {0, 209}}}, run), "families in arrears at the peak 210"));
    BOOST_TEST(mentions(unmet(json{{"longest_delay_days", {292, 400}}}, run), "longest delay (days) 291"));
    BOOST_TEST(mentions(unmet(json{{"money_owed_peak", {"0", "168501.70"}}}, run), "money owed at the peak 168501.71"));
    BOOST_TEST(mentions(unmet(json{{"families_affected", {{"min", 446}}}}, run), "families affected 445"));
}

BOOST_AUTO_TEST_CASE(bad_expect_blocks_name_their_json_path) {
    BOOST_TEST(read_error_path(json{{"invariant_counts", {{"no_such_invariant", {1, 2}}}}}) ==
               "/expect/invariant_counts/no_such_invariant");
    BOOST_TEST(read_error_path(json{{"invariant_counts", {{"declared_months_paid_on_time", {5, 1}}}}}) ==
               "/expect/invariant_counts/declared_months_paid_on_time");
    BOOST_TEST(read_error_path(json{{"invariant_counts", {{"declared_months_paid_on_time", {1, 2, 3}}}}}) ==
               "/expect/invariant_counts/declared_months_paid_on_time");
    BOOST_TEST(read_error_path(json{{"invariant_counts", {{"declared_months_paid_on_time", {-1, 2}}}}}) ==
               "/expect/invariant_counts/declared_months_paid_on_time/0");
    BOOST_TEST(read_error_path(json{{"invariant_counts", json::array()}}) == "/expect/invariant_counts");
    BOOST_TEST(read_error_path(json{{"invariants_hold", "all"},
                                    {"invariant_counts", {{"ledger_nets_to_zero", {1, 2}}}}}) ==
               "/expect/invariant_counts/ledger_nets_to_zero");
    BOOST_TEST(read_error_path(json{{"invariants_violated", {"ledger_nets_to_zero"}},
                                    {"invariant_counts", {{"ledger_nets_to_zero", {0, 0}}}}}) ==
               "/expect/invariant_counts/ledger_nets_to_zero");
    BOOST_TEST(read_error_path(json{{"faults_fired", "some"}}) == "/expect/faults_fired");
    BOOST_TEST(read_error_path(json{{"faults_fired", {{"server_frieze", {1, 2}}}}}) ==
               "/expect/faults_fired/server_frieze");
    BOOST_TEST(read_error_path(json{{"money_owed_peak", {"12.345", "20"}}}) == "/expect/money_owed_peak/0");
    BOOST_TEST(read_error_path(json{{"longest_delay_days", 3}}) == "/expect/longest_delay_days");
    BOOST_TEST(read_error_path(json{{"families_affected", {{"min", 1}, {"most", 2}}}}) == "/expect/families_affected/most");
    BOOST_TEST(read_error_path(json{{"invariant_count", {}}}) == "/expect/invariant_count");
}

BOOST_AUTO_TEST_CASE(a_band_for_a_fault_kind_the_plan_does_not_hold_is_bad_input) {
    const harness::Expectations expectations =
        harness::read_expectations(json{{"faults_fired", {{"double_debit", {1, 2}}}}}, "s.json");
    const std::vector<faults::FaultSummary> plan = hand_run(0, 1).faults;
    BOOST_TEST(error_path([&] { harness::check_fault_expectations(expectations, plan, "s.json"); }) ==
               "/expect/faults_fired/double_debit");
    const harness::Expectations each = harness::read_expectations(json{{"faults_fired", "each"}}, "s.json");
    BOOST_TEST(error_path([&] { harness::check_fault_expectations(each, {}, "s.json"); }) == "/expect/faults_fired");
}

BOOST_AUTO_TEST_CASE(every_shipped_scenario_bands_each_violated_invariant_and_each_fault) {
    for (const std::string name : {"baseline-2019", "incident-2019", "rollout-big-bang", "rollout-parallel-run",
                                   "rollout-phased"}) {
        const model::Scenario scenario = model::load_scenario(scenario_path(name));
        const harness::Expectations expected = harness::read_expectations(scenario.expect, scenario.file);
        const auto plan = faults::FaultPlan::from_json(scenario.faults, scenario.file, scenario.seed,
                                                       scenario.population.families);
        for (const std::string_view invariant : invariants::InvariantSet::names()) {
            const std::string n(invariant);
            const bool holds = expected.all_hold ||
                               std::find(expected.hold.begin(), expected.hold.end(), n) != expected.hold.end();
            const bool banded = std::any_of(expected.invariant_counts.begin(), expected.invariant_counts.end(),
                                            [&](const auto& entry) { return entry.first == n; });
            BOOST_TEST((holds || banded), name << ": " << n << " neither holds nor has a count band");
        }
        BOOST_TEST((plan->empty() || expected.faults_fire), name << ": its faults are not required to fire");
        BOOST_TEST(expected.families_affected.has_value(), name);
        BOOST_TEST(expected.money_owed_peak.has_value(), name);
        BOOST_TEST(expected.longest_delay_days.has_value(), name);
    }
}

BOOST_AUTO_TEST_CASE(the_incident_s_expectations_fail_when_the_freeze_stops_firing_or_a_count_leaves_its_band) {
    model::Scenario scenario = model::load_scenario(scenario_path("incident-2019"));
    const harness::Expectations expected = harness::read_expectations(scenario.expect, scenario.file);
    harness::RunRequest request;
    request.dossiers_of_most_harmed = 0;
    auto run = harness::run_scenario(scenario, request);
    BOOST_TEST_REQUIRE(harness::unmet_expectations(expected, *run).empty());

    // Each violated invariant one above and one below its band.
    for (const auto& [name, band] : expected.invariant_counts) {
        for (const std::int64_t count : {band.min - 1, band.max + 1}) {
            if (count < 0) continue;
            harness::RunOutcome& outcome = *run;
            for (auto& verdict : outcome.verdicts) {
                if (verdict.name == name) verdict.violations = static_cast<std::uint64_t>(count);
            }
            BOOST_TEST(mentions(harness::unmet_expectations(expected, outcome), name), name << " at " << count);
        }
    }

    // The freeze moved before the period: it never fires.
    for (auto& fault : scenario.faults) {
        if (fault["kind"] == "server_freeze") fault["window"] = {{"from", "2018-01-01"}, {"to", "2018-01-02"}};
    }
    const auto frozen_out = harness::run_scenario(scenario, request);
    BOOST_TEST(mentions(harness::unmet_expectations(expected, *frozen_out), "fault server_freeze fired 0 times"));
}
