// `pajesim diff` without a process: the requests (deterministic, valid, reaching the edges),
// the reading of a calculator's answers, and shrinking against in-process calculators.

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "harness/runner/diff.hpp"
#include "harness/runner/entitlement_io.hpp"
#include "sim/kernel/json_input.hpp"

namespace {

using pajesim::YearMonth;
using pajesim::harness::OrderedJson;
namespace harness = pajesim::harness;

const pajesim::law::LegalParameters& parameters() {
    static const auto table = pajesim::law::LegalParameters::load_file(
        std::string(PAJESIM_SOURCE_DIR) + "/scenarios/params/cmg-2018-2026.json");
    return *table;
}

// The table's first four years, 2018-01 to 2021-12 (it covers 2018-01 to 2026-12, and diff
// draws its months of the bracket regime, 2018-01 to 2025-08: see the_bracket_regime_only).
harness::DiffSpace whole_table() {
    return harness::diff_space(parameters(), YearMonth::from_civil(2018, 1),
                               YearMonth::from_civil(2021, 12));
}

std::string lines_of(const std::vector<OrderedJson>& values) {
    std::string text;
    for (const auto& value : values) text += value.dump() + "\n";
    return text;
}

// The oracle itself, as a calculator: what `pajesim entitlement` would print.
std::string oracle_calculator(const std::string& input) {
    std::vector<OrderedJson> requests;
    for (std::size_t start = 0; start < input.size();) {
        const std::size_t end = input.find('\n', start);
        requests.push_back(OrderedJson::parse(input.substr(start, end - start)));
        start = end + 1;
    }
    return lines_of(harness::oracle_answers(requests, parameters()));
}

// One planted defect: resources equal to a ceiling are treated as above it (bracket + 1).
std::string off_by_one_calculator(const std::string& input) {
    std::vector<OrderedJson> requests;
    for (std::size_t start = 0; start < input.size();) {
        const std::size_t end = input.find('\n', start);
        requests.push_back(OrderedJson::parse(input.substr(start, end - start)));
        start = end + 1;
    }
    auto answers = harness::oracle_answers(requests, parameters());
    for (std::size_t i = 0; i < answers.size(); ++i) {
        if (harness::resources_on_ceiling(requests[i], parameters()) && answers[i]["bracket"] != 3) {
            answers[i]["bracket"] = answers[i]["bracket"].get<int>() + 1;
        }
    }
    return lines_of(answers);
}

}  // namespace

BOOST_AUTO_TEST_CASE(edge_months_are_the_ends_of_each_parameter_period) {
    const auto space = whole_table();
    BOOST_TEST(space.months.size() == 48U);
    const std::set<std::string> edges = [&] {
        std::set<std::string> result;
        for (const auto& month : space.edge_months) result.insert(month.to_string());
        return result;
    }();
    // From the table: covered from 2018-01; BMAF changes on 1 April; the single-parent increase
    // from 2018-10; the AEEH increase and the full rate until August from 2019-11; the SMIC
    // on 2021-10; the span asked for ends in 2021-12 (and the 2022 values start on 1 January).
    for (const char* month : {"2018-01", "2018-03", "2018-04", "2018-09", "2018-10", "2019-10",
                              "2019-11", "2021-09", "2021-10", "2021-12"}) {
        BOOST_TEST(edges.count(month) == 1U, month);
    }
    BOOST_TEST(edges.count("2018-06") == 0U);
    BOOST_CHECK_THROW(harness::diff_space(parameters(), YearMonth::from_civil(2030, 1),
                                          YearMonth::from_civil(2030, 6)),
                      pajesim::InputError);
}

BOOST_AUTO_TEST_CASE(the_bracket_regime_only) {
    // The whole table, 2018-01 to 2026-12: diff draws the months of the bracket regime, up to
    // 2025-08 (the hourly CMG applies from care month 2025-09): 7 x 12 + 8 = 92 months, the
    // last an edge.
    const auto space = harness::diff_space(parameters(), YearMonth::from_civil(2018, 1),
                                           YearMonth::from_civil(2026, 12));
    BOOST_TEST(space.months.size() == 92U);
    BOOST_TEST(space.months.front().to_string() == "2018-01");
    BOOST_TEST(space.months.back().to_string() == "2025-08");
    bool last_is_edge = false;
    for (const auto& month : space.edge_months) last_is_edge = last_is_edge || month.to_string() == "2025-08";
    BOOST_TEST(last_is_edge);
    // Hourly months only: nothing to draw.
    BOOST_CHECK_THROW(harness::diff_space(parameters(), YearMonth::from_civil(2025, 9),
                                          YearMonth::from_civil(2026, 12)),
                      pajesim::InputError);
}

BOOST_AUTO_TEST_CASE(requests_are_deterministic_valid_and_reach_the_edges) {
    const auto space = whole_table();
    std::vector<OrderedJson> requests;
    for (std::uint64_t i = 0; i < 4000; ++i) requests.push_back(harness::generate_request(space, 7, i));
    BOOST_TEST(harness::generate_request(space, 7, 123) == requests[123]);
    BOOST_TEST(harness::generate_request(space, 8, 123) != requests[123]);
    // Valid: the oracle's own reader accepts every line (it throws otherwise).
    BOOST_TEST(harness::oracle_answers(requests, parameters()).size() == requests.size());
    std::size_t on_ceiling = 0, leap_day = 0, home_carer = 0, single_parent = 0, first_day = 0;
    for (const auto& request : requests) {
        on_ceiling += harness::resources_on_ceiling(request, parameters()) ? 1 : 0;
        home_carer += request["contract"]["mode"] == "home_carer" ? 1 : 0;
        single_parent += request["household"]["single_parent"].get<bool>() ? 1 : 0;
        for (const auto& child : request["household"]["children"]) {
            const std::string birth = child["birth"].get<std::string>();
            leap_day += birth.substr(5) == "02-29" ? 1 : 0;
            first_day += birth.substr(8) == "01" ? 1 : 0;
        }
    }
    BOOST_TEST(on_ceiling > 400U);
    BOOST_TEST(leap_day > 100U);
    BOOST_TEST(home_carer > 800U);
    BOOST_TEST(single_parent > 600U);
    BOOST_TEST(first_day > 400U);
}

BOOST_AUTO_TEST_CASE(answers_that_break_the_protocol_are_named_by_line) {
    const auto space = whole_table();
    std::vector<OrderedJson> requests;
    for (std::uint64_t i = 0; i < 3; ++i) requests.push_back(harness::generate_request(space, 1, i));
    const auto good = harness::oracle_answers(requests, parameters());
    const auto refusal = [&](const std::string& output) -> std::string {
        try {
            harness::read_answers(output, requests);
        } catch (const harness::CalculatorBroke& broke) {
            return broke.what();
        }
        return "accepted";
    };
    BOOST_TEST(refusal(lines_of(good)) == "accepted");
    BOOST_TEST(refusal(good[0].dump() + "\n" + good[1].dump() + "\n" + good[2].dump()) == "accepted");
    BOOST_TEST(refusal(good[0].dump() + "\ngarbage\n").find("output line 2: malformed JSON") == 0U);
    BOOST_TEST(refusal(good[0].dump() + "\n").find("output line 2: missing (1 lines for 3 requests)") == 0U);
    BOOST_TEST(refusal(lines_of(good) + good[0].dump() + "\n").find("output line 4: an extra line") == 0U);
    auto wrong_id = good;
    wrong_id[1]["id"] = "other";
    BOOST_TEST(refusal(lines_of(wrong_id)).find("output line 2: id \"other\" is not the request's") == 0U);
    auto missing = good;
    missing[2].erase("crds");
    BOOST_TEST(refusal(lines_of(missing)) == "output line 3: missing field \"crds\"");
    auto mistyped = good;
    mistyped[0]["bracket"] = "2";
    BOOST_TEST(refusal(lines_of(mistyped)).find("output line 1: field \"bracket\" is not 1, 2, 3 or null") == 0U);
}

BOOST_AUTO_TEST_CASE(amounts_compare_as_amounts) {
    OrderedJson oracle = {{"eligible", true}, {"bracket", 2}, {"cmg_max", "297.10"},
                          {"cmg_remuneration", "297.10"}, {"crds", "1.49"},
                          {"cmg_paid", "295.61"}, {"contributions_covered_rate", "1.00"}};
    OrderedJson calculator = oracle;
    calculator["cmg_max"] = "297.1";
    calculator["contributions_covered_rate"] = 1;
    BOOST_TEST(harness::differing_fields(oracle, calculator).empty());
    calculator["crds"] = "1.48";
    calculator["bracket"] = nullptr;
    BOOST_TEST(harness::differing_fields(oracle, calculator) ==
               (std::vector<std::string>{"bracket", "crds"}));
}

BOOST_AUTO_TEST_CASE(the_oracle_agrees_with_itself) {
    harness::DiffOptions options;
    options.seed = 3;
    options.cases = 3000;
    const auto result = harness::run_diff(whole_table(), options, oracle_calculator);
    BOOST_TEST(result.cases == 3000U);
    BOOST_TEST(result.disagreeing_cases == 0U);
    BOOST_TEST(result.calculator_calls == 3U);
}

BOOST_AUTO_TEST_CASE(a_ceiling_defect_is_found_and_shrunk_to_the_ceiling) {
    harness::DiffOptions options;
    options.seed = 5;
    options.cases = 2000;
    const auto result = harness::run_diff(whole_table(), options, off_by_one_calculator);
    BOOST_TEST(result.disagreeing_cases > 0U);
    BOOST_TEST(!result.disagreements.empty());
    for (const auto& d : result.disagreements) {
        BOOST_TEST(harness::resources_on_ceiling(d.request, parameters()));
        BOOST_TEST(d.fields.front() == "bracket");
        BOOST_TEST(d.request["household"]["children"].size() <= d.original_request["household"]["children"].size());
        BOOST_TEST(!d.request["contract"].contains("maintenance"));
        BOOST_TEST(d.request["contract"]["net_salary"] == "0.00");
    }
}

BOOST_AUTO_TEST_CASE(shrink_candidates_are_valid_requests) {
    const auto space = whole_table();
    for (std::uint64_t i = 0; i < 300; ++i) {
        const auto request = harness::generate_request(space, 11, i);
        const auto candidates = harness::shrink_candidates(request, parameters());
        BOOST_TEST(harness::oracle_answers(candidates, parameters()).size() == candidates.size());
        for (const auto& candidate : candidates) BOOST_TEST(candidate != request);
    }
}
