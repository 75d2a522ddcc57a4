// The oracle's answers carried over from one month to the next (Books::prepare_month, by
// law::answer_carries_over) are the answers computed again: a run that carries them over and
// a run that computes every month afresh owe every family the same CMG, month by month, and
// debit the same contributions. The scenarios cross the months in which the law turns for a
// real population: revaluations, births and birthdays, separations, the full rate kept until
// August (from 2019-11), the switch to the hourly regime and its complément différentiel, monthly hours
// that vary (each contract's facts change from month to month), families and contracts that
// start or end within the run. The rarer turns (29 February, a complement that ends) are the
// property test's (cmg_property, an_answer_carried_over_is_the_answer_computed_again).

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/kernel/json_input.hpp"
#include "sim/law/parameters.hpp"
#include "sim/model/population/world.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/simulation.hpp"

using namespace pajesim;
using nlohmann::json;

namespace {

model::Scenario scenario_of(const std::string& name, std::uint32_t families, const std::string& extra_population) {
    const std::string folder = std::string(PAJESIM_SOURCE_DIR) + "/scenarios";
    json document = parse_json_file(folder + "/" + name + ".json");
    document["population"]["families"] = families;
    if (!extra_population.empty()) document["population"].update(json::parse(extra_population));
    return model::scenario_from_json(document, folder + "/" + name + ".json", folder);
}

model::RunResult run(const model::Scenario& scenario, bool carry_over, unsigned threads) {
    const auto parameters = law::LegalParameters::load_file(scenario.params_file);
    model::World world = model::World::generate(scenario, *parameters);
    model::RunOptions options;
    options.oracle_carry_over = carry_over;
    options.threads = threads;
    return model::run_simulation(scenario, *parameters, world, options);
}

void check_same_answers(const model::Scenario& scenario) {
    const model::RunResult fresh = run(scenario, false, 1);
    const model::RunResult carried = run(scenario, true, 2);
    BOOST_TEST_REQUIRE(fresh.owed_cents.size() == carried.owed_cents.size());
    std::size_t owed_cells = 0;
    for (std::size_t at = 0; at < fresh.owed_cents.size(); ++at) {
        if (fresh.owed_cents[at] != 0) ++owed_cells;
        BOOST_TEST_REQUIRE(fresh.owed_cents[at] == carried.owed_cents[at],
                           scenario.name << ": cell " << at << " (family " << at % fresh.families.size()
                                         << ", month " << at / fresh.families.size() << ")");
    }
    // Most family-months are owed something: the comparison is not one of zeros.
    BOOST_TEST(owed_cells > fresh.owed_cents.size() / 2);
    BOOST_TEST_REQUIRE(fresh.months.size() == carried.months.size());
    for (std::size_t m = 0; m < fresh.months.size(); ++m) {
        BOOST_TEST(fresh.months[m].cmg_owed == carried.months[m].cmg_owed, scenario.name << " month " << m);
        BOOST_TEST(fresh.months[m].cmg_paid == carried.months[m].cmg_paid, scenario.name << " month " << m);
        BOOST_TEST(fresh.months[m].contributions_debited == carried.months[m].contributions_debited);
        BOOST_TEST(fresh.months[m].contributions_covered == carried.months[m].contributions_covered);
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_2019_law_with_births_separations_and_entrants) {
    // A living population: first births and new contracts during the run, contracts that end.
    check_same_answers(scenario_of("baseline-2019", 4'000,
                                   R"({"new_claims_per_month": "0.01", "annual_contract_end_probability": "0.1"})"));
}

BOOST_AUTO_TEST_CASE(the_hourly_regime_with_hours_that_vary) {
    check_same_answers(scenario_of("reform-2025", 4'000, R"({"monthly_hours_spread_percent": 20})"));
    check_same_answers(scenario_of("baseline-2025", 4'000, ""));
}

// World::same_true_facts says two months' true facts are equal exactly when they are.
BOOST_AUTO_TEST_CASE(same_true_facts_is_equality_of_the_true_facts) {
    const model::Scenario scenario = scenario_of("baseline-2019", 2'000, R"({"new_claims_per_month": "0.01"})");
    const auto parameters = law::LegalParameters::load_file(scenario.params_file);
    const model::World world = model::World::generate(scenario, *parameters);
    std::size_t differ = 0;
    for (std::uint32_t f = 0; f < world.families.size(); ++f) {
        for (YearMonth month = scenario.first_month.plus_months(1); month <= scenario.last_month;
             month = month.plus_months(1)) {
            const FamilyId family{f};
            const bool equal = world.true_facts(family, month.plus_months(-1)) == world.true_facts(family, month);
            if (!equal) ++differ;
            BOOST_TEST_REQUIRE(world.same_true_facts(family, month.plus_months(-1), month) == equal,
                               "family " << f << " month " << month);
        }
    }
    BOOST_TEST(differ > 0u);  // resources change each January, some parents separate
}
