// `pajesim run` as a product: byte-identical outputs for the same scenario and seed, another
// population for another seed, and bad scenario files refused with exit code 2, a message
// naming the file, the JSON path and the reason, and no output written.

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/cli/cli.hpp"
#include "sim/law/parameters.hpp"
#include "sim/model/population/world.hpp"

namespace fs = std::filesystem;

namespace {

struct CliResult {
    int exit_code;
    std::string out;
    std::string err;
};

CliResult run(const std::vector<std::string>& arguments) {
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    const int code = pajesim::cli::run_cli(arguments, in, out, err);
    return {code, out.str(), err.str()};
}

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

fs::path scratch(const std::string& name) {
    const fs::path folder = fs::temp_directory_path() / ("pajesim-run-test-" + name);
    fs::remove_all(folder);
    fs::create_directories(folder);
    return folder;
}

std::string params_path() {
    return std::string(PAJESIM_SOURCE_DIR) + "/scenarios/params/cmg-2018-2026.json";
}

nlohmann::json small_scenario() {
    return nlohmann::json{{"name", "small"},
                          {"period", {{"from", "2019-01"}, {"to", "2019-12"}}},
                          {"seed", 7},
                          {"params", params_path()},
                          {"population", {{"families", 300}}}};
}

fs::path write_scenario(const fs::path& folder, const nlohmann::json& scenario) {
    const fs::path path = folder / "scenario.json";
    std::ofstream(path) << scenario.dump(2);
    return path;
}

}  // namespace

BOOST_AUTO_TEST_CASE(same_scenario_and_seed_give_identical_bytes) {
    const fs::path folder = scratch("determinism");
    const fs::path scenario = write_scenario(folder, small_scenario());
    const auto first = run({"run", scenario.string(), "--out", (folder / "a").string(), "--quiet"});
    const auto second = run({"run", scenario.string(), "--out", (folder / "b").string(), "--quiet"});
    BOOST_REQUIRE_EQUAL(first.exit_code, 0);
    BOOST_REQUIRE_EQUAL(second.exit_code, 0);
    for (const char* file : {"report.json", "families.csv"}) {
        const std::string a = read(folder / "a" / file);
        BOOST_TEST(!a.empty());
        BOOST_TEST(a == read(folder / "b" / file), file);
    }
    const auto report = nlohmann::json::parse(read(folder / "a" / "report.json"));
    BOOST_TEST(report["seed"] == 7);
    BOOST_TEST(report["ledger"]["net"] == "0.00");
    BOOST_TEST(report["months"].size() == 12u);
}

BOOST_AUTO_TEST_CASE(another_seed_gives_another_population) {
    const fs::path folder = scratch("seeds");
    const fs::path scenario = write_scenario(folder, small_scenario());
    BOOST_REQUIRE_EQUAL(run({"run", scenario.string(), "--out", (folder / "a").string(),
                             "--quiet"}).exit_code, 0);
    BOOST_REQUIRE_EQUAL(run({"run", scenario.string(), "--seed", "8", "--out",
                             (folder / "b").string(), "--quiet"}).exit_code, 0);
    BOOST_TEST(read(folder / "a" / "families.csv") != read(folder / "b" / "families.csv"));
    const auto report = nlohmann::json::parse(read(folder / "b" / "report.json"));
    BOOST_TEST(report["seed"] == 8);
}

BOOST_AUTO_TEST_CASE(a_familys_draws_do_not_depend_on_the_population_size) {
    auto parameters = pajesim::law::LegalParameters::load_file(params_path());
    pajesim::model::Scenario scenario;
    scenario.name = "independence";
    scenario.first_month = pajesim::YearMonth::from_civil(2019, 1);
    scenario.last_month = pajesim::YearMonth::from_civil(2020, 12);
    scenario.seed = 99;
    scenario.population.families = 100;
    const auto small = pajesim::model::World::generate(scenario, *parameters);
    scenario.population.families = 250;
    const auto large = pajesim::model::World::generate(scenario, *parameters);
    for (std::size_t f = 0; f < 100; ++f) {
        const auto& a = small.families[f];
        const auto& b = large.families[f];
        BOOST_TEST_REQUIRE(a.mode == b.mode);
        BOOST_TEST_REQUIRE(a.caf == b.caf);
        BOOST_TEST_REQUIRE((small.resources_of(pajesim::FamilyId{static_cast<std::uint32_t>(f)}) ==
                            large.resources_of(pajesim::FamilyId{static_cast<std::uint32_t>(f)})));
        const auto a_children = small.children_of(pajesim::FamilyId{static_cast<std::uint32_t>(f)});
        const auto b_children = large.children_of(pajesim::FamilyId{static_cast<std::uint32_t>(f)});
        BOOST_TEST_REQUIRE(a_children.size() == b_children.size());
        for (std::size_t c = 0; c < a_children.size(); ++c) {
            BOOST_TEST_REQUIRE(a_children[c].birth == b_children[c].birth);
        }
        BOOST_TEST_REQUIRE((a.separation() == b.separation()));
        BOOST_TEST_REQUIRE(a.monthly_income == b.monthly_income);
        const auto contracts = small.family_contract_begin[f + 1] - small.family_contract_begin[f];
        BOOST_TEST_REQUIRE(contracts ==
                           large.family_contract_begin[f + 1] - large.family_contract_begin[f]);
        for (std::uint32_t k = 0; k < contracts; ++k) {
            const auto& x = small.contracts[small.family_contract_begin[f] + k];
            const auto& y = large.contracts[large.family_contract_begin[f] + k];
            BOOST_TEST_REQUIRE(x.facts().net_salary == y.facts().net_salary);
            BOOST_TEST_REQUIRE(x.pajemploi_plus == y.pajemploi_plus);
        }
    }
}

BOOST_AUTO_TEST_CASE(help_describes_the_command) {
    const auto result = run({"run", "--help"});
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out.find("--seed") != std::string::npos);
    BOOST_TEST(result.out.find("report.json") != std::string::npos);
}

// Each bad scenario: a JSON edit of a good one, the JSON path and a piece of the reason.
struct BadScenario {
    std::string description;
    std::string text;  // the file's content
    std::string path;
    std::string reason;
};

std::vector<BadScenario> bad_scenarios() {
    const auto with = [](const std::function<void(nlohmann::json&)>& edit) {
        nlohmann::json scenario = small_scenario();
        edit(scenario);
        return scenario.dump();
    };
    return {
        {"malformed JSON", "{\"name\": \"x\",", "", "malformed JSON"},
        {"unknown top-level key", with([](auto& s) { s["colour"] = "blue"; }), "/colour",
         "unknown key"},
        {"unknown population key", with([](auto& s) { s["population"]["familes"] = 3; }),
         "/population/familes", "unknown key"},
        {"wrong type", with([](auto& s) { s["seed"] = "seven"; }), "/seed", "expected a whole number"},
        {"month 13", with([](auto& s) { s["period"]["from"] = "2019-13"; }), "/period/from",
         "not a month"},
        {"dates out of order", with([](auto& s) { s["period"]["to"] = "2018-12"; }), "/period/to",
         "out of order"},
        {"absurd size", with([](auto& s) { s["population"]["families"] = 900000000; }),
         "/population/families", "out of range"},
        {"zero families", with([](auto& s) { s["population"]["families"] = 0; }),
         "/population/families", "out of range"},
        {"probability above one", with([](auto& s) { s["population"]["home_carer_share"] = "1.5"; }),
         "/population/home_carer_share", "between 0 and 1"},
        {"impossible date", with([](auto& s) { s["workflow"]["cutover"] = "2019-02-30"; }),
         "/workflow/cutover", "not a calendar date"},
        {"range upside down",
         with([](auto& s) { s["population"]["assmat_hours_per_month"] = {{"min", 100}, {"max", 50}}; }),
         "/population/assmat_hours_per_month/max", "below min"},
        {"all weights zero", with([](auto& s) { s["population"]["bracket_weights"] = {0, 0, 0}; }),
         "/population/bracket_weights", "positive"},
        {"money with 3 decimals",
         with([](auto& s) { s["population"]["maintenance_per_day"] = "3.005"; }),
         "/population/maintenance_per_day", "at most 2 decimals"},
        // The shipped table covers care months 2018-01 to 2026-12: a period ending in 2027-01
        // (7 months, within the 48-month limit) and one starting in 2017-12.
        {"period ending outside the law's coverage",
         with([](auto& s) { s["period"] = {{"from", "2026-07"}, {"to", "2027-01"}}; }), "/period",
         "outside the periods covered by the legal parameters cmg-direct-employment-2018-2026.1: "
         "2018-01 to 2026-12"},
        {"period starting outside the law's coverage",
         with([](auto& s) { s["period"]["from"] = "2017-12"; }), "/period",
         "month 2017-12 is outside the periods covered"},
        {"name that is not a folder name", with([](auto& s) { s["name"] = "../escape"; }),
         "/name", "a name is"},
        {"missing name", with([](auto& s) { s.erase("name"); }), "", "missing required key"},
    };
}

BOOST_AUTO_TEST_CASE(bad_scenarios_exit_2_with_a_precise_message_and_write_nothing) {
    for (const BadScenario& bad : bad_scenarios()) {
        const fs::path folder = scratch("bad");
        const fs::path path = folder / "scenario.json";
        std::ofstream(path) << bad.text;
        const fs::path out = folder / "out";
        const auto result = run({"run", path.string(), "--out", out.string(), "--quiet"});
        BOOST_TEST(result.exit_code == 2, bad.description);
        BOOST_TEST(result.out.empty(), bad.description);
        BOOST_TEST(result.err.find(path.string() + ": " + (bad.path.empty() ? "/" : bad.path) +
                                   ": ") != std::string::npos,
                   bad.description << ": " << result.err);
        BOOST_TEST(result.err.find(bad.reason) != std::string::npos,
                   bad.description << ": " << result.err);
        BOOST_TEST(!fs::exists(out), bad.description << ": an output folder was written");
    }
}

BOOST_AUTO_TEST_CASE(a_missing_scenario_file_is_bad_input) {
    const auto result = run({"run", "/nonexistent/scenario.json", "--quiet"});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err.find("/nonexistent/scenario.json: no such file") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_command_lines_are_usage_errors) {
    BOOST_TEST(run({"run"}).exit_code == 2);
    BOOST_TEST(run({"run", "x.json", "--seed", "abc"}).exit_code == 2);
    BOOST_TEST(run({"run", "x.json", "--families", "0"}).exit_code == 2);
    BOOST_TEST(run({"run", "x.json", "--frobnicate"}).exit_code == 2);
}
