// `pajesim entitlement` as a product: the output lines, --explain, and bad input (exit 2,
// nothing on standard output, the line number, JSON path and reason on standard error).
// Most cases call run_cli with string streams; two run the real binary.

#include <boost/test/unit_test.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/cli/cli.hpp"

namespace {

std::string parameters_path() {
    return std::string(PAJESIM_SOURCE_DIR) + "/scenarios/params/cmg-2018-2026.json";
}

struct CliResult {
    int exit_code;
    std::string out;
    std::string err;
};

CliResult run(std::vector<std::string> arguments, const std::string& input) {
    arguments.insert(arguments.begin(), "entitlement");
    arguments.push_back("--params");
    arguments.push_back(parameters_path());
    std::istringstream in(input);
    std::ostringstream out;
    std::ostringstream err;
    const int exit_code = pajesim::cli::run_cli(arguments, in, out, err);
    return CliResult{exit_code, out.str(), err.str()};
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream stream(text);
    for (std::string line; std::getline(stream, line);) lines.push_back(line);
    return lines;
}

// domain.md section 3, worked check: 2019-06, couple, 1 child aged 1, resources 30 000,
// assmat net 600 -> bracket 2, 413.16 x 71.91 % = 297.10, CRDS 1.4855 -> 1.49, paid 295.61.
const std::string worked_check_input =
    R"({"id":"c1","month":"2019-06","household":{"single_parent":false,)"
    R"("resources_n2":30000,"children":[{"birth":"2018-05-10"}]},)"
    R"("contract":{"mode":"assmat","children":[0],"net_salary":600,"days":20}})";

const std::string worked_check_output =
    R"({"id":"c1","eligible":true,"bracket":2,"cmg_max":"297.10","cmg_remuneration":"297.10",)"
    R"("crds":"1.49","cmg_paid":"295.61","contributions_covered_rate":"1.00","reason":null,)"
    R"("regime":"brackets"})";  // 2019-06 is before the hourly CMG (care from 2025-09)

// The worked check with one member replaced: `pointer` is a JSON pointer into the request.
std::string with(const std::string& pointer, const nlohmann::json& value) {
    nlohmann::json request = nlohmann::json::parse(worked_check_input);
    request[nlohmann::json::json_pointer(pointer)] = value;
    return request.dump();
}

std::string without(const std::string& parent, const std::string& key) {
    nlohmann::json request = nlohmann::json::parse(worked_check_input);
    request[nlohmann::json::json_pointer(parent)].erase(key);
    return request.dump();
}

// Bad input: exit 2, nothing on stdout, and stderr names "<where>: <json path>: <reason>".
void check_bad_input(const CliResult& result, const std::string& where,
                     const std::string& json_path, const std::string& reason_part) {
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(result.err.find(where + ": " + json_path + ": ") != std::string::npos,
               "stderr: " << result.err);
    BOOST_TEST(result.err.find(reason_part) != std::string::npos, "stderr: " << result.err);
}

// A file in the temporary directory, removed at the end of the test.
class TemporaryFile {
public:
    TemporaryFile(const std::string& name, const std::string& content)
        : path_(std::filesystem::temp_directory_path() /
                ("pajesim_" + std::to_string(::getpid()) + "_" + name)) {
        std::ofstream file(path_, std::ios::binary);
        file << content;
    }
    ~TemporaryFile() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;

    std::string path() const { return path_.string(); }
    std::string content() const {
        std::ifstream file(path_, std::ios::binary);
        std::ostringstream text;
        text << file.rdbuf();
        return text.str();
    }

private:
    std::filesystem::path path_;
};

// Runs the real binary with stdout and stderr sent to files; returns its exit status.
CliResult run_binary(const std::string& input_path, const std::string& name) {
    const TemporaryFile out(name + ".out", "");
    const TemporaryFile err(name + ".err", "");
    const std::string command = std::string("'") + PAJESIM_BINARY + "' entitlement '" +
                                input_path + "' --params '" + parameters_path() + "' >'" +
                                out.path() + "' 2>'" + err.path() + "'";
    const int status = std::system(command.c_str());
    BOOST_REQUIRE(status != -1);
    BOOST_REQUIRE(WIFEXITED(status));
    return CliResult{WEXITSTATUS(status), out.content(), err.content()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(output)

BOOST_AUTO_TEST_CASE(worked_check_line_is_reproduced_exactly) {
    const CliResult result = run({}, worked_check_input + "\n");
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.err.empty());
    BOOST_TEST(result.out == worked_check_output + "\n");
}

BOOST_AUTO_TEST_CASE(one_output_line_per_input_line_in_order) {
    // c2: bracket 3 (60 000 > 46 123), a 4-year-old: 178.24 x 0.5 = 89.12, CRDS 0.45, 88.67.
    // c3: born in the care month: counts from the next one, no CMG (bracket null: no
    //     dependent child born before the month).
    const std::string c2 = R"({"id":"c2","month":"2019-06","household":{"single_parent":false,)"
                           R"("resources_n2":60000,"children":[{"birth":"2015-03-10"}]},)"
                           R"("contract":{"mode":"assmat","children":[0],"net_salary":600,)"
                           R"("days":20}})";
    const std::string c3 = R"({"id":"c3","month":"2019-06","household":{"single_parent":false,)"
                           R"("resources_n2":30000,"children":[{"birth":"2019-06-15"}]},)"
                           R"("contract":{"mode":"home_carer","children":[0],"net_salary":900}})";
    const std::string c1 = worked_check_input;
    const CliResult result = run({"-"}, c2 + "\n" + c1 + "\n" + c3 + "\n");
    BOOST_TEST(result.exit_code == 0);
    const auto lines = lines_of(result.out);
    BOOST_REQUIRE(lines.size() == 3u);
    BOOST_TEST(lines[0] == R"({"id":"c2","eligible":true,"bracket":3,"cmg_max":"89.12",)"
                           R"("cmg_remuneration":"89.12","crds":"0.45","cmg_paid":"88.67",)"
                           R"("contributions_covered_rate":"1.00","reason":null,"regime":"brackets"})");
    BOOST_TEST(lines[1] == worked_check_output);
    const auto third = nlohmann::json::parse(lines[2]);
    BOOST_TEST(third["id"] == "c3");
    BOOST_TEST(third["eligible"] == false);
    BOOST_TEST(third["bracket"].is_null());
    BOOST_TEST(third["cmg_paid"] == "0.00");
    BOOST_TEST(third["contributions_covered_rate"] == "0.00");
    BOOST_TEST(third["reason"].is_string());
    BOOST_TEST(third["regime"] == "brackets");  // a refusal of 2019-06 still names its regime
}

BOOST_AUTO_TEST_CASE(last_line_without_a_newline_and_crlf) {
    const CliResult result = run({}, worked_check_input + "\r\n" + worked_check_input);
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out == worked_check_output + "\n" + worked_check_output + "\n");
}

BOOST_AUTO_TEST_CASE(explain_names_the_bmaf_and_its_date) {
    const CliResult result = run({"--explain"}, worked_check_input + "\n");
    BOOST_TEST(result.exit_code == 0);
    const auto lines = lines_of(result.out);
    BOOST_REQUIRE(lines.size() == 1u);
    const auto output = nlohmann::json::parse(lines[0]);
    BOOST_TEST(output["cmg_paid"] == "295.61");
    BOOST_TEST(output["regime"] == "brackets");
    // With --explain, "regime" closes the result fields, before "contributions" and "explain".
    BOOST_TEST(lines[0].find(R"("reason":null,"regime":"brackets","contributions":{)") != std::string::npos,
               "line: " << lines[0]);
    BOOST_REQUIRE(output["explain"].is_array());
    bool bmaf_named = false;
    for (const auto& step : output["explain"]) {
        const std::string text = step.get<std::string>();
        // The BMAF in force for 2019-06: 413.16 from 2019-04-01.
        if (text.find("BMAF 413.16") != std::string::npos &&
            text.find("2019-04-01") != std::string::npos) {
            bmaf_named = true;
        }
    }
    BOOST_TEST(bmaf_named, "explain: " << output["explain"].dump());
    // Contributions: net 600 -> gross 600 / 0.7801 = 769.1322 -> 769.13; employee 169.13;
    // employer 769.13 x 41 % = 315.3433 -> 315.34; total 484.47, all covered for an assmat.
    BOOST_TEST(output["contributions"]["gross_salary"] == "769.13");
    BOOST_TEST(output["contributions"]["total"] == "484.47");
    BOOST_TEST(output["contributions"]["covered"] == "484.47");
    BOOST_TEST(output["contributions"]["uncovered"] == "0.00");
}

BOOST_AUTO_TEST_CASE(help_works) {
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    BOOST_TEST(pajesim::cli::run_cli({"entitlement", "--help"}, in, out, err) == 0);
    BOOST_TEST(out.str().find("usage: pajesim entitlement") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(bad_input)

BOOST_AUTO_TEST_CASE(malformed_json) {
    check_bad_input(run({}, R"({"id":"c1","month":)" "\n"), "<stdin>:1", "/", "malformed JSON");
}

BOOST_AUTO_TEST_CASE(unknown_key) {
    check_bad_input(run({}, with("/colour", "blue") + "\n"), "<stdin>:1", "/colour",
                    "unknown key \"colour\"");
    check_bad_input(run({}, with("/household/children/0/name", "Lea") + "\n"), "<stdin>:1",
                    "/household/children/0/name", "unknown key");
}

BOOST_AUTO_TEST_CASE(month_13) {
    check_bad_input(run({}, with("/month", "2019-13") + "\n"), "<stdin>:1", "/month",
                    "not a month");
}

BOOST_AUTO_TEST_CASE(negative_salary) {
    check_bad_input(run({}, with("/contract/net_salary", -1) + "\n"), "<stdin>:1",
                    "/contract/net_salary", "out of range");
}

BOOST_AUTO_TEST_CASE(three_decimals) {
    // As a JSON number and as a string.
    check_bad_input(run({}, with("/contract/net_salary", 600.123) + "\n"), "<stdin>:1",
                    "/contract/net_salary", "at most 2 decimals");
    check_bad_input(run({}, with("/household/resources_n2", "30000.001") + "\n"), "<stdin>:1",
                    "/household/resources_n2", "at most 2 decimals");
}

BOOST_AUTO_TEST_CASE(child_index_out_of_range) {
    check_bad_input(run({}, with("/contract/children/0", 1) + "\n"), "<stdin>:1",
                    "/contract/children/0", "out of range");
}

BOOST_AUTO_TEST_CASE(missing_days_for_an_assmat) {
    check_bad_input(run({}, without("/contract", "days") + "\n"), "<stdin>:1", "/contract",
                    "missing required key \"days\"");
}

BOOST_AUTO_TEST_CASE(month_outside_the_covered_periods) {
    // The shipped table covers care months 2018-01 to 2026-12: the months just outside.
    check_bad_input(run({}, with("/month", "2027-01") + "\n"), "<stdin>:1", "/month",
                    "2018-01 to 2026-12");
    check_bad_input(run({}, with("/month", "2017-12") + "\n"), "<stdin>:1", "/month",
                    "2018-01 to 2026-12");
}

BOOST_AUTO_TEST_CASE(error_on_line_3_of_a_file_writes_nothing) {
    const std::string good = worked_check_input + "\n";
    const TemporaryFile input("line3.jsonl",
                              good + good + with("/contract/net_salary", -5) + "\n" + good);
    check_bad_input(run({input.path()}, ""), input.path() + ":3", "/contract/net_salary",
                    "out of range");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(real_binary)

BOOST_AUTO_TEST_CASE(worked_check_through_the_binary) {
    const TemporaryFile input("good.jsonl", worked_check_input + "\n" + worked_check_input +
                                                "\n");
    const CliResult result = run_binary(input.path(), "good");
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.err.empty());
    BOOST_TEST(result.out == worked_check_output + "\n" + worked_check_output + "\n");
}

BOOST_AUTO_TEST_CASE(bad_line_3_through_the_binary) {
    const std::string good = worked_check_input + "\n";
    const TemporaryFile input("bad.jsonl", good + good + with("/month", "2019-13") + "\n");
    const CliResult result = run_binary(input.path(), "bad");
    check_bad_input(result, input.path() + ":3", "/month", "not a month");
}

BOOST_AUTO_TEST_SUITE_END()
