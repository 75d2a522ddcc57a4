#pragma once
#include <vector>

#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// Double-entry money: the ledger's balances sum to zero at every month end (a full pass over
// the accounts, too costly every day at national scale), and at the end of the run they equal,
// account by account, the balances the invariant rebuilt from the transfers it saw (a transfer
// applied but not reported, or reported wrongly, shows).
class LedgerNetsToZero final : public Invariant {
public:
    LedgerNetsToZero() : Invariant("ledger_nets_to_zero") {}
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;
    void on_day_end(const model::RunView& view) override;
    void on_run_end(const model::RunView& view) override;

private:
    std::vector<Cents> balances_;
};

}  // namespace pajesim::invariants
