#include "harness/invariants/everyone_square_after_recovery.hpp"

namespace pajesim::invariants {

void EveryoneSquareAfterRecovery::check(const model::RunView& view) {
    checked_ = true;
    const YearMonth first = view.first_month();
    for (std::uint32_t f = 0; f < view.family_count(); ++f) {
        const FamilyId family{f};
        const Cents owed = view.owed_to_family(family);
        if (owed > Cents{0}) {
            report(family, view.today().year_month(), Cents{0}, owed, view.today(),
                   "still owed money after the recovery window", owed);
        }
        for (std::int32_t m = 0; m < view.month_count(); ++m) {
            if (!view.declared(family, m) || view.due_date(family, m) > view.today()) continue;
            const Cents due = view.carers_due(family, m);
            const Cents paid = view.carers_paid(family, m);
            if (paid < due) {
                report(family, first.plus_months(m), due, paid, view.today(),
                       "carer still unpaid after the recovery window", due - paid);
            }
        }
    }
}

void EveryoneSquareAfterRecovery::on_day_end(const model::RunView& view) {
    if (!checked_ && check_on_ && view.today() == *check_on_) check(view);
}

void EveryoneSquareAfterRecovery::on_run_end(const model::RunView& view) {
    if (!checked_ && !check_on_) check(view);
}

}  // namespace pajesim::invariants
