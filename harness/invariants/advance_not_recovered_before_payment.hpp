#pragma once
#include <unordered_map>
#include <vector>

#include "harness/invariants/due_dates.hpp"
#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// No advance is recovered while the family is still owed money, and no more is recovered than
// was advanced. Judged from the transfers themselves (advances paid, recoveries taken) and the
// harness's own due dates, never from the model's waiting rule: a recovery the very day the
// advance is paid, while the family waits for its CMG, is flagged whatever the model thought.
class AdvanceNotRecoveredBeforePayment final : public Invariant {
public:
    explicit AdvanceNotRecoveredBeforePayment(const DueDates& due_dates)
        : Invariant("advance_not_recovered_before_payment"), due_dates_(due_dates) {}
    // The causes on_transfer acts on: the set calls it for these only.
    static constexpr model::CauseSet transfer_causes{model::Cause::advance, model::Cause::advance_recovery};
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;

private:
    const DueDates& due_dates_;
    // By family: advanced and not yet recovered (the few families advanced only).
    std::unordered_map<std::uint32_t, Cents> outstanding_;
};

}  // namespace pajesim::invariants
