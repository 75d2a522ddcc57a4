#pragma once
#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// Every carer receives the declared net salary and allowances by the month's due date,
// whether the parent pays directly or Pajemploi+ pays (even when the parent's debit bounces).
class CarersPaidOnTime final : public Invariant {
public:
    CarersPaidOnTime() : Invariant("carers_paid_on_time") {}
    void on_day_end(const model::RunView& view) override;
};

}  // namespace pajesim::invariants
