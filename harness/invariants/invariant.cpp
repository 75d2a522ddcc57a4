#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {
namespace {
constexpr std::size_t max_kept_violations = 100'000;  // counted beyond, not kept
}

void Invariant::report(FamilyId family, YearMonth month, Cents expected, Cents actual, Date when,
                       std::string reason, Cents harm) {
    if (!reported_.emplace(family.value(), month.index()).second) return;
    ++count_;
    if (violations_.size() >= max_kept_violations) return;
    violations_.push_back(Violation{name_, family, month, expected, actual, when, std::move(reason), harm});
}

bool is_due_date(const model::RunView& view, std::int32_t month) {
    const Date today = view.today();
    for (const bool late : {false, true}) {
        const Date due = view.month_due_date(month, late);
        if (today == due || today == due.plus_days(old_workflow_grace_days)) return true;
    }
    return false;
}

bool due_today(const model::RunView& view, FamilyId family, std::int32_t month) {
    if (!view.declared(family, month)) return false;
    const Date due = view.due_date(family, month);
    if (view.new_workflow(family, month)) return due == view.today();
    return due.plus_days(old_workflow_grace_days) == view.today();
}

}  // namespace pajesim::invariants
