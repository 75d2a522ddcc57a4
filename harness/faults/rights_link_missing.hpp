#pragma once

#include <vector>

#include "harness/faults/message_set.hpp"

namespace pajesim::faults {

// rights_link_missing: messages dropped for a share of families, optionally only the initial
// transfer ("bulk") or only changes ("changes"), optionally only for some CAFs.
// May: drop messages of the selected families sent inside the window.
// May not: delay, duplicate or alter messages; act on families outside the share or the CAFs.
class RightsLinkMissing final : public Fault {
public:
    static constexpr MayViolate may_violate{wrong_rights_may_violate};
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window, const FaultContext& context);
    RightsLinkMissing(DateRange window, const FaultContext& context, Ratio share, MessageSet messages,
                      std::vector<std::uint32_t> cafs);
    void route_rights(const model::RightsMessage& message, Date sent, model::LinkRoute& route) override;

private:
    Ratio share_;
    MessageSet messages_;
    std::vector<std::uint32_t> cafs_;  // empty: every CAF
};

}  // namespace pajesim::faults
