#include "harness/faults/declaration_duplicated.hpp"

namespace pajesim::faults {

std::unique_ptr<Fault> DeclarationDuplicated::parse(ObjectReader& reader, DateRange window,
                                                    const FaultContext& context) {
    const Ratio share = read_share(reader, "share", Ratio{1, 100});
    const auto delay = read_days(reader, "duplicate_delay_days", {1, 30}, 365);
    if (delay.min < 1) reader.required("duplicate_delay_days").fail("a copy arrives at least a day later");
    return std::make_unique<DeclarationDuplicated>(window, context, share, delay);
}

DeclarationDuplicated::DeclarationDuplicated(DateRange window, const FaultContext& context, Ratio share,
                                             model::Range<std::int32_t> duplicate_delay_days)
    : Fault("declaration_duplicated", window, context), share_(share), duplicate_delay_days_(duplicate_delay_days) {}

void DeclarationDuplicated::pajemploi_intake(const model::IntakeItem& item, Date arrival, model::Intake& intake) {
    if (intake.lost || intake.duplicate_in_days > 0 || item.kind != model::IntakeKind::declaration ||
        !item.new_workflow || !active(arrival)) {
        return;
    }
    RandomStream draw = stream(item.key);
    if (!draw.bernoulli(share_)) return;
    intake.duplicate_in_days =
        static_cast<std::int32_t>(draw.uniform_int(duplicate_delay_days_.min, duplicate_delay_days_.max));
    intake.duplicated_by = tag();
    fire(item.family, arrival);
}

}  // namespace pajesim::faults
