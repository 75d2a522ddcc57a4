#include "harness/faults/migration_mapping_error.hpp"

namespace pajesim::faults {

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
            record.bracket = static_cast<std::uint8_t>(record.bracket == 3 ? 2 : record.bracket + 1) & 3u;
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
    fire(message.family, sent);
}

}  // namespace pajesim::faults
