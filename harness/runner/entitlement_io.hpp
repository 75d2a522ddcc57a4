#pragma once
// `pajesim entitlement`: JSON Lines in, JSON Lines out (docs/entitlement.md). The whole
// input is validated before anything is computed or written.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/law/cmg.hpp"
#include "sim/law/parameters.hpp"

namespace pajesim::harness {

// The bounds of a request's amounts (docs/entitlement.md): the reader refuses any amount above
// them, and `diff` generates none above them.
inline constexpr std::int64_t max_request_resources_euros = 100'000'000;  // resources of a year
inline constexpr std::int64_t max_request_monthly_euros = 1'000'000;      // any monthly amount

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
