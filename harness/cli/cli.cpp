#include "harness/cli/cli.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <new>
#include <ostream>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/json_input.hpp"

namespace pajesim::cli {
namespace {

constexpr const char* general_help =
    "pajesim " PAJESIM_VERSION " - simulation and test harness for the CMG childcare benefit\n"
    "and its 2019 migration from the CAF to the Pajemploi centre.\n"
    "\n"
    "usage: pajesim COMMAND [OPTIONS]\n"
    "       pajesim --help | --version\n"
    "\n"
    "commands:\n"
    "  run SCENARIO           simulate a scenario, checking every invariant; writes\n"
    "                         report.html, report.json, families.csv, months.csv, the\n"
    "                         register (affected.csv, affected-months.csv,\n"
    "                         carers-affected.csv) and dossiers.html\n"
    "                         (see docs/scenario-format.md, docs/report-format.md)\n"
    "  replay RECORDING       re-run a run made with --sut --record against the recorded\n"
    "                         answers, without the system under test\n"
    "  suite DIR              run every scenario of DIR against its expectations; --junit\n"
    "                         FILE writes JUnit XML (see docs/suite.md)\n"
    "  compare INPUT...       rollout options side by side (run folders or scenarios, with\n"
    "                         --seeds N): compare.html, compare.json, compare.csv\n"
    "  sweep SPEC             a scenario over factor levels and seeds (--jobs N, or under\n"
    "                         mpirun): sweep.csv, sweep-summary.csv, sweep.html (see\n"
    "                         docs/sweep-format.md)\n"
    "  check                  random scenarios against the invariants; failures shrunk to\n"
    "                         minimal scenario files (--runs N, --time-budget S, --seed S)\n"
    "  entitlement [FILE|-]   what each family is owed under the law: JSON Lines in, JSON\n"
    "                         Lines out (see docs/entitlement.md); --explain adds the trace\n"
    "  diff --calculator CMD  differential testing of an entitlement calculator against the\n"
    "                         oracle; disagreements shrunk to minimal requests (--cases N,\n"
    "                         --time-budget S, --seed S; see docs/diff.md)\n"
    "\n"
    "'pajesim COMMAND --help' describes a command.\n"
    "\n"
    "exit codes: 0 success, 1 an invariant was violated (diff: a disagreement), 2 bad input\n"
    "or usage (nothing written), 3 the system under test (--sut) or the calculator under\n"
    "diff broke the protocol, 4 sweep runs lost (--resume finishes them), 70 an internal\n"
    "error (a bug in pajesim: please report it)\n"
    "\n"
    "run, suite, check and compare take --sut 'COMMAND' [--sut-timeout S]: the Pajemploi\n"
    "centre is then COMMAND, an external system speaking docs/sut-protocol.md.\n";

}  // namespace

bool read_sut_option(const std::vector<std::string>& arguments, std::size_t& index, harness::SutSettings& sut) {
    const std::string& argument = arguments[index];
    if (argument == "--sut") {
        sut.command = option_value(arguments, index);
        if (sut.command.empty()) throw UsageError{"--sut: an empty command"};
        return true;
    }
    if (argument == "--sut-timeout") {
        sut.timeout = std::chrono::milliseconds(1000 * whole_number("--sut-timeout", option_value(arguments, index), 1, 86'400));
        sut.timeout_given = true;
        return true;
    }
    return false;
}

std::vector<std::string> files_named_in(const std::string& command) {
    // The words, split at blanks and at the shell's operators (; & | < > ( ) and the back
    // quote, so that "c.py;" or "<c.py" name c.py), each with its quotes and backslashes taken
    // off; a word holding "=" also names what follows its last "=" (--config=c.json). Enough
    // to find the files a command names; not a shell's whole grammar.
    std::vector<std::string> words;
    std::string word;
    char quote = 0;
    bool escaped = false;
    const auto end_word = [&] {
        if (!word.empty()) words.push_back(std::move(word));
        word.clear();
    };
    for (const char c : command) {
        if (escaped) {
            word += c;
            escaped = false;
        } else if (quote != 0) {
            if (c == quote) {
                quote = 0;
            } else if (c == '\\' && quote == '"') {
                escaped = true;
            } else {
                word += c;
            }
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '\\') {
            escaped = true;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>' ||
                   c == '(' || c == ')' || c == '`') {
            end_word();
        } else {
            word += c;
        }
    }
    end_word();
    std::vector<std::string> files;
    const auto add_if_file = [&](const std::string& candidate) {
        std::error_code error;
        if (!candidate.empty() && std::filesystem::is_regular_file(candidate, error)) files.push_back(candidate);
    };
    for (const std::string& each : words) {
        add_if_file(each);
        const std::size_t equals = each.rfind('=');
        if (equals != std::string::npos) add_if_file(each.substr(equals + 1));
    }
    return files;
}

std::vector<std::string> scenario_files_in(const std::string& folder, bool skip_hidden) {
    std::vector<std::string> files;
    std::error_code error;
    for (std::filesystem::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
        const std::string name = it->path().filename().string();
        if (it->path().extension() != ".json" || (skip_hidden && name.front() == '.')) continue;
        // A *.json entry is a scenario: one that cannot be read as a file is refused, not skipped.
        std::error_code kind_error;
        if (!std::filesystem::is_regular_file(it->status(kind_error))) {
            throw InputError(it->path().string(), "not a scenario file (a folder, a pipe, a device, or a link to "
                                                  "none of them or to nothing)");
        }
        files.push_back(it->path().string());
    }
    if (error) throw InputError(folder, "cannot read the folder: " + error.message());
    std::sort(files.begin(), files.end());
    return files;
}

void check_sut_options(const harness::SutSettings& sut, const std::string& command) {
    if (sut.command.empty() && sut.timeout_given) throw UsageError{command + ": --sut-timeout needs --sut"};
}

std::string broken_protocol_message(const harness::RunOutcome& run) {
    std::string message = "the system under test broke the protocol on " + run.result.stopped_on.to_string();
    if (run.result.stop_line > 0) message += " (line " + std::to_string(run.result.stop_line) + " of its answers)";
    return message + ": " + run.result.stop_reason;
}

const std::string& option_value(const std::vector<std::string>& arguments, std::size_t& index) {
    if (index + 1 >= arguments.size()) throw UsageError{arguments[index] + " needs a value"};
    if (arguments[index + 1].empty()) throw UsageError{arguments[index] + " needs a value, got an empty one"};
    return arguments[++index];
}

std::optional<std::uint64_t> parse_whole_number(const std::string& text) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::uint64_t whole_number(const std::string& flag, const std::string& text, std::uint64_t min,
                           std::uint64_t max) {
    const std::optional<std::uint64_t> value = parse_whole_number(text);
    if (!value || *value < min || *value > max) {
        throw UsageError{flag + " needs a whole number from " + std::to_string(min) + " to " +
                         std::to_string(max) + ", got '" + text + "'"};
    }
    return *value;
}

int guarded(const std::string& command, std::ostream& err, const std::function<int()>& body) {
    const std::string who = command.empty() ? "pajesim" : "pajesim " + command;
    const auto bug = [&](const std::string& what) {
        err << who << ": internal error: " << what << "\n"
            << "This is a bug in pajesim " PAJESIM_VERSION ": please report it with the command line\n"
            << "and its input files.\n";
        return exit_internal_error;
    };
    try {
        return body();
    } catch (const UsageError& error) {
        // Every usage message names the command it is about, once, and points to its help.
        const bool named = command.empty() || error.message.starts_with(command + ": ");
        err << "pajesim: " << (named ? "" : command + ": ") << error.message << "\n(see '" << who << " --help')\n";
        return exit_bad_input;
    } catch (const InputError& error) {
        err << who << ": " << error.what() << "\n";
        return exit_bad_input;
    } catch (const std::filesystem::filesystem_error& error) {
        err << who << ": " << error.what() << "\n";
        return exit_bad_input;
    } catch (const std::bad_alloc&) {
        // The advice fits the commands that simulate a population; diff and entitlement have none.
        const bool simulates = command == "run" || command == "replay" || command == "compare" ||
                               command == "suite" || command == "sweep" || command == "check";
        err << who << ": out of memory" << (simulates ? " (try fewer families or a shorter period)" : "") << "\n";
        return exit_bad_input;
    } catch (const InternalError& error) {
        return bug(error.what());
    } catch (const std::exception& error) {
        return bug(error.what());
    } catch (...) {
        return bug("an unknown exception");
    }
}

int run_cli(const std::vector<std::string>& arguments, std::istream& in, std::ostream& out,
            std::ostream& err) {
    if (arguments.empty()) {
        err << general_help;
        return exit_bad_input;
    }
    const std::string& command = arguments.front();
    const std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
    const bool known = command == "entitlement" || command == "run" || command == "suite" ||
                       command == "check" || command == "compare" || command == "diff" || command == "replay" ||
                       command == "sweep";
    return guarded(known ? command : "", err, [&]() -> int {
        if (command == "--help" || command == "-h" || command == "help") {
            out << general_help;
            return exit_ok;
        }
        if (command == "--version") {
            out << "pajesim " PAJESIM_VERSION "\n";
            return exit_ok;
        }
        if (command == "entitlement") return entitlement_command(rest, in, out, err);
        if (command == "run") return run_command(rest, in, out, err);
        if (command == "replay") return replay_command(rest, in, out, err);
        if (command == "suite") return suite_command(rest, in, out, err);
        if (command == "check") return check_command(rest, in, out, err);
        if (command == "compare") return compare_command(rest, in, out, err);
        if (command == "diff") return diff_command(rest, in, out, err);
        if (command == "sweep") return sweep_command(rest, in, out, err);
        throw UsageError{"unknown command '" + command + "'"};
    });
}

}  // namespace pajesim::cli
