// `pajesim check` knows what each fault may cause: a violation no fault of the plan may
// legitimately cause is a counterexample whatever faults are present, and liveness is always
// checked.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/runner/check.hpp"

using namespace pajesim;

namespace {

harness::RunOutcome violated(const std::string& invariant, const std::vector<std::string>& fault_kinds) {
    harness::RunOutcome run;
    for (const std::string_view name : invariants::InvariantSet::names()) {
        run.verdicts.push_back({name, name == invariant ? 3u : 0u, true});
    }
    const DateRange window{Date::from_civil(2019, 5, 4), Date::from_civil(2019, 5, 25)};
    for (const std::string& kind : fault_kinds) run.faults.push_back({kind, window, 1});
    return run;
}

bool counterexample(const std::string& invariant, const std::vector<std::string>& fault_kinds) {
    const auto failed = harness::failed_properties(violated(invariant, fault_kinds));
    return std::find(failed.begin(), failed.end(), invariant) != failed.end();
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_invariant_is_not_skipped_because_unrelated_faults_are_present) {
    // A double debit cannot make Pajemploi pay above the law, nor lose a carer's salary.
    BOOST_TEST(counterexample("cmg_never_above_owed", {"double_debit"}));
    BOOST_TEST(counterexample("carers_paid_on_time", {"double_debit", "rights_stale", "migration_mapping_error"}));
    BOOST_TEST(counterexample("arrears_match_a_shortfall", {"payment_file_rejected", "declaration_lost"}));
    BOOST_TEST(counterexample("declared_months_paid_on_time", {"double_debit", "contributions_debited_without_rights"}));
    // ... while the faults that can cause them are allowed to.
    BOOST_TEST(!counterexample("cmg_never_above_owed", {"double_debit", "rights_stale"}));
    BOOST_TEST(!counterexample("carers_paid_on_time", {"declaration_lost"}));
    BOOST_TEST(!counterexample("arrears_match_a_shortfall", {"rights_reordered"}));
    BOOST_TEST(!counterexample("no_covered_contributions_debited", {"double_debit"}));
}

BOOST_AUTO_TEST_CASE(without_faults_every_violation_is_a_counterexample) {
    for (const std::string_view name : invariants::InvariantSet::names()) {
        BOOST_TEST(counterexample(std::string(name), {}), name);
    }
}

BOOST_AUTO_TEST_CASE(no_fault_may_lose_money_recover_early_or_leave_anyone_unsquare) {
    const std::vector<std::string> every_kind = faults::FaultPlan::catalog();
    BOOST_TEST(counterexample("ledger_nets_to_zero", every_kind));
    BOOST_TEST(counterexample("advance_not_recovered_before_payment", every_kind));
    BOOST_TEST(counterexample("everyone_square_after_recovery", every_kind));
}

BOOST_AUTO_TEST_CASE(each_fault_kind_names_only_known_invariants) {
    const auto& known = invariants::InvariantSet::names();
    for (const std::string& kind : faults::FaultPlan::catalog()) {
        const faults::MayViolate names = faults::FaultPlan::may_violate(kind);
        BOOST_TEST(!names.empty(), kind);
        for (const std::string_view name : names) {
            BOOST_TEST((std::find(known.begin(), known.end(), name) != known.end()), kind << ": " << name);
        }
    }
}

BOOST_AUTO_TEST_CASE(money_created_is_found_though_an_unrelated_fault_is_present) {
    // Pajemploi forgets the 85 % cap while debits are doubled: the double debit explains the
    // excess debits, not the CMG paid above the law.
    const nlohmann::json scenario{
        {"name", "cap-and-double-debit"},
        {"period", {{"from", "2019-01"}, {"to", "2019-12"}}},
        {"seed", 11},
        {"population", {{"families", 60}, {"assmat_net_hourly_per_child", {{"min", "1.50"}, {"max", "2.50"}}}}},
        {"processes", {{"notice_probability", "1"}, {"files_per_agent_per_day", "1000"}, {"fix_error_probability", "0"}}},
        {"faults", nlohmann::json::array({{{"kind", "double_debit"}, {"share", "0.5"},
                                           {"window", {{"from", "2019-06-01"}, {"to", "2019-07-01"}}}}})}};
    model::TestBreaks breaks;
    breaks.drop_salary_cap = true;
    const auto broken = harness::run_json(scenario, "cap.json", breaks);
    BOOST_TEST_REQUIRE(broken->faults.front().firings > 0u);  // the double debit is there
    const auto failed = harness::failed_properties(*broken);
    BOOST_TEST((std::find(failed.begin(), failed.end(), "cmg_never_above_owed") != failed.end()));
    const auto correct = harness::run_json(scenario, "cap.json", model::TestBreaks{});
    BOOST_TEST(harness::failed_properties(*correct).empty());
}

BOOST_AUTO_TEST_CASE(a_deduction_made_before_the_month_s_other_payment_is_no_counterexample) {
    // A random scenario of `pajesim check` (seed 161821323). Bulk records a bracket off make
    // the centre pay a month of two contracts too much for the first; the reconciliation puts
    // the rights right, and the centre deducts the excess of what it ordered from the family
    // two days before the second contract's payment. The month ends paid what the law says:
    // no recovery took money the family is owed, and the check must find nothing.
    nlohmann::json scenario = nlohmann::json::parse(R"({
        "faults": [{"field": "bracket", "kind": "migration_mapping_error", "share": "0.2", "window": {"from": "2019-05-03", "to": "2019-08-22"}}],
        "name": "mapping-error-phantom-overpayment",
        "period": {"from": "2019-04", "to": "2020-04"},
        "population": {
            "alternating_residence_share": "0",
            "annual_birth_probability": "0.5",
            "annual_separation_probability": "0.03",
            "families": 279,
            "home_carer_share": "0.5",
            "monthly_hours_spread_percent": 20,
            "new_claims_per_month": "0.02",
            "pajemploi_plus_share": "0.15",
            "single_parent_share": "0.5"},
        "processes": {
            "advances": false,
            "caf_answer_delay_days": {"max": 10, "min": 1},
            "files_per_agent_per_day": "1000",
            "fix_error_probability": "0",
            "notice_delay_days": {"max": 10, "min": 1},
            "notice_probability": "1",
            "overpayment_recovery": {"debit_remainder_after_days": 30, "mode": "deduct", "notice_days": 0},
            "reconciliation": {"every_days": 30, "from": "2019-04-01"},
            "recover_advance_only_after_payment": true,
            "regularisation": true,
            "triage": "fifo"},
        "seed": 161821323,
        "workflow": {"late_declaration_share": "0.05"}})");
    const model::Scenario loaded = model::scenario_from_json(scenario, "mapping.json", ".");
    harness::RunRequest request;
    request.dossiers_of_most_harmed = 0;
    request.families = {37, 171, 253};  // three families it happens to
    const auto outcome = harness::run_scenario(loaded, request);
    const YearMonth may = YearMonth::from_civil(2019, 5);
    for (const std::uint32_t f : request.families) {
        const harness::Dossier& dossier = outcome->dossiers.at(f);
        const auto recovered = std::count_if(dossier.events.begin(), dossier.events.end(), [&](const auto& e) {
            return e.kind == "overpayment_recovered" && e.month == may;
        });
        BOOST_TEST(recovered == 1, "family " << f);
        for (const harness::Dossier::Month& m : dossier.months) {
            if (m.month == may) BOOST_TEST((m.paid == m.owed && m.recovered > Cents{0}), "family " << f);
        }
    }
    for (const auto& verdict : outcome->verdicts) {
        if (verdict.name == "recovery_within_overpayment") BOOST_TEST(verdict.violations == 0u);
    }
    BOOST_TEST(harness::failed_properties(*outcome).empty());
}
