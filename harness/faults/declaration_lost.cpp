#include "harness/faults/declaration_lost.hpp"

namespace pajesim::faults {

std::unique_ptr<Fault> DeclarationLost::parse(ObjectReader& reader, DateRange window, const FaultContext& context) {
    return std::make_unique<DeclarationLost>(window, context, read_share(reader, "share", Ratio{1, 100}));
}

DeclarationLost::DeclarationLost(DateRange window, const FaultContext& context, Ratio share)
    : Fault("declaration_lost", window, context), share_(share) {}

void DeclarationLost::pajemploi_intake(const model::IntakeItem& item, Date arrival, model::Intake& intake) {
    if (intake.lost || item.kind != model::IntakeKind::declaration || !active(arrival)) return;
    RandomStream draw = stream(item.key);
    if (!draw.bernoulli(share_)) return;
    intake.lost = true;
    intake.lost_by = tag();
    fire(item.family, arrival);
}

}  // namespace pajesim::faults
