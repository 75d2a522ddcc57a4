#include "harness/invariants/overpayment_recovery.hpp"

#include <algorithm>

namespace pajesim::invariants {

void DayRecoveries::add(const model::Transfer& transfer) {
    if (transfer.cause != model::Cause::overpayment_recovery) return;
    for (Recovered& r : today_) {
        if (r.family == transfer.family && r.month == transfer.month) {
            r.amount += transfer.amount;
            return;
        }
    }
    today_.push_back({transfer.family, transfer.month, transfer.amount});
}

void NoRecoveryWhileOwed::on_transfer(const model::Transfer& transfer, const model::RunView& /*view*/) {
    recoveries_.add(transfer);
}

void NoRecoveryWhileOwed::on_day_end(const model::RunView& view) {
    for (const DayRecoveries::Recovered& r : recoveries_.today()) {
        const Cents owed = due_dates_.owed_to_family(r.family, view);
        if (owed > Cents{0}) {
            report(r.family, r.month, Cents{0}, r.amount, view.today(),
                   [&] { return "an overpayment of " + r.amount.to_string() + " recovered while the family is owed " +
                       owed.to_string(); },
                   min(owed, r.amount));
        }
    }
    recoveries_.clear();
}

void RecoveryAfterNotice::on_family_step(const model::FamilyStep& step, const model::RunView& view) {
    if (step.kind != model::StepKind::overpayment_notified) return;
    notified_.insert_or_assign(family_month_key(step.family, step.month, view), step.date);
}

void RecoveryAfterNotice::on_transfer(const model::Transfer& transfer, const model::RunView& /*view*/) {
    recoveries_.add(transfer);
}

void RecoveryAfterNotice::on_day_end(const model::RunView& view) {
    const std::int32_t notice = due_dates_.rule().overpayment_notice_days;
    for (const DayRecoveries::Recovered& r : recoveries_.today()) {
        const auto found = notified_.find(family_month_key(r.family, r.month, view));
        if (found == notified_.end()) {
            report(r.family, r.month, Cents{0}, r.amount, view.today(),
                   [&] { return "an overpayment of " + r.amount.to_string() + " taken back without notice"; }, r.amount);
        } else if (view.today() < found->second.plus_days(notice)) {
            report(r.family, r.month, Cents{0}, r.amount, view.today(),
                   [&] {
                       return "an overpayment of " + r.amount.to_string() + " taken back " +
                              std::to_string(found->second.days_until(view.today())) +
                              " days after its notice, before the " + std::to_string(notice) +
                              " days of the notice period";
                   },
                   r.amount);
        }
    }
    recoveries_.clear();
}

void RecoveryWithinNotice::touch(FamilyId family, YearMonth month) {
    if (std::find(today_.begin(), today_.end(), std::pair{family, month}) == today_.end()) {
        today_.emplace_back(family, month);
    }
}

void RecoveryWithinNotice::on_family_step(const model::FamilyStep& step, const model::RunView& view) {
    if (step.kind != model::StepKind::overpayment_notified && step.kind != model::StepKind::overpayment_written_off) {
        return;
    }
    const std::uint64_t key = family_month_key(step.family, step.month, view);
    touch(step.family, step.month);
    Taken& taken = months_[key];
    (step.kind == model::StepKind::overpayment_notified ? taken.notified : taken.taken) += step.amount;
}

void RecoveryWithinNotice::on_transfer(const model::Transfer& transfer, const model::RunView& view) {
    if (!transfer_causes.contains(transfer.cause)) return;
    const std::uint64_t key = family_month_key(transfer.family, transfer.month, view);
    touch(transfer.family, transfer.month);
    months_[key].taken += transfer.amount;
}

void RecoveryWithinNotice::on_day_end(const model::RunView& view) {
    for (const auto& [family, month] : today_) {
        const Taken& taken = months_.at(family_month_key(family, month, view));
        if (taken.taken > taken.notified) {
            report(family, month, taken.notified, taken.taken, view.today(),
                   [&] {
                       return "taken back (recovered or written off) " + taken.taken.to_string() +
                              " of an overpayment notified as " + taken.notified.to_string();
                   },
                   taken.taken - taken.notified);
        }
    }
    today_.clear();
}

void DeductionsWithinMonthlyLimit::on_family_step(const model::FamilyStep& step, const model::RunView& /*view*/) {
    const Cents limit = due_dates_.rule().deductions_monthly_limit;
    if (step.kind != model::StepKind::overpayment_deducted || limit < Cents{0}) return;
    const std::int32_t calendar_month = step.date.year_month().index();
    auto& [in_month, used] = deducted_[step.family.value()];
    if (in_month != calendar_month) {
        in_month = calendar_month;
        used = Cents{0};
    }
    const bool within = used <= limit;
    used += step.amount;
    if (within && used > limit) {
        report(step.family, step.month, limit, used, step.date,
               [&, used = used] {  // a copy: a lambda may not name a structured binding
                   return limit == Cents{0}
                              ? "deducted " + used.to_string() +
                                    " from the family's CMG payments under a recovery policy that deducts nothing"
                              : "deducted " + used.to_string() + " from the family's CMG payments of " +
                                    step.date.year_month().to_string() + ", above the monthly limit of " +
                                    limit.to_string();
               },
               used - limit);
    }
}

namespace {

// Judges the family-months whose day has come (`judged_on`: day count -> family, month index),
// in day order; one declared and due later is put off to its due date. A month taken back before
// it was declared (no centre does so) is judged at once.
template <typename Judge>
void judge_when_due(std::multimap<std::int32_t, std::pair<std::uint32_t, std::int32_t>>& judged_on,
                    const DueDates& due_dates, Date today, Judge judge) {
    while (!judged_on.empty() && judged_on.begin()->first <= today.day_count()) {
        const auto cell = judged_on.begin()->second;
        judged_on.erase(judged_on.begin());
        const FamilyId family{cell.first};
        if (due_dates.declared(family, cell.second)) {
            const Date due = due_dates.due_date(family, cell.second);
            if (today < due) {
                judged_on.emplace(due.day_count(), cell);
                continue;
            }
        }
        judge(cell);
    }
}

}  // namespace

void RecoveryWithinOverpayment::on_transfer(const model::Transfer& transfer, const model::RunView& view) {
    if (!transfer_causes.contains(transfer.cause)) return;
    const Cell cell{transfer.family.value(), view.first_month().months_until(transfer.month)};
    const auto [it, first] = recovered_.try_emplace(cell, Cents{0});
    it->second += transfer.amount;
    if (first) judged_on_.emplace(view.today().day_count(), cell);
}

void RecoveryWithinOverpayment::on_day_end(const model::RunView& view) {
    const Date today = view.today();
    judge_when_due(judged_on_, due_dates_, today, [&](const Cell& cell) {
        const FamilyId family{cell.first};
        const auto found = recovered_.find(cell);
        const Cents recovered = found->second;
        recovered_.erase(found);
        const Cents owed = view.cmg_owed(family, cell.second);
        const Cents paid = view.cmg_paid(family, cell.second);
        if (paid < owed) {
            // What the month was overpaid by, net, before what was recovered since last judged.
            const Cents overpaid_before = max(Cents{0}, paid + recovered - owed);
            report(family, view.first_month().plus_months(cell.second), overpaid_before, recovered, today,
                   [&] { return "recovered " + recovered.to_string() + " of an overpayment of " + overpaid_before.to_string(); },
                   min(owed - paid, recovered));
        }
    });
}

void WriteOffsWithinOverpayment::on_family_step(const model::FamilyStep& step, const model::RunView& view) {
    if (step.kind != model::StepKind::overpayment_written_off) return;
    const Cell cell{step.family.value(), view.first_month().months_until(step.month)};
    written_off_[cell] += step.amount;
    judged_on_.emplace(view.today().day_count(), cell);
}

void WriteOffsWithinOverpayment::on_declaration(const model::DeclarationMade& declaration, const model::RunView& view) {
    const std::int32_t m = view.first_month().months_until(declaration.month);
    const auto found = written_off_.find(Cell{declaration.family.value(), m});
    if (found == written_off_.end()) return;
    const Cents excess = max(Cents{0}, view.cmg_paid(declaration.family, m) - view.cmg_owed(declaration.family, m));
    found->second = min(found->second, excess);
}

void WriteOffsWithinOverpayment::on_day_end(const model::RunView& view) {
    const Date today = view.today();
    judge_when_due(judged_on_, due_dates_, today, [&](const Cell& cell) {
        const FamilyId family{cell.first};
        const Cents written_off = written_off_[cell];
        const Cents excess = max(Cents{0}, view.cmg_paid(family, cell.second) - view.cmg_owed(family, cell.second));
        if (written_off > excess) {
            report(family, view.first_month().plus_months(cell.second), excess, written_off, today,
                   [&] { return "wrote off " + written_off.to_string() + " of an overpayment of " + excess.to_string(); },
                   written_off - excess);
        }
    });
}

}  // namespace pajesim::invariants
