// Proof that the checks bite: each deliberate break of the model (test-only switches) is
// flagged by the invariant that guards against it, and the failing scenario shrinks to a
// handful of families.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/runner/check.hpp"

using namespace pajesim;

namespace {

nlohmann::json small_scenario(const nlohmann::json& population, const nlohmann::json& processes,
                              const nlohmann::json& faults) {
    return nlohmann::json{{"name", "break"},
                          {"period", {{"from", "2019-01"}, {"to", "2019-12"}}},
                          {"seed", 11},
                          {"population", population},
                          {"processes", processes},
                          {"faults", faults}};
}

bool violates(const nlohmann::json& scenario, const model::TestBreaks& breaks, const std::string& invariant) {
    const auto run = harness::run_json(scenario, "break.json", breaks);
    for (const auto& verdict : run->verdicts) {
        if (verdict.name == invariant) return verdict.violations > 0;
    }
    BOOST_FAIL("unknown invariant " << invariant);
    return false;
}

// The break is flagged, the model without it is not, and the failure shrinks small.
void check_break(const nlohmann::json& scenario, const model::TestBreaks& breaks, const std::string& invariant) {
    BOOST_TEST_REQUIRE(!violates(scenario, model::TestBreaks{}, invariant),
                       invariant << " flagged without the break");
    BOOST_TEST_REQUIRE(violates(scenario, breaks, invariant), invariant << " did not flag the break");
    const nlohmann::json shrunk = harness::shrink(
        scenario, [&](const nlohmann::json& candidate) { return violates(candidate, breaks, invariant); });
    BOOST_TEST(violates(shrunk, breaks, invariant));
    BOOST_TEST(shrunk["population"]["families"].get<int>() <= 5, "shrunk to " << shrunk["population"]["families"]);
    BOOST_TEST(shrunk["faults"].size() <= scenario["faults"].size());
}

const nlohmann::json fixing_processes{{"notice_probability", "1"},
                                      {"files_per_agent_per_day", "1000"},
                                      {"fix_error_probability", "0"}};

}  // namespace

BOOST_AUTO_TEST_CASE(dropping_the_85_percent_cap_is_flagged_as_money_created) {
    model::TestBreaks breaks;
    breaks.drop_salary_cap = true;
    // Low pay makes the 85 % cap bind for many families.
    const auto scenario = small_scenario(
        {{"families", 60}, {"assmat_net_hourly_per_child", {{"min", "1.50"}, {"max", "2.50"}}}},
        fixing_processes, nlohmann::json::array());
    check_break(scenario, breaks, "cmg_never_above_owed");
}

BOOST_AUTO_TEST_CASE(a_regularisation_paid_twice_is_flagged) {
    model::TestBreaks breaks;
    breaks.pay_regularisation_twice = true;
    // Rights missing at the transfer: agents fix the files and regularisations pay arrears.
    const auto scenario = small_scenario(
        {{"families", 60}}, fixing_processes,
        nlohmann::json::array({{{"kind", "rights_link_missing"}, {"messages", "bulk"}, {"share", "0.3"},
                                {"window", {{"from", "2019-04-01"}, {"to", "2019-06-01"}}}}}));
    check_break(scenario, breaks, "arrears_match_a_shortfall");
}

BOOST_AUTO_TEST_CASE(advances_recovered_early_are_flagged) {
    model::TestBreaks breaks;
    breaks.recover_advances_early = true;
    // Nobody fixes files: families stay owed money, get advances, which must wait.
    const auto scenario = small_scenario(
        {{"families", 60}},
        {{"notice_probability", "1"}, {"permanent_agents", 0}, {"temporary_agents", 0},
         {"advances", true}, {"advance_threshold", "100.00"}, {"recover_advance_only_after_payment", true}},
        nlohmann::json::array({{{"kind", "rights_link_missing"}, {"messages", "bulk"}, {"share", "1"},
                                {"window", {{"from", "2019-04-01"}, {"to", "2019-06-01"}}}}}));
    check_break(scenario, breaks, "advance_not_recovered_before_payment");
}

BOOST_AUTO_TEST_CASE(the_single_parent_increase_lost_in_transfer_is_flagged) {
    model::TestBreaks breaks;
    breaks.lose_single_parent_in_transfer = true;
    const auto scenario = small_scenario({{"families", 60}, {"single_parent_share", "0.5"}},
                                         fixing_processes, nlohmann::json::array());
    check_break(scenario, breaks, "declared_months_paid_on_time");
}

BOOST_AUTO_TEST_CASE(a_correct_model_passes_the_random_properties) {
    // The same properties `pajesim check` runs, on a few dozen random scenarios.
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        const nlohmann::json scenario = harness::random_scenario(seed);
        const auto run = harness::run_json(scenario, "random.json", model::TestBreaks{});
        const auto failed = harness::failed_properties(*run);
        BOOST_TEST(failed.empty(), "seed " << seed << ": " << (failed.empty() ? "" : failed.front()));
    }
}
