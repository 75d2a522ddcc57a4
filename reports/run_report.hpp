#pragma once
// Reports of a finished run: report.json and families.csv (docs/report-format.md). Pure
// functions of the run's inputs and result: same run, same bytes.

#include <cstdint>
#include <string>

#include "harness/outcome/run_outcome.hpp"

namespace pajesim::reports {

std::string report_json(const harness::RunOutcome& run);
std::string families_csv(const harness::RunOutcome& run);
// The short human summary printed at the end of `pajesim run`.
std::string run_summary(const harness::RunOutcome& run);
// A count of the run's families scaled to the scenario's population.national_families: count x
// national families / simulated families, rounded half-up to a whole family (0 for a run
// without families). Every "national estimate" of every report comes from here.
std::int64_t national_estimate(const harness::RunOutcome& run, std::uint64_t count);

}  // namespace pajesim::reports
