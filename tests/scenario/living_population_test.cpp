// A living population (docs/scenario-format.md#population): families entering during the run
// (first births and new contracts), contracts ending early, balances and incomes drawn from the
// scenario's ranges, overdraft fees. Without faults every family is still paid exactly what
// the oracle says (every invariant holds), reruns give the same bytes, and each entrant's
// draws come from its own stream (adding families changes no one else's).

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/runner/scenario_run.hpp"
#include "sim/law/cmg.hpp"
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
        YearMonth care_end = world.last_month;
        for (const std::uint32_t child : contract.children()) {
            care_end = std::min(care_end, world.children_of(contract.family)[child].birth.plus_years(6).year_month());
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
        BOOST_TEST(small.children[a.first_child].birth == large.children[b.first_child].birth);
        BOOST_TEST(a.starting_balance == b.starting_balance);
        BOOST_TEST(a.monthly_income == b.monthly_income);
        BOOST_TEST(a.children_at_start == b.children_at_start);
        // Its contract, and whether and when it ends early, do not depend on its id either.
        const model::Contract& ca = small.contracts[small.family_contract_begin[1000 + k]];
        const model::Contract& cb = large.contracts[large.family_contract_begin[1001 + k]];
        BOOST_TEST(ca.first_month == cb.first_month);
        BOOST_TEST(ca.last_month == cb.last_month);
        BOOST_TEST(ca.facts().net_salary == cb.facts().net_salary);
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
        BOOST_TEST(family.changes[0].date == small.children[family.first_child].birth);
    }
    BOOST_TEST(first_births > 60u);
}

// Hours that vary from month to month (population.monthly_hours_spread_percent): each month's
// hours lie within the spread of the contract's mean, the pay follows them at the contract's
// hourly rate, days at 9 hours a day (assmat) or 8 (home carer), allowances per day; the oracle
// owes each month on that month's work, and without faults the centre pays exactly that.
BOOST_AUTO_TEST_CASE(hours_and_pay_vary_month_to_month_and_are_paid_exactly) {
    json document = living(1500);
    document["population"]["monthly_hours_spread_percent"] = 25;
    const auto varied = run(document);
    BOOST_TEST_REQUIRE(varied->result.complete);
    for (const auto& verdict : varied->verdicts) {
        BOOST_TEST(verdict.violations == 0u, verdict.name << " violated " << verdict.violations << " times");
    }
    BOOST_TEST(varied->result.statistics.families_affected == 0u);

    const model::World& world = varied->world;
    const auto parameters = law::LegalParameters::load_file(std::string(PAJESIM_SOURCE_DIR) + "/scenarios/params/cmg-2018-2026.json");
    std::size_t contracts_that_vary = 0;
    std::size_t months_checked = 0;
    for (std::size_t c = 0; c < world.contracts.size(); ++c) {
        const model::Contract& contract = world.contracts[c];
        const bool assmat = contract.facts().mode == law::CareMode::assmat;
        const std::int64_t mean = contract.facts().hours_x100 / 100;
        const std::int64_t hourly = contract.facts().net_salary.value() / mean;  // cents an hour, as drawn
        BOOST_TEST_REQUIRE(hourly * mean == contract.facts().net_salary.value());
        std::set<std::int32_t> hours_seen;
        for (YearMonth m = contract.first_month; m <= contract.last_month; m = m.plus_months(1)) {
            const model::MonthWork work = contract.work_in(m);
            BOOST_TEST_REQUIRE(work.hours_x100 % 100 == 0);
            const std::int64_t hours = work.hours_x100 / 100;
            BOOST_TEST(hours >= std::max<std::int64_t>(1, mean - mean / 4));
            BOOST_TEST(hours <= mean + mean / 4);
            BOOST_TEST(work.net_salary.value() == hourly * hours);
            const std::int64_t days = std::clamp<std::int64_t>(assmat ? (hours + 8) / 9 : (hours + 7) / 8, 1, 23);
            BOOST_TEST(work.days_worked == days);
            BOOST_TEST(work.maintenance == (assmat ? Cents{300}.times(days) : Cents{0}));
            hours_seen.insert(work.hours_x100);
            BOOST_TEST(contract.work_in(m).hours_x100 == work.hours_x100);  // a pure function of the month
            ++months_checked;
        }
        if (hours_seen.size() > 1) ++contracts_that_vary;
    }
    BOOST_TEST(months_checked > 30'000u);
    BOOST_TEST(contracts_that_vary * 10 > world.contracts.size() * 9);

    // The oracle's CMG of a declared month is the law on that month's work: recomputed here for
    // the drawn families' contracts in months with no change of situation in them (true facts as
    // at the start), from the month's hours and this test's own salary, days and allowances.
    std::size_t recomputed = 0;
    const std::int16_t months = varied->result.month_count;
    for (std::uint32_t f = 0; f < 1500; ++f) {
        const model::Family& family = world.families[f];
        if (family.change_count != 0 || family.child_count != family.children_at_start) continue;
        for (std::int16_t m = 0; m < 12; ++m) {
            const YearMonth month = world.first_month.plus_months(m);
            law::HouseholdFacts household;
            const auto children = world.children_of(FamilyId{f});
            household.children.assign(children.begin(), children.end());
            household.single_parent = family.single_parent_at_start;
            household.resources_n2 = world.resources(FamilyId{f}, 0);
            Cents owed{0};
            bool any = false;
            for (std::uint32_t c = world.family_contract_begin[f]; c < world.family_contract_begin[f + 1]; ++c) {
                const model::Contract& contract = world.contracts[c];
                if (!world.contract_active(contract, month)) continue;
                any = true;
                law::ContractFacts facts = contract.facts();
                const std::int64_t hours = contract.work_in(month).hours_x100 / 100;
                const bool assmat = facts.mode == law::CareMode::assmat;
                facts.hours_x100 = static_cast<std::int32_t>(hours * 100);
                facts.net_salary = Cents{contract.facts().net_salary.value() / (contract.facts().hours_x100 / 100) * hours};
                facts.days_worked = static_cast<std::int32_t>(std::clamp<std::int64_t>(assmat ? (hours + 8) / 9 : (hours + 7) / 8, 1, 23));
                facts.maintenance = assmat ? Cents{300}.times(facts.days_worked) : Cents{0};
                owed += law::compute_entitlement(household, facts, parameters->for_month(month)).cmg_paid;
            }
            if (!any) continue;
            const std::size_t at = static_cast<std::size_t>(m) * varied->result.families.size() + f;
            BOOST_TEST(varied->result.owed_cents[at] == owed.value(), "family " << f << " " << month.to_string());
            ++recomputed;
        }
    }
    BOOST_TEST(recomputed > 5000u);
    BOOST_TEST(months == 24);

    // The spread changes what is owed (the months are not the mean), and reruns give the same bytes.
    const auto steady = run(living(1500));
    std::int64_t owed_varied = 0;
    std::int64_t owed_steady = 0;
    for (std::size_t at = 0; at < varied->result.owed_cents.size(); ++at) owed_varied += varied->result.owed_cents[at];
    for (std::size_t at = 0; at < steady->result.owed_cents.size(); ++at) owed_steady += steady->result.owed_cents[at];
    BOOST_TEST(owed_varied != owed_steady);
    const auto again = run(document);
    BOOST_TEST(reports::report_json(*varied) == reports::report_json(*again));
}

// Siblings in assmat care (population.siblings_one_assmat_share): with share 1 a drawn family's
// children all go to one assmat, with 0 each contract draws its own (several carers); the rest
// of the population is the same; the report counts families with several carers and assmat
// paid by several families.
BOOST_AUTO_TEST_CASE(siblings_share_an_assmat_or_not_and_the_report_counts_carers) {
    const auto parameters = law::LegalParameters::load_file(std::string(PAJESIM_SOURCE_DIR) + "/scenarios/params/cmg-2018-2026.json");
    json together = living(3000);
    together["population"]["siblings_one_assmat_share"] = "1";
    const model::World apart = model::World::generate(scenario_of(living(3000)), *parameters);
    const model::World grouped = model::World::generate(scenario_of(together), *parameters);
    BOOST_TEST_REQUIRE(apart.contracts.size() == grouped.contracts.size());
    std::size_t several_apart = 0;
    std::size_t several_grouped = 0;
    std::size_t multi = 0;
    for (std::size_t f = 0; f < 3000; ++f) {
        const std::uint32_t begin = apart.family_contract_begin[f];
        const std::uint32_t end = apart.family_contract_begin[f + 1];
        std::set<std::uint32_t> carers_apart;
        std::set<std::uint32_t> carers_grouped;
        for (std::uint32_t c = begin; c < end; ++c) {
            carers_apart.insert(apart.contracts[c].carer.value());
            carers_grouped.insert(grouped.contracts[c].carer.value());
            BOOST_TEST(apart.contracts[c].facts().net_salary == grouped.contracts[c].facts().net_salary);
            BOOST_TEST(apart.contracts[c].last_month == grouped.contracts[c].last_month);
        }
        if (end - begin > 1 && apart.families[f].mode == law::CareMode::assmat) {
            ++multi;
            BOOST_TEST(carers_grouped.size() == 1u, "family " << f);
            BOOST_TEST(grouped.contracts[begin].carer == apart.contracts[begin].carer);
        }
        several_apart += carers_apart.size() > 1 ? 1 : 0;
        several_grouped += carers_grouped.size() > 1 ? 1 : 0;
    }
    BOOST_TEST(multi > 300u);
    BOOST_TEST(several_apart >= multi * 9 / 10);  // independent draws among ~1 000 assmat rarely meet
    BOOST_TEST(several_grouped == 0u);

    // A run with half the siblings together is paid exactly; the report's counts match the world.
    json half = living(3000);
    half["population"]["siblings_one_assmat_share"] = "0.5";
    const auto outcome = run(half);
    for (const auto& verdict : outcome->verdicts) {
        BOOST_TEST(verdict.violations == 0u, verdict.name << " violated " << verdict.violations << " times");
    }
    const model::World& world = outcome->world;
    std::size_t families_several = 0;
    for (std::size_t f = 0; f + 1 < world.family_contract_begin.size(); ++f) {
        std::set<std::uint32_t> carers;
        for (std::uint32_t c = world.family_contract_begin[f]; c < world.family_contract_begin[f + 1]; ++c) {
            carers.insert(world.contracts[c].carer.value());
        }
        families_several += carers.size() > 1 ? 1 : 0;
    }
    std::map<std::uint32_t, std::set<std::uint32_t>> families_of_carer;
    for (const model::Contract& contract : world.contracts) {
        families_of_carer[contract.carer.value()].insert(contract.family.value());
    }
    std::size_t assmat_several = 0;
    for (const auto& [carer, families] : families_of_carer) {
        if (world.carers[carer].kind == model::CarerKind::assmat && families.size() > 1) ++assmat_several;
    }
    BOOST_TEST(families_several > several_apart / 3);
    BOOST_TEST(families_several < several_apart * 2 / 3);
    BOOST_TEST(assmat_several > world.carers.size() / 2);  // 3.5 children each: most keep several families'
    const auto report = reports::report_json(*outcome);
    const json parsed = json::parse(report);
    BOOST_TEST(parsed["population"]["families_with_several_carers"].get<std::size_t>() == families_several);
    BOOST_TEST(parsed["population"]["assmat_with_several_families"].get<std::size_t>() == assmat_several);
}

// A table may leave bracket 2 without width (its ceilings equal to bracket 1's, as a "what if"
// table does): the families drawn for it have the first euro above bracket 1, and are paid
// exactly, the run holding every invariant.
BOOST_AUTO_TEST_CASE(a_table_without_a_bracket_2_draws_and_pays_exactly) {
    json table = parse_json_file(std::string(PAJESIM_SOURCE_DIR) + "/scenarios/params/cmg-2018-2026.json", 64u << 20);
    for (json& entry : table["resource_ceilings"]) entry["bracket_2"] = entry["bracket_1"];
    const json document = living(600);
    harness::RunRequest request;
    request.dossiers_of_most_harmed = 0;
    request.breaks = model::TestBreaks{};
    request.params_document = &table;
    const auto outcome = harness::run_scenario(scenario_of(document), request);
    BOOST_TEST_REQUIRE(outcome->result.complete);
    for (const auto& verdict : outcome->verdicts) {
        BOOST_TEST(verdict.violations == 0u, verdict.name << " violated " << verdict.violations << " times");
    }
    // Bracket 1's one-child ceiling of 2019 (resources of 2017): 20 755 euros; the families drawn
    // for bracket 2 with one child at the start have 20 756 (a single parent: x 1.4 truncated).
    std::size_t at_the_edge = 0;
    for (std::uint32_t f = 0; f < outcome->world.families.size(); ++f) {
        const Cents first_year = outcome->world.resources(FamilyId{f}, 0);
        if (first_year == Cents::from_euros(20756) || first_year == Cents::from_euros(29058)) {
            ++at_the_edge;
        }
    }
    BOOST_TEST(at_the_edge > 20u);

    // Ceilings of 0 (every family above them): the draws keep one value per bracket, and the
    // run pays exactly all the same.
    for (json& entry : table["resource_ceilings"]) {
        for (const char* bracket : {"bracket_1", "bracket_2"}) {
            entry[bracket] = {{"one_child", "0"}, {"two_children", "0"}, {"per_extra_child", "0"}};
        }
    }
    const auto none = harness::run_scenario(scenario_of(living(200)), request);
    BOOST_TEST_REQUIRE(none->result.complete);
    for (const auto& verdict : none->verdicts) {
        BOOST_TEST(verdict.violations == 0u, verdict.name << " violated " << verdict.violations << " times");
    }
}

BOOST_AUTO_TEST_SUITE_END()
