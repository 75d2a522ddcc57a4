#include "harness/invariants/ledger_nets_to_zero.hpp"

#include "sim/kernel/assert.hpp"

namespace pajesim::invariants {

void LedgerNetsToZero::on_transfer(const model::Transfer& transfer, const model::RunView& view) {
    if (balances_.empty()) balances_ = NarrowTotals(view.account_count(), view.person_accounts());
    PAJESIM_ASSERT(transfer.source.index() < balances_.size() && transfer.target.index() < balances_.size());
    movements_.add_to(transfer.source.value(), -transfer.amount, balances_);
    movements_.add_to(transfer.target.value(), transfer.amount, balances_);
}

void LedgerNetsToZero::on_day_end(const model::RunView& view) {
    if (view.today() != view.today().year_month().last_day()) return;
    const Cents net = view.ledger_net();
    if (net != Cents{0}) {
        report(FamilyId{}, view.today().year_month(), Cents{0}, net, view.today(),
               "the balances do not sum to zero", net < Cents{0} ? -net : net);
    }
}

void LedgerNetsToZero::on_run_end(const model::RunView& view) {
    movements_.apply_to(balances_);
    for (std::uint32_t a = 0; a < balances_.size(); ++a) {
        const Cents ledger = view.balance(AccountId{a});
        const Cents rebuilt = balances_.get(a);
        if (ledger != rebuilt) {
            const Cents gap = ledger - rebuilt;
            report(FamilyId{a}, view.today().year_month(), rebuilt, ledger, view.today(),
                   [&] { return "account " + std::to_string(a) + ": the ledger's balance differs from its transfers"; },
                   gap < Cents{0} ? -gap : gap);
        }
    }
    if (view.ledger_net() != Cents{0}) {
        report(FamilyId{}, view.today().year_month(), Cents{0}, view.ledger_net(), view.today(),
               "the ledger does not net to zero",
               view.ledger_net() < Cents{0} ? -view.ledger_net() : view.ledger_net());
    }
}

}  // namespace pajesim::invariants
