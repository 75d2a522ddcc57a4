#include "harness/invariants/debits_collected.hpp"

namespace pajesim::invariants {

void DebitsCollected::on_family_step(const model::FamilyStep& step, const model::RunView& view) {
    if (step.kind == model::StepKind::debit_rejected) {
        last_rejection_[family_month_key(step.family, step.month, view)] = step.date;
    }
}

void DebitsCollected::on_run_end(const model::RunView& view) {
    const YearMonth first = view.first_month();
    const Date period_end = first.plus_months(view.month_count() - 1).last_day();
    const Date settled_before = period_end.plus_days(-settle_days);
    for (std::uint32_t f = 0; f < view.family_count(); ++f) {
        const FamilyId family{f};
        for (std::int32_t m = 0; m < view.month_count(); ++m) {
            if (!due_dates_.declared(family, m) || due_dates_.due_date(family, m) > settled_before) continue;
            const Cents due = view.debit_due(family, m);
            const Cents debited = view.debited(family, m);
            if (debited >= due) continue;
            const YearMonth month = first.plus_months(m);
            const auto rejected = last_rejection_.find(family_month_key(family, month, view));
            if (rejected != last_rejection_.end() && rejected->second > settled_before) continue;
            report(family, month, due, debited, view.today(),
                   rejected == last_rejection_.end()
                       ? "debited below what the family owes for the month: a debit short of the due, or a refund "
                         "beyond the excess"
                       : "debited below what the family owes for the month, its last rejected debit not presented "
                         "again",
                   due - debited);
        }
    }
}

}  // namespace pajesim::invariants
