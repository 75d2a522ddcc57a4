#pragma once
// report.html: one self-contained page per run (inline CSS, SVG and one inline script that
// sorts and filters the register's tables; nothing fetched), readable in a browser without
// the script and printable; and months.csv for spreadsheets.

#include <cstdint>
#include <string>

#include "harness/outcome/run_outcome.hpp"

namespace pajesim::reports {

std::string report_html(const harness::RunOutcome& run, const std::string& replay_command);
// One row per month, every aggregate of report.json's months.
std::string months_csv(const harness::RunOutcome& run);
// The page's stylesheet, shared with compare.html, dossiers.html and the letters' index.
const char* report_css();

// A headline figure: its value, label and an optional note (text, escaped here).
std::string figure_html(const std::string& label, const std::string& value, const std::string& note = "");
// A headline count of families, shown as simulated and as national estimate, each labelled.
std::string count_figure_html(const harness::RunOutcome& run, const std::string& label, std::uint64_t count,
                              const std::string& note = "");

}  // namespace pajesim::reports
