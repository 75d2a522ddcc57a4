#pragma once
// A scenario: the period, the seed, the population and the workflow parameters of one run
// (docs/scenario-format.md lists every key, its type, unit and default). Loading is strict:
// unknown keys, wrong types, impossible values, dates out of order and absurd sizes are
// InputErrors naming the file, the JSON path and the reason.

#include <array>
#include <algorithm>
#include <cstdint>
#include <optional>
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
    std::uint32_t national_families = 860'000;       // for national estimates in reports
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
    // Single-parent assmat families whose youngest child lives in alternating residence with
    // the other parent, who employs an assmat of their own from the date the law lets both
    // parents claim (2025-12-01): the other parent's household is a family of the run.
    Ratio alternating_residence_share{0, 1};
    Ratio annual_birth_probability{6, 100};
    Ratio annual_separation_probability{3, 100};
    Ratio annual_move_probability{2, 100};
    Range<Ratio> resources_yearly_growth{Ratio{-3, 100}, Ratio{5, 100}};
    // A living population (every default keeps it as drawn at the start):
    // families entering during the run, per month, as a share of `families`; of whom first
    // births (the others start a contract for a child already born);
    Ratio new_claims_per_month{0, 1};
    Ratio new_claims_first_birth_share{1, 2};
    // a contract ending before its child ages out (a change of care, a departure);
    Ratio annual_contract_end_probability{0, 1};
    // each family's starting balance (whole euros) and the margin of its income over its
    // childcare outlay, in percent;
    Range<Cents> starting_balance{Cents{300'00}, Cents{3000'00}};
    Range<std::int32_t> income_margin_percent{0, 40};
    // what the bank charges a family for each overdraft or rejected debit;
    Cents overdraft_fee{0};
    // each month's hours drawn within this percentage of the contract's mean (0: every month
    // the same), the pay, days and allowances following them;
    std::int32_t monthly_hours_spread_percent = 0;
    // of the families with several children in assmat care, those whose children all go to one
    // assmat (the others employ an assmat per child, drawn independently: several carers).
    Ratio siblings_one_assmat_share{0, 1};
};

// What the centre does with a Pajemploi+ carer's pay when the parent's debit is rejected
// (docs/scenario-format.md#pajemploi-carer-pay gives the sources).
enum class CarerPayRule : std::uint8_t {
    guarantee,    // the centre pays the carer on time and recovers the debit from the parent,
                  // for at most `guaranteed_months` months in arrears; beyond, as after_debit
    after_debit,  // the carer is paid only once the month's debit has succeeded
};

// What a parent paying the carer directly does when the balance is short.
enum class DirectPayWhenShort : std::uint8_t {
    overdraft,       // pays anyway: the bank lets the parent's own transfer through
    wait_for_funds,  // pays once the balance allows (after the next credit), the carer waiting
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
    // A rejected debit is presented again on the first business day this many days later.
    std::int32_t debit_representation_days = 10;
    std::int32_t newborn_care_start_months = 3;
    CarerPayRule carer_pay_rule = CarerPayRule::guarantee;
    std::int32_t guaranteed_months = 1;            // guarantee: months of unpaid debits covered
    std::int32_t escalate_after_rejections = 3;    // a month's debit rejected this often: a file (0: never)
    // after_debit: a rejected Pajemploi+ debit is presented again on the first business day
    // after the parent's next income (instead of debit_representation_days later).
    bool represent_after_income = true;
    DirectPayWhenShort direct_pay_when_short = DirectPayWhenShort::overdraft;
};

enum class RolloutMode : std::uint8_t { big_bang, phased, parallel_run };

// How the new workflow is switched on: all at once, by cohorts of CAFs, or with a parallel run
// in which the CAF's and Pajemploi's computations are compared before paying.
struct RolloutParameters {
    RolloutMode mode = RolloutMode::big_bang;
    std::uint32_t cohorts = 1;                 // phased: CAF c is in cohort c % cohorts
    std::int32_t cohort_interval_days = 28;    // phased: cohort k switches k intervals later
    std::int32_t parallel_run_months = 3;      // parallel_run: care months compared
};

// The people and procedures around the systems. Staff counts are national; the run scales
// them by families / national_families.
// How the centre recovers an overpayment it found (at a file's fix or a regularisation).
enum class OverpaymentRecovery : std::uint8_t {
    debit,      // debited from the family's account in one go
    deduct,     // deducted from the family's later CMG payments, at most `monthly_limit` a month
    write_off,  // waived: nothing is recovered (public funds bear it)
};

struct OverpaymentPolicy {
    OverpaymentRecovery recovery = OverpaymentRecovery::debit;
    Cents monthly_limit{0};        // deduct: the most taken from one month's payments (0: no limit)
    std::int32_t notice_days = 30;  // between the notification and the first recovery
    // deduct: what is still outstanding this many days after the notice period (no CMG left to
    // deduct from) is debited; 0: never.
    std::int32_t debit_remainder_after_days = 90;
};

// The order in which the agents take up open anomaly files.
enum class Triage : std::uint8_t {
    fifo,                   // the order the files were opened (2019)
    oldest_first,           // the file whose oldest month in question is the earliest
    hardship_first,         // the largest arrears claimed relative to the family's monthly income
    largest_arrears_first,  // the largest arrears claimed
};

// A CAF's repayable advances to families waiting for their CMG.
enum class AdvanceRule : std::uint8_t {
    none,        // no advance
    on_request,  // a calling family claiming at least the threshold asks (a share of them)
    automatic,   // paid without asking to a family claiming at least the threshold once its
                 // file is open, whoever opened it (a call, the centre, an outbound contact)
};

struct AdvancePolicy {
    AdvanceRule rule = AdvanceRule::on_request;
    Cents threshold{300'00};
    Ratio request_share{1, 1};                  // on_request: families above the threshold who ask
    std::int32_t payment_delay_days = 10;
    std::int32_t recovery_delay_days = 45;
    bool recover_only_after_payment = false;    // the 2019 practice: recover anyway
};

// Agents' capacity lost on the days from..to (inclusive): a strike, a holiday bridge.
struct CapacityCut {
    Date from;
    Date to;
    Ratio share;  // of the day's capacity lost
};

// The centre's telephone line. Unlimited when `calls_per_day` is 0 (every call gets through).
struct CallCentre {
    std::uint32_t calls_per_day = 0;            // national, answered per business day
    Range<std::int32_t> patience_calls{1, 1};   // attempts a family makes for one notice (drawn per family)
    Range<std::int32_t> retry_days{1, 1};       // days before it tries again after a failed call
    Cents cost_per_call{0};                     // what each attempt costs the family
};

// A campaign of reconciliations of rights: the first business day on or after `from`, then
// every `every_days`, until `until` (or the run's end).
struct ReconciliationCampaign {
    Date from;
    std::int32_t every_days = 30;
    std::optional<Date> until;
    Ratio share_detected{1, 1};  // of the families whose copies differ
    std::int32_t correction_delay_days = 0;
};

struct ProcessParameters {
    std::int32_t payment_deadline_day = 10;            // CMG of M due by this day of M+1
    Ratio notice_probability{7, 10};                   // a family notices a missing payment
    Range<std::int32_t> notice_delay_days{2, 20};      // ... this long after the deadline
    std::uint32_t permanent_agents = 140;
    std::uint32_t temporary_agents = 30;
    Date temporary_agents_from = Date::from_civil(2019, 10, 1);
    Ratio files_per_agent_per_day{2, 1};  // anomaly files closed per agent and working day
    Ratio fix_error_probability{3, 100};               // a manual fix enters a wrong bracket
    bool regularisation = true;                        // recompute past months, pay arrears
    // The CAFs' advances: every CAF's policy (from advances, advance_threshold, ...), then
    // the CAFs that have their own (advance_policies).
    AdvancePolicy advance;
    std::vector<std::pair<std::vector<std::uint32_t>, AdvancePolicy>> advance_policies;
    const AdvancePolicy& advance_policy_of(std::uint32_t caf) const {
        for (const auto& [cafs, policy] : advance_policies) {
            if (std::find(cafs.begin(), cafs.end(), caf) != cafs.end()) return policy;
        }
        return advance;
    }
    Cents advance_threshold() const { return advance.threshold; }
    OverpaymentPolicy overpayment;
    // The periodic reconciliations of the CAF's and the centre's rights (none by default): one
    // or several campaigns, each with its own days.
    std::vector<ReconciliationCampaign> reconciliations;
    Triage triage = Triage::fifo;
    // A family is in hardship when it is owed at least this share of its monthly income.
    Ratio hardship_income_share{1, 10};
    // Outbound contact: from this date, the centre contacts a family whose payment it has held
    // for `contact_after_days` and opens its file, instead of waiting for the family to call.
    std::optional<Date> contact_from;
    std::int32_t contact_after_days = 5;
    CallCentre call_centre;
    // A promised answer within this many days of a call or of a file's opening (0: none).
    std::int32_t answer_deadline_days = 0;
    std::vector<CapacityCut> capacity_cuts;
    // Agents ask the CAF for its data and key the fix when it arrives (0-0: read directly).
    Range<std::int32_t> caf_answer_delay_days{0, 0};
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
    RolloutParameters rollout;
    ProcessParameters processes;
    nlohmann::json faults = nlohmann::json::array();
    nlohmann::json expect = nlohmann::json::object();

    // The cutover of the families of `caf` (phased rollouts move whole CAFs).
    Date cutover_for(std::uint32_t caf) const {
        if (rollout.mode != RolloutMode::phased) return workflow.cutover;
        const auto cohort = static_cast<std::int32_t>(caf % rollout.cohorts);
        return workflow.cutover.plus_days(cohort * rollout.cohort_interval_days);
    }
    Date bulk_transfer_date(std::uint32_t caf) const {
        return cutover_for(caf).plus_days(-workflow.bulk_transfer_days_before_cutover);
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
