#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>

#include "harness/cli/cli.hpp"
#include "harness/runner/expectations.hpp"
#include "harness/runner/output_files.hpp"
#include "harness/runner/resources.hpp"
#include "harness/runner/scenario_run.hpp"
#include "reports/junit.hpp"
#include "sim/kernel/json_input.hpp"
#include "sim/kernel/parallel.hpp"

namespace pajesim::cli {
namespace {

constexpr const char* suite_help =
    "usage: pajesim suite DIR [--junit FILE] [--jobs N] [--quiet] [--sut COMMAND [--sut-timeout S]]\n"
    "\n"
    "Runs every scenario (*.json) directly in DIR, in name order, and checks each against its\n"
    "'expect' block: which invariants must hold or be violated, ranges for the families\n"
    "affected (docs/suite.md). Prints a table; with --junit, writes JUnit XML (one test case\n"
    "per scenario; failures carry the reasons and the replay command). Every scenario is read\n"
    "and checked before any runs. Exit codes: 0 every expectation met, 1 an expectation\n"
    "failed, 2 a scenario could not be read (bad input: every bad file is named, nothing is\n"
    "run or written), 3 the system under test broke the protocol in some scenario (its case\n"
    "fails with the day and reason; the other scenarios still run).\n"
    "With --sut, every scenario is played against COMMAND, an external Pajemploi centre\n"
    "(docs/sut-protocol.md); --sut-timeout S bounds each of its answers (default 10 s).\n"
    "--jobs N runs up to N scenarios at a time, no more than the memory holds (default: every\n"
    "core, as many as the memory holds; 1 with --sut); the table and the JUnit XML are the same\n"
    "whatever N.\n";

}  // namespace

int suite_command(const std::vector<std::string>& arguments, std::istream&, std::ostream& out,
                  std::ostream& err) {
    std::string folder;
    std::string junit;
    bool quiet = false;
    harness::SutSettings sut;
    std::optional<unsigned> jobs;
    OptionsSeen seen("suite");
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        seen.note(argument);
        if (argument == "--help" || argument == "-h") {
            out << suite_help;
            return exit_ok;
        }
        if (read_sut_option(arguments, i, sut)) {
        } else if (argument == "--junit") {
            junit = option_value(arguments, i);
        } else if (argument == "--jobs") {
            jobs = static_cast<unsigned>(whole_number("--jobs", option_value(arguments, i), 1, max_threads));
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
    check_sut_options(sut, "suite");
    std::error_code error;
    if (!std::filesystem::is_directory(folder, error)) throw InputError(folder, "not a folder");
    const std::vector<std::string> files = scenario_files_in(folder, false);
    if (files.empty()) throw InputError(folder, "no scenario (*.json) in the folder");

    // Every scenario is read and checked before any runs: one bad file is exit 2, with every
    // bad file named, and nothing written.
    std::vector<model::Scenario> scenarios;
    std::vector<harness::Expectations> expectations;
    std::vector<std::string> inputs;
    std::vector<std::string> refusals;
    for (const std::string& file : files) {
        inputs.push_back(file);
        try {
            model::Scenario scenario = model::load_scenario(file);
            harness::check_scenario(scenario);
            harness::check_memory(scenario, std::nullopt);
            expectations.push_back(harness::read_expectations(scenario.expect, file));
            inputs.push_back(scenario.params_file);
            scenarios.push_back(std::move(scenario));
        } catch (const InputError& refusal) {
            refusals.push_back(refusal.what());
        }
    }
    // The table and the JUnit XML tell the scenarios apart by name (a CI server merges two test
    // cases of one name): a name given twice is refused, both files named.
    std::map<std::string, std::string> first_file_of_name;
    for (const model::Scenario& scenario : scenarios) {
        const auto [seen_name, added] = first_file_of_name.emplace(scenario.name, scenario.file);
        if (!added) {
            refusals.push_back(InputError(scenario.file, "/name",
                                          "the name \"" + scenario.name + "\" is also that of " + seen_name->second +
                                              ": each scenario of a suite needs a name of its own")
                                   .what());
        }
    }
    if (!refusals.empty()) {
        for (const std::string& refusal : refusals) err << "pajesim suite: " << refusal << "\n";
        return exit_bad_input;
    }
    if (!junit.empty()) {
        for (std::string& file : files_named_in(sut.command)) inputs.push_back(std::move(file));
        harness::check_output_file(junit, inputs);
        // A .json file in DIR would be read as a scenario by the next suite run.
        if (std::filesystem::path(junit).extension() == ".json" && harness::same_or_inside(junit, folder)) {
            throw InputError(junit, "a .json file in the suite's folder would be read as a scenario by the "
                                    "next suite run: write the JUnit XML elsewhere");
        }
    }

    std::vector<reports::SuiteCase> cases;
    std::size_t broken = 0;
    // The name column is as wide as the longest name, and a space more.
    std::size_t width = 28;
    for (const model::Scenario& scenario : scenarios) width = std::max(width, scenario.name.size() + 2);
    const int name_width = static_cast<int>(width);
    if (!quiet) out << std::left << std::setw(name_width) << "scenario" << std::setw(10) << "affected"
                    << std::setw(12) << "violations" << "verdict\n";
    {
        std::vector<const model::Scenario*> to_run;
        for (const model::Scenario& scenario : scenarios) to_run.push_back(&scenario);
        jobs = jobs ? harness::runs_at_once_within_memory(to_run, *jobs)
                    : harness::default_runs_at_once(to_run, !sut.command.empty());
    }
    // Each scenario's case is kept in its own slot and printed once every earlier one is: the
    // table comes in the scenarios' order whatever the number of runs at a time.
    struct Done {
        reports::SuiteCase suite_case;
        std::uint32_t affected = 0;
        std::uint64_t violations = 0;
        bool broken = false;
    };
    std::vector<std::optional<Done>> done(scenarios.size());
    std::size_t printed = 0;
    std::mutex table_lock;
    run_each(scenarios.size(), *jobs, [&](std::size_t i) {
        const model::Scenario& scenario = scenarios[i];
        Done result;
        reports::SuiteCase& suite_case = result.suite_case;
        suite_case.file = scenario.file;
        suite_case.name = scenario.name;
        harness::RunRequest request;
        request.dossiers_of_most_harmed = 0;
        request.keep_cells = false;
        request.sut = sut.command;
        request.sut_timeout = sut.timeout;
        const auto run = harness::run_scenario(scenario, request);
        result.affected = run->result.statistics.families_affected;
        result.violations = run->violation_count;
        suite_case.failures = harness::unmet_expectations(expectations[i], *run);
        if (!run->result.complete) {
            result.broken = true;
            suite_case.failures.insert(suite_case.failures.begin(), broken_protocol_message(*run));
        }
        if (expectations[i].empty()) suite_case.failures.push_back("the scenario has no expectations");
        suite_case.replay = "pajesim run " + scenario.file + " --seed " + std::to_string(scenario.seed) +
                            " --families " + std::to_string(scenario.population.families);
        const std::lock_guard<std::mutex> hold(table_lock);
        done[i] = std::move(result);
        for (; printed < done.size() && done[printed]; ++printed) {
            const Done& row = *done[printed];
            if (quiet) continue;
            out << std::left << std::setw(name_width) << row.suite_case.name << std::setw(10) << row.affected
                << std::setw(12) << row.violations << (row.suite_case.failures.empty() ? "pass" : "FAIL") << "\n";
            for (const std::string& failure : row.suite_case.failures) out << "    " << failure << "\n";
        }
    });
    for (std::optional<Done>& row : done) {
        if (row->broken) ++broken;
        cases.push_back(std::move(row->suite_case));
    }
    const auto failed = std::count_if(cases.begin(), cases.end(),
                                      [](const reports::SuiteCase& c) { return !c.failures.empty(); });
    if (!quiet) out << cases.size() - static_cast<std::size_t>(failed) << " passed, " << failed << " failed\n";
    if (!junit.empty()) harness::write_file_atomically(junit, reports::junit_xml("pajesim scenarios", cases));
    if (broken > 0) return exit_broken_protocol;
    return failed > 0 ? exit_violation : exit_ok;
}

}  // namespace pajesim::cli
