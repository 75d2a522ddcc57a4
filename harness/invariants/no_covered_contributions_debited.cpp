#include "harness/invariants/no_covered_contributions_debited.hpp"

namespace pajesim::invariants {

void NoCoveredContributionsDebited::on_transfer(const model::Transfer& transfer, const model::RunView& view) {
    if (!transfer_causes.contains(transfer.cause)) return;
    const std::int32_t m = view.first_month().months_until(transfer.month);
    const Cents due = view.debit_due(transfer.family, m);
    const Cents debited = view.debited(transfer.family, m);
    if (debited > due) {
        report(transfer.family, transfer.month, due, debited, transfer.date,
               "debited beyond what is due: contributions the CMG covers, or a debit taken twice",
               debited - due);
    }
}

void RefundsWithinDebits::on_transfer(const model::Transfer& transfer, const model::RunView& view) {
    if (!transfer_causes.contains(transfer.cause)) return;
    const std::int32_t m = view.first_month().months_until(transfer.month);
    const Cents debited = view.debited(transfer.family, m);
    if (debited < Cents{0}) {
        // What the refund gave back beyond what was debited (all of it when nothing was left).
        report(transfer.family, transfer.month, Cents{0}, debited, transfer.date,
               "refunded more than was debited for the month: a refund made again, or of a debit never taken",
               min(-debited, transfer.amount));
    }
}

}  // namespace pajesim::invariants
