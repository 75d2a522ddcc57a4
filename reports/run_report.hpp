#pragma once
// Reports of a finished run: report.json and families.csv (docs/report-format.md). Pure
// functions of the run's inputs and result: same run, same bytes.

#include <string>

#include "harness/outcome/run_outcome.hpp"

namespace pajesim::reports {

std::string report_json(const harness::RunOutcome& run);
std::string families_csv(const harness::RunOutcome& run);
// The short human summary printed at the end of `pajesim run`.
std::string run_summary(const harness::RunOutcome& run);

}  // namespace pajesim::reports
