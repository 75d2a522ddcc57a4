#include "harness/invariants/due_dates.hpp"

#include <algorithm>

#include "sim/kernel/assert.hpp"

namespace pajesim::invariants {

DueDateRule DueDateRule::from_scenario(const model::Scenario& scenario) {
    DueDateRule rule;
    rule.payment_deadline_day = scenario.processes.payment_deadline_day;
    rule.late_allowance_days = scenario.workflow.late_declaration_max_days + centre_week_days;
    const model::OverpaymentPolicy& overpayment = scenario.processes.overpayment;
    rule.overpayment_notice_days = overpayment.notice_days;
    rule.deductions_monthly_limit = overpayment.recovery != model::OverpaymentRecovery::deduct ? Cents{0}
                                    : overpayment.monthly_limit > Cents{0}                     ? overpayment.monthly_limit
                                                                                               : Cents{-1};
    rule.carer_pay_after_debit = scenario.workflow.carer_pay_rule == model::CarerPayRule::after_debit;
    for (std::uint32_t caf = 0; caf < scenario.population.cafs; ++caf) {
        rule.cutover_month_of_caf.push_back(scenario.cutover_for(caf).year_month());
    }
    return rule;
}

bool DueDateRule::late(YearMonth month, Date declared_on) {
    return declared_on > month.plus_months(1).day_clamped(last_on_time_day);
}

bool DueDateRule::new_workflow(CafId caf, YearMonth month) const {
    PAJESIM_ASSERT(caf.index() < cutover_month_of_caf.size());
    return month >= cutover_month_of_caf[caf.index()];
}

Date DueDateRule::due_date(YearMonth month, bool late, bool new_workflow) const {
    const Date deadline = month.plus_months(1).day_clamped(static_cast<unsigned>(payment_deadline_day));
    return deadline.plus_days((late ? late_allowance_days : 0) + (new_workflow ? 0 : old_workflow_grace_days));
}

void DueDates::on_declaration(const model::DeclarationMade& declaration, const model::RunView& view) {
    if (flags_.empty()) {
        first_month_ = view.first_month();
        month_count_ = view.month_count();
        family_count_ = view.family_count();
        flags_ = MonthFlags(family_count_, month_count_);
        months_.resize(static_cast<std::size_t>(month_count_));
        for (std::int32_t m = 0; m < month_count_; ++m) {
            const YearMonth month = first_month_.plus_months(m);
            MonthDates& dates = months_[static_cast<std::size_t>(m)];
            for (const bool late : {false, true}) {
                for (const bool is_new : {false, true}) {
                    dates.due[(late ? 2u : 0u) + (is_new ? 1u : 0u)] = rule_.due_date(month, late, is_new);
                }
            }
            dates.next_first_day = month.plus_months(1).first_day();
        }
    }
    const std::int32_t m = first_month_.months_until(declaration.month);
    PAJESIM_ASSERT(m >= 0);
    PAJESIM_ASSERT(m < month_count_);
    PAJESIM_ASSERT(declaration.family.index() < family_count_);
    std::uint8_t bits = declared_bit;
    if (DueDateRule::late(declaration.month, declaration.date)) bits |= late_bit;
    if (rule_.new_workflow(declaration.caf, declaration.month)) bits |= new_workflow_bit;
    flags_.set(declaration.family.index(), m, bits);
}

Date DueDates::due_date(FamilyId family, std::int32_t month) const {
    PAJESIM_ASSERT(declared(family, month));
    return months_[static_cast<std::size_t>(month)].due[due_index(flags(family, month))];
}

bool DueDates::is_due_date(std::int32_t month, Date today) const {
    if (months_.empty()) return false;  // nothing declared yet
    const std::array<Date, 4>& due = months_[static_cast<std::size_t>(month)].due;
    return std::find(due.begin(), due.end(), today) != due.end();
}

bool DueDates::due_today(FamilyId family, std::int32_t month, Date today) const {
    return declared(family, month) && due_date(family, month) == today;
}

Cents DueDates::owed_to_family(FamilyId family, const model::RunView& view) const {
    Cents owed{0};
    // The months from view.months_written() on hold no amount: nothing is owed for them.
    const std::int32_t months = std::min(month_count_, view.months_written());
    for (std::int32_t m = 0; m < months; ++m) {
        if (!declared(family, m) || view.today() < due_date(family, m)) continue;
        owed += max(Cents{0}, view.cmg_unpaid(family, m));
        owed += max(Cents{0}, view.debited(family, m) - view.debit_due(family, m));
    }
    return owed;
}

}  // namespace pajesim::invariants
