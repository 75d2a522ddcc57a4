#include "sim/model/engine.hpp"

#include <algorithm>

#include "sim/kernel/business_days.hpp"

namespace pajesim::model::detail {

Engine::Engine(const Scenario& scenario, const law::LegalParameters& parameters, World& world,
               const RunOptions& options)
    : scenario_(scenario),
      workflow_(scenario.workflow),
      processes_(scenario.processes),
      parameters_(parameters),
      world_(world),
      options_(options),
      seams_(options.seams != nullptr ? *options.seams : default_seams_),
      queue_(scenario.first_month.first_day()),
      ledger_(AccountPlan{static_cast<std::uint32_t>(world.families.size()),
                          static_cast<std::uint32_t>(world.carers.size())}),
      rights_(world.families.size()),
      horizon_(scenario.last_month.plus_months(4).first_day()),
      today_(scenario.first_month.first_day()),
      first_cutover_(scenario.workflow.cutover) {
    PAJESIM_ASSERT(scenario.month_count() <= 64);  // month masks are 64 bits
    ledger_.set_journal(options.journal);
    tracing_any_ = options.observer != nullptr && options.observer->traces_any();
    const std::size_t families = world.families.size();
    result_.month_count = scenario.month_count();
    result_.months.resize(static_cast<std::size_t>(result_.month_count));
    for (std::int32_t m = 0; m < result_.month_count; ++m) {
        result_.months[static_cast<std::size_t>(m)].month = scenario.first_month.plus_months(m);
    }
    const std::size_t cells = families * static_cast<std::size_t>(result_.month_count);
    result_.owed_cents.assign(cells, 0);
    result_.paid_cents.assign(cells, 0);
    result_.families.resize(families);
    month_flags_.assign(cells, 0);
    contributions_due_cents_.assign(cells, 0);
    committed_cents_.assign(cells, 0);
    carers_due_cents_.assign(cells, 0);
    carers_paid_cents_.assign(cells, 0);
    contributions_debited_cents_.assign(cells, 0);
    caf_known_.assign(families, 0);
    rights_sent_.assign(families, 0);
    contract_declared_.assign(world.contracts.size(), 0);
    contract_received_.assign(world.contracts.size(), 0);
    contract_settled_.assign(world.contracts.size(), 0);
    contract_debited_all_.assign(world.contracts.size(), 0);
    file_open_.assign(families, 0);
    regularisation_pending_.assign(families, 0);
    suspect_.assign(families, 0);
    affected_.assign(families, 0);
    advance_outstanding_.assign(families, Cents{0});
    fixes_of_family_.assign(families, 0);
    for (std::uint32_t caf = 0; caf < scenario.population.cafs; ++caf) {
        first_cutover_ = std::min(first_cutover_, scenario.cutover_for(caf));
    }
}

RunResult Engine::run() {
    const Date start = scenario_.first_month.first_day();
    for (std::uint32_t f = 0; f < world_.families.size(); ++f) {
        transfer(ledger_.plan().outside(), ledger_.plan().family(FamilyId{f}),
                 world_.families[f].starting_balance, Cause::opening_balance, FamilyId{f}, 0);
        schedule_caf_processing(FamilyId{f});
    }
    push(start, Phase::plan, Event{EventKind::month_plan, 0, 0, 0, 0, 0});
    // The initial transfer of rights runs ahead of each cohort's cutover, so that Pajemploi
    // holds rights when the first declarations reach it.
    const std::uint32_t cohorts =
        scenario_.rollout.mode == RolloutMode::phased ? scenario_.rollout.cohorts : 1;
    for (std::uint32_t cohort = 0; cohort < cohorts; ++cohort) {
        const Date transfer_date = scenario_.bulk_transfer_date(cohort);
        if (transfer_date < horizon_) {
            push(std::max(transfer_date, start), Phase::caf,
                 Event{EventKind::rights_transfer, 0, 0, cohort, 0, 0});
        }
    }
    if (first_cutover_ < horizon_) {
        push(next_business_day_on_or_after(std::max(first_cutover_, start)), Phase::agents,
             Event{EventKind::agents_day, 0, 0, 0, 0, 0});
    }
    while (auto item = queue_.pop()) {
        // Every calendar day ends, with or without events: watchers keep their own due dates.
        for (; today_ < item->date; today_ = today_.plus_days(1)) {
            if (options_.observer != nullptr) options_.observer->on_day_end(view_);
        }
        ++result_.statistics.events;
        dispatch(item->event);
    }
    if (options_.observer != nullptr) {
        options_.observer->on_day_end(view_);
        options_.observer->on_run_end(view_);
    }
    summarise();
    result_.ledger_net = ledger_.net();
    result_.statistics.transfers = ledger_.transfer_count();
    return std::move(result_);
}

void Engine::push(Date date, Phase phase, const Event& event) {
    PAJESIM_ASSERT(date >= today_);
    queue_.push(date, static_cast<std::size_t>(phase), event);
}

void Engine::dispatch(const Event& event) {
    switch (event.kind) {
        case EventKind::month_plan: return plan_month(event.month);
        case EventKind::rights_transfer: return rights_transfer(event.subject);
        case EventKind::caf_process: return caf_process(event);
        case EventKind::rights_delivery: return deliver_rights(event);
        case EventKind::income:
            return transfer(ledger_.plan().outside(), ledger_.plan().family(FamilyId{event.subject}),
                            world_.families[event.subject].monthly_income, Cause::income,
                            FamilyId{event.subject}, event.month);
        case EventKind::declaration: return declare(ContractId{event.subject}, event.month);
        case EventKind::declaration_intake:
            return declaration_intake(ContractId{event.subject}, event.month);
        case EventKind::caf_payment: return caf_pay(event);
        case EventKind::cmg_payment: return pay_cmg(event);
        case EventKind::covered_payment: return pay_covered(event);
        case EventKind::contributions_debit: return debit_contributions(event);
        case EventKind::plus_debit: return debit_pajemploi_plus(event);
        case EventKind::carer_payment: return pay_carer(event);
        case EventKind::deadline_check: return deadline_check(event.month, event.flags);
        case EventKind::call: return call(FamilyId{event.subject});
        case EventKind::agents_day: return agents_day();
        case EventKind::regularisation_batch: return regularisation_batch();
        case EventKind::advance_payment: return pay_advance(event);
        case EventKind::advance_recovery: return recover_advance(event);
        case EventKind::month_end: return month_end(event.month);
    }
}

MonthFigures& Engine::figures_today() {
    const std::int16_t index = std::clamp<std::int16_t>(
        index_of(today_.year_month()), 0, static_cast<std::int16_t>(result_.month_count - 1));
    return figures(index);
}

void Engine::transfer(AccountId source, AccountId target, Cents amount, Cause cause,
                      FamilyId family, std::int16_t month) {
    if (amount == Cents{0}) return;
    const Transfer record{today_, source, target, amount, cause, family, month_of(month)};
    ledger_.transfer(record);
    if (options_.observer != nullptr) options_.observer->on_transfer(record, view_);
}

void Engine::trace(FamilyId family, std::string_view kind, std::int16_t month, Cents amount,
                   std::string detail) {
    options_.observer->on_file_event(FileEvent{today_, family, kind, month_of(month), amount, std::move(detail)});
}

Date EngineView::today() const { return engine_.today_; }
YearMonth EngineView::first_month() const { return engine_.scenario_.first_month; }
std::int32_t EngineView::month_count() const { return engine_.result_.month_count; }
std::uint32_t EngineView::family_count() const {
    return static_cast<std::uint32_t>(engine_.world_.families.size());
}
bool EngineView::declared(FamilyId family, std::int32_t month) const {
    return (engine_.month_flags_[engine_.cell(family, static_cast<std::int16_t>(month))] & declared_flag) != 0;
}
Cents EngineView::cmg_owed(FamilyId family, std::int32_t month) const {
    return Cents{engine_.result_.owed_cents[engine_.cell(family, static_cast<std::int16_t>(month))]};
}
Cents EngineView::cmg_paid(FamilyId family, std::int32_t month) const {
    return Cents{engine_.result_.paid_cents[engine_.cell(family, static_cast<std::int16_t>(month))]};
}
Cents EngineView::debit_due(FamilyId family, std::int32_t month) const {
    return Cents{engine_.contributions_due_cents_[engine_.cell(family, static_cast<std::int16_t>(month))]};
}
Cents EngineView::debited(FamilyId family, std::int32_t month) const {
    return Cents{engine_.contributions_debited_cents_[engine_.cell(family, static_cast<std::int16_t>(month))]};
}
Cents EngineView::carers_due(FamilyId family, std::int32_t month) const {
    return Cents{engine_.carers_due_cents_[engine_.cell(family, static_cast<std::int16_t>(month))]};
}
Cents EngineView::carers_paid(FamilyId family, std::int32_t month) const {
    return Cents{engine_.carers_paid_cents_[engine_.cell(family, static_cast<std::int16_t>(month))]};
}
Cents EngineView::ledger_net() const { return engine_.ledger_.net(); }
Cents EngineView::balance(AccountId account) const { return engine_.ledger_.balance(account); }
std::uint32_t EngineView::account_count() const { return engine_.ledger_.plan().size(); }

Date Engine::cutover_of(FamilyId family) const {
    return scenario_.cutover_for(world_.families[family.index()].caf.value());
}

// Care months from the cutover's month on are Pajemploi's; earlier ones stay with the CAF.
bool Engine::new_workflow(FamilyId family, YearMonth month) const {
    return month >= cutover_of(family).year_month();
}

// --- the month's plan: declarations, incomes, the deadline check and the month end ---------

void Engine::plan_month(std::int16_t index) {
    const YearMonth month = month_of(index);
    if (month.month() == 1 && index > 0) january_roll();
    const auto families = static_cast<std::uint32_t>(world_.families.size());
    for (std::uint32_t f = 0; f < families; ++f) {
        const Family& family = world_.families[f];
        push(month.day_clamped(family.income_day), Phase::income,
             Event{EventKind::income, 0, index, f, 0, 0});
        for (std::uint32_t c = world_.family_contract_begin[f];
             c < world_.family_contract_begin[f + 1]; ++c) {
            if (!world_.contract_active(world_.contracts[c], month)) continue;
            push(declaration_date(ContractId{c}, month), Phase::declarations,
                 Event{EventKind::declaration, 0, index, c, 0, 0});
        }
    }
    push(due_date(index, false), Phase::agents, Event{EventKind::deadline_check, 0, index, 0, 0, 0});
    push(due_date(index, true), Phase::agents, Event{EventKind::deadline_check, 1, index, 0, 0, 0});
    push(due_date(index, false).plus_days(old_workflow_grace_days), Phase::agents,
         Event{EventKind::deadline_check, 2, index, 0, 0, 0});
    push(due_date(index, true).plus_days(old_workflow_grace_days), Phase::agents,
         Event{EventKind::deadline_check, 3, index, 0, 0, 0});
    push(month.last_day(), Phase::month_end, Event{EventKind::month_end, 0, index, 0, 0, 0});
    if (month < scenario_.last_month) {
        push(month.plus_months(1).first_day(), Phase::plan,
             Event{EventKind::month_plan, 0, static_cast<std::int16_t>(index + 1), 0, 0, 0});
    }
    if (options_.progress) options_.progress(index + 1, result_.month_count);
}

// Month M is declared between the 25th of M and the 5th of M+1; a share later.
Date Engine::declaration_date(ContractId contract, YearMonth month) const {
    RandomStream stream(scenario_.seed, StreamKind::declarations,
                        std::uint64_t{contract.value()} << 16 |
                            static_cast<std::uint16_t>(index_of(month)));
    const Date window_start = month.day_clamped(25);
    if (stream.bernoulli(workflow_.late_declaration_share)) {
        const Date late_start = month.plus_months(1).day_clamped(6);
        return late_start.plus_days(static_cast<std::int32_t>(stream.uniform_below(
            static_cast<std::uint64_t>(workflow_.late_declaration_max_days))));
    }
    const Date window_end = month.plus_months(1).day_clamped(5);
    return window_start.plus_days(static_cast<std::int32_t>(
        stream.uniform_below(static_cast<std::uint64_t>(window_start.days_until(window_end) + 1))));
}

// Counts, on the month's last day, the families owed money. Only families found wrong at a
// deadline are examined: a family never found wrong owes nothing to anyone.
void Engine::month_end(std::int16_t index) {
    MonthFigures& figure = figures(index);
    std::vector<std::uint32_t> still;
    still.reserve(suspects_.size());
    for (const std::uint32_t f : suspects_) {
        const Cents owed = owed_to_family(FamilyId{f}, true);
        if (owed > Cents{0}) {
            ++figure.families_in_arrears;
            if (owed >= processes_.advance_threshold) ++figure.families_in_arrears_above_threshold;
            figure.money_owed += owed;
            if (affected_[f] == 0) {
                affected_[f] = 1;
                ++result_.statistics.families_affected;
            }
        }
        if (owed > Cents{0} || file_open_[f] != 0 || carers_owed(FamilyId{f}) > Cents{0}) {
            still.push_back(f);
        } else {
            suspect_[f] = 0;
        }
    }
    suspects_.swap(still);
    figure.families_affected = result_.statistics.families_affected;
    result_.statistics.family_days_in_arrears +=
        std::uint64_t{figure.families_in_arrears} * month_of(index).day_count();
    figure.files_open = static_cast<std::uint32_t>(files_.size());
    figure.agents = agents_on(today_);
}

void Engine::summarise() {
    for (std::uint32_t f = 0; f < world_.families.size(); ++f) {
        FamilySummary& summary = result_.families[f];
        for (std::int16_t m = 0; m < result_.month_count; ++m) {
            const std::size_t at = cell(FamilyId{f}, m);
            if ((month_flags_[at] & declared_flag) == 0) continue;
            ++summary.months_declared;
            const Cents owed{result_.owed_cents[at]};
            const Cents paid{result_.paid_cents[at]};
            summary.cmg_owed += owed;
            summary.cmg_paid += paid;
            if (owed != paid) {
                if (summary.first_month_wrong < 0) summary.first_month_wrong = m;
                summary.last_month_wrong = m;
            }
            if (paid < owed) {
                // Still unpaid: the wait so far counts.
                const std::uint8_t flags = month_flags_[at];
                const Date due = due_date(m, (flags & late_flag) != 0)
                                     .plus_days((flags & new_workflow_flag) != 0 ? 0 : old_workflow_grace_days);
                result_.statistics.longest_delay_days =
                    std::max(result_.statistics.longest_delay_days, due.days_until(today_));
            }
            summary.largest_arrears = max(summary.largest_arrears, owed - paid);
        }
        const Cents owed = owed_to_family(FamilyId{f}, false);
        if (owed > Cents{0}) {
            ++result_.statistics.families_still_owed;
            result_.statistics.money_still_owed += owed;
        }
    }
    result_.statistics.files_still_open = static_cast<std::uint32_t>(files_.size());
}

std::int64_t pack(const RightsRecord& r) {
    return static_cast<std::int64_t>(r.valid_from.index()) << 32 |
           static_cast<std::int64_t>(r.bracket) << 24 |
           static_cast<std::int64_t>(r.single_parent) << 16 |
           static_cast<std::int64_t>(r.known_children) << 8 |
           static_cast<std::int64_t>(r.lost_birth_mask);
}

RightsRecord unpack(std::int64_t packed) {
    RightsRecord r;
    r.valid_from = YearMonth::from_index(static_cast<std::int32_t>(packed >> 32));
    r.bracket = static_cast<std::uint8_t>(packed >> 24 & 0xff);
    r.single_parent = (packed >> 16 & 1) != 0;
    r.known_children = static_cast<std::uint8_t>(packed >> 8 & 0xff);
    r.lost_birth_mask = static_cast<std::uint8_t>(packed & 0xff);
    return r;
}

namespace {
std::string describe_today(const void* engine) {
    return static_cast<const Engine*>(engine)->today().to_string();
}
}  // namespace

}  // namespace pajesim::model::detail

namespace pajesim::model {

TestBreaks default_breaks() {
    TestBreaks breaks;
#ifdef PAJESIM_BREAK
    const std::string_view name = PAJESIM_BREAK;
    breaks.drop_salary_cap = name == "drop_salary_cap";
    breaks.pay_regularisation_twice = name == "pay_regularisation_twice";
    breaks.recover_advances_early = name == "recover_advances_early";
    breaks.lose_single_parent_in_transfer = name == "lose_single_parent_in_transfer";
    PAJESIM_ASSERT(breaks.any());
#endif
    return breaks;
}

RunResult run_simulation(const Scenario& scenario, const law::LegalParameters& parameters,
                         World& world, const RunOptions& options) {
    PAJESIM_ASSERT(parameters.covers(scenario.first_month));
    PAJESIM_ASSERT(parameters.covers(scenario.last_month));
    detail::Engine engine(scenario, parameters, world, options);
    const RunContext context{scenario.seed, &detail::describe_today, &engine};
    const RunContextScope scope(context);
    return engine.run();
}

}  // namespace pajesim::model
