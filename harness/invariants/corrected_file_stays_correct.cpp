#include "harness/invariants/corrected_file_stays_correct.hpp"

namespace pajesim::invariants {

void CorrectedFileStaysCorrect::on_file_fixed(FamilyId family, const model::RunView& view) {
    fixed_on_[family.value()] = view.today();
}

void CorrectedFileStaysCorrect::on_day_end(const model::RunView& view) {
    const YearMonth first = view.first_month();
    for (std::int32_t m = 0; m < view.month_count(); ++m) {
        if (!due_dates_.is_due_date(m, view.today())) continue;
        for (const auto& [f, fixed_on] : fixed_on_) {
            const FamilyId family{f};
            if (!due_dates_.new_workflow(family, m) || !due_dates_.due_today(family, m, view.today())) continue;
            if (view.cmg_unpaid(family, m) != Cents{0}) {
                const Cents owed = view.cmg_owed(family, m);
                const Cents paid = view.cmg_paid(family, m);
                report(family, first.plus_months(m), owed, paid, view.today(),
                       [fixed_on = fixed_on] { return "wrong again after the file was fixed on " + fixed_on.to_string(); },
                       paid < owed ? owed - paid : paid - owed);
            }
        }
    }
}

}  // namespace pajesim::invariants
