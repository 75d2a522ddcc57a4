#pragma once
// A scenario: the period, the seed, the population and the workflow parameters of one run
// (docs/scenario-format.md lists every key, its type, unit and default). Loading is strict:
// unknown keys, wrong types, impossible values, dates out of order and absurd sizes are
// InputErrors naming the file, the JSON path and the reason.

#include <array>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/kernel/cents.hpp"
#include "sim/kernel/date.hpp"
#include "sim/kernel/ratio.hpp"

namespace pajesim::model {

template <typename T>
struct Range {
    T min;
    T max;
};

struct PopulationParameters {
    std::uint32_t families = 10'000;
    std::uint32_t cafs = 101;                          // one CAF per département
    Ratio home_carer_share{12, 100};                   // ~110 000 of ~880 000 households
    Ratio single_parent_share{8, 100};                 // domain.md section 6
    std::array<std::uint32_t, 3> bracket_weights{35, 40, 25};
    std::array<std::uint32_t, 4> children_weights{45, 38, 13, 4};  // 1, 2, 3, 4 children
    Ratio pajemploi_plus_share{15, 100};
    Ratio assmat_children_per_carer{35, 10};
    Range<Cents> assmat_net_hourly_per_child{Cents{300}, Cents{450}};
    Range<std::int32_t> assmat_hours_per_month{60, 140};
    Range<Cents> home_carer_net_hourly{Cents{1050}, Cents{1400}};
    Range<std::int32_t> home_carer_hours_per_month{40, 120};
    Cents maintenance_per_day{300};
    Ratio aeeh_child_share{1, 100};
    Ratio annual_birth_probability{6, 100};
    Ratio annual_separation_probability{3, 100};
    Ratio annual_move_probability{2, 100};
    Range<Ratio> resources_yearly_growth{Ratio{-3, 100}, Ratio{5, 100}};
};

struct WorkflowParameters {
    Date cutover = Date::from_civil(2019, 5, 25);
    std::int32_t bulk_transfer_days_before_cutover = 7;  // the initial rights transfer
    Range<std::int32_t> caf_processing_delay_days{3, 15};
    std::int32_t caf_payment_delay_business_days = 25;      // before the reform: weeks
    std::int32_t rights_link_delay_days = 1;
    Ratio late_declaration_share{5, 100};
    std::int32_t late_declaration_max_days = 15;            // after the 5th of M+1
    std::int32_t cmg_payment_delay_business_days = 2;
    std::int32_t contributions_debit_business_days = 2;
    std::int32_t pajemploi_plus_carer_payment_business_days = 3;
    std::int32_t pajemploi_plus_carer_payment_deadline_day = 8;
    std::int32_t old_home_carer_contributions_delay_months = 2;
    std::int32_t newborn_care_start_months = 3;
};

struct Scenario {
    std::string name;
    std::string description;
    std::string file;         // where it was loaded from ("" when built in code)
    std::string params_file;  // legal parameter table
    YearMonth first_month;
    YearMonth last_month;
    std::uint64_t seed = 1;
    PopulationParameters population;
    WorkflowParameters workflow;
    nlohmann::json faults = nlohmann::json::array();
    nlohmann::json expect = nlohmann::json::object();

    Date bulk_transfer_date() const {
        return workflow.cutover.plus_days(-workflow.bulk_transfer_days_before_cutover);
    }
    std::int32_t month_count() const { return first_month.months_until(last_month) + 1; }
};

inline constexpr std::uint32_t max_families = 5'000'000;
inline constexpr std::int32_t max_months = 48;

// Throws InputError. `params_file` is resolved relative to the scenario's folder.
Scenario load_scenario(const std::string& path);
Scenario scenario_from_json(const nlohmann::json& document, const std::string& file,
                            const std::string& folder);

}  // namespace pajesim::model
