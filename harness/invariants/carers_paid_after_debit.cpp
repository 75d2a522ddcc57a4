#include "harness/invariants/carers_paid_after_debit.hpp"

namespace pajesim::invariants {

void CarersPaidAfterDebit::on_transfer(const model::Transfer& transfer, const model::RunView& view) {
    if (!due_dates_.rule().carer_pay_after_debit) return;
    if (!transfer_causes.contains(transfer.cause)) return;
    auto& [debited, paid] = months_[family_month_key(transfer.family, transfer.month, view)];
    if (transfer.cause == model::Cause::pajemploi_plus_debit) {
        debited += transfer.amount;
        return;
    }
    const bool within = paid <= debited;
    paid += transfer.amount;
    if (within && paid > debited) {
        report(transfer.family, transfer.month, debited, paid, transfer.date,
               [paid = paid, debited = debited] {  // copies: a lambda may not name a structured binding
                   return "Pajemploi+ paid the carers " + paid.to_string() +
                          " for the month while the parent's debits taken for it came to " + debited.to_string() +
                          ": under after_debit the pay waits for the debit";
               },
               paid - debited);
    }
}

}  // namespace pajesim::invariants
