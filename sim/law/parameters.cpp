#include "sim/law/parameters.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <tuple>

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
        p.version_ = reader_.required("version").as_label();
        if (p.version_.empty()) reader_.required("version").fail("the version must not be empty");
        reader_.optional("description");
        read_periods(p);
        series(p.bmaf_, "bmaf", [](ObjectReader& entry) {
            const Cents bmaf = euros(entry, "euros");
            if (bmaf == Cents{0}) entry.required("euros").fail("the BMAF must be above 0");
            return bmaf;
        });
        series(p.smic_hourly_gross_, "smic_hourly_gross",
               [](ObjectReader& entry) { return euros(entry, "euros"); });
        series(p.resource_ceilings_, "resource_ceilings", [](ObjectReader& entry) {
            // The ceilings are those of a care year (D531-18: revalued each 1 January), and the
            // CAF decides a family's bracket for the year, in January: an entry from another
            // month would change the law under a decision already made.
            const JsonValue from = entry.required("from");
            if (from.as_date().month() != 1) {
                from.fail("resource ceilings apply to a whole care year: 'from' must be a 1 January, found " +
                          from.as_date().to_string());
            }
            const CeilingTable table{ceilings(entry.required("bracket_1")), ceilings(entry.required("bracket_2"))};
            // The lower bracket's ceilings are the lower ones (a household at or below P1 is in
            // bracket 1, above P2 in bracket 3).
            const auto above = [&](Cents lower, Cents upper, const char* key) {
                if (lower > upper) {
                    entry.required("bracket_1").fail(std::string(key) + " " + lower.to_string() +
                                                     " is above bracket_2's " + upper.to_string());
                }
            };
            above(table.bracket_1.one_child, table.bracket_2.one_child, "one_child");
            above(table.bracket_1.two_children, table.bracket_2.two_children, "two_children");
            above(table.bracket_1.per_extra_child, table.bracket_2.per_extra_child, "per_extra_child");
            return table;
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
                   HomeCarerContributionsCap cap{euros(entry, "under_3"), euros(entry, "age_3_to_6")};
                   // A reading, optional: the children of the contract (default) or of the household.
                   if (entry.optional("children")) {
                       cap.household = choice<bool>(entry, "children", {{"contract", false}, {"household", true}});
                   }
                   return cap;
               });
        series(p.approximate_contribution_rates_, "approximate_contribution_rates",
               [](ObjectReader& entry) {
                   const JsonValue flag = entry.required("approximation");
                   if (!flag.as_bool()) flag.fail("these rates are approximations: say so (true)");
                   // The gross salary is the net / (1 - employee): at most half of it keeps the
                   // gross within twice the net, and every amount within the model's range (the
                   // real rate is about 22 %).
                   const Ratio employee = ratio(entry, "employee", 0, 1);
                   if (Ratio{1, 2} < employee) {
                       entry.required("employee").fail("must be at most 0.5 (the employee's share of the gross salary)");
                   }
                   return ApproximateContributionRates{
                       employee, ratio(entry, "employer", 0, 1),
                       ratio(entry, "assmat_minimum_hourly_smic_share", 0, 1)};
               });
        series(p.full_rate_until_august_, "full_rate_until_august", [](ObjectReader& entry) {
            FullRateUntilAugust rule;
            rule.enabled = entry.required("enabled").as_bool();
            // A reading, optional: the under-3 contributions cap of a home carer is kept too.
            if (const auto cap = entry.optional("contributions_cap")) rule.contributions_cap = cap->as_bool();
            return rule;
        });
        series(p.regime_, "law_regime", [](ObjectReader& entry) {
            return choice<Regime>(entry, "regime", {{"brackets", Regime::brackets}, {"hourly", Regime::hourly}});
        });
        series(p.condition_end_, "condition_end", [](ObjectReader& entry) {
            return choice<ConditionEnd>(entry, "rule", {{"month_kept", ConditionEnd::month_kept},
                                                        {"month_lost", ConditionEnd::month_lost},
                                                        {"age_on_the_1st", ConditionEnd::age_on_the_1st}});
        });
        series(p.alternating_residence_, "alternating_residence",
               [](ObjectReader& entry) { return entry.required("enabled").as_bool(); });
        // A reading, optional: a table without it has 1 March from its first covered month.
        if (reader_.optional("birthday_of_29_february")) {
            series(p.leap_day_birthday_, "birthday_of_29_february", [](ObjectReader& entry) {
                return choice<LeapDayBirthday>(entry, "reading", {{"march_1", LeapDayBirthday::march_1},
                                                                  {"february_28", LeapDayBirthday::february_28}});
            });
        } else {
            p.leap_day_birthday_.push_back(
                {p.periods_.front().first.first_day(),
                 "default reading (the table has no birthday_of_29_february): 1 March", LeapDayBirthday::march_1,
                 SourceStatus::interpretation});
        }
        read_hourly_series(p);
        reader_.finish();
        // Before resolving months: resolving asserts that a value is in force for each one.
        check_first_values(p);
        p.resolve_months();
        check_hourly_months(p);
        return parameters;
    }

private:
    // The hourly regime's series: required (each with a value in force from the first hourly
    // month) when the table covers a month of the hourly regime, optional otherwise.
    void read_hourly_series(LegalParameters& p) {
        const auto per_mode = [](ObjectReader& entry) {
            return PerMode{euros(entry, "assmat"), euros(entry, "home_carer")};
        };
        hourly_series(p.hourly_cap_, "hourly_cap", [&](ObjectReader& entry) {
            HourlyCap cap;
            static_cast<PerMode&>(cap) = per_mode(entry);
            // A reading, optional: exceeding the cap clips the cost (default) or refuses the CMG.
            if (entry.optional("rule")) {
                cap.condition = choice<bool>(entry, "rule", {{"clip", false}, {"condition", true}});
            }
            return cap;
        });
        hourly_series(p.reference_hourly_cost_, "reference_hourly_cost", [](ObjectReader& entry) {
            const PerMode cost{euros(entry, "assmat"), euros(entry, "home_carer")};
            if (cost.assmat == Cents{0}) entry.required("assmat").fail("a reference cost must be above 0");
            if (cost.home_carer == Cents{0}) entry.required("home_carer").fail("a reference cost must be above 0");
            return cost;
        });
        hourly_series(p.monthly_resource_floor_, "monthly_resource_floor",
                      [](ObjectReader& entry) { return whole_euros(entry, "euros"); });
        hourly_series(p.monthly_resource_ceiling_, "monthly_resource_ceiling", [](ObjectReader& entry) {
            // The CAF's rights records carry monthly resources in whole euros up to 65 535 (16
            // bits): a ceiling above would let the record's figure, not the law's, decide.
            const Cents ceiling = whole_euros(entry, "euros");
            if (ceiling > Cents::from_euros(65'535)) {
                entry.required("euros").fail("at most 65535 euros a month (the rights records' resources)");
            }
            return ceiling;
        });
        hourly_series(p.effort_rates_, "effort_rates", [](ObjectReader& entry) {
            EffortRates rates{effort_row(entry, "assmat_percent"), effort_row(entry, "home_carer_percent"), 20};
            rates.counted_under_years = static_cast<int>(entry.required("children_counted_under_years").as_int(1, 30));
            return rates;
        });
        hourly_series(p.age_limits_, "age_limits", [](ObjectReader& entry) {
            AgeLimits limits;
            limits.years = static_cast<int>(entry.required("years").as_int(1, 25));
            const JsonValue single = entry.required("single_parent_years");
            limits.single_parent_years = static_cast<int>(single.as_int(1, 25));
            if (limits.single_parent_years < limits.years) {
                single.fail("the single-parent limit cannot be below the general one (" +
                            std::to_string(limits.years) + ")");
            }
            return limits;
        });
        hourly_series(p.aeeh_effort_step_, "aeeh_effort_step", [](ObjectReader& entry) {
            return choice<AeehStep>(entry, "reading", {{"row", AeehStep::row},
                                                       {"distinct_value", AeehStep::distinct_value}});
        });
        hourly_series(p.hourly_rounding_, "hourly_rounding", [](ObjectReader& entry) {
            return choice<HourlyRounding>(entry, "reading", {{"cent", HourlyRounding::cent},
                                                             {"euro", HourlyRounding::euro}});
        });
        hourly_series(p.hourly_clamp_at_zero_, "hourly_clamp_at_zero",
                      [](ObjectReader& entry) { return entry.required("enabled").as_bool(); });
        hourly_series(p.indemnity_exclusion_, "indemnity_exclusion", [](ObjectReader& entry) {
            return choice<IndemnityExclusion>(entry, "reading",
                                              {{"none", IndemnityExclusion::none},
                                               {"cap_check_only", IndemnityExclusion::cap_check_only},
                                               {"excluded_from_cost", IndemnityExclusion::excluded_from_cost}});
        });
        hourly_series(p.transitional_complement_, "transitional_complement", [](ObjectReader& entry) {
            TransitionalComplement complement;
            ObjectReader period(entry.required("reference_period"));
            complement.reference_first = period.required("from").as_year_month();
            const JsonValue last = period.required("to");
            complement.reference_last = last.as_year_month();
            period.finish();
            if (complement.reference_last < complement.reference_first ||
                complement.reference_first.months_until(complement.reference_last) > 11) {
                last.fail("a reference period of 1 to 12 months, in order");
            }
            complement.duration_months = static_cast<int>(entry.required("duration_months").as_int(1, 120));
            complement.cap_share_of_net_pay = ratio(entry, "cap_share_of_net_pay", 0, 1);
            complement.single_parent_ceiling_factor = ratio(entry, "single_parent_ceiling_factor", 1, 3);
            complement.ceilings = ceilings(entry.required("ceilings"));
            ObjectReader hours(entry.required("min_hours"));
            const auto read_hours = [&](std::string_view key) {
                return static_cast<int>(hours.required(key).as_int(0, 744));
            };
            complement.min_hours.assmat_one_child_under_3 = read_hours("assmat_one_child_under_3");
            complement.min_hours.assmat_one_child_3_or_over = read_hours("assmat_one_child_3_or_over");
            complement.min_hours.home_carer = read_hours("home_carer");
            complement.min_hours.assmat_several_all_under_3 = read_hours("assmat_several_all_under_3");
            complement.min_hours.assmat_several_one_3_or_over = read_hours("assmat_several_one_3_or_over");
            hours.finish();
            // A reading, optional: without it, 2 (Urssaf's simulator).
            if (const auto minimum = entry.optional("min_months_declared")) {
                const int months = complement.reference_first.months_until(complement.reference_last) + 1;
                complement.min_months_declared = static_cast<int>(minimum->as_int(1, months));
            }
            // A reading, optional: without it, the children of the month before the regime.
            if (entry.optional("ceiling_children")) {
                complement.ceiling_children = choice<TransitionalCeilingChildren>(
                    entry, "ceiling_children",
                    {{"month_before", TransitionalCeilingChildren::month_before},
                     {"regime_start", TransitionalCeilingChildren::regime_start}});
            }
            // Readings, optional: without them, Urssaf's simulator's hours rounded up to the
            // hour, and its child under 6 on the regime's first day (not its birth year's rule).
            if (entry.optional("hours_average")) {
                complement.hours_average = choice<TransitionalHoursAverage>(
                    entry, "hours_average",
                    {{"whole_hour_up", TransitionalHoursAverage::whole_hour_up},
                     {"exact", TransitionalHoursAverage::exact}});
            }
            if (entry.optional("child_condition")) {
                complement.child_condition = choice<TransitionalChildCondition>(
                    entry, "child_condition",
                    {{"under_6_on_regime_start", TransitionalChildCondition::under_6_on_regime_start},
                     {"under_6_on_regime_start_not_born_2022",
                      TransitionalChildCondition::under_6_on_regime_start_not_born_2022},
                     {"none", TransitionalChildCondition::none}});
            }
            return complement;
        });
    }

    template <typename T, typename ReadValue>
    void hourly_series(std::vector<Dated<T>>& target, std::string_view key, ReadValue read_value) {
        if (!reader_.optional(key)) return;
        series(target, key, read_value);
        hourly_keys_.push_back(std::string(key));
        series_starts_.pop_back();  // checked from the first hourly month, not the first month
    }

    template <typename T>
    static T choice(ObjectReader& entry, std::string_view key,
                    std::initializer_list<std::pair<std::string_view, T>> options) {
        const JsonValue value = entry.required(key);
        const std::string text = value.as_string();
        std::string names;
        for (const auto& [name, option] : options) {
            if (text == name) return option;
            names += (names.empty() ? "\"" : ", \"") + std::string(name) + "\"";
        }
        value.fail("unknown value \"" + text + "\" (expected one of " + names + ")");
    }

    static Cents whole_euros(ObjectReader& entry, std::string_view key) {
        const Cents amount = euros(entry, key);
        if (amount.value() % 100 != 0) entry.required(key).fail("must be whole euros");
        return amount;
    }

    // Ten percentages (rows for 1 to 10 dependent children), each 0 to 1 %, never rising.
    static std::array<Ratio, effort_rate_rows> effort_row(ObjectReader& entry, std::string_view key) {
        const JsonValue list = entry.required(key);
        list.array_size(effort_rate_rows, effort_rate_rows);
        std::array<Ratio, effort_rate_rows> rates;
        for (std::size_t i = 0; i < effort_rate_rows; ++i) {
            const JsonValue item = list.at(i);
            const Ratio percent = item.as_ratio();
            if (percent <= Ratio::zero() || percent > Ratio::one()) {
                item.fail("out of range: " + percent.to_decimal_string() + " % (expected above 0 and at most 1 %)");
            }
            rates[i] = percent * Ratio{1, 100};
            if (i > 0 && rates[i] > rates[i - 1]) item.fail("the effort rate cannot rise with more children");
        }
        return rates;
    }

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
            if (source.find_first_not_of(" \t\r\n") == std::string::npos) {
                entry.required("source").fail("every value needs its source");
            }
            SourceStatus status = SourceStatus::untagged;
            if (const auto tag = entry.optional("status")) {
                status = choice<SourceStatus>(entry, "status",
                                              {{"TXT", SourceStatus::text}, {"OFF", SourceStatus::official},
                                               {"DER", SourceStatus::derived}, {"3P", SourceStatus::third_party},
                                               {"INT", SourceStatus::interpretation}});
            }
            bool unverified = false;
            if (const auto flag = entry.optional("unverified")) unverified = flag->as_bool();
            if (const auto note = entry.optional("note")) note->as_string();
            T value = read_value(entry);
            entry.finish();
            target.push_back(Dated<T>{from, std::move(source), std::move(value), status, unverified});
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

    // Values that must hold together in each month of the hourly regime.
    void check_hourly_months(const LegalParameters& p) const {
        // The complément différentiel compares, over its reference period, the CMG of the
        // brackets with the hourly CMG: the period is of the brackets, and covered by the table.
        for (std::size_t i = 0; i < p.transitional_complement_.size(); ++i) {
            const TransitionalComplement& c = p.transitional_complement_[i].value;
            const std::string at = "/transitional_complement/" + std::to_string(i) + "/reference_period";
            if (c.reference_last >= p.hourly_start_) {
                throw InputError(root_.file(), at + "/to",
                                 "the reference period (" + c.reference_first.to_string() + " to " +
                                     c.reference_last.to_string() + ") must end before " + p.hourly_start_.to_string() +
                                     ", the first month of the hourly regime: it compares the CMG of the brackets "
                                     "with the hourly CMG");
            }
            for (YearMonth m = c.reference_first; m <= c.reference_last; m = m.plus_months(1)) {
                if (!p.covers(m)) {
                    throw InputError(root_.file(), at + "/from",
                                     "the reference period's month " + m.to_string() +
                                         " is not covered by the table (covered_months)");
                }
            }
        }
        for (std::size_t i = 0; i < p.months_.size(); ++i) {
            const MonthParameters& m = p.months_[i];
            if (!p.month_covered_[i] || !m.hourly()) continue;
            if (m.monthly_resource_floor->value > m.monthly_resource_ceiling->value) {
                throw InputError(root_.file(), "/monthly_resource_floor",
                                 "the floor " + m.monthly_resource_floor->value.to_string() + " (from " +
                                     m.monthly_resource_floor->from.to_string() + ") is above the ceiling " +
                                     m.monthly_resource_ceiling->value.to_string() + " in force in " +
                                     m.month.to_string());
            }
        }
    }

public:
    void check_first_values(LegalParameters& p) const {
        const Date first_day = p.periods_.front().first.first_day();
        // The first covered month of the hourly regime, if any: its series must be in force by then.
        const YearMonth last = p.periods_.back().last;
        p.hourly_start_ = last.plus_months(1);
        // The hourly regime replaces the brackets for good (LFSS 2023 art. 86): a table that
        // goes back to them after it describes no law (the transitional complement, the
        // switch of rights records and the centres all take the switch as happening once).
        bool hourly_seen = false;
        for (std::size_t i = 0; i < p.regime_.size(); ++i) {
            if (p.regime_[i].value == Regime::hourly) hourly_seen = true;
            if (hourly_seen && p.regime_[i].value == Regime::brackets) {
                throw InputError(root_.file(), "/law_regime/" + std::to_string(i) + "/regime",
                                 "\"brackets\" after \"hourly\": the hourly regime replaces the brackets for good, "
                                 "a table cannot go back to them");
            }
        }
        for (const auto& entry : p.regime_) {
            if (entry.value != Regime::hourly) continue;
            YearMonth month = std::max(entry.from.year_month(), p.periods_.front().first);
            if (month <= last) p.hourly_start_ = std::min(p.hourly_start_, month);
            break;
        }
        if (p.hourly_start_ <= last) {
            static constexpr std::array<std::string_view, 11> required{
                "hourly_cap", "reference_hourly_cost", "monthly_resource_floor", "monthly_resource_ceiling",
                "effort_rates", "age_limits", "aeeh_effort_step", "hourly_rounding", "hourly_clamp_at_zero",
                "indemnity_exclusion", "transitional_complement"};
            for (const std::string_view key : required) {
                if (std::find(hourly_keys_.begin(), hourly_keys_.end(), key) == hourly_keys_.end()) {
                    throw InputError(root_.file(), "/" + std::string(key),
                                     "missing: the table covers " + p.hourly_start_.to_string() +
                                         ", a month of the hourly regime, which needs this series");
                }
            }
            const auto check = [&](const std::string& key, Date start) {
                if (start > p.hourly_start_.first_day()) {
                    throw InputError(root_.file(), "/" + key,
                                     "no value in force for " + p.hourly_start_.to_string() +
                                         ", the first month of the hourly regime (first entry from " +
                                         start.to_string() + ")");
                }
            };
            check("hourly_cap", p.hourly_cap_.front().from);
            check("reference_hourly_cost", p.reference_hourly_cost_.front().from);
            check("monthly_resource_floor", p.monthly_resource_floor_.front().from);
            check("monthly_resource_ceiling", p.monthly_resource_ceiling_.front().from);
            check("effort_rates", p.effort_rates_.front().from);
            check("age_limits", p.age_limits_.front().from);
            check("aeeh_effort_step", p.aeeh_effort_step_.front().from);
            check("hourly_rounding", p.hourly_rounding_.front().from);
            check("hourly_clamp_at_zero", p.hourly_clamp_at_zero_.front().from);
            check("indemnity_exclusion", p.indemnity_exclusion_.front().from);
            check("transitional_complement", p.transitional_complement_.front().from);
        }
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
    std::vector<std::string> hourly_keys_;
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

// A series of the hourly regime: none before its first entry.
template <typename T>
const Dated<T>* in_force_or_null(const std::vector<Dated<T>>& series, Date day) {
    const Dated<T>* found = nullptr;
    for (const auto& entry : series) {
        if (entry.from <= day) found = &entry;
    }
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
    return std::string(PAJESIM_SOURCE_DIR) + "/scenarios/params/cmg-2018-2026.json";
}

namespace {

// Every series of a month's parameters and the first month of the hourly regime: all that
// `same_values` compares.
auto values_of(const MonthParameters& p) {
    return std::tie(p.bmaf, p.smic_hourly_gross, p.resource_ceilings, p.single_parent_ceiling_factor,
                    p.remuneration_rates, p.age_3_to_6_factor, p.single_parent_increase, p.aeeh_increase,
                    p.salary_cap_share, p.crds_rate, p.assmat_daily_cap_smic_multiple, p.contributions_coverage,
                    p.home_carer_contributions_cap, p.approximate_contribution_rates, p.full_rate_until_august,
                    p.regime, p.condition_end, p.leap_day_birthday, p.alternating_residence, p.hourly_cap,
                    p.reference_hourly_cost, p.monthly_resource_floor, p.monthly_resource_ceiling,
                    p.effort_rates, p.age_limits, p.aeeh_effort_step, p.hourly_rounding,
                    p.hourly_clamp_at_zero, p.indemnity_exclusion, p.transitional_complement, p.hourly_start);
}
// The month, its first day and `gross_from_net` come first and are not compared; then the 30
// series and the hourly start, last. A field added anywhere breaks one of these, which asks for
// it to be compared above (or for the reason it need not be).
static_assert(offsetof(MonthParameters, first_day) + sizeof(Date) == offsetof(MonthParameters, gross_from_net) &&
                  offsetof(MonthParameters, gross_from_net) + sizeof(Ratio) == offsetof(MonthParameters, bmaf) &&
                  offsetof(MonthParameters, bmaf) + 30 * sizeof(void*) == offsetof(MonthParameters, hourly_start) &&
                  sizeof(MonthParameters) <= offsetof(MonthParameters, hourly_start) + alignof(MonthParameters) &&
                  offsetof(MonthParameters, first_day) < alignof(MonthParameters) + sizeof(YearMonth),
              "a field of MonthParameters that same_values does not compare");

}  // namespace

bool same_values(const MonthParameters& left, const MonthParameters& right) {
    return values_of(left) == values_of(right);
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
            in_force(regime_, day),
            in_force(condition_end_, day),
            in_force(leap_day_birthday_, day),
            in_force(alternating_residence_, day),
            in_force_or_null(hourly_cap_, day),
            in_force_or_null(reference_hourly_cost_, day),
            in_force_or_null(monthly_resource_floor_, day),
            in_force_or_null(monthly_resource_ceiling_, day),
            in_force_or_null(effort_rates_, day),
            in_force_or_null(age_limits_, day),
            in_force_or_null(aeeh_effort_step_, day),
            in_force_or_null(hourly_rounding_, day),
            in_force_or_null(hourly_clamp_at_zero_, day),
            in_force_or_null(indemnity_exclusion_, day),
            in_force_or_null(transitional_complement_, day),
            hourly_start_,
        });
        // In a month of the hourly regime every hourly series is in force (checked on load).
        const MonthParameters& m = months_.back();
        if (m.hourly() && month_covered_[i]) {
            PAJESIM_ASSERT(m.hourly_cap && m.reference_hourly_cost && m.monthly_resource_floor &&
                           m.monthly_resource_ceiling && m.effort_rates && m.age_limits && m.aeeh_effort_step &&
                           m.hourly_rounding && m.hourly_clamp_at_zero && m.indemnity_exclusion &&
                           m.transitional_complement);
        }
    }
}

std::string to_string(SourceStatus status) {
    switch (status) {
        case SourceStatus::untagged: return "";
        case SourceStatus::text: return "TXT";
        case SourceStatus::official: return "OFF";
        case SourceStatus::derived: return "DER";
        case SourceStatus::third_party: return "3P";
        case SourceStatus::interpretation: return "INT";
    }
    return "";
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
