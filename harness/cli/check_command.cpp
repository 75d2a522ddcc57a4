#include <chrono>
#include <filesystem>
#include <iostream>
#include <random>

#include "harness/cli/cli.hpp"
#include "harness/cli/progress.hpp"
#include "harness/runner/check.hpp"
#include "harness/runner/output_files.hpp"
#include "sim/kernel/json_input.hpp"
#include "sim/kernel/random.hpp"

namespace pajesim::cli {
namespace {

constexpr const char* check_help =
    "usage: pajesim check [--runs N | --time-budget SECONDS] [--seed S] [--out DIR] [--quiet]\n"
    "                     [--sut COMMAND [--sut-timeout S]]\n"
    "\n"
    "Runs random scenarios (random populations weighted to the edges, random subsets of the\n"
    "fault catalog at random intensities) until the budget is spent (default: 100 runs), and\n"
    "checks the properties: under any fault plan no money is created or lost, nothing is paid\n"
    "twice and no advance is recovered early; without faults every invariant holds; after the\n"
    "recovery window everyone is square. Each failure is shrunk to a minimal scenario (fewest\n"
    "families, faults and months) and written to DIR (default out/check/) as an ordinary\n"
    "scenario file, with the command that replays it. Exit codes: 0 no counterexample, 1 some,\n"
    "3 the system under test (--sut: every run is played against it, shrinking included) broke\n"
    "the protocol: the scenario is written to DIR as protocol-break-SEED.json.\n";

}  // namespace

int check_command(const std::vector<std::string>& arguments, std::istream&, std::ostream& out,
                  std::ostream&) {
    std::optional<std::uint64_t> runs;
    std::optional<std::uint64_t> budget_seconds;
    std::optional<std::uint64_t> seed;
    std::string folder = "out/check";
    bool quiet = false;
    harness::SutSettings sut;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        const auto value = [&]() -> const std::string& { return option_value(arguments, i); };
        if (argument == "--help" || argument == "-h") {
            out << check_help;
            return exit_ok;
        }
        if (read_sut_option(arguments, i, sut)) {
        } else if (argument == "--runs") {
            runs = whole_number("--runs", value(), 1, 100'000'000);
        } else if (argument == "--time-budget") {
            budget_seconds = whole_number("--time-budget", value(), 1, 7 * 24 * 3600);
        } else if (argument == "--seed") {
            seed = whole_number("--seed", value(), 0, UINT64_MAX);
        } else if (argument == "--out") {
            folder = value();
        } else if (argument == "--quiet") {
            quiet = true;
        } else {
            throw UsageError{"check: unknown argument '" + argument + "'"};
        }
    }
    if (runs && budget_seconds) throw UsageError{"check: --runs or --time-budget, not both"};
    if (!runs && !budget_seconds) runs = 100;
    // The counterexamples' folder is checked before any run: not a file, nor under one.
    harness::check_output_file(folder + "/counterexample-0.json", {});
    if (!seed) seed = std::random_device{}() | (std::uint64_t{std::random_device{}()} << 32);
    out << "pajesim check: seed " << *seed << "\n";
    out.flush();

    const auto start = std::chrono::steady_clock::now();
    const auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    ProgressBar progress("checking", quiet);
    const model::TestBreaks breaks = model::default_breaks();
    std::uint64_t done = 0;
    std::uint64_t counterexamples = 0;
    for (std::uint64_t i = 0;; ++i) {
        if (runs && i >= *runs) break;
        if (budget_seconds && elapsed() >= static_cast<double>(*budget_seconds)) break;
        const std::uint64_t run_seed = mix64(*seed + i);
        const nlohmann::json scenario = harness::random_scenario(run_seed);
        const std::string name = "check-" + std::to_string(run_seed) + ".json";
        const auto outcome = harness::run_json(scenario, name, breaks, {}, sut);
        if (!outcome->result.complete) {
            progress.finish();
            out << "run seed " << run_seed << ": " << broken_protocol_message(*outcome) << "\n";
            const std::string path = folder + "/protocol-break-" + std::to_string(run_seed) + ".json";
            harness::write_file_atomically(path, scenario.dump(2) + "\n");
            out << "  scenario written to " << path << "\n  replay: pajesim run " << path << " --sut '" << sut.command
                << "'\n";
            return exit_broken_protocol;
        }
        const std::vector<std::string> failed = harness::failed_properties(*outcome);
        ++done;
        if (runs) progress.update(static_cast<std::int64_t>(done), static_cast<std::int64_t>(*runs));
        else progress.update(static_cast<std::int64_t>(elapsed()), static_cast<std::int64_t>(*budget_seconds));
        if (failed.empty()) continue;
        ++counterexamples;
        const std::string target = failed.front();
        const nlohmann::json shrunk = harness::shrink(scenario, [&](const nlohmann::json& candidate) {
            const auto attempt = harness::run_json(candidate, name, breaks, {}, sut);
            if (!attempt->result.complete) return false;
            const auto again = harness::failed_properties(*attempt);
            return std::find(again.begin(), again.end(), target) != again.end();
        });
        const std::string path = folder + "/counterexample-" + std::to_string(run_seed) + ".json";
        harness::write_file_atomically(path, shrunk.dump(2) + "\n");
        progress.finish();
        out << "counterexample: " << target << " violated (run seed " << run_seed << "), shrunk to "
            << shrunk["population"]["families"] << " families, " << shrunk["faults"].size() << " faults, "
            << shrunk["period"]["from"].get<std::string>() << " to " << shrunk["period"]["to"].get<std::string>()
            << "\n  written to " << path << "\n  replay: pajesim run " << path << "\n";
    }
    progress.finish();
    out << done << " runs, " << counterexamples << " counterexamples (seed " << *seed << ")\n";
    return counterexamples > 0 ? exit_violation : exit_ok;
}

}  // namespace pajesim::cli
