#pragma once

#include "harness/faults/message_set.hpp"

namespace pajesim::faults {

// rights_duplicated: a share of messages is delivered a second time, days later; the copy
// replaces whatever Pajemploi received in between (a file put right one day is wrong later).
// May: deliver a message twice. May not: drop or alter messages.
class RightsDuplicated final : public Fault {
public:
    static constexpr MayViolate may_violate{wrong_rights_may_violate};
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window, const FaultContext& context);
    RightsDuplicated(DateRange window, const FaultContext& context, Ratio share, MessageSet messages,
                     model::Range<std::int32_t> duplicate_delay_days);
    void route_rights(const model::RightsMessage& message, Date sent, model::LinkRoute& route) override;

private:
    Ratio share_;
    MessageSet messages_;
    model::Range<std::int32_t> duplicate_delay_days_;
};

}  // namespace pajesim::faults
