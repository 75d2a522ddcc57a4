#include "harness/faults/declaration_hours_wrong.hpp"

namespace pajesim::faults {

std::unique_ptr<Fault> DeclarationHoursWrong::parse(ObjectReader& reader, DateRange window,
                                                    const FaultContext& context) {
    const Ratio share = read_share(reader, "share", Ratio{1, 100});
    std::uint8_t error = model::hours_missing;
    if (auto value = reader.optional("error")) {
        const std::string text = value->as_string();
        if (text == "missing") {
            error = model::hours_missing;
        } else if (text == "days_as_hours") {
            error = model::hours_days_keyed;
        } else {
            value->fail("unknown error \"" + text + "\" (expected \"missing\" or \"days_as_hours\")");
        }
    }
    return std::make_unique<DeclarationHoursWrong>(window, context, share, error);
}

DeclarationHoursWrong::DeclarationHoursWrong(DateRange window, const FaultContext& context, Ratio share,
                                             std::uint8_t error)
    : Fault("declaration_hours_wrong", window, context), share_(share), error_(error) {}

void DeclarationHoursWrong::pajemploi_intake(const model::IntakeItem& item, Date arrival, model::Intake& intake) {
    if (intake.lost || item.kind != model::IntakeKind::declaration || !item.hourly || !active(arrival)) return;
    RandomStream draw = stream(item.key);
    if (!draw.bernoulli(share_)) return;
    intake.hours_error = error_;
    intake.hours_by = tag();
    fire(item.family, arrival);
}

}  // namespace pajesim::faults
