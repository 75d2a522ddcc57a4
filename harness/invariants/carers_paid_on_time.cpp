#include "harness/invariants/carers_paid_on_time.hpp"

#include <algorithm>

namespace pajesim::invariants {
namespace {

bool pays_a_carer(const model::Transfer& transfer) {
    return transfer.cause == model::Cause::salary || transfer.cause == model::Cause::carer_payment;
}

}  // namespace

void CarerPayments::prepare(const model::RunView& view) {
    prepared_ = true;
    month_count_ = view.month_count();
    index_.assign(view.family_count(), 0);
    for (std::uint32_t f = 0; f < index_.size(); ++f) {
        const SmallVector<AccountId, 4> carers = view.carers_of(FamilyId{f});
        if (carers.size() < 2) continue;
        Carers& family = several_.emplace_back();
        index_[f] = static_cast<std::uint32_t>(several_.size());
        family.count = static_cast<std::uint32_t>(carers.size());
        family.row = static_cast<std::uint32_t>(rows_);
        rows_ += carers.size() - 1;  // the first carer's amounts are derived (paid)
        if (carers.size() == 2) {
            family.first = carers[0].value();
            family.second = carers[1].value();
        } else {
            family.first = static_cast<std::uint32_t>(extra_.size());
            for (const AccountId carer : carers) extra_.push_back(carer.value());
        }
    }
    several_.shrink_to_fit();
    amounts_ = RunLengthCells(rows_, month_count_);
}

std::uint32_t CarerPayments::carer_count(FamilyId family, const model::RunView& view) {
    if (!prepared_) prepare(view);
    return carers_of(family).count;
}

AccountId CarerPayments::carer(FamilyId family, std::uint32_t k) const {
    const Carers& carers = carers_of(family);
    if (carers.count > 2) return AccountId{extra_[carers.first + k]};
    return AccountId{k == 0 ? carers.first : carers.second};
}

Cents CarerPayments::paid(FamilyId family, std::int32_t m, std::uint32_t k, const model::RunView& view) const {
    const Carers& carers = carers_of(family);
    if (k > 0) return Cents{amounts_.get(amount_row(carers, k), m)};
    Cents first = view.carers_paid(family, m);
    for (std::uint32_t j = 1; j < carers.count; ++j) first -= Cents{amounts_.get(amount_row(carers, j), m)};
    if (!elsewhere_.empty()) {
        const auto found = elsewhere_.find(family_month_key(family, m));
        if (found != elsewhere_.end()) first -= Cents{found->second};
    }
    return first;
}

void CarerPayments::on_transfer(const model::Transfer& transfer, const model::RunView& view) {
    if (!pays_a_carer(transfer)) return;
    if (!prepared_) prepare(view);
    const Carers& carers = carers_of(transfer.family);
    if (carers.count == 0) return;
    const std::int32_t m = view.first_month().months_until(transfer.month);
    const auto elsewhere = [&](std::int32_t month) {
        elsewhere_[family_month_key(transfer.family, month)] += transfer.amount.value();
    };
    if (m < 0 || m >= month_count_) {
        // The books count it in the run's first or last month (Books::on_transfer): no carer's.
        elsewhere(std::clamp(m, 0, month_count_ - 1));
        return;
    }
    for (std::uint32_t k = 0; k < carers.count; ++k) {
        if (carer(transfer.family, k) != transfer.target) continue;
        if (k > 0) amounts_.add(amount_row(carers, k), m, static_cast<std::int32_t>(transfer.amount.value()));
        return;
    }
    // Not one of the family's carers: judged on the family's total.
    elsewhere(m);
}

void CarersPaidOnTime::on_day_end(const model::RunView& view) {
    due_dates_.for_each_due_today(view, [&](FamilyId family, std::int32_t m) {
        if (view.carers_unpaid(family, m) > Cents{0}) {
            const Cents due = view.carers_due(family, m);
            const Cents paid = view.carers_paid(family, m);
            report(family, view.first_month().plus_months(m), due, paid, view.today(),
                   "carer not paid the declared salary by the due date", due - paid);
            return;
        }
        // The total is right; in a family of several carers, each must have its own pay.
        const std::uint32_t carers = payments_.carer_count(family, view);
        for (std::uint32_t k = 0; k < carers; ++k) {
            const Cents carer_due = view.carer_due(family, m, payments_.carer(family, k));
            const Cents carer_paid = payments_.paid(family, m, k, view);
            if (carer_paid < carer_due) {
                report(family, view.first_month().plus_months(m), carer_due, carer_paid, view.today(),
                       "a carer not paid its own contracts' declared salary by the due date (another carer "
                       "was paid it)",
                       carer_due - carer_paid);
                return;
            }
        }
    });
}

void CarersNeverPaidAboveDue::on_transfer(const model::Transfer& transfer, const model::RunView& view) {
    if (!transfer_causes.contains(transfer.cause)) return;
    const std::int32_t m = view.first_month().months_until(transfer.month);
    if (view.carers_unpaid(transfer.family, m) < Cents{0}) {
        const Cents due = view.carers_due(transfer.family, m);
        const Cents paid = view.carers_paid(transfer.family, m);
        report(transfer.family, transfer.month, due, paid, transfer.date,
               "carer paid above the declared salary and allowances", paid - due);
        return;
    }
    const std::uint32_t carers = payments_.carer_count(transfer.family, view);
    std::uint32_t k = 0;
    while (k < carers && payments_.carer(transfer.family, k) != transfer.target) ++k;
    if (k == carers) return;  // one carer, or not one of the family's (judged as a whole)
    const Cents carer_due = view.carer_due(transfer.family, m, transfer.target);
    const Cents carer_paid = payments_.paid(transfer.family, m, k, view);
    if (carer_paid > carer_due) {
        report(transfer.family, transfer.month, carer_due, carer_paid, transfer.date,
               "a carer paid above its own contracts' declared salary and allowances (another carer's pay)",
               carer_paid - carer_due);
    }
}

}  // namespace pajesim::invariants
