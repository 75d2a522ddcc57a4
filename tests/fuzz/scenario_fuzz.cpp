// The scenario loader with its fault plan and expectations: a scenario file as `pajesim run`
// and `pajesim suite` read it, up to the checks made before a run starts.
#include "harness/runner/expectations.hpp"
#include "harness/runner/scenario_run.hpp"
#include "tests/fuzz/fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return pajesim::fuzz::accept_bad_input([&] {
        const nlohmann::json document = pajesim::parse_json_text(pajesim::fuzz::text_of(data, size), "fuzz.json");
        // Relative parameter paths resolve against the shipped scenarios' folder.
        const pajesim::model::Scenario scenario =
            pajesim::model::scenario_from_json(document, "fuzz.json", PAJESIM_SOURCE_DIR "/scenarios");
        pajesim::harness::check_scenario(scenario);
        pajesim::harness::read_expectations(scenario.expect, scenario.file);
    });
}
