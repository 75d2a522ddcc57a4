#include "harness/invariants/arrears_paid_once.hpp"

namespace pajesim::invariants {

void ArrearsPaidOnce::on_transfer(const model::Transfer& transfer, const model::RunView& view) {
    if (transfer.cause != model::Cause::cmg_arrears) return;
    const std::int32_t m = view.first_month().months_until(transfer.month);
    const Cents owed = view.cmg_owed(transfer.family, m);
    const Cents paid = view.cmg_paid(transfer.family, m);
    if (paid > owed) {
        report(transfer.family, transfer.month, owed, paid, transfer.date,
               "arrears paid beyond what was owed (paid more than once?)", paid - owed);
    }
}

}  // namespace pajesim::invariants
