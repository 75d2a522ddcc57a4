#include "harness/faults/rights_faults.hpp"

#include <algorithm>

namespace pajesim::faults {
namespace {

bool is_change(model::RightsCause cause) {
    return cause == model::RightsCause::birth || cause == model::RightsCause::separation ||
           cause == model::RightsCause::move || cause == model::RightsCause::new_year;
}

}  // namespace

MessageSet read_message_set(ObjectReader& reader) {
    auto value = reader.optional("messages");
    if (!value) return MessageSet::all;
    const std::string text = value->as_string();
    if (text == "bulk") return MessageSet::bulk;
    if (text == "changes") return MessageSet::changes;
    if (text != "all") value->fail("unknown message set \"" + text + "\" (expected all, bulk or changes)");
    return MessageSet::all;
}

bool in_set(const model::RightsMessage& message, MessageSet set) {
    switch (set) {
        case MessageSet::all: return true;
        case MessageSet::bulk: return message.bulk();
        case MessageSet::changes: return is_change(message.cause);
    }
    return false;
}

std::unique_ptr<Fault> RightsLinkMissing::parse(ObjectReader& reader, DateRange window,
                                                const FaultContext& context) {
    const Ratio share = read_share(reader, "share", Ratio::one());
    const MessageSet messages = read_message_set(reader);
    std::vector<std::uint32_t> cafs;
    if (auto value = reader.optional("cafs")) {
        const std::size_t size = value->array_size(1, 1000);
        for (std::size_t i = 0; i < size; ++i) {
            cafs.push_back(static_cast<std::uint32_t>(value->at(i).as_int(0, 999)));
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
    fire();
}

std::unique_ptr<Fault> RightsStale::parse(ObjectReader& reader, DateRange window, const FaultContext& context) {
    const Ratio share = read_share(reader, "share", Ratio::one());
    const JsonValue changes = reader.required("changes");
    const std::size_t size = changes.array_size(1, 4);
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
        } else {
            item.fail("unknown change \"" + text + "\" (expected new_year, birth, separation or "
                      "move; ages need no message: the rights carry the children's birth dates)");
        }
        mask |= 1u << static_cast<unsigned>(cause);
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
    fire();
}

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
    fire();
}

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
    fire();
}

std::unique_ptr<Fault> MigrationMappingError::parse(ObjectReader& reader, DateRange window,
                                                    const FaultContext& context) {
    const Ratio share = read_share(reader, "share", Ratio{2, 100});
    const JsonValue field_value = reader.required("field");
    const std::string text = field_value.as_string();
    Field field = Field::bracket;
    if (text == "single_parent") {
        field = Field::single_parent;
    } else if (text == "child_birth") {
        field = Field::child_birth;
    } else if (text != "bracket") {
        field_value.fail("unknown field \"" + text + "\" (expected bracket, single_parent or child_birth)");
    }
    return std::make_unique<MigrationMappingError>(window, context, share, field);
}

MigrationMappingError::MigrationMappingError(DateRange window, const FaultContext& context, Ratio share,
                                             Field field)
    : Fault("migration_mapping_error", window, context), share_(share), field_(field) {}

void MigrationMappingError::migrate_record(const model::RightsMessage& message, Date sent,
                                           model::RightsRecord& record) {
    if (!message.bulk() || !active(sent) || !family_selected(message.family, share_)) return;
    switch (field_) {
        case Field::bracket:
            if (record.bracket == 0) return;
            record.bracket = static_cast<std::uint8_t>(record.bracket == 3 ? 2 : record.bracket + 1);
            break;
        case Field::single_parent:
            if (!record.single_parent) return;
            record.single_parent = false;
            break;
        case Field::child_birth:
            if (record.known_children == 0) return;
            record.lost_birth_mask |= static_cast<std::uint8_t>(1u << (record.known_children - 1));
            break;
    }
    fire();
}

}  // namespace pajesim::faults
