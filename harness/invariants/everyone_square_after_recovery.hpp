#pragma once
#include <optional>

#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// Liveness: once the last fault has ended and a recovery window has passed, every family is
// owed nothing and every carer has been paid. Checked on that day, or at the end of the run
// when the run has no faults (then: at the end, nobody is owed anything due). Not checked when
// the run ends before the recovery window does.
class EveryoneSquareAfterRecovery final : public Invariant {
public:
    explicit EveryoneSquareAfterRecovery(std::optional<Date> check_on)
        : Invariant("everyone_square_after_recovery"), check_on_(check_on) {}
    void on_day_end(const model::RunView& view) override;
    void on_run_end(const model::RunView& view) override;
    bool checked() const { return checked_; }

private:
    void check(const model::RunView& view);
    std::optional<Date> check_on_;
    bool checked_ = false;
};

}  // namespace pajesim::invariants
