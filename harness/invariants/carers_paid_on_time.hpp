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

}  // namespace pajesim::invariants
