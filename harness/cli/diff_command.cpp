#include <chrono>
#include <iostream>
#include <random>

#include "harness/cli/cli.hpp"
#include "harness/cli/progress.hpp"
#include "harness/runner/child_process.hpp"
#include "harness/runner/diff.hpp"
#include "harness/runner/output_files.hpp"
#include "sim/kernel/json_input.hpp"

namespace pajesim::cli {
namespace {

constexpr const char* diff_help =
    "usage: pajesim diff --calculator 'COMMAND' [--cases N | --time-budget SECONDS] [--seed S]\n"
    "                    [--months FROM..TO] [--params FILE] [--out DIR]\n"
    "                    [--calculator-timeout SECONDS] [--batch-size N] [--quiet]\n"
    "\n"
    "Differential testing of an entitlement calculator: COMMAND (run by /bin/sh -c) reads\n"
    "requests in the 'pajesim entitlement' JSON Lines format on its standard input and\n"
    "writes one result per line, in order (docs/entitlement.md). pajesim draws requests from\n"
    "the seed, weighted to the law's edges, sends them in batches, and compares each answer\n"
    "with the oracle. Bracket regime (care months up to 2025-08): resource ceilings +-1, 3rd\n"
    "and 6th birthdays, 29 February, the 85 % cap, the daily cap; compared: eligible,\n"
    "bracket, cmg_max, cmg_remuneration, crds, cmg_paid, contributions_covered_rate. Hourly\n"
    "CMG (from 2025-09): the resource floor and ceiling and the rounding of /12, the hourly\n"
    "cap x hours +-1 cent, the zero-CMG threshold, 6th and 12th birthdays, 1 to 11 children,\n"
    "AEEH, indemnities, the complement's 90 % cap; compared: regime, eligible,\n"
    "resources_monthly, effort_rate, cost_retained, reference_cost, cmg_remuneration, crds,\n"
    "cmg_paid, contributions_covered_rate, transitional_paid. Months where a parameter\n"
    "changes (the regime switch 2025-08/09 among them) are drawn more often. Each\n"
    "disagreement is shrunk to a minimal request and written, with both answers and the\n"
    "oracle's trace, to DIR/disagreements.jsonl (default out/diff/). Format: docs/diff.md.\n"
    "\n"
    "  --calculator CMD          the calculator's command line (required)\n"
    "  --cases N                 requests to draw (default 10000)\n"
    "  --time-budget SECONDS     draw batches until the budget is spent, instead of --cases\n"
    "  --seed S                  the seed (default: random, printed first)\n"
    "  --months FROM..TO         care months to draw from, e.g. 2025-09..2026-12 for the\n"
    "                            hourly CMG only (default: every month the table covers,\n"
    "                            of both regimes)\n"
    "  --params FILE             the oracle's parameter table (default: the shipped one)\n"
    "  --out DIR                 output folder (default out/diff)\n"
    "  --calculator-timeout S    time allowed to each call of the calculator (default 30)\n"
    "  --batch-size N            requests per call of the calculator, 1 to 100000 (default 1000)\n"
    "  --quiet                   no progress bar\n"
    "\n"
    "exit codes: 0 no disagreement, 1 disagreements (written), 2 bad usage or input,\n"
    "3 the calculator broke the protocol (malformed or missing lines, a wrong id, a crash,\n"
    "a non-zero exit or a time-out; nothing written)\n";

struct DiffArguments {
    std::string calculator;
    std::optional<std::uint64_t> cases;
    std::optional<std::uint64_t> budget_seconds;
    std::optional<std::uint64_t> seed;
    std::optional<std::string> months;
    std::string params_path = law::LegalParameters::default_path();
    bool params_given = false;
    std::string folder = "out/diff";
    std::uint64_t timeout_seconds = 30;
    std::uint64_t batch_size = 1000;
    bool quiet = false;
};

// Returns false when --help was asked for (and printed).
bool read_arguments(const std::vector<std::string>& arguments, std::ostream& out,
                    DiffArguments& parsed) {
    OptionsSeen seen("diff");
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        seen.note(argument);
        const auto value = [&]() -> const std::string& { return option_value(arguments, i); };
        if (argument == "--help" || argument == "-h") {
            out << diff_help;
            return false;
        }
        if (argument == "--calculator") {
            parsed.calculator = value();
            if (parsed.calculator.find_first_not_of(" \t") == std::string::npos) {
                throw UsageError{"diff: --calculator needs a command"};
            }
        } else if (argument == "--cases") {
            parsed.cases = whole_number("--cases", value(), 1, 100'000'000);
        } else if (argument == "--time-budget") {
            parsed.budget_seconds = whole_number("--time-budget", value(), 1, 7 * 24 * 3600);
        } else if (argument == "--seed") {
            parsed.seed = whole_number("--seed", value(), 0, UINT64_MAX);
        } else if (argument == "--months") {
            parsed.months = value();
        } else if (argument == "--params") {
            parsed.params_path = value();
            parsed.params_given = true;
        } else if (argument == "--out") {
            parsed.folder = value();
        } else if (argument == "--calculator-timeout") {
            parsed.timeout_seconds = whole_number("--calculator-timeout", value(), 1, 24 * 3600);
        } else if (argument == "--batch-size") {
            parsed.batch_size = whole_number("--batch-size", value(), 1, 100'000);
        } else if (argument == "--quiet") {
            parsed.quiet = true;
        } else {
            throw UsageError{"diff: unknown argument '" + argument + "'"};
        }
    }
    if (parsed.calculator.empty()) throw UsageError{"diff: --calculator 'COMMAND' is required"};
    if (parsed.cases && parsed.budget_seconds) {
        throw UsageError{"diff: --cases or --time-budget, not both"};
    }
    if (!parsed.cases && !parsed.budget_seconds) parsed.cases = 10'000;
    return true;
}

// "2019-01..2019-12": both months, the first not after the second.
std::pair<YearMonth, YearMonth> month_range(const std::string& text) {
    const auto refuse = [&] {
        return UsageError{"diff: --months needs FROM..TO, two months YYYY-MM with FROM not after "
                          "TO, got '" + text + "'"};
    };
    const std::size_t dots = text.find("..");
    if (dots == std::string::npos) throw refuse();
    const auto first = YearMonth::parse(text.substr(0, dots));
    const auto last = YearMonth::parse(text.substr(dots + 2));
    if (!first || !last || *last < *first) throw refuse();
    return {*first, *last};
}

// Single-quoted for sh, so that the replay command can be pasted as it is.
std::string shell_quoted(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

std::string last_lines(const std::string& text) {
    std::string tail = text;
    while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.pop_back();
    if (tail.size() > 600) tail = "..." + tail.substr(tail.size() - 600);
    return tail;
}

harness::Calculator process_calculator(const std::string& command, std::uint64_t timeout_seconds) {
    const std::chrono::milliseconds timeout{timeout_seconds * 1000};
    return [command, timeout](const std::string& input) {
        const harness::ChildOutcome outcome = harness::run_child(command, input, timeout);
        if (outcome.succeeded()) return outcome.output;
        std::string message = "the calculator " + outcome.describe(timeout);
        const std::string tail = last_lines(outcome.error_tail);
        if (!tail.empty()) message += "; its standard error ended with:\n" + tail;
        throw harness::CalculatorBroke(message);
    };
}

void print_disagreement(std::ostream& out, const harness::Disagreement& d) {
    std::string fields;
    for (const auto& field : d.fields) fields += (fields.empty() ? "" : ", ") + field;
    out << "disagreement on " << fields << " (case " << d.case_index << ", shrunk in "
        << d.shrink_steps << " steps";
    if (d.cases > 1) out << ", " << d.cases << " cases";
    out << "):\n  request    " << d.request.dump() << "\n  calculator";
    const auto fields_compared = harness::compared_fields(harness::answer_regime(d.oracle));
    for (const char* field : fields_compared) out << " " << field << "=" << d.calculator[field].dump();
    out << "\n  oracle    ";
    for (const char* field : fields_compared) out << " " << field << "=" << d.oracle[field].dump();
    out << "\n";
}

}  // namespace

int diff_command(const std::vector<std::string>& arguments, std::istream&, std::ostream& out,
                 std::ostream& err) {
    DiffArguments options;
    if (!read_arguments(arguments, out, options)) return exit_ok;
    const auto parameters = law::LegalParameters::load_file(options.params_path);
    std::optional<std::pair<YearMonth, YearMonth>> range;
    if (options.months) {
        range = month_range(*options.months);
        // Every month of the range is one the table covers (law-parameters.md): a range
        // reaching outside is refused, not clipped.
        for (YearMonth month = range->first; month <= range->second; month = month.plus_months(1)) {
            if (!parameters->covers(month)) {
                throw InputError("--months", "month " + month.to_string() + " of " + *options.months +
                                                 " is outside the periods covered by the legal parameters " +
                                                 parameters->version() + " (" + parameters->covered_periods() + ")");
            }
        }
    }
    const YearMonth first = range ? range->first : YearMonth::from_civil(1900, 1);
    const YearMonth last = range ? range->second : YearMonth::from_civil(2199, 12);
    const harness::DiffSpace space = harness::diff_space(*parameters, first, last);
    harness::OutputFolder folder(options.folder, {"disagreements.jsonl"});
    folder.refuse_input(options.params_path);
    // The calculator's own files (its program, its table) are inputs too.
    for (const std::string& file : files_named_in(options.calculator)) folder.refuse_input(file);
    if (!options.seed) options.seed = std::random_device{}() | (std::uint64_t{std::random_device{}()} << 32);
    out << "pajesim diff: seed " << *options.seed << "\n";
    out.flush();

    const auto start = std::chrono::steady_clock::now();
    const auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    ProgressBar progress("diff", options.quiet);
    harness::DiffOptions diff;
    diff.seed = *options.seed;
    diff.cases = options.cases;
    diff.batch_size = options.batch_size;
    if (options.budget_seconds) {
        diff.out_of_time = [&] { return elapsed() >= static_cast<double>(*options.budget_seconds); };
    }
    diff.progress = [&](std::uint64_t done) {
        if (options.cases) progress.update(static_cast<std::int64_t>(done), static_cast<std::int64_t>(*options.cases));
        else progress.update(static_cast<std::int64_t>(elapsed()), static_cast<std::int64_t>(*options.budget_seconds));
    };
    harness::DiffResult result;
    try {
        result = harness::run_diff(space, diff, process_calculator(options.calculator, options.timeout_seconds));
    } catch (const harness::CalculatorBroke& broke) {
        progress.finish();
        err << "pajesim diff: the calculator broke the protocol: " << broke.what() << "\n";
        return exit_broken_protocol;
    }
    progress.finish();

    std::string lines;
    for (const auto& d : result.disagreements) lines += harness::disagreement_line(d, *parameters) + "\n";
    folder.commit({lines});
    // The first few on the terminal; all of them in the file.
    constexpr std::size_t shown = 3;
    for (std::size_t i = 0; i < std::min(shown, result.disagreements.size()); ++i) {
        print_disagreement(out, result.disagreements[i]);
    }
    if (result.disagreements.size() > shown) {
        out << "... and " << result.disagreements.size() - shown << " more in "
            << folder.target() << "/disagreements.jsonl\n";
    }
    const double seconds = elapsed();
    out << result.cases << " cases, " << result.disagreeing_cases << " disagreeing ("
        << result.disagreements.size() << " distinct after shrinking, in " << folder.target()
        << "/disagreements.jsonl), " << result.calculator_calls << " calculator calls, "
        << static_cast<std::uint64_t>(static_cast<double>(result.cases) / std::max(seconds, 1e-3))
        << " cases/s, seed " << *options.seed << "\n";
    out << "replay: pajesim diff --calculator " << shell_quoted(options.calculator) << " --cases "
        << result.cases << " --seed " << *options.seed;
    if (options.months) out << " --months " << *options.months;
    if (options.params_given) out << " --params " << shell_quoted(options.params_path);
    out << "\n";
    return result.disagreeing_cases > 0 ? exit_violation : exit_ok;
}

}  // namespace pajesim::cli
