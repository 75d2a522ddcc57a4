#pragma once
// Reports of a finished run: report.json and families.csv (docs/report-format.md). Pure
// functions of the run's inputs and result: same run, same bytes.

#include <string>

#include "harness/faults/fault_plan.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/simulation.hpp"
#include "sim/model/world.hpp"

namespace pajesim::reports {

struct RunInputs {
    const model::Scenario& scenario;
    const model::World& world;
    const std::string& parameters_version;
    std::vector<faults::FaultSummary> faults;
};

std::string report_json(const RunInputs& inputs, const model::RunResult& result);
std::string families_csv(const RunInputs& inputs, const model::RunResult& result);
// The short human summary printed at the end of `pajesim run`.
std::string run_summary(const RunInputs& inputs, const model::RunResult& result);

}  // namespace pajesim::reports
