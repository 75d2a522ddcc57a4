#pragma once
#include <tuple>

#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// Arrears are paid once: a regularisation pays a month's missing CMG in one transfer, so the
// same arrears (same family-month, same amount) paid again on the same day is a double
// payment. A second, different amount the same day is a correction after a fix; arrears
// computed from wrong rights are a payment error, flagged by cmg_never_above_owed.
class ArrearsPaidOnce final : public Invariant {
public:
    ArrearsPaidOnce() : Invariant("arrears_paid_once") {}
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;

private:
    Date day_;
    std::set<std::tuple<std::uint32_t, std::int32_t, std::int64_t>> paid_today_;
};

}  // namespace pajesim::invariants
