#pragma once
#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// No money created: a CMG payment, arrears included, never takes a month above what the law
// says (checked at each payment).
class CmgNeverAboveOwed final : public Invariant {
public:
    CmgNeverAboveOwed() : Invariant("cmg_never_above_owed") {}
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;
};

}  // namespace pajesim::invariants
