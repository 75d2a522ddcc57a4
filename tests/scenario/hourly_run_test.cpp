// Runs across the switch to the hourly CMG (care months from 2025-09), through the harness's
// own runner (the scenario, its fault plan and every invariant): a baseline paid exactly; the
// complément différentiel of a run cross-checked against the oracle functions; the households of
// alternating residence added to the population without disturbing anyone else's draws; and two
// faults of the rollout, each against the same scenario without it (the same seed gives the
// same population, so every difference is the fault's doing).
//
// Expected values come from the law's rules (docs/entitlement.md, domain-2025.md) applied to
// the population's true facts, or from properties that must hold; never from a run's output.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "harness/runner/check.hpp"
#include "harness/runner/scenario_run.hpp"
#include "sim/law/cmg.hpp"
#include "sim/law/parameters.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/simulation.hpp"
#include "sim/model/population/world.hpp"

using namespace pajesim;
using nlohmann::json;

namespace {

const YearMonth september_2025 = YearMonth::from_civil(2025, 9);
const YearMonth october_2025 = YearMonth::from_civil(2025, 10);
const YearMonth december_2025 = YearMonth::from_civil(2025, 12);
const Date switch_day = september_2025.first_day();

// 300 families, 2025-01 to 2026-06, every family with Pajemploi from the start of the run (the
// cutover before it), as in scenarios/baseline-2025.json. Parsed from text: building the object
// in code trips a -Warray-bounds false positive of GCC 12 inside nlohmann::json.
json scenario_json(const std::string& name, const std::string& population_extra = "",
                   const std::string& processes = "{}", const std::string& faults = "[]") {
    return json::parse(R"({"name": ")" + name + R"(", "period": {"from": "2025-01", "to": "2026-06"}, "seed": 2025,
        "population": {"families": 300)" + population_extra + R"(},
        "workflow": {"cutover": "2025-01-01"}, "processes": )" + processes + R"(, "faults": )" + faults + "}");
}

// Nobody notices, nothing is regularised, no advance: a fault's own effect, unrepaired.
const std::string quiet = R"({"notice_probability": "0", "regularisation": false, "advances": false})";
// Every wrong payment is noticed, the national staff scaled to a nation of this size (the
// population's national_families) closes every file at once, fixes are right, no advances.
const std::string responsive = R"({"notice_probability": "1", "permanent_agents": 1000,
    "files_per_agent_per_day": "1000", "fix_error_probability": "0", "advances": false})";
const std::string nation_of_300 = R"(, "national_families": 300)";

// Collects the journal.
class Journal final : public model::JournalSink {
public:
    void record(const model::Transfer& transfer) override { transfers.push_back(transfer); }
    std::vector<model::Transfer> transfers;
};

struct Run {
    std::unique_ptr<harness::RunOutcome> outcome;
    std::vector<model::Transfer> transfers;

    const model::RunResult& result() const { return outcome->result; }
    std::uint32_t families() const { return static_cast<std::uint32_t>(outcome->world.families.size()); }
    std::int32_t index(YearMonth month) const { return outcome->scenario.first_month.months_until(month); }
    std::size_t at(std::uint32_t family, YearMonth month) const {
        return static_cast<std::size_t>(index(month)) * families() + family;
    }
    Cents owed(std::uint32_t family, YearMonth month) const { return Cents{result().owed_cents[at(family, month)]}; }
    Cents paid(std::uint32_t family, YearMonth month) const { return Cents{result().paid_at(at(family, month))}; }
    std::uint64_t violations(std::string_view invariant) const {
        for (const auto& verdict : outcome->verdicts) {
            if (verdict.name == invariant) return verdict.violations;
        }
        BOOST_FAIL("unknown invariant " << invariant);
        return 0;
    }
    bool checked(std::string_view invariant) const {
        for (const auto& verdict : outcome->verdicts) {
            if (verdict.name == invariant) return verdict.checked;
        }
        return false;
    }
    const model::MonthFigures& figures(YearMonth month) const {
        return result().months.at(static_cast<std::size_t>(index(month)));
    }
    std::uint64_t firings(std::string_view kind) const {
        std::uint64_t count = 0;
        for (const auto& fault : outcome->faults) {
            if (fault.kind == kind) count += fault.firings;
        }
        return count;
    }
};

Run run(const json& document) {
    const model::Scenario scenario = model::scenario_from_json(document, document["name"].get<std::string>() + ".json", ".");
    Journal journal;
    harness::RunRequest request;
    request.journal = &journal;
    request.dossiers_of_most_harmed = 0;
    request.breaks = model::TestBreaks{};
    Run result;
    result.outcome = harness::run_scenario(scenario, request);
    result.transfers = std::move(journal.transfers);
    BOOST_TEST_REQUIRE(result.outcome->result.complete);
    BOOST_TEST_REQUIRE(result.outcome->result.ledger_net == Cents{0});
    return result;
}

const Run& baseline() {
    static const Run base = run(scenario_json("hourly-baseline"));
    return base;
}

bool active_in(const model::World& world, std::uint32_t family, YearMonth month) {
    for (std::uint32_t c = world.family_contract_begin[family]; c < world.family_contract_begin[family + 1]; ++c) {
        if (world.contract_active(world.contracts[c], month)) return true;
    }
    return false;
}

// 90 % of an amount, rounded half-up to the cent (positive amounts).
Cents ninety_percent(Cents amount) { return Cents{(amount.value() * 9 + 5) / 10}; }

// D531-20 2° ceiling for n children (one_child, two_children, + per_extra_child beyond 2).
Cents ceiling_for(const law::Ceilings& ceilings, int children) {
    if (children <= 1) return ceilings.one_child;
    return ceilings.two_children + Cents{ceilings.per_extra_child.value() * (children - 2)};
}

// The complément différentiel a contract is owed with its declaration of `month`, worked out
// from the rules of docs/entitlement.md ("The transitional complement") and domain-2025.md
// section 6 on the contract's true facts. The averages come from law::transitional_facts over
// the oracle's amounts of the March-May 2025 months; the conditions and the amount are written
// out here, not taken from the oracle's own complement (law::compute_entitlement with
// TransitionalFacts), so that the run's plumbing (the truth's books) is checked against an
// independent reading of the same rules.
Cents complement_by_hand(model::World& world, const law::LegalParameters& parameters, std::uint32_t contract_id,
                         YearMonth month, Cents cmg_of_month) {
    const model::Contract& contract = world.contracts[contract_id];
    const law::MonthParameters& first = parameters.for_month(september_2025);
    const law::TransitionalComplement& rule = first.transitional_complement->value;
    std::vector<law::ReferenceMonth> months;
    for (YearMonth m = YearMonth::from_civil(2025, 3); m <= YearMonth::from_civil(2025, 5); m = m.plus_months(1)) {
        law::ReferenceMonth reference;
        if (world.contract_active(contract, m)) {
            const law::HouseholdFacts& facts = world.true_facts(contract.family, m);
            reference.declared = true;
            // The old CMG due that month (brackets, after CRDS) ...
            reference.old_cmg = law::compute_entitlement(facts, contract.facts(), parameters.for_month(m)).cmg_paid;
            // ... and the new formula on the same declaration, with the 2025-09 parameters.
            reference.new_cmg = law::compute_entitlement(facts, contract.facts(), first).cmg_paid;
            reference.hours_x100 = contract.facts().hours_x100;
        }
        months.push_back(reference);
    }
    // Resources of 2023: the N-2 resources of a 2025 care month.
    const law::HouseholdFacts household = world.true_facts(contract.family, september_2025);
    const std::optional<law::TransitionalFacts> facts = law::transitional_facts(months, household.resources_n2, rule.min_months_declared, rule.hours_average);
    if (!facts) return Cents{0};
    // 1. Within the duration (48 months from 2025-09: every month of this run).
    if (september_2025.months_until(month) >= rule.duration_months) return Cents{0};
    // 2. A child of the contract born before 2025-09-01 and under 6 that day.
    bool young = false;
    for (const std::uint32_t c : contract.children()) {
        const Date birth = household.children[c].birth;
        if (birth < switch_day && birth.plus_years(6) > switch_day) young = true;
    }
    if (!young) return Cents{0};
    // 3. Resources of 2023 at or below the ceiling for the children born before 2025-09-01 and
    //    under 20 then (at least 1), x 1.4 for a single parent.
    int children = 0;
    for (const law::ChildFacts& child : household.children) {
        if (child.birth < switch_day && child.birth.plus_years(20) > switch_day) ++children;
    }
    const Cents ceiling = ceiling_for(rule.ceilings, std::max(children, 1));
    const Cents limit = household.single_parent ? apply_rate(ceiling, Ratio{14, 10}, Rounding::half_up) : ceiling;
    if (household.resources_n2 > limit) return Cents{0};
    // 4. The average paid hours of March to May reach the minimum (décret 2025-515, non-codified
    //    article I): 50 h for a home carer (its own hours); for an assmat, the household's hours
    //    with assmat, every assmat contract of the family declared in the period counted (one
    //    child each): one child 100 h if under 3 on 2025-09-01, else 50 h; several children
    //    150 h if all under 3, else 100 h. The average divides by the period's 3 months and is
    //    rounded up to the hour.
    if (contract.facts().mode == law::CareMode::home_carer) {
        std::int64_t declared = 0;
        for (const law::ReferenceMonth& m : months) declared += m.declared ? 1 : 0;
        if ((declared * contract.facts().hours_x100 + 299) / 300 < 50) return Cents{0};  // whole hours, up
    } else {
        const std::uint32_t f = contract.family.index();
        std::int64_t hours_x100 = 0;
        int kept = 0;
        bool all_under_3 = true;
        for (std::uint32_t c = world.family_contract_begin[f]; c < world.family_contract_begin[f + 1]; ++c) {
            const model::Contract& other = world.contracts[c];
            if (other.facts().mode != law::CareMode::assmat) continue;
            int declared = 0;
            for (YearMonth m = YearMonth::from_civil(2025, 3); m <= YearMonth::from_civil(2025, 5); m = m.plus_months(1)) {
                if (world.contract_active(other, m)) ++declared;
            }
            if (declared == 0) continue;
            ++kept;
            hours_x100 += declared * std::int64_t{other.facts().hours_x100};
            const Date birth = household.children[other.children().front()].birth;
            all_under_3 = all_under_3 && birth.plus_years(3) > switch_day;
        }
        const std::int64_t average = (hours_x100 + 299) / 300;  // whole hours, rounded up
        const int minimum = kept == 1 ? (all_under_3 ? 100 : 50) : (all_under_3 ? 150 : 100);
        if (average < minimum) return Cents{0};
    }
    // The amount: min(max(0, old - new), max(0, 90 % x net - CMG)).
    const Cents fixed = max(Cents{0}, facts->old_average - facts->new_average);
    const Cents room = max(Cents{0}, ninety_percent(contract.facts().net_salary) - cmg_of_month);
    return min(fixed, room);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// (a) Without faults: every family-month is paid exactly what is owed, and every invariant holds.

BOOST_AUTO_TEST_CASE(a_baseline_across_the_switch_pays_what_is_owed_and_every_invariant_holds) {
    const Run& base = baseline();
    for (const auto& verdict : base.outcome->verdicts) {
        BOOST_TEST(verdict.violations == 0u, verdict.name);
        BOOST_TEST(verdict.checked, verdict.name);
    }
    BOOST_TEST(base.result().statistics.families_affected == 0u);
    BOOST_TEST(base.result().statistics.families_still_owed == 0u);
    BOOST_TEST(base.result().statistics.money_still_owed == Cents{0});
    BOOST_TEST(base.result().statistics.longest_delay_days == 0);
    for (const model::MonthFigures& month : base.result().months) {
        BOOST_TEST(month.cmg_paid == month.cmg_owed, month.month);
        BOOST_TEST(month.carers_paid == month.carers_due, month.month);
    }
    // Cell by cell, from the run's books and from the journal (a second, independent sum).
    std::map<std::pair<std::uint32_t, std::int32_t>, Cents> journal_cmg;
    for (const model::Transfer& t : base.transfers) {
        if (t.cause == model::Cause::cmg || t.cause == model::Cause::cmg_arrears) {
            journal_cmg[{t.family.value(), base.index(t.month)}] += t.amount;
        }
    }
    // What is owed, from the oracle on the true facts: under the brackets exactly the sum of the
    // contracts' CMG; in an hourly month that sum (clamped at 0) plus a complement, which is 0
    // for a family with no contract in March to May 2025 (no reference declaration).
    model::World world = base.outcome->world;
    const law::LegalParameters& parameters = *base.outcome->parameters;
    std::size_t hourly_cells = 0;
    std::size_t hourly_paid = 0;
    std::size_t with_complement = 0;
    for (std::uint32_t f = 0; f < base.families(); ++f) {
        for (YearMonth month = base.outcome->scenario.first_month; month <= base.outcome->scenario.last_month;
             month = month.plus_months(1)) {
            Cents oracle{0};
            bool declared = false;
            for (std::uint32_t c = world.family_contract_begin[f]; c < world.family_contract_begin[f + 1]; ++c) {
                const model::Contract& contract = world.contracts[c];
                if (!world.contract_active(contract, month)) continue;
                declared = true;
                oracle += max(Cents{0}, law::compute_entitlement(world.true_facts(FamilyId{f}, month), contract.facts(),
                                                                 parameters.for_month(month))
                                            .cmg_paid);
            }
            const auto journal = journal_cmg.find({f, base.index(month)});
            const Cents paid_by_journal = journal == journal_cmg.end() ? Cents{0} : journal->second;
            BOOST_TEST_REQUIRE(base.paid(f, month) == base.owed(f, month), "family " << f << " month " << month);
            BOOST_TEST_REQUIRE(paid_by_journal == base.owed(f, month), "family " << f << " month " << month);
            if (!declared) {
                BOOST_TEST_REQUIRE(base.owed(f, month) == Cents{0});
                continue;
            }
            if (!parameters.for_month(month).hourly()) {
                BOOST_TEST_REQUIRE(base.owed(f, month) == oracle, "family " << f << " month " << month);
                continue;
            }
            ++hourly_cells;
            if (base.owed(f, month) > Cents{0}) ++hourly_paid;
            BOOST_TEST_REQUIRE(base.owed(f, month) >= oracle, "family " << f << " month " << month);
            bool reference_declaration = false;
            for (YearMonth m = YearMonth::from_civil(2025, 3); m <= YearMonth::from_civil(2025, 5); m = m.plus_months(1)) {
                reference_declaration = reference_declaration || active_in(world, f, m);
            }
            if (!reference_declaration) BOOST_TEST_REQUIRE(base.owed(f, month) == oracle, "family " << f << " month " << month);
            if (base.owed(f, month) > oracle) ++with_complement;
        }
    }
    // 300 families over the 10 hourly months: most declared and paid; some with a complement.
    BOOST_TEST(hourly_cells > 2000u);
    BOOST_TEST(hourly_paid > hourly_cells * 8 / 10);
    BOOST_TEST(with_complement > 0u);
}

// ---------------------------------------------------------------------------------------------
// (b) The complément différentiel the run owes in 2025-10 against the oracle functions.

// A cross-check of the model's plumbing (the truth's books: the reference months it picks, the
// resources of 2023 it takes, the household on which it judges the ceiling, the CMG the cap
// applies to) against the oracle's functions and the rules written out in complement_by_hand.
// It is not an independent check of the law's arithmetic: law::compute_entitlement gives both
// sides their CMG amounts.
BOOST_AUTO_TEST_CASE(the_complement_owed_in_october_2025_is_the_one_worked_out_from_the_true_facts) {
    const Run& base = baseline();
    model::World world = base.outcome->world;
    const law::LegalParameters& parameters = *base.outcome->parameters;
    const law::MonthParameters& october = parameters.for_month(october_2025);
    std::size_t checked = 0;
    std::size_t complements = 0;
    for (std::uint32_t f = 0; f < base.families(); ++f) {
        // Families with one contract declared for October: the month's owed amount is its own.
        std::optional<std::uint32_t> only;
        std::size_t count = 0;
        for (std::uint32_t c = world.family_contract_begin[f]; c < world.family_contract_begin[f + 1]; ++c) {
            if (!world.contract_active(world.contracts[c], october_2025)) continue;
            ++count;
            only = c;
        }
        if (count != 1) continue;
        const model::Contract& contract = world.contracts[*only];
        const Cents cmg = max(Cents{0}, law::compute_entitlement(world.true_facts(FamilyId{f}, october_2025),
                                                                  contract.facts(), october)
                                            .cmg_paid);
        const Cents complement = complement_by_hand(world, parameters, *only, october_2025, cmg);
        BOOST_TEST_REQUIRE(base.owed(f, october_2025) == cmg + complement,
                           "family " << f << ": CMG " << cmg << " + complement " << complement);
        ++checked;
        if (complement > Cents{0}) ++complements;
    }
    BOOST_TEST_MESSAGE(checked << " families with one contract in October 2025, " << complements
                                << " of them owed a complement");
    BOOST_TEST(checked > 150u);
    BOOST_TEST(complements > 0u);
}

namespace {

// The hourly baseline run under another parameter table (its text): written to a file of its
// own for the run, removed after.
Run run_under_table(const std::string& table, const std::string& name) {
    const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                       ("pajesim-" + name + "-" + std::to_string(::getpid()) + ".json");
    std::ofstream(path) << table;
    json document = scenario_json(name);
    document["params"] = path.string();
    Run result = run(document);
    std::filesystem::remove(path);
    return result;
}

// Without faults, whatever the table: every invariant holds and every month is paid its due.
void expect_every_invariant_and_paid_as_owed(const Run& altered) {
    for (const auto& verdict : altered.outcome->verdicts) {
        BOOST_TEST(verdict.violations == 0u, verdict.name);
    }
    for (const model::MonthFigures& month : altered.result().months) {
        BOOST_TEST(month.cmg_paid == month.cmg_owed, month.month);
    }
}

// The family-months owed otherwise than in the baseline (same seed, same population), each
// checked to be from the hourly regime's first month, and with `only_less` owed less.
std::size_t hourly_months_owed_otherwise(const Run& altered, bool only_less) {
    const Run& base = baseline();
    BOOST_TEST_REQUIRE(altered.families() == base.families());
    std::size_t differ = 0;
    for (std::uint32_t f = 0; f < base.families(); ++f) {
        for (YearMonth m = YearMonth::from_civil(2025, 1); m <= YearMonth::from_civil(2026, 6); m = m.plus_months(1)) {
            if (altered.owed(f, m) == base.owed(f, m)) continue;
            BOOST_TEST(m >= september_2025, "family " << f << " " << m);
            if (only_less) BOOST_TEST(altered.owed(f, m) < base.owed(f, m), "family " << f << " " << m);
            ++differ;
        }
    }
    return differ;
}

}  // namespace

// A table that counts fewer dependent children (children_counted_under_years 2 instead of 20):
// the effort rate and the complement's resource ceiling count only the children under 2. The
// built-in centre must judge the complement's resources condition as the oracle does: it reads
// it from the bracket of the CAF's record for 2025-09, which the CAF judged by the bracket
// regime's count (every child born before the month) until the complement's own rule was used
// there. Without faults every invariant holds, and the table does reach the amounts owed.
BOOST_AUTO_TEST_CASE(a_table_counting_fewer_dependent_children_is_paid_exactly_and_every_invariant_holds) {
    std::ifstream shipped(std::string(PAJESIM_SOURCE_DIR) + "/scenarios/params/cmg-2018-2026.json");
    std::string table((std::istreambuf_iterator<char>(shipped)), std::istreambuf_iterator<char>());
    const std::string from = R"("children_counted_under_years": 20)";
    const std::size_t at = table.find(from);
    BOOST_TEST_REQUIRE(at != std::string::npos);
    BOOST_TEST_REQUIRE(table.find(from, at + 1) == std::string::npos);
    table.replace(at, from.size(), R"("children_counted_under_years": 2)");
    const Run altered = run_under_table(table, "hourly-counted-under-2");
    expect_every_invariant_and_paid_as_owed(altered);
    // The same population (same seed) as the baseline's: the table changes what is owed in the
    // hourly months (a higher effort rate for most families), and nothing before them.
    BOOST_TEST(hourly_months_owed_otherwise(altered, false) > 100u);
}

// The complement's other readings (law-parameters.md): Urssaf's simulator's whole child rule
// (no child born in 2022 opens the complement) and the hours' average compared as it is. The
// truth and the built-in centre read both from the table: without faults every invariant
// holds, and the readings do change what is owed, from the hourly regime's first month only.
BOOST_AUTO_TEST_CASE(the_complement_s_readings_are_read_alike_by_the_truth_and_the_centre) {
    std::ifstream shipped(std::string(PAJESIM_SOURCE_DIR) + "/scenarios/params/cmg-2018-2026.json");
    json table = json::parse(shipped);
    table["transitional_complement"][0]["child_condition"] = "under_6_on_regime_start_not_born_2022";
    table["transitional_complement"][0]["hours_average"] = "exact";
    const Run altered = run_under_table(table.dump(), "hourly-complement-readings");
    expect_every_invariant_and_paid_as_owed(altered);
    // A complement refused: never more owed than under the shipped readings.
    BOOST_TEST(hourly_months_owed_otherwise(altered, true) > 10u);
}

// The fault alternating_split_twice (scenario-format.md): the built-in centre halves, half-up
// to the cent, what it pays for a month of a household claiming for a child in alternating
// residence, from the table's alternating_residence (2025-12). Nothing repairs it here (quiet):
// a month of one such contract is paid half its due, an odd number of cents rounded up.
BOOST_AUTO_TEST_CASE(alternating_split_twice_pays_half_rounded_half_up) {
    const Run split = run(scenario_json(
        "alternating-split", R"(, "alternating_residence_share": "1")", quiet,
        R"([{"kind": "alternating_split_twice", "share": "1", "window": {"from": "2025-12-01", "to": "2026-09-30"}}])"));
    BOOST_TEST(split.firings("alternating_split_twice") > 0u);
    const model::World& world = split.outcome->world;
    std::size_t checked = 0;
    std::size_t odd = 0;
    for (std::uint32_t f = 0; f < split.families(); ++f) {
        for (YearMonth m = december_2025; m <= YearMonth::from_civil(2026, 6); m = m.plus_months(1)) {
            std::uint32_t active = 0;
            bool alternating = false;
            for (std::uint32_t c = world.family_contract_begin[f]; c < world.family_contract_begin[f + 1]; ++c) {
                const model::Contract& contract = world.contracts[c];
                if (!world.contract_active(contract, m)) continue;
                ++active;
                for (const std::uint32_t child : contract.children()) {
                    if (world.children_of(FamilyId{f})[child].alternating) alternating = true;
                }
            }
            const Cents owed = split.owed(f, m);
            if (active != 1 || !alternating || owed <= Cents{0}) continue;
            BOOST_TEST(split.paid(f, m) == Cents{(owed.value() + 1) / 2}, "family " << f << " " << m << " owed " << owed);
            ++checked;
            if (owed.value() % 2 != 0) ++odd;
        }
    }
    BOOST_TEST(checked > 20u);
    BOOST_TEST(odd > 0u);  // the rounding is seen
}

// ---------------------------------------------------------------------------------------------
// (c) Alternating residence: the other parents' households.

BOOST_AUTO_TEST_CASE(alternating_residence_adds_the_other_parents_households_and_changes_no_one_elses_draws) {
    const json without = scenario_json("alternating-0");
    const json with = scenario_json("alternating-1", R"(, "alternating_residence_share": "1")");
    const model::Scenario scenario_without = model::scenario_from_json(without, "alternating-0.json", ".");
    const model::Scenario scenario_with = model::scenario_from_json(with, "alternating-1.json", ".");
    const std::unique_ptr<law::LegalParameters> parameters = harness::check_scenario(scenario_with);
    const model::World plain = model::World::generate(scenario_without, *parameters);
    const model::World shared = model::World::generate(scenario_with, *parameters);
    const auto drawn = static_cast<std::uint32_t>(plain.families.size());
    BOOST_TEST_REQUIRE(drawn == 300u);
    BOOST_TEST_REQUIRE(shared.families.size() > plain.families.size());

    // With every family drawn, each single-parent assmat household whose youngest child (of
    // those born before the run) is still under 6 in some month from 2025-12 (its 6th birthday
    // month counts, R552-3 II 1°) gets an other parent.
    const auto youngest_of = [](const model::World& world, std::uint32_t f) {
        const auto children = world.children_of(FamilyId{f});
        std::uint32_t youngest = 0;
        for (std::uint32_t c = 1; c < world.families[f].children_at_start; ++c) {
            if (children[c].birth > children[youngest].birth) youngest = c;
        }
        return children[youngest];
    };
    std::uint32_t expected = 0;
    for (std::uint32_t f = 0; f < plain.families.size(); ++f) {
        const model::Family& family = plain.families[f];
        if (!family.single_parent_at_start || family.mode != law::CareMode::assmat) continue;
        const law::ChildFacts child = youngest_of(plain, f);
        if (child.birth.plus_years(6).year_month() >= december_2025) ++expected;
    }
    BOOST_TEST(expected > 0u);
    BOOST_TEST(shared.families.size() - drawn == expected);

    for (std::uint32_t id = drawn; id < shared.families.size(); ++id) {
        const model::Family& other = shared.families[id];
        BOOST_TEST_REQUIRE(other.other_parent < drawn);
        const model::Family& first = shared.families[other.other_parent];
        BOOST_TEST(first.other_parent == id);
        // One contract, from December 2025, the first month both parents may claim (D531-18-2).
        BOOST_TEST_REQUIRE(shared.family_contract_begin[id + 1] - shared.family_contract_begin[id] == 1u);
        const model::Contract& contract = shared.contracts[shared.family_contract_begin[id]];
        BOOST_TEST(contract.first_month == december_2025);
        BOOST_TEST((contract.facts().mode == law::CareMode::assmat));
        BOOST_TEST_REQUIRE(contract.children().size() == 1u);
        BOOST_TEST(contract.children()[0] == 0u);
        // Its only child, in alternating residence, is the first household's youngest.
        const auto other_children = shared.children_of(FamilyId{id});
        BOOST_TEST_REQUIRE(other_children.size() == 1u);
        BOOST_TEST(other_children[0].alternating);
        const law::ChildFacts youngest = youngest_of(shared, other.other_parent);
        BOOST_TEST(other_children[0].birth == youngest.birth);
        BOOST_TEST(youngest.alternating);
    }

    // Entity-keyed streams: the first households' draws are those of the run without
    // alternating residence (only the youngest child's flag and the link differ; the assmat a
    // contract is given depends on how many there are).
    for (std::uint32_t f = 0; f < drawn; ++f) {
        const model::Family& a = plain.families[f];
        const model::Family& b = shared.families[f];
        BOOST_TEST_REQUIRE((a.caf == b.caf));
        BOOST_TEST_REQUIRE((a.mode == b.mode));
        BOOST_TEST_REQUIRE(a.single_parent_at_start == b.single_parent_at_start);
        BOOST_TEST_REQUIRE((a.separation() == b.separation()));
        BOOST_TEST_REQUIRE(a.children_at_start == b.children_at_start);
        BOOST_TEST_REQUIRE(a.change_count == b.change_count);
        for (std::uint8_t k = 0; k < a.change_count; ++k) {
            BOOST_TEST_REQUIRE(a.changes[k].date == b.changes[k].date);
            BOOST_TEST_REQUIRE((a.changes[k].kind == b.changes[k].kind));
            BOOST_TEST_REQUIRE(a.changes[k].value == b.changes[k].value);
        }
        BOOST_TEST_REQUIRE((plain.resources_of(FamilyId{static_cast<std::uint32_t>(f)}) ==
                            shared.resources_of(FamilyId{static_cast<std::uint32_t>(f)})));
        BOOST_TEST_REQUIRE(a.income_day == b.income_day);
        BOOST_TEST_REQUIRE(a.monthly_income == b.monthly_income);
        BOOST_TEST_REQUIRE(a.starting_balance == b.starting_balance);
        const auto a_children = plain.children_of(FamilyId{f});
        const auto b_children = shared.children_of(FamilyId{f});
        BOOST_TEST_REQUIRE(a_children.size() == b_children.size());
        for (std::size_t c = 0; c < a_children.size(); ++c) {
            BOOST_TEST_REQUIRE(a_children[c].birth == b_children[c].birth);
            BOOST_TEST_REQUIRE(a_children[c].aeeh == b_children[c].aeeh);
            BOOST_TEST_REQUIRE(!a_children[c].alternating);
        }
        BOOST_TEST_REQUIRE(plain.family_contract_begin[f + 1] - plain.family_contract_begin[f] ==
                           shared.family_contract_begin[f + 1] - shared.family_contract_begin[f]);
        for (std::uint32_t k = 0; k < plain.family_contract_begin[f + 1] - plain.family_contract_begin[f]; ++k) {
            const model::Contract& x = plain.contracts[plain.family_contract_begin[f] + k];
            const model::Contract& y = shared.contracts[shared.family_contract_begin[f] + k];
            BOOST_TEST_REQUIRE(x.first_month == y.first_month);
            BOOST_TEST_REQUIRE(x.last_month == y.last_month);
            BOOST_TEST_REQUIRE(x.pajemploi_plus == y.pajemploi_plus);
            BOOST_TEST_REQUIRE((x.facts().mode == y.facts().mode));
            BOOST_TEST_REQUIRE((x.children() == y.children()));
            BOOST_TEST_REQUIRE(x.facts().net_salary == y.facts().net_salary);
            BOOST_TEST_REQUIRE(x.facts().maintenance == y.facts().maintenance);
            BOOST_TEST_REQUIRE(x.facts().days_worked == y.facts().days_worked);
            BOOST_TEST_REQUIRE(x.facts().hours_x100 == y.facts().hours_x100);
            BOOST_TEST_REQUIRE(x.facts().meals == y.facts().meals);
            BOOST_TEST_REQUIRE(x.facts().indemnities == y.facts().indemnities);
        }
    }
}

BOOST_AUTO_TEST_CASE(both_parents_are_paid_exactly_and_the_flag_changes_no_first_households_amount) {
    const Run shared = run(scenario_json("alternating-1", R"(, "alternating_residence_share": "1")"));
    const Run& plain = baseline();
    for (const auto& verdict : shared.outcome->verdicts) {
        BOOST_TEST(verdict.violations == 0u, verdict.name);
        BOOST_TEST(verdict.checked, verdict.name);
    }
    model::World world = shared.outcome->world;
    const law::LegalParameters& parameters = *shared.outcome->parameters;
    const std::uint32_t drawn = plain.families();
    BOOST_TEST_REQUIRE(shared.families() > drawn);
    for (YearMonth month = shared.outcome->scenario.first_month; month <= shared.outcome->scenario.last_month;
         month = month.plus_months(1)) {
        for (std::uint32_t f = 0; f < shared.families(); ++f) {
            BOOST_TEST_REQUIRE(shared.paid(f, month) == shared.owed(f, month), "family " << f << " month " << month);
            if (f < drawn) {
                // A child in alternating residence counts as one child either way.
                BOOST_TEST_REQUIRE(shared.owed(f, month) == plain.owed(f, month), "family " << f << " month " << month);
                continue;
            }
            // The other parent: nothing before December 2025, then the oracle's CMG of its own
            // household (no complement: no declaration of March to May 2025).
            Cents expected{0};
            const model::Contract& contract = world.contracts[world.family_contract_begin[f]];
            if (world.contract_active(contract, month)) {
                expected = max(Cents{0}, law::compute_entitlement(world.true_facts(FamilyId{f}, month), contract.facts(),
                                                                   parameters.for_month(month))
                                             .cmg_paid);
            }
            if (month < december_2025) BOOST_TEST_REQUIRE(expected == Cents{0});
            BOOST_TEST_REQUIRE(shared.owed(f, month) == expected, "other parent " << f << " month " << month);
        }
    }
    std::size_t other_parents_paid = 0;
    for (std::uint32_t f = drawn; f < shared.families(); ++f) {
        if (shared.paid(f, december_2025) > Cents{0}) ++other_parents_paid;
    }
    BOOST_TEST(other_parents_paid > 0u);
}

// ---------------------------------------------------------------------------------------------
// (d) rights_stale: the regime switch's resources never reach Pajemploi.

BOOST_AUTO_TEST_CASE(without_the_regime_switch_resources_september_is_not_paid_by_the_deadline_then_put_right) {
    const std::string stale = R"([{"kind": "rights_stale", "changes": ["regime_switch"], "share": "1",
        "window": {"from": "2025-08-01", "to": "2025-08-31"}}])";
    const Run fixed = run(scenario_json("regime-switch-stale", nation_of_300, responsive, stale));
    // Every family's switch record is dropped (the CAF sends one per family with rights).
    BOOST_TEST(fixed.firings("rights_stale") >= 300u);
    // The centre holds September until an agent's fix, after a family noticed the missed
    // deadline (10 October 2025 for a declaration on time), unless the CAF sent the family a
    // record of September for another reason: a change of situation dated in July or August
    // (it takes effect from the next month, the CAF processes it within 15 days, and sends its
    // decisions up to the next month). The others get nothing for September by the deadline.
    const Date deadline = Date::from_civil(2025, 10, 10);
    const model::World& world = fixed.outcome->world;
    std::set<std::uint32_t> held;
    for (std::uint32_t f = 0; f < fixed.families(); ++f) {
        if (fixed.owed(f, september_2025) == Cents{0}) continue;
        const model::Family& family = world.families[f];
        bool summer_change = false;
        for (std::uint8_t k = 0; k < family.change_count; ++k) {
            const Date date = family.changes[k].date;
            summer_change = summer_change || (date >= Date::from_civil(2025, 7, 1) && date <= Date::from_civil(2025, 8, 31));
        }
        if (!summer_change) held.insert(f);
    }
    BOOST_TEST(held.size() > 250u);
    Cents paid_by_deadline{0};
    for (const model::Transfer& t : fixed.transfers) {
        if ((t.cause == model::Cause::cmg || t.cause == model::Cause::cmg_arrears) && t.month == september_2025 &&
            t.date <= deadline && held.count(t.family.value()) != 0) {
            paid_by_deadline += t.amount;
        }
    }
    BOOST_TEST(paid_by_deadline == Cents{0});
    BOOST_TEST(fixed.violations("declared_months_paid_on_time") >= held.size());
    // The agents put every file right: square by the end, and within the recovery window.
    BOOST_TEST(fixed.checked("everyone_square_after_recovery"));
    BOOST_TEST(fixed.violations("everyone_square_after_recovery") == 0u);
    BOOST_TEST(fixed.result().statistics.families_still_owed == 0u);
    BOOST_TEST(fixed.result().statistics.money_still_owed == Cents{0});
    for (std::uint32_t f = 0; f < fixed.families(); ++f) {
        for (YearMonth month = fixed.outcome->scenario.first_month; month <= fixed.outcome->scenario.last_month;
             month = month.plus_months(1)) {
            BOOST_TEST_REQUIRE(fixed.paid(f, month) == fixed.owed(f, month), "family " << f << " month " << month);
        }
    }
    // The same amounts are owed as without the fault (the fault changes what the centre knows,
    // not the facts); only invariants the fault may break are violated.
    BOOST_TEST((fixed.result().owed_cents == baseline().result().owed_cents));
    const auto failed = harness::failed_properties(*fixed.outcome);
    BOOST_TEST(failed.empty(), (failed.empty() ? std::string() : failed.front()));
}

// ---------------------------------------------------------------------------------------------
// (e) declaration_hours_wrong: October 2025's declarations reach Pajemploi without hours.

namespace {

// Declarations of October 2025 reach the centre from 25 October to 20 November (the late ones
// from 6 November): the window takes them all and none of September's (late ones until 20
// October) or November's (from 25 November).
const std::string hours_missing = R"([{"kind": "declaration_hours_wrong", "error": "missing", "share": "1",
    "window": {"from": "2025-10-21", "to": "2025-11-24"}}])";

}  // namespace

BOOST_AUTO_TEST_CASE(october_declarations_without_hours_are_underpaid_and_their_covered_contributions_debited) {
    const Run quiet_base = run(scenario_json("hours-quiet-base", "", quiet));
    const Run missing = run(scenario_json("hours-missing", "", quiet, hours_missing));
    const model::World& world = missing.outcome->world;
    // One firing per declaration of October.
    std::uint64_t october_contracts = 0;
    for (const model::Contract& contract : world.contracts) {
        if (world.contract_active(contract, october_2025)) ++october_contracts;
    }
    BOOST_TEST(missing.firings("declaration_hours_wrong") == october_contracts);
    // With 0 hours the retained cost is 0: no CMG for October. What the centre still pays is
    // each contract's complément différentiel (its averages come from March to May), with the
    // CMG of the month at 0 in the 90 % room: complement_by_hand with a CMG of 0. It is at most
    // what is owed, and less for every family whose October CMG was above 0 (unless its room
    // at 90 % of the net salary bound the complement).
    model::World facts = world;
    const law::LegalParameters& parameters = *missing.outcome->parameters;
    const law::MonthParameters& october = parameters.for_month(october_2025);
    std::size_t underpaid = 0;
    std::size_t with_complement = 0;
    for (std::uint32_t f = 0; f < missing.families(); ++f) {
        Cents cmg{0};
        Cents complement{0};
        for (std::uint32_t c = facts.family_contract_begin[f]; c < facts.family_contract_begin[f + 1]; ++c) {
            const model::Contract& contract = facts.contracts[c];
            if (!facts.contract_active(contract, october_2025)) continue;
            cmg += max(Cents{0}, law::compute_entitlement(facts.true_facts(FamilyId{f}, october_2025), contract.facts(),
                                                          october)
                                     .cmg_paid);
            complement += complement_by_hand(facts, parameters, c, october_2025, Cents{0});
        }
        BOOST_TEST_REQUIRE(missing.owed(f, october_2025) == quiet_base.owed(f, october_2025));
        BOOST_TEST_REQUIRE(missing.paid(f, october_2025) == complement, "family " << f);
        BOOST_TEST_REQUIRE(missing.paid(f, october_2025) <= missing.owed(f, october_2025), "family " << f);
        if (missing.paid(f, october_2025) < missing.owed(f, october_2025)) ++underpaid;
        if (complement > Cents{0}) ++with_complement;
    }
    BOOST_TEST(underpaid > 200u);
    BOOST_TEST(with_complement > 0u);
    // Other months are paid as without the fault.
    for (YearMonth month = missing.outcome->scenario.first_month; month <= missing.outcome->scenario.last_month;
         month = month.plus_months(1)) {
        if (month == october_2025) continue;
        for (std::uint32_t f = 0; f < missing.families(); ++f) {
            BOOST_TEST_REQUIRE(missing.paid(f, month) == quiet_base.paid(f, month), "family " << f << " month " << month);
        }
    }
    // An assmat's contributions are covered at cap x hours / cost = 0: the family is debited
    // what the CMG should have covered. A contribution is covered or debited, never lost: the
    // month's covered and debited contributions add up to the same total as without the fault.
    const model::MonthFigures& with_fault = missing.figures(october_2025);
    const model::MonthFigures& without = quiet_base.figures(october_2025);
    BOOST_TEST(with_fault.contributions_covered < without.contributions_covered);
    BOOST_TEST(with_fault.contributions_debited > without.contributions_debited);
    BOOST_TEST(with_fault.contributions_covered + with_fault.contributions_debited ==
               without.contributions_covered + without.contributions_debited);
    BOOST_TEST(missing.violations("no_covered_contributions_debited") > 0u);
    BOOST_TEST(quiet_base.violations("no_covered_contributions_debited") == 0u);
    BOOST_TEST(missing.violations("declared_months_paid_on_time") > 0u);
    BOOST_TEST(missing.violations("cmg_never_above_owed") == 0u);
}

// The days worked keyed as hours: October's CMG is computed on as many hours as days worked
// (20 days: 20 h), so the retained cost is at most the hourly cap x those hours. Each
// contract is paid, by hand, the law's CMG on its October facts with those hours, and its
// complément différentiel with that CMG in the 90 % room.
BOOST_AUTO_TEST_CASE(october_declarations_with_days_keyed_as_hours_are_paid_on_those_hours) {
    const std::string days_as_hours = R"([{"kind": "declaration_hours_wrong", "error": "days_as_hours", "share": "1",
    "window": {"from": "2025-10-21", "to": "2025-11-24"}}])";
    const Run quiet_base = run(scenario_json("hours-quiet-base", "", quiet));
    const Run keyed = run(scenario_json("hours-days-keyed", "", quiet, days_as_hours));
    model::World facts = keyed.outcome->world;
    const law::LegalParameters& parameters = *keyed.outcome->parameters;
    const law::MonthParameters& october = parameters.for_month(october_2025);
    std::size_t underpaid = 0;
    for (std::uint32_t f = 0; f < keyed.families(); ++f) {
        Cents paid{0};
        for (std::uint32_t c = facts.family_contract_begin[f]; c < facts.family_contract_begin[f + 1]; ++c) {
            const model::Contract& contract = facts.contracts[c];
            if (!facts.contract_active(contract, october_2025)) continue;
            law::ContractFacts scratch;
            law::ContractFacts as_keyed = contract.facts_in(october_2025, scratch);
            as_keyed.hours_x100 = contract.work_in(october_2025).days_worked * 100;
            const Cents cmg = max(Cents{0}, law::compute_entitlement(facts.true_facts(FamilyId{f}, october_2025),
                                                                     as_keyed, october)
                                                .cmg_paid);
            paid += cmg + complement_by_hand(facts, parameters, c, october_2025, cmg);
        }
        BOOST_TEST_REQUIRE(keyed.owed(f, october_2025) == quiet_base.owed(f, october_2025));
        BOOST_TEST_REQUIRE(keyed.paid(f, october_2025) == paid, "family " << f);
        if (keyed.paid(f, october_2025) < keyed.owed(f, october_2025)) ++underpaid;
    }
    BOOST_TEST(underpaid > 200u);
}

BOOST_AUTO_TEST_CASE(october_declarations_without_hours_are_put_right_by_the_agents) {
    const Run fixed = run(scenario_json("hours-missing-fixed", nation_of_300, responsive, hours_missing));
    BOOST_TEST(fixed.firings("declaration_hours_wrong") > 200u);
    BOOST_TEST(fixed.violations("everyone_square_after_recovery") == 0u);
    BOOST_TEST(fixed.checked("everyone_square_after_recovery"));
    BOOST_TEST(fixed.result().statistics.families_still_owed == 0u);
    for (std::uint32_t f = 0; f < fixed.families(); ++f) {
        BOOST_TEST_REQUIRE(fixed.paid(f, october_2025) == fixed.owed(f, october_2025), "family " << f);
    }
    BOOST_TEST(fixed.figures(october_2025).contributions_refunded > Cents{0});
    const auto failed = harness::failed_properties(*fixed.outcome);
    BOOST_TEST(failed.empty(), (failed.empty() ? std::string() : failed.front()));
}

// Once October is keyed again with its hours, the CAF fund pays URSSAF the contributions the CMG
// covers (the regularisation claims what was not claimed when the month was settled without
// hours): after every file is fixed, October's covered contributions equal the run without the
// fault's.
BOOST_AUTO_TEST_CASE(after_the_fixes_october_contributions_are_covered_as_without_the_fault) {
    const Run fixed = run(scenario_json("hours-missing-fixed", nation_of_300, responsive, hours_missing));
    const Run base = run(scenario_json("hours-responsive-base", nation_of_300, responsive));
    BOOST_TEST(fixed.figures(october_2025).contributions_covered == base.figures(october_2025).contributions_covered);
}
