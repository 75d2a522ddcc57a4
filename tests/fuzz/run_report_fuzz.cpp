// The reader of a run folder's report.json, as `pajesim compare` reads it.
#include "reports/compare.hpp"
#include "tests/fuzz/fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return pajesim::fuzz::accept_bad_input([&] {
        const nlohmann::json document = pajesim::parse_json_text(pajesim::fuzz::text_of(data, size), "report.json");
        (void)pajesim::reports::read_run_report(document, "report.json");
    });
}
