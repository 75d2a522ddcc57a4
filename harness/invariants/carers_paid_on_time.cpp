#include "harness/invariants/carers_paid_on_time.hpp"

namespace pajesim::invariants {

void CarersPaidOnTime::on_day_end(const model::RunView& view) {
    due_dates_.for_each_due_today(view, [&](FamilyId family, std::int32_t m) {
        const Cents due = view.carers_due(family, m);
        const Cents paid = view.carers_paid(family, m);
        if (paid < due) {
            report(family, view.first_month().plus_months(m), due, paid, view.today(),
                   "carer not paid the declared salary by the due date", due - paid);
        }
    });
}

void CarersNeverPaidAboveDue::on_transfer(const model::Transfer& transfer, const model::RunView& view) {
    if (transfer.cause != model::Cause::salary && transfer.cause != model::Cause::carer_payment) return;
    const std::int32_t m = view.first_month().months_until(transfer.month);
    const Cents due = view.carers_due(transfer.family, m);
    const Cents paid = view.carers_paid(transfer.family, m);
    if (paid > due) {
        report(transfer.family, transfer.month, due, paid, transfer.date,
               "carer paid above the declared salary and allowances", paid - due);
    }
}

}  // namespace pajesim::invariants
