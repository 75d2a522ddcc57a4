#include <algorithm>
#include <filesystem>
#include <iostream>
#include <limits>
#include <mutex>

#include "harness/cli/cli.hpp"
#include "harness/cli/progress.hpp"
#include "harness/runner/output_files.hpp"
#include "harness/runner/resources.hpp"
#include "harness/runner/scenario_run.hpp"
#include "reports/compare.hpp"
#include "sim/kernel/json_input.hpp"
#include "sim/kernel/parallel.hpp"

namespace pajesim::cli {
namespace {

constexpr const char* compare_help =
    "usage: pajesim compare INPUT... [--seeds N] [--families N] [--out DIR] [--jobs N] [--quiet]\n"
    "                       [--sut COMMAND [--sut-timeout S]]\n"
    "\n"
    "Compares rollout or remediation options side by side. Each INPUT is a run folder (with\n"
    "its report.json)\n"
    "or a scenario file, run on the spot: with --seeds N, every scenario is run with the same\n"
    "N seeds (the first scenario's seed and the next ones: common random numbers), giving the\n"
    "mean and a 90 % interval across seeds. Options are ranked by families affected, then\n"
    "money owed at the peak, longest delay, promises kept and calls lost; the ranking is\n"
    "printed, and compare.html shows the options' month-end curves together. Writes\n"
    "compare.html, compare.json and compare.csv into DIR\n"
    "(default out/compare/), which must be new, empty or a previous comparison, and may hold\n"
    "no input; the three files appear together or not at all.\n"
    "--jobs N makes up to N runs at a time, no more than the memory holds (default: every core,\n"
    "as many as the memory holds; 1 with --sut); any N writes the same bytes.\n";

}  // namespace

int compare_command(const std::vector<std::string>& arguments, std::istream&, std::ostream& out,
                    std::ostream& err) {
    std::vector<std::string> inputs;
    std::uint64_t seeds = 1;
    std::optional<std::uint32_t> families;
    std::string folder = "out/compare";
    bool quiet = false;
    harness::SutSettings sut;
    std::optional<unsigned> jobs;
    OptionsSeen seen("compare");
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        seen.note(argument);
        const auto value = [&]() -> const std::string& { return option_value(arguments, i); };
        if (argument == "--help" || argument == "-h") {
            out << compare_help;
            return exit_ok;
        }
        if (read_sut_option(arguments, i, sut)) {
        } else if (argument == "--seeds") {
            seeds = whole_number("--seeds", value(), 1, 1000);
        } else if (argument == "--families") {
            families = static_cast<std::uint32_t>(whole_number("--families", value(), 1, model::max_families));
        } else if (argument == "--out") {
            folder = value();
        } else if (argument == "--jobs") {
            jobs = static_cast<unsigned>(whole_number("--jobs", value(), 1, max_threads));
        } else if (argument == "--quiet") {
            quiet = true;
        } else if (argument.size() > 1 && argument.front() == '-') {
            throw UsageError{"compare: unknown option '" + argument + "'"};
        } else {
            inputs.push_back(argument);
        }
    }
    if (inputs.size() < 2) throw UsageError{"compare: give at least two run folders or scenarios"};
    check_sut_options(sut, "compare");
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            std::error_code error;
            if (inputs[i] == inputs[j] || std::filesystem::equivalent(inputs[i], inputs[j], error)) {
                throw UsageError{"compare: " + inputs[i] + " is given twice (as " + inputs[j] + ")"};
            }
        }
    }

    // Read and check everything before running anything: a refusal writes nothing.
    // An input run folder given as --out is named as such (before the folder's own check).
    if (std::filesystem::is_directory(folder)) {
        for (const std::string& input : inputs) harness::refuse_input_inside(folder, input);
    }
    harness::OutputFolder output(folder, {"compare.json", "compare.csv", "compare.html"});
    // The system under test's own files (its program, its settings) are inputs too.
    for (const std::string& file : files_named_in(sut.command)) output.refuse_input(file);
    std::vector<model::Scenario> scenarios(inputs.size());
    std::vector<std::optional<reports::RunReport>> reports_read(inputs.size());
    std::optional<std::uint64_t> base_seed;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        output.refuse_input(inputs[i]);
        if (std::filesystem::is_directory(inputs[i])) {
            const std::string file = inputs[i] + "/report.json";
            reports_read[i] = reports::read_run_report(parse_json_file(file), file);
            continue;
        }
        scenarios[i] = model::load_scenario(inputs[i]);
        if (families) scenarios[i].population.families = *families;
        harness::check_scenario(scenarios[i]);
        harness::check_memory(scenarios[i], std::nullopt);
        output.refuse_input(scenarios[i].params_file);
        if (!base_seed) {
            base_seed = scenarios[i].seed;
            // The seeds run are the first scenario's and the next ones: none may wrap past 2^64 - 1.
            if (*base_seed > std::numeric_limits<std::uint64_t>::max() - (seeds - 1)) {
                throw InputError(inputs[i], "/seed",
                                 "with --seeds " + std::to_string(seeds) + ", the seeds " + std::to_string(*base_seed) +
                                     " and the next ones go beyond 2^64 - 1 (18446744073709551615): a lower seed, or "
                                     "fewer seeds");
            }
        }
    }
    // The runs to make, option by option and seed by seed; each writes its own slot, so the
    // results are the same whatever the number of runs at a time.
    struct Task {
        std::size_t option;
        std::uint64_t seed;
    };
    std::vector<Task> tasks;
    std::vector<const model::Scenario*> to_run;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (reports_read[i]) continue;
        for (std::uint64_t k = 0; k < seeds; ++k) tasks.push_back({i, *base_seed + k});
        to_run.push_back(&scenarios[i]);
    }
    jobs = jobs ? harness::runs_at_once_within_memory(to_run, *jobs)
                : harness::default_runs_at_once(to_run, !sut.command.empty());
    std::vector<reports::HarmMetrics> metrics(tasks.size());
    std::vector<std::string> broken(tasks.size());
    ProgressBar progress("comparing", quiet);
    const auto total = static_cast<std::int64_t>(inputs.size() * seeds);
    std::int64_t done = 0;
    std::mutex progress_lock;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (reports_read[i]) done += static_cast<std::int64_t>(seeds);
    }
    progress.update(done, total);
    run_each(tasks.size(), *jobs, [&](std::size_t t) {
        model::Scenario scenario = scenarios[tasks[t].option];
        scenario.seed = tasks[t].seed;
        harness::RunRequest request;
        request.dossiers_of_most_harmed = 0;
        request.keep_cells = false;
        request.sut = sut.command;
        request.sut_timeout = sut.timeout;
        const auto run = harness::run_scenario(scenario, request);
        if (run->result.complete) {
            metrics[t] = reports::metrics_of(*run);
        } else {
            broken[t] = scenario.name + " seed " + std::to_string(scenario.seed) + ": " + broken_protocol_message(*run);
        }
        const std::lock_guard<std::mutex> hold(progress_lock);
        progress.update(++done, total);
    });
    for (const std::string& message : broken) {
        if (message.empty()) continue;
        progress.finish();
        err << "pajesim compare: " << message << " (nothing written)\n";
        return exit_broken_protocol;
    }
    std::vector<reports::OptionRuns> options;
    std::size_t next_task = 0;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        reports::OptionRuns option;
        if (reports_read[i]) {
            option.name = std::move(reports_read[i]->name);
            option.runs.push_back(reports_read[i]->metrics);
        } else {
            option.name = scenarios[i].name;
            for (std::uint64_t k = 0; k < seeds; ++k) option.runs.push_back(metrics[next_task++]);
        }
        options.push_back(std::move(option));
    }
    // Options of the same name (two runs of one scenario, before and after a change) are told
    // apart by their input, as given.
    std::vector<std::string> names;
    for (const reports::OptionRuns& option : options) names.push_back(option.name);
    for (std::size_t i = 0; i < options.size(); ++i) {
        if (std::count(names.begin(), names.end(), names[i]) > 1) {
            std::string input = inputs[i];  // as typed: its control characters shown as '?'
            for (char& c : input) {
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
            }
            options[i].name = names[i] + " (" + input + ")";
        }
    }
    progress.finish();
    const auto compared = reports::compare_options(options);
    output.commit({reports::compare_json(compared, options), reports::compare_csv(compared),
                   reports::compare_html(compared, options)});
    if (!quiet) {
        out << reports::compare_text(compared);
        out << "written: " << folder << "/compare.html, compare.json, compare.csv\n";
    }
    return exit_ok;
}

}  // namespace pajesim::cli
