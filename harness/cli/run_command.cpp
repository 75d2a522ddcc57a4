#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "harness/cli/cli.hpp"
#include "harness/cli/progress.hpp"
#include "harness/faults/fault_plan.hpp"
#include "harness/runner/scenario_run.hpp"
#include "harness/runner/output_files.hpp"
#include "reports/html_report.hpp"
#include "reports/run_report.hpp"
#include "sim/kernel/json_input.hpp"
#include "sim/law/parameters.hpp"
#include "sim/model/simulation.hpp"

namespace pajesim::cli {
namespace {

constexpr const char* run_help =
    "usage: pajesim run SCENARIO [--seed N] [--families N] [--out DIR] [--journal FILE]\n"
    "                            [--family ID] [--quiet]\n"
    "\n"
    "Simulates the scenario day by day and writes, into DIR (default out/<scenario name>/):\n"
    "  report.html    the report for people: figures, charts, invariants, dossiers\n"
    "  report.json    the run's figures by month and in total (docs/report-format.md)\n"
    "  families.csv   one row per family: CMG owed and paid, largest arrears, months wrong\n"
    "  months.csv     one row per month, every aggregate\n"
    "Files are written atomically. Every invariant is checked as the run goes (see\n"
    "docs/invariants.md). Exit codes: 0 every invariant holds, 1 an invariant is violated (the\n"
    "summary says which and how many), 2 bad input (nothing is written).\n"
    "\n"
    "  --seed N         replace the scenario's seed\n"
    "  --families N     replace the scenario's number of families (1 to 5 000 000)\n"
    "  --out DIR        output folder\n"
    "  --journal FILE   also stream every transfer of the ledger to FILE (CSV)\n"
    "  --family ID      print family ID's file: every step, and what was owed and paid\n"
    "  --quiet          no progress bar and no summary\n"
    "\n"
    "Scenario format: docs/scenario-format.md.\n";

struct RunArguments {
    std::string scenario;
    std::optional<std::uint64_t> seed;
    std::optional<std::uint32_t> families;
    std::string out;
    std::string journal;
    std::optional<std::uint32_t> family;
    bool quiet = false;
};

RunArguments parse_arguments(const std::vector<std::string>& arguments) {
    RunArguments parsed;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        const auto value = [&]() -> const std::string& { return option_value(arguments, i); };
        if (argument == "--seed") {
            parsed.seed = whole_number("--seed", value(), 0, INT64_MAX);
        } else if (argument == "--families") {
            parsed.families = static_cast<std::uint32_t>(whole_number("--families", value(), 1, model::max_families));
        } else if (argument == "--out") {
            parsed.out = value();
        } else if (argument == "--journal") {
            parsed.journal = value();
        } else if (argument == "--family") {
            parsed.family = static_cast<std::uint32_t>(whole_number("--family", value(), 0, model::max_families));
        } else if (argument == "--quiet") {
            parsed.quiet = true;
        } else if (argument.size() > 1 && argument.front() == '-') {
            throw UsageError{"run: unknown option '" + argument + "'"};
        } else if (!parsed.scenario.empty()) {
            throw UsageError{"run: only one SCENARIO"};
        } else {
            parsed.scenario = argument;
        }
    }
    if (parsed.scenario.empty()) throw UsageError{"run: a SCENARIO file is needed"};
    return parsed;
}

}  // namespace

int run_command(const std::vector<std::string>& arguments, std::istream&, std::ostream& out,
                std::ostream& err) {
    for (const std::string& argument : arguments) {
        if (argument == "--help" || argument == "-h") {
            out << run_help;
            return exit_ok;
        }
    }
    const RunArguments parsed = parse_arguments(arguments);
    model::Scenario scenario;
    try {
        scenario = model::load_scenario(parsed.scenario);
        if (parsed.seed) scenario.seed = *parsed.seed;
        if (parsed.families) scenario.population.families = *parsed.families;
        harness::check_scenario(scenario);
        if (parsed.family && *parsed.family >= scenario.population.families) {
            throw UsageError{"--family " + std::to_string(*parsed.family) + ": the population has " +
                             std::to_string(scenario.population.families) + " families (0 to " +
                             std::to_string(scenario.population.families - 1) + ")"};
        }
    } catch (const InputError& error) {
        err << "pajesim run: " << error.what() << "\n";
        return exit_bad_input;
    }

    const std::string folder = parsed.out.empty() ? "out/" + scenario.name : parsed.out;
    ProgressBar progress("simulating " + scenario.name, parsed.quiet);
    harness::RunRequest request;
    request.progress = [&](std::int32_t done, std::int32_t total) { progress.update(done, total); };
    request.family = parsed.family;

    std::unique_ptr<std::ofstream> journal_file;
    std::unique_ptr<model::CsvJournal> journal;
    std::string journal_temporary;
    if (!parsed.journal.empty()) {
        const std::filesystem::path target(parsed.journal);
        if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path());
        journal_temporary = (target.parent_path() / ("." + target.filename().string() + ".tmp")).string();
        journal_file = std::make_unique<std::ofstream>(journal_temporary, std::ios::binary);
        if (!*journal_file) {
            err << "pajesim run: cannot write " << parsed.journal << "\n";
            return exit_bad_input;
        }
        journal = std::make_unique<model::CsvJournal>(*journal_file);
        request.journal = journal.get();
    }

    const auto run = harness::run_scenario(scenario, request);
    progress.finish();
    const std::string replay = "pajesim run " + parsed.scenario + " --seed " + std::to_string(scenario.seed) +
                               " --families " + std::to_string(scenario.population.families);
    try {
        harness::write_file_atomically(folder + "/report.json", reports::report_json(*run));
        harness::write_file_atomically(folder + "/families.csv", reports::families_csv(*run));
        harness::write_file_atomically(folder + "/months.csv", reports::months_csv(*run));
        harness::write_file_atomically(folder + "/report.html", reports::report_html(*run, replay));
        if (journal_file) {
            journal_file->close();
            std::filesystem::rename(journal_temporary, parsed.journal);
        }
    } catch (const std::exception& error) {
        err << "pajesim run: " << error.what() << "\n";
        return exit_bad_input;
    }
    if (!parsed.quiet) {
        out << reports::run_summary(*run);
        out << "  report: " << folder << "/report.html (also report.json, families.csv, months.csv)\n";
        out << "  replay: " << replay << "\n";
    }
    if (parsed.family) {
        const auto found = run->dossiers.find(*parsed.family);
        if (found != run->dossiers.end()) out << "\n" << harness::format_dossier(found->second);
    }
    return run->violation_count > 0 ? exit_violation : exit_ok;
}

}  // namespace pajesim::cli
