#pragma once
// report.html: one self-contained page per run (inline CSS and SVG; no script, font or file
// fetched), readable in a browser and printable; and months.csv for spreadsheets.

#include <string>

#include "harness/outcome/run_outcome.hpp"

namespace pajesim::reports {

std::string report_html(const harness::RunOutcome& run, const std::string& replay_command);
// One row per month, every aggregate of report.json's months.
std::string months_csv(const harness::RunOutcome& run);
// The page's stylesheet, shared with compare.html.
const char* report_css();

}  // namespace pajesim::reports
