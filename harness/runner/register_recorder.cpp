#include "harness/runner/register_recorder.hpp"

#include <algorithm>

namespace pajesim::harness {
namespace {

constexpr std::uint8_t step_only = 0;
constexpr std::uint8_t advance_paid = 1;
constexpr std::uint8_t advance_recovered = 2;
constexpr std::uint8_t overpayment_recovered = 3;

void add(RegisterDay& totals, const Cents owed, const Cents overpaid, const Cents carers, int sign) {
    const auto count = [sign](std::uint32_t& n, bool counted) {
        if (counted) n = sign > 0 ? n + 1 : n - 1;
    };
    count(totals.families_owed, owed > Cents{0});
    count(totals.families_overpaid, overpaid > Cents{0});
    count(totals.families_wrong, owed > Cents{0} || overpaid > Cents{0});
    count(totals.carers_unpaid, carers > Cents{0});
    totals.money_owed += sign > 0 ? owed : Cents{0} - owed;
    totals.money_overpaid += sign > 0 ? overpaid : Cents{0} - overpaid;
    totals.carers_money_unpaid += sign > 0 ? carers : Cents{0} - carers;
}

// What the month is overpaid by, net of write-offs: none unless paid above the law, write-offs
// being above 0 (RunView), so that their lookup is made only for such a month.
// What the month is overpaid by, net of write-offs, from what is still owed of it (negative:
// paid above the law).
Cents overpaid_by(FamilyId family, std::int32_t m, Cents unpaid, const model::RunView& view) {
    if (unpaid >= Cents{0}) return Cents{0};
    return max(Cents{0}, -unpaid - view.cmg_written_off(family, m));
}

}  // namespace

RegisterRecorder::RegisterRecorder(const invariants::DueDates& due_dates, const model::World& world,
                                   const faults::CauseLog* causes, std::vector<Date> as_of)
    : due_dates_(due_dates), world_(world), causes_(causes), as_of_(std::move(as_of)) {
    std::sort(as_of_.begin(), as_of_.end());
    as_of_.erase(std::unique(as_of_.begin(), as_of_.end()), as_of_.end());
}

std::uint8_t& RegisterRecorder::flags_of(FamilyId family) {
    if (flags_.empty()) flags_.assign(world_.families.size(), 0);
    return flags_[family.index()];
}

bool RegisterRecorder::is_open(FamilyId family) const {
    return !flags_.empty() && (flags_[family.index()] & open_flag) != 0;
}

void RegisterRecorder::dirty(FamilyId family) {
    std::uint8_t& flags = flags_of(family);
    if ((flags & dirty_flag) != 0) return;
    flags |= dirty_flag;
    dirty_.push_back(family.value());
}

// Whether a month makes the family wrong today: overpaid (from the day it is paid), or, once its
// payment is due, CMG short, debits beyond the due, or its carers short.
bool RegisterRecorder::month_wrong(FamilyId family, std::int32_t m, const model::RunView& view, bool) const {
    const Cents unpaid = view.cmg_unpaid(family, m);
    if (overpaid_by(family, m, unpaid, view) > Cents{0}) return true;
    if (!due_dates_.declared(family, m) || view.today() < due_dates_.due_date(family, m)) return false;
    return unpaid > Cents{0} || view.debited(family, m) > view.debit_due(family, m) ||
           view.carers_unpaid(family, m) > Cents{0};
}

RegisterRecorder::Stake RegisterRecorder::stake_of(FamilyId family, const model::RunView& view) const {
    Stake stake;
    const Date today = view.today();
    const std::int32_t months = view.months_written();
    for (std::int32_t m = 0; m < months; ++m) {
        const Cents unpaid = view.cmg_unpaid(family, m);
        stake.overpaid += overpaid_by(family, m, unpaid, view);
        if (!due_dates_.declared(family, m)) continue;
        const Date due = due_dates_.due_date(family, m);
        if (today < due) continue;
        stake.owed += max(Cents{0}, unpaid) + max(Cents{0}, view.debited(family, m) - view.debit_due(family, m));
        const Cents carers = view.carers_unpaid(family, m);
        if (carers > Cents{0}) {
            stake.carers_unpaid += carers;
            stake.carers_late_days = std::max(stake.carers_late_days, due.days_until(today));
        }
    }
    return stake;
}

void RegisterRecorder::on_transfer(const model::Transfer& t, const model::RunView& view) {
    using model::Cause;
    switch (t.cause) {
        case Cause::advance: steps_[t.family.value()].push_back({t.date, {}, advance_paid, t.amount}); return;
        case Cause::advance_recovery:
            steps_[t.family.value()].push_back({t.date, {}, advance_recovered, t.amount});
            return;
        case Cause::overpayment_recovery:
            steps_[t.family.value()].push_back({t.date, {}, overpayment_recovered, t.amount});
            break;
        case Cause::cmg:
        case Cause::cmg_arrears:
        case Cause::contributions_debit:
        case Cause::pajemploi_plus_debit:
        case Cause::debit_refund:
        case Cause::carer_payment:
        case Cause::salary: break;
        default: return;
    }
    const std::int32_t m = view.first_month().months_until(t.month);
    if (m < 0 || m >= view.month_count()) return;
    if (is_open(t.family)) {
        const auto open = open_.find(t.family.value());
        // A carer paid late: the wait counts in the carers' episode.
        if ((t.cause == Cause::carer_payment || t.cause == Cause::salary) && open->second.carer_episode >= 0 &&
            due_dates_.declared(t.family, m)) {
            CarerEpisode& episode = carer_episodes_[static_cast<std::size_t>(open->second.carer_episode)];
            episode.longest_late_days =
                std::max(episode.longest_late_days, due_dates_.due_date(t.family, m).days_until(t.date));
        }
        dirty(t.family);
        return;
    }
    // A family in no episode had every month right when it was last evaluated; since then a
    // month turned wrong by a transfer was looked at then, and one turned wrong by falling due
    // is looked at at the day's end. A carer's pay only raises what the carers were paid, so it
    // cannot turn the month wrong: it needs no look.
    if (t.cause == Cause::carer_payment || t.cause == Cause::salary) return;
    if (month_wrong(t.family, m, view, true)) dirty(t.family);
}

void RegisterRecorder::on_declaration(const model::DeclarationMade& declaration, const model::RunView&) {
    if (is_open(declaration.family)) dirty(declaration.family);
}

void RegisterRecorder::on_family_step(const model::FamilyStep& step, const model::RunView&) {
    steps_[step.family.value()].push_back({step.date, step.kind, step_only, step.amount});
    if (step.kind == model::StepKind::overpayment_written_off || is_open(step.family)) dirty(step.family);
}

void RegisterRecorder::evaluate(FamilyId family, const model::RunView& view) {
    const Stake stake = stake_of(family, view);
    const auto found = is_open(family) ? open_.find(family.value()) : open_.end();
    const Stake before = found == open_.end() ? Stake{} : found->second.stake;
    add(totals_, before.owed, before.overpaid, before.carers_unpaid, -1);
    add(totals_, stake.owed, stake.overpaid, stake.carers_unpaid, +1);
    const bool wrong = stake.owed > Cents{0} || stake.overpaid > Cents{0};
    const bool carers = stake.carers_unpaid > Cents{0};
    if (found == open_.end() && !wrong && !carers) return;
    if (found == open_.end()) flags_of(family) |= open_flag;
    Open& open = found == open_.end() ? open_[family.value()] : found->second;
    const Date today = view.today();
    if (wrong && open.family_episode < 0) {
        open.family_episode = static_cast<std::int32_t>(episodes_.size());
        Episode episode;
        episode.family = family;
        episode.caf = world_.families[family.index()].caf;
        episode.start = today;
        episodes_.push_back(std::move(episode));
    }
    if (open.family_episode >= 0) {
        Episode& episode = episodes_[static_cast<std::size_t>(open.family_episode)];
        episode.largest_owed = max(episode.largest_owed, stake.owed);
        episode.largest_overpaid = max(episode.largest_overpaid, stake.overpaid);
        if (!wrong) close_family(open, today);
    }
    if (carers && open.carer_episode < 0) {
        open.carer_episode = static_cast<std::int32_t>(carer_episodes_.size());
        CarerEpisode episode;
        episode.family = family;
        episode.start = today;
        carer_episodes_.push_back(std::move(episode));
    }
    if (open.carer_episode >= 0) {
        CarerEpisode& episode = carer_episodes_[static_cast<std::size_t>(open.carer_episode)];
        episode.largest_unpaid = max(episode.largest_unpaid, stake.carers_unpaid);
        episode.longest_late_days = std::max(episode.longest_late_days, stake.carers_late_days);
        if (!carers) close_carers(open, today);
    }
    open.stake = stake;
    if (open.family_episode < 0 && open.carer_episode < 0) {
        flags_of(family) &= static_cast<std::uint8_t>(~open_flag);
        open_.erase(family.value());
    }
}

void RegisterRecorder::close_family(Open& open, Date end) {
    Episode& episode = episodes_[static_cast<std::size_t>(open.family_episode)];
    episode.end = end;
    episode.days = episode.start.days_until(end);
    open.family_episode = -1;
}

void RegisterRecorder::close_carers(Open& open, Date end) {
    CarerEpisode& episode = carer_episodes_[static_cast<std::size_t>(open.carer_episode)];
    episode.end = end;
    episode.days = episode.start.days_until(end);
    open.carer_episode = -1;
}

void RegisterRecorder::on_day_end(const model::RunView& view) {
    const Date today = view.today();
    if (started_ && today == last_day_) return;  // the run's closing call repeats its last day
    started_ = true;
    last_day_ = today;
    due_dates_.for_each_due_today(view, [&](FamilyId family, std::int32_t m) {
        if (is_open(family) || month_wrong(family, m, view, true)) dirty(family);
    });
    std::sort(dirty_.begin(), dirty_.end());
    for (const std::uint32_t f : dirty_) {
        flags_[f] &= static_cast<std::uint8_t>(~dirty_flag);
        evaluate(FamilyId{f}, view);
    }
    dirty_.clear();
    if (today == today.year_month().last_day()) {
        for (const auto& [f, open] : open_) {
            if (open.family_episode >= 0) {
                episodes_[static_cast<std::size_t>(open.family_episode)].month_ends.push_back(
                    {today, open.stake.owed, open.stake.overpaid});
            }
            if (open.carer_episode >= 0) {
                carer_episodes_[static_cast<std::size_t>(open.carer_episode)].month_ends.push_back(
                    {today, open.stake.carers_unpaid, Cents{0}});
            }
        }
    }
    RegisterDay day = totals_;
    day.day = today;
    register_.days.push_back(day);
    while (next_as_of_ < as_of_.size() && as_of_[next_as_of_] < today) ++next_as_of_;  // before the run
    if (next_as_of_ < as_of_.size() && as_of_[next_as_of_] == today) {
        RegisterAsOf snapshot;
        snapshot.day = today;
        for (const auto& [f, open] : open_) {
            if (open.family_episode >= 0) {
                const Episode& episode = episodes_[static_cast<std::size_t>(open.family_episode)];
                snapshot.families.push_back({FamilyId{f}, episode.caf, episode.start, open.stake.owed, open.stake.overpaid});
            }
            if (open.carer_episode >= 0) {
                const CarerEpisode& episode = carer_episodes_[static_cast<std::size_t>(open.carer_episode)];
                snapshot.carers.push_back({FamilyId{f}, carers_of(FamilyId{f}, view), episode.start, open.stake.carers_unpaid});
            }
        }
        std::sort(snapshot.families.begin(), snapshot.families.end(),
                  [](const auto& a, const auto& b) { return a.family < b.family; });
        std::sort(snapshot.carers.begin(), snapshot.carers.end(),
                  [](const auto& a, const auto& b) { return a.family < b.family; });
        register_.as_of.push_back(std::move(snapshot));
        ++next_as_of_;
    }
}

void RegisterRecorder::on_run_end(const model::RunView&) {}

std::vector<CarerId> RegisterRecorder::carers_of(FamilyId family, const model::RunView&) const {
    std::vector<CarerId> carers;
    for (std::uint32_t c = world_.family_contract_begin[family.index()];
         c < world_.family_contract_begin[family.index() + 1]; ++c) {
        carers.push_back(world_.contracts[c].carer);
    }
    std::sort(carers.begin(), carers.end());
    carers.erase(std::unique(carers.begin(), carers.end()), carers.end());
    return carers;
}

void RegisterRecorder::fill_episode(Episode& episode) {
    const Date last = episode.end.value_or(last_day_);
    if (causes_ != nullptr) {
        for (const faults::CauseLog::Touch& touch : causes_->of(episode.family)) {
            if (touch.first <= last) episode.causes.push_back(touch.fault);
        }
    }
    const auto found = steps_.find(episode.family.value());
    if (found == steps_.end()) return;
    for (const Step& step : found->second) {
        if (step.date < episode.start || step.date > last) continue;
        switch (step.money) {
            case advance_paid:
                ++episode.advances_paid;
                episode.advances_amount += step.amount;
                continue;
            case advance_recovered:
                ++episode.advances_recovered;
                episode.advances_recovered_amount += step.amount;
                continue;
            case overpayment_recovered: episode.overpayments_recovered += step.amount; continue;
            default: break;
        }
        switch (step.kind) {
            case model::StepKind::call: ++episode.calls; break;
            case model::StepKind::file_opened: ++episode.files_opened; break;
            case model::StepKind::file_fixed: ++episode.fixes; break;
            case model::StepKind::fix_error: ++episode.fix_errors; break;
            case model::StepKind::overpayment_notified: ++episode.overpayments_notified; break;
            case model::StepKind::overpayment_written_off: episode.overpayments_written_off += step.amount; break;
            case model::StepKind::carer_payment_withheld:
            case model::StepKind::debit_escalated:
            case model::StepKind::contacted:
            case model::StepKind::overpayment_deducted:
            case model::StepKind::debit_rejected: break;
        }
    }
}

Register RegisterRecorder::take() {
    // Episodes still open when the run ended: their days run to the last day, their amounts are
    // those of the end.
    for (const auto& [f, open] : open_) {
        if (open.family_episode >= 0) {
            Episode& episode = episodes_[static_cast<std::size_t>(open.family_episode)];
            episode.days = episode.start.days_until(last_day_) + 1;
            episode.owed_at_end = open.stake.owed;
            episode.overpaid_at_end = open.stake.overpaid;
        }
        if (open.carer_episode >= 0) {
            CarerEpisode& episode = carer_episodes_[static_cast<std::size_t>(open.carer_episode)];
            episode.days = episode.start.days_until(last_day_) + 1;
            episode.unpaid_at_end = open.stake.carers_unpaid;
            episode.longest_late_days = std::max(episode.longest_late_days, open.stake.carers_late_days);
        }
    }
    // Into the register's vectors, each at its size, the run's deques freed.
    register_.episodes.reserve(episodes_.size());
    for (Episode& episode : episodes_) register_.episodes.push_back(std::move(episode));
    std::deque<Episode>().swap(episodes_);
    register_.carer_episodes.reserve(carer_episodes_.size());
    for (CarerEpisode& episode : carer_episodes_) register_.carer_episodes.push_back(std::move(episode));
    std::deque<CarerEpisode>().swap(carer_episodes_);
    for (Episode& episode : register_.episodes) fill_episode(episode);
    for (CarerEpisode& episode : register_.carer_episodes) {
        for (std::uint32_t c = world_.family_contract_begin[episode.family.index()];
             c < world_.family_contract_begin[episode.family.index() + 1]; ++c) {
            episode.carers.push_back(world_.contracts[c].carer);
        }
        std::sort(episode.carers.begin(), episode.carers.end());
        episode.carers.erase(std::unique(episode.carers.begin(), episode.carers.end()), episode.carers.end());
    }
    const auto by_family = [](const auto& a, const auto& b) {
        return a.family != b.family ? a.family < b.family : a.start < b.start;
    };
    std::sort(register_.episodes.begin(), register_.episodes.end(), by_family);
    std::sort(register_.carer_episodes.begin(), register_.carer_episodes.end(), by_family);
    open_.clear();
    flags_.clear();
    return std::move(register_);
}

}  // namespace pajesim::harness
