#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "harness/cli/cli.hpp"
#include "harness/cli/progress.hpp"
#include "harness/faults/fault_plan.hpp"
#include "harness/runner/scenario_run.hpp"
#include "harness/runner/output_files.hpp"
#include "harness/runner/resources.hpp"
#include "reports/html_report.hpp"
#include "reports/run_report.hpp"
#include "sim/kernel/json_input.hpp"
#include "sim/law/parameters.hpp"
#include "sim/model/simulation.hpp"

namespace pajesim::cli {
namespace {

constexpr const char* run_help =
    "usage: pajesim run SCENARIO [--seed N] [--families N] [--out DIR] [--journal FILE]\n"
    "                            [--family ID] [--max-memory MIB] [--quiet]\n"
    "\n"
    "Simulates the scenario day by day and writes, into DIR (default out/<scenario name>/):\n"
    "  report.html    the report for people: figures, charts, invariants, dossiers\n"
    "  report.json    the run's figures by month and in total (docs/report-format.md)\n"
    "  families.csv   one row per family: CMG owed and paid, largest arrears, months wrong\n"
    "  months.csv     one row per month, every aggregate\n"
    "The four files appear together or not at all (the previous set stays until the new one is\n"
    "complete); DIR must be new, empty or a previous report folder, and may hold no input.\n"
    "Every invariant is checked as the run goes (see docs/invariants.md). Exit codes: 0 every\n"
    "invariant holds, 1 an invariant is violated (the summary says which and how many), 2 bad\n"
    "input, or a run too large for the memory (nothing is written), 70 an internal error.\n"
    "\n"
    "  --seed N         replace the scenario's seed\n"
    "  --families N     replace the scenario's number of families (1 to 5 000 000)\n"
    "  --out DIR        output folder\n"
    "  --journal FILE   also stream every transfer of the ledger to FILE (CSV)\n"
    "  --family ID      print family ID's file: every step, and what was owed and paid\n"
    "  --max-memory MIB refuse a run whose memory estimate is above MIB mebibytes (default:\n"
    "                   the machine's memory)\n"
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
    std::optional<std::uint64_t> max_memory_bytes;
    bool quiet = false;
};

RunArguments parse_arguments(const std::vector<std::string>& arguments) {
    RunArguments parsed;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        const auto value = [&]() -> const std::string& { return option_value(arguments, i); };
        if (argument == "--seed") {
            parsed.seed = whole_number("--seed", value(), 0, UINT64_MAX);
        } else if (argument == "--families") {
            parsed.families = static_cast<std::uint32_t>(whole_number("--families", value(), 1, model::max_families));
        } else if (argument == "--out") {
            parsed.out = value();
        } else if (argument == "--journal") {
            parsed.journal = value();
        } else if (argument == "--family") {
            parsed.family = static_cast<std::uint32_t>(whole_number("--family", value(), 0, model::max_families));
        } else if (argument == "--max-memory") {
            parsed.max_memory_bytes = whole_number("--max-memory", value(), 1, UINT64_MAX / (1u << 20)) << 20;
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
    // Everything is read and checked before the run starts: a refusal writes nothing.
    model::Scenario scenario = model::load_scenario(parsed.scenario);
    if (parsed.seed) scenario.seed = *parsed.seed;
    if (parsed.families) scenario.population.families = *parsed.families;
    harness::check_scenario(scenario);
    if (parsed.family && *parsed.family >= scenario.population.families) {
        throw UsageError{"--family " + std::to_string(*parsed.family) + ": the population has " +
                         std::to_string(scenario.population.families) + " families (0 to " +
                         std::to_string(scenario.population.families - 1) + ")"};
    }
    harness::check_memory(scenario, parsed.max_memory_bytes);
    if (const std::uint64_t needed = harness::estimated_peak_bytes(scenario); !parsed.quiet && needed >= (1ull << 30)) {
        err << "pajesim run: this run needs about " << (needed >> 20) << " MiB of memory (estimate)\n";
    }

    const std::string folder = parsed.out.empty() ? "out/" + scenario.name : parsed.out;
    const std::vector<std::string> inputs{parsed.scenario, scenario.params_file};
    const harness::OutputFolder output(folder, {"report.json", "families.csv", "months.csv", "report.html"});
    for (const std::string& input : inputs) output.refuse_input(input);
    if (!parsed.journal.empty()) harness::check_output_file(parsed.journal, inputs, folder);

    ProgressBar progress("simulating " + scenario.name, parsed.quiet);
    harness::RunRequest request;
    request.progress = [&](std::int32_t done, std::int32_t total) { progress.update(done, total); };
    request.family = parsed.family;

    std::optional<harness::StagedFile> journal_file;
    std::unique_ptr<model::CsvJournal> journal;
    if (!parsed.journal.empty()) {
        journal_file.emplace(parsed.journal);
        journal = std::make_unique<model::CsvJournal>(journal_file->stream());
        request.journal = journal.get();
    }

    const auto run = harness::run_scenario(scenario, request);
    progress.finish();
    const std::string replay = "pajesim run " + parsed.scenario + " --seed " + std::to_string(scenario.seed) +
                               " --families " + std::to_string(scenario.population.families);
    output.commit({reports::report_json(*run), reports::families_csv(*run), reports::months_csv(*run),
                   reports::report_html(*run, replay)});
    if (journal_file) journal_file->commit();
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
