#pragma once
// The oracle: what a family is owed for one month of one contract under the CMG rules for
// direct employment (domain.md sections 3 and 5). Pure functions of (care month, household
// facts, contract facts, parameters): no hidden state, no knowledge of what the simulated CAF
// or Pajemploi believe.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/kernel/cents.hpp"
#include "sim/kernel/date.hpp"
#include "sim/kernel/ratio.hpp"
#include "sim/law/parameters.hpp"

namespace pajesim::law {

struct ChildFacts {
    Date birth;
    bool aeeh = false;  // the child receives the AEEH (disabled child's education allowance)
};

struct HouseholdFacts {
    bool single_parent = false;
    Cents resources_n2;             // resources of year N-2, in cents
    std::vector<ChildFacts> children;
    bool activity_condition_met = true;
};

enum class CareMode : std::uint8_t { assmat, home_carer };

inline constexpr std::size_t max_contract_children = 20;

struct ContractFacts {
    CareMode mode = CareMode::assmat;
    std::vector<std::uint32_t> children;  // indexes into HouseholdFacts::children
    Cents net_salary;                     // net salary of the month for this contract
    Cents maintenance;                    // maintenance allowances (indemnités d'entretien)
    std::int32_t days_worked = 0;         // assmat: days worked in the month (daily cap)
};

enum class AgeBand : std::uint8_t {
    not_yet_counted,  // born in the care month or later: counts from the next month
    full_rate,        // under 3 for the whole month (or kept full until 31 August)
    half_rate,        // turning 3 in the month or aged 3 to 6
    too_old,          // turning 6 in the month or older
};

enum class Refusal : std::uint8_t { none, activity_condition, no_child_under_6, daily_cap };

struct ContributionsPart {
    Cents gross_salary;
    Cents employee;
    Cents employer;
    Cents total;
    Cents covered;
    Cents uncovered;
};

struct Entitlement {
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
Entitlement compute_entitlement(const HouseholdFacts& household, const ContractFacts& contract,
                                const MonthParameters& parameters,
                                Explanation* explanation = nullptr,
                                Detail detail = Detail::with_reason);

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
