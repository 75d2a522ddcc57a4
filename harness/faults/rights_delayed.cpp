#include "harness/faults/rights_delayed.hpp"

namespace pajesim::faults {

std::unique_ptr<Fault> RightsDelayed::parse_delayed(ObjectReader& reader, DateRange window,
                                                    const FaultContext& context) {
    const Ratio share = read_share(reader, "share", Ratio::one());
    const MessageSet messages = read_message_set(reader);
    const auto delay = read_days(reader, "delay_days", {5, 30}, 365);
    return std::make_unique<RightsDelayed>("rights_delayed", window, context, share, messages, delay);
}

std::unique_ptr<Fault> RightsDelayed::parse_reordered(ObjectReader& reader, DateRange window,
                                                      const FaultContext& context) {
    const Ratio share = read_share(reader, "share", Ratio::one());
    const MessageSet messages = read_message_set(reader);
    const auto delay = read_days(reader, "extra_delay_days", {20, 60}, 365);
    return std::make_unique<RightsDelayed>("rights_reordered", window, context, share, messages, delay);
}

RightsDelayed::RightsDelayed(std::string kind, DateRange window, const FaultContext& context, Ratio share,
                             MessageSet messages, model::Range<std::int32_t> delay_days)
    : Fault(std::move(kind), window, context), share_(share), messages_(messages), delay_days_(delay_days) {}

void RightsDelayed::route_rights(const model::RightsMessage& message, Date sent, model::LinkRoute& route) {
    if (route.dropped || !active(sent) || !in_set(message, messages_)) return;
    RandomStream draw = stream(message.key());
    if (!draw.bernoulli(share_)) return;
    route.delay_days += static_cast<std::int32_t>(draw.uniform_int(delay_days_.min, delay_days_.max));
    route.delayed_by = tag();
    fire(message.family, sent);
}

}  // namespace pajesim::faults
