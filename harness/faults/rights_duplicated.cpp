#include "harness/faults/rights_duplicated.hpp"

namespace pajesim::faults {

std::unique_ptr<Fault> RightsDuplicated::parse(ObjectReader& reader, DateRange window,
                                               const FaultContext& context) {
    const Ratio share = read_share(reader, "share", Ratio::one());
    const MessageSet messages = read_message_set(reader);
    const auto delay = read_days(reader, "duplicate_delay_days", {10, 60}, 365);
    if (delay.min < 1) reader.required("duplicate_delay_days").fail("a copy arrives at least a day later");
    return std::make_unique<RightsDuplicated>(window, context, share, messages, delay);
}

RightsDuplicated::RightsDuplicated(DateRange window, const FaultContext& context, Ratio share,
                                   MessageSet messages, model::Range<std::int32_t> duplicate_delay_days)
    : Fault("rights_duplicated", window, context), share_(share), messages_(messages),
      duplicate_delay_days_(duplicate_delay_days) {}

void RightsDuplicated::route_rights(const model::RightsMessage& message, Date sent, model::LinkRoute& route) {
    if (route.dropped || route.duplicated || !active(sent) || !in_set(message, messages_)) return;
    RandomStream draw = stream(message.key());
    if (!draw.bernoulli(share_)) return;
    route.duplicated = true;
    route.duplicate_delay_days =
        static_cast<std::int32_t>(draw.uniform_int(duplicate_delay_days_.min, duplicate_delay_days_.max));
    route.duplicated_by = tag();
    fire(message.family, sent);
}

}  // namespace pajesim::faults
