#pragma once
#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// Arrears pay a shortfall: each arrears payment (a regularisation) for a family-month is at most
// what the month lacked, as the law reckons it, just before it (the law's amount less what was
// paid so far). Cumulative, not a guess from amounts and days: two arrears of equal amounts on
// one day that together fill the gap hold; arrears paid again on any later day, once the gap is
// closed, are flagged. With cmg_never_above_owed, which checks the other CMG payments, it says
// that the CMG paid for a family-month never exceeds the law's amount on any day (what is paid
// only grows at payments, and the law's amount only grows with declarations); each payment
// above the law is reported by the invariant of the payment that crossed the line.
class ArrearsMatchAShortfall final : public Invariant {
public:
    ArrearsMatchAShortfall() : Invariant("arrears_match_a_shortfall") {}
    // The causes on_transfer acts on: the set calls it for these only.
    static constexpr model::CauseSet transfer_causes{model::Cause::cmg_arrears};
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;
};

}  // namespace pajesim::invariants
