#include "sim/law/parameters.hpp"

#include <cstdlib>
#include <filesystem>

#include "sim/kernel/json_input.hpp"

namespace pajesim::law {

// Reads the table series by series; each reader validates one entry's value.
class ParametersReader {
public:
    ParametersReader(const nlohmann::json& document, const std::string& file)
        : root_(JsonValue(document, file, "")), reader_(root_) {}

    std::unique_ptr<LegalParameters> read() {
        auto parameters = std::make_unique<LegalParameters>();
        LegalParameters& p = *parameters;
        p.version_ = reader_.required("version").as_string();
        if (p.version_.empty()) reader_.required("version").fail("the version must not be empty");
        reader_.optional("description");
        read_periods(p);
        series(p.bmaf_, "bmaf", [](ObjectReader& entry) { return euros(entry, "euros"); });
        series(p.smic_hourly_gross_, "smic_hourly_gross",
               [](ObjectReader& entry) { return euros(entry, "euros"); });
        series(p.resource_ceilings_, "resource_ceilings", [](ObjectReader& entry) {
            return CeilingTable{ceilings(entry.required("bracket_1")),
                                ceilings(entry.required("bracket_2"))};
        });
        series(p.single_parent_ceiling_factor_, "single_parent_ceiling_factor",
               [](ObjectReader& entry) { return ratio(entry, "ratio", 1, 3); });
        series(p.remuneration_rates_, "remuneration_rates", [](ObjectReader& entry) {
            return RemunerationRates{ratio(entry, "bracket_1", 0, 3), ratio(entry, "bracket_2", 0, 3),
                                     ratio(entry, "bracket_3", 0, 3)};
        });
        series(p.age_3_to_6_factor_, "age_3_to_6_factor",
               [](ObjectReader& entry) { return ratio(entry, "ratio", 0, 1); });
        series(p.single_parent_increase_, "single_parent_increase",
               [](ObjectReader& entry) { return ratio(entry, "ratio", 1, 3); });
        series(p.aeeh_increase_, "aeeh_increase",
               [](ObjectReader& entry) { return ratio(entry, "ratio", 1, 3); });
        series(p.salary_cap_share_, "salary_cap_share",
               [](ObjectReader& entry) { return ratio(entry, "ratio", 0, 1); });
        series(p.crds_rate_, "crds_rate",
               [](ObjectReader& entry) { return ratio(entry, "ratio", 0, 1); });
        series(p.assmat_daily_cap_smic_multiple_, "assmat_daily_cap_smic_multiple",
               [](ObjectReader& entry) { return ratio(entry, "ratio", 1, 100); });
        series(p.contributions_coverage_, "contributions_coverage", [](ObjectReader& entry) {
            return ContributionsCoverage{ratio(entry, "assmat", 0, 1),
                                         ratio(entry, "home_carer", 0, 1)};
        });
        series(p.home_carer_contributions_cap_, "home_carer_contributions_cap",
               [](ObjectReader& entry) {
                   return HomeCarerContributionsCap{euros(entry, "under_3"),
                                                    euros(entry, "age_3_to_6")};
               });
        series(p.approximate_contribution_rates_, "approximate_contribution_rates",
               [](ObjectReader& entry) {
                   const JsonValue flag = entry.required("approximation");
                   if (!flag.as_bool()) flag.fail("these rates are approximations: say so (true)");
                   const Ratio employee = ratio(entry, "employee", 0, 1);
                   if (employee == Ratio::one()) entry.required("employee").fail("must be below 1");
                   return ApproximateContributionRates{
                       employee, ratio(entry, "employer", 0, 1),
                       ratio(entry, "assmat_minimum_hourly_smic_share", 0, 1)};
               });
        series(p.full_rate_until_august_, "full_rate_until_august",
               [](ObjectReader& entry) { return entry.required("enabled").as_bool(); });
        reader_.finish();
        // Before resolving months: resolving asserts that a value is in force for each one.
        check_first_values(p);
        p.resolve_months();
        return parameters;
    }

private:
    static Cents euros(ObjectReader& entry, std::string_view key) {
        return entry.required(key).as_cents(Cents{0}, Cents::from_euros(10'000'000));
    }

    static Ratio ratio(ObjectReader& entry, std::string_view key, std::int64_t low,
                       std::int64_t high) {
        const JsonValue value = entry.required(key);
        const Ratio result = value.as_ratio();
        if (result < Ratio{low, 1} || result > Ratio{high, 1}) {
            value.fail("out of range: " + result.to_decimal_string() + " (expected " +
                       std::to_string(low) + " to " + std::to_string(high) + ")");
        }
        return result;
    }

    static Ceilings ceilings(const JsonValue& value) {
        ObjectReader reader(value);
        Ceilings result{euros(reader, "one_child"), euros(reader, "two_children"),
                        euros(reader, "per_extra_child")};
        reader.finish();
        return result;
    }

    template <typename T, typename ReadValue>
    void series(std::vector<Dated<T>>& target, std::string_view key, ReadValue read_value) {
        const JsonValue list = reader_.required(key);
        const std::size_t size = list.array_size(1, 1000);
        for (std::size_t i = 0; i < size; ++i) {
            const JsonValue item = list.at(i);
            ObjectReader entry(item);
            const JsonValue from_value = entry.required("from");
            const Date from = from_value.as_date();
            if (from.day() != 1) {
                from_value.fail("a parameter applies to whole care months: 'from' must be the "
                                "1st of a month, found " + from.to_string());
            }
            if (!target.empty() && from <= target.back().from) {
                from_value.fail("dates out of order: " + from.to_string() + " is not after " +
                                target.back().from.to_string() + " (previous entry)");
            }
            std::string source = entry.required("source").as_string();
            if (source.empty()) entry.required("source").fail("every value needs its source");
            T value = read_value(entry);
            entry.finish();
            target.push_back(Dated<T>{from, std::move(source), std::move(value)});
        }
        series_starts_.emplace_back(std::string(key), target.front().from);
    }

    void read_periods(LegalParameters& p) {
        const JsonValue list = reader_.required("covered_months");
        const std::size_t size = list.array_size(1, 100);
        for (std::size_t i = 0; i < size; ++i) {
            ObjectReader entry(list.at(i));
            const YearMonth first = entry.required("from").as_year_month();
            const JsonValue last_value = entry.required("to");
            const YearMonth last = last_value.as_year_month();
            entry.finish();
            if (last < first) {
                last_value.fail("dates out of order: " + last.to_string() + " is before " +
                                first.to_string());
            }
            if (!p.periods_.empty() && first <= p.periods_.back().last) {
                list.at(i).fail("covered periods must be in order and must not overlap");
            }
            if (first.months_until(last) > 12 * 100) last_value.fail("a period of over 100 years");
            p.periods_.push_back({first, last});
        }
        periods_value_ = list.path();
    }

public:
    void check_first_values(const LegalParameters& p) const {
        const Date first_day = p.periods_.front().first.first_day();
        for (const auto& [key, start] : series_starts_) {
            if (start > first_day) {
                throw InputError(root_.file(), "/" + key,
                                 "no value in force for " + p.periods_.front().first.to_string() +
                                     ", the first covered month (first entry from " +
                                     start.to_string() + ")");
            }
        }
    }

private:
    JsonValue root_;
    ObjectReader reader_;
    std::vector<std::pair<std::string, Date>> series_starts_;
    std::string periods_value_;
};

namespace {

template <typename T>
const Dated<T>* in_force(const std::vector<Dated<T>>& series, Date day) {
    const Dated<T>* found = nullptr;
    for (const auto& entry : series) {
        if (entry.from <= day) found = &entry;
    }
    PAJESIM_ASSERT(found != nullptr);
    return found;
}

}  // namespace

std::unique_ptr<LegalParameters> LegalParameters::from_json(const nlohmann::json& document,
                                                            const std::string& file) {
    ParametersReader reader(document, file);
    return reader.read();
}

std::unique_ptr<LegalParameters> LegalParameters::load_file(const std::string& path) {
    return from_json(parse_json_file(path), path);
}

std::string LegalParameters::default_path() {
    if (const char* path = std::getenv("PAJESIM_PARAMS"); path != nullptr && *path != '\0') {
        return path;
    }
    return std::string(PAJESIM_SOURCE_DIR) + "/scenarios/params/cmg-2018-2021.json";
}

void LegalParameters::resolve_months() {
    const YearMonth first = periods_.front().first;
    const YearMonth last = periods_.back().last;
    const auto count = static_cast<std::size_t>(first.months_until(last) + 1);
    months_.reserve(count);
    month_covered_.assign(count, false);
    for (const Period& period : periods_) {
        for (YearMonth month = period.first; month <= period.last; month = month.plus_months(1)) {
            month_covered_[static_cast<std::size_t>(first.months_until(month))] = true;
        }
    }
    for (std::size_t i = 0; i < count; ++i) {
        const YearMonth month = first.plus_months(static_cast<std::int32_t>(i));
        const Date day = month.first_day();
        const Ratio& employee = in_force(approximate_contribution_rates_, day)->value.employee;
        months_.push_back(MonthParameters{
            month,
            day,
            Ratio{employee.denominator(), employee.denominator() - employee.numerator()},
            in_force(bmaf_, day),
            in_force(smic_hourly_gross_, day),
            in_force(resource_ceilings_, day),
            in_force(single_parent_ceiling_factor_, day),
            in_force(remuneration_rates_, day),
            in_force(age_3_to_6_factor_, day),
            in_force(single_parent_increase_, day),
            in_force(aeeh_increase_, day),
            in_force(salary_cap_share_, day),
            in_force(crds_rate_, day),
            in_force(assmat_daily_cap_smic_multiple_, day),
            in_force(contributions_coverage_, day),
            in_force(home_carer_contributions_cap_, day),
            in_force(approximate_contribution_rates_, day),
            in_force(full_rate_until_august_, day),
        });
    }
}

bool LegalParameters::covers(YearMonth month) const {
    const YearMonth first = periods_.front().first;
    if (month < first || month > periods_.back().last) return false;
    return month_covered_[static_cast<std::size_t>(first.months_until(month))];
}

std::string LegalParameters::covered_periods() const {
    std::string text;
    for (const Period& period : periods_) {
        if (!text.empty()) text += ", ";
        text += period.first.to_string() + " to " + period.last.to_string();
    }
    return text;
}

const MonthParameters& LegalParameters::for_month(YearMonth month) const {
    if (!covers(month)) {
        throw MonthNotCovered("month " + month.to_string() + " is outside the periods covered by "
                              "the legal parameters " + version_ + ": " + covered_periods());
    }
    return months_[static_cast<std::size_t>(periods_.front().first.months_until(month))];
}

}  // namespace pajesim::law
