#pragma once
// A finished run, as the reports read it: the scenario, the population, the result, the faults'
// firings, the invariants' verdicts and violations, the dossiers, and when the centre was an
// external system under test, what it was and what it wrote on its standard error. Below the
// reports and above the model: the runner fills it, the reports read it.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness/faults/fault_plan.hpp"
#include "harness/invariants/invariant_set.hpp"
#include "harness/outcome/dossier.hpp"
#include "harness/outcome/register.hpp"
#include "sim/law/parameters.hpp"
#include "sim/model/population/world.hpp"
#include "sim/model/simulation.hpp"

namespace pajesim::harness {

// The centre a run was played against.
struct CentreUnderTest {
    bool external = false;     // false: pajesim's built-in centre
    std::string command;       // --sut, or the recording replayed
    std::string name;          // what it called itself in the handshake
    std::uint64_t messages = 0;  // messages sent to it
    std::string stderr_text;   // its standard error (the tail beyond 8 MiB)
};

struct RunOutcome {
    model::Scenario scenario;
    std::unique_ptr<law::LegalParameters> parameters;
    model::World world;
    model::RunResult result;
    std::vector<faults::FaultSummary> faults;
    std::vector<invariants::InvariantVerdict> verdicts;
    std::vector<invariants::Violation> violations;  // ranked, most harmful first
    std::uint64_t violation_count = 0;
    std::map<std::uint32_t, Dossier> dossiers;
    // How the most harmed families were followed after the run: not at all, by a replay of
    // those families alone (sim/model/histories.hpp), or of the whole population.
    enum class Replay : std::uint8_t { none, families_only, whole } replay = Replay::none;
    // The affected-families register (every family wrong at some day, and carers unpaid).
    Register affected;
    CentreUnderTest centre;
};

}  // namespace pajesim::harness
