#pragma once
#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// No advance is recovered while the family is still owed the CMG it advanced.
class AdvanceNotRecoveredBeforePayment final : public Invariant {
public:
    AdvanceNotRecoveredBeforePayment() : Invariant("advance_not_recovered_before_payment") {}
    void on_advance_recovered(FamilyId family, Cents amount, const model::RunView& view) override;
};

}  // namespace pajesim::invariants
