#pragma once
// All the invariants of a run, observing it together; their violations ranked by harm.

#include <array>
#include <memory>
#include <optional>
#include <type_traits>
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
    // Keeps an invariant, and calls it back only for what its class (or a base between it and
    // RunObserver) overrides: a run's millions of transfers skip the invariants that ignore
    // them, in the same order as before for those that do not.
    template <typename T>
    void add(std::unique_ptr<T> invariant) {
        using model::RunObserver;
        T* kept = invariant.get();
        if constexpr (!std::is_same_v<decltype(&T::on_transfer), decltype(&RunObserver::on_transfer)>) {
            // ... and a transfer only to those that act on its cause (T::transfer_causes).
            constexpr model::CauseSet causes = [] {
                if constexpr (requires { T::transfer_causes; }) return T::transfer_causes;
                else return model::CauseSet::all();
            }();
            for (std::size_t c = 0; c < model::cause_count; ++c) {
                if (causes.contains(static_cast<model::Cause>(c))) on_transfer_[c].push_back(kept);
            }
        }
        if constexpr (!std::is_same_v<decltype(&T::on_declaration), decltype(&RunObserver::on_declaration)>) {
            on_declaration_.push_back(kept);
        }
        if constexpr (!std::is_same_v<decltype(&T::on_day_end), decltype(&RunObserver::on_day_end)>) {
            on_day_end_.push_back(kept);
        }
        if constexpr (!std::is_same_v<decltype(&T::on_file_fixed), decltype(&RunObserver::on_file_fixed)>) {
            on_file_fixed_.push_back(kept);
        }
        if constexpr (!std::is_same_v<decltype(&T::on_family_step), decltype(&RunObserver::on_family_step)>) {
            on_family_step_.push_back(kept);
        }
        invariants_.push_back(std::move(invariant));
    }

    DueDates due_dates_;  // before the invariants that read it
    CarerPayments carer_payments_;
    std::vector<std::unique_ptr<Invariant>> invariants_;
    std::array<std::vector<Invariant*>, model::cause_count> on_transfer_;  // by cause
    std::vector<Invariant*> on_declaration_;
    std::vector<Invariant*> on_day_end_;
    std::vector<Invariant*> on_file_fixed_;
    std::vector<Invariant*> on_family_step_;
    const class EveryoneSquareAfterRecovery* liveness_ = nullptr;
};

// The recovery window after the last fault, before liveness is checked.
inline constexpr std::int32_t recovery_window_days = 120;

}  // namespace pajesim::invariants
