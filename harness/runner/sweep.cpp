#include "harness/runner/sweep.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <set>
#include <string_view>

#include "harness/runner/resources.hpp"
#include "harness/runner/scenario_run.hpp"
#include "sim/kernel/assert.hpp"
#include "sim/kernel/int128.hpp"
#include "sim/kernel/json_input.hpp"
#include "sim/kernel/random.hpp"
#include "sim/kernel/ratio.hpp"

namespace pajesim::harness {
namespace {

constexpr std::size_t max_factors = 16;
constexpr std::size_t max_levels = 100;
constexpr std::size_t max_points = 10'000;
constexpr std::size_t max_runs = 100'000;
constexpr std::int64_t lhs_resolution = 1'000'000;  // draws inside a stratum, in millionths
constexpr std::int64_t lhs_bins = 5;                 // a range's bins for the sensitivity ranking
constexpr const char* run_format = "pajesim-sweep-run-1";
// The keys of a run summary (run_sweep_run writes them, read_sweep_run believes no other).
constexpr std::array<std::string_view, 21> run_summary_keys{
    "format", "spec", "run", "point", "seed", "families", "national_families", "families_affected",
    "money_owed_peak", "longest_delay_days", "families_still_owed_at_end", "family_days_in_arrears", "calls",
    "advances_recovered_before_payment", "families_overpaid_peak", "money_overpaid_peak", "carers_unpaid_peak",
    "families_in_hardship_peak", "calls_lost", "promises_kept", "promises_broken"};

// The figures a sweep reports (reports/sweep_report.cpp lists them with their units).
const std::vector<std::string>& figure_names() {
    static const std::vector<std::string> names = {
        "families_affected", "money_owed_peak", "longest_delay_days", "families_still_owed_at_end",
        "family_days_in_arrears", "calls", "advances_recovered_before_payment", "families_overpaid_peak",
        "money_overpaid_peak", "carers_unpaid_peak", "families_in_hardship_peak", "calls_lost",
        "promises_kept_share"};
    return names;
}

// RFC 6901 tokens of a pointer ("" for the whole document is refused by the caller).
std::vector<std::string> pointer_tokens(const std::string& pointer) {
    std::vector<std::string> tokens;
    std::size_t at = 1;
    while (at <= pointer.size()) {
        const std::size_t slash = pointer.find('/', at);
        const std::string raw = pointer.substr(at, slash == std::string::npos ? std::string::npos : slash - at);
        std::string token;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
                token.push_back(raw[i + 1] == '0' ? '~' : '/');
                ++i;
            } else if (raw[i] == '~') {
                throw std::invalid_argument("\"~\" must be followed by 0 or 1 (RFC 6901)");
            } else {
                token.push_back(raw[i]);
            }
        }
        tokens.push_back(token);
        if (slash == std::string::npos) break;
        at = slash + 1;
    }
    return tokens;
}

std::optional<std::size_t> array_index(const std::string& token, std::size_t size) {
    if (token.empty() || token.size() > 6 || (token.size() > 1 && token[0] == '0')) return std::nullopt;
    if (!std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
    const std::size_t index = std::stoul(token);
    if (index >= size) return std::nullopt;
    return index;
}

// Sets `value` at `pointer` in `document`: every step but the last must exist; the last may
// add a member to an object (a key the base leaves at its default) but not an array element.
// Returns the reason when it cannot.
std::optional<std::string> set_at(nlohmann::json& document, const std::string& pointer, const nlohmann::json& value) {
    std::vector<std::string> tokens;
    try {
        tokens = pointer_tokens(pointer);
    } catch (const std::invalid_argument& error) {
        return std::string(error.what());
    }
    nlohmann::json* at = &document;
    std::string walked;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string& token = tokens[i];
        const bool last = i + 1 == tokens.size();
        if (at->is_object()) {
            const auto found = at->find(token);
            if (found == at->end()) {
                if (!last) return "the base scenario has no " + walked + "/" + json_pointer_token(token);
                (*at)[token] = value;
                return std::nullopt;
            }
            at = &*found;
        } else if (at->is_array()) {
            const auto index = array_index(token, at->size());
            if (!index) {
                return "the base scenario's " + (walked.empty() ? std::string("document") : walked) + " has " +
                       std::to_string(at->size()) + " elements: \"" + token + "\" is not one of their indexes";
            }
            at = &(*at)[*index];
        } else {
            return "the base scenario's " + walked + " is " + describe_json(*at) + ", not an object or an array";
        }
        walked += "/" + json_pointer_token(token);
    }
    *at = value;
    return std::nullopt;
}

// A decimal string ("0.25", "-3", "12.5") as an integer scaled by 10^decimals; nullopt when
// it is not one or has more decimals.
std::optional<std::int64_t> scaled_decimal(const std::string& text, int decimals) {
    std::size_t at = 0;
    const bool negative = !text.empty() && text[0] == '-';
    if (negative) at = 1;
    std::int64_t whole = 0;
    std::size_t digits = 0;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
        if (++digits > 12) return std::nullopt;
        whole = whole * 10 + (text[at++] - '0');
    }
    if (digits == 0) return std::nullopt;
    std::int64_t fraction = 0;
    int places = 0;
    if (at < text.size() && text[at] == '.') {
        ++at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
            if (++places > decimals) return std::nullopt;
            fraction = fraction * 10 + (text[at++] - '0');
        }
        if (places == 0) return std::nullopt;
    }
    if (at != text.size()) return std::nullopt;
    std::int64_t scale = 1;
    for (int i = 0; i < decimals; ++i) scale *= 10;
    for (int i = places; i < decimals; ++i) fraction *= 10;
    const std::int64_t value = whole * scale + fraction;
    return negative ? -value : value;
}

int decimals_of(const std::string& text) {
    const std::size_t dot = text.find('.');
    return dot == std::string::npos ? 0 : static_cast<int>(text.size() - dot - 1);
}

std::string decimal_text(std::int64_t scaled, int decimals) {
    std::int64_t scale = 1;
    for (int i = 0; i < decimals; ++i) scale *= 10;
    const bool negative = scaled < 0;
    const std::int64_t magnitude = negative ? -scaled : scaled;
    std::string text = (negative ? "-" : "") + std::to_string(magnitude / scale);
    if (decimals > 0) {
        std::string fraction = std::to_string(magnitude % scale);
        text += "." + std::string(static_cast<std::size_t>(decimals) - fraction.size(), '0') + fraction;
    }
    return text;
}

nlohmann::json range_value(const SweepFactor& factor, std::int64_t scaled) {
    if (factor.range_integer) return scaled;
    return decimal_text(scaled, factor.decimals);
}

std::string label_of(const nlohmann::json& value) {
    if (value.is_string()) return value.get<std::string>();
    return value.dump();
}

// Two levels that set the scenario's key to the same value: equal JSON (2 and 2.0 included),
// or two decimal strings of one value ("2" and "2.00": the scenario reads amounts and shares
// from decimal strings).
bool same_level(const nlohmann::json& a, const nlohmann::json& b) {
    if (a == b) return true;
    // A number or a decimal string, as the exact value it sets (a key read as an amount or a
    // share takes either form).
    const auto value = [](const nlohmann::json& level) -> std::optional<Ratio> {
        if (level.is_string()) return Ratio::parse_decimal(level.get<std::string>());
        if (level.is_number()) return Ratio::parse_decimal(level.dump());
        return std::nullopt;
    };
    const auto x = value(a);
    const auto y = value(b);
    return x && y && *x == *y;
}

SweepFactor read_factor(const JsonValue& item, const nlohmann::json& base, bool latin) {
    ObjectReader reader(item);
    SweepFactor factor;
    const JsonValue name = reader.required("name");
    factor.name = name.as_string();
    if (factor.name.empty() || factor.name.size() > 60 ||
        !std::all_of(factor.name.begin(), factor.name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                   c == '-' || c == '.';
        })) {
        name.fail("a factor's name is 1 to 60 letters, digits, '_', '-' or '.' (a CSV column)");
    }
    const JsonValue path = reader.required("path");
    factor.path = path.as_string();
    if (factor.path.empty() || factor.path.front() != '/') path.fail("a JSON pointer into the scenario, such as \"/processes/temporary_agents\"");
    if (factor.path == "/seed") path.fail("the seeds come from the sweep's \"seeds\" and \"first_seed\", not a factor");
    {
        nlohmann::json probe = base;
        if (const auto why = set_at(probe, factor.path, nullptr)) path.fail(*why);
    }
    const auto levels = reader.optional("levels");
    const auto range = reader.optional("range");
    if (levels.has_value() == range.has_value()) item.fail("a factor has \"levels\" or a \"range\", one of them");
    if (levels) {
        const std::size_t count = levels->array_size(1, max_levels);
        for (std::size_t i = 0; i < count; ++i) {
            const JsonValue level = levels->at(i);
            if (level.raw().is_null()) level.fail("a level is a value of the scenario's key, not null");
            factor.levels.push_back(level.raw());
        }
        for (std::size_t i = 0; i < count; ++i) {
            for (std::size_t j = 0; j < i; ++j) {
                if (same_level(factor.levels[i], factor.levels[j])) {
                    levels->at(i).fail("the same level as level " + std::to_string(j));
                }
            }
        }
    } else {
        factor.is_range = true;
        ObjectReader bounds(*range);
        const JsonValue min = bounds.required("min");
        const JsonValue max = bounds.required("max");
        const auto count = bounds.optional("count");
        const auto decimals = bounds.optional("decimals");
        if (min.raw().is_number_integer() && max.raw().is_number_integer()) {
            factor.range_integer = true;
            factor.range_min = min.as_int(-1'000'000'000, 1'000'000'000);
            factor.range_max = max.as_int(-1'000'000'000, 1'000'000'000);
            if (decimals) decimals->fail("an integer range has no decimals (give the bounds as decimal strings)");
        } else if (min.raw().is_string() && max.raw().is_string()) {
            factor.range_integer = false;
            const std::string low = min.as_string();
            const std::string high = max.as_string();
            factor.decimals = std::max(decimals_of(low), decimals_of(high));
            if (decimals) {
                const auto wanted = static_cast<int>(decimals->as_int(0, 6));
                if (wanted < factor.decimals) decimals->fail("fewer decimals than the bounds have");
                factor.decimals = wanted;
            }
            if (factor.decimals > 6) min.fail("at most 6 decimals");
            const auto low_scaled = scaled_decimal(low, factor.decimals);
            const auto high_scaled = scaled_decimal(high, factor.decimals);
            if (!low_scaled) min.fail("a decimal string such as \"0.25\"");
            if (!high_scaled) max.fail("a decimal string such as \"0.75\"");
            // "-0" or "-0.00" is 0 with a sign the levels would lose, as the integer -0 is refused.
            if (*low_scaled == 0 && low.front() == '-') min.fail("a negative zero (" + low + "): write 0");
            if (*high_scaled == 0 && high.front() == '-') max.fail("a negative zero (" + high + "): write 0");
            factor.range_min = *low_scaled;
            factor.range_max = *high_scaled;
        } else {
            range->fail("\"min\" and \"max\" are both JSON integers or both decimal strings");
        }
        if (factor.range_max <= factor.range_min) max.fail("max is not above min");
        factor.range_text = label_of(range_value(factor, factor.range_min)) + " to " +
                            label_of(range_value(factor, factor.range_max));
        if (count && latin) {
            count->fail("a latin hypercube draws a range's values itself, from the whole range: no \"count\"");
        }
        if (count) {
            const auto n = static_cast<std::int64_t>(count->as_int(2, static_cast<std::int64_t>(max_levels)));
            const std::int64_t span = factor.range_max - factor.range_min;
            for (std::int64_t i = 0; i < n; ++i) {
                const std::int64_t scaled =
                    factor.range_min + divide_rounded(static_cast<Int128>(span) * i, n - 1, Rounding::half_up);
                const nlohmann::json value = range_value(factor, scaled);
                if (!factor.levels.empty() && factor.levels.back() == value) {
                    count->fail("more levels than the range holds at its precision");
                }
                factor.levels.push_back(value);
            }
        } else if (!latin) {
            range->fail("a full factorial takes a range's levels from its \"count\"");
        }
        bounds.finish();
    }
    if (const auto labels = reader.optional("labels")) {
        if (!levels) labels->fail("labels name a factor's \"levels\"");
        const std::size_t count = labels->array_size(factor.levels.size(), factor.levels.size());
        std::set<std::string> seen;
        for (std::size_t i = 0; i < count; ++i) {
            const JsonValue label = labels->at(i);
            const std::string text = label.as_label();  // on the terminal and in the tables
            if (text.empty() || text.size() > 60) label.fail("a label is 1 to 60 characters");
            if (!seen.insert(text).second) label.fail("the same label as an earlier level");
            factor.labels.push_back(text);
        }
    }
    if (factor.labels.empty()) {
        for (const nlohmann::json& level : factor.levels) factor.labels.push_back(label_of(level));
    }
    reader.finish();
    return factor;
}

// FNV-1a, 64 bits, as 16 hex digits: a fingerprint, not a security measure.
std::string digest_of(const std::string& text) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const unsigned char c : text) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
    return buffer;
}

void make_points(SweepSpec& spec) {
    const std::size_t factors = spec.factors.size();
    spec.group_labels.assign(factors, {});
    if (spec.design == SweepDesign::full_factorial) {
        std::size_t points = 1;
        for (const SweepFactor& factor : spec.factors) {
            points *= factor.levels.size();
            if (points > max_points) {
                throw InputError(spec.file, "/factors",
                                 "the full factorial has more than " + std::to_string(max_points) +
                                     " points: use fewer levels or a latin_hypercube design");
            }
        }
        for (std::size_t j = 0; j < factors; ++j) spec.group_labels[j] = spec.factors[j].labels;
        for (std::size_t p = 0; p < points; ++p) {
            // The last factor varies fastest.
            std::vector<std::size_t> index(factors);
            std::size_t rest = p;
            for (std::size_t j = factors; j-- > 0;) {
                index[j] = rest % spec.factors[j].levels.size();
                rest /= spec.factors[j].levels.size();
            }
            std::vector<nlohmann::json> values;
            std::vector<std::string> labels;
            for (std::size_t j = 0; j < factors; ++j) {
                values.push_back(spec.factors[j].levels[index[j]]);
                labels.push_back(spec.factors[j].labels[index[j]]);
            }
            spec.points.push_back(std::move(values));
            spec.point_labels.push_back(std::move(labels));
            spec.point_groups.push_back(std::move(index));
        }
        return;
    }
    // Latin hypercube: for each factor, a permutation of the K strata (its own stream), and in
    // each stratum a draw in millionths; a range takes the value at that fraction of its span
    // (whole steps of its precision, bounds included), a list of levels the level at it.
    const auto k = static_cast<std::int64_t>(spec.lhs_points);
    std::vector<std::vector<std::int64_t>> fraction(factors, std::vector<std::int64_t>(spec.lhs_points));
    for (std::size_t j = 0; j < factors; ++j) {
        RandomStream stream(spec.lhs_seed, StreamKind::sweep_design, j);
        std::vector<std::int64_t> strata(spec.lhs_points);
        std::iota(strata.begin(), strata.end(), 0);
        for (std::size_t i = strata.size(); i > 1; --i) {
            std::swap(strata[i - 1], strata[stream.uniform_below(i)]);
        }
        for (std::size_t i = 0; i < spec.lhs_points; ++i) {
            fraction[j][i] = strata[i] * lhs_resolution + stream.uniform_int(0, lhs_resolution - 1);
        }
        const SweepFactor& factor = spec.factors[j];
        if (factor.is_range) {
            const std::int64_t steps = factor.range_max - factor.range_min;
            for (std::int64_t b = 0; b < lhs_bins; ++b) {
                const auto edge = [&](std::int64_t n) {
                    return range_value(factor, factor.range_min + divide_rounded(static_cast<Int128>(steps) * n, lhs_bins,
                                                                                 Rounding::toward_zero));
                };
                spec.group_labels[j].push_back(label_of(edge(b)) + "–" + label_of(edge(b + 1)));
            }
        } else {
            spec.group_labels[j] = factor.labels;
        }
    }
    for (std::size_t i = 0; i < spec.lhs_points; ++i) {
        std::vector<nlohmann::json> values;
        std::vector<std::string> labels;
        std::vector<std::size_t> groups;
        for (std::size_t j = 0; j < factors; ++j) {
            const SweepFactor& factor = spec.factors[j];
            const Int128 f = fraction[j][i];
            const Int128 whole = static_cast<Int128>(k) * lhs_resolution;
            if (factor.is_range) {
                const std::int64_t steps = factor.range_max - factor.range_min + 1;
                const auto offset = static_cast<std::int64_t>(f * steps / whole);
                values.push_back(range_value(factor, factor.range_min + offset));
                labels.push_back(label_of(values.back()));
                groups.push_back(static_cast<std::size_t>(f * lhs_bins / whole));
            } else {
                const auto level = static_cast<std::size_t>(f * static_cast<Int128>(factor.levels.size()) / whole);
                values.push_back(factor.levels[level]);
                labels.push_back(factor.labels[level]);
                groups.push_back(level);
            }
        }
        spec.points.push_back(std::move(values));
        spec.point_labels.push_back(std::move(labels));
        spec.point_groups.push_back(std::move(groups));
    }
}

nlohmann::json point_document(const SweepSpec& spec, std::size_t point) {
    nlohmann::json document = spec.base;
    for (std::size_t j = 0; j < spec.factors.size(); ++j) {
        const auto why = set_at(document, spec.factors[j].path, spec.points[point][j]);
        PAJESIM_ASSERT(!why.has_value());  // every path was checked against the base
    }
    if (spec.families) document["population"]["families"] = *spec.families;
    return document;
}

std::string point_description(const SweepSpec& spec, std::size_t point) {
    std::string text;
    for (std::size_t j = 0; j < spec.factors.size(); ++j) {
        if (j > 0) text += ", ";
        text += spec.factors[j].name + " = " + spec.point_labels[point][j];
    }
    return text;
}

// The scenario of a document, checked as a run checks it; an InputError names the spec and
// `blame` (the spec's JSON path responsible) with the scenario's own error.
model::Scenario checked_scenario(const SweepSpec& spec, const nlohmann::json& document, const std::string& blame,
                                 const std::string& what) {
    try {
        model::Scenario scenario = model::scenario_from_json(document, spec.base_file, spec.base_folder);
        check_scenario(scenario);
        check_memory(scenario, std::nullopt);
        return scenario;
    } catch (const InputError& error) {
        throw InputError(spec.file, blame, what + " makes a scenario that cannot run: " + error.what());
    }
}

}  // namespace

SweepSpec load_sweep_spec(const std::string& path, std::optional<std::uint32_t> families_override) {
    SweepSpec spec;
    spec.file = path;
    const nlohmann::json document = parse_json_file(path, 1u << 20);
    const JsonValue root(document, path, "");
    ObjectReader reader(root);
    const JsonValue name = reader.required("name");
    spec.name = name.as_label();  // on the terminal and in the tables
    if (spec.name.empty() || spec.name.size() > 100) name.fail("a name of 1 to 100 characters");
    if (const auto description = reader.optional("description")) (void)description->as_string();
    const JsonValue base = reader.required("base");
    const std::string folder = std::filesystem::path(path).parent_path().string();
    spec.base_file = (std::filesystem::path(folder.empty() ? "." : folder) / base.as_path()).lexically_normal().string();
    try {
        spec.base = parse_json_file(spec.base_file, 4u << 20);
    } catch (const InputError& error) {
        base.fail(std::string("the base scenario cannot be read: ") + error.what());
    }
    const std::string base_folder = std::filesystem::path(spec.base_file).parent_path().string();
    spec.base_folder = base_folder.empty() ? "." : base_folder;
    if (!spec.base.is_object()) base.fail("the base scenario is not a JSON object");
    if (const auto families = reader.optional("families")) {
        spec.families = static_cast<std::uint32_t>(families->as_int(1, model::max_families));
    }
    if (families_override) spec.families = families_override;
    spec.seeds = static_cast<std::uint32_t>(reader.required("seeds").as_int(1, 1000));
    const auto first_seed = reader.optional("first_seed");
    if (first_seed) {
        spec.first_seed = first_seed->as_uint64();
        if (spec.first_seed > UINT64_MAX - (spec.seeds - 1)) {
            first_seed->fail("the seeds " + std::to_string(spec.first_seed) + " to first_seed + " +
                             std::to_string(spec.seeds - 1) + " go beyond 18446744073709551615");
        }
    }

    // The design first: a range needs a count only in a full factorial.
    if (const auto design = reader.optional("design")) {
        ObjectReader d(*design);
        const JsonValue kind = d.required("kind");
        const std::string text = kind.as_string();
        if (text == "full_factorial") {
            spec.design = SweepDesign::full_factorial;
        } else if (text == "latin_hypercube") {
            spec.design = SweepDesign::latin_hypercube;
            spec.lhs_points = static_cast<std::uint32_t>(d.required("points").as_int(2, max_points));
            spec.lhs_seed = d.required("seed").as_uint64();
        } else {
            kind.fail("\"full_factorial\" or \"latin_hypercube\"");
        }
        d.finish();
    }
    const JsonValue factors = reader.required("factors");
    const std::size_t factor_count = factors.array_size(1, max_factors);
    std::set<std::string> names;
    std::set<std::string> paths;
    for (std::size_t j = 0; j < factor_count; ++j) {
        const JsonValue item = factors.at(j);
        spec.factors.push_back(read_factor(item, spec.base, spec.design == SweepDesign::latin_hypercube));
        if (!names.insert(spec.factors.back().name).second) item.fail("two factors named \"" + spec.factors.back().name + "\"");
        if (!paths.insert(spec.factors.back().path).second) item.fail("two factors set " + spec.factors.back().path);
    }
    // The sweep's own number of families ("families", --families) sets every run's: a factor on
    // it would show levels the runs do not have.
    for (std::size_t j = 0; j < spec.factors.size(); ++j) {
        const std::string& target = spec.factors[j].path;
        if (spec.families && (target == "/population/families" || target == "/population")) {
            factors.at(j).fail("sets " + target + ", which the sweep's \"families\" (or --families " +
                               std::to_string(*spec.families) + ") sets for every run: drop one of them");
        }
    }
    // No factor's path inside another's: the two would overwrite each other.
    for (const SweepFactor& a : spec.factors) {
        for (std::size_t j = 0; j < spec.factors.size(); ++j) {
            const SweepFactor& b = spec.factors[j];
            if (&a != &b && b.path.rfind(a.path + "/", 0) == 0) {
                factors.at(j).fail("its path is inside factor \"" + a.name + "\"'s (" + a.path + ")");
            }
        }
    }
    const std::vector<std::string>& known = figure_names();
    const auto figure = [&](const JsonValue& value) {
        const std::string text = value.as_string();
        if (std::find(known.begin(), known.end(), text) == known.end()) {
            std::string list;
            for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
            value.fail("unknown figure \"" + text + "\"; the figures are " + list);
        }
        return text;
    };
    if (const auto outputs = reader.optional("outputs")) {
        const std::size_t count = outputs->array_size(1, known.size());
        for (std::size_t i = 0; i < count; ++i) {
            const std::string text = figure(outputs->at(i));
            if (std::find(spec.outputs.begin(), spec.outputs.end(), text) != spec.outputs.end()) {
                outputs->at(i).fail("\"" + text + "\" twice");
            }
            spec.outputs.push_back(text);
        }
    } else {
        spec.outputs = {"families_affected", "money_owed_peak", "longest_delay_days", "families_still_owed_at_end"};
    }
    spec.rank_by = "families_affected";
    if (const auto rank = reader.optional("rank_by")) spec.rank_by = figure(*rank);
    reader.finish();

    make_points(spec);
    if (spec.run_count() > max_runs) {
        throw InputError(spec.file, "/seeds",
                         std::to_string(spec.points.size()) + " points x " + std::to_string(spec.seeds) +
                             " seeds is more than " + std::to_string(max_runs) + " runs");
    }
    // Each level alone on the base, then each point: a level the scenario refuses is named by
    // its own path; a combination, by the point's levels.
    for (std::size_t j = 0; j < spec.factors.size(); ++j) {
        const SweepFactor& factor = spec.factors[j];
        for (std::size_t l = 0; l < factor.levels.size(); ++l) {
            nlohmann::json level_document = spec.base;
            (void)set_at(level_document, factor.path, factor.levels[l]);
            if (spec.families) level_document["population"]["families"] = *spec.families;
            const std::string blame = "/factors/" + std::to_string(j) + (factor.is_range ? "/range" : "/levels/" + std::to_string(l));
            checked_scenario(spec, level_document, blame, "factor " + factor.name + " = " + factor.labels[l]);
        }
    }
    nlohmann::json canonical = {{"format", run_format}, {"base", spec.base}, {"seeds", spec.seeds}};
    for (std::size_t p = 0; p < spec.points.size(); ++p) {
        nlohmann::json document_of_point = point_document(spec, p);
        const model::Scenario scenario =
            checked_scenario(spec, document_of_point, "/factors", "point " + std::to_string(p) + " (" + point_description(spec, p) + ")");
        if (p == 0 && !first_seed) spec.first_seed = scenario.seed;
        if (p == 0) canonical["params"] = read_input_file(scenario.params_file, std::size_t{64} << 20);
        if (std::find(spec.params_files.begin(), spec.params_files.end(), scenario.params_file) ==
            spec.params_files.end()) {
            spec.params_files.push_back(scenario.params_file);
        }
        canonical["points"].push_back(std::move(document_of_point));
    }
    // Points that read other tables (a factor of /params): their contents decide the results
    // too. (A spec of one table keeps the digest it always had.)
    for (std::size_t t = 1; t < spec.params_files.size(); ++t) {
        canonical["other_params"].push_back(read_input_file(spec.params_files[t], std::size_t{64} << 20));
    }
    canonical["first_seed"] = spec.first_seed;
    spec.digest = digest_of(canonical.dump());
    return spec;
}

model::Scenario sweep_scenario(const SweepSpec& spec, std::size_t run) {
    model::Scenario scenario =
        model::scenario_from_json(point_document(spec, spec.point_of(run)), spec.base_file, spec.base_folder);
    scenario.seed = spec.seed_of(run);
    return scenario;
}

std::string run_sweep_run(const SweepSpec& spec, std::size_t run) {
    const model::Scenario scenario = sweep_scenario(spec, run);
    RunRequest request;
    request.dossiers_of_most_harmed = 0;
    request.keep_cells = false;
    const auto outcome = run_scenario(scenario, request);
    return sweep_run_summary(spec, run, reports::metrics_of(*outcome));
}

std::string sweep_run_summary(const SweepSpec& spec, std::size_t run, const reports::HarmMetrics& m) {
    nlohmann::ordered_json summary = {
        {"format", run_format},
        {"spec", spec.digest},
        {"run", run},
        {"point", spec.point_of(run)},
        {"seed", m.seed},
        {"families", m.families},
        {"national_families", m.national_families},
        {"families_affected", m.families_affected},
        {"money_owed_peak", m.money_owed_peak.to_string()},
        {"longest_delay_days", m.longest_delay_days},
        {"families_still_owed_at_end", m.families_still_owed_at_end},
        {"family_days_in_arrears", m.family_days_in_arrears},
        {"calls", m.calls},
        {"advances_recovered_before_payment", m.advances_recovered_before_payment},
        {"families_overpaid_peak", m.families_overpaid_peak},
        {"money_overpaid_peak", m.money_overpaid_peak.to_string()},
        {"carers_unpaid_peak", m.carers_unpaid_peak},
        {"families_in_hardship_peak", m.families_in_hardship_peak},
        {"calls_lost", m.calls_lost},
        {"promises_kept", m.promises_kept},
        {"promises_broken", m.promises_broken},
    };
    PAJESIM_ASSERT(summary.size() == run_summary_keys.size());
    return summary.dump() + "\n";
}

std::optional<reports::HarmMetrics> read_sweep_run(const SweepSpec& spec, std::size_t run, const std::string& text) {
    try {
        const nlohmann::json summary = nlohmann::json::parse(text);
        if (!summary.is_object() || summary.value("format", "") != run_format || summary.value("spec", "") != spec.digest ||
            summary.at("run").get<std::size_t>() != run || summary.at("seed").get<std::uint64_t>() != spec.seed_of(run)) {
            return std::nullopt;
        }
        reports::HarmMetrics m;
        const auto count = [&](const char* key) {
            const std::int64_t value = summary.at(key).get<std::int64_t>();
            if (value < 0 || value > reports::max_harm_count) throw std::out_of_range(key);
            return value;
        };
        const auto amount = [&](const char* key) {
            const JsonValue value(summary.at(key), "summary", std::string("/") + key);
            return value.as_cents(Cents{0}, Cents{INT64_MAX / 4});
        };
        m.seed = summary.at("seed").get<std::uint64_t>();
        m.families = count("families");
        m.national_families = count("national_families");
        m.families_affected = count("families_affected");
        m.money_owed_peak = amount("money_owed_peak");
        m.longest_delay_days = count("longest_delay_days");
        m.families_still_owed_at_end = count("families_still_owed_at_end");
        m.family_days_in_arrears = count("family_days_in_arrears");
        m.calls = count("calls");
        m.advances_recovered_before_payment = count("advances_recovered_before_payment");
        m.families_overpaid_peak = count("families_overpaid_peak");
        m.money_overpaid_peak = amount("money_overpaid_peak");
        m.carers_unpaid_peak = count("carers_unpaid_peak");
        m.families_in_hardship_peak = count("families_in_hardship_peak");
        m.calls_lost = count("calls_lost");
        m.promises_kept = count("promises_kept");
        m.promises_broken = count("promises_broken");
        // A summary is what run_sweep_run wrote: its keys and nothing else, the run's own
        // population, and counts of families within it (one that does not check out is run again).
        if (summary.size() != run_summary_keys.size()) return std::nullopt;
        for (const auto& item : summary.items()) {
            if (std::find(run_summary_keys.begin(), run_summary_keys.end(), item.key()) == run_summary_keys.end()) {
                return std::nullopt;
            }
        }
        const model::Scenario scenario = sweep_scenario(spec, run);
        if (m.families < scenario.population.families ||
            m.national_families != static_cast<std::int64_t>(scenario.population.national_families)) {
            return std::nullopt;
        }
        for (const std::int64_t families : {m.families_affected, m.families_still_owed_at_end, m.families_overpaid_peak,
                                            m.carers_unpaid_peak, m.families_in_hardship_peak}) {
            if (families > m.families) return std::nullopt;
        }
        if (m.families_still_owed_at_end > m.families_affected) return std::nullopt;
        // Exactly the bytes written for these figures: a summary edited by hand, even into
        // an equal value (1e0, 0.0, a key twice, a space, a byte after the end), is run again.
        if (sweep_run_summary(spec, run, m) != text) return std::nullopt;
        return m;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::string sweep_run_file(std::size_t run) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "run-%06zu.json", run);
    return buffer;
}

}  // namespace pajesim::harness
