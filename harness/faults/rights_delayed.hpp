#pragma once

#include "harness/faults/message_set.hpp"

namespace pajesim::faults {

// rights_delayed: a share of messages (of the chosen set) takes longer, by days drawn per message.
// rights_reordered: the same mechanism with delays long enough that the family's next message
// overtakes the delayed one, which then overwrites newer rights when it lands.
// May: add delay to messages. May not: drop, duplicate or alter them.
class RightsDelayed final : public Fault {
public:
    static constexpr MayViolate may_violate{wrong_rights_may_violate};
    static std::unique_ptr<Fault> parse_delayed(ObjectReader& reader, DateRange window, const FaultContext& context);
    static std::unique_ptr<Fault> parse_reordered(ObjectReader& reader, DateRange window, const FaultContext& context);
    RightsDelayed(std::string kind, DateRange window, const FaultContext& context, Ratio share,
                  MessageSet messages, model::Range<std::int32_t> delay_days);
    void route_rights(const model::RightsMessage& message, Date sent, model::LinkRoute& route) override;

private:
    Ratio share_;
    MessageSet messages_;
    model::Range<std::int32_t> delay_days_;
};

}  // namespace pajesim::faults
