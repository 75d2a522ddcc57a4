#include "harness/invariants/covered_never_above_owed.hpp"

namespace pajesim::invariants {

std::int32_t CoveredNeverAboveOwed::month_of(FamilyId family, YearMonth month, const model::RunView& view) {
    const std::int32_t m = view.first_month().months_until(month);
    if (m < 0 || m >= view.month_count() || family.index() >= view.family_count()) return -1;
    if (room_.empty()) room_ = WindowedCells(view.family_count(), view.month_count());
    return m;
}

void CoveredNeverAboveOwed::on_declaration(const model::DeclarationMade& declaration, const model::RunView& view) {
    const std::int32_t m = month_of(declaration.family, declaration.month, view);
    if (m >= 0) room_.add(declaration.family.index(), m, static_cast<std::int32_t>(declaration.covered.value()));
}

void CoveredNeverAboveOwed::on_transfer(const model::Transfer& transfer, const model::RunView& view) {
    if (!transfer_causes.contains(transfer.cause)) return;
    const std::int32_t m = month_of(transfer.family, transfer.month, view);
    if (m < 0) return;
    const std::int32_t before = room_.get(transfer.family.index(), m);
    const Cents left{before};  // what the law still covered before this claim
    const std::int32_t room = before - static_cast<std::int32_t>(transfer.amount.value());
    room_.set(transfer.family.index(), m, room);
    if (room < 0) {
        report(transfer.family, transfer.month, max(Cents{0}, left), transfer.amount, transfer.date,
               [&] {
                   return "the CAF fund paid contributions the law's CMG does not cover for the month: " +
                          transfer.amount.to_string() + " claimed where " + max(Cents{0}, left).to_string() +
                          " was left to cover (claimed twice, for a month not declared, or above the law's cover)";
               },
               min(Cents{-room}, transfer.amount));
    }
}

void CoveredClaimedOnTime::on_day_end(const model::RunView& view) {
    due_dates_.for_each_due_today(view, [&](FamilyId family, std::int32_t m) {
        const Cents left = cover_.left(family, m);
        if (left > Cents{0}) {
            report(family, view.first_month().plus_months(m), Cents{0}, left, view.today(),
                   [&] {
                       return "contributions of " + left.to_string() +
                              " that the law's CMG covers not paid to the URSSAF by the month's deadline";
                   },
                   left);
        }
    });
}

}  // namespace pajesim::invariants
