#include "harness/invariants/advance_not_recovered_before_payment.hpp"

namespace pajesim::invariants {

void AdvanceNotRecoveredBeforePayment::on_transfer(const model::Transfer& transfer,
                                                   const model::RunView& view) {
    if (!transfer_causes.contains(transfer.cause)) return;
    if (outstanding_.empty()) outstanding_.assign(view.family_count(), Cents{0});
    Cents& outstanding = outstanding_[transfer.family.index()];
    if (transfer.cause == model::Cause::advance) {
        outstanding += transfer.amount;
        return;
    }
    const Cents owed = due_dates_.owed_to_family(transfer.family, view);
    if (owed > Cents{0}) {
        report(transfer.family, transfer.date.year_month(), Cents{0}, owed, transfer.date,
               [&] {
                   return "advance of " + transfer.amount.to_string() + " recovered while the family is still owed money";
               },
               min(owed, transfer.amount));
    } else if (transfer.amount > outstanding) {
        report(transfer.family, transfer.date.year_month(), outstanding, transfer.amount, transfer.date,
               "recovered more than was advanced", transfer.amount - outstanding);
    }
    outstanding = max(Cents{0}, outstanding - transfer.amount);
}

}  // namespace pajesim::invariants
