#include "harness/runner/expectations.hpp"

#include <algorithm>

#include "harness/invariants/invariant_set.hpp"
#include "harness/runner/scenario_run.hpp"
#include "sim/kernel/int128.hpp"
#include "sim/kernel/json_input.hpp"

namespace pajesim::harness {
namespace {

constexpr std::int64_t count_limit = INT64_MAX;
constexpr Cents money_limit{INT64_MAX / 2};

bool known_invariant(const std::string& name) {
    const auto& known = invariants::InvariantSet::names();
    return std::find(known.begin(), known.end(), name) != known.end();
}

[[noreturn]] void fail_unknown_invariant(const JsonValue& where, const std::string& name) {
    std::string all;
    for (const auto& n : invariants::InvariantSet::names()) all += (all.empty() ? "" : ", ") + std::string(n);
    where.fail("unknown invariant \"" + name + "\" (known: " + all + ")");
}

std::vector<std::string> read_names(const JsonValue& list) {
    std::vector<std::string> names;
    const std::size_t size = list.array_size(1, 20);
    for (std::size_t i = 0; i < size; ++i) {
        const JsonValue item = list.at(i);
        const std::string name = item.as_string();
        if (!known_invariant(name)) fail_unknown_invariant(item, name);
        if (std::find(names.begin(), names.end(), name) != names.end()) item.fail("\"" + name + "\" listed twice");
        names.push_back(name);
    }
    return names;
}

// A band: [min, max], or {"min": ..., "max": ...} with either bound left out.
template <typename T, typename Read>
model::Range<T> read_band(const JsonValue& value, T lowest, T highest, Read read) {
    model::Range<T> band{lowest, highest};
    if (value.raw().is_array()) {
        if (value.array_size(2, 2) != 2) value.fail("a band is [min, max]");
        band.min = read(value.at(0));
        band.max = read(value.at(1));
    } else if (value.raw().is_object()) {
        ObjectReader reader(value);
        if (auto min = reader.optional("min")) band.min = read(*min);
        if (auto max = reader.optional("max")) band.max = read(*max);
        reader.finish();
    } else {
        value.fail("expected a band: [min, max] or {\"min\": ..., \"max\": ...}");
    }
    if (band.max < band.min) value.fail("max is below min");
    return band;
}

CountBand read_count_band(const JsonValue& value) {
    return read_band<std::int64_t>(value, 0, count_limit,
                                   [](const JsonValue& v) { return v.as_int(0, count_limit); });
}

MoneyBand read_money_band(const JsonValue& value) {
    return read_band<Cents>(value, Cents{0}, money_limit,
                            [](const JsonValue& v) { return v.as_cents(Cents{0}, money_limit); });
}

bool listed(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

void read_invariant_counts(const JsonValue& counts, Expectations& result) {
    if (!counts.raw().is_object() || counts.raw().empty()) {
        counts.fail("expected an object of bands by invariant, e.g. {\"declared_months_paid_on_time\": [1100, 1350]}");
    }
    for (const auto& [name, band_json] : counts.raw().items()) {
        const JsonValue band_value(band_json, counts.file(), counts.path() + "/" + json_pointer_token(name));
        if (!known_invariant(name)) fail_unknown_invariant(band_value, name);
        const CountBand band = read_count_band(band_value);
        if ((result.all_hold || listed(result.hold, name)) && band.min > 0) {
            band_value.fail("\"" + name + "\" must hold, so its count cannot be above 0");
        }
        if (listed(result.violated, name) && band.max == 0) {
            band_value.fail("\"" + name + "\" must be violated, so its count cannot be 0");
        }
        result.invariant_counts.emplace_back(name, band);
    }
}

void read_faults_fired(const JsonValue& fired, Expectations& result) {
    result.faults_fire = true;
    if (fired.raw().is_string()) {
        if (fired.as_string() != "each") fired.fail("expected \"each\" or an object of bands by fault kind");
        return;
    }
    if (!fired.raw().is_object() || fired.raw().empty()) {
        fired.fail("expected \"each\" or an object of bands by fault kind, e.g. {\"server_freeze\": [1, 5000]}");
    }
    const auto& catalog = faults::FaultPlan::catalog();
    for (const auto& [kind, band_json] : fired.raw().items()) {
        const JsonValue band_value(band_json, fired.file(), fired.path() + "/" + json_pointer_token(kind));
        if (std::find(catalog.begin(), catalog.end(), kind) == catalog.end()) {
            band_value.fail("unknown fault kind \"" + kind + "\"");
        }
        result.fault_firings.emplace_back(kind, read_count_band(band_value));
    }
}

std::string band_text(const CountBand& band) {
    return "[" + std::to_string(band.min) + ", " + (band.max == count_limit ? "any" : std::to_string(band.max)) + "]";
}
std::string band_text(const MoneyBand& band) {
    return "[" + band.min.to_string() + ", " + (band.max == money_limit ? "any" : band.max.to_string()) + "]";
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
        if (result.all_hold || listed(result.hold, name)) {
            reader.required("invariants_violated").fail("\"" + name + "\" cannot both hold and be violated");
        }
    }
    if (auto counts = reader.optional("invariant_counts")) read_invariant_counts(*counts, result);
    if (auto fired = reader.optional("faults_fired")) read_faults_fired(*fired, result);
    const auto count = [&](std::string_view key, std::optional<CountBand>& band) {
        if (auto value = reader.optional(key)) band = read_count_band(*value);
    };
    count("families_affected", result.families_affected);
    count("families_still_owed_at_end", result.families_still_owed_at_end);
    count("families_in_arrears_peak", result.families_in_arrears_peak);
    count("longest_delay_days", result.longest_delay_days);
    count("families_ever_overpaid", result.families_ever_overpaid);
    count("families_still_overpaid_at_end", result.families_still_overpaid_at_end);
    if (auto value = reader.optional("money_still_overpaid_at_end")) {
        result.money_still_overpaid_at_end = read_money_band(*value);
    }
    if (auto value = reader.optional("money_owed_peak")) result.money_owed_peak = read_money_band(*value);
    if (auto value = reader.optional("money_still_owed_at_end")) {
        result.money_still_owed_at_end = read_money_band(*value);
    }
    if (auto days = reader.optional("national_on")) {
        if (!days->raw().is_object() || days->raw().empty() || days->raw().size() > 100) {
            days->fail("expected an object of 1 to 100 days, e.g. {\"2019-12-10\": {\"families_affected\": [25500, 34500]}}");
        }
        for (const auto& [text, item] : days->raw().items()) {
            const JsonValue day_value(item, days->file(), days->path() + "/" + json_pointer_token(text));
            const auto day = Date::parse(text);
            if (!day) day_value.fail("\"" + text + "\" is not a date (YYYY-MM-DD)");
            Expectations::NationalDay national{*day, {}, {}};
            ObjectReader counts(day_value);
            if (auto band = counts.optional("families_wrong")) national.families_wrong = read_count_band(*band);
            if (auto band = counts.optional("families_affected")) national.families_affected = read_count_band(*band);
            counts.finish();
            if (!national.families_wrong && !national.families_affected) day_value.fail("no count to check");
            result.national_on.push_back(national);
        }
    }
    reader.finish();
    return result;
}

void check_fault_expectations(const Expectations& expectations, const std::vector<faults::FaultSummary>& plan,
                              const std::string& file) {
    if (expectations.faults_fire && plan.empty()) {
        throw InputError(file, "/expect/faults_fired", "the scenario has no faults");
    }
    for (const auto& firing : expectations.fault_firings) {
        const std::string& kind = firing.first;
        const bool planned = std::any_of(plan.begin(), plan.end(),
                                         [&](const faults::FaultSummary& fault) { return fault.kind == kind; });
        if (!planned) {
            throw InputError(file, "/expect/faults_fired/" + json_pointer_token(kind),
                             "no fault of kind \"" + kind + "\" in the scenario's faults");
        }
    }
}

std::vector<std::string> unmet_expectations(const Expectations& expected, const RunOutcome& run) {
    std::vector<std::string> failures;
    for (const invariants::InvariantVerdict& verdict : run.verdicts) {
        const std::string name(verdict.name);
        const bool must_hold = expected.all_hold || listed(expected.hold, name);
        if (must_hold && verdict.violations > 0) {
            failures.push_back("invariant " + name + " should hold but was violated " +
                               std::to_string(verdict.violations) + " times");
        }
        if (must_hold && !verdict.checked) failures.push_back("invariant " + name + " was not reached within the run");
        if (listed(expected.violated, name) && verdict.violations == 0) {
            failures.push_back("invariant " + name + " should be violated but held");
        }
        for (const auto& [counted, band] : expected.invariant_counts) {
            const auto count = static_cast<std::int64_t>(verdict.violations);
            if (counted == name && (count < band.min || count > band.max)) {
                failures.push_back("invariant " + name + " violated " + std::to_string(count) + " times, outside " +
                                   band_text(band));
            }
        }
    }
    if (expected.faults_fire) {
        for (const faults::FaultSummary& fault : run.faults) {
            const bool banded = std::any_of(expected.fault_firings.begin(), expected.fault_firings.end(),
                                            [&](const auto& entry) { return entry.first == fault.kind; });
            if (!banded && fault.firings == 0) {
                failures.push_back("fault " + fault.kind + " " + fault.window.to_string() + " never fired");
            }
        }
        for (const auto& [kind, band] : expected.fault_firings) {
            std::int64_t firings = 0;
            for (const faults::FaultSummary& fault : run.faults) {
                if (fault.kind == kind) firings += static_cast<std::int64_t>(fault.firings);
            }
            if (firings < band.min || firings > band.max) {
                failures.push_back("fault " + kind + " fired " + std::to_string(firings) + " times, outside " +
                                   band_text(band));
            }
        }
    }
    const model::RunStatistics& statistics = run.result.statistics;
    std::int64_t arrears_peak = 0;
    Cents money_peak{0};
    for (const model::MonthFigures& month : run.result.months) {
        arrears_peak = std::max<std::int64_t>(arrears_peak, month.families_in_arrears);
        money_peak = max(money_peak, month.money_owed);
    }
    const auto check_count = [&](const char* what, const std::optional<CountBand>& band, std::int64_t actual) {
        if (band && (actual < band->min || actual > band->max)) {
            failures.push_back(std::string(what) + " " + std::to_string(actual) + " outside " + band_text(*band));
        }
    };
    const auto check_money = [&](const char* what, const std::optional<MoneyBand>& band, Cents actual) {
        if (band && (actual < band->min || actual > band->max)) {
            failures.push_back(std::string(what) + " " + actual.to_string() + " outside " + band_text(*band));
        }
    };
    check_count("families affected", expected.families_affected, statistics.families_affected);
    check_count("families still owed at the end", expected.families_still_owed_at_end,
                statistics.families_still_owed);
    check_count("families in arrears at the peak", expected.families_in_arrears_peak, arrears_peak);
    check_count("longest delay (days)", expected.longest_delay_days, statistics.longest_delay_days);
    check_money("money owed at the peak", expected.money_owed_peak, money_peak);
    check_money("money still owed at the end", expected.money_still_owed_at_end, statistics.money_still_owed);
    check_count("families ever overpaid", expected.families_ever_overpaid, statistics.families_ever_overpaid);
    check_count("families still overpaid at the end", expected.families_still_overpaid_at_end,
                statistics.families_still_overpaid);
    check_money("money still overpaid at the end", expected.money_still_overpaid_at_end,
                statistics.money_still_overpaid);
    const auto national = [&](std::uint64_t count) {
        if (run.world.families.empty()) return std::int64_t{0};
        return static_cast<std::int64_t>(divide_rounded(static_cast<Int128>(count) * run.scenario.population.national_families,
                                                        static_cast<Int128>(run.world.families.size()), Rounding::half_up));
    };
    for (const Expectations::NationalDay& expected_day : expected.national_on) {
        const std::string day = expected_day.day.to_string();
        const auto found = std::find_if(run.affected.days.begin(), run.affected.days.end(),
                                        [&](const RegisterDay& d) { return d.day == expected_day.day; });
        if (found == run.affected.days.end()) {
            failures.push_back("national counts on " + day + ": the day is not in the run");
            continue;
        }
        check_count(("families wrong on " + day + " (national estimate)").c_str(), expected_day.families_wrong,
                    national(found->families_wrong));
        // Families with an episode started by the day (episodes are by family, then start).
        std::uint64_t affected = 0;
        for (std::size_t i = 0; i < run.affected.episodes.size(); ++i) {
            const Episode& episode = run.affected.episodes[i];
            if (i > 0 && run.affected.episodes[i - 1].family == episode.family) continue;
            if (episode.start <= expected_day.day) ++affected;
        }
        check_count(("families affected by " + day + " (national estimate)").c_str(), expected_day.families_affected,
                    national(affected));
    }
    return failures;
}

}  // namespace pajesim::harness
