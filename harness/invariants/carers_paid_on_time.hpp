#pragma once
#include <optional>
#include <vector>

#include "harness/invariants/due_dates.hpp"
#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// What each carer of a family that employs several received for each month, from the ledger's
// payments to carers (the parent's salary payments and Pajemploi+'s): a carer paid another
// carer's pay leaves the family's total right and one carer short. Families of one carer keep
// nothing here (the books' total is that carer's). A row of `month_count` amounts per carer,
// made at the family's first payment or first judgement.
class CarerPayments {
public:
    void on_transfer(const model::Transfer& transfer, const model::RunView& view);
    // The family's carers when it has several; empty for a family of one carer.
    const std::vector<AccountId>& carers(FamilyId family, const model::RunView& view);
    // What `carer` received for month `m` (a family of several carers).
    Cents paid(FamilyId family, std::int32_t m, AccountId carer) const;

private:
    struct Row {
        std::uint32_t first = 0;  // index in amounts_ of the first carer's month 0
        bool known = false;
    };
    void learn(FamilyId family, const model::RunView& view);
    std::vector<Row> rows_;
    std::vector<std::vector<AccountId>> carers_;  // by family, filled when known (empty: one carer)
    std::vector<std::int32_t> amounts_;
    std::int32_t month_count_ = 0;
};

// Every carer receives the declared net salary and allowances by the month's due date,
// whether the parent pays directly or Pajemploi+ pays (even when the parent's debit bounces).
// In a family of several carers, each carer its own contracts' pay.
class CarersPaidOnTime final : public Invariant {
public:
    CarersPaidOnTime(const DueDates& due_dates, CarerPayments& payments)
        : Invariant("carers_paid_on_time"), due_dates_(due_dates), payments_(payments) {}
    void on_day_end(const model::RunView& view) override;

private:
    const DueDates& due_dates_;
    CarerPayments& payments_;
};

// A carer is never paid more than the declared net salary and allowances of the month (the
// counterpart of carers_paid_on_time, as cmg_never_above_owed is of the CMG): judged at each
// payment to a carer, by the parent or by Pajemploi+. A carer paid twice for a month (by the
// centre and by the parent, or by the centre again) is money the family or the centre loses;
// in a family of several carers, each carer against its own contracts' pay.
class CarersNeverPaidAboveDue final : public Invariant {
public:
    explicit CarersNeverPaidAboveDue(CarerPayments& payments)
        : Invariant("carers_never_paid_above_due"), payments_(payments) {}
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;

private:
    CarerPayments& payments_;
};

}  // namespace pajesim::invariants
