#pragma once
#include "harness/invariants/due_dates.hpp"
#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// Each declared month's CMG is paid in full, as the oracle reckons it, by its due date (the
// 10th of M+1 by default; later for a late declaration; later still in the old workflow), as
// the harness reckons it from the declarations it saw (due_dates.hpp).
class DeclaredMonthsPaidOnTime final : public Invariant {
public:
    explicit DeclaredMonthsPaidOnTime(const DueDates& due_dates)
        : Invariant("declared_months_paid_on_time"), due_dates_(due_dates) {}
    void on_day_end(const model::RunView& view) override;

private:
    const DueDates& due_dates_;
};

}  // namespace pajesim::invariants
