#include "harness/invariants/covered_never_above_owed.hpp"

namespace pajesim::invariants {

std::int64_t CoveredNeverAboveOwed::cell(FamilyId family, YearMonth month, const model::RunView& view) {
    const std::int32_t m = view.first_month().months_until(month);
    if (m < 0 || m >= view.month_count() || family.index() >= view.family_count()) return -1;
    if (room_.empty()) room_ = PackedCells(static_cast<std::size_t>(view.month_count()) * view.family_count());
    return static_cast<std::int64_t>(m) * view.family_count() + family.index();
}

void CoveredNeverAboveOwed::on_declaration(const model::DeclarationMade& declaration, const model::RunView& view) {
    const std::int64_t at = cell(declaration.family, declaration.month, view);
    if (at >= 0) room_[static_cast<std::size_t>(at)] += static_cast<std::int32_t>(declaration.covered.value());
}

void CoveredNeverAboveOwed::on_transfer(const model::Transfer& transfer, const model::RunView& view) {
    if (!transfer_causes.contains(transfer.cause)) return;
    const std::int64_t at = cell(transfer.family, transfer.month, view);
    if (at < 0) return;
    const auto cell_at = static_cast<std::size_t>(at);
    const std::int32_t before = room_.get(cell_at);
    const Cents left{before};  // what the law still covered before this claim
    const std::int32_t room = before - static_cast<std::int32_t>(transfer.amount.value());
    room_.set(cell_at, room);
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
    const std::uint32_t families = view.family_count();
    due_dates_.for_each_due_today(view, [&](FamilyId family, std::int32_t m) {
        const Cents left = cover_.left(family, m, families);
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
