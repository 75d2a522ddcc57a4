#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <random>

#include "harness/cli/cli.hpp"
#include "harness/cli/mpi.hpp"
#include "harness/cli/progress.hpp"
#include "harness/runner/check.hpp"
#include "harness/runner/output_files.hpp"
#include "sim/kernel/json_input.hpp"
#include "sim/kernel/random.hpp"

namespace pajesim::cli {
namespace {

constexpr const char* check_help =
    "usage: pajesim check [--runs N | --time-budget SECONDS] [--seed S] [--out DIR]\n"
    "                     [--corpus DIR] [--quiet] [--sut COMMAND [--sut-timeout S]]\n"
    "       mpirun -n P pajesim check ...   (the same, the runs shared among P ranks)\n"
    "\n"
    "Replays first every scenario stored in the counterexample corpus (--corpus, default\n"
    "DIR/corpus: past failures first), then runs random scenarios (random populations weighted\n"
    "to the edges, random subsets of the fault catalog at random intensities) until the budget\n"
    "is spent (default: 100 runs), and checks the properties: under any fault plan no money is\n"
    "created or lost, nothing is paid twice and no advance is recovered early; without faults\n"
    "every invariant holds (but for a carer's whole pay the scenario's carer-pay rule may keep\n"
    "waiting for the parent's money, docs/suite.md); after the recovery window everyone is\n"
    "square. Each new failure is shrunk to a minimal scenario (fewest families, faults and\n"
    "months), written to DIR (default out/check/) as an ordinary scenario file with the\n"
    "command that replays it, and added to the corpus. Under mpirun, rank k makes runs k,\n"
    "k+P, ... of the same seed's sequence (with --runs N, the union is the single-process\n"
    "runs), announces each failure to the others as it is found, and shrinks its own; rank 0\n"
    "writes every file. Exit codes: 0 no counterexample, 1 some (stored or new), 3 the system\n"
    "under test (--sut: every run is played against it, shrinking included) broke the\n"
    "protocol: the scenario is written to DIR as protocol-break-SEED.json.\n";

// What one rank found: a stored scenario that still fails, a new counterexample (shrunk), or a
// run the system under test broke. Serialised to gather the ranks' findings on rank 0.
struct Finding {
    std::string kind;  // "corpus", "counterexample", "protocol_break"
    std::uint64_t order = 0;   // corpus: the file's rank in name order; else the run's index
    std::uint64_t run_seed = 0;
    std::string property;      // the violated property (or the protocol break's message)
    std::string corpus_file;
    nlohmann::json scenario;   // shrunk (counterexample) or as run (protocol break)
};

nlohmann::json finding_json(const Finding& f) {
    return {{"kind", f.kind}, {"order", f.order}, {"run_seed", f.run_seed}, {"property", f.property},
            {"corpus_file", f.corpus_file}, {"scenario", f.scenario}};
}

Finding finding_of(const nlohmann::json& j) {
    Finding f;
    f.kind = j.at("kind").get<std::string>();
    f.order = j.at("order").get<std::uint64_t>();
    f.run_seed = j.at("run_seed").get<std::uint64_t>();
    f.property = j.at("property").get<std::string>();
    f.corpus_file = j.at("corpus_file").get<std::string>();
    f.scenario = j.at("scenario");
    return f;
}

// The corpus's scenario files, in name order (none when it is not there yet).
std::vector<std::string> corpus_files(const std::string& corpus) {
    std::error_code error;
    if (!std::filesystem::is_directory(corpus, error)) return {};
    return scenario_files_in(corpus, true);
}

}  // namespace

int check_command(const std::vector<std::string>& arguments, std::istream&, std::ostream& out,
                  std::ostream&) {
    std::optional<std::uint64_t> runs;
    std::optional<std::uint64_t> budget_seconds;
    std::optional<std::uint64_t> seed;
    std::string folder = "out/check";
    std::optional<std::string> corpus_folder;
    bool quiet = false;
    harness::SutSettings sut;
    OptionsSeen seen("check");
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        seen.note(argument);
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
        } else if (argument == "--corpus") {
            corpus_folder = value();
        } else if (argument == "--quiet") {
            quiet = true;
        } else {
            throw UsageError{"check: unknown argument '" + argument + "'"};
        }
    }
    if (runs && budget_seconds) throw UsageError{"check: --runs or --time-budget, not both"};
    check_sut_options(sut, "check");
    if (!runs && !budget_seconds) runs = 100;
    const std::string corpus = corpus_folder.value_or(folder + "/corpus");
    // The counterexamples' and the corpus's folders are checked before any run: not a file,
    // nor under one.
    harness::check_output_file(folder + "/counterexample-0.json", {});
    harness::check_output_file(corpus + "/counterexample-0.json", {});

    const MpiSession session = mpi_start();
    struct Finish {
        ~Finish() { mpi_finish(); }
    } finish;
    const bool leader = session.rank == 0;
    if (!seed) seed = std::random_device{}() | (std::uint64_t{std::random_device{}()} << 32);
    // Every rank follows rank 0's seed.
    seed = std::stoull(mpi_broadcast(session, std::to_string(*seed)));
    if (leader) {
        out << "pajesim check: seed " << *seed;
        if (session.active) out << ", " << session.size << " ranks";
        out << "\n";
        out.flush();
    }

    const auto start = std::chrono::steady_clock::now();
    const auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    ProgressBar progress("checking", quiet || !leader);
    const model::TestBreaks breaks = model::default_breaks();
    std::vector<Finding> found;
    bool stopped = false;
    const auto announce = [&](const Finding& finding) {
        mpi_tell_others(session, finding.property + " (run seed " + std::to_string(finding.run_seed) + ")");
    };
    const auto listen = [&] {
        for (const std::string& news : mpi_news(session)) {
            if (news == "stop") stopped = true;
            else if (leader && !quiet) {
                progress.finish();
                out << "another rank found a counterexample: " << news << " (shrinking it)\n";
                out.flush();
            }
        }
    };

    // Past failures first: every stored scenario, shared among the ranks.
    const std::vector<std::string> stored = corpus_files(corpus);
    std::uint64_t stored_failing = 0;
    for (std::size_t k = 0; k < stored.size() && !stopped; ++k) {
        if (k % static_cast<std::size_t>(session.size) != static_cast<std::size_t>(session.rank)) continue;
        nlohmann::json scenario = parse_json_file(stored[k], 4u << 20);
        // A stored scenario's legal parameters are found from its own folder, as `pajesim run` does.
        if (scenario.is_object() && scenario.contains("params") && scenario["params"].is_string()) {
            const std::filesystem::path params = scenario["params"].get<std::string>();
            if (params.is_relative()) {
                scenario["params"] = (std::filesystem::path(stored[k]).parent_path() / params).lexically_normal().string();
            }
        }
        const auto outcome = harness::run_json(scenario, stored[k], breaks, {}, sut);
        if (!outcome->result.complete) {
            found.push_back({"protocol_break", k, 0, broken_protocol_message(*outcome), stored[k], scenario});
            mpi_tell_others(session, "stop");
            stopped = true;
            break;
        }
        const std::vector<std::string> failed = harness::failed_properties(*outcome);
        if (!failed.empty()) found.push_back({"corpus", k, 0, failed.front(), stored[k], nlohmann::json()});
    }

    std::uint64_t done = 0;
    for (std::uint64_t i = static_cast<std::uint64_t>(session.rank); !stopped; i += static_cast<std::uint64_t>(session.size)) {
        if (runs && i >= *runs) break;
        if (budget_seconds && elapsed() >= static_cast<double>(*budget_seconds)) break;
        listen();
        if (stopped) break;
        const std::uint64_t run_seed = mix64(*seed + i);
        const nlohmann::json scenario = harness::random_scenario(run_seed);
        const std::string name = "check-" + std::to_string(run_seed) + ".json";
        const auto outcome = harness::run_json(scenario, name, breaks, {}, sut);
        if (!outcome->result.complete) {
            found.push_back({"protocol_break", i, run_seed, broken_protocol_message(*outcome), "", scenario});
            mpi_tell_others(session, "stop");
            break;
        }
        const std::vector<std::string> failed = harness::failed_properties(*outcome);
        ++done;
        if (runs) progress.update(static_cast<std::int64_t>(done * static_cast<std::uint64_t>(session.size)), static_cast<std::int64_t>(*runs));
        else progress.update(static_cast<std::int64_t>(elapsed()), static_cast<std::int64_t>(*budget_seconds));
        if (failed.empty()) continue;
        const std::string target = failed.front();
        Finding finding{"counterexample", i, run_seed, target, "", nlohmann::json()};
        announce(finding);
        finding.scenario = harness::shrink(scenario, [&](const nlohmann::json& candidate) {
            const auto attempt = harness::run_json(candidate, name, breaks, {}, sut);
            if (!attempt->result.complete) return false;
            const auto again = harness::failed_properties(*attempt);
            return std::find(again.begin(), again.end(), target) != again.end();
        });
        found.push_back(std::move(finding));
    }
    progress.finish();

    // Every rank's findings and run count, on rank 0, in order.
    nlohmann::json mine = {{"done", done}, {"found", nlohmann::json::array()}};
    for (const Finding& f : found) mine["found"].push_back(finding_json(f));
    const std::vector<std::string> gathered = mpi_gather(session, mine.dump());
    if (!leader) return exit_ok;
    std::vector<Finding> all;
    std::uint64_t total_runs = 0;
    for (const std::string& text : gathered) {
        const nlohmann::json rank = nlohmann::json::parse(text);
        total_runs += rank.at("done").get<std::uint64_t>();
        for (const nlohmann::json& f : rank.at("found")) all.push_back(finding_of(f));
    }
    const auto rank_of_kind = [](const std::string& kind) { return kind == "corpus" ? 0 : 1; };
    std::sort(all.begin(), all.end(), [&](const Finding& a, const Finding& b) {
        if (rank_of_kind(a.kind) != rank_of_kind(b.kind)) return rank_of_kind(a.kind) < rank_of_kind(b.kind);
        return a.order < b.order;
    });

    if (!stored.empty()) {
        for (const Finding& f : all) {
            if (f.kind == "corpus") ++stored_failing;
        }
        out << "corpus " << corpus << ": " << stored.size() << " stored scenario(s) replayed first, " << stored_failing
            << " still failing\n";
    }
    std::uint64_t counterexamples = stored_failing;
    const std::string sut_part = sut.command.empty() ? std::string() : " --sut '" + sut.command + "'";
    for (const Finding& f : all) {
        if (f.kind == "corpus") {
            out << "counterexample (stored): " << f.property << " violated by " << f.corpus_file
                << "\n  replay: pajesim run " << f.corpus_file << sut_part << "\n";
        } else if (f.kind == "protocol_break") {
            out << (f.corpus_file.empty() ? "run seed " + std::to_string(f.run_seed) : f.corpus_file) << ": " << f.property
                << "\n";
            const std::string path = f.corpus_file.empty()
                                         ? folder + "/protocol-break-" + std::to_string(f.run_seed) + ".json"
                                         : f.corpus_file;
            if (f.corpus_file.empty()) harness::write_file_atomically(path, f.scenario.dump(2) + "\n");
            out << "  scenario " << (f.corpus_file.empty() ? "written to " : "") << path << "\n  replay: pajesim run " << path
                << " --sut '" << sut.command << "'\n";
            return exit_broken_protocol;
        } else {
            ++counterexamples;
            const std::string file = "counterexample-" + std::to_string(f.run_seed) + ".json";
            const std::string path = folder + "/" + file;
            const std::string text = f.scenario.dump(2) + "\n";
            harness::write_file_atomically(path, text);
            const std::string kept = corpus + "/" + file;
            if (!std::filesystem::exists(kept)) harness::write_file_atomically(kept, text);
            out << "counterexample: " << f.property << " violated (run seed " << f.run_seed << "), shrunk to "
                << f.scenario["population"]["families"] << " families, " << f.scenario["faults"].size() << " faults, "
                << f.scenario["period"]["from"].get<std::string>() << " to "
                << f.scenario["period"]["to"].get<std::string>() << "\n  written to " << path << " (and to the corpus, "
                << kept << ")\n  replay: pajesim run " << path << sut_part << "\n";
        }
    }
    out << total_runs << " runs, " << counterexamples << " counterexamples (seed " << *seed << ")\n";
    return counterexamples > 0 ? exit_violation : exit_ok;
}

}  // namespace pajesim::cli
