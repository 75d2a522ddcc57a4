#include "harness/faults/transitional_wrong_families.hpp"

namespace pajesim::faults {

std::unique_ptr<Fault> TransitionalWrongFamilies::parse(ObjectReader& reader, DateRange window,
                                                        const FaultContext& context) {
    const Ratio share = read_share(reader, "share", Ratio{1, 100});
    model::TransitionalError error = model::TransitionalError::denied;
    if (auto value = reader.optional("error")) {
        const std::string text = value->as_string();
        if (text == "granted_unchecked") {
            error = model::TransitionalError::granted_unchecked;
        } else if (text != "denied") {
            value->fail("unknown error \"" + text + "\" (expected \"denied\" or \"granted_unchecked\")");
        }
    }
    return std::make_unique<TransitionalWrongFamilies>(window, context, share, error);
}

TransitionalWrongFamilies::TransitionalWrongFamilies(DateRange window, const FaultContext& context, Ratio share,
                                                     model::TransitionalError error)
    : Fault("transitional_wrong_families", window, context), share_(share), error_(error) {}

void TransitionalWrongFamilies::transitional_decision(FamilyId family, Date date, model::TransitionalError& error) {
    if (error != model::TransitionalError::none || !active(date) || !family_selected(family, share_)) return;
    error = error_;
    fire(family, date);
}

}  // namespace pajesim::faults
