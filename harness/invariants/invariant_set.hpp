#pragma once
// All the invariants of a run, observing it together; their violations ranked by harm.

#include <memory>
#include <optional>
#include <vector>

#include "harness/invariants/carers_paid_on_time.hpp"
#include "harness/invariants/due_dates.hpp"
#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

struct InvariantVerdict {
    std::string_view name;
    std::uint64_t violations = 0;
    bool checked = true;  // false: liveness not reached within the run
};

class InvariantSet final : public model::RunObserver {
public:
    // `rule`: when declared months are due (DueDateRule::from_scenario). `recovery_check_on`:
    // the liveness check's day (last fault end + recovery window), or nullopt without faults
    // (checked at the end).
    InvariantSet(DueDateRule rule, std::optional<Date> recovery_check_on);
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;
    void on_declaration(const model::DeclarationMade& declaration, const model::RunView& view) override;
    void on_day_end(const model::RunView& view) override;
    void on_file_fixed(FamilyId family, const model::RunView& view) override;
    void on_family_step(const model::FamilyStep& step, const model::RunView& view) override;
    void on_run_end(const model::RunView& view) override;

    std::vector<InvariantVerdict> verdicts() const;
    const DueDates& due_dates() const { return due_dates_; }
    std::uint64_t violation_count() const;
    // Every kept violation, the most harmful first (ties: earliest, then family, then month).
    std::vector<Violation> ranked() const;
    // Names, for `expect` blocks and documentation.
    static const std::vector<std::string_view>& names();

private:
    DueDates due_dates_;  // before the invariants that read it
    CarerPayments carer_payments_;
    std::vector<std::unique_ptr<Invariant>> invariants_;
    const class EveryoneSquareAfterRecovery* liveness_ = nullptr;
};

// The recovery window after the last fault, before liveness is checked.
inline constexpr std::int32_t recovery_window_days = 120;

}  // namespace pajesim::invariants
