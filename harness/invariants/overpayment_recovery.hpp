#pragma once
#include "harness/invariants/due_dates.hpp"
#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// An overpayment is taken back only from a family that is owed nothing: a recovery (debited, or
// deducted from a CMG payment) while the family waits for CMG due, or for debits beyond what
// was due to be refunded, takes money it is owed (the harness's due dates and the oracle's
// amounts, never the centre's view).
class NoRecoveryWhileOwed final : public Invariant {
public:
    explicit NoRecoveryWhileOwed(const DueDates& due_dates)
        : Invariant("no_recovery_while_owed"), due_dates_(due_dates) {}
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;

private:
    const DueDates& due_dates_;
};

// A recovery never exceeds what was overpaid: after it, the month's CMG paid (net of every
// recovery) is still at least what the law says.
class RecoveryWithinOverpayment final : public Invariant {
public:
    RecoveryWithinOverpayment() : Invariant("recovery_within_overpayment") {}
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;
};

}  // namespace pajesim::invariants
