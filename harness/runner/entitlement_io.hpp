#pragma once
// `pajesim entitlement`: JSON Lines in, JSON Lines out (docs/entitlement.md). The whole
// input is validated before anything is computed or written.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/law/cmg.hpp"
#include "sim/law/parameters.hpp"

namespace pajesim::harness {

struct EntitlementRequest {
    std::string id;
    YearMonth month;
    law::HouseholdFacts household;
    law::ContractFacts contract;
    std::optional<law::TransitionalFacts> transitional;  // hourly regime only
};

// Parses every line of `text` (the content of `file`); throws InputError naming
// "FILE:LINE", the JSON path and the reason for the first bad line.
std::vector<EntitlementRequest> parse_entitlement_requests(std::string_view text,
                                                           const std::string& file,
                                                           const law::LegalParameters& parameters);

// One output line (without the newline), keys in the documented order.
std::string format_entitlement(const EntitlementRequest& request, const law::Entitlement& result,
                               const law::Explanation* explanation);

}  // namespace pajesim::harness
