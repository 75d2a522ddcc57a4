#pragma once
// Dated legal parameters of the CMG, loaded from a JSON table (scenarios/params/). Every value
// carries the date from which it applies (to care months from that date) and its source.
// Loading validates the table: known keys only, the right unit for each value, 'from' dates
// on the 1st of a month and strictly increasing, a value in force for every covered month.

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

template <typename T>
struct Dated {
    Date from;
    std::string source;
    T value;
};

struct Ceilings {
    Cents one_child;
    Cents two_children;
    Cents per_extra_child;
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
};

// Labelled approximations (domain.md section 3), to be refined.
struct ApproximateContributionRates {
    Ratio employee;
    Ratio employer;
    Ratio assmat_minimum_hourly_smic_share;
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
    const Dated<bool>* full_rate_until_august;
};

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
    // The table shipped with pajesim (scenarios/params/cmg-2018-2021.json), found next to the
    // executable's source tree or through PAJESIM_PARAMS.
    static std::string default_path();

    const std::string& version() const { return version_; }
    bool covers(YearMonth month) const;
    // "2018-01 to 2021-12" (several periods are joined with ", ").
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
    std::vector<Dated<bool>> full_rate_until_august_;
    // One entry per month from periods_.front().first to periods_.back().last; months in a
    // gap between periods are marked uncovered.
    std::vector<MonthParameters> months_;
    std::vector<bool> month_covered_;

    friend class ParametersReader;
};

}  // namespace pajesim::law
