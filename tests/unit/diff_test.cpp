// `pajesim diff` without a process: the requests (deterministic, valid, reaching the edges),
// the reading of a calculator's answers, and shrinking against in-process calculators.

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "harness/runner/diff.hpp"
#include "harness/runner/entitlement_io.hpp"
#include "sim/kernel/json_input.hpp"

namespace {

using pajesim::Cents;
using pajesim::YearMonth;
using pajesim::harness::OrderedJson;
namespace harness = pajesim::harness;

const pajesim::law::LegalParameters& parameters() {
    static const auto table = pajesim::law::LegalParameters::load_file(
        std::string(PAJESIM_SOURCE_DIR) + "/scenarios/params/cmg-2018-2026.json");
    return *table;
}

// The table's first four years, 2018-01 to 2021-12 (it covers 2018-01 to 2026-12: brackets
// to 2025-08, the hourly CMG from 2025-09; see both_regimes_and_the_switch).
harness::DiffSpace whole_table() {
    return harness::diff_space(parameters(), YearMonth::from_civil(2018, 1),
                               YearMonth::from_civil(2021, 12));
}

// The months of the hourly CMG, 2025-09 to 2026-12.
harness::DiffSpace hourly_months() {
    return harness::diff_space(parameters(), YearMonth::from_civil(2025, 9),
                               YearMonth::from_civil(2026, 12));
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

std::vector<OrderedJson> requests_of(const std::string& input) {
    std::vector<OrderedJson> requests;
    for (std::size_t start = 0; start < input.size();) {
        const std::size_t end = input.find('\n', start);
        requests.push_back(OrderedJson::parse(input.substr(start, end - start)));
        start = end + 1;
    }
    return requests;
}

// One planted defect: resources equal to a ceiling are treated as above it (bracket + 1).
std::string off_by_one_calculator(const std::string& input) {
    const std::vector<OrderedJson> requests = requests_of(input);
    auto answers = harness::oracle_answers(requests, parameters());
    for (std::size_t i = 0; i < answers.size(); ++i) {
        if (harness::resources_on_ceiling(requests[i], parameters()) && answers[i]["bracket"] != 3) {
            answers[i]["bracket"] = answers[i]["bracket"].get<int>() + 1;
        }
    }
    return lines_of(answers);
}

// Distinct (docs/diff.md): the shrunk cases that reach the same request (its id aside) with
// the same fields are one disagreement, counting them all; every case shrunk is counted once.
// Returns how many disagreements count more than one case.
std::size_t expect_distinct(const harness::DiffResult& result, const harness::DiffOptions& options) {
    std::set<std::string> seen;
    std::uint64_t shrunk = 0;
    std::size_t merged = 0;
    for (const auto& d : result.disagreements) {
        OrderedJson key = d.request;
        key.erase("id");
        std::string text = key.dump();
        for (const auto& field : d.fields) text += " " + field;
        BOOST_TEST(seen.insert(text).second, "told twice: " << text);
        shrunk += d.cases;
        merged += d.cases > 1 ? 1 : 0;
    }
    BOOST_TEST(shrunk == std::min<std::uint64_t>(result.disagreeing_cases, options.max_shrunk));
    return merged;
}

YearMonth month_of(const OrderedJson& request) {
    return *YearMonth::parse(request["month"].get<std::string>());
}

pajesim::Date birth_of(const OrderedJson& child) {
    return *pajesim::Date::parse(child["birth"].get<std::string>());
}

// The age limit of the hourly regime for the request's household: 6, or 12 for a single parent.
int age_limit(const OrderedJson& request) {
    const auto& limits = parameters().for_month(month_of(request)).age_limits->value;
    return request["household"]["single_parent"].get<bool>() ? limits.single_parent_years : limits.years;
}

// Whether a child of the contract has its limit birthday (6th, or 12th for a single parent) in
// the care month: the month R552-3 II 1° keeps.
bool limit_birthday_in_month(const OrderedJson& request) {
    for (const auto& index : request["contract"]["children"]) {
        const auto birth = birth_of(request["household"]["children"][index.get<std::size_t>()]);
        if (birth.plus_years(age_limit(request)).year_month() == month_of(request)) return true;
    }
    return false;
}

// One planted defect of the hourly regime, off by one month: the month of the limit birthday
// is not kept (a child of the contract whose 6th, or 12th, birthday falls in the care month is
// taken as too old). It answers for a birth a month earlier.
std::string birthday_month_lost_calculator(const std::string& input) {
    std::vector<OrderedJson> requests = requests_of(input);
    std::vector<OrderedJson> changed = requests;
    for (auto& request : changed) {
        if (!parameters().for_month(month_of(request)).hourly() || !limit_birthday_in_month(request)) continue;
        for (const auto& index : request["contract"]["children"]) {
            auto& child = request["household"]["children"][index.get<std::size_t>()];
            const auto birth = birth_of(child);
            if (birth.plus_years(age_limit(request)).year_month() != month_of(request)) continue;
            child["birth"] = birth.year_month().plus_months(-1).day_clamped(birth.day()).to_string();
        }
    }
    return lines_of(harness::oracle_answers(changed, parameters()));
}

Cents amount(const OrderedJson& value) {
    if (value.is_string()) return *Cents::parse(value.get<std::string>());
    return Cents::from_euros(value.get<std::int64_t>());
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

BOOST_AUTO_TEST_CASE(both_regimes_and_the_switch) {
    // The whole table, 2018-01 to 2026-12: diff draws the months of both regimes, 9 x 12 = 108,
    // and the switch to the hourly CMG (care month 2025-09) is an edge on both sides.
    const auto space = harness::diff_space(parameters(), YearMonth::from_civil(2018, 1),
                                           YearMonth::from_civil(2026, 12));
    BOOST_TEST(space.months.size() == 108U);
    BOOST_TEST(space.months.front().to_string() == "2018-01");
    BOOST_TEST(space.months.back().to_string() == "2026-12");
    std::set<std::string> edges;
    for (const auto& month : space.edge_months) edges.insert(month.to_string());
    // The regime switch; alternating residence from 2025-12; the indemnities left out of the
    // cap check from 2026-01; the revaluation of the cap, the reference cost and the floor on
    // 2026-04-01; the table's end.
    for (const char* month : {"2025-08", "2025-09", "2025-11", "2025-12", "2026-01", "2026-03",
                              "2026-04", "2026-12"}) {
        BOOST_TEST(edges.count(month) == 1U, month);
    }
    BOOST_TEST(edges.count("2025-10") == 0U);
    BOOST_TEST(edges.count("2026-06") == 0U);
    // The hourly months alone.
    const auto hourly = hourly_months();
    BOOST_TEST(hourly.months.size() == 16U);
    std::set<std::string> hourly_edges;
    for (const auto& month : hourly.edge_months) hourly_edges.insert(month.to_string());
    for (const char* month : {"2025-09", "2025-11", "2025-12", "2026-03", "2026-04", "2026-12"}) {
        BOOST_TEST(hourly_edges.count(month) == 1U, month);
    }
    // Draws over the switch reach both of its months, each with its regime's request.
    const auto around_switch = harness::diff_space(parameters(), YearMonth::from_civil(2025, 7),
                                                   YearMonth::from_civil(2025, 10));
    std::size_t august = 0, september = 0;
    for (std::uint64_t i = 0; i < 400; ++i) {
        const auto request = harness::generate_request(around_switch, 2, i);
        const bool hourly_month = request["month"] >= "2025-09";
        BOOST_TEST(request["contract"].contains("hours") == hourly_month);
        august += request["month"] == "2025-08" ? 1 : 0;
        september += request["month"] == "2025-09" ? 1 : 0;
    }
    BOOST_TEST(august > 100U);
    BOOST_TEST(september > 100U);
}

BOOST_AUTO_TEST_CASE(bracket_requests_are_those_of_the_first_version) {
    // The bracket generator is unchanged: from a span of bracket months, seed 42 draws the
    // request the first version of diff drew (its 5 000 first requests were compared whole).
    const auto space = harness::diff_space(parameters(), YearMonth::from_civil(2019, 1),
                                           YearMonth::from_civil(2021, 12));
    BOOST_TEST(harness::generate_request(space, 42, 0).dump() ==
               R"({"id":"case-0","month":"2019-04","household":{"single_parent":false,"resources_n2":"89452.00","children":[{"birth":"2016-04-02","aeeh":false},{"birth":"2019-03-31"}]},"contract":{"mode":"assmat","children":[0,1],"net_salary":"419.38","maintenance":"0","days":23}})");
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
            harness::read_answers(output, requests, parameters());
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
                          {"cmg_paid", "295.61"}, {"contributions_covered_rate", "1.00"},
                          {"regime", "brackets"}};
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
    expect_distinct(result, options);
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

// ---- the hourly regime (care months from 2025-09) ----------------------------------------

BOOST_AUTO_TEST_CASE(hourly_requests_are_valid_and_reach_the_edges) {
    const auto space = hourly_months();
    std::vector<OrderedJson> requests;
    for (std::uint64_t i = 0; i < 4000; ++i) requests.push_back(harness::generate_request(space, 7, i));
    BOOST_TEST(harness::generate_request(space, 7, 321) == requests[321]);
    // Valid: the oracle's own reader accepts every line (an InternalError otherwise).
    const auto answers = harness::oracle_answers(requests, parameters());
    BOOST_TEST(answers.size() == requests.size());
    std::size_t on_floor = 0, on_ceiling = 0, half_euro = 0, at_cap = 0, limit_birthday = 0,
                twelfth = 0, near_zero = 0, aeeh = 0, alternating = 0, indemnities = 0, meals = 0,
                transitional = 0, complement_capped = 0, home_carer = 0, eligible = 0;
    std::set<int> counted_children;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const OrderedJson& request = requests[i];
        const OrderedJson& answer = answers[i];
        const auto& p = parameters().for_month(month_of(request));
        const OrderedJson& contract = request["contract"];
        BOOST_TEST(answer["regime"] == "hourly");
        BOOST_TEST(contract.contains("hours"));
        BOOST_TEST(amount(contract["hours"]) <= Cents::from_euros(300));
        const bool assmat = contract["mode"] == "assmat";
        if (assmat) BOOST_TEST(contract["children"].size() == 1U);
        home_carer += assmat ? 0 : 1;
        eligible += answer["eligible"].get<bool>() ? 1 : 0;
        // Resources: R = annual / 12 rounded half-up to the euro, here in cents.
        const std::int64_t annual = amount(request["household"]["resources_n2"]).value();
        const std::int64_t monthly = (annual + 600) / 1200;
        on_floor += monthly * 100 == p.monthly_resource_floor->value.value() ? 1 : 0;
        on_ceiling += monthly * 100 == p.monthly_resource_ceiling->value.value() ? 1 : 0;
        half_euro += annual % 1200 == 600 || annual % 1200 == 599 ? 1 : 0;
        // The hourly cap: the part of the cost checked within a cent of cap x hours.
        const Cents cost = assmat ? amount(contract["net_salary"]) +
                                        (contract.contains("maintenance") ? amount(contract["maintenance"]) : Cents{0}) +
                                        (contract.contains("meals") ? amount(contract["meals"]) : Cents{0})
                                  : amount(contract["net_salary"]);
        const Cents excluded = p.indemnity_exclusion->value != pajesim::law::IndemnityExclusion::none &&
                                       contract.contains("indemnities")
                                   ? amount(contract["indemnities"]) : Cents{0};
        const Cents cap = assmat ? p.hourly_cap->value.assmat : p.hourly_cap->value.home_carer;
        const std::int64_t gap = (cost - excluded).value() * 100 - cap.value() * amount(contract["hours"]).value();
        at_cap += gap >= -100 && gap <= 100 && amount(contract["hours"]) > Cents{0} ? 1 : 0;
        if (limit_birthday_in_month(request)) {
            ++limit_birthday;
            twelfth += request["household"]["single_parent"].get<bool>() ? 1 : 0;
        }
        // The zero-CMG threshold: R within a euro of Cref / effort rate.
        if (answer["eligible"].get<bool>()) {
            const auto rate = *pajesim::Ratio::parse_decimal(answer["effort_rate"].get<std::string>());
            const auto r = std::stoll(answer["resources_monthly"].get<std::string>());
            const auto cref = *pajesim::Ratio::parse_decimal(answer["reference_cost"].get<std::string>());
            // |R x rate / 100 - Cref| < rate / 100, in integers: rate = a / b, Cref = c / d.
            const std::int64_t left = static_cast<std::int64_t>(r) * rate.numerator() * cref.denominator() -
                                  static_cast<std::int64_t>(100) * rate.denominator() * cref.numerator();
            const std::int64_t bound = static_cast<std::int64_t>(rate.numerator()) * cref.denominator();
            near_zero += left > -bound && left < bound ? 1 : 0;
        }
        int counted = 0;
        const auto first_day = month_of(request).first_day();
        for (const auto& child : request["household"]["children"]) {
            const auto birth = birth_of(child);
            if (birth < first_day && birth.plus_years(20) > first_day) ++counted;
            aeeh += child.value("aeeh", false) ? 1 : 0;
            alternating += child.contains("alternating") ? 1 : 0;
            if (child.contains("alternating")) BOOST_TEST(request["month"] >= "2025-12");
        }
        counted_children.insert(counted);
        indemnities += contract.contains("indemnities") ? 1 : 0;
        if (contract.contains("indemnities")) BOOST_TEST(amount(contract["indemnities"]) <= amount(contract["net_salary"]));
        meals += contract.contains("meals") ? 1 : 0;
        if (request.contains("transitional")) {
            ++transitional;
            // The complement's 90 % cap binding: paid = 90 % x net - CMG, less than old - new.
            const Cents net = amount(contract["net_salary"]);
            const Cents room = Cents{(net.value() * 9 + 5) / 10} - amount(answer["cmg_remuneration"]);
            const Cents fixed = amount(request["transitional"]["old_average"]) - amount(request["transitional"]["new_average"]);
            const Cents paid = amount(answer["transitional_paid"]);
            complement_capped += paid > Cents{0} && paid == room && fixed >= room ? 1 : 0;
        }
    }
    BOOST_TEST_MESSAGE("4000 hourly requests: floor " << on_floor << ", ceiling " << on_ceiling << ", .50 rounding "
                       << half_euro << ", hourly cap " << at_cap << ", limit birthday " << limit_birthday << " (12th "
                       << twelfth << "), zero-CMG threshold " << near_zero << ", complement at its 90 % cap "
                       << complement_capped << ", eligible " << eligible);
    BOOST_TEST(on_floor > 300U);
    BOOST_TEST(on_ceiling > 300U);
    BOOST_TEST(half_euro > 500U);
    BOOST_TEST(at_cap > 500U);
    BOOST_TEST(limit_birthday > 300U);
    BOOST_TEST(twelfth > 100U);
    BOOST_TEST(near_zero > 100U);
    BOOST_TEST(complement_capped > 30U);
    BOOST_TEST(aeeh > 500U);
    BOOST_TEST(alternating > 300U);
    BOOST_TEST(indemnities > 500U);
    BOOST_TEST(meals > 1000U);
    BOOST_TEST(transitional > 700U);
    BOOST_TEST(home_carer > 800U);
    BOOST_TEST(eligible > 2000U);
    for (int n = 1; n <= 11; ++n) BOOST_TEST(counted_children.count(n) == 1U, n << " children counted");
}

BOOST_AUTO_TEST_CASE(hourly_answers_are_read_by_their_regime) {
    const auto space = hourly_months();
    std::vector<OrderedJson> requests;
    for (std::uint64_t i = 0; i < 3; ++i) requests.push_back(harness::generate_request(space, 1, i));
    const auto good = harness::oracle_answers(requests, parameters());
    const auto refusal = [&](const std::vector<OrderedJson>& answers) -> std::string {
        try {
            harness::read_answers(lines_of(answers), requests, parameters());
        } catch (const harness::CalculatorBroke& broke) {
            return broke.what();
        }
        return "accepted";
    };
    BOOST_TEST(refusal(good) == "accepted");
    // bracket and cmg_max are not compared in the hourly regime: a calculator may leave them out.
    auto without_brackets = good;
    for (auto& answer : without_brackets) {
        answer.erase("bracket");
        answer.erase("cmg_max");
        answer.erase("reason");
    }
    BOOST_TEST(refusal(without_brackets) == "accepted");
    auto missing = good;
    missing[1].erase("effort_rate");
    BOOST_TEST(refusal(missing) == "output line 2: missing field \"effort_rate\" (compared for care month " +
                                       requests[1]["month"].get<std::string>() + ", of the hourly regime)");
    auto bad_regime = good;
    bad_regime[0]["regime"] = "hourly regime";
    BOOST_TEST(refusal(bad_regime).find("output line 1: field \"regime\" is not \"brackets\" or \"hourly\"") == 0U);
    auto bad_rate = good;
    bad_rate[2]["contributions_covered_rate"] = "88.9 %";
    BOOST_TEST(refusal(bad_rate).find("output line 3: field \"contributions_covered_rate\" is not a decimal") == 0U);
}

BOOST_AUTO_TEST_CASE(hourly_fields_compare_as_decimals) {
    OrderedJson oracle = {{"eligible", true}, {"bracket", nullptr}, {"cmg_max", nullptr},
                          {"cmg_remuneration", "531.17"}, {"crds", "0.00"}, {"cmg_paid", "531.17"},
                          {"contributions_covered_rate", "0.888889"}, {"reason", nullptr},
                          {"regime", "hourly"}, {"resources_monthly", "3500"}, {"effort_rate", "0.0619"},
                          {"cost_retained", "960.00"}, {"reference_cost", "4.85"}, {"transitional_paid", "0.00"}};
    OrderedJson calculator = oracle;
    calculator["contributions_covered_rate"] = 0.888889;
    calculator["effort_rate"] = 0.0619;
    calculator["resources_monthly"] = "3500.00";
    calculator["cost_retained"] = 960;
    calculator["crds"] = 0;
    calculator["bracket"] = 3;  // not compared in the hourly regime
    BOOST_TEST(harness::differing_fields(oracle, calculator).empty());
    calculator["contributions_covered_rate"] = "0.89";
    calculator["effort_rate"] = 6.19e-05;  // a fraction, not a percentage
    calculator["regime"] = "brackets";
    BOOST_TEST(harness::differing_fields(oracle, calculator) ==
               (std::vector<std::string>{"regime", "effort_rate", "contributions_covered_rate"}));
}

BOOST_AUTO_TEST_CASE(the_oracle_agrees_with_itself_in_both_regimes) {
    harness::DiffOptions options;
    options.seed = 3;
    options.cases = 3000;
    const auto space = harness::diff_space(parameters(), YearMonth::from_civil(2024, 1),
                                           YearMonth::from_civil(2026, 12));
    const auto result = harness::run_diff(space, options, oracle_calculator);
    BOOST_TEST(result.cases == 3000U);
    BOOST_TEST(result.disagreeing_cases == 0U);
}

BOOST_AUTO_TEST_CASE(a_birthday_month_defect_is_found_and_shrunk) {
    harness::DiffOptions options;
    options.seed = 5;
    options.cases = 3000;
    const auto result = harness::run_diff(hourly_months(), options, birthday_month_lost_calculator);
    BOOST_TEST(result.disagreeing_cases > 50U);
    BOOST_TEST(!result.disagreements.empty());
    for (const auto& d : result.disagreements) {
        const OrderedJson& request = d.request;
        BOOST_TEST(limit_birthday_in_month(request), request.dump());
        BOOST_TEST(d.fields.front() == "eligible");
        BOOST_TEST(d.oracle["eligible"] == true);
        BOOST_TEST(d.calculator["eligible"] == false);
        // Shrunk: the defect needs none of the amounts nor the optional keys.
        BOOST_TEST(request["household"]["children"].size() <= d.original_request["household"]["children"].size());
        BOOST_TEST(request["contract"]["net_salary"] == "0.00");
        BOOST_TEST(amount(request["contract"]["hours"]) == Cents{0});
        BOOST_TEST(request["household"]["resources_n2"] == "0.00");
        for (const char* key : {"maintenance", "meals", "indemnities", "days"}) {
            BOOST_TEST(!request["contract"].contains(key), key);
        }
        BOOST_TEST(!request.contains("transitional"));
        BOOST_TEST(d.shrink_steps > 0U);
    }
    // Many of the 50 cases shrunk reach the same minimal request: they are told once.
    BOOST_TEST(expect_distinct(result, options) > 0U);
    BOOST_TEST(result.disagreements.size() < options.max_shrunk);
}

BOOST_AUTO_TEST_CASE(hourly_shrink_candidates_are_valid_requests) {
    const auto space = harness::diff_space(parameters(), YearMonth::from_civil(2025, 6),
                                           YearMonth::from_civil(2026, 12));
    std::size_t hourly = 0;
    for (std::uint64_t i = 0; i < 600; ++i) {
        auto request = harness::generate_request(space, 13, i);
        hourly += request.contains("transitional") || request["contract"].contains("hours") ? 1 : 0;
        // Shrink a few steps deep, as a calculator that disagrees on everything would.
        for (int depth = 0; depth < 3; ++depth) {
            const auto candidates = harness::shrink_candidates(request, parameters());
            BOOST_TEST(harness::oracle_answers(candidates, parameters()).size() == candidates.size());
            for (const auto& candidate : candidates) {
                BOOST_TEST(candidate != request);
                if (request["contract"].contains("hours")) BOOST_TEST(candidate["contract"].contains("hours"));
            }
            if (candidates.empty()) break;
            request = candidates[i % candidates.size()];
        }
    }
    BOOST_TEST(hourly > 300U);
}
