#pragma once
#include <cstdint>
#include <vector>

#include "harness/invariants/due_dates.hpp"
#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// What each carer of a family that employs several received for each month, from the ledger's
// payments to carers (the parent's salary payments and Pajemploi+'s): a carer paid another
// carer's pay leaves the family's total right and one carer short. Families of one carer keep
// nothing here (the books' total is that carer's). A block per family of several, made at the
// family's first payment or first judgement.
class CarerPayments {
public:
    void on_transfer(const model::Transfer& transfer, const model::RunView& view);
    // How many carers the family has when it has several; 0 for a family of one carer.
    std::uint32_t carer_count(FamilyId family, const model::RunView& view);
    // The k-th of them (k < carer_count), and what it received for month `m`.
    AccountId carer(FamilyId family, std::uint32_t k) const;
    Cents paid(FamilyId family, std::int32_t m, std::uint32_t k) const;

private:
    static constexpr std::uint32_t unknown = 0;
    static constexpr std::uint32_t one_carer = 1;
    // Per family: unknown, one_carer, or 2 + where its block starts in data_: the number of
    // carers k, their k accounts, then k rows of month_count amounts (one read per payment
    // for a family of one carer, two for a family of several).
    std::uint32_t block(FamilyId family, const model::RunView& view);
    // Where carer k's amount of month m lies, in the block starting at `start`.
    std::size_t amount_at(std::size_t start, std::size_t k, std::int32_t m) const {
        return start + 1 + static_cast<std::size_t>(data_[start]) + k * static_cast<std::size_t>(month_count_) +
               static_cast<std::size_t>(m);
    }
    std::vector<std::uint32_t> slot_;
    std::vector<std::int32_t> data_;
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
