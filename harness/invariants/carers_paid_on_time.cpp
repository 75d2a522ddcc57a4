#include "harness/invariants/carers_paid_on_time.hpp"

namespace pajesim::invariants {

void CarersPaidOnTime::on_day_end(const model::RunView& view) {
    const YearMonth first = view.first_month();
    for (std::int32_t m = 0; m < view.month_count(); ++m) {
        if (view.today() < first.plus_months(m + 1).first_day()) break;
        if (!is_due_date(view, m)) continue;
        for (std::uint32_t f = 0; f < view.family_count(); ++f) {
            const FamilyId family{f};
            if (!due_today(view, family, m)) continue;
            const Cents due = view.carers_due(family, m);
            const Cents paid = view.carers_paid(family, m);
            if (paid < due) {
                report(family, first.plus_months(m), due, paid, view.today(),
                       "carer not paid the declared salary by the due date", due - paid);
            }
        }
    }
}

}  // namespace pajesim::invariants
