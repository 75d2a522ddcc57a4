#pragma once
#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// No family is debited more than the oracle says it owes for a month: the contributions the
// CMG covers are never taken from it (nor a debit taken twice). Checked at each debit.
class NoCoveredContributionsDebited final : public Invariant {
public:
    NoCoveredContributionsDebited() : Invariant("no_covered_contributions_debited") {}
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;
};

}  // namespace pajesim::invariants
