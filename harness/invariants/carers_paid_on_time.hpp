#pragma once
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "harness/invariants/due_dates.hpp"
#include "harness/invariants/invariant.hpp"
#include "sim/kernel/run_length_cells.hpp"

namespace pajesim::invariants {

// What each carer of a family that employs several received for each month, from the ledger's
// payments to carers (the parent's salary payments and Pajemploi+'s): a carer paid another
// carer's pay leaves the family's total right and one carer short. Families of one carer keep
// no amounts here (the books' total is that carer's). Nor is the first carer's kept: it is the
// books' total for the family and month (RunView::carers_paid, every payment to a carer) less
// what the others received and what went to accounts that are not the family's carers (rare,
// kept apart). Made at the first payment or judgement, for every family at once (a family's
// carers are those of its contracts, fixed for the run).
class CarerPayments {
public:
    void on_transfer(const model::Transfer& transfer, const model::RunView& view);
    // How many carers the family has when it has several; 0 for a family of one carer.
    std::uint32_t carer_count(FamilyId family, const model::RunView& view);
    // The k-th of them (k < carer_count), and what it received for month `m` (a month of the
    // run), once the books have the transfers this has had.
    AccountId carer(FamilyId family, std::uint32_t k) const;
    Cents paid(FamilyId family, std::int32_t m, std::uint32_t k, const model::RunView& view) const;

private:
    // A family's carers, when it has several: the first two in the record itself (a payment
    // reads one 16-byte record), more in extra_ from `first`. The amounts of its carers after
    // the first are amounts_'s rows from `row` on: a carer's pay seldom changes from month to
    // month, so its old months are held as runs (kernel/run_length_cells.hpp).
    struct Carers {
        std::uint32_t count = 0;  // 0: one carer (or none)
        std::uint32_t row = 0;
        std::uint32_t first = 0;   // the first carer's account, or where extra_ holds them all
        std::uint32_t second = 0;  // the second carer's account (count 2)
    };
    void prepare(const model::RunView& view);
    static std::size_t amount_row(const Carers& carers, std::uint32_t k) { return carers.row + k - 1; }  // k >= 1
    // Per family: its record in several_ + 1, or 0 for a family of one carer (most families).
    std::vector<std::uint32_t> index_;
    std::vector<Carers> several_;
    const Carers& carers_of(FamilyId family) const {
        const std::uint32_t at = index_[family.index()];
        return at == 0 ? one_ : several_[at - 1];
    }
    Carers one_;  // what a family of one carer reads
    std::vector<std::uint32_t> extra_;
    RunLengthCells amounts_;
    // Per family of several carers and month (family_month_key): what the books count as paid
    // to its carers and no carer of its received here, a payment to another account, or one
    // for a month outside the run (the books count it in the run's first or last month).
    std::unordered_map<std::uint64_t, std::int64_t> elsewhere_;
    std::size_t rows_ = 0;
    std::int32_t month_count_ = 0;
    bool prepared_ = false;
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
    // The causes on_transfer acts on: the set calls it for these only.
    static constexpr model::CauseSet transfer_causes{model::Cause::salary, model::Cause::carer_payment};
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;

private:
    CarerPayments& payments_;
};

}  // namespace pajesim::invariants
