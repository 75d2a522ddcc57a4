#include "harness/invariants/declared_months_paid_on_time.hpp"

namespace pajesim::invariants {

void DeclaredMonthsPaidOnTime::on_day_end(const model::RunView& view) {
    // Months fall due in order: a month whose latest possible due date is past needs no look.
    const YearMonth first = view.first_month();
    for (std::int32_t m = first_month_due_; m < view.month_count(); ++m) {
        const Date earliest_due = first.plus_months(m + 1).first_day();
        if (view.today() < earliest_due) break;
        if (!is_due_date(view, m)) continue;
        for (std::uint32_t f = 0; f < view.family_count(); ++f) {
            const FamilyId family{f};
            if (!due_today(view, family, m)) continue;
            const Cents owed = view.cmg_owed(family, m);
            const Cents paid = view.cmg_paid(family, m);
            if (paid < owed) {
                report(family, first.plus_months(m), owed, paid, view.today(),
                       "CMG not paid in full by its deadline", owed - paid);
            }
        }
    }
    // A month past its latest due date (a late declaration in the old workflow) needs no look.
    while (first_month_due_ < view.month_count() &&
           view.today() > view.month_due_date(first_month_due_, true).plus_days(old_workflow_grace_days)) {
        ++first_month_due_;
    }
}

}  // namespace pajesim::invariants
