#pragma once
#include <optional>
#include <string_view>

#include "harness/invariants/due_dates.hpp"
#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// The reason of a violation that is a carer's pay, not the family's CMG or debit.
inline constexpr std::string_view carer_still_unpaid_reason = "carer still unpaid after the recovery window";

// Liveness: once the last fault has ended and a recovery window has passed, whatever went
// wrong is put right in bounded time. Checked at the end of the run, when the period ends
// after the recovery window (or there are no faults): every family-month and every carer
// whose payment fell due at least `resolution_days` before the period's last day is square. Harm that surfaces late (a birth
// message lost in a window shows when the baby's care starts months later) must be put
// right too. Not checked when the run ends before the recovery window does.
class EveryoneSquareAfterRecovery final : public Invariant {
public:
    static constexpr std::int32_t resolution_days = 60;
    EveryoneSquareAfterRecovery(const DueDates& due_dates, std::optional<Date> recovered_by)
        : Invariant("everyone_square_after_recovery"), due_dates_(due_dates), recovered_by_(recovered_by) {}
    void on_run_end(const model::RunView& view) override;
    bool checked() const { return checked_; }

private:
    const DueDates& due_dates_;
    std::optional<Date> recovered_by_;
    bool checked_ = false;
};

}  // namespace pajesim::invariants
