#pragma once
// Runs a loaded scenario with its fault plan and every invariant, and gathers what the
// reports need: the result, the faults' firings, the verdicts, the violations ranked by harm,
// and the dossiers of the most harmed families (from a second run that follows them: runs are
// deterministic, so the second run replays the first; with the built-in centre it simulates
// only the followed families, sim/model/histories.hpp, and falls back to the whole population
// should any of them live another history than in the first run).

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "harness/outcome/run_outcome.hpp"
#include "harness/runner/observers.hpp"
#include "harness/runner/sut_centre.hpp"
#include "sim/law/parameters.hpp"
#include "sim/model/simulation.hpp"

namespace pajesim::harness {

// An external centre under test: its command and the time allowed to each answer.
struct SutSettings {
    std::string command;  // empty: the built-in centre
    std::chrono::milliseconds timeout{10'000};
    bool timeout_given = false;  // --sut-timeout was given (it needs --sut)
};

struct RunRequest {
    model::JournalSink* journal = nullptr;
    std::function<void(std::int32_t, std::int32_t)> progress;
    // The same for the replay that follows the most harmed families, when there is one.
    std::function<void(std::int32_t, std::int32_t)> replay_progress;
    std::size_t dossiers_of_most_harmed = 10;   // 0: none
    // Also the dossiers of the register's families, the most harmed first (largest amount owed
    // or overpaid), at most this many (SIZE_MAX: every one, as letters need).
    std::size_t dossiers_of_register = 0;
    std::vector<std::uint32_t> families;        // also follow these families
    std::vector<Date> as_of;                    // keep the register as it stood on these days
    model::TestBreaks breaks = model::default_breaks();
    unsigned threads = 1;  // model::RunOptions::threads: the same results on any number
    std::size_t centre_actions_batch = 1024;  // model::RunOptions::centre_actions_batch: the same results
    // Keep the family-month amounts (RunResult::owed_cents, unpaid_cents) in the outcome. False
    // frees them before the dossiers' replay, lowering the run's peak: the reports do not
    // read them.
    bool keep_cells = true;
    // Applied to the generated population before the run (and its replays): property tests
    // move families onto the law's edges this way.
    std::function<void(model::World&)> adjust_world;
    // The centre: pajesim's own (the default), an external system under test started from
    // `sut` (docs/sut-protocol.md), or a recorded conversation played back (`replay`).
    std::string sut;
    std::chrono::milliseconds sut_timeout{10'000};
    const std::vector<ConversationLine>* replay = nullptr;
    std::string replay_file;              // for error messages
    std::size_t replay_first_line = 2;    // the recording's line number of replay[0]
    std::string params_file_told;         // replay: the path the recorded handshake gave
    // The conversation with an external centre, when wanted (--record).
    std::vector<ConversationLine>* conversation = nullptr;
    // The legal parameters as a document instead of scenario.params_file (a recording's).
    const nlohmann::json* params_document = nullptr;
    // Replay the whole population to follow the most harmed families, never only them (tests
    // compare the two).
    bool whole_replay = false;
};


// Validates what loading a scenario file cannot (the fault plan, the legal parameters'
// coverage of the period): throws InputError naming `scenario.file`.
std::unique_ptr<law::LegalParameters> check_scenario(const model::Scenario& scenario,
                                                     const nlohmann::json* params_document = nullptr);

std::unique_ptr<RunOutcome> run_scenario(const model::Scenario& scenario, const RunRequest& request);

}  // namespace pajesim::harness
