// Comparing a calculator with the oracle, and shrinking what they disagree on (docs/diff.md).

#include "harness/runner/diff.hpp"

#include <map>

#include "harness/runner/entitlement_io.hpp"
#include "sim/kernel/assert.hpp"
#include "sim/kernel/json_input.hpp"

namespace pajesim::harness {
namespace {

// Shrinking stops after this many rounds even if a candidate is still accepted: each accepted
// candidate is strictly simpler, so this is only a guard against a mistake in that promise.
constexpr int max_shrink_rounds = 500;

std::string request_lines(const std::vector<OrderedJson>& requests) {
    std::string text;
    for (const auto& request : requests) {
        text += request.dump();
        text += '\n';
    }
    return text;
}

std::vector<EntitlementRequest> parsed(const std::vector<OrderedJson>& requests,
                                       const law::LegalParameters& parameters) {
    try {
        return parse_entitlement_requests(request_lines(requests), "<generated>", parameters);
    } catch (const InputError& error) {
        // Every generated or shrunk request must be one `pajesim entitlement` accepts.
        throw InternalError(std::string("a generated request is invalid: ") + error.what());
    }
}

bool is_amount(const OrderedJson& value) {
    return value.is_string() || value.is_number();
}

// The compared decimals (rates, monthly resources) are never below zero: they are written
// without sign, and a minus is refused whatever the value ("-0").
bool unsigned_text(const OrderedJson& value) {
    if (value.is_string()) return value.get_ref<const std::string&>().rfind('-', 0) != 0;
    return value.is_number() && value.dump().rfind('-', 0) != 0;
}

std::optional<Cents> amount_of(const OrderedJson& value) {
    if (value.is_string()) return Cents::parse(value.get<std::string>());
    if (value.is_number()) return Cents::parse(value.dump());
    return std::nullopt;
}

// A decimal written as a string ("0.888889", "3000") or a JSON number (0.0619, 1, 6.19e-05),
// read exactly: at most 12 decimals and 6 digits before the point.
std::optional<Ratio> decimal_of(const OrderedJson& value) {
    if (value.is_string()) return Ratio::parse_decimal(value.get<std::string>());
    if (!value.is_number()) return std::nullopt;
    std::string text = value.dump();
    const std::size_t exponent_at = text.find_first_of("eE");
    if (exponent_at == std::string::npos) return Ratio::parse_decimal(text);
    // d.ddde-N or d.ddde+N: move the point.
    int exponent = 0;
    try {
        exponent = std::stoi(text.substr(exponent_at + 1));
    } catch (const std::exception&) {
        return std::nullopt;
    }
    std::string mantissa = text.substr(0, exponent_at);
    const bool negative = !mantissa.empty() && mantissa.front() == '-';
    if (negative) mantissa.erase(0, 1);
    std::size_t point = mantissa.find('.');
    if (point == std::string::npos) point = mantissa.size();
    else mantissa.erase(point, 1);
    const long shifted = static_cast<long>(point) + exponent;
    if (shifted < -12 || shifted > 6) return std::nullopt;
    if (shifted <= 0) {
        mantissa = "0." + std::string(static_cast<std::size_t>(-shifted), '0') + mantissa;
    } else if (static_cast<std::size_t>(shifted) >= mantissa.size()) {
        mantissa += std::string(static_cast<std::size_t>(shifted) - mantissa.size(), '0');
    } else {
        mantissa.insert(static_cast<std::size_t>(shifted), ".");
    }
    return Ratio::parse_decimal((negative ? "-" : "") + mantissa);
}

// How a compared field is read and compared.
enum class FieldKind { boolean, bracket, regime, amount, decimal };

FieldKind kind_of(std::string_view field) {
    if (field == "eligible") return FieldKind::boolean;
    if (field == "bracket") return FieldKind::bracket;
    if (field == "regime") return FieldKind::regime;
    if (field == "contributions_covered_rate" || field == "effort_rate" || field == "resources_monthly") {
        return FieldKind::decimal;
    }
    return FieldKind::amount;
}

// Why the value of a compared field is not of its type, or empty.
std::string type_fault(const std::string& field, const OrderedJson& value) {
    switch (kind_of(field)) {
        case FieldKind::boolean: return value.is_boolean() ? "" : "is not true or false";
        case FieldKind::bracket: {
            if (value.is_null()) return "";
            const bool whole = value.is_number_integer() || value.is_number_unsigned();
            if (whole && value.get<std::int64_t>() >= 1 && value.get<std::int64_t>() <= 3) return "";
            return "is not 1, 2, 3 or null";
        }
        case FieldKind::regime:
            return value == "brackets" || value == "hourly" ? "" : "is not \"brackets\" or \"hourly\"";
        case FieldKind::decimal:
            return unsigned_text(value) && decimal_of(value) ? "" : "is not a decimal such as \"0.0619\" or \"1.00\"";
        case FieldKind::amount:
            return is_amount(value) && amount_of(value) ? "" : "is not an amount such as \"297.10\"";
    }
    return "";
}

std::string shown(const OrderedJson& value) {
    std::string text = value.dump();
    if (text.size() > 80) text = std::string(utf8_prefix(text, 77)) + "...";
    return text;
}

std::string answer_fault(std::string_view line, const OrderedJson& request, law::Regime regime,
                         OrderedJson& answer) {
    if (line.find_first_not_of(" \t") == std::string_view::npos) return "empty line";
    // The strict reader of every JSON input first (a duplicate key, nesting beyond 64 levels,
    // a NUL byte, invalid UTF-8 or text after the object break the protocol), then the
    // answer in its own key order.
    try {
        (void)parse_json_line(line, "the answer");
        answer = OrderedJson::parse(line);
    } catch (const InputError& error) {
        return error.where_and_why();  // where in the answer, when the reader knows
    } catch (const nlohmann::json::exception&) {
        return "malformed JSON";
    }
    if (!answer.is_object()) return "not a JSON object: " + shown(answer);
    const std::string& id = request.at("id").get_ref<const std::string&>();
    if (!answer.contains("id")) return "missing field \"id\" (the request's is \"" + id + "\")";
    if (answer["id"] != id) {
        return "id " + shown(answer["id"]) + " is not the request's \"" + id + "\"";
    }
    // The bracket regime's messages are those of the first version of diff; the hourly
    // regime's say why the field is needed.
    const std::string needed = regime == law::Regime::hourly
                                   ? " (compared for care month " + request.at("month").get<std::string>() +
                                         ", of the hourly regime)"
                                   : std::string();
    for (const char* field : compared_fields(regime)) {
        if (!answer.contains(field)) return std::string("missing field \"") + field + "\"" + needed;
        const std::string fault = type_fault(field, answer[field]);
        if (!fault.empty()) return std::string("field \"") + field + "\" " + fault + ": " + shown(answer[field]);
    }
    return "";
}

class Session {
public:
    Session(const DiffSpace& space, const Calculator& calculator)
        : space_(space), calculator_(calculator) {}

    // The calculator's answers, read and checked, or CalculatorBroke naming the call.
    std::vector<OrderedJson> ask(const std::vector<OrderedJson>& requests, const std::string& what) {
        ++calls_;
        const std::string where = "call " + std::to_string(calls_) + " (" + what + ", " +
                                  std::to_string(requests.size()) + " requests)";
        std::string output;
        try {
            output = calculator_(request_lines(requests));
            return read_answers(output, requests, *space_.parameters);
        } catch (const CalculatorBroke& error) {
            throw CalculatorBroke(where + ": " + error.what());
        }
    }

    const law::LegalParameters& parameters() const { return *space_.parameters; }
    std::uint64_t calls() const { return calls_; }

private:
    const DiffSpace& space_;
    const Calculator& calculator_;
    std::uint64_t calls_ = 0;
};

bool contains(const std::vector<std::string>& fields, const std::string& field) {
    return std::find(fields.begin(), fields.end(), field) != fields.end();
}

struct Shrinking {
    Disagreement disagreement;
    std::string key_field;  // a candidate is kept when this field still differs
    bool done = false;
};

// All pending disagreements shrink together, one calculator call per round: the first
// candidate of each that still disagrees on its key field replaces it.
void shrink_all(Session& session, std::vector<Shrinking>& pending) {
    for (int round = 0; round < max_shrink_rounds; ++round) {
        std::vector<OrderedJson> batch;
        std::vector<std::pair<std::size_t, std::size_t>> ranges;  // per pending: [first, end)
        for (Shrinking& shrinking : pending) {
            const std::size_t first = batch.size();
            if (!shrinking.done) {
                const OrderedJson& request = shrinking.disagreement.request;
                auto candidates = shrink_candidates(request, session.parameters());
                for (std::size_t k = 0; k < candidates.size(); ++k) {
                    candidates[k]["id"] = "case-" + std::to_string(shrinking.disagreement.case_index) +
                                          "-shrink-" + std::to_string(round + 1) + "." +
                                          std::to_string(k);
                    batch.push_back(std::move(candidates[k]));
                }
                if (candidates.empty()) shrinking.done = true;
            }
            ranges.emplace_back(first, batch.size());
        }
        if (batch.empty()) return;
        const auto answers = session.ask(batch, "shrinking round " + std::to_string(round + 1));
        const auto oracle = oracle_answers(batch, session.parameters());
        for (std::size_t i = 0; i < pending.size(); ++i) {
            Shrinking& shrinking = pending[i];
            if (shrinking.done) continue;
            shrinking.done = true;
            for (std::size_t k = ranges[i].first; k < ranges[i].second; ++k) {
                auto fields = differing_fields(oracle[k], answers[k]);
                if (!contains(fields, shrinking.key_field)) continue;
                // The request keeps the id it was sent with, so that it replays as it is.
                Disagreement& d = shrinking.disagreement;
                d.request = batch[k];
                d.calculator = answers[k];
                d.oracle = oracle[k];
                d.fields = std::move(fields);
                ++d.shrink_steps;
                shrinking.done = false;
                break;
            }
        }
    }
}

// One entry per distinct minimal request (its id aside) and set of fields, first case first.
std::vector<Disagreement> distinct(std::vector<Shrinking> shrunk) {
    std::vector<Disagreement> result;
    std::map<std::string, std::size_t> seen;
    for (Shrinking& shrinking : shrunk) {
        OrderedJson key = shrinking.disagreement.request;
        key.erase("id");
        std::string text = key.dump();
        for (const auto& field : shrinking.disagreement.fields) text += " " + field;
        const auto [where, inserted] = seen.emplace(text, result.size());
        if (inserted) result.push_back(std::move(shrinking.disagreement));
        else ++result[where->second].cases;
    }
    return result;
}

}  // namespace

std::vector<OrderedJson> oracle_answers(const std::vector<OrderedJson>& requests,
                                        const law::LegalParameters& parameters) {
    std::vector<OrderedJson> answers;
    answers.reserve(requests.size());
    for (const EntitlementRequest& request : parsed(requests, parameters)) {
        const law::Entitlement result = law::compute_entitlement(
            request.household, request.contract, parameters.for_month(request.month), nullptr,
            law::Detail::with_reason, request.transitional ? &*request.transitional : nullptr);
        answers.push_back(OrderedJson::parse(format_entitlement(request, result, nullptr)));
    }
    return answers;
}

OrderedJson oracle_explanation(const OrderedJson& request, const law::LegalParameters& parameters) {
    const EntitlementRequest facts = parsed({request}, parameters).front();
    law::Explanation explanation;
    (void)law::compute_entitlement(facts.household, facts.contract,
                                   parameters.for_month(facts.month), &explanation,
                                   law::Detail::with_reason,
                                   facts.transitional ? &*facts.transitional : nullptr);
    return OrderedJson(explanation.steps());
}

std::span<const char* const> compared_fields(law::Regime regime) {
    if (regime == law::Regime::hourly) return hourly_compared_fields;
    return bracket_compared_fields;
}

law::Regime request_regime(const OrderedJson& request, const law::LegalParameters& parameters) {
    const auto month = YearMonth::parse(request.at("month").get<std::string>());
    PAJESIM_ASSERT(month.has_value());
    return parameters.for_month(*month).regime->value;
}

law::Regime answer_regime(const OrderedJson& oracle_answer) {
    return oracle_answer.at("regime") == "hourly" ? law::Regime::hourly : law::Regime::brackets;
}

std::vector<OrderedJson> read_answers(std::string_view output,
                                      const std::vector<OrderedJson>& requests,
                                      const law::LegalParameters& parameters) {
    std::vector<OrderedJson> answers;
    std::size_t position = 0;
    while (position < output.size()) {
        std::size_t end = output.find('\n', position);
        if (end == std::string_view::npos) end = output.size();
        std::string_view line = output.substr(position, end - position);
        position = end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const std::string where = "output line " + std::to_string(answers.size() + 1);
        if (answers.size() == requests.size()) {
            throw CalculatorBroke(where + ": an extra line (" + std::to_string(requests.size()) +
                                  " requests were sent)");
        }
        OrderedJson answer;
        const OrderedJson& request = requests[answers.size()];
        const std::string fault = answer_fault(line, request, request_regime(request, parameters), answer);
        if (!fault.empty()) throw CalculatorBroke(where + ": " + fault);
        answers.push_back(std::move(answer));
    }
    if (answers.size() < requests.size()) {
        throw CalculatorBroke("output line " + std::to_string(answers.size() + 1) + ": missing (" +
                              std::to_string(answers.size()) + " lines for " +
                              std::to_string(requests.size()) + " requests)");
    }
    return answers;
}

std::vector<std::string> differing_fields(const OrderedJson& oracle, const OrderedJson& calculator) {
    std::vector<std::string> fields;
    for (const char* field : compared_fields(answer_regime(oracle))) {
        const OrderedJson& expected = oracle.at(field);
        const OrderedJson& actual = calculator.at(field);
        bool same = false;
        switch (kind_of(field)) {
            case FieldKind::boolean:
            case FieldKind::bracket:
            case FieldKind::regime: same = expected == actual; break;
            case FieldKind::amount: same = amount_of(expected) == amount_of(actual); break;
            case FieldKind::decimal: same = decimal_of(expected) == decimal_of(actual); break;
        }
        if (!same) fields.emplace_back(field);
    }
    return fields;
}

DiffResult run_diff(const DiffSpace& space, const DiffOptions& options,
                    const Calculator& calculator) {
    PAJESIM_ASSERT(options.batch_size > 0);
    Session session(space, calculator);
    DiffResult result;
    std::vector<Shrinking> pending;
    for (std::uint64_t next = 0;;) {
        if (options.cases && next >= *options.cases) break;
        if (!options.cases && next > 0 && options.out_of_time && options.out_of_time()) break;
        std::uint64_t count = options.batch_size;
        if (options.cases) count = std::min<std::uint64_t>(count, *options.cases - next);
        std::vector<OrderedJson> requests;
        for (std::uint64_t i = 0; i < count; ++i) {
            requests.push_back(generate_request(space, options.seed, next + i));
        }
        const auto answers = session.ask(requests, "cases " + std::to_string(next) + " to " +
                                                       std::to_string(next + count - 1));
        const auto oracle = oracle_answers(requests, *space.parameters);
        for (std::uint64_t i = 0; i < count; ++i) {
            auto fields = differing_fields(oracle[i], answers[i]);
            if (fields.empty()) continue;
            ++result.disagreeing_cases;
            if (pending.size() >= options.max_shrunk) continue;
            Disagreement d;
            d.case_index = next + i;
            d.original_request = requests[i];
            d.request = requests[i];
            d.calculator = answers[i];
            d.oracle = oracle[i];
            const std::string key = fields.front();
            d.fields = std::move(fields);
            pending.push_back(Shrinking{std::move(d), key, false});
        }
        next += count;
        result.cases = next;
        if (options.progress) options.progress(next);
    }
    shrink_all(session, pending);
    result.disagreements = distinct(std::move(pending));
    result.calculator_calls = session.calls();
    return result;
}

std::string disagreement_line(const Disagreement& disagreement,
                              const law::LegalParameters& parameters) {
    OrderedJson line;
    line["case"] = disagreement.case_index;
    line["fields"] = disagreement.fields;
    line["request"] = disagreement.request;
    line["calculator"] = disagreement.calculator;
    line["oracle"] = disagreement.oracle;
    line["explain"] = oracle_explanation(disagreement.request, parameters);
    line["original_request"] = disagreement.original_request;
    line["shrink_steps"] = disagreement.shrink_steps;
    line["cases"] = disagreement.cases;
    return line.dump();
}

}  // namespace pajesim::harness
