#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "harness/invariants/invariant.hpp"
#include "sim/kernel/deferred_sums.hpp"
#include "sim/kernel/narrow_totals.hpp"

namespace pajesim::invariants {

// Double-entry money: the ledger's balances sum to zero at every month end (a full pass over
// the accounts, too costly every day at national scale), and at the end of the run they equal,
// account by account, the balances the invariant rebuilt from the transfers it saw (a transfer
// applied but not reported, or reported wrongly, shows).
//
// The rebuilt balances are read only at the end: each transfer's two movements are noted in a
// batch of `batch` movements, and a full batch is applied in one tight loop (a balance per
// account scattered over millions of accounts costs a cache miss per movement; in a loop of
// independent updates, fetched ahead, those misses overlap instead of stalling the run one by
// one).
class LedgerNetsToZero final : public Invariant {
public:
    static constexpr std::size_t default_batch = std::size_t{1} << 15;
    explicit LedgerNetsToZero(std::size_t batch = default_batch)
        : Invariant("ledger_nets_to_zero"), movements_(batch) {}
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;
    void on_day_end(const model::RunView& view) override;
    void on_run_end(const model::RunView& view) override;

private:
    NarrowTotals balances_;  // kernel/narrow_totals.hpp: a person's in 32 bits
    DeferredSums<Cents> movements_;  // each transfer's two movements
};

}  // namespace pajesim::invariants
