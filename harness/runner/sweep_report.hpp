#pragma once
// A sweep's tables and report (docs/sweep-format.md#outputs), built from its runs' summaries
// in run order: sweep.csv (one row per run), sweep-summary.csv (one row per point: mean and
// 90 % interval across seeds), sweep.html (response curves, the points ranked, the factors'
// sensitivity) and the ranking for a terminal. Pure functions of the spec and the summaries.

#include <string>
#include <vector>

#include "harness/runner/sweep.hpp"
#include "reports/compare.hpp"

namespace pajesim::reports {

struct SweepTables {
    std::string csv;
    std::string summary_csv;
    std::string html;
    std::string text;  // the ranking and the sensitivity, for a terminal
};

// `runs[r]` is run r's figures (spec.run_count() of them).
SweepTables sweep_tables(const harness::SweepSpec& spec, const std::vector<HarmMetrics>& runs);

// The share of the variance of `values` that the grouping explains (the correlation ratio
// eta squared: between-group sum of squares over the total), 0 when the values do not vary.
double variance_share(const std::vector<double>& values, const std::vector<std::size_t>& groups, std::size_t group_count);

}  // namespace pajesim::reports
