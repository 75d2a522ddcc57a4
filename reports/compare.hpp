#pragma once
// Comparison of rollout and remediation options: the harm metrics of each option's runs (one
// per seed, the same seeds for every option), their mean and a 90 % interval across seeds,
// ranked by families affected, money owed at the peak, longest delay, promises kept and calls
// lost; and their month-end curves together. Pure functions of finished runs.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/outcome/run_outcome.hpp"

namespace pajesim::reports {

// The largest count a report or a run summary may hold: no run comes near it (5 000 000
// families over 51 months' days is under 2^33 family-days), and sums of two such counts, or of
// a sweep's runs, stay far within 64 bits. A larger one is a file altered by hand.
inline constexpr std::int64_t max_harm_count = std::int64_t{1} << 40;

struct HarmMetrics {
    std::uint64_t seed = 0;
    // For the national estimates: the run's families and the scenario's national families.
    std::int64_t families = 0;
    std::int64_t national_families = 0;
    std::int64_t families_affected = 0;
    Cents money_owed_peak;
    std::int64_t longest_delay_days = 0;
    std::int64_t families_still_owed_at_end = 0;
    std::int64_t family_days_in_arrears = 0;
    std::int64_t calls = 0;
    std::int64_t advances_recovered_before_payment = 0;
    std::int64_t families_overpaid_peak = 0;  // at a month end
    Cents money_overpaid_peak;
    std::int64_t carers_unpaid_peak = 0;      // families whose carers are unpaid, at a month end
    std::int64_t families_in_hardship_peak = 0;
    std::int64_t calls_lost = 0;
    std::int64_t promises_kept = 0;
    std::int64_t promises_broken = 0;
    // Month-end curves (empty when a report read has no months): families in arrears and
    // money owed, from `first_month` on.
    YearMonth first_month;
    std::vector<std::int64_t> arrears_by_month;
    std::vector<Cents> owed_by_month;
};

// A count of the run's families scaled to the national families, rounded half-up (as
// report.json's national_estimate).
std::int64_t national_estimate(const HarmMetrics& metrics, std::int64_t count);

HarmMetrics metrics_of(const harness::RunOutcome& run);
// A run folder's report.json, as `compare` reads it: the scenario's name and the harm
// figures (totals, population.families, national_estimate.national_families). Throws
// InputError naming `file` and the JSON path of a missing or wrong figure.
struct RunReport {
    std::string name;
    HarmMetrics metrics;
};
RunReport read_run_report(const nlohmann::json& report, const std::string& file);

struct OptionRuns {
    std::string name;
    std::vector<HarmMetrics> runs;  // one per seed
};

// The mean, and the 5th and 95th percentiles (nearest rank) across seeds, of one metric.
struct Summary {
    double mean = 0;
    double low = 0;
    double high = 0;
};

// The mean and the nearest-rank 5th and 95th percentiles of `values` (all 0 when empty).
Summary summarise(std::vector<double> values);
// A number with a fixed count of decimals ("%.*f").
std::string fixed(double value, int decimals);

struct ComparedOption {
    std::string name;
    std::size_t seeds = 0;
    Summary families_affected;
    Summary money_owed_peak_euros;
    Summary longest_delay_days;
    Summary families_still_owed_at_end;
    Summary family_days_in_arrears;
    Summary calls;
    Summary advances_recovered_before_payment;
    Summary families_overpaid_peak;
    Summary money_overpaid_peak_euros;
    Summary carers_unpaid_peak;
    Summary families_in_hardship_peak;
    Summary calls_lost;
    // Kept / (kept + broken), over the seeds with a promise settled; `promised` false when no
    // seed had one (no answer deadline).
    Summary promises_kept_share;
    bool promised = false;
    // The mean across seeds of each month-end figure (empty when the runs' months differ).
    YearMonth first_month;
    std::vector<double> arrears_by_month;
    std::vector<double> owed_by_month_euros;
    // The counts of families above as national estimates (each seed's count scaled, then
    // summarised across seeds).
    Summary families_affected_national;
    Summary families_still_owed_at_end_national;
    Summary families_overpaid_peak_national;
    Summary carers_unpaid_peak_national;
};

// Options ranked by their means: fewest families affected first, then least money owed at the
// peak, shortest longest delay, most promises kept, fewest calls lost.
std::vector<ComparedOption> compare_options(const std::vector<OptionRuns>& options);

std::string compare_json(const std::vector<ComparedOption>& compared, const std::vector<OptionRuns>& options);
std::string compare_csv(const std::vector<ComparedOption>& compared);
// The ranking for a terminal: one line per option, with the 90 % intervals.
std::string compare_text(const std::vector<ComparedOption>& compared);
std::string compare_html(const std::vector<ComparedOption>& compared, const std::vector<OptionRuns>& options);

}  // namespace pajesim::reports
