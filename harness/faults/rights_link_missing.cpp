#include "harness/faults/rights_link_missing.hpp"

#include <algorithm>

namespace pajesim::faults {

std::unique_ptr<Fault> RightsLinkMissing::parse(ObjectReader& reader, DateRange window,
                                                const FaultContext& context) {
    const Ratio share = read_share(reader, "share", Ratio::one());
    const MessageSet messages = read_message_set(reader);
    std::vector<std::uint32_t> cafs;
    if (auto value = reader.optional("cafs")) {
        const std::size_t size = value->array_size(1, context.cafs);
        for (std::size_t i = 0; i < size; ++i) {
            const JsonValue id = value->at(i);
            const auto caf = static_cast<std::uint32_t>(id.as_int(0, static_cast<std::int64_t>(context.cafs) - 1));
            if (std::find(cafs.begin(), cafs.end(), caf) != cafs.end()) id.fail("CAF " + std::to_string(caf) + " listed twice");
            cafs.push_back(caf);
        }
    }
    return std::make_unique<RightsLinkMissing>(window, context, share, messages, std::move(cafs));
}

RightsLinkMissing::RightsLinkMissing(DateRange window, const FaultContext& context, Ratio share,
                                     MessageSet messages, std::vector<std::uint32_t> cafs)
    : Fault("rights_link_missing", window, context), share_(share), messages_(messages), cafs_(std::move(cafs)) {}

void RightsLinkMissing::route_rights(const model::RightsMessage& message, Date sent, model::LinkRoute& route) {
    if (route.dropped || !active(sent)) return;
    if (!in_set(message, messages_)) return;
    if (!cafs_.empty() && std::find(cafs_.begin(), cafs_.end(), message.caf.value()) == cafs_.end()) return;
    if (!family_selected(message.family, share_)) return;
    route.dropped = true;
    route.dropped_by = tag();
    fire(message.family, sent);
}

}  // namespace pajesim::faults
