// Reports for people: report.html is well-formed and self-contained, its charts have a point
// per month, text from scenario files is escaped, months.csv has a row per month, and
// `pajesim compare` on two known runs gives the expected table.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/cli/cli.hpp"
#include "harness/runner/check.hpp"
#include "reports/compare.hpp"
#include "reports/html_report.hpp"
#include "reports/junit.hpp"
#include "reports/run_report.hpp"

using namespace pajesim;
namespace fs = std::filesystem;

namespace {

const std::string hostile = "<script>alert(\"x\")</script> & 'quotes' </table>";

std::unique_ptr<harness::RunOutcome> small_run() {
    const nlohmann::json scenario{
        {"name", "reports"},
        {"description", hostile},
        {"period", {{"from", "2019-01"}, {"to", "2019-12"}}},
        {"seed", 5},
        {"population", {{"families", 200}}},
        {"faults", nlohmann::json::array({{{"kind", "rights_link_missing"}, {"messages", "bulk"}, {"share", "0.2"},
                                           {"window", {{"from", "2019-04-01"}, {"to", "2019-06-01"}}}}})}};
    return harness::run_json(scenario, "reports.json", model::TestBreaks{});
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

fs::path scratch(const std::string& name) {
    const fs::path folder = fs::temp_directory_path() / ("pajesim-reports-test-" + name);
    fs::remove_all(folder);
    fs::create_directories(folder);
    return folder;
}

std::string read(const fs::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Parses the file as XML with Python's expat-based parser: report.html is XHTML-compatible.
bool well_formed(const fs::path& file) {
    const std::string command =
        "python3 -c \"import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])\" '" + file.string() + "'";
    return std::system(command.c_str()) == 0;
}

// "1234.56" (report.json's money) in cents.
std::int64_t cents_of(const nlohmann::json& money) {
    std::string text = money.get<std::string>();
    text.erase(std::remove(text.begin(), text.end(), '.'), text.end());
    return std::stoll(text);
}

// A count scaled from the run's families to the national population, rounded half-up to a
// whole family: (count x national + families / 2) / families, in integers.
std::int64_t scaled_half_up(std::int64_t count, std::int64_t national, std::int64_t families) {
    return (2 * count * national + families) / (2 * families);
}

}  // namespace

BOOST_AUTO_TEST_CASE(report_html_is_well_formed_and_self_contained) {
    const auto run = small_run();
    const std::string html = reports::report_html(*run, "pajesim run reports.json --seed 5");
    const fs::path file = scratch("html") / "report.html";
    std::ofstream(file) << html;
    BOOST_TEST(well_formed(file));
    // Nothing fetched: one inline script (the register's table), no external script,
    // stylesheet, font or image.
    BOOST_TEST(count(html, "<script") == 1u);
    BOOST_TEST(html.find("<script src") == std::string::npos);
    BOOST_TEST(html.find("http://") == html.find("http://www.w3.org/2000/svg"));
    BOOST_TEST(html.find("https://") == std::string::npos);
    BOOST_TEST(html.find("<link") == std::string::npos);
    BOOST_TEST(html.find("families affected") != std::string::npos);
    BOOST_TEST(html.find("pajesim run reports.json --seed 5") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(charts_have_one_point_per_month_and_shade_the_fault_windows) {
    const auto run = small_run();
    const std::string html = reports::report_html(*run, "replay");
    // Monthly charts: arrears and affected (2 series), owed / overpaid / wrong (3), money owed
    // and overpaid (2), backlog and staff (2), paid vs owed (2): 11 series of 12 points (one per
    // care month); and the register's daily charts, one point per day of the run.
    const std::size_t days = run->affected.days.size();
    BOOST_TEST(days > 365u);  // from 2019-01-01 to the last day with an event, after 2019
    std::size_t monthly = 0;
    std::size_t daily = 0;
    std::size_t at = 0;
    while ((at = html.find("points=\"", at)) != std::string::npos) {
        const std::size_t end = html.find('"', at + 8);
        const std::string points = html.substr(at + 8, end - at - 8);
        const std::size_t pairs = count(points, ",");  // one "x,y" per point
        monthly += pairs == 12u ? 1 : 0;
        daily += pairs == days ? 1 : 0;
        BOOST_TEST((pairs == 12u || pairs == days));
        at = end;
    }
    BOOST_TEST(monthly + daily == count(html, "<polyline"));
    BOOST_TEST(monthly >= 7u);
    BOOST_TEST(daily >= 2u);
    // One band per chart for the one fault.
    BOOST_TEST(count(html, "class=\"fault\"") == count(html, "class=\"chart\""));
}

BOOST_AUTO_TEST_CASE(text_from_scenario_files_is_escaped) {
    const auto run = small_run();
    const std::string html = reports::report_html(*run, hostile);
    BOOST_TEST(html.find(hostile) == std::string::npos);
    BOOST_TEST(html.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;quotes&apos; &lt;/table&gt;") !=
               std::string::npos);
    BOOST_TEST(reports::xml_escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&apos;");
}

BOOST_AUTO_TEST_CASE(months_csv_has_a_row_per_month) {
    const auto run = small_run();
    const std::string csv = reports::months_csv(*run);
    BOOST_TEST(count(csv, "\n") == 13u);  // header + 12 months
    BOOST_TEST(csv.rfind("month,families,declarations,", 0) == 0u);
    BOOST_TEST(csv.find("\n2019-12,") != std::string::npos);
    // Each column holds the figure of its name: the same as report.json's month of that name
    // (money in euros there, "1234.56"; in the CSV too), for every column both have.
    const nlohmann::json report = nlohmann::json::parse(reports::report_json(*run));
    std::istringstream lines(csv);
    std::string header;
    std::getline(lines, header);
    const auto split = [](const std::string& text) {
        std::vector<std::string> cells;
        std::istringstream in(text);
        for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
        return cells;
    };
    const std::vector<std::string> names = split(header);
    std::size_t compared = 0;
    std::size_t nonzero = 0;
    std::string row;
    for (std::size_t m = 0; std::getline(lines, row); ++m) {
        const std::vector<std::string> cells = split(row);
        BOOST_TEST_REQUIRE(cells.size() == names.size());
        const nlohmann::json& month = report.at("months").at(m);
        for (std::size_t k = 0; k < names.size(); ++k) {
            if (!month.contains(names[k]) || month.at(names[k]).is_null()) continue;
            const nlohmann::json& value = month.at(names[k]);
            const std::string expected = value.is_string() ? value.get<std::string>() : value.dump();
            BOOST_TEST(cells[k] == expected, names[k] << " of month " << m);
            ++compared;
            nonzero += expected != "0" && expected != "0.00" ? 1 : 0;
        }
    }
    BOOST_TEST(compared > 12u * 20u);
    BOOST_TEST(nonzero > 12u * 5u);
}

BOOST_AUTO_TEST_CASE(compare_ranks_two_known_runs) {
    const fs::path folder = scratch("compare");
    // Two finished runs, with figures chosen by hand: B affects fewer families than A.
    const auto write_run = [&](const std::string& name, int affected, const char* peak, int delay) {
        fs::create_directories(folder / name);
        const nlohmann::json report{
            {"scenario", {{"name", name}}},
            {"seed", 3},
            {"population", {{"families", 100}}},
            {"national_estimate", {{"national_families", 1000}}},
            {"totals", {{"families_affected", affected}, {"money_owed_peak", peak}, {"longest_delay_days", delay},
                        {"families_still_owed_at_end", 2}, {"family_days_in_arrears", 100}, {"calls", 7},
                        {"advances_recovered_before_payment", 1}, {"families_overpaid_peak", 3},
                        {"money_overpaid_peak", "50.00"}, {"carers_unpaid_peak", 4}}}};
        std::ofstream(folder / name / "report.json") << report.dump();
    };
    write_run("option-a", 40, "1234.56", 90);
    write_run("option-b", 25, "999.99", 120);
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    const int code = cli::run_cli({"compare", (folder / "option-a").string(), (folder / "option-b").string(),
                                   "--out", (folder / "result").string(), "--quiet"},
                                  in, out, err);
    BOOST_REQUIRE_EQUAL(code, 0);
    const std::string expected =
        "rank,option,seeds,families_affected_mean,families_affected_low_5,families_affected_high_95,"
        "money_owed_peak_mean,money_owed_peak_low_5,money_owed_peak_high_95,longest_delay_days_mean,"
        "families_still_owed_at_end_mean,family_days_in_arrears_mean,calls_mean,"
        "advances_recovered_before_payment_mean,families_affected_national_estimate_mean,"
        "families_affected_national_estimate_low_5,families_affected_national_estimate_high_95,"
        "families_still_owed_at_end_national_estimate_mean,families_overpaid_peak_mean,"
        "families_overpaid_peak_national_estimate_mean,money_overpaid_peak_mean,carers_unpaid_peak_mean,"
        "carers_unpaid_peak_national_estimate_mean,families_in_hardship_peak_mean,calls_lost_mean,"
        "promises_kept_share_mean,promises_kept_share_low_5,promises_kept_share_high_95\n"
        // National estimates: each count x 1000 national families / 100 simulated = x 10. The
        // reports have no figures of the response (an earlier version's): 0, and no promise.
        "1,option-b,1,25.0,25.0,25.0,999.99,999.99,999.99,120.0,2.0,100.0,7.0,1.0,250.0,250.0,250.0,20.0,3.0,30.0,"
        "50.00,4.0,40.0,0.0,0.0,,,\n"
        "2,option-a,1,40.0,40.0,40.0,1234.56,1234.56,1234.56,90.0,2.0,100.0,7.0,1.0,400.0,400.0,400.0,20.0,3.0,30.0,"
        "50.00,4.0,40.0,0.0,0.0,,,\n";
    BOOST_TEST(read(folder / "result" / "compare.csv") == expected);
    BOOST_TEST(well_formed(folder / "result" / "compare.html"));
    const auto json = nlohmann::json::parse(read(folder / "result" / "compare.json"));
    BOOST_TEST(json["options"][0]["option"] == "option-b");
}

// Equal on families affected, money owed and delay, options are ranked by the share of promises
// kept, then by calls lost; their month-end curves are drawn together (one line each).
BOOST_AUTO_TEST_CASE(compare_breaks_ties_by_promises_then_calls_lost) {
    const fs::path folder = scratch("compare-ties");
    const auto write_run = [&](const std::string& name, int kept, int broken, int lost) {
        fs::create_directories(folder / name);
        nlohmann::json months = nlohmann::json::array();
        for (int m = 1; m <= 3; ++m) {
            months.push_back({{"month", "2019-0" + std::to_string(m)}, {"families_in_arrears", m * kept},
                              {"money_owed", std::to_string(m * 10) + ".00"}});
        }
        const nlohmann::json report{
            {"scenario", {{"name", name}}},
            {"seed", 3},
            {"population", {{"families", 100}}},
            {"national_estimate", {{"national_families", 1000}}},
            {"months", months},
            {"totals", {{"families_affected", 10}, {"money_owed_peak", "30.00"}, {"longest_delay_days", 40},
                        {"families_still_owed_at_end", 0}, {"family_days_in_arrears", 100}, {"calls", 7},
                        {"advances_recovered_before_payment", 0}, {"families_overpaid_peak", 0},
                        {"money_overpaid_peak", "0.00"}, {"carers_unpaid_peak", 0}, {"promises_kept", kept},
                        {"promises_broken", broken}, {"calls_lost", lost}}}};
        std::ofstream(folder / name / "report.json") << report.dump();
    };
    write_run("few-kept", 1, 9, 0);     // 10 % kept
    write_run("many-lost", 9, 1, 50);   // 90 % kept, 50 calls lost
    write_run("few-lost", 9, 1, 5);     // 90 % kept, 5 calls lost
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    const int code = cli::run_cli({"compare", (folder / "few-kept").string(), (folder / "many-lost").string(),
                                   (folder / "few-lost").string(), "--out", (folder / "result").string()},
                                  in, out, err);
    BOOST_REQUIRE_EQUAL(code, 0);
    const auto json = nlohmann::json::parse(read(folder / "result" / "compare.json"));
    BOOST_TEST(json["options"][0]["option"] == "few-lost");
    BOOST_TEST(json["options"][1]["option"] == "many-lost");
    BOOST_TEST(json["options"][2]["option"] == "few-kept");
    BOOST_TEST(json["options"][2]["promises_kept_share"]["mean"] == "0.100");
    // The terminal shows the ranking, one line per option in rank order.
    const std::string text = out.str();
    BOOST_TEST(text.find("few-lost") < text.find("many-lost"));
    BOOST_TEST(text.find("many-lost") < text.find("few-kept"));
    const std::string html = read(folder / "result" / "compare.html");
    BOOST_TEST(well_formed(folder / "result" / "compare.html"));
    std::size_t lines = 0;
    for (std::size_t at = html.find("<polyline"); at != std::string::npos; at = html.find("<polyline", at + 1)) ++lines;
    BOOST_TEST(lines == 6u);  // two charts (families in arrears, money owed), three options each
}

BOOST_AUTO_TEST_CASE(reports_are_byte_identical_for_the_same_run) {
    const auto first = small_run();
    const auto second = small_run();
    BOOST_TEST(reports::report_html(*first, "r") == reports::report_html(*second, "r"));
    BOOST_TEST(reports::months_csv(*first) == reports::months_csv(*second));
}

// The report's peaks and national estimates follow their definitions (docs/report-format.md):
// money_owed_peak is the largest month-end figure, not a sum; a national estimate is the run's
// count x national families / simulated families, rounded half-up. 150 families scaled to 1 000
// make every count not a multiple of 3 fall between two whole families.
BOOST_AUTO_TEST_CASE(report_peaks_and_national_estimates_follow_their_definitions) {
    const nlohmann::json scenario{
        {"name", "figures"},
        {"period", {{"from", "2019-01"}, {"to", "2019-12"}}},
        {"seed", 11},
        {"population", {{"families", 150}, {"national_families", 1000}}},
        {"faults", nlohmann::json::array({{{"kind", "rights_link_missing"}, {"messages", "bulk"}, {"share", "0.3"},
                                           {"window", {{"from", "2019-04-01"}, {"to", "2019-06-01"}}}}})}};
    const auto run = harness::run_json(scenario, "figures.json", model::TestBreaks{});
    const nlohmann::json report = nlohmann::json::parse(reports::report_json(*run));

    std::int64_t peak = 0;
    int months_owing = 0;
    for (const nlohmann::json& month : report.at("months")) {
        const std::int64_t owed = cents_of(month.at("money_owed"));
        peak = std::max(peak, owed);
        months_owing += owed > 0 ? 1 : 0;
    }
    BOOST_REQUIRE_GE(months_owing, 2);  // a sum and a maximum differ
    BOOST_TEST(cents_of(report.at("totals").at("money_owed_peak")) == peak);

    const nlohmann::json& national = report.at("national_estimate");
    BOOST_TEST(national.at("national_families").get<std::int64_t>() == 1000);
    const auto scaled = [](const nlohmann::json& count) {
        return scaled_half_up(count.get<std::int64_t>(), 1000, 150);
    };
    BOOST_TEST(national.at("families_affected").get<std::int64_t>() ==
               scaled(report.at("totals").at("families_affected")));
    BOOST_TEST(national.at("families_still_owed_at_end").get<std::int64_t>() ==
               scaled(report.at("totals").at("families_still_owed_at_end")));
    bool some_rounded_up = false;
    for (std::size_t m = 0; m < report.at("months").size(); ++m) {
        const nlohmann::json& run_month = report.at("months").at(m);
        const nlohmann::json& estimate = national.at("months").at(m);
        BOOST_TEST(estimate.at("families_in_arrears").get<std::int64_t>() ==
                   scaled(run_month.at("families_in_arrears")));
        BOOST_TEST(estimate.at("families_affected").get<std::int64_t>() ==
                   scaled(run_month.at("families_affected")));
        for (const char* count : {"families_in_arrears", "families_affected"}) {
            some_rounded_up = some_rounded_up || run_month.at(count).get<std::int64_t>() % 3 == 1;
        }
    }
    BOOST_TEST(some_rounded_up);  // 1 family is 6.67, rounded up to 7: truncation would show
}

// The nearest-rank percentile (compare.hpp): the smallest value with at least p of the values
// at or below it, the ceil(p x n)-th. Of 13 values the 95th percentile is the 13th (0.95 x 13
// = 12.35), the 5th the 1st (0.65); of 20, the 19th and the 1st; one value is all three.
BOOST_AUTO_TEST_CASE(percentiles_are_nearest_rank) {
    std::vector<double> thirteen;
    for (int k = 13; k >= 1; --k) thirteen.push_back(k);  // given in any order
    const reports::Summary of_thirteen = reports::summarise(thirteen);
    BOOST_TEST(of_thirteen.high == 13.0);
    BOOST_TEST(of_thirteen.low == 1.0);
    BOOST_TEST(of_thirteen.mean == 7.0);
    std::vector<double> twenty;
    for (int k = 1; k <= 20; ++k) twenty.push_back(k * 10);
    BOOST_TEST(reports::summarise(twenty).high == 190.0);
    BOOST_TEST(reports::summarise(twenty).low == 10.0);
    const reports::Summary one = reports::summarise({4.5});
    BOOST_TEST((one.low == 4.5 && one.high == 4.5 && one.mean == 4.5));
}

// JUnit XML (the junit.hpp contract, docs/suite.md): a scenario whose expectations failed is a
// <testcase> holding a <failure> with every reason and the replay command; one that could not
// be run holds an <error>; a scenario that passed is an empty <testcase/>. The counts on the
// suite are those of the cases, one each here.
BOOST_AUTO_TEST_CASE(junit_xml_marks_failures_and_errors) {
    const std::vector<reports::SuiteCase> cases{
        {"passes", "passes.json", false, {}, "pajesim run passes.json"},
        {"fails", "fails.json", false, {"too many families affected", "an invariant violated"},
         "pajesim run fails.json --seed 7"},
        {"broken", "broken.json", true, {"broken.json: /seed: expected a whole number"}, ""}};
    const std::string xml = reports::junit_xml("scenarios", cases);
    BOOST_TEST(xml.find("<testsuite name=\"scenarios\" tests=\"3\" failures=\"1\" errors=\"1\">") !=
               std::string::npos, xml);
    BOOST_TEST(xml.find("<testcase classname=\"scenarios\" name=\"passes\" file=\"passes.json\"/>") !=
               std::string::npos, xml);
    const std::size_t fails = xml.find("name=\"fails\"");
    const std::size_t broken = xml.find("name=\"broken\"");
    BOOST_TEST_REQUIRE(fails != std::string::npos);
    BOOST_TEST_REQUIRE(broken != std::string::npos);
    const std::string failed_case = xml.substr(fails, broken - fails);
    BOOST_TEST(count(failed_case, "<failure message=\"too many families affected\">") == 1u, failed_case);
    BOOST_TEST(failed_case.find("an invariant violated") != std::string::npos, failed_case);
    BOOST_TEST(failed_case.find("replay: pajesim run fails.json --seed 7") != std::string::npos, failed_case);
    BOOST_TEST(failed_case.find("</testcase>") != std::string::npos, failed_case);
    const std::string broken_case = xml.substr(broken);
    BOOST_TEST(count(broken_case, "<error message=") == 1u, broken_case);
    BOOST_TEST(count(xml, "<failure") == 1u);
    BOOST_TEST(count(xml, "<error") == 1u);
}

// totals.promises_kept_share is kept / (kept + broken) as a string of 3 decimals rounded half up
// (report-format.md): 2 of 3 is "0.667" (truncated, "0.666"), 1 of 2 000 is "0.001" (exactly
// half a thousandth), 5 of 8 is exact; with no promise settled it is null. The months' counts
// are set by hand; the totals are their sums.
BOOST_AUTO_TEST_CASE(promises_kept_share_is_rounded_half_up) {
    auto run = small_run();
    std::vector<model::MonthFigures>& months = run->result.months;
    BOOST_TEST_REQUIRE(months.size() >= 2u);
    const auto share = [&](std::uint32_t kept, std::uint32_t broken) {
        for (model::MonthFigures& month : months) month.promises_kept = month.promises_broken = 0;
        months[1].promises_kept = kept;
        months[1].promises_broken = broken;
        const nlohmann::json report = nlohmann::json::parse(reports::report_json(*run));
        BOOST_TEST(report.at("totals").at("promises_kept").get<std::uint32_t>() == kept);
        return report.at("totals").at("promises_kept_share");
    };
    BOOST_TEST(share(2, 1) == "0.667");
    BOOST_TEST(share(1, 1999) == "0.001");
    BOOST_TEST(share(5, 3) == "0.625");
    BOOST_TEST(share(0, 0).is_null());
}

// totals.families_paid_wrongly counts the families with at least one month paid otherwise than
// the law says, at the run's end: the rows of families.csv that name a first month wrong. Rights
// missing from the initial transfer, which lands on the period's first day, leave families
// unpaid from the first month (the month at index 0 counts like any other); a family whose
// CMG paid over the run differs from what it was owed has some month wrong.
BOOST_AUTO_TEST_CASE(families_paid_wrongly_counts_every_family_with_a_month_wrong_the_first_one_included) {
    const nlohmann::json scenario{
        {"name", "paid-wrongly"},
        {"period", {{"from", "2019-06"}, {"to", "2019-09"}}},
        {"seed", 11},
        {"population", {{"families", 150}}},
        {"faults", nlohmann::json::array({{{"kind", "rights_link_missing"}, {"messages", "bulk"}, {"share", "0.3"},
                                           {"window", {{"from", "2019-05-01"}, {"to", "2019-07-01"}}}}})}};
    const auto run = harness::run_json(scenario, "paid-wrongly.json", model::TestBreaks{});
    const nlohmann::json report = nlohmann::json::parse(reports::report_json(*run));
    std::istringstream csv(reports::families_csv(*run));
    std::string line;
    std::getline(csv, line);
    BOOST_REQUIRE(line == "family,caf,mode,months_declared,cmg_owed,cmg_paid,largest_arrears,first_month_wrong,"
                          "last_month_wrong");
    std::int64_t wrong = 0;
    std::int64_t wrong_from_the_first_month = 0;
    std::int64_t paid_otherwise_in_sum = 0;
    while (std::getline(csv, line)) {
        std::vector<std::string> cells;
        std::stringstream row(line);
        for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
        if (!line.empty() && line.back() == ',') cells.emplace_back();
        BOOST_REQUIRE(cells.size() == 9u);
        const bool month_wrong = !cells[7].empty();
        wrong += month_wrong ? 1 : 0;
        wrong_from_the_first_month += cells[7] == "2019-06" ? 1 : 0;
        if (cells[4] != cells[5]) {
            ++paid_otherwise_in_sum;
            BOOST_TEST(month_wrong, "family " << cells[0] << " owed " << cells[4] << ", paid " << cells[5]);
        }
    }
    BOOST_TEST(wrong_from_the_first_month > 0);
    BOOST_TEST(paid_otherwise_in_sum > 0);
    BOOST_TEST(report.at("totals").at("families_paid_wrongly").get<std::int64_t>() == wrong);
}

// report.json is the 2-space dump of its own document, dossiers included (they are written into
// the text one at a time): parsing it and dumping it again gives the same bytes. The run's most
// harmed families have dossiers, with events, money and months, so the check covers them.
BOOST_AUTO_TEST_CASE(report_json_is_its_own_document_dumped_dossiers_included) {
    const nlohmann::json scenario{
        {"name", "dossiers"},
        {"period", {{"from", "2019-01"}, {"to", "2019-12"}}},
        {"seed", 5},
        {"population", {{"families", 150}}},
        {"faults", nlohmann::json::array({{{"kind", "rights_link_missing"}, {"messages", "bulk"}, {"share", "0.3"},
                                           {"window", {{"from", "2019-04-01"}, {"to", "2019-06-01"}}}}})}};
    harness::RunRequest request;
    request.dossiers_of_most_harmed = 4;
    const auto run = harness::run_scenario(model::scenario_from_json(scenario, "dossiers.json", "."), request);
    const std::string text = reports::report_json(*run);
    const nlohmann::ordered_json document = nlohmann::ordered_json::parse(text);
    BOOST_TEST(text == document.dump(2) + "\n");
    const nlohmann::ordered_json& dossiers = document.at("dossiers");
    BOOST_REQUIRE_EQUAL(dossiers.size(), 4u);
    for (const nlohmann::ordered_json& dossier : dossiers) {
        BOOST_TEST(!dossier.at("events").empty());
        BOOST_TEST(dossier.at("months").size() >= 1u);
    }
    // The report's first and last keys around them are where they were.
    BOOST_TEST(document.begin().key() == "format");
    BOOST_TEST(std::prev(document.end()).key() == "ledger");

    // No dossier: an empty array, as the document dumps it.
    request.dossiers_of_most_harmed = 0;
    const auto none = harness::run_scenario(model::scenario_from_json(scenario, "dossiers.json", "."), request);
    const std::string bare = reports::report_json(*none);
    BOOST_TEST(bare == nlohmann::ordered_json::parse(bare).dump(2) + "\n");
    BOOST_TEST(bare.find("\n  \"dossiers\": [],\n") != std::string::npos);
}
