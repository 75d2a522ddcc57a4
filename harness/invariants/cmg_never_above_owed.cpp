#include "harness/invariants/cmg_never_above_owed.hpp"

namespace pajesim::invariants {

void CmgNeverAboveOwed::on_transfer(const model::Transfer& transfer, const model::RunView& view) {
    if (!transfer_causes.contains(transfer.cause)) return;
    const std::int32_t m = view.first_month().months_until(transfer.month);
    const Cents owed = view.cmg_owed(transfer.family, m);
    const Cents paid = view.cmg_paid(transfer.family, m);
    if (paid > owed) {
        report(transfer.family, transfer.month, owed, paid, transfer.date,
               "CMG paid above what the law says", paid - owed);
    }
}

}  // namespace pajesim::invariants
