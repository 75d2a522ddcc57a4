#include "harness/invariants/advance_not_recovered_before_payment.hpp"

namespace pajesim::invariants {

void AdvanceNotRecoveredBeforePayment::on_transfer(const model::Transfer& transfer,
                                                   const model::RunView& view) {
    if (!transfer_causes.contains(transfer.cause)) return;
    if (transfer.cause == model::Cause::advance) {
        outstanding_[transfer.family.value()] += transfer.amount;
        return;
    }
    const auto found = outstanding_.find(transfer.family.value());
    const Cents outstanding = found == outstanding_.end() ? Cents{0} : found->second;
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
    const Cents left = max(Cents{0}, outstanding - transfer.amount);
    if (found != outstanding_.end()) {
        if (left == Cents{0}) {
            outstanding_.erase(found);
        } else {
            found->second = left;
        }
    }
}

}  // namespace pajesim::invariants
