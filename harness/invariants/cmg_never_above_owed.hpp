#pragma once
#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// No money created: a CMG payment (the CAF's in the old workflow, Pajemploi's in the new) never
// takes a month above what the law says. Arrears are checked by arrears_match_a_shortfall, so
// that a payment above the law is reported once, by the invariant of its own cause.
class CmgNeverAboveOwed final : public Invariant {
public:
    CmgNeverAboveOwed() : Invariant("cmg_never_above_owed") {}
    // The causes on_transfer acts on: the set calls it for these only.
    static constexpr model::CauseSet transfer_causes{model::Cause::cmg};
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;
};

}  // namespace pajesim::invariants
