#pragma once
#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// Each declared month's CMG is paid in full, as the oracle reckons it, by its deadline (the
// 10th of M+1 by default; later for a late declaration; 45 days more in the old workflow).
class DeclaredMonthsPaidOnTime final : public Invariant {
public:
    DeclaredMonthsPaidOnTime() : Invariant("declared_months_paid_on_time") {}
    void on_day_end(const model::RunView& view) override;
};

}  // namespace pajesim::invariants
