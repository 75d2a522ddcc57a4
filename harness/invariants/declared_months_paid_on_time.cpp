#include "harness/invariants/declared_months_paid_on_time.hpp"

namespace pajesim::invariants {

void DeclaredMonthsPaidOnTime::on_day_end(const model::RunView& view) {
    due_dates_.for_each_due_today(view, [&](FamilyId family, std::int32_t m) {
        if (view.cmg_unpaid(family, m) > Cents{0}) {
            const Cents owed = view.cmg_owed(family, m);
            const Cents paid = view.cmg_paid(family, m);
            report(family, view.first_month().plus_months(m), owed, paid, view.today(),
                   "CMG not paid in full by its deadline", owed - paid);
        }
    });
}

}  // namespace pajesim::invariants
