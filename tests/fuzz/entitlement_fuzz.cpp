// The entitlement line parser, the oracle on what it accepts, and the formatter of results
// (with the explanation), as `pajesim entitlement --explain` runs them.
#include <memory>

#include "harness/runner/entitlement_io.hpp"
#include "sim/law/cmg.hpp"
#include "sim/law/parameters.hpp"
#include "tests/fuzz/fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::unique_ptr<pajesim::law::LegalParameters> parameters =
        pajesim::law::LegalParameters::load_file(PAJESIM_SOURCE_DIR "/scenarios/params/cmg-2018-2026.json");
    return pajesim::fuzz::accept_bad_input([&] {
        const auto requests =
            pajesim::harness::parse_entitlement_requests(pajesim::fuzz::text_of(data, size), "fuzz.jsonl", *parameters);
        for (const auto& request : requests) {
            pajesim::law::Explanation explanation;
            const auto result = pajesim::law::compute_entitlement(request.household, request.contract,
                                                                  parameters->for_month(request.month), &explanation);
            (void)pajesim::harness::format_entitlement(request, result, &explanation);
        }
    });
}
