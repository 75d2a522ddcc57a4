// A living population (docs/scenario-format.md#population): families entering during the run
// (first births and new contracts), contracts ending early, balances and incomes drawn from the
// scenario's ranges, overdraft fees. Without faults every family is still paid exactly what
// the oracle says (every invariant holds), reruns give the same bytes, and each entrant's
// draws come from its own stream (adding families changes no one else's).

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/runner/scenario_run.hpp"
#include "reports/run_report.hpp"
#include "sim/kernel/json_input.hpp"
#include "sim/law/parameters.hpp"
#include "sim/model/population/world.hpp"
#include "sim/model/scenario.hpp"

using namespace pajesim;
using nlohmann::json;

namespace {

json living(std::uint32_t families) {
    json document = parse_json_file(std::string(PAJESIM_SOURCE_DIR) + "/scenarios/baseline-2019.json", 4u << 20);
    document["population"]["families"] = families;
    document["population"]["new_claims_per_month"] = "0.01";
    document["population"]["annual_contract_end_probability"] = "0.1";
    document["population"]["starting_balance"] = {{"min", "100.00"}, {"max", "800.00"}};
    document["population"]["income_margin_percent"] = {{"min", 0}, {"max", 10}};
    document["population"]["overdraft_fee"] = "8.00";
    return document;
}

model::Scenario scenario_of(const json& document) {
    return model::scenario_from_json(document, "living.json", std::string(PAJESIM_SOURCE_DIR) + "/scenarios");
}

std::unique_ptr<harness::RunOutcome> run(const json& document) {
    harness::RunRequest request;
    request.dossiers_of_most_harmed = 0;
    request.breaks = model::TestBreaks{};
    return harness::run_scenario(scenario_of(document), request);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(living_population)

BOOST_AUTO_TEST_CASE(a_living_baseline_is_paid_exactly_and_reruns_are_identical) {
    const json document = living(2000);
    const auto first = run(document);
    BOOST_TEST_REQUIRE(first->result.complete);
    // 2 000 families x 24 months x 1 % = 480 entrants (less those whose care would start after
    // the run), appended after the drawn families.
    const std::size_t families = first->world.families.size();
    BOOST_TEST(families > 2000u + 400u);
    BOOST_TEST(families <= 2000u + 480u);
    for (const auto& verdict : first->verdicts) {
        BOOST_TEST(verdict.violations == 0u, verdict.name << " violated " << verdict.violations << " times");
    }
    BOOST_TEST(first->result.statistics.families_affected == 0u);
    // Some entrants declare their first month in the run's second year; some contracts end
    // before their child ages out or the run ends.
    const model::World& world = first->world;
    std::size_t late_starts = 0;
    std::size_t early_ends = 0;
    for (std::size_t c = 0; c < world.contracts.size(); ++c) {
        const model::Contract& contract = world.contracts[c];
        if (contract.family.index() >= 2000 && contract.first_month >= YearMonth::from_civil(2020, 1)) ++late_starts;
        const auto& family = world.families[contract.family.index()];
        YearMonth care_end = world.last_month;
        for (const std::uint32_t child : contract.facts.children) {
            care_end = std::min(care_end, family.facts.children[child].birth.plus_years(6).year_month());
        }
        if (contract.last_month < care_end) ++early_ends;
    }
    BOOST_TEST(late_starts > 50u);
    BOOST_TEST(early_ends > 50u);
    // Entrants are paid for their months like everyone: their declarations are in the books.
    std::uint64_t entrant_months = 0;
    for (std::size_t f = 2000; f < families; ++f) entrant_months += first->result.families[f].months_declared;
    BOOST_TEST(entrant_months > 1000u);
    // The bank's fee for each overdraft.
    for (const auto& month : first->result.months) {
        BOOST_TEST(month.overdraft_fees == Cents{800}.times(month.overdrafts), month.month.to_string());
    }

    const auto second = run(document);
    BOOST_TEST(reports::report_json(*first) == reports::report_json(*second));
}

BOOST_AUTO_TEST_CASE(entrants_draw_from_their_own_streams) {
    const auto parameters = law::LegalParameters::load_file(std::string(PAJESIM_SOURCE_DIR) + "/scenarios/params/cmg-2018-2026.json");
    const model::World small = model::World::generate(scenario_of(living(1000)), *parameters);
    const model::World large = model::World::generate(scenario_of(living(1001)), *parameters);
    // The first 1 000 drawn families are the same; the entrants are (more of them in the larger
    // run: 1 001 x 24 x 1 % rounds to 240 as 1 000 x 24 x 1 % does, so the same ones), each with
    // the same children, CAF, balance and income.
    BOOST_TEST_REQUIRE(large.families.size() == small.families.size() + 1);
    for (std::size_t f = 0; f < 1000; ++f) {
        BOOST_TEST(small.families[f].starting_balance == large.families[f].starting_balance);
        BOOST_TEST(small.families[f].monthly_income == large.families[f].monthly_income);
    }
    for (std::size_t k = 0; k + 1000 < small.families.size(); ++k) {
        const model::Family& a = small.families[1000 + k];
        const model::Family& b = large.families[1001 + k];
        BOOST_TEST(a.caf == b.caf);
        BOOST_TEST(a.facts.children.front().birth == b.facts.children.front().birth);
        BOOST_TEST(a.starting_balance == b.starting_balance);
        BOOST_TEST(a.monthly_income == b.monthly_income);
        BOOST_TEST(a.children_at_start == b.children_at_start);
        // Its contract, and whether and when it ends early, do not depend on its id either.
        const model::Contract& ca = small.contracts[small.family_contract_begin[1000 + k]];
        const model::Contract& cb = large.contracts[large.family_contract_begin[1001 + k]];
        BOOST_TEST(ca.first_month == cb.first_month);
        BOOST_TEST(ca.last_month == cb.last_month);
        BOOST_TEST(ca.facts.net_salary == cb.facts.net_salary);
    }
    // Balances come from the scenario's range, in whole euros.
    for (const model::Family& family : small.families) {
        BOOST_TEST(family.starting_balance >= Cents{100'00});
        BOOST_TEST(family.starting_balance <= Cents{800'00});
        BOOST_TEST(family.starting_balance.value() % 100 == 0);
    }
    // First births have no child at the start and one birth, the child's, on the entry day.
    std::size_t first_births = 0;
    for (std::size_t f = 1000; f < small.families.size(); ++f) {
        const model::Family& family = small.families[f];
        if (family.children_at_start != 0) continue;
        ++first_births;
        BOOST_TEST(family.change_count == 1u);
        BOOST_TEST((family.changes[0].kind == model::ChangeKind::birth));
        BOOST_TEST(family.changes[0].date == family.facts.children.front().birth);
    }
    BOOST_TEST(first_births > 60u);
}

BOOST_AUTO_TEST_SUITE_END()
