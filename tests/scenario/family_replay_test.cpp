// Following the most harmed families by replaying them alone (sim/model/histories.hpp): the
// dossiers are the same as those of a replay of the whole population, for every shipped
// scenario with harmed families and several seeds, with the families alone replayed; and a
// replay that goes its own way (a shared resource's decision missing from the record, a
// family's history different) is told apart, so that the runner falls back to the whole.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "harness/runner/observers.hpp"
#include "harness/runner/scenario_run.hpp"
#include "sim/model/histories.hpp"
#include "sim/model/population/world.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/simulation.hpp"

using namespace pajesim;

namespace {

std::map<std::uint32_t, std::string> dossier_texts(const harness::RunOutcome& outcome) {
    std::map<std::uint32_t, std::string> texts;
    for (const auto& [family, dossier] : outcome.dossiers) texts[family] = harness::format_dossier(dossier, outcome.faults);
    return texts;
}

}  // namespace

// Under AddressSanitizer a run is about five times slower: the same comparisons on smaller
// populations (every scenario, both seeds, still hundreds of dossiers).
#if defined(__SANITIZE_ADDRESS__)
constexpr std::uint32_t compared_families = 1000;
#else
constexpr std::uint32_t compared_families = 2500;
#endif

BOOST_AUTO_TEST_CASE(families_alone_give_the_whole_replays_dossiers) {
    std::size_t compared = 0;
    std::size_t scenarios = 0;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(PAJESIM_SOURCE_DIR) + "/scenarios")) {
        if (entry.path().extension() != ".json") continue;
        model::Scenario scenario = model::load_scenario(entry.path().string());
        for (const std::uint64_t seed : {scenario.seed, std::uint64_t{11}}) {
            scenario.seed = seed;
            scenario.population.families = compared_families;
            harness::RunRequest request;
            request.dossiers_of_most_harmed = 30;
            request.dossiers_of_register = 30;
            request.threads = 2;
            const auto alone = harness::run_scenario(scenario, request);
            request.whole_replay = true;
            const auto whole = harness::run_scenario(scenario, request);
            BOOST_TEST_CONTEXT(scenario.name << " seed " << seed) {
                if (whole->dossiers.empty()) {
                    BOOST_TEST((alone->replay == harness::RunOutcome::Replay::none));
                    continue;
                }
                BOOST_TEST((whole->replay == harness::RunOutcome::Replay::whole));
                // Every shipped scenario's families replay alone (none falls back).
                BOOST_TEST((alone->replay == harness::RunOutcome::Replay::families_only));
                const auto expected = dossier_texts(*whole);
                const auto got = dossier_texts(*alone);
                BOOST_TEST(got.size() == expected.size());
                for (const auto& [family, text] : expected) {
                    const auto found = got.find(family);
                    BOOST_TEST_REQUIRE((found != got.end()), "family " << family);
                    BOOST_TEST(found->second == text, "family " << family);
                    ++compared;
                }
                ++scenarios;
            }
        }
    }
    // The suite's scenarios have harmed families: the comparison is not empty.
    BOOST_TEST(scenarios >= 20u);
    BOOST_TEST(compared >= 500u);
}

// The digests at work in real runs: a replay of the same scenario matches its run family by
// family; a replay whose CAF pays one business day later (another history: the same amounts
// on other days) is caught for the families the CAF pays.
BOOST_AUTO_TEST_CASE(the_digests_tell_a_replay_that_lived_otherwise) {
    model::Scenario scenario =
        model::load_scenario(std::string(PAJESIM_SOURCE_DIR) + "/scenarios/baseline-2019.json");
    scenario.population.families = 400;
    const auto parameters = harness::check_scenario(scenario);
    const model::World world = model::World::generate(scenario, *parameters);
    std::vector<std::uint32_t> followed;
    for (std::uint32_t f = 0; f < world.families.size(); f += 7) followed.push_back(f);

    const auto replay_of = [&](const model::Scenario& replayed) {
        model::Histories histories = model::Histories::recording(static_cast<std::uint32_t>(world.families.size()));
        model::World run_world = world;
        model::RunOptions options;
        options.histories = &histories;
        model::run_simulation(scenario, *parameters, run_world, options);
        histories.start_replay(followed);
        model::run_simulation(replayed, *parameters, run_world, options);
        std::size_t differing = 0;
        for (const std::uint32_t f : followed) {
            if (histories.digest(FamilyId{f}) != histories.expected(FamilyId{f})) ++differing;
        }
        return differing;
    };
    BOOST_TEST(replay_of(scenario) == 0u);
    model::Scenario later = scenario;
    ++later.workflow.caf_payment_delay_business_days;
    // Every drawn family declares before the cutover, and the CAF pays those months.
    BOOST_TEST(replay_of(later) >= followed.size() / 2);
}

BOOST_AUTO_TEST_CASE(a_replay_that_goes_its_own_way_is_told_apart) {
    model::Histories histories = model::Histories::recording(4);
    const FamilyId a{1};
    const FamilyId b{2};
    const FamilyId c{3};
    // The run: the resources decide, each decision returned as it is.
    BOOST_TEST(histories.shared(a, model::SharedSite::line, 7, 0) == 0);
    BOOST_TEST(histories.shared(a, model::SharedSite::line, 7, 1) == 1);
    BOOST_TEST(histories.shared(b, model::SharedSite::take_up, 0, 500) == 500);
    BOOST_TEST(histories.shared(c, model::SharedSite::take_up, 0, 600) == 600);
    histories.fold(a, 1, 2);
    histories.fold(b, 1, 2);
    histories.fold(b, 3, 4);
    histories.fold_text(c, "cmg_paid", 3, Cents{12345}, Date::from_civil(2019, 6, 5));

    histories.start_replay({1, 2});
    BOOST_TEST(histories.followed(a));
    BOOST_TEST(!histories.followed(c));
    // The replay gets the run's decisions, in their order for the same key, whatever it
    // would decide itself.
    std::int64_t value = 0;
    BOOST_TEST(histories.peek(b, model::SharedSite::take_up, 0, value));
    BOOST_TEST(value == 500);
    BOOST_TEST(histories.shared(b, model::SharedSite::take_up, 0, 9) == 500);
    BOOST_TEST(!histories.peek(b, model::SharedSite::take_up, 0, value));  // taken
    BOOST_TEST(histories.shared(a, model::SharedSite::line, 7, 1) == 0);
    BOOST_TEST(histories.shared(a, model::SharedSite::line, 7, 0) == 1);
    BOOST_TEST(!histories.went_its_own_way());
    // Digests start again; the same history gives the same digest, another order another.
    histories.fold(a, 1, 2);
    histories.fold(b, 3, 4);
    histories.fold(b, 1, 2);
    BOOST_TEST(histories.digest(a) == histories.expected(a));
    BOOST_TEST(histories.digest(b) != histories.expected(b));
    BOOST_TEST(histories.expected(a) != 0u);
    // A family not followed brought no decision along; a decision the run never made is the
    // replay going its own way.
    BOOST_TEST(!histories.peek(c, model::SharedSite::take_up, 0, value));
    BOOST_TEST(histories.shared(a, model::SharedSite::line, 8, 1) == 1);
    BOOST_TEST(histories.went_its_own_way());
}

BOOST_AUTO_TEST_CASE(an_event_differing_in_any_field_changes_the_digest) {
    const Date day = Date::from_civil(2019, 6, 5);
    const auto digest = [&](std::string_view kind, std::int16_t month, Cents amount, Date date,
                             std::uint16_t fault = 0) {
        model::Histories histories = model::Histories::recording(1);
        histories.fold_text(FamilyId{0}, kind, month, amount, date, fault);
        return histories.digest(FamilyId{0});
    };
    const std::uint64_t base = digest("cmg_paid", 3, Cents{12345}, day);
    BOOST_TEST(base == digest("cmg_paid", 3, Cents{12345}, day));
    BOOST_TEST(base != digest("arrears_paid", 3, Cents{12345}, day));
    BOOST_TEST(base != digest("cmg_paid", 4, Cents{12345}, day));
    BOOST_TEST(base != digest("cmg_paid", 3, Cents{12346}, day));
    BOOST_TEST(base != digest("cmg_paid", 3, Cents{12345}, day.plus_days(1)));
    BOOST_TEST(base != digest("cmg_paid", 3, Cents{12345}, day, 2));  // another fault's doing
}
