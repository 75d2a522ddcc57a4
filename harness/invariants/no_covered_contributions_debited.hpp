#pragma once
#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// No family is debited more than the oracle says it owes for a month: the contributions the
// CMG covers are never taken from it (nor a debit taken twice). Checked at each debit.
class NoCoveredContributionsDebited final : public Invariant {
public:
    NoCoveredContributionsDebited() : Invariant("no_covered_contributions_debited") {}
    // The causes on_transfer acts on: the set calls it for these only.
    static constexpr model::CauseSet transfer_causes{model::Cause::contributions_debit, model::Cause::pajemploi_plus_debit};
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;
};

// A refund gives back only what was debited: after a refund, the month's debits net of its
// refunds are never below zero. A refund made again by each later regularisation is money the
// family receives from nobody's debit. (A refund that leaves the month below what is due while
// a debit of it is still to come is right: the two are different debits, judged when they come,
// and by the liveness check.) Checked at each refund; no fault excuses it, since the centre
// knows what it debited whatever its rights say.
class RefundsWithinDebits final : public Invariant {
public:
    RefundsWithinDebits() : Invariant("refunds_within_debits") {}
    // The causes on_transfer acts on: the set calls it for these only.
    static constexpr model::CauseSet transfer_causes{model::Cause::debit_refund};
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;
};

}  // namespace pajesim::invariants
