#pragma once
// The oracle: what a family is owed for one month of one contract under the CMG rules for
// direct employment (domain.md sections 3 and 5). Pure functions of (care month, household
// facts, contract facts, parameters): no hidden state, no knowledge of what the simulated CAF
// or Pajemploi believe.

#include <cstdint>
#include <optional>
#include <span>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "sim/kernel/cents.hpp"
#include "sim/kernel/date.hpp"
#include "sim/kernel/ratio.hpp"
#include "sim/kernel/small_vector.hpp"
#include "sim/law/parameters.hpp"

namespace pajesim::law {

struct ChildFacts {
    Date birth;
    bool aeeh = false;         // the child receives the AEEH (disabled child's education allowance)
    bool alternating = false;  // alternating residence: counts as one child in each household
    friend bool operator==(const ChildFacts&, const ChildFacts&) = default;
};

struct HouseholdFacts {
    bool single_parent = false;
    Cents resources_n2;             // resources of year N-2, in cents
    std::vector<ChildFacts> children;
    bool activity_condition_met = true;
    friend bool operator==(const HouseholdFacts&, const HouseholdFacts&) = default;
};

enum class CareMode : std::uint8_t { assmat, home_carer };

inline constexpr std::size_t max_contract_children = 20;

struct ContractFacts {
    CareMode mode = CareMode::assmat;
    // Indexes into HouseholdFacts::children: one for a childminder, all those in care for a
    // home carer; up to four held inside the facts.
    SmallVector<std::uint32_t, 4> children;
    Cents net_salary;                     // net salary of the month for this contract
    Cents maintenance;                    // maintenance allowances (indemnités d'entretien)
    std::int32_t days_worked = 0;         // assmat: days worked in the month (daily cap)
    // Paid hours of the month in hundredths of an hour (12.5 h = 1250); the hourly regime's
    // input (required from 2025-09, unused before).
    std::int32_t hours_x100 = 0;
    Cents meals;        // assmat meal costs (frais de repas), part of the hourly regime's cost
    Cents indemnities;  // end-of-contract and paid-leave indemnities included in net_salary
    friend bool operator==(const ContractFacts&, const ContractFacts&) = default;
};

// Which minimum of average hours applies (décret 2025-515, non-codified article I): the
// household's hours with an assmat keeping one child under 3 or 3 and over, with a home carer,
// or with an assmat keeping several children all under 3 or one of them 3 or over.
enum class TransitionalTypology : std::uint8_t {
    assmat_one_child_under_3, assmat_one_child_3_or_over, home_carer,
    assmat_several_all_under_3, assmat_several_one_3_or_over,
};
std::string to_string(TransitionalTypology typology);
std::optional<TransitionalTypology> parse_transitional_typology(std::string_view text);

// The complément différentiel's facts for one declaration (domain-2025.md section 6): the
// average old and new CMG over March to May 2025, and optionally what its eligibility needs.
struct TransitionalFacts {
    Cents old_average;
    Cents new_average;
    std::optional<std::int32_t> average_hours;  // monthly average paid hours, March to May 2025
    // The typology `average_hours` belongs to (the household's hours of that mode); by default
    // the contract's own: its one child's age on the regime's first day, or a home carer.
    std::optional<TransitionalTypology> typology;
    std::optional<Cents> resources_2023;        // default: the household's resources_n2
    // The resources condition as decided by whoever holds the facts (the simulation's truth from
    // the true facts, a centre from the CAF's decision); when absent it is judged here from
    // resources_2023 and the request's household.
    std::optional<bool> resources_within_ceiling;
};

// The complément différentiel's resources condition: resources of 2023 at or below the
// D531-20 2° ceiling for the children born before the regime's first day and under 20 then
// (x 1.4 for a single person). `start` is the first month of the hourly regime.
bool transitional_resources_within_ceiling(Cents resources_2023, const HouseholdFacts& household,
                                           const MonthParameters& start);

enum class AgeBand : std::uint8_t {
    not_yet_counted,  // born in the care month or later: counts from the next month
    full_rate,        // under 3 on the 1st, so the month of the 3rd birthday too (R552-3 II 1°),
                      // or kept full until 31 August
    half_rate,        // aged 3 to 6 (the month of the 6th birthday still paid)
    too_old,          // 6 or older before the month began
};

enum class Refusal : std::uint8_t { none, activity_condition, no_child_under_6, daily_cap, hourly_cap };

// Monthly resources of the hourly regime: annual N-2 resources / 12, rounded half-up to the
// euro (D531-18 2°), before the floor and the ceiling. In cents, always whole euros.
Cents monthly_resources(Cents annual);

struct ContributionsPart {
    Cents gross_salary;
    Cents employee;
    Cents employer;
    Cents total;
    Cents covered;
    Cents uncovered;
};

struct Entitlement {
    Regime regime = Regime::brackets;
    bool eligible = false;
    Refusal refusal = Refusal::none;
    std::optional<int> bracket;  // none when the household has no child born before the month
    Cents cmg_max;               // maximum, with its increases, before the 85 % cap
    Cents cmg_remuneration;      // after the 85 % cap, before CRDS
    Cents crds;
    Cents cmg_paid;              // paid into the family's account
    Ratio contributions_covered_rate;
    ContributionsPart contributions;
    bool salary_cap_bound = false;  // the 85 % cap set the amount
    // The hourly regime (zero under the brackets).
    Cents resources_monthly;  // after the floor and the ceiling, whole euros
    Ratio effort_rate;        // as a fraction (0.0619 % -> 0.000619)
    Cents cost_retained;      // min(cost, hourly cap x hours), rounded half-up to the cent
    Cents reference_cost;     // per hour
    Cents transitional_paid;  // the complément différentiel of this declaration
    bool hourly_cap_bound = false;
    // Why not eligible, or which cap bound the amount; empty otherwise, and always empty with
    // Detail::amounts_only.
    std::string reason;
};

// A human-readable trace of every rule applied, with parameter values, dates and sources.
class Explanation {
public:
    void add(std::string step) { steps_.push_back(std::move(step)); }
    const std::vector<std::string>& steps() const { return steps_; }

private:
    std::vector<std::string> steps_;
};

AgeBand age_band(const ChildFacts& child, const MonthParameters& parameters);
int dependent_children(const HouseholdFacts& household, YearMonth month);
// 1, 2 or 3; resources at or below a ceiling fall in the lower bracket (D531-18).
int resource_bracket(Cents resources, int children, bool single_parent,
                     const MonthParameters& parameters);
// Whether Entitlement::reason is written. A simulation computing hundreds of millions of
// entitlements needs the amounts only, and the text would dominate its cost.
enum class Detail : std::uint8_t { with_reason, amounts_only };

// Asserts that the contract's child indexes are valid: input validation is the caller's job.
// The complément différentiel's facts of one contract from its declarations of the reference
// period (March to May 2025), as Urssaf's simulator reads them (domain-2025.md section 6):
// averages over the period's months whether declared or not, rounded half-up to the cent; the
// average hours rounded up to the hour. `old_cmg` are the old CMG due, `new_cmg` the new
// formula's amounts on the same declarations; a month not declared adds nothing.
struct ReferenceMonth {
    bool declared = false;
    Cents old_cmg;
    Cents new_cmg;
    std::int32_t hours_x100 = 0;
};
// nullopt when fewer than `min_months` months were declared (the table's min_months_declared:
// 2, Urssaf's simulator's rule) or no old CMG was due.
// `hours_average` is the table's reading of the average hours: rounded up to the whole hour,
// or rounded down to the hundredth (an exact comparison with the minimum).
std::optional<TransitionalFacts> transitional_facts(std::span<const ReferenceMonth> months,
                                                    Cents resources_2023, int min_months,
                                                    TransitionalHoursAverage hours_average);

// A household's assmat declarations of the reference period, per contract (one child each):
// the hours declared over the period's months and whether its child was under 3 on the
// regime's first day. Contracts with no declaration in the period are left out by the caller.
struct AssmatReference {
    std::int64_t hours_x100 = 0;
    bool under_3 = false;
};
// The typology of the household's assmat hours (one child or several, under 3 or not) and
// their monthly average over the period's `months`, rounded up to the hour (in hundredths).
std::pair<TransitionalTypology, std::int32_t> assmat_household_hours(std::span<const AssmatReference> contracts,
                                                                      int months,
                                                                      TransitionalHoursAverage hours_average);

// Chooses the regime by the care month. `transitional` adds the complément différentiel (hourly
// regime only).
Entitlement compute_entitlement(const HouseholdFacts& household, const ContractFacts& contract,
                                const MonthParameters& parameters,
                                Explanation* explanation = nullptr,
                                Detail detail = Detail::with_reason,
                                const TransitionalFacts* transitional = nullptr);

// Whether compute_entitlement gives, in care month `after`, the amounts it gave in the month
// before (`before`, whose month must be the one before `after`'s), for the same household
// facts, the same contract facts and the same complement's facts in both months: the oracle
// may then carry a month's answer over to the next instead of computing it again. A sufficient
// condition, never a guess:
// - the two months' parameters hold the same values (same_values);
// - no child of the household is born, nor has any birthday, in either month: the law reads
//   the care month only through the children's births and birthdays (an age condition ends
//   in the month of a birthday or the next, as `condition_end` reads it; a child counts from
//   the month after its birth). A child born on 29 February has its common-year birthday on
//   28 February or 1 March: both February and March count for it;
// - under the full rate kept until 31 August, `after` is neither September (the rule ends)
//   nor January (it counts within a calendar year);
// - in the hourly regime, both months fall on the same side of the complément différentiel's
//   last month.
// Tested against compute_entitlement itself (cmg_property: an_answer_carried_over_...).
bool answer_carries_over(const HouseholdFacts& household, const MonthParameters& before,
                         const MonthParameters& after);
// The same in two parts, for a caller that asks for many households: the months' part (every
// condition but the children's), once; the household's months of the year in which a child is
// born or has a birthday (bit m for month m, 1 to 12, March too for 29 February), once per
// household; and the test of one against the other.
bool months_carry_over(const MonthParameters& before, const MonthParameters& after);
std::uint16_t turning_months(std::span<const ChildFacts> children);
inline bool carries_over(std::uint16_t turning, YearMonth before, YearMonth after) {
    return (turning & ((1u << before.month()) | (1u << after.month()))) == 0;
}

// A child's place in the hourly regime: born before the month, and under the age limit (6, or
// 12 for a single parent) with the month of the birthday still covered (R552-3 II 1°).
bool hourly_child_eligible(const ChildFacts& child, bool single_parent, const MonthParameters& parameters);
// Whether a child counts as a dependent child in care month `month` (the effort rate's children,
// the complément différentiel's ceiling): born before the month and under the table's
// `counted_under_years` (20), the month of that birthday judged as every age condition is, by
// `condition_end` (under month_kept the child still counts in it, whatever the day).
bool counted_as_dependent(Date birth, YearMonth month, const MonthParameters& parameters);
// Children counted for the effort rate in the parameters' month (counted_as_dependent; a child
// in alternating residence counts as one).
int effort_rate_children(const HouseholdFacts& household, const MonthParameters& parameters);
// The effort rate for `children` dependent children of whom `aeeh` receive the AEEH.
Ratio effort_rate(CareMode mode, int children, int aeeh, const MonthParameters& parameters);

// The hourly regime for a system that holds the CAF's monthly resources (whole euros, before
// the floor and the ceiling) rather than the annual figure.
Entitlement compute_entitlement_for_resources(Cents monthly_resources, const HouseholdFacts& household,
                                              const ContractFacts& contract,
                                              const MonthParameters& parameters,
                                              Explanation* explanation = nullptr,
                                              Detail detail = Detail::with_reason,
                                              const TransitionalFacts* transitional = nullptr);

// Employer and employee contributions of a contract's month (approximate rates), before any
// coverage: they do not depend on rights.
ContributionsPart contributions_before_coverage(const ContractFacts& contract,
                                               const MonthParameters& parameters);

// The same computation for a system that holds the CAF's decided bracket rather than the
// family's resources (Pajemploi's copy of the rights).
Entitlement compute_entitlement_for_bracket(int bracket, const HouseholdFacts& household,
                                            const ContractFacts& contract,
                                            const MonthParameters& parameters,
                                            Explanation* explanation = nullptr,
                                            Detail detail = Detail::with_reason);

std::string to_string(CareMode mode);
inline std::ostream& operator<<(std::ostream& out, CareMode mode) { return out << to_string(mode); }
std::string to_string(AgeBand band);

}  // namespace pajesim::law
