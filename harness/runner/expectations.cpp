#include "harness/runner/expectations.hpp"

#include <algorithm>

#include "harness/invariants/invariant_set.hpp"
#include "harness/runner/scenario_run.hpp"
#include "sim/kernel/json_input.hpp"

namespace pajesim::harness {
namespace {

std::vector<std::string> read_names(const JsonValue& list) {
    std::vector<std::string> names;
    const std::size_t size = list.array_size(1, 20);
    for (std::size_t i = 0; i < size; ++i) {
        const JsonValue item = list.at(i);
        const std::string name = item.as_string();
        const auto& known = invariants::InvariantSet::names();
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            std::string all;
            for (const auto& n : known) all += (all.empty() ? "" : ", ") + std::string(n);
            item.fail("unknown invariant \"" + name + "\" (known: " + all + ")");
        }
        names.push_back(name);
    }
    return names;
}

model::Range<std::int64_t> read_count_range(const JsonValue& value) {
    ObjectReader reader(value);
    model::Range<std::int64_t> range{0, INT64_MAX};
    if (auto min = reader.optional("min")) range.min = min->as_int(0, INT64_MAX);
    if (auto max = reader.optional("max")) range.max = max->as_int(0, INT64_MAX);
    reader.finish();
    if (range.max < range.min) value.fail("max is below min");
    return range;
}

}  // namespace

Expectations read_expectations(const nlohmann::json& expect, const std::string& file) {
    Expectations result;
    const JsonValue root(expect, file, "/expect");
    ObjectReader reader(root);
    if (auto hold = reader.optional("invariants_hold")) {
        if (hold->raw().is_string()) {
            if (hold->as_string() != "all") hold->fail("expected \"all\" or a list of invariants");
            result.all_hold = true;
        } else {
            result.hold = read_names(*hold);
        }
    }
    if (auto violated = reader.optional("invariants_violated")) result.violated = read_names(*violated);
    for (const auto& name : result.violated) {
        if (result.all_hold || std::find(result.hold.begin(), result.hold.end(), name) != result.hold.end()) {
            reader.required("invariants_violated").fail("\"" + name + "\" cannot both hold and be violated");
        }
    }
    if (auto range = reader.optional("families_affected")) result.families_affected = read_count_range(*range);
    if (auto range = reader.optional("families_still_owed_at_end")) {
        result.families_still_owed_at_end = read_count_range(*range);
    }
    if (auto range = reader.optional("money_owed_peak")) {
        ObjectReader money(*range);
        model::Range<Cents> bounds{Cents{0}, Cents{INT64_MAX}};
        if (auto min = money.optional("min")) bounds.min = min->as_cents(Cents{0}, Cents{INT64_MAX / 2});
        if (auto max = money.optional("max")) bounds.max = max->as_cents(Cents{0}, Cents{INT64_MAX / 2});
        money.finish();
        if (bounds.max < bounds.min) range->fail("max is below min");
        result.money_owed_peak = bounds;
    }
    reader.finish();
    return result;
}

std::vector<std::string> unmet_expectations(const Expectations& expected, const RunOutcome& run) {
    std::vector<std::string> failures;
    for (const invariants::InvariantVerdict& verdict : run.verdicts) {
        const std::string name(verdict.name);
        const bool must_hold =
            expected.all_hold || std::find(expected.hold.begin(), expected.hold.end(), name) != expected.hold.end();
        const bool must_fail = std::find(expected.violated.begin(), expected.violated.end(), name) != expected.violated.end();
        if (must_hold && verdict.violations > 0) {
            failures.push_back("invariant " + name + " should hold but was violated " +
                               std::to_string(verdict.violations) + " times");
        }
        if (must_hold && !verdict.checked) failures.push_back("invariant " + name + " was not reached within the run");
        if (must_fail && verdict.violations == 0) {
            failures.push_back("invariant " + name + " should be violated but held");
        }
    }
    const auto check_count = [&](const char* what, const std::optional<model::Range<std::int64_t>>& range,
                                 std::int64_t actual) {
        if (range && (actual < range->min || actual > range->max)) {
            failures.push_back(std::string(what) + " " + std::to_string(actual) + " outside [" +
                               std::to_string(range->min) + ", " + std::to_string(range->max) + "]");
        }
    };
    check_count("families affected", expected.families_affected, run.result.statistics.families_affected);
    check_count("families still owed at the end", expected.families_still_owed_at_end,
                run.result.statistics.families_still_owed);
    if (expected.money_owed_peak) {
        Cents peak{0};
        for (const model::MonthFigures& month : run.result.months) peak = max(peak, month.money_owed);
        if (peak < expected.money_owed_peak->min || peak > expected.money_owed_peak->max) {
            failures.push_back("money owed at the peak " + peak.to_string() + " outside [" +
                               expected.money_owed_peak->min.to_string() + ", " +
                               expected.money_owed_peak->max.to_string() + "]");
        }
    }
    return failures;
}

}  // namespace pajesim::harness
