#pragma once
// The affected-families register of a finished run, for people and spreadsheets: affected.csv
// (one row per episode), affected-months.csv (its money at each month end), carers-affected.csv,
// the register as it stood on a day (`pajesim run --as-of`), dossiers.html (every traced
// family's file), and the register's sections of report.html. Pure functions of the run: same
// run, same bytes. docs/report-format.md defines every column.

#include <cstddef>
#include <string>

#include "harness/outcome/run_outcome.hpp"

namespace pajesim::reports {

std::string affected_csv(const harness::RunOutcome& run);
std::string affected_months_csv(const harness::RunOutcome& run);
std::string carers_affected_csv(const harness::RunOutcome& run);
// Plain text, fixed columns: the counts and totals of `as_of` (simulated, and national
// estimates of the counts), then one line per family wrong that day, then its carers unpaid.
std::string as_of_text(const harness::RunOutcome& run, const harness::RegisterAsOf& as_of);
// A self-contained page: every dossier of run.dossiers in a <div id="family-N">, and a short
// entry (its register episodes) for every registered family without one, so that every link
// of report.html's register lands on its family.
std::string dossiers_html(const harness::RunOutcome& run);

// report.html's sections: the register (figures, charts by day, the table of every episode,
// sortable and filterable by an inline script) and the carers left unpaid.
std::string register_section_html(const harness::RunOutcome& run);
std::string carers_section_html(const harness::RunOutcome& run);
// The inline script, once at the end of the page: sorts every table.sortable on a click of a
// header, and filters the register's table by its text box and its select.
std::string tables_script();

// The kind of the run's fault at `index` (its position in the scenario's `faults` list), or
// "fault" when the index is outside the plan.
std::string fault_kind(const harness::RunOutcome& run, std::size_t index);

}  // namespace pajesim::reports
