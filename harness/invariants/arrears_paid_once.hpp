#pragma once
#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// A regularisation pays the arrears of a month once: after arrears, the month is never paid
// above what the law says.
class ArrearsPaidOnce final : public Invariant {
public:
    ArrearsPaidOnce() : Invariant("arrears_paid_once") {}
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;
};

}  // namespace pajesim::invariants
