#pragma once
// The run's figures as report.json writes them (docs/report-format.md): each month's, the
// totals (sums of the flows, peaks of the month-end stocks, the state at the end), the
// register's, and their national estimates. Internal to the reports.

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/outcome/run_outcome.hpp"

namespace pajesim::reports {

nlohmann::ordered_json month_json(const model::MonthFigures& figures);
// Sums of the flows and peaks of the month-end stocks, in one MonthFigures.
model::MonthFigures sum_and_peaks(const std::vector<model::MonthFigures>& months);
nlohmann::ordered_json totals_json(const harness::RunOutcome& run, const model::MonthFigures& totals);
// Families with at least one episode (episodes come by family).
std::uint32_t families_registered(const harness::Register& affected);
nlohmann::ordered_json register_json(const harness::RunOutcome& run);
// Every count of families of `totals`, `months` and `register_figures` (as written above),
// scaled to the country.
nlohmann::ordered_json national_json(const harness::RunOutcome& run, const nlohmann::ordered_json& totals,
                                     const nlohmann::ordered_json& months,
                                     const nlohmann::ordered_json& register_figures);

}  // namespace pajesim::reports
