#pragma once
// Differential testing of an entitlement calculator against the oracle (docs/diff.md).
// Requests are drawn from the seed, weighted to the law's edges, sent in batches to the
// calculator (any program speaking the `pajesim entitlement` JSON Lines format), and each
// answer is compared with the oracle's. Every disagreement is shrunk to a minimal request.
// Nothing here starts a process: the calculator is a function from request lines to the text
// it printed, so all of this is testable in-process.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/kernel/date.hpp"
#include "sim/kernel/json_input.hpp"
#include "sim/law/parameters.hpp"

namespace pajesim::harness {

using OrderedJson = nlohmann::ordered_json;

// The months requests are drawn from: the covered months from `first` to `last`, of both
// regimes (brackets, then the hourly CMG), and among them the first and last months of every
// parameter period (where some value of the table changes, the regime switch included, and
// the ends of the covered periods).
struct DiffSpace {
    const law::LegalParameters* parameters = nullptr;
    std::vector<YearMonth> months;
    std::vector<YearMonth> edge_months;
};

// Throws InputError when no covered month lies in [first, last].
DiffSpace diff_space(const law::LegalParameters& parameters, YearMonth first, YearMonth last);

// The request of case `index`: a pure function of (seed, index), valid for the oracle. A
// month of the hourly regime gets a request of that regime (hours, one child per assmat...).
OrderedJson generate_request(const DiffSpace& space, std::uint64_t seed, std::uint64_t index);

// The result fields compared, by the regime of the request's care month, in the order
// `fields` lists them (docs/diff.md). The hourly list puts the intermediate values (R, the
// effort rate, the retained cost) before the amounts that follow from them, so that the first
// field that differs, which shrinking keeps, is the nearest to the defect.
inline constexpr const char* bracket_compared_fields[] = {
    "eligible", "bracket", "cmg_max", "cmg_remuneration", "crds", "cmg_paid",
    "contributions_covered_rate"};
inline constexpr const char* hourly_compared_fields[] = {
    "regime", "eligible", "resources_monthly", "effort_rate", "cost_retained", "reference_cost",
    "cmg_remuneration", "crds", "cmg_paid", "contributions_covered_rate", "transitional_paid"};
std::span<const char* const> compared_fields(law::Regime regime);
// The regime of the request's care month (the request's month must be covered).
law::Regime request_regime(const OrderedJson& request, const law::LegalParameters& parameters);
// The regime of an answer of the oracle (its "regime" key).
law::Regime answer_regime(const OrderedJson& oracle_answer);

// The oracle's answers to the requests, as `pajesim entitlement` prints them.
std::vector<OrderedJson> oracle_answers(const std::vector<OrderedJson>& requests,
                                        const law::LegalParameters& parameters);
// The oracle's `--explain` trace for one request.
OrderedJson oracle_explanation(const OrderedJson& request, const law::LegalParameters& parameters);

// A calculator that did not speak the protocol: the message names the line and the reason.
class CalculatorBroke : public std::runtime_error {
public:
    // The message quotes the calculator's output: written printable (json_input.hpp).
    explicit CalculatorBroke(const std::string& message) : std::runtime_error(printable(message)) {}
};

// Reads the calculator's output for `requests`: one JSON object per line, in order, each
// with the request's id and every field compared for the regime of the request's month well
// typed. Throws CalculatorBroke ("output line K: reason") otherwise.
std::vector<OrderedJson> read_answers(std::string_view output,
                                      const std::vector<OrderedJson>& requests,
                                      const law::LegalParameters& parameters);

// The compared fields (those of the oracle answer's regime) whose values differ: amounts
// compared as amounts ("297.1" = "297.10"), rates and monthly resources as decimals
// ("0.50" = "0.5", "3000" = "3000.00"), the rest as JSON values.
std::vector<std::string> differing_fields(const OrderedJson& oracle, const OrderedJson& calculator);

// Simpler requests to try in place of `request`, simplest change first: fewer children, fewer
// optional keys, no single parent, births on the 1st, resources at 0, a round value or the
// nearest ceiling (kept on their ceiling when a change moves the ceilings), round salaries
// (and, in the hourly regime, round hours, meals, indemnities and transitional amounts).
// Each is valid for the oracle (an hourly request keeps its hours and an assmat's one child,
// and its indemnities within the net salary) and strictly simpler, so shrinking ends.
std::vector<OrderedJson> shrink_candidates(const OrderedJson& request,
                                           const law::LegalParameters& parameters);

// Whether the resources equal a bracket ceiling for the request's month, dependent children
// and single-parent status (the edges the generator aims at). Always false in a month of the
// hourly regime, which has no brackets.
bool resources_on_ceiling(const OrderedJson& request, const law::LegalParameters& parameters);

// Sends request lines to the calculator and returns what it printed; throws CalculatorBroke
// when it crashed, failed or timed out.
using Calculator = std::function<std::string(const std::string& request_lines)>;

struct Disagreement {
    std::uint64_t case_index = 0;
    OrderedJson original_request;
    OrderedJson request;  // minimal
    OrderedJson calculator;
    OrderedJson oracle;
    std::vector<std::string> fields;
    std::uint64_t shrink_steps = 0;
    std::uint64_t cases = 1;  // disagreeing cases that shrank to this same request
};

struct DiffOptions {
    std::uint64_t seed = 0;
    std::optional<std::uint64_t> cases;          // else until out_of_time() says so
    std::function<bool()> out_of_time;
    std::size_t batch_size = 1000;
    std::size_t max_shrunk = 50;                 // disagreeing cases shrunk; the rest counted
    std::function<void(std::uint64_t cases_done)> progress;
};

struct DiffResult {
    std::uint64_t cases = 0;
    std::uint64_t disagreeing_cases = 0;
    std::uint64_t calculator_calls = 0;
    std::vector<Disagreement> disagreements;  // distinct minimal requests, by first case
};

DiffResult run_diff(const DiffSpace& space, const DiffOptions& options,
                    const Calculator& calculator);

// One line of disagreements.jsonl (without the newline), with the oracle's trace.
std::string disagreement_line(const Disagreement& disagreement,
                              const law::LegalParameters& parameters);

}  // namespace pajesim::harness
