#include "harness/invariants/ledger_nets_to_zero.hpp"

#include "sim/kernel/assert.hpp"

namespace pajesim::invariants {

void LedgerNetsToZero::on_transfer(const model::Transfer& transfer, const model::RunView& view) {
    if (balances_.empty()) {
        balances_.assign(view.account_count(), Cents{0});
        movements_.reserve(batch_);
    }
    PAJESIM_ASSERT(transfer.source.index() < balances_.size() && transfer.target.index() < balances_.size());
    movements_.push_back({transfer.source.value(), -transfer.amount.value()});
    movements_.push_back({transfer.target.value(), transfer.amount.value()});
    if (movements_.size() + 2 > batch_) apply_movements();
}

void LedgerNetsToZero::apply_movements() {
    constexpr std::size_t ahead = 16;
    const std::size_t count = movements_.size();
    for (std::size_t i = 0; i < count; ++i) {
        if (i + ahead < count) __builtin_prefetch(&balances_[movements_[i + ahead].account], 1);
        balances_[movements_[i].account] += Cents{movements_[i].cents};
    }
    movements_.clear();
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
    apply_movements();
    for (std::uint32_t a = 0; a < balances_.size(); ++a) {
        const Cents ledger = view.balance(AccountId{a});
        if (ledger != balances_[a]) {
            const Cents gap = ledger - balances_[a];
            report(FamilyId{a}, view.today().year_month(), balances_[a], ledger, view.today(),
                   "account " + std::to_string(a) + ": the ledger's balance differs from its transfers",
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
