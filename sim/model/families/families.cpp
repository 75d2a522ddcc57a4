#include "sim/model/families/families.hpp"

#include <algorithm>
#include <array>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/parallel.hpp"
#include "sim/kernel/random.hpp"

namespace pajesim::model {

void Families::start() {
    const World& world = context_.world;
    context_.for_each_family([&](std::uint32_t f) {
        context_.transfer(context_.accounts().outside(), context_.accounts().family(FamilyId{f}),
                          world.families[f].starting_balance, Cause::opening_balance, FamilyId{f}, 0);
    });
}

void Families::plan_month(std::int16_t index) {
    const World& world = context_.world;
    const YearMonth month = context_.month_of(index);
    const Date first = month.first_day();
    // Each income day of the month (a day past its end falls on its last), and its declarations'
    // window, computed once for every family.
    std::array<std::uint16_t, 32> income_days{};
    for (unsigned day = 1; day < income_days.size(); ++day) {
        income_days[day] = static_cast<std::uint16_t>(first.days_until(month.day_clamped(day)));
    }
    MonthCalendar& calendar = calendar_of(index);
    const auto walk_incomes = [&](const auto& visit) {
        context_.for_each_family([&](std::uint32_t f) {
            const std::uint8_t income_day = world.families[f].income_day;
            PAJESIM_ASSERT(income_day >= 1 && income_day < income_days.size());
            visit(f, income_days[income_day]);
        });
    };
    if (shared_incomes_ == SharedIncomes::unknown) {
        // Days 1 to 28 are in every month, in the same order: then every month's incomes group
        // the same families by the same day of the month, in the same order.
        shared_incomes_ = SharedIncomes::yes;
        context_.for_each_family([&](std::uint32_t f) {
            if (world.families[f].income_day > 28) shared_incomes_ = SharedIncomes::no;
        });
    }
    if (shared_incomes_ == SharedIncomes::yes) {
        if (incomes_.month < 0) {
            // Made once, from this month's days (the income day less one, whatever the month).
            incomes_.month = 0;
            incomes_.bounds.assign(1, 0);
            post_batches<IncomeBatch>(incomes_, index, first, Phase::income, walk_incomes, &income_days_);
        }
        for (std::size_t k = 0; k + 1 < incomes_.bounds.size(); ++k) {
            context_.post(first.plus_days(income_days_[k]), Phase::income, IncomeBatch{index, static_cast<std::uint16_t>(k)});
        }
    } else {
        post_batches<IncomeBatch>(calendar, index, first, Phase::income, walk_incomes);
    }
    // Each active contract's declaration day.
    const DeclarationWindow declarations(context_.scenario, month);
    const auto day_of = [&](std::uint32_t contract) {
        const std::int32_t day = first.days_until(declarations.date_of(ContractId{contract}));
        PAJESIM_ASSERT(day >= 0 && day <= UINT16_MAX);
        return static_cast<std::uint16_t>(day);
    };
    // The active contracts of families [from, to), in index order.
    const auto each_active = [&](std::uint32_t from, std::uint32_t to, const auto& visit) {
        for (std::uint32_t c = world.family_contract_begin[from]; c < world.family_contract_begin[to]; ++c) {
            if (world.contract_active(world.contracts[c], month)) visit(c);
        }
    };
    days_.clear();
    bool drawn = false;
    const auto families = static_cast<std::uint32_t>(world.families.size());
    const unsigned threads = context_.options.threads;
    if (context_.families_living() == nullptr && range_count(families, threads) > 1) {
        // Each contract's day comes from its own stream: drawn in ranges of families at once,
        // each range's days at its place in the walk's order (the same days on any number).
        std::vector<std::size_t> place(range_count(families, threads) + std::size_t{1}, 0);
        run_in_numbered_ranges(families, threads, [&](unsigned k, std::uint32_t from, std::uint32_t to) {
            each_active(from, to, [&](std::uint32_t) { ++place[k + 1]; });
        });
        for (std::size_t k = 1; k < place.size(); ++k) place[k] += place[k - 1];
        days_.resize(place.back());
        run_in_numbered_ranges(families, threads, [&](unsigned k, std::uint32_t from, std::uint32_t to) {
            std::size_t next = place[k];
            each_active(from, to, [&](std::uint32_t c) { days_[next++] = day_of(c); });
        });
        drawn = true;
    }
    // Otherwise each active contract's day is drawn on the first walk and kept (two bytes a
    // contract) for the second.
    post_batches<DeclarationBatch>(calendar, index, first, Phase::declarations, [&](const auto& visit) {
        std::size_t next = 0;
        context_.for_each_family([&](std::uint32_t f) {
            each_active(f, f + 1, [&](std::uint32_t c) {
                if (!drawn) days_.push_back(day_of(c));
                visit(c, days_[next++]);
            });
        });
        drawn = true;
    });
    if (calendar.batches_left == 0) calendar.month = -1;  // no family lives in the run
}

template <typename Batch, typename Walk>
void Families::post_batches(MonthCalendar& calendar, std::int16_t month, Date first, Phase phase, const Walk& walk,
                            std::vector<std::uint16_t>* batch_days) {
    day_counts_.clear();
    walk([&](std::uint32_t, std::uint16_t day) {
        if (day >= day_counts_.size()) day_counts_.resize(day + std::size_t{1}, 0);
        ++day_counts_[day];
    });
    // Each day's place in ids (a counting sort: stable, so index order within a day).
    const std::size_t base = calendar.ids.size();
    std::uint32_t place = static_cast<std::uint32_t>(base);
    for (std::size_t day = 0; day < day_counts_.size(); ++day) {
        const std::uint32_t count = day_counts_[day];
        if (count == 0) continue;
        day_counts_[day] = place;
        PAJESIM_ASSERT(calendar.bounds.size() <= UINT16_MAX);
        if (batch_days != nullptr) {
            batch_days->push_back(static_cast<std::uint16_t>(day));
        } else {
            context_.post(first.plus_days(static_cast<std::int32_t>(day)), phase,
                          Batch{month, static_cast<std::uint16_t>(calendar.bounds.size() - 1)});
            ++calendar.batches_left;
        }
        place += count;
        calendar.bounds.push_back(place);
    }
    calendar.ids.resize(place);
    walk([&](std::uint32_t id, std::uint16_t day) { calendar.ids[day_counts_[day]++] = id; });
}

Families::MonthCalendar& Families::calendar_of(std::int16_t month) {
    for (MonthCalendar& calendar : calendars_) {
        if (calendar.month == month) return calendar;
    }
    MonthCalendar* free = nullptr;
    for (MonthCalendar& calendar : calendars_) {
        if (calendar.month < 0) free = &calendar;
    }
    if (free == nullptr) free = &calendars_.emplace_back();
    free->month = month;
    free->ids.clear();
    free->bounds.assign(1, 0);
    free->batches_left = 0;
    return *free;
}

const Families::MonthCalendar& Families::calendar_of(std::int16_t month) const {
    for (const MonthCalendar& calendar : calendars_) {
        if (calendar.month == month) return calendar;
    }
    PAJESIM_ASSERT(false && "a batch of a month with no calendar");
    return calendars_.front();
}

std::span<const std::uint32_t> Families::batch(std::int16_t month, std::uint16_t batch) const {
    const MonthCalendar& calendar = calendar_of(month);
    PAJESIM_ASSERT(batch + std::size_t{1} < calendar.bounds.size());
    return std::span<const std::uint32_t>(calendar.ids).subspan(calendar.bounds[batch],
                                                                 calendar.bounds[batch + 1u] - calendar.bounds[batch]);
}

std::span<const std::uint32_t> Families::income_batch(std::int16_t month, std::uint16_t batch) const {
    if (shared_incomes_ != SharedIncomes::yes) return this->batch(month, batch);
    PAJESIM_ASSERT(batch + std::size_t{1} < incomes_.bounds.size());
    return std::span<const std::uint32_t>(incomes_.ids).subspan(incomes_.bounds[batch],
                                                                incomes_.bounds[batch + 1u] - incomes_.bounds[batch]);
}

void Families::income_batch_done(std::int16_t month) {
    if (shared_incomes_ != SharedIncomes::yes) batch_done(month);
}

void Families::batch_done(std::int16_t month) {
    for (MonthCalendar& calendar : calendars_) {
        if (calendar.month != month) continue;
        PAJESIM_ASSERT(calendar.batches_left > 0);
        if (--calendar.batches_left == 0) {
            // Its room is kept for a later month (the next but one).
            calendar.month = -1;
        }
        return;
    }
    PAJESIM_ASSERT(false && "a batch of a month with no calendar");
}

void Families::handle(const IncomeDue& message) {
    const FamilyId family{message.family};
    context_.transfer(context_.accounts().outside(), context_.accounts().family(family),
                      context_.monthly_income(family), Cause::income, family,
                      message.month);
}

bool Families::parallel_run_month(FamilyId family, YearMonth month) const {
    const RolloutParameters& rollout = context_.scenario.rollout;
    return rollout.mode == RolloutMode::parallel_run && context_.new_workflow(family, month) &&
           month < context_.cutover_of(family).year_month().plus_months(rollout.parallel_run_months);
}

void Families::handle(const DeclarationDue& message) {
    const ContractId id{message.contract};
    const Contract& contract = context_.world.contracts[id.index()];
    const FamilyId family = contract.family;
    const YearMonth month = context_.month_of(message.month);
    const auto [pay, covered] = books_.declared(id, message.month);
    if (context_.options.observer != nullptr) {
        context_.options.observer->on_declaration(
            DeclarationMade{context_.today(), family, context_.caf_of(family), id, month, covered},
            *context_.view());
    }
    PAJESIM_TRACE(context_, family, "declaration", message.month, pay,
                  "contract " + std::to_string(id.value()) + (contract.pajemploi_plus ? " (Pajemploi+)" : "") +
                      ", CMG owed by law for the family's month, its contracts declared so far: " +
                      books_.owed(family, message.month).to_string());
    if (!contract.pajemploi_plus || !context_.new_workflow(family, month)) pay_salary(id.value(), message.month, 0, pay);
    if (parallel_run_month(family, month)) {
        context_.send(ParallelCheck{id.value(), message.month});
    } else {
        context_.send(DeclarationSent{id.value(), context_.today().day_count(), 0, 0, message.month, false});
    }
}

void Families::maybe_call(FamilyId family, std::int16_t month, std::uint64_t draw_key, bool again) {
    const ProcessParameters& p = context_.scenario.processes;
    RandomStream stream(context_.scenario.seed, StreamKind::family_notice, draw_key);
    if (!stream.bernoulli(p.notice_probability)) return;
    const auto delay = static_cast<std::int32_t>(stream.uniform_int(p.notice_delay_days.min, p.notice_delay_days.max));
    const Date when = context_.today().plus_days(delay);
    if (when < context_.horizon()) {
        context_.post(std::max(when, context_.earliest(Phase::agents)), Phase::agents, Call{family.value(), month, again});
    }
}

// On the payment deadline of month M, each family wrongly paid for M may notice and call; a
// second check, later, looks at the families that declared late.
void Families::handle(const DeadlineCheck& message) {
    const std::int16_t index = message.month;
    const bool late_declarations = (message.which & 1) != 0;
    const bool caf_months = (message.which & 2) != 0;
    context_.for_each_family([&](std::uint32_t f) {
        const FamilyId family{f};
        const std::uint8_t flags = books_.flags(family, index);
        if ((flags & declared_flag) == 0) return;
        if (((flags & new_workflow_flag) == 0) != caf_months) return;
        if (((flags & late_flag) != 0) != late_declarations) return;
        // A Pajemploi+ debit due and not taken: the family owes the centre (counted at month ends).
        if ((flags & plus_flag) != 0 && books_.debited(family, index) < books_.debit_due(family, index)) {
            books_.suspect(family);
        }
        const bool short_paid = books_.unpaid(family, index) > 0;
        const bool over_debited = books_.debited(family, index) > books_.debit_due(family, index);
        // An unpaid carer complains to the family, who calls too.
        const bool carer_short = books_.carers_unpaid(family, index) > Cents{0};
        if (!short_paid && !over_debited && !carer_short) return;
        books_.suspect(family);
        maybe_call(family, index, std::uint64_t{f} << 16 | static_cast<std::uint16_t>(index) |
                                      std::uint64_t{message.which} << 48);
    });
    if (message.which != 0) return;
    // Families still owed money for earlier months may call again.
    for (const std::uint32_t f : books_.suspects()) {
        const FamilyId family{f};
        if (books_.owed_to_family(family, true) == Cents{0} && books_.carers_owed(family) == Cents{0}) continue;
        maybe_call(family, index, std::uint64_t{f} << 16 | static_cast<std::uint16_t>(index) | std::uint64_t{1} << 15,
                   true);
    }
}

void Families::pay_salary(std::uint32_t id, std::int16_t month, std::uint16_t attempt, Cents pay) {
    const Contract& contract = context_.world.contracts[id];
    const FamilyId family = contract.family;
    const Cents balance = context_.balance(context_.accounts().family(family));
    if (balance < pay && context_.scenario.workflow.direct_pay_when_short == DirectPayWhenShort::wait_for_funds) {
        // The parent waits for money to come in (its income, or the CMG) and tries again the
        // day after its next income; the carer waits meanwhile.
        const unsigned day = context_.world.families[family.index()].income_day;
        const Date today = context_.today();
        Date income = today.year_month().day_clamped(day);
        if (income <= today) income = today.year_month().plus_months(1).day_clamped(day);
        const Date retry = income.plus_days(1);
        PAJESIM_TRACE(context_, family, "salary_waiting", month, pay,
                      "balance " + balance.to_string() + ": the parent pays the carer when funds arrive");
        if (retry < context_.horizon()) {
            context_.post(retry, Phase::declarations, SalaryDue{id, month, static_cast<std::uint16_t>(attempt + 1)});
        }
        return;
    }
    // The parent pays the carer: the bank lets the parent's own transfer through.
    if (balance < pay) context_.overdraft();
    context_.transfer(context_.accounts().family(family), context_.accounts().carer(contract.carer), pay, Cause::salary,
                      family, month);
    if (attempt > 0) {
        PAJESIM_TRACE(context_, family, "salary_paid", month, pay, "the parent pays the carer, late");
    }
}

void Families::handle(const SalaryDue& message) {
    const Cents pay = context_.world.contracts[message.contract].pay_in(context_.month_of(message.month));
    pay_salary(message.contract, message.month, message.attempt, pay);
}

// A family sees on its statement a debit beyond what it owes, and may call.
void Families::handle(const DebitOnStatement& message) {
    const FamilyId family{message.family};
    if (books_.debited(family, message.month) <= books_.debit_due(family, message.month)) return;
    books_.suspect(family);
    maybe_call(family, message.month,
               std::uint64_t{family.value()} << 16 | static_cast<std::uint16_t>(message.month) | std::uint64_t{1} << 14);
}

}  // namespace pajesim::model
