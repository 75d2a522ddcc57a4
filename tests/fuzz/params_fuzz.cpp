// The legal parameter table loader, and a look-up of every month it covers.
#include "sim/law/parameters.hpp"
#include "tests/fuzz/fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return pajesim::fuzz::accept_bad_input([&] {
        const nlohmann::json document = pajesim::parse_json_text(pajesim::fuzz::text_of(data, size), "fuzz.json");
        const auto parameters = pajesim::law::LegalParameters::from_json(document, "fuzz.json");
        const pajesim::YearMonth first = pajesim::YearMonth::from_civil(2000, 1);
        for (pajesim::YearMonth month = first; month < first.plus_months(12 * 40); month = month.plus_months(1)) {
            if (parameters->covers(month)) (void)parameters->for_month(month);
        }
    });
}
