#include "harness/invariants/arrears_match_a_shortfall.hpp"

namespace pajesim::invariants {

void ArrearsMatchAShortfall::on_transfer(const model::Transfer& transfer, const model::RunView& view) {
    if (!transfer_causes.contains(transfer.cause)) return;
    const std::int32_t m = view.first_month().months_until(transfer.month);
    const Cents owed = view.cmg_owed(transfer.family, m);
    const Cents paid_before = view.cmg_paid(transfer.family, m) - transfer.amount;
    const Cents shortfall = max(Cents{0}, owed - paid_before);
    if (transfer.amount > shortfall) {
        report(transfer.family, transfer.month, shortfall, transfer.amount, transfer.date,
               [&] {
                   return "arrears of " + transfer.amount.to_string() + " paid against a shortfall of " +
                          shortfall.to_string();
               },
               transfer.amount - shortfall);
    }
}

}  // namespace pajesim::invariants
