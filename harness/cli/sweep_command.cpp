// `pajesim sweep`: runs a sweep's points x seeds (docs/sweep-format.md) in this process, in
// --jobs N local worker processes, or over MPI ranks (mpirun), keeping each run's summary in
// DIR/runs/ as soon as it ends, then builds the tables from the summaries in run order.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <set>

#include "harness/cli/cli.hpp"
#include "harness/cli/mpi.hpp"
#include "harness/cli/progress.hpp"
#include "harness/runner/output_files.hpp"
#include "harness/runner/resources.hpp"
#include "harness/runner/sweep.hpp"
#include "harness/runner/sweep_report.hpp"
#include "sim/kernel/json_input.hpp"

namespace pajesim::cli {
namespace {

constexpr int exit_runs_lost = 4;

constexpr const char* sweep_help =
    "usage: pajesim sweep SPEC.json [--out DIR] [--jobs N] [--families N] [--resume] [--quiet]\n"
    "       mpirun -n P pajesim sweep SPEC.json [--out DIR] [--families N] [--resume] [--quiet]\n"
    "\n"
    "Runs a sweep (docs/sweep-format.md): the base scenario of SPEC at every point of its design\n"
    "(factors that set scenario keys by JSON pointer; a full factorial or a Latin hypercube),\n"
    "each with the spec's seeds (the same at every point: common random numbers). Each run's\n"
    "summary is kept in DIR/runs/ as soon as it ends; --resume keeps the summaries of a previous\n"
    "run of the same spec and runs only the others. Then writes, from the summaries in run\n"
    "order, DIR/sweep.csv (one row per run), DIR/sweep-summary.csv (per point: mean and 90 %\n"
    "interval across seeds) and DIR/sweep.html (response curves, the points ranked, the\n"
    "factors' sensitivity), and prints the best points. DIR (default out/sweep) must be new,\n"
    "empty or a previous sweep's folder.\n"
    "\n"
    "--jobs N runs up to N local worker processes, no more than the memory holds at the largest\n"
    "point's estimate (default 1: this process); under mpirun the runs\n"
    "are shared among the ranks with a dynamic work queue (when pajesim is built with MPI).\n"
    "The files are the same bytes whichever way the runs were made. Exit codes: 0 done, 2 bad\n"
    "spec or usage (the JSON path is named), 4 runs lost (a worker or rank died, or the sweep\n"
    "was stopped): the message names them, and --resume finishes them.\n";

bool is_temporary(const std::string& name) { return !name.empty() && name[0] == '.' && name.find(".tmp-") != std::string::npos; }

bool is_run_file(const std::string& name) {
    if (name.size() != 15 || name.rfind("run-", 0) != 0 || name.substr(10) != ".json") return false;
    return std::all_of(name.begin() + 4, name.begin() + 10, [](char c) { return c >= '0' && c <= '9'; });
}

// The sweep's folder: new, empty, or a previous sweep's (runs/, the tables, temporary files
// of an interrupted write); never a file, never a folder of other things, never holding an input.
void check_sweep_folder(const std::string& folder, const std::vector<std::string>& inputs) {
    namespace fs = std::filesystem;
    const fs::path target = fs::absolute(folder).lexically_normal();
    for (const std::string& input : inputs) {
        const fs::path in = fs::absolute(input).lexically_normal();
        const auto [end, _] = std::mismatch(target.begin(), target.end(), in.begin(), in.end());
        if (end == target.end()) {
            throw InputError(folder, "the sweep's folder holds one of its inputs (" + input + "): choose another --out");
        }
    }
    std::error_code error;
    const fs::file_status status = fs::status(target, error);
    if (!fs::exists(status)) return;
    if (!fs::is_directory(status)) throw InputError(folder, "exists and is not a folder");
    // What a sweep writes is regular files: one of its names given to a folder, a link or a
    // device is someone else's, refused before anything is run or removed.
    const auto regular = [](const fs::directory_entry& entry) {
        std::error_code kind_error;
        return fs::is_regular_file(entry.symlink_status(kind_error));
    };
    for (const fs::directory_entry& entry : fs::directory_iterator(target)) {
        const std::string name = entry.path().filename().string();
        if (is_temporary(name)) continue;
        if (name == "sweep.csv" || name == "sweep-summary.csv" || name == "sweep.html") {
            if (!regular(entry)) {
                throw InputError(folder, name + " is not a file a sweep wrote (a folder, a link or a device): "
                                                "pajesim never replaces it; choose another --out");
            }
            continue;
        }
        if (name == "runs") {
            // A link named runs would have the summaries written (and old ones removed) where
            // it points: another sweep's folder, or inputs.
            std::error_code kind_error;
            if (!fs::is_directory(entry.symlink_status(kind_error))) {
                throw InputError(folder, "runs is not a folder a sweep made (a file, a link or a device): pajesim "
                                         "never writes through it; choose another --out");
            }
            for (const fs::directory_entry& run : fs::directory_iterator(entry.path())) {
                const std::string file = run.path().filename().string();
                if (!is_run_file(file) && !is_temporary(file)) {
                    throw InputError(folder, "runs/" + file + " is not a sweep's run summary: pajesim never "
                                             "replaces a folder of other things; choose another --out");
                }
                if (!is_temporary(file) && !regular(run)) {
                    throw InputError(folder, "runs/" + file + " is not a file a sweep wrote (a folder, a link or "
                                             "a device): pajesim never replaces it; choose another --out");
                }
            }
            continue;
        }
        throw InputError(folder, "holds " + name + ", which is not part of a sweep: pajesim never replaces a "
                                 "folder of other things; choose another --out");
    }
}

bool write_all(int fd, const void* data, std::size_t size) {
    const char* at = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t written = ::write(fd, at, size);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return false;
        at += written;
        size -= static_cast<std::size_t>(written);
    }
    return true;
}

bool read_all(int fd, void* data, std::size_t size) {
    char* at = static_cast<char*>(data);
    while (size > 0) {
        const ssize_t got = ::read(fd, at, size);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return false;
        at += got;
        size -= static_cast<std::size_t>(got);
    }
    return true;
}

// A local worker: a child process that reads run ids from `to` and answers each with
// [run, length] and the summary on `from`.
struct Worker {
    pid_t pid = -1;
    int to = -1;
    int from = -1;
    std::optional<std::size_t> run;
};

[[noreturn]] void worker_loop(const harness::SweepSpec& spec, int in, int out) {
    for (;;) {
        std::uint64_t run = 0;
        if (!read_all(in, &run, sizeof run)) ::_exit(0);
        std::string summary;
        try {
            summary = harness::run_sweep_run(spec, run);
        } catch (const std::exception& error) {
            const std::string message = "pajesim sweep: run " + std::to_string(run) + ": " + error.what() + "\n";
            (void)write_all(STDERR_FILENO, message.data(), message.size());
            ::_exit(exit_internal_error);
        }
        const std::uint64_t header[2] = {run, summary.size()};
        if (!write_all(out, header, sizeof header) || !write_all(out, summary.data(), summary.size())) ::_exit(0);
    }
}

// Runs `pending` in `jobs` child processes; returns the runs lost with their workers.
std::vector<std::size_t> run_in_workers(const harness::SweepSpec& spec, const std::vector<std::size_t>& pending,
                                        std::size_t jobs,
                                        const std::function<void(std::size_t, const std::string&)>& done) {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    struct sigaction previous {};
    ::sigaction(SIGPIPE, &ignore, &previous);
    std::vector<Worker> workers;
    std::vector<std::size_t> lost;
    std::size_t next = 0;
    const auto assign = [&](Worker& worker) {
        if (next >= pending.size()) {
            ::close(worker.to);
            worker.to = -1;
            worker.run.reset();
            return;
        }
        const std::uint64_t run = pending[next++];
        worker.run = run;
        if (!write_all(worker.to, &run, sizeof run)) {
            // Dead already: the poll below sees its pipe closed.
        }
    };
    std::cout.flush();
    std::cerr.flush();
    for (std::size_t j = 0; j < std::min(jobs, pending.size()); ++j) {
        int down[2];
        int up[2];
        if (::pipe2(down, O_CLOEXEC) != 0 || ::pipe2(up, O_CLOEXEC) != 0) {
            throw InputError("--jobs", std::string("cannot make a pipe: ") + std::strerror(errno));
        }
        const pid_t pid = ::fork();
        if (pid < 0) throw InputError("--jobs", std::string("cannot start a worker: ") + std::strerror(errno));
        if (pid == 0) {
            for (const Worker& other : workers) {
                if (other.to >= 0) ::close(other.to);
                ::close(other.from);
            }
            ::close(down[1]);
            ::close(up[0]);
            worker_loop(spec, down[0], up[1]);
        }
        ::close(down[0]);
        ::close(up[1]);
        workers.push_back({pid, down[1], up[0], std::nullopt});
        assign(workers.back());
    }
    for (;;) {
        std::vector<pollfd> fds;
        std::vector<std::size_t> which;
        for (std::size_t w = 0; w < workers.size(); ++w) {
            if (workers[w].from < 0) continue;
            fds.push_back({workers[w].from, POLLIN, 0});
            which.push_back(w);
        }
        if (fds.empty()) break;
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) continue;
            throw InputError("--jobs", std::string("poll: ") + std::strerror(errno));
        }
        for (std::size_t i = 0; i < fds.size(); ++i) {
            if (fds[i].revents == 0) continue;
            Worker& worker = workers[which[i]];
            std::uint64_t header[2] = {0, 0};
            std::string summary;
            bool ok = read_all(worker.from, header, sizeof header);
            if (ok) {
                summary.resize(header[1]);
                ok = read_all(worker.from, summary.data(), summary.size());
            }
            if (!ok || !worker.run || header[0] != *worker.run) {
                // The worker died (or ended): its run, if any, is lost.
                if (worker.run) lost.push_back(*worker.run);
                ::close(worker.from);
                worker.from = -1;
                if (worker.to >= 0) ::close(worker.to);
                worker.to = -1;
                worker.run.reset();
                continue;
            }
            done(*worker.run, summary);
            assign(worker);
            if (worker.to < 0) {
                ::close(worker.from);
                worker.from = -1;
            }
        }
    }
    // Runs never assigned because every worker died.
    for (; next < pending.size(); ++next) lost.push_back(pending[next]);
    for (const Worker& worker : workers) {
        int status = 0;
        while (::waitpid(worker.pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    ::sigaction(SIGPIPE, &previous, nullptr);
    std::sort(lost.begin(), lost.end());
    return lost;
}

std::string run_list(const std::vector<std::size_t>& runs) {
    std::string text;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        if (i == 20) {
            text += " and " + std::to_string(runs.size() - 20) + " more";
            break;
        }
        text += (i > 0 ? ", " : "") + std::to_string(runs[i]);
    }
    return text;
}

}  // namespace

int sweep_command(const std::vector<std::string>& arguments, std::istream&, std::ostream& out, std::ostream& err) {
    std::string spec_file;
    std::string folder = "out/sweep";
    std::size_t jobs = 1;
    bool jobs_given = false;
    std::optional<std::uint32_t> families;
    bool resume = false;
    bool quiet = false;
    OptionsSeen seen("sweep");
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        seen.note(argument);
        const auto value = [&]() -> const std::string& { return option_value(arguments, i); };
        if (argument == "--help" || argument == "-h") {
            out << sweep_help;
            return exit_ok;
        }
        if (argument == "--out") {
            folder = value();
        } else if (argument == "--jobs") {
            jobs = whole_number("--jobs", value(), 1, 1024);
            jobs_given = true;
        } else if (argument == "--families") {
            families = static_cast<std::uint32_t>(whole_number("--families", value(), 1, model::max_families));
        } else if (argument == "--resume") {
            resume = true;
        } else if (argument == "--quiet") {
            quiet = true;
        } else if (argument.size() > 1 && argument.front() == '-') {
            throw UsageError{"sweep: unknown option '" + argument + "'"};
        } else if (spec_file.empty()) {
            spec_file = argument;
        } else {
            throw UsageError{"sweep: one spec file, got '" + spec_file + "' and '" + argument + "'"};
        }
    }
    if (spec_file.empty()) throw UsageError{"sweep: give a spec file (see docs/sweep-format.md)"};

    const MpiSession session = mpi_start();
    struct Finish {
        ~Finish() { mpi_finish(); }
    } finish;
    const bool leader = session.rank == 0;
    // Every rank reads the spec (the same files, the same result: the same refusal, which rank
    // 0 alone reports); rank 0 alone prepares the folder and tells the others whether to go on.
    if (session.active && jobs_given) {
        if (leader) throw UsageError{"sweep: under mpirun the ranks share the runs: no --jobs"};
        return exit_bad_input;
    }
    std::optional<harness::SweepSpec> loaded;
    try {
        loaded = harness::load_sweep_spec(spec_file, families);
    } catch (const InputError&) {
        if (leader) throw;
        return exit_bad_input;
    }
    const harness::SweepSpec& spec = *loaded;
    const std::filesystem::path runs_folder = std::filesystem::path(folder) / "runs";
    std::vector<std::size_t> pending;
    std::string refusal;
    if (leader) {
        try {
            std::vector<std::string> inputs = {spec_file, spec.base_file};
            inputs.insert(inputs.end(), spec.params_files.begin(), spec.params_files.end());
            check_sweep_folder(folder, inputs);
            std::filesystem::create_directories(runs_folder);
            for (std::size_t run = 0; run < spec.run_count(); ++run) {
                const std::filesystem::path file = runs_folder / harness::sweep_run_file(run);
                if (resume && std::filesystem::exists(file) &&
                    harness::read_sweep_run(spec, run, read_input_file(file.string(), 1u << 20))) {
                    continue;
                }
                if (!resume) std::filesystem::remove(file);
                pending.push_back(run);
            }
            // Summaries of runs beyond this spec's (a previous, larger sweep) go: the folder is this spec's.
            for (const auto& entry : std::filesystem::directory_iterator(runs_folder)) {
                const std::string name = entry.path().filename().string();
                if (is_run_file(name) && std::stoul(name.substr(4, 6)) >= spec.run_count()) std::filesystem::remove(entry.path());
            }
        } catch (const InputError& error) {
            refusal = error.what();
        } catch (const std::filesystem::filesystem_error& error) {
            refusal = folder + ": " + error.what();
        }
    }
    refusal = mpi_broadcast(session, refusal);
    if (!refusal.empty()) {
        if (leader) err << "pajesim sweep: " << refusal << "\n";
        return exit_bad_input;
    }

    ProgressBar progress("sweeping", quiet || !leader);
    const auto total = static_cast<std::int64_t>(spec.run_count());
    std::int64_t finished = total - static_cast<std::int64_t>(pending.size());
    std::string write_failure;
    const auto done = [&](std::size_t run, const std::string& summary) {
        try {
            harness::write_file_atomically((runs_folder / harness::sweep_run_file(run)).string(), summary);
        } catch (const InputError& error) {
            if (write_failure.empty()) write_failure = error.what();
        }
        progress.update(++finished, total);
    };
    const auto work = [&](std::size_t run) { return harness::run_sweep_run(spec, run); };
    if (leader && !quiet && resume) {
        out << "pajesim sweep: resuming " << spec.name << ": " << total - static_cast<std::int64_t>(pending.size())
            << " of " << total << " runs already done\n";
        out.flush();
    }
    std::vector<std::size_t> lost;
    if (session.active) {
        mpi_share_runs(session, pending, work, done, "pajesim sweep " + spec_file + " --out " + folder + " --resume");
    } else if (jobs > 1) {
        // Never more workers than the memory holds at the largest point's estimate.
        std::vector<model::Scenario> points;
        points.reserve(spec.points.size());
        for (std::size_t point = 0; point < spec.points.size(); ++point) {
            points.push_back(harness::sweep_scenario(spec, point * spec.seeds));
        }
        std::vector<const model::Scenario*> largest;
        for (const model::Scenario& scenario : points) largest.push_back(&scenario);
        jobs = harness::runs_at_once_within_memory(largest, static_cast<unsigned>(jobs));
        lost = run_in_workers(spec, pending, jobs, done);
    } else {
        for (const std::size_t run : pending) done(run, work(run));
    }
    progress.finish();
    if (!leader) return exit_ok;
    if (!write_failure.empty()) {
        err << "pajesim sweep: " << write_failure << "\n";
        return exit_bad_input;
    }
    if (!lost.empty()) {
        err << "pajesim sweep: " << lost.size() << " run(s) lost with their worker: " << run_list(lost)
            << ". The runs done are kept in " << runs_folder.string() << ": 'pajesim sweep " << spec_file << " --out "
            << folder << " --resume' finishes the others.\n";
        return exit_runs_lost;
    }

    // The tables, from the summaries as kept, in run order.
    std::vector<reports::HarmMetrics> runs;
    runs.reserve(spec.run_count());
    for (std::size_t run = 0; run < spec.run_count(); ++run) {
        const std::string file = (runs_folder / harness::sweep_run_file(run)).string();
        const auto metrics = harness::read_sweep_run(spec, run, read_input_file(file, 1u << 20));
        if (!metrics) throw InputError(file, "not the summary of run " + std::to_string(run) + " of this sweep (changed meanwhile?)");
        runs.push_back(*metrics);
    }
    const reports::SweepTables tables = reports::sweep_tables(spec, runs);
    harness::write_file_atomically((std::filesystem::path(folder) / "sweep.csv").string(), tables.csv);
    harness::write_file_atomically((std::filesystem::path(folder) / "sweep-summary.csv").string(), tables.summary_csv);
    harness::write_file_atomically((std::filesystem::path(folder) / "sweep.html").string(), tables.html);
    if (!quiet) {
        out << tables.text;
        out << "written: " << folder << "/sweep.html, sweep.csv, sweep-summary.csv (" << spec.run_count()
            << " runs in " << runs_folder.string() << ")\n";
    }
    return exit_ok;
}

}  // namespace pajesim::cli
