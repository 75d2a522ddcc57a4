#include "sim/law/cmg.hpp"

#include <array>
#include <span>

#include "sim/kernel/int128.hpp"

namespace pajesim::law {
namespace {

std::string dated(const std::string& value, const auto* entry) {
    return value + " (from " + entry->from.to_string() + "; " + entry->source + ")";
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
                  const MonthParameters& p, Explanation* explanation, const std::string& who) {
    const RemunerationRates& rates = p.remuneration_rates->value;
    const Ratio& rate = bracket == 1 ? rates.bracket_1 : bracket == 2 ? rates.bracket_2
                                                                        : rates.bracket_3;
    Cents amount = apply_rate(p.bmaf->value, rate, Rounding::half_up);
    PAJESIM_EXPLAIN(explanation, who + ": BMAF " + dated(p.bmaf->value.to_string(), p.bmaf) + " x " +
                          dated(percent(rate), p.remuneration_rates) + " (bracket " +
                          std::to_string(bracket) + ") = " + amount.to_string());
    if (!full_rate) {
        amount = apply_rate(amount, p.age_3_to_6_factor->value, Rounding::half_up);
        PAJESIM_EXPLAIN(explanation, who + ": aged 3 to 6, x " +
                              dated(p.age_3_to_6_factor->value.to_decimal_string(),
                                    p.age_3_to_6_factor) + " = " + amount.to_string());
    }
    if (single_parent) {
        const Ratio& increase = p.single_parent_increase->value;
        if (increase == Ratio::one()) {
            PAJESIM_EXPLAIN(explanation, who + ": single parent, no increase in force " +
                                  dated("", p.single_parent_increase));
        } else {
            amount = apply_rate(amount, increase, Rounding::half_up);
            PAJESIM_EXPLAIN(explanation, who + ": single-parent increase x " +
                                  dated(increase.to_decimal_string(), p.single_parent_increase) +
                                  " = " + amount.to_string());
        }
    }
    if (aeeh) {
        const Ratio& increase = p.aeeh_increase->value;
        if (increase == Ratio::one()) {
            PAJESIM_EXPLAIN(explanation, who + ": AEEH, no increase in force " + dated("", p.aeeh_increase));
        } else {
            amount = apply_rate(amount, increase, Rounding::half_up);
            PAJESIM_EXPLAIN(explanation, who + ": AEEH increase x " +
                                  dated(increase.to_decimal_string(), p.aeeh_increase) + " = " +
                                  amount.to_string());
        }
    }
    return amount;
}

}  // namespace

namespace {

// The month of the `years`-th birthday. A birthday falls on or before the last day of month
// M exactly when its month is M or earlier, so ages compare as months; 29 February moves to
// 1 March in a common year (Date::plus_years).
YearMonth birthday_month(const std::chrono::year_month_day& birth, int years) {
    const auto year = birth.year() + std::chrono::years{years};
    unsigned month = static_cast<unsigned>(birth.month());
    if (month == 2 && static_cast<unsigned>(birth.day()) == 29 && !year.is_leap()) month = 3;
    return YearMonth::from_civil(static_cast<int>(year), month);
}

}  // namespace

ContributionsPart contributions_before_coverage(const ContractFacts& contract,
                                               const MonthParameters& p) {
    return contributions_for(contract, p);
}

AgeBand age_band(const ChildFacts& child, const MonthParameters& p) {
    if (child.birth >= p.first_day) return AgeBand::not_yet_counted;
    const std::chrono::year_month_day birth = child.birth.civil();
    // A condition that ends during the month ends for the whole month (L552-1).
    if (birthday_month(birth, 6) <= p.month) return AgeBand::too_old;
    const YearMonth third_birthday = birthday_month(birth, 3);
    if (third_birthday > p.month) return AgeBand::full_rate;
    if (p.full_rate_until_august->value && third_birthday.year() == p.month.year() &&
        third_birthday.month() <= 8 && p.month.month() <= 8) {
        return AgeBand::full_rate;
    }
    return AgeBand::half_rate;
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

Entitlement refuse(Entitlement result, Refusal refusal, std::string reason,
                   Explanation* explanation, bool words) {
    result.eligible = false;
    result.refusal = refusal;
    if (words) result.reason = std::move(reason);
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
                                Detail detail) {
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
    bool any_aeeh = false;
    // No allocation on this path: a contract has at most max_contract_children children.
    std::array<std::pair<std::uint32_t, AgeBand>, max_contract_children> eligible_storage;
    std::size_t eligible_count = 0;
    for (const std::uint32_t index : contract.children) {
        const ChildFacts& child = household.children[index];
        const AgeBand band = age_band(child, p);
        PAJESIM_EXPLAIN(explanation, "child " + std::to_string(index) + " born " + child.birth.to_string() +
                              ": " + to_string(band));
        if (band == AgeBand::full_rate || band == AgeBand::half_rate) {
            eligible_storage[eligible_count++] = {index, band};
            any_full_rate = any_full_rate || band == AgeBand::full_rate;
            any_aeeh = any_aeeh || child.aeeh;
        }
    }
    const std::span<const std::pair<std::uint32_t, AgeBand>> eligible(eligible_storage.data(),
                                                                      eligible_count);
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
                                          p, explanation, "child " + std::to_string(index));
        }
    } else {
        result.cmg_max = maximum_for(*result.bracket, any_full_rate, household.single_parent,
                                     any_aeeh, p, explanation, "household");
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
        const Cents cap = any_full_rate ? caps.under_3 : caps.age_3_to_6;
        part.covered = min(apply_rate(part.total, coverage.home_carer, Rounding::half_up), cap);
        PAJESIM_EXPLAIN(explanation, "home carer contributions cap " +
                              dated(cap.to_string(), p.home_carer_contributions_cap));
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
