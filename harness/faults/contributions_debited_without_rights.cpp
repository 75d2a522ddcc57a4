#include "harness/faults/contributions_debited_without_rights.hpp"

namespace pajesim::faults {

std::unique_ptr<Fault> ContributionsDebitedWithoutRights::parse(ObjectReader& reader, DateRange window,
                                                                const FaultContext& context) {
    return std::make_unique<ContributionsDebitedWithoutRights>(window, context,
                                                               read_share(reader, "share", Ratio::one()));
}

ContributionsDebitedWithoutRights::ContributionsDebitedWithoutRights(DateRange window,
                                                                     const FaultContext& context, Ratio share)
    : Fault("contributions_debited_without_rights", window, context), share_(share) {}

void ContributionsDebitedWithoutRights::debit_covered_without_rights(FamilyId family, Date date, bool& debit) {
    if (debit || !active(date) || !family_selected(family, share_)) return;
    debit = true;
    fire(family, date);
}

}  // namespace pajesim::faults
