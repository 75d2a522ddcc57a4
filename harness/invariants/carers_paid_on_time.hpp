#pragma once
#include "harness/invariants/due_dates.hpp"
#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// Every carer receives the declared net salary and allowances by the month's due date,
// whether the parent pays directly or Pajemploi+ pays (even when the parent's debit bounces).
class CarersPaidOnTime final : public Invariant {
public:
    explicit CarersPaidOnTime(const DueDates& due_dates)
        : Invariant("carers_paid_on_time"), due_dates_(due_dates) {}
    void on_day_end(const model::RunView& view) override;

private:
    const DueDates& due_dates_;
};

// A carer is never paid more than the declared net salary and allowances of the month (the
// counterpart of carers_paid_on_time, as cmg_never_above_owed is of the CMG): judged at each
// payment to a carer, by the parent or by Pajemploi+. A carer paid twice for a month (by the
// centre and by the parent, or by the centre again) is money the family or the centre loses.
class CarersNeverPaidAboveDue final : public Invariant {
public:
    CarersNeverPaidAboveDue() : Invariant("carers_never_paid_above_due") {}
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;
};

}  // namespace pajesim::invariants
