#pragma once
#include <unordered_map>

#include "harness/invariants/due_dates.hpp"
#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// The other side of no_covered_contributions_debited: what a family owes for a month (the
// contributions its CMG does not cover, and under Pajemploi+ its carers' pay, which Pajemploi
// pays them) is debited in the end, net of refunds. Judged at the end of the run for every
// declared family-month due at least `settle_days` before the period's last day: a month still
// short of its debits breaks it, unless a debit of that month was rejected for want of funds
// within those last `settle_days` (a family that cannot pay, presented again and again). A
// debit that leaves out a part of the due (the maintenance, say), a refund beyond the excess,
// or a rejected debit never presented again, is caught. Faults that lose declarations or leave
// months without rights may break it: a family whose CMG is right has no reason to call, and
// nothing then brings such a month back to the centre.
class DebitsCollected final : public Invariant {
public:
    static constexpr std::int32_t settle_days = 60;
    explicit DebitsCollected(const DueDates& due_dates) : Invariant("debits_collected"), due_dates_(due_dates) {}
    void on_family_step(const model::FamilyStep& step, const model::RunView& view) override;
    void on_run_end(const model::RunView& view) override;

private:
    const DueDates& due_dates_;
    // The last day a debit of the family-month was rejected (family_month_key): rare.
    std::unordered_map<std::uint64_t, Date> last_rejection_;
};

}  // namespace pajesim::invariants
