#include "sim/law/cmg.hpp"

#include <array>
#include <span>

#include "sim/kernel/int128.hpp"

namespace pajesim::law {
namespace {

std::string dated(const std::string& value, const auto* entry) {
    return value + " (from " + entry->from.to_string() + "; " + entry->source + status_tag(*entry) + ")";
}

std::string percent(const Ratio& ratio) {
    return (ratio * Ratio{100, 1}).to_decimal_string() + " %";
}

// Builds the step's text only when an explanation is asked for: the oracle runs hundreds of
// millions of times in a national run, and these strings would dominate its cost.
#define PAJESIM_EXPLAIN(explanation, ...)                                   \
    do {                                                                    \
        if ((explanation) != nullptr) (explanation)->add(__VA_ARGS__);      \
    } while (false)

// ceiling(n) = one_child if n = 1, else two_children + (n - 2) x per_extra_child.
Cents ceiling_for(const Ceilings& ceilings, int children) {
    PAJESIM_ASSERT(children >= 1);
    if (children == 1) return ceilings.one_child;
    return ceilings.two_children + ceilings.per_extra_child.times(children - 2);
}

// resources <= ceiling x factor, compared exactly in integers.
bool at_or_below(Cents resources, Cents ceiling, const Ratio& factor) {
    const Int128 left = static_cast<Int128>(resources.value()) * factor.denominator();
    const Int128 right = static_cast<Int128>(ceiling.value()) * factor.numerator();
    return left <= right;
}

// Gross pay per day per child = net / (1 - employee rate) / days / children, compared exactly
// (no rounding, domain.md section 5) with multiple x SMIC horaire brut.
bool above_daily_cap(const ContractFacts& contract, const MonthParameters& p) {
    const Ratio& employee = p.approximate_contribution_rates->value.employee;
    const Ratio& multiple = p.assmat_daily_cap_smic_multiple->value;
    const Int128 q = employee.denominator();
    const Int128 keep = q - employee.numerator();  // (1 - rate) = keep / q
    const Int128 left = static_cast<Int128>(contract.net_salary.value()) * q *
                        multiple.denominator();
    const Int128 right = static_cast<Int128>(p.smic_hourly_gross->value.value()) *
                         multiple.numerator() * keep * contract.days_worked *
                         static_cast<Int128>(contract.children.size());
    return left > right;
}

ContributionsPart contributions_for(const ContractFacts& contract, const MonthParameters& p) {
    const ApproximateContributionRates& rates = p.approximate_contribution_rates->value;
    ContributionsPart part;
    part.gross_salary = apply_rate(contract.net_salary, p.gross_from_net, Rounding::half_up);
    part.employee = part.gross_salary - contract.net_salary;
    part.employer = apply_rate(part.gross_salary, rates.employer, Rounding::half_up);
    part.total = part.employee + part.employer;
    part.uncovered = part.total;
    return part;
}

// One child's (assmat) or the household's (home carer) maximum with its increases, in the
// order of domain.md section 5, each step rounded half-up to the cent.
Cents maximum_for(int bracket, bool full_rate, bool single_parent, bool aeeh,
                  const MonthParameters& p, Explanation* explanation, int child) {
    // Who the maximum is for, built only for an explanation (the run computes millions).
    const auto who = [child] { return child < 0 ? std::string("household") : "child " + std::to_string(child); };
    const RemunerationRates& rates = p.remuneration_rates->value;
    const Ratio& rate = bracket == 1 ? rates.bracket_1 : bracket == 2 ? rates.bracket_2
                                                                        : rates.bracket_3;
    Cents amount = apply_rate(p.bmaf->value, rate, Rounding::half_up);
    PAJESIM_EXPLAIN(explanation, who() + ": BMAF " + dated(p.bmaf->value.to_string(), p.bmaf) + " x " +
                          dated(percent(rate), p.remuneration_rates) + " (bracket " +
                          std::to_string(bracket) + ") = " + amount.to_string());
    if (!full_rate) {
        amount = apply_rate(amount, p.age_3_to_6_factor->value, Rounding::half_up);
        PAJESIM_EXPLAIN(explanation, who() + ": aged 3 to 6, x " +
                              dated(p.age_3_to_6_factor->value.to_decimal_string(),
                                    p.age_3_to_6_factor) + " = " + amount.to_string());
    }
    if (single_parent) {
        const Ratio& increase = p.single_parent_increase->value;
        if (increase == Ratio::one()) {
            PAJESIM_EXPLAIN(explanation, who() + ": single parent, no increase in force " +
                                  dated("", p.single_parent_increase));
        } else {
            amount = apply_rate(amount, increase, Rounding::half_up);
            PAJESIM_EXPLAIN(explanation, who() + ": single-parent increase x " +
                                  dated(increase.to_decimal_string(), p.single_parent_increase) +
                                  " = " + amount.to_string());
        }
    }
    if (aeeh) {
        const Ratio& increase = p.aeeh_increase->value;
        if (increase == Ratio::one()) {
            PAJESIM_EXPLAIN(explanation, who() + ": AEEH, no increase in force " + dated("", p.aeeh_increase));
        } else {
            amount = apply_rate(amount, increase, Rounding::half_up);
            PAJESIM_EXPLAIN(explanation, who() + ": AEEH increase x " +
                                  dated(increase.to_decimal_string(), p.aeeh_increase) + " = " +
                                  amount.to_string());
        }
    }
    return amount;
}

}  // namespace

namespace {

// The `years`-th birthday, as its month and whether it falls on the month's 1st. A birthday
// falls on or before the last day of month M exactly when its month is M or earlier, so ages
// compare as months. A child born on 29 February has its birthday of a common year on 1 March
// or 28 February, as the table's `birthday_of_29_february` reads it.
struct Birthday {
    YearMonth month;
    bool on_the_1st = false;
};

Birthday birthday_of(const std::chrono::year_month_day& birth, int years, const MonthParameters& p) {
    const auto year = birth.year() + std::chrono::years{years};
    unsigned month = static_cast<unsigned>(birth.month());
    unsigned day = static_cast<unsigned>(birth.day());
    if (month == 2 && day == 29 && !year.is_leap()) {
        if (p.leap_day_birthday->value == LeapDayBirthday::march_1) {
            month = 3;
            day = 1;
        } else {
            day = 28;
        }
    }
    return {YearMonth::from_civil(static_cast<int>(year), month), day == 1};
}

}  // namespace

ContributionsPart contributions_before_coverage(const ContractFacts& contract,
                                               const MonthParameters& p) {
    return contributions_for(contract, p);
}

namespace {

// Whether a condition that ends with `birthday` still holds in the care month: under
// month_kept the birthday month itself keeps it (R552-3 II 1°), under month_lost it ends there,
// under age_on_the_1st it holds while the child has not reached the age on the month's 1st.
bool condition_holds_in(Birthday birthday, YearMonth month, const MonthParameters& p) {
    const bool month_lost = p.condition_end->value == ConditionEnd::month_lost ||
                            (p.condition_end->value == ConditionEnd::age_on_the_1st && birthday.on_the_1st);
    return month_lost ? birthday.month > month : birthday.month >= month;
}

std::string condition_end_words(const MonthParameters& p) {
    switch (p.condition_end->value) {
        case ConditionEnd::month_kept: return "month of the birthday still paid";
        case ConditionEnd::month_lost: return "month of the birthday not paid";
        case ConditionEnd::age_on_the_1st: return "age judged on the 1st of the month";
    }
    return {};
}
bool condition_holds(Birthday birthday, const MonthParameters& p) { return condition_holds_in(birthday, p.month, p); }

// For a child born on 29 February, the reading of its birthday in a common year, for an
// explanation (empty for any other child).
std::string leap_day_reading(const ChildFacts& child, const MonthParameters& p) {
    if (child.birth.month() != 2 || child.birth.day() != 29) return {};
    const bool march = p.leap_day_birthday->value == LeapDayBirthday::march_1;
    return dated(std::string("; its birthday in a common year: ") + (march ? "1 March" : "28 February"),
                 p.leap_day_birthday);
}

}  // namespace

namespace {

// A child's band, and whether it is under 3 by age alone (without the full rate kept until
// August), from one reading of its birthdays.
struct Age {
    AgeBand band;
    bool under_3 = false;
};

Age age_of(const ChildFacts& child, const MonthParameters& p) {
    if (child.birth >= p.first_day) return {AgeBand::not_yet_counted};
    const std::chrono::year_month_day birth = child.birth.civil();
    if (!condition_holds(birthday_of(birth, 6, p), p)) return {AgeBand::too_old};
    const Birthday third_birthday = birthday_of(birth, 3, p);
    if (condition_holds(third_birthday, p)) return {AgeBand::full_rate, true};
    if (p.full_rate_until_august->value.enabled && third_birthday.month.year() == p.month.year() &&
        third_birthday.month.month() <= 8 && p.month.month() <= 8) {
        return {AgeBand::full_rate};
    }
    return {AgeBand::half_rate};
}

}  // namespace

AgeBand age_band(const ChildFacts& child, const MonthParameters& p) { return age_of(child, p).band; }

bool months_carry_over(const MonthParameters& before, const MonthParameters& after) {
    if (before.month.plus_months(1) != after.month || !same_values(before, after)) return false;
    const unsigned after_month = after.month.month();
    if (after.full_rate_until_august->value.enabled && (after_month == 9 || after_month == 1)) return false;
    if (after.hourly()) {
        const YearMonth start = after.regime->from.year_month();
        const std::int32_t duration = after.transitional_complement->value.duration_months;
        if ((start.months_until(before.month) >= duration) != (start.months_until(after.month) >= duration)) {
            return false;
        }
    }
    return true;
}

std::uint16_t turning_months(std::span<const ChildFacts> children) {
    std::uint16_t months = 0;
    for (const ChildFacts& child : children) {
        const std::chrono::year_month_day birth = child.birth.civil();
        const auto month = static_cast<unsigned>(birth.month());
        months = static_cast<std::uint16_t>(months | (1u << month));
        if (month == 2 && birth.day() == std::chrono::day{29}) months = static_cast<std::uint16_t>(months | (1u << 3));
    }
    return months;
}

bool answer_carries_over(const HouseholdFacts& household, const MonthParameters& before,
                         const MonthParameters& after) {
    return months_carry_over(before, after) && carries_over(turning_months(household.children), before.month, after.month);
}

int dependent_children(const HouseholdFacts& household, YearMonth month) {
    const Date first_day = month.first_day();
    int count = 0;
    for (const ChildFacts& child : household.children) {
        if (child.birth < first_day) ++count;
    }
    return count;
}

int resource_bracket(Cents resources, int children, bool single_parent,
                     const MonthParameters& p) {
    const CeilingTable& table = p.resource_ceilings->value;
    const Ratio factor = single_parent ? p.single_parent_ceiling_factor->value : Ratio::one();
    if (at_or_below(resources, ceiling_for(table.bracket_1, children), factor)) return 1;
    if (at_or_below(resources, ceiling_for(table.bracket_2, children), factor)) return 2;
    return 3;
}

namespace {

void explain_bracket(const HouseholdFacts& household, int children, int bracket,
                     const MonthParameters& p, Explanation* explanation) {
    if (explanation == nullptr) return;
    const CeilingTable& table = p.resource_ceilings->value;
    std::string step = "resource bracket: " + std::to_string(children) +
                       " dependent child(ren) born before " + p.month.to_string() +
                       "; ceilings " + dated("P1 " + ceiling_for(table.bracket_1, children).to_string() +
                                             ", P2 " + ceiling_for(table.bracket_2, children).to_string(),
                                             p.resource_ceilings);
    if (household.single_parent) {
        step += ", single parent x " + dated(p.single_parent_ceiling_factor->value.to_decimal_string(),
                                             p.single_parent_ceiling_factor);
    }
    step += "; resources N-2 " + household.resources_n2.to_string() +
            " (at or below a ceiling falls in the lower bracket) -> bracket " +
            std::to_string(bracket);
    explanation->add(std::move(step));
}

// `reason` is copied only when words are wanted: a literal reason costs nothing otherwise.
Entitlement refuse(Entitlement result, Refusal refusal, std::string_view reason,
                   Explanation* explanation, bool words) {
    result.eligible = false;
    result.refusal = refusal;
    if (words) result.reason = std::string(reason);
    PAJESIM_EXPLAIN(explanation, "not eligible: " + result.reason + "; nothing paid, neither part");
    return result;
}

}  // namespace

namespace {

Entitlement entitlement_in_bracket(Entitlement result, const HouseholdFacts& household,
                                   const ContractFacts& contract, const MonthParameters& p,
                                   Explanation* explanation, Detail detail);

Entitlement start_entitlement(const HouseholdFacts& household, const ContractFacts& contract,
                              const MonthParameters& p, Explanation* explanation) {
    PAJESIM_ASSERT(!contract.children.empty());
    PAJESIM_ASSERT(contract.children.size() <= max_contract_children);
    for (const std::uint32_t index : contract.children) {
        PAJESIM_ASSERT(index < household.children.size());
    }
    PAJESIM_ASSERT(contract.net_salary >= Cents{0});
    PAJESIM_ASSERT(contract.maintenance >= Cents{0});

    Entitlement result;
    result.contributions = contributions_for(contract, p);
    PAJESIM_EXPLAIN(explanation, "care month " + p.month.to_string() + ", " + to_string(contract.mode) +
                          " contract, net salary " + contract.net_salary.to_string() +
                          ", maintenance " + contract.maintenance.to_string());
    return result;
}

}  // namespace

Entitlement compute_entitlement(const HouseholdFacts& household, const ContractFacts& contract,
                                const MonthParameters& p, Explanation* explanation,
                                Detail detail, const TransitionalFacts* transitional) {
    if (p.hourly()) {
        const Cents monthly = monthly_resources(household.resources_n2);
        if (explanation == nullptr) {
            return compute_entitlement_for_resources(monthly, household, contract, p, nullptr, detail, transitional);
        }
        // The trace in the order the rules apply: how the monthly resources were had from the
        // N-2 resources just before they are clamped (not at all when no child is eligible).
        Explanation steps;
        const Entitlement result =
            compute_entitlement_for_resources(monthly, household, contract, p, &steps, detail, transitional);
        for (const std::string& step : steps.steps()) {
            if (step.starts_with("monthly resources ")) {
                explanation->add("resources N-2 " + household.resources_n2.to_string() + " / 12 = " +
                                 monthly.to_string() + " (rounded half-up to the euro, D531-18 2°)");
            }
            explanation->add(step);
        }
        return result;
    }
    Entitlement result = start_entitlement(household, contract, p, explanation);
    const int children = dependent_children(household, p.month);
    if (children > 0) {
        result.bracket = resource_bracket(household.resources_n2, children,
                                          household.single_parent, p);
        explain_bracket(household, children, *result.bracket, p, explanation);
    }
    return entitlement_in_bracket(std::move(result), household, contract, p, explanation, detail);
}

Entitlement compute_entitlement_for_bracket(int bracket, const HouseholdFacts& household,
                                            const ContractFacts& contract,
                                            const MonthParameters& p, Explanation* explanation,
                                            Detail detail) {
    PAJESIM_ASSERT(bracket >= 1 && bracket <= 3);
    Entitlement result = start_entitlement(household, contract, p, explanation);
    if (dependent_children(household, p.month) > 0) result.bracket = bracket;
    PAJESIM_EXPLAIN(explanation, "resource bracket " + std::to_string(bracket) +
                                     " as decided by the CAF (resources not known here)");
    return entitlement_in_bracket(std::move(result), household, contract, p, explanation, detail);
}

namespace {

Entitlement entitlement_in_bracket(Entitlement result, const HouseholdFacts& household,
                                   const ContractFacts& contract, const MonthParameters& p,
                                   Explanation* explanation, Detail detail) {
    const bool words = detail == Detail::with_reason || explanation != nullptr;
    if (!household.activity_condition_met) {
        return refuse(result, Refusal::activity_condition, "activity condition not met",
                      explanation, words);
    }

    bool any_full_rate = false;
    bool any_under_3 = false;  // by age alone, without the full rate kept until August
    bool any_aeeh = false;
    // No allocation on this path: a contract has at most max_contract_children children (the
    // storage is left uninitialised: only its first eligible_count entries are read).
    struct EligibleChild {
        std::uint32_t index;
        AgeBand band;
    };
    EligibleChild eligible_storage[max_contract_children];
    std::size_t eligible_count = 0;
    for (const std::uint32_t index : contract.children) {
        const ChildFacts& child = household.children[index];
        const Age age = age_of(child, p);
        const AgeBand band = age.band;
        PAJESIM_EXPLAIN(explanation, "child " + std::to_string(index) + " born " + child.birth.to_string() +
                              ": " + to_string(band) + ", " + dated(condition_end_words(p), p.condition_end) +
                              leap_day_reading(child, p));
        if (band == AgeBand::full_rate || band == AgeBand::half_rate) {
            eligible_storage[eligible_count++] = {index, band};
            any_full_rate = any_full_rate || band == AgeBand::full_rate;
            any_under_3 = any_under_3 || age.under_3;
            any_aeeh = any_aeeh || child.aeeh;
        }
    }
    const std::span<const EligibleChild> eligible(eligible_storage, eligible_count);
    if (eligible.empty()) {
        return refuse(result, Refusal::no_child_under_6,
                      "no child of the contract under 6 and born before the month", explanation,
                      words);
    }
    PAJESIM_ASSERT(result.bracket.has_value());

    if (contract.mode == CareMode::assmat) {
        if (above_daily_cap(contract, p)) {
            return refuse(result, Refusal::daily_cap,
                          words ? "daily cap: gross pay per day and per child above " +
                                      p.assmat_daily_cap_smic_multiple->value.to_decimal_string() +
                                      " x SMIC horaire brut " +
                                      dated(p.smic_hourly_gross->value.to_string(),
                                            p.smic_hourly_gross)
                                : std::string(),
                          explanation, words);
        }
        PAJESIM_EXPLAIN(explanation, "daily cap: gross pay per day and per child within " +
                              p.assmat_daily_cap_smic_multiple->value.to_decimal_string() +
                              " x SMIC horaire brut " +
                              dated(p.smic_hourly_gross->value.to_string(), p.smic_hourly_gross));
        for (const auto& [index, band] : eligible) {
            result.cmg_max += maximum_for(*result.bracket, band == AgeBand::full_rate,
                                          household.single_parent, household.children[index].aeeh,
                                          p, explanation, static_cast<int>(index));
        }
    } else {
        result.cmg_max = maximum_for(*result.bracket, any_full_rate, household.single_parent,
                                     any_aeeh, p, explanation, -1);
    }
    result.eligible = true;
    PAJESIM_EXPLAIN(explanation, "maximum " + result.cmg_max.to_string());

    const Cents salary_base = contract.net_salary + contract.maintenance;
    const Cents salary_cap =
        apply_rate(salary_base, p.salary_cap_share->value, Rounding::half_up);
    result.cmg_remuneration = min(result.cmg_max, salary_cap);
    result.salary_cap_bound = salary_cap < result.cmg_max;
    if (words) {
        const std::string cap_text = percent(p.salary_cap_share->value) + " of (net salary " +
                                     contract.net_salary.to_string() + " + maintenance " +
                                     contract.maintenance.to_string() + ") = " +
                                     salary_cap.to_string();
        if (result.salary_cap_bound && detail == Detail::with_reason) {
            result.reason = "85 % cap: " + cap_text + " is below the maximum " +
                            result.cmg_max.to_string();
        }
        PAJESIM_EXPLAIN(explanation, "cap " + dated(cap_text, p.salary_cap_share) +
                                         " -> remuneration part " +
                                         result.cmg_remuneration.to_string());
    }

    result.crds = apply_rate(result.cmg_remuneration, p.crds_rate->value, Rounding::half_up);
    result.cmg_paid = result.cmg_remuneration - result.crds;
    PAJESIM_EXPLAIN(explanation, "CRDS " + dated(percent(p.crds_rate->value), p.crds_rate) + " = " +
                          result.crds.to_string() + " -> paid " + result.cmg_paid.to_string());

    ContributionsPart& part = result.contributions;
    const ContributionsCoverage& coverage = p.contributions_coverage->value;
    if (contract.mode == CareMode::assmat) {
        result.contributions_covered_rate = coverage.assmat;
        part.covered = apply_rate(part.total, coverage.assmat, Rounding::half_up);
    } else {
        result.contributions_covered_rate = coverage.home_carer;
        const HomeCarerContributionsCap& caps = p.home_carer_contributions_cap->value;
        // The full rate kept until August keeps the under-3 cap too, unless the table reads it
        // as the remuneration part's only (full_rate_until_august.contributions_cap).
        const bool keep_with_full_rate = p.full_rate_until_august->value.contributions_cap;
        bool full_cap = keep_with_full_rate ? any_full_rate : any_under_3;
        if (caps.household) {
            // A reading: any child of the household counted in the month gives the under-3 cap.
            for (const ChildFacts& child : household.children) {
                const Age age = age_of(child, p);
                full_cap = full_cap || (keep_with_full_rate ? age.band == AgeBand::full_rate : age.under_3);
            }
        }
        const Cents cap = full_cap ? caps.under_3 : caps.age_3_to_6;
        part.covered = min(apply_rate(part.total, coverage.home_carer, Rounding::half_up), cap);
        PAJESIM_EXPLAIN(explanation, "home carer contributions cap " +
                              dated(cap.to_string() + (caps.household ? " (the household's children)" : " (the contract's children)"),
                                    p.home_carer_contributions_cap) +
                              (any_full_rate && !any_under_3
                                   ? std::string(" (full rate kept until August: ") +
                                         (p.full_rate_until_august->value.contributions_cap ? "cap kept too" : "cap by age") +
                                         dated("", p.full_rate_until_august) + ")"
                                   : std::string()));
    }
    part.uncovered = part.total - part.covered;
    PAJESIM_EXPLAIN(explanation, "contributions (" + dated("approximate rates", p.approximate_contribution_rates) +
                          "): gross " + part.gross_salary.to_string() + ", employee " +
                          part.employee.to_string() + ", employer " + part.employer.to_string() +
                          ", covered " + percent(result.contributions_covered_rate) + " -> " +
                          part.covered.to_string() + ", uncovered " + part.uncovered.to_string());

    PAJESIM_ASSERT(result.cmg_remuneration <= result.cmg_max);
    PAJESIM_ASSERT(result.cmg_paid <= result.cmg_remuneration);
    PAJESIM_ASSERT(part.covered <= part.total);
    return result;
}

}  // namespace


// ---- The hourly regime (décret 2025-515, care from 2025-09-01; domain-2025.md sections 3-7) ----

namespace {

// The monthly average of `hours_x100` over `months` months, in hundredths of an hour, as the
// reading compares it with the minimum: rounded up to the whole hour, or rounded down to the
// hundredth (an exact comparison with a whole number of hours: floor(x) >= 100 n iff x >= 100 n).
std::int32_t average_hours_x100(std::int64_t hours_x100, std::int64_t months, TransitionalHoursAverage reading) {
    PAJESIM_ASSERT(months > 0 && hours_x100 >= 0);
    if (reading == TransitionalHoursAverage::exact) return static_cast<std::int32_t>(hours_x100 / months);
    const std::int64_t per_hour = months * 100;
    return static_cast<std::int32_t>((hours_x100 + per_hour - 1) / per_hour * 100);
}

}  // namespace

std::optional<TransitionalFacts> transitional_facts(std::span<const ReferenceMonth> months,
                                                    Cents resources_2023, int min_months,
                                                    TransitionalHoursAverage hours_average) {
    PAJESIM_ASSERT(!months.empty());
    int declared = 0;
    std::int64_t old_sum = 0;
    std::int64_t new_sum = 0;
    std::int64_t hours = 0;
    for (const ReferenceMonth& month : months) {
        if (!month.declared) continue;
        ++declared;
        old_sum += month.old_cmg.value();
        new_sum += month.new_cmg.value();
        hours += month.hours_x100;
    }
    if (declared < min_months || old_sum == 0) return std::nullopt;
    const auto count = static_cast<std::int64_t>(months.size());
    TransitionalFacts facts;
    facts.old_average = Cents{divide_rounded(old_sum, count, Rounding::half_up)};
    facts.new_average = Cents{divide_rounded(new_sum, count, Rounding::half_up)};
    facts.average_hours = average_hours_x100(hours, count, hours_average);
    facts.resources_2023 = resources_2023;
    return facts;
}

std::pair<TransitionalTypology, std::int32_t> assmat_household_hours(std::span<const AssmatReference> contracts,
                                                                      int months,
                                                                      TransitionalHoursAverage hours_average) {
    PAJESIM_ASSERT(!contracts.empty() && months > 0);
    std::int64_t hours = 0;
    bool all_under_3 = true;
    for (const AssmatReference& contract : contracts) {
        hours += contract.hours_x100;
        all_under_3 = all_under_3 && contract.under_3;
    }
    const TransitionalTypology typology =
        contracts.size() == 1 ? (all_under_3 ? TransitionalTypology::assmat_one_child_under_3
                                             : TransitionalTypology::assmat_one_child_3_or_over)
                              : (all_under_3 ? TransitionalTypology::assmat_several_all_under_3
                                             : TransitionalTypology::assmat_several_one_3_or_over);
    return {typology, average_hours_x100(hours, months, hours_average)};
}

Cents monthly_resources(Cents annual) {
    PAJESIM_ASSERT(annual >= Cents{0});
    return Cents::from_euros(divide_rounded(static_cast<Int128>(annual.value()), 1200, Rounding::half_up));
}

bool hourly_child_eligible(const ChildFacts& child, bool single_parent, const MonthParameters& p) {
    PAJESIM_ASSERT(p.hourly());
    if (child.birth >= p.first_day) return false;
    const AgeLimits& limits = p.age_limits->value;
    const int limit = single_parent ? limits.single_parent_years : limits.years;
    return condition_holds(birthday_of(child.birth.civil(), limit, p), p);
}

namespace {

// The dependent children of the effort rate (or only those receiving the AEEH).
int counted_children(const HouseholdFacts& household, const MonthParameters& p, bool aeeh_only) {
    int count = 0;
    for (const ChildFacts& child : household.children) {
        if ((child.aeeh || !aeeh_only) && counted_as_dependent(child.birth, p.month, p)) ++count;
    }
    return count;
}

}  // namespace

bool counted_as_dependent(Date birth, YearMonth month, const MonthParameters& p) {
    return birth < month.first_day() &&
           condition_holds_in(birthday_of(birth.civil(), p.effort_rates->value.counted_under_years, p), month, p);
}

int effort_rate_children(const HouseholdFacts& household, const MonthParameters& p) {
    return counted_children(household, p, false);
}

namespace {

int effort_rate_aeeh(const HouseholdFacts& household, const MonthParameters& p) {
    return counted_children(household, p, true);
}

std::string percent_of_resources(const Ratio& rate) {
    return (rate * Ratio{100, 1}).to_decimal_string() + " %";
}

}  // namespace

Ratio effort_rate(CareMode mode, int children, int aeeh, const MonthParameters& p) {
    PAJESIM_ASSERT(p.hourly() && children >= 1 && aeeh >= 0);
    const auto& rates = mode == CareMode::assmat ? p.effort_rates->value.assmat : p.effort_rates->value.home_carer;
    const int last = static_cast<int>(effort_rate_rows) - 1;
    // Beyond 10 children the table has no row: the tenth applies (INT, domain-2025.md 3.6).
    const int row = std::min(children, static_cast<int>(effort_rate_rows)) - 1;
    if (p.aeeh_effort_step->value == AeehStep::row) {
        return rates[static_cast<std::size_t>(std::min(row + aeeh, last))];
    }
    // The next distinct lower value for each AEEH child, stopping at the lowest.
    int index = row;
    for (int step = 0; step < aeeh; ++step) {
        int next = index;
        while (next < last && rates[static_cast<std::size_t>(next)] == rates[static_cast<std::size_t>(index)]) ++next;
        if (rates[static_cast<std::size_t>(next)] == rates[static_cast<std::size_t>(index)]) break;
        index = next;
    }
    return rates[static_cast<std::size_t>(index)];
}

namespace {

std::string hours_text(std::int32_t hours_x100) {
    const Cents as_amount{hours_x100};  // two decimals, like an amount
    return as_amount.to_string() + " h";
}

// The complément différentiel paid with this declaration (domain-2025.md section 6, with the
// reading of its section 6 "recommended oracle": a fixed amount computed once, limited each
// month so that CMG + complement <= 90 % of the carer's net pay).
Cents transitional_for(const TransitionalFacts& facts, const HouseholdFacts& household,
                       const ContractFacts& contract, Cents cmg, const MonthParameters& p,
                       Explanation* explanation) {
    const TransitionalComplement& rule = p.transitional_complement->value;
    const Date start = p.regime->from;  // the hourly regime's first day
    const auto refuse_complement = [&](const std::string& why) {
        PAJESIM_EXPLAIN(explanation, "complément différentiel: none, " + why +
                                         dated("", p.transitional_complement));
        return Cents{0};
    };
    if (start.year_month().months_until(p.month) >= rule.duration_months) {
        return refuse_complement("paid for " + std::to_string(rule.duration_months) + " months from " +
                                 start.to_string() + " only");
    }
    // Eligibility, by the table's reading: a child of the contract under 6 on the regime's
    // first day (and, under the simulator's whole rule, not born in 2022), or no age condition.
    bool young_child = rule.child_condition == TransitionalChildCondition::none;
    bool under_3 = false;
    for (const std::uint32_t index : contract.children) {
        const Date birth = household.children[index].birth;
        const bool under_6 = birth < start && birth.plus_years(6) > start;
        if (under_6 && (rule.child_condition != TransitionalChildCondition::under_6_on_regime_start_not_born_2022 ||
                        birth.year() != 2022)) {
            young_child = true;
        }
        if (birth < start && birth.plus_years(3) > start) under_3 = true;
    }
    const char* child_reading =
        rule.child_condition == TransitionalChildCondition::none ? "none"
        : rule.child_condition == TransitionalChildCondition::under_6_on_regime_start_not_born_2022
            ? "under_6_on_regime_start_not_born_2022"
            : "under_6_on_regime_start";
    if (!young_child) {
        return refuse_complement(
            rule.child_condition == TransitionalChildCondition::under_6_on_regime_start_not_born_2022
                ? "no child of the contract under 6 on " + start.to_string() +
                      " and born in another year than 2022 (reading under_6_on_regime_start_not_born_2022)"
                : "no child of the contract under 6 on " + start.to_string());
    }
    // Resources of 2023 within the D531-20 2° ceiling (x 1.4 for a single person).
    const Cents resources = facts.resources_2023.value_or(household.resources_n2);
    const bool within = facts.resources_within_ceiling.value_or(
        transitional_resources_within_ceiling(resources, household, p));
    // The ceiling in words: its amount, the children counted and the reading that counted them.
    const auto ceiling_words = [&] {
        const YearMonth first = p.regime->from.year_month();
        const bool before = rule.ceiling_children == TransitionalCeilingChildren::month_before;
        int children = 0;
        for (const ChildFacts& child : household.children) {
            if (counted_as_dependent(child.birth, before ? first.plus_months(-1) : first, p)) ++children;
        }
        children = std::max(children, 1);
        return "the ceiling " + ceiling_for(rule.ceilings, children).to_string() +
               (household.single_parent ? " x " + rule.single_parent_ceiling_factor.to_decimal_string() + " (single parent)"
                                        : std::string()) +
               " for " + std::to_string(children) + " dependent child(ren) counted in " +
               (before ? first.plus_months(-1) : first).to_string() + " (reading ceiling_children " +
               (before ? "month_before" : "regime_start") + ")";
    };
    if (!within) {
        return refuse_complement(facts.resources_within_ceiling
                                     ? std::string("resources of 2023 above the ceiling (as decided)")
                                     : "resources of 2023 " + resources.to_string() + " above " + ceiling_words());
    }
    PAJESIM_EXPLAIN(explanation, "complément différentiel: a child of the contract meets the age condition (reading "
                                     "child_condition " + std::string(child_reading) + "); resources of 2023 " +
                                     (facts.resources_within_ceiling ? std::string("within the ceiling (as decided)")
                                                                     : resources.to_string() + " within " + ceiling_words()));
    if (facts.average_hours) {
        const TransitionalMinHours& minimum = rule.min_hours;
        const TransitionalTypology typology = facts.typology.value_or(
            contract.mode == CareMode::home_carer ? TransitionalTypology::home_carer
            : under_3                             ? TransitionalTypology::assmat_one_child_under_3
                                                  : TransitionalTypology::assmat_one_child_3_or_over);
        int floor_hours = minimum.home_carer;
        switch (typology) {
            case TransitionalTypology::assmat_one_child_under_3: floor_hours = minimum.assmat_one_child_under_3; break;
            case TransitionalTypology::assmat_one_child_3_or_over: floor_hours = minimum.assmat_one_child_3_or_over; break;
            case TransitionalTypology::home_carer: floor_hours = minimum.home_carer; break;
            case TransitionalTypology::assmat_several_all_under_3: floor_hours = minimum.assmat_several_all_under_3; break;
            case TransitionalTypology::assmat_several_one_3_or_over: floor_hours = minimum.assmat_several_one_3_or_over; break;
        }
        // By the table's reading: rounded up to the whole hour, as Urssaf's simulator does
        // (49.01 h reaches 50 h), or compared as it is (49.99 h does not).
        const std::int32_t compared_x100 = rule.hours_average == TransitionalHoursAverage::whole_hour_up
                                               ? (*facts.average_hours + 99) / 100 * 100
                                               : *facts.average_hours;
        const std::string hours_words =
            "average hours of the reference period " + hours_text(*facts.average_hours) +
            (rule.hours_average == TransitionalHoursAverage::whole_hour_up
                 ? " (reading hours_average whole_hour_up" +
                       (compared_x100 != *facts.average_hours ? ": rounded up to " + hours_text(compared_x100)
                                                              : std::string()) +
                       ")"
                 : std::string(" (reading hours_average exact)"));
        if (compared_x100 < floor_hours * 100) {
            return refuse_complement(hours_words + ", below " + std::to_string(floor_hours) + " h (" +
                                     to_string(typology) + ")");
        }
        PAJESIM_EXPLAIN(explanation, "complément différentiel: " + hours_words + ", at or above " +
                                         std::to_string(floor_hours) + " h (" + to_string(typology) + ")");
    }
    const Cents fixed = max(Cents{0}, facts.old_average - facts.new_average);
    const Cents cap = apply_rate(contract.net_salary, rule.cap_share_of_net_pay, Rounding::half_up);
    const Cents room = max(Cents{0}, cap - cmg);
    const Cents paid = min(fixed, room);
    PAJESIM_EXPLAIN(explanation, "complément différentiel: max(0, old average " + facts.old_average.to_string() +
                                     " - new average " + facts.new_average.to_string() + ") = " +
                                     fixed.to_string() + ", within " +
                                     dated(percent(rule.cap_share_of_net_pay), p.transitional_complement) +
                                     " of net pay " + contract.net_salary.to_string() + " - CMG " +
                                     cmg.to_string() + " = " + room.to_string() + " -> " + paid.to_string());
    return paid;
}

}  // namespace

bool transitional_resources_within_ceiling(Cents resources_2023, const HouseholdFacts& household,
                                           const MonthParameters& p) {
    const TransitionalComplement& rule = p.transitional_complement->value;
    const YearMonth first = p.regime->from.year_month();
    const YearMonth counted_in =
        rule.ceiling_children == TransitionalCeilingChildren::month_before ? first.plus_months(-1) : first;
    int children = 0;
    for (const ChildFacts& child : household.children) {
        if (counted_as_dependent(child.birth, counted_in, p)) ++children;
    }
    children = std::max(children, 1);
    const Ratio factor = household.single_parent ? rule.single_parent_ceiling_factor : Ratio::one();
    return at_or_below(resources_2023, ceiling_for(rule.ceilings, children), factor);
}

namespace {

// Six decimals, half-up (the contributions coverage of an assmat above the hourly cap).
Ratio six_decimals(Int128 numerator, Int128 denominator) {
    return Ratio{divide_rounded(numerator * 1'000'000, denominator, Rounding::half_up), 1'000'000};
}

}  // namespace

Entitlement compute_entitlement_for_resources(Cents monthly, const HouseholdFacts& household,
                                              const ContractFacts& contract, const MonthParameters& p,
                                              Explanation* explanation, Detail detail,
                                              const TransitionalFacts* transitional) {
    PAJESIM_ASSERT(p.hourly());
    PAJESIM_ASSERT(monthly >= Cents{0});
    PAJESIM_ASSERT(contract.hours_x100 >= 0);
    PAJESIM_ASSERT(contract.indemnities >= Cents{0} && contract.indemnities <= contract.net_salary);
    // An assmat contract names one child from 2025-09: Pajemploi's declaration is per child.
    PAJESIM_ASSERT(contract.mode != CareMode::assmat || contract.children.size() == 1);
    const bool words = detail == Detail::with_reason || explanation != nullptr;
    Entitlement result = start_entitlement(household, contract, p, explanation);
    result.regime = Regime::hourly;
    PAJESIM_EXPLAIN(explanation, "hourly regime" + dated("", p.regime) + ": " + hours_text(contract.hours_x100) +
                                     ", meals " + contract.meals.to_string() + ", indemnities " +
                                     contract.indemnities.to_string());
    if (!household.activity_condition_met) {
        return refuse(result, Refusal::activity_condition, "activity condition not met", explanation, words);
    }
    bool any_eligible = false;
    bool any_under_3 = false;
    for (const std::uint32_t index : contract.children) {
        const ChildFacts& child = household.children[index];
        const bool eligible = hourly_child_eligible(child, household.single_parent, p);
        if (eligible) {
            any_eligible = true;
            any_under_3 = any_under_3 || condition_holds(birthday_of(child.birth.civil(), 3, p), p);
        }
        PAJESIM_EXPLAIN(explanation, "child " + std::to_string(index) + " born " + child.birth.to_string() +
                                         (child.alternating ? " (alternating residence)" : "") +
                                         (eligible ? ": eligible" : ": not eligible") + ", age limit " +
                                         dated(std::to_string(household.single_parent
                                                                  ? p.age_limits->value.single_parent_years
                                                                  : p.age_limits->value.years) +
                                                   (household.single_parent ? " (single parent)" : ""),
                                               p.age_limits) +
                                         ", " + dated(condition_end_words(p), p.condition_end) +
                                         leap_day_reading(child, p));
    }
    if (!any_eligible) {
        const int limit = household.single_parent ? p.age_limits->value.single_parent_years : p.age_limits->value.years;
        return refuse(result, Refusal::no_child_under_6,
                      words ? "no child of the contract under " + std::to_string(limit) + " and born before the month"
                            : std::string(),
                      explanation, words);
    }
    // The cost and the part of it compared with the hourly cap (rule 6). Under the reading of
    // the cap as a condition, a month above it is refused before anything else is computed: a
    // refused request reports no resources, rate or cost.
    const bool assmat = contract.mode == CareMode::assmat;
    const Cents cost = assmat ? contract.net_salary + contract.maintenance + contract.meals : contract.net_salary;
    const IndemnityExclusion exclusion = p.indemnity_exclusion->value;
    const Cents excluded = exclusion == IndemnityExclusion::none ? Cents{0} : contract.indemnities;
    const Cents checked = cost - excluded;  // the part of the cost compared with the cap
    const Cents hourly_cap = assmat ? p.hourly_cap->value.assmat : p.hourly_cap->value.home_carer;
    const Int128 cap_x100 = static_cast<Int128>(hourly_cap.value()) * contract.hours_x100;  // cents x 100
    const Int128 checked_x100 = static_cast<Int128>(checked.value()) * 100;
    const bool cap_binds = checked_x100 > cap_x100;
    if (cap_binds && p.hourly_cap->value.condition) {
        return refuse(result, Refusal::hourly_cap,
                      words ? "hourly cap as a condition (reading rule condition" + dated("", p.hourly_cap) + "): " +
                                  checked.to_string() + " for " + hours_text(contract.hours_x100) + " is above " +
                                  hourly_cap.to_string() + " an hour"
                            : std::string(),
                      explanation, words);
    }
    result.eligible = true;

    // Resources, clamped to the floor and the ceiling.
    const Cents floor = p.monthly_resource_floor->value;
    const Cents ceiling = p.monthly_resource_ceiling->value;
    result.resources_monthly = std::clamp(monthly, floor, ceiling);
    PAJESIM_EXPLAIN(explanation, "monthly resources " + monthly.to_string() + " within floor " +
                                     dated(floor.to_string(), p.monthly_resource_floor) + " and ceiling " +
                                     dated(ceiling.to_string(), p.monthly_resource_ceiling) + " -> " +
                                     result.resources_monthly.to_string());

    // Effort rate.
    const int children = std::max(effort_rate_children(household, p), 1);
    const int aeeh = effort_rate_aeeh(household, p);
    result.effort_rate = effort_rate(contract.mode, children, aeeh, p);
    PAJESIM_EXPLAIN(explanation, "effort rate " + dated(percent_of_resources(result.effort_rate), p.effort_rates) +
                                     " for " + std::to_string(children) + " dependent child(ren) born before " +
                                     p.month.to_string() + " and under " +
                                     std::to_string(p.effort_rates->value.counted_under_years) +
                                     (aeeh > 0 ? ", " + std::to_string(aeeh) + " AEEH step(s) " +
                                                     dated(p.aeeh_effort_step->value == AeehStep::row ? "by row" : "to the next distinct rate",
                                                           p.aeeh_effort_step)
                                               : std::string()));

    // Cost and the hourly cap, exact in hundredths of a cent.
    result.hourly_cap_bound = cap_binds;
    Int128 retained_x100 = std::min(checked_x100, cap_x100);
    if (exclusion == IndemnityExclusion::cap_check_only) retained_x100 += static_cast<Int128>(excluded.value()) * 100;
    result.cost_retained = Cents{divide_rounded(retained_x100, 100, Rounding::half_up)};
    PAJESIM_EXPLAIN(explanation, "cost " + cost.to_string() + (assmat ? " (net salary + maintenance + meals)" : " (net salary)") +
                                     (excluded > Cents{0} ? ", indemnities " + excluded.to_string() + " " +
                                                                dated(exclusion == IndemnityExclusion::cap_check_only
                                                                          ? "not checked against the cap"
                                                                          : "excluded from the cost",
                                                                      p.indemnity_exclusion)
                                                          : std::string()) +
                                     "; hourly cap " + dated(hourly_cap.to_string(), p.hourly_cap) + " x " +
                                     hours_text(contract.hours_x100) + " -> retained " + result.cost_retained.to_string() +
                                     (result.hourly_cap_bound ? " (capped: reading rule clip, the cost above the cap left out)" : ""));

    // CMG = retained x (1 - R x TE / Cref).
    result.reference_cost = assmat ? p.reference_hourly_cost->value.assmat : p.reference_hourly_cost->value.home_carer;
    const Ratio& rate = result.effort_rate;
    const Int128 denominator = static_cast<Int128>(rate.denominator()) * result.reference_cost.value();
    const Int128 numerator = static_cast<Int128>(result.resources_monthly.value()) * rate.numerator();
    Int128 factor_numerator = denominator - numerator;  // factor = factor_numerator / denominator
    const bool negative = factor_numerator < 0;
    if (negative && p.hourly_clamp_at_zero->value) factor_numerator = 0;
    const Int128 scale = p.hourly_rounding->value == HourlyRounding::cent ? 100 : 10'000;
    const std::int64_t rounded = divide_rounded(retained_x100 * factor_numerator, denominator * scale, Rounding::half_up);
    result.cmg_remuneration = Cents{p.hourly_rounding->value == HourlyRounding::cent ? rounded : rounded * 100};
    result.cmg_paid = result.cmg_remuneration;
    PAJESIM_EXPLAIN(explanation, "CMG = " + result.cost_retained.to_string() + " x (1 - " +
                                     result.resources_monthly.to_string() + " x " + percent_of_resources(rate) + " / " +
                                     dated(result.reference_cost.to_string(), p.reference_hourly_cost) + ")" +
                                     (negative ? std::string(" (factor below 0: ") +
                                                     (p.hourly_clamp_at_zero->value ? "clamped at 0" : "kept") +
                                                     dated("", p.hourly_clamp_at_zero) + ")"
                                               : std::string()) +
                                     " = " + result.cmg_remuneration.to_string() + ", rounded half-up to the " +
                                     dated(p.hourly_rounding->value == HourlyRounding::cent ? "cent" : "euro",
                                           p.hourly_rounding) +
                                     "; no CRDS deducted (the formula is net of it, D531-18)");

    // Contributions (D531-17).
    ContributionsPart& part = result.contributions;
    const ContributionsCoverage& coverage = p.contributions_coverage->value;
    if (assmat) {
        // The coefficient (cap x hours) / cost is applied exactly (D531-17 I: no rounding before
        // the amount); the rate shown, the table's coverage times the coefficient, is rounded
        // half-up to 6 decimals (rounding the coefficient alone would show more decimals than 6
        // under a coverage other than 1).
        const Ratio exact_rate =
            result.hourly_cap_bound
                ? coverage.assmat * Ratio{static_cast<std::int64_t>(cap_x100), static_cast<std::int64_t>(checked_x100)}
                : coverage.assmat;
        result.contributions_covered_rate =
            result.hourly_cap_bound ? six_decimals(exact_rate.numerator(), exact_rate.denominator()) : coverage.assmat;
        part.covered = apply_rate(part.total, exact_rate, Rounding::half_up);
        PAJESIM_EXPLAIN(explanation, "contributions covered " + dated(percent(coverage.assmat), p.contributions_coverage) +
                                         (result.hourly_cap_bound ? " x (cap x hours) / cost = " +
                                                                        result.contributions_covered_rate.to_decimal_string()
                                                                  : std::string()));
    } else {
        result.contributions_covered_rate = coverage.home_carer;
        const HomeCarerContributionsCap& caps = p.home_carer_contributions_cap->value;
        bool full_cap = any_under_3;
        if (caps.household) {
            // A reading: any child of the household born before the month and under 3.
            for (const ChildFacts& child : household.children) {
                full_cap = full_cap || (child.birth < p.first_day && condition_holds(birthday_of(child.birth.civil(), 3, p), p));
            }
        }
        const Cents cap = full_cap ? caps.under_3 : caps.age_3_to_6;
        part.covered = min(apply_rate(part.total, coverage.home_carer, Rounding::half_up), cap);
        const std::string whose = caps.household ? "the household" : "the contract";
        PAJESIM_EXPLAIN(explanation, "contributions covered " + dated(percent(coverage.home_carer), p.contributions_coverage) +
                                         " within the household cap " +
                                         dated(cap.to_string() + (full_cap ? " (a child under 3 in " + whose + ")"
                                                                            : " (halved: no child under 3 in " + whose + ")"),
                                               p.home_carer_contributions_cap));
    }
    part.uncovered = part.total - part.covered;

    if (transitional != nullptr) {
        result.transitional_paid = transitional_for(*transitional, household, contract, result.cmg_remuneration, p, explanation);
    }
    return result;
}

std::string to_string(TransitionalTypology typology) {
    switch (typology) {
        case TransitionalTypology::assmat_one_child_under_3: return "assmat_one_child_under_3";
        case TransitionalTypology::assmat_one_child_3_or_over: return "assmat_one_child_3_or_over";
        case TransitionalTypology::home_carer: return "home_carer";
        case TransitionalTypology::assmat_several_all_under_3: return "assmat_several_all_under_3";
        case TransitionalTypology::assmat_several_one_3_or_over: return "assmat_several_one_3_or_over";
    }
    return "?";
}

std::optional<TransitionalTypology> parse_transitional_typology(std::string_view text) {
    for (const TransitionalTypology typology :
         {TransitionalTypology::assmat_one_child_under_3, TransitionalTypology::assmat_one_child_3_or_over,
          TransitionalTypology::home_carer, TransitionalTypology::assmat_several_all_under_3,
          TransitionalTypology::assmat_several_one_3_or_over}) {
        if (text == to_string(typology)) return typology;
    }
    return std::nullopt;
}

std::string to_string(CareMode mode) {
    return mode == CareMode::assmat ? "assmat" : "home_carer";
}

std::string to_string(AgeBand band) {
    switch (band) {
        case AgeBand::not_yet_counted: return "born in the month or later, counts from the next month";
        case AgeBand::full_rate: return "full rate (under 3, or kept until 31 August)";
        case AgeBand::half_rate: return "half rate (aged 3 to 6)";
        case AgeBand::too_old: return "6 or older in the month, no CMG";
    }
    return "?";
}

}  // namespace pajesim::law
