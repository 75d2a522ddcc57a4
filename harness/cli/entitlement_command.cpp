#include <iostream>

#include <sys/stat.h>
#include <unistd.h>

#include "harness/cli/cli.hpp"
#include "harness/runner/entitlement_io.hpp"
#include "sim/kernel/json_input.hpp"

namespace pajesim::cli {
namespace {

constexpr const char* entitlement_help =
    "usage: pajesim entitlement [FILE|-] [--explain] [--params FILE]\n"
    "\n"
    "Reads one JSON request per line (from FILE, or standard input when FILE is '-' or\n"
    "absent) and writes one JSON result per line, in the same order: what the family is owed\n"
    "for that month of that contract under the CMG rules. The whole input is validated\n"
    "first: a bad line is reported with its line number, JSON path and reason, exit code 2,\n"
    "and nothing is written to standard output. Format: docs/entitlement.md.\n"
    "\n"
    "  --explain        add the contributions and a trace of every rule applied, with the\n"
    "                   parameter values, their dates and their sources\n"
    "  --params FILE    legal parameter table (default: scenarios/params/cmg-2018-2026.json)\n";

// About two million requests; the reading stops at the limit.
constexpr std::size_t max_input_bytes = std::size_t{512} << 20;

}  // namespace

int entitlement_command(const std::vector<std::string>& arguments, std::istream& in,
                        std::ostream& out, std::ostream&) {
    std::string input_path = "-";
    std::string params_path = law::LegalParameters::default_path();
    bool explain = false;
    bool input_given = false;
    OptionsSeen seen("entitlement");
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        seen.note(argument);
        if (argument == "--help" || argument == "-h") {
            out << entitlement_help;
            return exit_ok;
        }
        if (argument == "--explain") {
            explain = true;
        } else if (argument == "--params") {
            params_path = option_value(arguments, i);
        } else if (argument.size() > 1 && argument.front() == '-') {
            throw UsageError{"entitlement: unknown option '" + argument + "'"};
        } else if (input_given) {
            throw UsageError{"entitlement: only one input FILE"};
        } else {
            input_path = argument;
            input_given = true;
        }
    }

    const auto parameters = law::LegalParameters::load_file(params_path);
    const std::string name = input_path == "-" ? "<stdin>" : input_path;
    if (input_path == "-" && &in == &std::cin) {
        // `pajesim entitlement - < folder`: reading it fails; say why.
        struct stat status {};
        if (::fstat(STDIN_FILENO, &status) == 0 && S_ISDIR(status.st_mode)) throw InputError(name, "is a folder, not a file");
    }
    const std::string text = input_path == "-" ? read_input_stream(in, name, max_input_bytes)
                                               : read_input_file(input_path, max_input_bytes);
    const auto requests = harness::parse_entitlement_requests(text, name, *parameters);
    std::string output;
    output.reserve(requests.size() * 200);
    for (const auto& request : requests) {
        const law::MonthParameters& month = parameters->for_month(request.month);
        law::Explanation explanation;
        const law::Entitlement result = law::compute_entitlement(
            request.household, request.contract, month, explain ? &explanation : nullptr,
            law::Detail::with_reason, request.transitional ? &*request.transitional : nullptr);
        output += harness::format_entitlement(request, result, explain ? &explanation : nullptr);
        output += '\n';
    }
    out << output;
    out.flush();
    return exit_ok;
}

}  // namespace pajesim::cli
