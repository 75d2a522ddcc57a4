#include "harness/invariants/carers_paid_on_time.hpp"

#include <algorithm>

namespace pajesim::invariants {
namespace {

bool pays_a_carer(const model::Transfer& transfer) {
    return transfer.cause == model::Cause::salary || transfer.cause == model::Cause::carer_payment;
}

}  // namespace

void CarerPayments::learn(FamilyId family, const model::RunView& view) {
    if (rows_.empty()) {
        rows_.resize(view.family_count());
        carers_.resize(view.family_count());
        month_count_ = view.month_count();
    }
    Row& row = rows_[family.index()];
    if (row.known) return;
    row.known = true;
    std::vector<AccountId> carers = view.carers_of(family);
    if (carers.size() < 2) return;
    row.first = static_cast<std::uint32_t>(amounts_.size());
    amounts_.resize(amounts_.size() + carers.size() * static_cast<std::size_t>(month_count_), 0);
    carers_[family.index()] = std::move(carers);
}

const std::vector<AccountId>& CarerPayments::carers(FamilyId family, const model::RunView& view) {
    learn(family, view);
    return carers_[family.index()];
}

void CarerPayments::on_transfer(const model::Transfer& transfer, const model::RunView& view) {
    if (!pays_a_carer(transfer)) return;
    const std::vector<AccountId>& carers = this->carers(transfer.family, view);
    const auto at = std::find(carers.begin(), carers.end(), transfer.target);
    if (at == carers.end()) return;  // one carer, or not one of the family's (judged as a whole)
    const std::int32_t m = view.first_month().months_until(transfer.month);
    if (m < 0 || m >= month_count_) return;
    const auto k = static_cast<std::size_t>(at - carers.begin());
    amounts_[rows_[transfer.family.index()].first + k * static_cast<std::size_t>(month_count_) +
             static_cast<std::size_t>(m)] += static_cast<std::int32_t>(transfer.amount.value());
}

Cents CarerPayments::paid(FamilyId family, std::int32_t m, AccountId carer) const {
    const std::vector<AccountId>& carers = carers_[family.index()];
    const auto at = std::find(carers.begin(), carers.end(), carer);
    if (at == carers.end()) return Cents{0};
    const auto k = static_cast<std::size_t>(at - carers.begin());
    return Cents{amounts_[rows_[family.index()].first + k * static_cast<std::size_t>(month_count_) +
                          static_cast<std::size_t>(m)]};
}

void CarersPaidOnTime::on_day_end(const model::RunView& view) {
    due_dates_.for_each_due_today(view, [&](FamilyId family, std::int32_t m) {
        const Cents due = view.carers_due(family, m);
        const Cents paid = view.carers_paid(family, m);
        if (paid < due) {
            report(family, view.first_month().plus_months(m), due, paid, view.today(),
                   "carer not paid the declared salary by the due date", due - paid);
            return;
        }
        // The total is right; in a family of several carers, each must have its own pay.
        for (const AccountId carer : payments_.carers(family, view)) {
            const Cents carer_due = view.carer_due(family, m, carer);
            const Cents carer_paid = payments_.paid(family, m, carer);
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
    if (!pays_a_carer(transfer)) return;
    const std::int32_t m = view.first_month().months_until(transfer.month);
    const Cents due = view.carers_due(transfer.family, m);
    const Cents paid = view.carers_paid(transfer.family, m);
    if (paid > due) {
        report(transfer.family, transfer.month, due, paid, transfer.date,
               "carer paid above the declared salary and allowances", paid - due);
        return;
    }
    const std::vector<AccountId>& carers = payments_.carers(transfer.family, view);
    if (std::find(carers.begin(), carers.end(), transfer.target) == carers.end()) return;
    const Cents carer_due = view.carer_due(transfer.family, m, transfer.target);
    const Cents carer_paid = payments_.paid(transfer.family, m, transfer.target);
    if (carer_paid > carer_due) {
        report(transfer.family, transfer.month, carer_due, carer_paid, transfer.date,
               "a carer paid above its own contracts' declared salary and allowances (another carer's pay)",
               carer_paid - carer_due);
    }
}

}  // namespace pajesim::invariants
