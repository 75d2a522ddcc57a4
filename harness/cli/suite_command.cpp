#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "harness/cli/cli.hpp"
#include "harness/runner/expectations.hpp"
#include "harness/runner/output_files.hpp"
#include "harness/runner/scenario_run.hpp"
#include "reports/junit.hpp"
#include "sim/kernel/json_input.hpp"

namespace pajesim::cli {
namespace {

constexpr const char* suite_help =
    "usage: pajesim suite DIR [--junit FILE] [--quiet]\n"
    "\n"
    "Runs every scenario (*.json) directly in DIR, in name order, and checks each against its\n"
    "'expect' block: which invariants must hold or be violated, ranges for the families\n"
    "affected (docs/suite.md). Prints a table; with --junit, writes JUnit XML (one test case\n"
    "per scenario; failures carry the reasons and the replay command). Exit codes: 0 every\n"
    "expectation met, 1 an expectation failed, 2 a scenario could not be read (bad input).\n";

}  // namespace

int suite_command(const std::vector<std::string>& arguments, std::istream&, std::ostream& out,
                  std::ostream& err) {
    std::string folder;
    std::string junit;
    bool quiet = false;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        if (argument == "--help" || argument == "-h") {
            out << suite_help;
            return exit_ok;
        }
        if (argument == "--junit") {
            junit = option_value(arguments, i);
        } else if (argument == "--quiet") {
            quiet = true;
        } else if (argument.size() > 1 && argument.front() == '-') {
            throw UsageError{"suite: unknown option '" + argument + "'"};
        } else if (!folder.empty()) {
            throw UsageError{"suite: only one DIR"};
        } else {
            folder = argument;
        }
    }
    if (folder.empty()) throw UsageError{"suite: a DIR of scenarios is needed"};
    if (!std::filesystem::is_directory(folder)) {
        err << "pajesim suite: " << folder << ": not a folder\n";
        return exit_bad_input;
    }
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());

    std::vector<reports::SuiteCase> cases;
    bool bad_input = false;
    if (!quiet) out << std::left << std::setw(28) << "scenario" << std::setw(10) << "affected"
                    << std::setw(12) << "violations" << "verdict\n";
    for (const std::string& file : files) {
        reports::SuiteCase suite_case;
        suite_case.file = file;
        suite_case.name = std::filesystem::path(file).stem().string();
        std::uint32_t affected = 0;
        std::uint64_t violations = 0;
        try {
            const model::Scenario scenario = model::load_scenario(file);
            suite_case.name = scenario.name;
            const harness::Expectations expected = harness::read_expectations(scenario.expect, file);
            harness::RunRequest request;
            request.dossiers_of_most_harmed = 0;
            const auto run = harness::run_scenario(scenario, request);
            affected = run->result.statistics.families_affected;
            violations = run->violation_count;
            suite_case.failures = harness::unmet_expectations(expected, *run);
            if (expected.empty()) suite_case.failures.push_back("the scenario has no expectations");
            suite_case.replay = "pajesim run " + file + " --seed " + std::to_string(scenario.seed) +
                                " --families " + std::to_string(scenario.population.families);
        } catch (const InputError& error) {
            suite_case.error = true;
            suite_case.failures.push_back(std::string("bad input: ") + error.what());
            bad_input = true;
        }
        if (!quiet) {
            out << std::left << std::setw(28) << suite_case.name << std::setw(10) << affected
                << std::setw(12) << violations
                << (suite_case.error ? "ERROR" : suite_case.failures.empty() ? "pass" : "FAIL") << "\n";
            for (const std::string& failure : suite_case.failures) out << "    " << failure << "\n";
        }
        cases.push_back(std::move(suite_case));
    }
    const auto failed = std::count_if(cases.begin(), cases.end(),
                                      [](const reports::SuiteCase& c) { return !c.failures.empty(); });
    if (!quiet) out << cases.size() - static_cast<std::size_t>(failed) << " passed, " << failed << " failed\n";
    if (!junit.empty()) {
        try {
            harness::write_file_atomically(junit, reports::junit_xml("pajesim scenarios", cases));
        } catch (const std::exception& error) {
            err << "pajesim suite: " << error.what() << "\n";
            return exit_bad_input;
        }
    }
    if (bad_input) return exit_bad_input;
    return failed > 0 ? exit_violation : exit_ok;
}

}  // namespace pajesim::cli
