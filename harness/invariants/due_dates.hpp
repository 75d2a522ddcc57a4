#pragma once
// When each declared family-month's CMG is due, reckoned by the harness from the declarations it
// sees (their dates) and the calendar, never from a flag the model set: a model that misjudged a
// declaration as late, or a month as the CAF's, cannot move the invariants' deadlines with it.

#include <array>
#include <cstdint>
#include <vector>

#include "sim/kernel/month_flags.hpp"
#include "sim/model/observer.hpp"
#include "sim/model/scenario.hpp"

namespace pajesim::invariants {

// The rule (docs/invariants.md). Month M is due on the `payment_deadline_day` of M+1. A month
// with a declaration after the 5th of M+1 (the last on-time day) is late: it is due
// `late_allowance_days` later (the latest late declaration plus a week for the centre). A month
// of the old workflow (before its CAF's cutover month) is due `old_workflow_grace_days` later
// still: the CAF paid weeks after the declaration.
struct DueDateRule {
    static constexpr unsigned last_on_time_day = 5;
    static constexpr std::int32_t centre_week_days = 7;
    std::int32_t payment_deadline_day = 10;
    std::int32_t late_allowance_days = 15 + centre_week_days;
    std::int32_t old_workflow_grace_days = 60;
    std::vector<YearMonth> cutover_month_of_caf;  // the first month of the new workflow, per CAF
    // The scenario's notice period between an overpayment's notification and its recovery
    // (processes.overpayment_recovery.notice_days): the earliest a recovery may come.
    std::int32_t overpayment_notice_days = 30;
    // What may be deducted from a family's CMG payments in one calendar month: the `deduct`
    // policy's monthly_limit, none (negative) under `deduct` without a limit, and 0 under the
    // policies that deduct nothing (`debit`, `write_off`).
    Cents deductions_monthly_limit{-1};
    // workflow.pajemploi_plus_carer_pay.rule is after_debit: a Pajemploi+ carer's pay waits
    // for the parent's debit.
    bool carer_pay_after_debit = false;

    static DueDateRule from_scenario(const model::Scenario& scenario);
    static bool late(YearMonth month, Date declared_on);
    bool new_workflow(CafId caf, YearMonth month) const;
    Date due_date(YearMonth month, bool late, bool new_workflow) const;
};

// The declared family-months and their due dates, kept from on_declaration. Four bits per
// family-month, month-major by pairs of months as the model's flags are, so that a due date's
// walk over the families reads one row.
class DueDates final : public model::RunObserver {
public:
    explicit DueDates(DueDateRule rule) : rule_(std::move(rule)) {}
    const DueDateRule& rule() const { return rule_; }
    void on_declaration(const model::DeclarationMade& declaration, const model::RunView& view) override;

    bool declared(FamilyId family, std::int32_t month) const { return (flags(family, month) & declared_bit) != 0; }
    bool new_workflow(FamilyId family, std::int32_t month) const {
        return (flags(family, month) & new_workflow_bit) != 0;
    }
    bool late(FamilyId family, std::int32_t month) const { return (flags(family, month) & late_bit) != 0; }
    // Only for a declared month.
    Date due_date(FamilyId family, std::int32_t month) const;
    // Whether `today` is one of the month's possible due dates (a cheap filter before the
    // per-family look), and whether it is this family-month's.
    bool is_due_date(std::int32_t month, Date today) const;
    bool due_today(FamilyId family, std::int32_t month, Date today) const;
    // CMG due and unpaid plus debits beyond the due, over the months due by today (the oracle's
    // amounts from `view`, the due dates from here).
    Cents owed_to_family(FamilyId family, const model::RunView& view) const;

    // Calls visit(family, month) for every declared family-month whose payment is due today.
    template <typename Visit>
    void for_each_due_today(const model::RunView& view, Visit visit) const {
        const Date today = view.today();
        for (std::int32_t m = 0; m < month_count_; ++m) {
            const std::array<Date, 4>& due = months_[static_cast<std::size_t>(m)].due;
            if (today < months_[static_cast<std::size_t>(m)].next_first_day) break;  // nothing due yet
            if (!is_due_date(m, today)) continue;
            // A family-month is due today when it is declared and its flags pick today's date.
            flags_.for_each_row(m, [&](std::size_t f, std::uint8_t cell) {
                if ((cell & declared_bit) != 0 && due[due_index(cell)] == today) {
                    visit(FamilyId{static_cast<std::uint32_t>(f)}, m);
                }
            });
        }
    }

private:
    static constexpr std::uint8_t declared_bit = 1;
    static constexpr std::uint8_t late_bit = 2;
    static constexpr std::uint8_t new_workflow_bit = 4;
    // The four due dates a care month may have (late or not, new workflow or not), computed once:
    // due dates are asked for every family on every due day.
    struct MonthDates {
        std::array<Date, 4> due;  // by due_index
        Date next_first_day;      // the 1st of M+1: nothing of M is due before
    };
    static std::size_t due_index(std::uint8_t cell) {
        return ((cell & late_bit) != 0 ? 2u : 0u) + ((cell & new_workflow_bit) != 0 ? 1u : 0u);
    }
    std::uint8_t flags(FamilyId family, std::int32_t month) const {
        if (flags_.empty()) return 0;  // nothing declared yet
        return flags_.get(family.index(), month);
    }

    DueDateRule rule_;
    YearMonth first_month_;
    std::int32_t month_count_ = 0;
    std::uint32_t family_count_ = 0;
    MonthFlags flags_;  // kernel/month_flags.hpp; sized at the first declaration
    std::vector<MonthDates> months_;   // likewise
};

}  // namespace pajesim::invariants
