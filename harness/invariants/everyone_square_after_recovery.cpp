#include "harness/invariants/everyone_square_after_recovery.hpp"

namespace pajesim::invariants {

void EveryoneSquareAfterRecovery::on_run_end(const model::RunView& view) {
    // Families notice and call while the period runs: the check stops at its last day.
    const Date period_end = view.first_month().plus_months(view.month_count() - 1).last_day();
    if (recovered_by_ && period_end < *recovered_by_) return;
    checked_ = true;
    const Date settled_before = period_end.plus_days(-resolution_days);
    const YearMonth first = view.first_month();
    for (std::uint32_t f = 0; f < view.family_count(); ++f) {
        const FamilyId family{f};
        for (std::int32_t m = 0; m < view.month_count(); ++m) {
            if (!due_dates_.declared(family, m) || due_dates_.due_date(family, m) > settled_before) continue;
            const Cents short_paid = view.cmg_unpaid(family, m);
            const Cents over_debited = view.debited(family, m) - view.debit_due(family, m);
            const Cents owed = max(Cents{0}, short_paid) + max(Cents{0}, over_debited);
            if (owed > Cents{0}) {
                report(family, first.plus_months(m), Cents{0}, owed, view.today(),
                       "still owed money after the recovery window", owed);
            }
            const Cents overpaid =
                short_paid < Cents{0} ? -short_paid - view.cmg_written_off(family, m) : Cents{0};
            if (overpaid > Cents{0}) {
                report(family, first.plus_months(m), view.cmg_owed(family, m), view.cmg_paid(family, m), view.today(),
                       "still overpaid after the recovery window", overpaid);
            }
            const Cents carer_short = view.carers_unpaid(family, m);
            if (carer_short > Cents{0}) {
                report(family, first.plus_months(m), view.carers_due(family, m), view.carers_paid(family, m),
                       view.today(), std::string(carer_still_unpaid_reason), carer_short);
            }
        }
    }
}

}  // namespace pajesim::invariants
