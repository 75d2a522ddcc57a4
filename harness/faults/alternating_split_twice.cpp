#include "harness/faults/alternating_split_twice.hpp"

namespace pajesim::faults {

std::unique_ptr<Fault> AlternatingSplitTwice::parse(ObjectReader& reader, DateRange window,
                                                    const FaultContext& context) {
    return std::make_unique<AlternatingSplitTwice>(window, context, read_share(reader, "share", Ratio::one()));
}

AlternatingSplitTwice::AlternatingSplitTwice(DateRange window, const FaultContext& context, Ratio share)
    : Fault("alternating_split_twice", window, context), share_(share) {}

void AlternatingSplitTwice::alternating_split(FamilyId family, Date date, bool& halve) {
    if (halve || !active(date) || !family_selected(family, share_)) return;
    halve = true;
    fire(family, date);
}

}  // namespace pajesim::faults
