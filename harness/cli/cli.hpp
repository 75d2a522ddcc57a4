#pragma once
// The command-line front end: subcommands, their options, exit codes.
//   0  success (every invariant held)
//   1  an invariant was violated
//   2  bad input, bad usage or an environment that does not allow the work (a folder that
//      cannot be written, not enough memory): nothing was written
//   3  the system under test (--sut) broke the protocol, crashed or timed out (the report of
//      the run so far is written, marked incomplete); `diff`: the calculator broke the
//      protocol (nothing was written)
//   4  `sweep`: runs lost with a worker or an MPI rank that died, or a sweep stopped (the runs
//      done are kept; --resume finishes the others)
//  70  an internal error, a bug in pajesim: the message asks for a report

#include <algorithm>
#include <initializer_list>
#include <string_view>
#include <optional>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "harness/runner/scenario_run.hpp"

namespace pajesim::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_violation = 1;
inline constexpr int exit_bad_input = 2;
inline constexpr int exit_broken_protocol = 3;
inline constexpr int exit_internal_error = 70;

int run_cli(const std::vector<std::string>& arguments, std::istream& in, std::ostream& out,
            std::ostream& err);

int run_command(const std::vector<std::string>& arguments, std::istream& in, std::ostream& out,
                std::ostream& err);

int replay_command(const std::vector<std::string>& arguments, std::istream& in, std::ostream& out,
                   std::ostream& err);

int check_command(const std::vector<std::string>& arguments, std::istream& in, std::ostream& out,
                  std::ostream& err);

int compare_command(const std::vector<std::string>& arguments, std::istream& in, std::ostream& out,
                    std::ostream& err);

int suite_command(const std::vector<std::string>& arguments, std::istream& in, std::ostream& out,
                  std::ostream& err);

int sweep_command(const std::vector<std::string>& arguments, std::istream& in, std::ostream& out,
                  std::ostream& err);

int diff_command(const std::vector<std::string>& arguments, std::istream& in, std::ostream& out,
                 std::ostream& err);

int entitlement_command(const std::vector<std::string>& arguments, std::istream& in,
                        std::ostream& out, std::ostream& err);

// Runs `body` (a command) and turns every exception that escapes it into an exit code and a
// message on `err` naming `command`: bad input and the environment 2, bugs 70. Nothing
// escapes, so no input can reach std::terminate.
int guarded(const std::string& command, std::ostream& err, const std::function<int()>& body);

// Raised for a bad command line; the message says what was wrong.
struct UsageError {
    std::string message;
};

// The options of one command line: an option given a second time is refused (a UsageError
// naming it) rather than silently replacing the first, except those listed as repeatable.
class OptionsSeen {
public:
    OptionsSeen(std::string command, std::initializer_list<std::string_view> repeatable = {})
        : command_(std::move(command)), repeatable_(repeatable) {}
    // Called with each argument that is not an option's value (positional ones are ignored).
    void note(const std::string& argument) {
        if (argument.size() < 3 || argument.compare(0, 2, "--") != 0) return;
        if (std::find(repeatable_.begin(), repeatable_.end(), argument) != repeatable_.end()) return;
        if (std::find(seen_.begin(), seen_.end(), argument) != seen_.end()) {
            throw UsageError{command_ + ": " + argument + " is given twice"};
        }
        seen_.push_back(argument);
    }

private:
    std::string command_;
    std::vector<std::string_view> repeatable_;
    std::vector<std::string> seen_;
};

// The value of the option at `arguments[index]`: the next argument (index moves onto it).
const std::string& option_value(const std::vector<std::string>& arguments, std::size_t& index);
// `text` as a whole number (decimal digits only, within 64 bits), or nullopt.
std::optional<std::uint64_t> parse_whole_number(const std::string& text);
// A whole number from `min` to `max` given to `flag`, or a UsageError saying what was expected.
std::uint64_t whole_number(const std::string& flag, const std::string& text, std::uint64_t min,
                           std::uint64_t max);

// --sut COMMAND and --sut-timeout SECONDS, shared by run, suite, check and compare: true when
// arguments[index] is one of them (index then moves onto its value).
bool read_sut_option(const std::vector<std::string>& arguments, std::size_t& index, harness::SutSettings& sut);
// The existing files a shell command names (a centre's program, its data): inputs that no
// output may replace.
std::vector<std::string> files_named_in(const std::string& command);
// The *.json entries directly in `folder` (the names starting with '.' left out when
// `skip_hidden`), in name order; one that is not a regular file (a pipe, a folder, a broken or
// looping link) is refused.
std::vector<std::string> scenario_files_in(const std::string& folder, bool skip_hidden);
// Refuses --sut-timeout without --sut (usage error).
void check_sut_options(const harness::SutSettings& sut, const std::string& command);
// The message and exit code of a run that a system under test stopped.
std::string broken_protocol_message(const harness::RunOutcome& run);

}  // namespace pajesim::cli
