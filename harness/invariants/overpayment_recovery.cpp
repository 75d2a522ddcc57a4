#include "harness/invariants/overpayment_recovery.hpp"

namespace pajesim::invariants {

void NoRecoveryWhileOwed::on_transfer(const model::Transfer& transfer, const model::RunView& view) {
    if (transfer.cause != model::Cause::overpayment_recovery) return;
    const Cents owed = due_dates_.owed_to_family(transfer.family, view);
    if (owed > Cents{0}) {
        report(transfer.family, transfer.month, Cents{0}, transfer.amount, transfer.date,
               "an overpayment of " + transfer.amount.to_string() + " recovered while the family is owed " +
                   owed.to_string(),
               min(owed, transfer.amount));
    }
}

void RecoveryWithinOverpayment::on_transfer(const model::Transfer& transfer, const model::RunView& view) {
    if (transfer.cause != model::Cause::overpayment_recovery) return;
    const std::int32_t m = view.first_month().months_until(transfer.month);
    const Cents owed = view.cmg_owed(transfer.family, m);
    const Cents paid = view.cmg_paid(transfer.family, m);
    if (paid < owed) {
        const Cents overpaid_before = max(Cents{0}, paid + transfer.amount - owed);
        report(transfer.family, transfer.month, overpaid_before, transfer.amount, transfer.date,
               "recovered " + transfer.amount.to_string() + " of an overpayment of " + overpaid_before.to_string(),
               owed - paid);
    }
}

}  // namespace pajesim::invariants
