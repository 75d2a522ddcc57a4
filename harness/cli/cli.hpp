#pragma once
// The command-line front end: subcommands, their options, exit codes.
//   0  success (every invariant held)
//   1  an invariant was violated
//   2  bad input or bad usage: nothing was written

#include <iosfwd>
#include <string>
#include <vector>

namespace pajesim::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_violation = 1;
inline constexpr int exit_bad_input = 2;

int run_cli(const std::vector<std::string>& arguments, std::istream& in, std::ostream& out,
            std::ostream& err);

int run_command(const std::vector<std::string>& arguments, std::istream& in, std::ostream& out,
                std::ostream& err);

int check_command(const std::vector<std::string>& arguments, std::istream& in, std::ostream& out,
                  std::ostream& err);

int compare_command(const std::vector<std::string>& arguments, std::istream& in, std::ostream& out,
                    std::ostream& err);

int suite_command(const std::vector<std::string>& arguments, std::istream& in, std::ostream& out,
                  std::ostream& err);

int entitlement_command(const std::vector<std::string>& arguments, std::istream& in,
                        std::ostream& out, std::ostream& err);

// Raised for a bad command line; the message says what was wrong.
struct UsageError {
    std::string message;
};

}  // namespace pajesim::cli
