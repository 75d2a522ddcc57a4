#include "harness/faults/rights_stale.hpp"

namespace pajesim::faults {

std::unique_ptr<Fault> RightsStale::parse(ObjectReader& reader, DateRange window, const FaultContext& context) {
    const Ratio share = read_share(reader, "share", Ratio::one());
    const JsonValue changes = reader.required("changes");
    const std::size_t size = changes.array_size(1, 5);
    std::uint32_t mask = 0;
    for (std::size_t i = 0; i < size; ++i) {
        const JsonValue item = changes.at(i);
        const std::string text = item.as_string();
        model::RightsCause cause{};
        if (text == "new_year") {
            cause = model::RightsCause::new_year;
        } else if (text == "birth") {
            cause = model::RightsCause::birth;
        } else if (text == "separation") {
            cause = model::RightsCause::separation;
        } else if (text == "move") {
            cause = model::RightsCause::move;
        } else if (text == "regime_switch") {
            cause = model::RightsCause::regime_switch;
        } else {
            item.fail("unknown change \"" + text + "\" (expected new_year, birth, separation, move or "
                      "regime_switch; ages need no message: the rights carry the children's birth dates)");
        }
        const std::uint32_t bit = 1u << static_cast<unsigned>(cause);
        if ((mask & bit) != 0) item.fail("change \"" + text + "\" listed twice");
        mask |= bit;
    }
    return std::make_unique<RightsStale>(window, context, share, mask);
}

RightsStale::RightsStale(DateRange window, const FaultContext& context, Ratio share, std::uint32_t causes_mask)
    : Fault("rights_stale", window, context), share_(share), causes_mask_(causes_mask) {}

void RightsStale::route_rights(const model::RightsMessage& message, Date sent, model::LinkRoute& route) {
    if (route.dropped || !active(sent)) return;
    if ((causes_mask_ >> static_cast<unsigned>(message.cause) & 1u) == 0) return;
    if (!family_selected(message.family, share_)) return;
    route.dropped = true;
    route.dropped_by = tag();
    fire(message.family, sent);
}

}  // namespace pajesim::faults
