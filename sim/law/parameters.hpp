#pragma once
// Dated legal parameters of the CMG, loaded from a JSON table (scenarios/params/). Every value
// carries the date from which it applies (to care months from that date) and its source.
// Loading validates the table: known keys only, the right unit for each value, 'from' dates
// on the 1st of a month and strictly increasing, a value in force for every covered month.

#include <array>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/kernel/cents.hpp"
#include "sim/kernel/date.hpp"
#include "sim/kernel/ratio.hpp"

namespace pajesim::law {

// How a value was established (the tags of domain-2025.md): read in the legal text, an
// official non-legal source, derived by arithmetic from official inputs, a third party only,
// or an interpretation where the text is silent.
enum class SourceStatus : std::uint8_t { untagged, text, official, derived, third_party, interpretation };

template <typename T>
struct Dated {
    Date from;
    std::string source;
    T value;
    SourceStatus status = SourceStatus::untagged;
    bool unverified = false;  // no official publication found: carried forward or derived
};

// "TXT", "OFF", "DER", "3P", "INT" (empty when untagged).
std::string to_string(SourceStatus status);
// " [TXT]", " [DER, UNVERIFIED]"...: the tag `--explain` shows after a value's source.
template <typename T>
std::string status_tag(const Dated<T>& entry) {
    std::string tag = to_string(entry.status);
    if (entry.unverified) tag += tag.empty() ? "UNVERIFIED" : ", UNVERIFIED";
    return tag.empty() ? tag : " [" + tag + "]";
}

// Which computation a care month falls under: the three resource brackets (until 2025-08),
// or the hourly CMG of décret 2025-515 (care from 2025-09-01).
enum class Regime : std::uint8_t { brackets, hourly };

// When a condition of the CMG ends during month M (a 6th birthday, a 3rd birthday for the
// full rate): month_kept, M is still paid in the previous situation (R552-3 II 1°);
// month_lost, the condition ends for the whole of M (the general rule of R552-3 I);
// age_on_the_1st, ages are judged on the 1st of M (OpenFisca's reading): as month_kept, but a
// birthday on the 1st of M ends the condition for M.
enum class ConditionEnd : std::uint8_t { month_kept, month_lost, age_on_the_1st };

// The birthday of a child born on 29 February in a common year, which the texts do not set:
// 1 March (the day after 28 February, as a date-by-date count reaches it) or 28 February. With
// the age rule the birthday's month decides a month's rate: March or February.
enum class LeapDayBirthday : std::uint8_t { march_1, february_28 };

// D531-18 3°: each AEEH child moves the effort rate to the "taux immédiatement inférieur":
// the next row of the table, or the next distinct lower value.
enum class AeehStep : std::uint8_t { row, distinct_value };
enum class HourlyRounding : std::uint8_t { cent, euro };
// LFSS 2026 (L531-5 III 6°): end-of-contract and paid-leave indemnities are not counted "pour
// la vérification du respect de ces plafonds".
enum class IndemnityExclusion : std::uint8_t { none, cap_check_only, excluded_from_cost };

struct PerMode {
    Cents assmat;
    Cents home_carer;
};

// The hourly cap (D531-18 1°) and, a reading, what exceeding it does: `clip`, the cost above
// it is left out (D531-17 and D531-18, Pajemploi's practice); `condition`, no CMG at all for
// the month (L531-5 I as LFSS 2023 wrote it, "à la condition que la rémunération horaire ...
// n'excède pas un plafond", in force from 2025-09-01 to 2025-12-30).
struct HourlyCap : PerMode {
    bool condition = false;
};

inline constexpr std::size_t effort_rate_rows = 10;

// Percent of monthly resources by number of dependent children (row 0: one child).
struct EffortRates {
    std::array<Ratio, effort_rate_rows> assmat;      // as fractions (0.0619 % -> 0.000619)
    std::array<Ratio, effort_rate_rows> home_carer;
    int counted_under_years = 20;  // a child counts while under this age on the month's 1st day
};

struct AgeLimits {
    int years = 6;
    int single_parent_years = 12;
};

struct TransitionalMinHours {
    int assmat_one_child_under_3 = 100;
    int assmat_one_child_3_or_over = 50;
    int home_carer = 50;
    int assmat_several_all_under_3 = 150;
    int assmat_several_one_3_or_over = 100;
};



struct Ceilings {
    Cents one_child;
    Cents two_children;
    Cents per_extra_child;
};

// The complément différentiel (LFSS 2023 art. 86 VII, décret 2025-515).
// Which month's dependent children set the complement's resource ceiling (a reading: the
// decree judges the resources of the month before the hourly regime, August 2025, against
// the D531-20 2° ceiling, which counts the children of a month).
enum class TransitionalCeilingChildren : std::uint8_t {
    month_before,  // the month before the regime's first month (August 2025): the text's month
    regime_start,  // the regime's first month (September 2025)
};

// How the monthly average of the reference period's hours is compared with the minimum
// (décret 2025-515, non-codified article, I: a "monthly average", with no rounding said).
enum class TransitionalHoursAverage : std::uint8_t {
    whole_hour_up,  // rounded up to the whole hour, then compared: Urssaf's simulator [OFF]
    exact,          // compared as it is: the decree's text alone
};

// Which children of the contract open the complement (the decree's articles I and II, as
// retrieved, set no age condition; Urssaf's simulator asks for a child under 6 on the regime's
// first day and not born in 2022).
enum class TransitionalChildCondition : std::uint8_t {
    under_6_on_regime_start,           // a child under 6 on the regime's first day
    under_6_on_regime_start_not_born_2022,  // and not born in 2022: the simulator's whole rule
    none,                              // no age condition: the decree's text alone
};

struct TransitionalComplement {
    YearMonth reference_first;  // the declarations averaged: March to May 2025
    YearMonth reference_last;
    int duration_months = 48;
    Ratio cap_share_of_net_pay;
    Ratio single_parent_ceiling_factor;
    Ceilings ceilings;  // resources of 2023
    TransitionalMinHours min_hours;
    TransitionalCeilingChildren ceiling_children = TransitionalCeilingChildren::month_before;
    // Reference months a contract must have declared for a complement (a reading: Urssaf's
    // simulator asks 2; the decree's text sets none, which is 1).
    int min_months_declared = 2;
    TransitionalHoursAverage hours_average = TransitionalHoursAverage::whole_hour_up;
    TransitionalChildCondition child_condition = TransitionalChildCondition::under_6_on_regime_start;
};

struct CeilingTable {
    Ceilings bracket_1;
    Ceilings bracket_2;
};

struct RemunerationRates {
    Ratio bracket_1;
    Ratio bracket_2;
    Ratio bracket_3;
};

struct ContributionsCoverage {
    Ratio assmat;
    Ratio home_carer;
};

struct HomeCarerContributionsCap {
    Cents under_3;
    Cents age_3_to_6;
    // A reading: whose children give the under-3 cap. False: a child of the contract (the CMG
    // paid for a child under 3, D531-17 II and L531-5 IV); true: any child of the household
    // counted in the month (domain-2025.md section 4.2's "household with at least one child
    // under 3").
    bool household = false;
};

// Labelled approximations (domain.md section 3), to be refined.
struct ApproximateContributionRates {
    Ratio employee;
    Ratio employer;
    Ratio assmat_minimum_hourly_smic_share;
};

// LFSS 2019 art. 70 (from care of 2019-11 in the shipped table): a child turning 3 between
// 1 January and 31 August keeps the full rate until 31 August. `contributions_cap`: whether
// a home carer's contributions cap keeps its under-3 amount for those months too (true), or
// follows the age alone, halved from the month after the 3rd birthday (false).
struct FullRateUntilAugust {
    bool enabled = false;
    bool contributions_cap = true;
};

// The values in force for one care month, each with its date and source.
struct MonthParameters {
    YearMonth month;
    Date first_day;                 // of the month, precomputed
    Ratio gross_from_net;           // 1 / (1 - employee contributions rate), precomputed
    const Dated<Cents>* bmaf;
    const Dated<Cents>* smic_hourly_gross;
    const Dated<CeilingTable>* resource_ceilings;
    const Dated<Ratio>* single_parent_ceiling_factor;
    const Dated<RemunerationRates>* remuneration_rates;
    const Dated<Ratio>* age_3_to_6_factor;
    const Dated<Ratio>* single_parent_increase;
    const Dated<Ratio>* aeeh_increase;
    const Dated<Ratio>* salary_cap_share;
    const Dated<Ratio>* crds_rate;
    const Dated<Ratio>* assmat_daily_cap_smic_multiple;
    const Dated<ContributionsCoverage>* contributions_coverage;
    const Dated<HomeCarerContributionsCap>* home_carer_contributions_cap;
    const Dated<ApproximateContributionRates>* approximate_contribution_rates;
    const Dated<FullRateUntilAugust>* full_rate_until_august;
    const Dated<Regime>* regime;
    const Dated<ConditionEnd>* condition_end;
    const Dated<LeapDayBirthday>* leap_day_birthday;
    const Dated<bool>* alternating_residence;
    // The hourly regime's values: null in a month of the bracket regime.
    const Dated<HourlyCap>* hourly_cap;
    const Dated<PerMode>* reference_hourly_cost;
    const Dated<Cents>* monthly_resource_floor;
    const Dated<Cents>* monthly_resource_ceiling;
    const Dated<EffortRates>* effort_rates;
    const Dated<AgeLimits>* age_limits;
    const Dated<AeehStep>* aeeh_effort_step;
    const Dated<HourlyRounding>* hourly_rounding;
    const Dated<bool>* hourly_clamp_at_zero;
    const Dated<IndemnityExclusion>* indemnity_exclusion;
    const Dated<TransitionalComplement>* transitional_complement;
    YearMonth hourly_start;  // the first month of the hourly regime (a month after the table if none)

    bool hourly() const { return regime->value == Regime::hourly; }
};

// Whether two months' parameters hold the same values: every series at the same table entry
// (its value, its reading, its source), whatever the months themselves. `gross_from_net` is
// derived from `approximate_contribution_rates`. A month whose parameters hold the values of
// the month before lets the oracle carry its answers over (cmg.hpp, answer_carries_over).
bool same_values(const MonthParameters& left, const MonthParameters& right);

// A care month for which the table has no parameters.
class MonthNotCovered : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class LegalParameters {
public:
    // Throws InputError naming the file, the JSON path and the reason.
    static std::unique_ptr<LegalParameters> load_file(const std::string& path);
    static std::unique_ptr<LegalParameters> from_json(const nlohmann::json& document,
                                                      const std::string& file);
    // The table shipped with pajesim (scenarios/params/cmg-2018-2026.json), found next to the
    // executable's source tree or through PAJESIM_PARAMS.
    static std::string default_path();

    const std::string& version() const { return version_; }
    bool covers(YearMonth month) const;
    // "2018-01 to 2026-12" (several periods are joined with ", ").
    std::string covered_periods() const;
    // Throws MonthNotCovered, naming the covered periods, for a month outside them.
    const MonthParameters& for_month(YearMonth month) const;

    LegalParameters(const LegalParameters&) = delete;
    LegalParameters& operator=(const LegalParameters&) = delete;
    LegalParameters() = default;

private:
    struct Period {
        YearMonth first;
        YearMonth last;
    };
    void resolve_months();

    std::string version_;
    std::vector<Period> periods_;
    std::vector<Dated<Cents>> bmaf_;
    std::vector<Dated<Cents>> smic_hourly_gross_;
    std::vector<Dated<CeilingTable>> resource_ceilings_;
    std::vector<Dated<Ratio>> single_parent_ceiling_factor_;
    std::vector<Dated<RemunerationRates>> remuneration_rates_;
    std::vector<Dated<Ratio>> age_3_to_6_factor_;
    std::vector<Dated<Ratio>> single_parent_increase_;
    std::vector<Dated<Ratio>> aeeh_increase_;
    std::vector<Dated<Ratio>> salary_cap_share_;
    std::vector<Dated<Ratio>> crds_rate_;
    std::vector<Dated<Ratio>> assmat_daily_cap_smic_multiple_;
    std::vector<Dated<ContributionsCoverage>> contributions_coverage_;
    std::vector<Dated<HomeCarerContributionsCap>> home_carer_contributions_cap_;
    std::vector<Dated<ApproximateContributionRates>> approximate_contribution_rates_;
    std::vector<Dated<FullRateUntilAugust>> full_rate_until_august_;
    std::vector<Dated<Regime>> regime_;
    std::vector<Dated<ConditionEnd>> condition_end_;
    std::vector<Dated<LeapDayBirthday>> leap_day_birthday_;
    std::vector<Dated<bool>> alternating_residence_;
    std::vector<Dated<HourlyCap>> hourly_cap_;
    std::vector<Dated<PerMode>> reference_hourly_cost_;
    std::vector<Dated<Cents>> monthly_resource_floor_;
    std::vector<Dated<Cents>> monthly_resource_ceiling_;
    std::vector<Dated<EffortRates>> effort_rates_;
    std::vector<Dated<AgeLimits>> age_limits_;
    std::vector<Dated<AeehStep>> aeeh_effort_step_;
    std::vector<Dated<HourlyRounding>> hourly_rounding_;
    std::vector<Dated<bool>> hourly_clamp_at_zero_;
    std::vector<Dated<IndemnityExclusion>> indemnity_exclusion_;
    std::vector<Dated<TransitionalComplement>> transitional_complement_;
    YearMonth hourly_start_;
    // One entry per month from periods_.front().first to periods_.back().last; months in a
    // gap between periods are marked uncovered.
    std::vector<MonthParameters> months_;
    std::vector<bool> month_covered_;

    friend class ParametersReader;
};

}  // namespace pajesim::law
