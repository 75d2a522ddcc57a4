#include "harness/faults/message_set.hpp"

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

}  // namespace pajesim::faults
