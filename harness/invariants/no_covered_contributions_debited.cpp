#include "harness/invariants/no_covered_contributions_debited.hpp"

namespace pajesim::invariants {

void NoCoveredContributionsDebited::on_transfer(const model::Transfer& transfer, const model::RunView& view) {
    if (transfer.cause != model::Cause::contributions_debit &&
        transfer.cause != model::Cause::pajemploi_plus_debit) {
        return;
    }
    const std::int32_t m = view.first_month().months_until(transfer.month);
    const Cents due = view.debit_due(transfer.family, m);
    const Cents debited = view.debited(transfer.family, m);
    if (debited > due) {
        report(transfer.family, transfer.month, due, debited, transfer.date,
               "debited beyond what is due: contributions the CMG covers, or a debit taken twice",
               debited - due);
    }
}

}  // namespace pajesim::invariants
