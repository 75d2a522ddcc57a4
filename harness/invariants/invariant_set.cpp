#include "harness/invariants/invariant_set.hpp"

#include <algorithm>

#include "sim/kernel/assert.hpp"

#include "harness/invariants/advance_not_recovered_before_payment.hpp"
#include "harness/invariants/arrears_match_a_shortfall.hpp"
#include "harness/invariants/carers_paid_after_debit.hpp"
#include "harness/invariants/carers_paid_on_time.hpp"
#include "harness/invariants/cmg_never_above_owed.hpp"
#include "harness/invariants/corrected_file_stays_correct.hpp"
#include "harness/invariants/covered_never_above_owed.hpp"
#include "harness/invariants/debits_collected.hpp"
#include "harness/invariants/declared_months_paid_on_time.hpp"
#include "harness/invariants/everyone_square_after_recovery.hpp"
#include "harness/invariants/ledger_nets_to_zero.hpp"
#include "harness/invariants/no_covered_contributions_debited.hpp"
#include "harness/invariants/overpayment_recovery.hpp"

namespace pajesim::invariants {

InvariantSet::InvariantSet(DueDateRule rule, std::optional<Date> recovery_check_on)
    : due_dates_(std::move(rule)) {
    add(std::make_unique<DeclaredMonthsPaidOnTime>(due_dates_));
    add(std::make_unique<CmgNeverAboveOwed>());
    add(std::make_unique<CarersPaidOnTime>(due_dates_, carer_payments_));
    add(std::make_unique<CarersNeverPaidAboveDue>(carer_payments_));
    add(std::make_unique<CarersPaidAfterDebit>(due_dates_));
    add(std::make_unique<NoCoveredContributionsDebited>());
    add(std::make_unique<RefundsWithinDebits>());
    add(std::make_unique<DebitsCollected>(due_dates_));
    auto cover = std::make_unique<CoveredNeverAboveOwed>();
    const CoveredNeverAboveOwed& cover_kept = *cover;
    add(std::move(cover));
    add(std::make_unique<CoveredClaimedOnTime>(due_dates_, cover_kept));
    add(std::make_unique<LedgerNetsToZero>());
    add(std::make_unique<ArrearsMatchAShortfall>());
    add(std::make_unique<AdvanceNotRecoveredBeforePayment>(due_dates_));
    add(std::make_unique<CorrectedFileStaysCorrect>(due_dates_));
    add(std::make_unique<NoRecoveryWhileOwed>(due_dates_));
    add(std::make_unique<RecoveryWithinOverpayment>(due_dates_));
    add(std::make_unique<RecoveryAfterNotice>(due_dates_));
    add(std::make_unique<RecoveryWithinNotice>());
    add(std::make_unique<WriteOffsWithinOverpayment>(due_dates_));
    add(std::make_unique<DeductionsWithinMonthlyLimit>(due_dates_));
    auto liveness = std::make_unique<EveryoneSquareAfterRecovery>(due_dates_, recovery_check_on);
    liveness_ = liveness.get();
    add(std::move(liveness));
    PAJESIM_ASSERT(invariants_.size() == names().size());
    for (std::size_t i = 0; i < invariants_.size(); ++i) PAJESIM_ASSERT(invariants_[i]->name() == names()[i]);
}

const std::vector<std::string_view>& InvariantSet::names() {
    static const std::vector<std::string_view> all{
        "declared_months_paid_on_time", "cmg_never_above_owed", "carers_paid_on_time", "carers_never_paid_above_due",
        "carers_paid_after_debit", "no_covered_contributions_debited", "refunds_within_debits", "debits_collected",
        "covered_never_above_owed", "covered_claimed_on_time",
        "ledger_nets_to_zero", "arrears_match_a_shortfall", "advance_not_recovered_before_payment",
        "corrected_file_stays_correct", "no_recovery_while_owed", "recovery_within_overpayment",
        "recovery_after_notice", "recovery_within_notice", "write_offs_within_overpayment",
        "deductions_within_monthly_limit",
        "everyone_square_after_recovery"};
    return all;
}

void InvariantSet::on_transfer(const model::Transfer& transfer, const model::RunView& view) {
    carer_payments_.on_transfer(transfer, view);
    for (Invariant* invariant : on_transfer_[static_cast<std::size_t>(transfer.cause)]) invariant->on_transfer(transfer, view);
}
void InvariantSet::on_declaration(const model::DeclarationMade& declaration, const model::RunView& view) {
    due_dates_.on_declaration(declaration, view);
    for (Invariant* invariant : on_declaration_) invariant->on_declaration(declaration, view);
}
void InvariantSet::on_day_end(const model::RunView& view) {
    for (Invariant* invariant : on_day_end_) invariant->on_day_end(view);
}
void InvariantSet::on_file_fixed(FamilyId family, const model::RunView& view) {
    for (Invariant* invariant : on_file_fixed_) invariant->on_file_fixed(family, view);
}
void InvariantSet::on_family_step(const model::FamilyStep& step, const model::RunView& view) {
    for (Invariant* invariant : on_family_step_) invariant->on_family_step(step, view);
}
void InvariantSet::on_run_end(const model::RunView& view) {
    for (const auto& invariant : invariants_) invariant->on_run_end(view);
}

std::vector<InvariantVerdict> InvariantSet::verdicts() const {
    std::vector<InvariantVerdict> result;
    for (const auto& invariant : invariants_) {
        const bool checked = invariant.get() != liveness_ || liveness_->checked();
        result.push_back({invariant->name(), invariant->violation_count(), checked});
    }
    return result;
}

std::uint64_t InvariantSet::violation_count() const {
    std::uint64_t total = 0;
    for (const auto& invariant : invariants_) total += invariant->violation_count();
    return total;
}

std::vector<Violation> InvariantSet::ranked() const {
    std::vector<Violation> all;
    for (const auto& invariant : invariants_) {
        all.insert(all.end(), invariant->violations().begin(), invariant->violations().end());
    }
    std::sort(all.begin(), all.end(), [](const Violation& a, const Violation& b) {
        if (a.harm != b.harm) return a.harm > b.harm;
        if (a.first_seen != b.first_seen) return a.first_seen < b.first_seen;
        if (a.family != b.family) return a.family < b.family;
        if (a.month != b.month) return a.month < b.month;
        return a.invariant < b.invariant;
    });
    return all;
}

}  // namespace pajesim::invariants
