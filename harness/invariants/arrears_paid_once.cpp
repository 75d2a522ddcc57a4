#include "harness/invariants/arrears_paid_once.hpp"

namespace pajesim::invariants {

void ArrearsPaidOnce::on_transfer(const model::Transfer& transfer, const model::RunView& view) {
    if (transfer.cause != model::Cause::cmg_arrears) return;
    if (transfer.date != day_) {
        day_ = transfer.date;
        paid_today_.clear();
    }
    if (!paid_today_.emplace(transfer.family.value(), transfer.month.index(), transfer.amount.value()).second) {
        const std::int32_t m = view.first_month().months_until(transfer.month);
        report(transfer.family, transfer.month, view.cmg_owed(transfer.family, m), view.cmg_paid(transfer.family, m),
               transfer.date, "the same arrears paid twice", transfer.amount);
    }
}

}  // namespace pajesim::invariants
