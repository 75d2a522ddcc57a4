// The run: builds the actors, delivers each message on the queue to the one actor that
// handles it, gives the centre its day, and turns the centre's actions into bank orders. It
// holds no state of the world's; the RunView it offers observers reads the truth's books and
// the ledger only.

#include <algorithm>
#include <span>
#include <system_error>
#include <type_traits>

#include "sim/kernel/business_days.hpp"
#include "sim/model/actor.hpp"
#include "sim/model/bank/bank.hpp"
#include "sim/model/caf/caf.hpp"
#include "sim/model/centre/centre_thread.hpp"
#include "sim/model/families/families.hpp"
#include "sim/model/links/links.hpp"
#include "sim/model/processes/processes.hpp"
#include "sim/model/truth/books.hpp"

namespace pajesim::model {
namespace {

Seams& perfect_world() {
    static Seams seams;
    return seams;
}

}  // namespace

Context::Context(const Scenario& s, const law::LegalParameters& p, const World& w, const RunOptions& o,
                 RunResult& result)
    : scenario(s),
      parameters(p),
      world(w),
      options(o),
      seams(o.seams != nullptr ? *o.seams : perfect_world()),
      tally(result),
      queue_(s.first_month.first_day()),
      ledger_(AccountPlan{static_cast<std::uint32_t>(w.families.size()), static_cast<std::uint32_t>(w.carers.size())}),
      today_(s.first_month.first_day()),
      horizon_(s.last_month.plus_months(4).first_day()) {
    PAJESIM_ASSERT(s.month_count() <= 64);  // month masks are 64 bits
    result.month_count = s.month_count();
    result.months.resize(static_cast<std::size_t>(result.month_count));
    for (std::int32_t m = 0; m < result.month_count; ++m) {
        result.months[static_cast<std::size_t>(m)].month = s.first_month.plus_months(m);
    }
    ledger_.set_journal(o.journal);
    tracing_any_ = o.observer != nullptr && o.observer->traces_any();
    histories_ = o.histories;
    families_.reserve(w.families.size());
    for (const Family& family : w.families) {
        const std::int64_t income = family.monthly_income.value();
        const bool fits = income > income_elsewhere && income <= INT32_MAX;
        families_.push_back({family.caf, fits ? static_cast<std::int32_t>(income) : income_elsewhere});
        const std::size_t caf = family.caf.index();
        if (caf >= cutover_months_.size()) {
            for (std::size_t c = cutover_months_.size(); c <= caf; ++c) {
                cutover_months_.push_back(s.cutover_for(static_cast<std::uint32_t>(c)).year_month());
            }
        }
    }
}

void Context::transfer(AccountId source, AccountId target, Cents amount, Cause cause, FamilyId family,
                       std::int16_t month) {
    if (amount == Cents{0}) return;
    const Transfer record{today_, source, target, amount, cause, family, month_of(month)};
    ledger_.transfer(record);
    if (histories_ != nullptr && family.index() < families_.size()) {
        histories_->fold(family,
                         static_cast<std::uint64_t>(source.value()) << 32 ^ target.value() ^
                             static_cast<std::uint64_t>(cause) << 56 ^ static_cast<std::uint64_t>(static_cast<std::uint16_t>(month)) << 40,
                         static_cast<std::uint64_t>(amount.value()) ^ static_cast<std::uint64_t>(today_.day_count()) << 40);
    }
    if (books_ != nullptr) books_->on_transfer(record);
    if (options.observer != nullptr) options.observer->on_transfer(record, *view_);
}

void Context::trace(FamilyId family, std::string_view kind, std::int16_t month, Cents amount, std::string detail,
                    std::uint16_t fault) {
    if (histories_ != nullptr) histories_->fold_text(family, kind, month, amount, today_, fault);
    options.observer->on_file_event(FileEvent{today_, family, kind, month_of(month), amount, std::move(detail), fault});
}

namespace {

template <typename... Handlers>
struct Overloaded : Handlers... {
    using Handlers::operator()...;
};
template <typename... Handlers>
Overloaded(Handlers...) -> Overloaded<Handlers...>;  // clang before 17 needs the guide

class Run final : public RunView {
public:
    Run(const Scenario& scenario, const law::LegalParameters& parameters, World& world, const RunOptions& options)
        : context_(scenario, parameters, world, options, result_),
          books_(context_, world),
          families_(context_, books_),
          caf_(context_),
          rights_link_(context_),
          declaration_link_(context_),
          bank_(context_),
          processes_(context_, books_),
          builtin_(options.centre == nullptr ? make_builtin_centre(context_.seams, options.breaks) : nullptr),
          centre_(options.centre != nullptr ? *options.centre : *builtin_) {
        context_.set_watchers(&books_, this);
        context_.set_delivery([](void* run, const Message& message) { static_cast<Run*>(run)->dispatch(message); },
                              this);
        context_.set_centre_reads_credit_returns(centre_.reads_credit_returns());
        centre_at_once_ = centre_.takes_messages_at_once();
        if (centre_at_once_) {
            context_.set_centre_at_once(
                [](void* run, CentreMessage&& message) { static_cast<Run*>(run)->centre_receive(std::move(message)); },
                this);
        }
        if (options.centre_actions_batch > 0) {
            centre_.set_action_outlet(ActionOutlet(
                [](void* run, std::vector<CentreAction>& actions) { static_cast<Run*>(run)->execute_all(actions); },
                this, options.centre_actions_batch));
        }
    }

    RunResult run();

    // RunView: the truth's books and the ledger.
    Date today() const override { return context_.today(); }
    YearMonth first_month() const override { return context_.scenario.first_month; }
    std::int32_t month_count() const override { return result_.month_count; }
    std::uint32_t family_count() const override { return static_cast<std::uint32_t>(context_.world.families.size()); }
    bool declared(FamilyId f, std::int32_t m) const override {
        return (books_.flags(f, static_cast<std::int16_t>(m)) & declared_flag) != 0;
    }
    std::int32_t months_written() const override { return books_.months_written(); }
    Cents cmg_owed(FamilyId f, std::int32_t m) const override { return books_.owed(f, static_cast<std::int16_t>(m)); }
    Cents cmg_paid(FamilyId f, std::int32_t m) const override { return books_.paid(f, static_cast<std::int16_t>(m)); }
    Cents cmg_unpaid(FamilyId f, std::int32_t m) const override {
        return Cents{books_.unpaid(f, static_cast<std::int16_t>(m))};
    }
    Cents debit_due(FamilyId f, std::int32_t m) const override { return books_.debit_due(f, static_cast<std::int16_t>(m)); }
    Cents debited(FamilyId f, std::int32_t m) const override { return books_.debited(f, static_cast<std::int16_t>(m)); }
    Cents carers_due(FamilyId f, std::int32_t m) const override { return books_.carers_due(f, static_cast<std::int16_t>(m)); }
    Cents carers_paid(FamilyId f, std::int32_t m) const override { return books_.carers_paid(f, static_cast<std::int16_t>(m)); }
    Cents carers_unpaid(FamilyId f, std::int32_t m) const override {
        return books_.carers_unpaid(f, static_cast<std::int16_t>(m));
    }
    SmallVector<AccountId, 4> carers_of(FamilyId f) const override { return books_.carers_of(f); }
    Cents carer_due(FamilyId f, std::int32_t m, AccountId carer) const override {
        return books_.carer_due(f, static_cast<std::int16_t>(m), carer);
    }
    Cents cmg_recovered(FamilyId f, std::int32_t m) const override { return books_.recovered(f, static_cast<std::int16_t>(m)); }
    Cents cmg_written_off(FamilyId f, std::int32_t m) const override {
        return books_.written_off(f, static_cast<std::int16_t>(m));
    }
    Cents ledger_net() const override { return context_.ledger().net(); }
    Cents balance(AccountId account) const override { return context_.ledger().balance(account); }
    std::uint32_t account_count() const override { return context_.ledger().plan().size(); }
    std::uint32_t person_accounts() const override { return context_.ledger().plan().caf_fund().value(); }

private:
    void dispatch(const Message& message);
    static constexpr std::size_t touch_far = 8;
    static constexpr std::size_t touch_near = 3;
    void touch_declaration_far(std::uint32_t contract, std::int16_t month) const;
    void touch_declaration_near(std::uint32_t contract, std::int16_t month) const;
    void touch_income(std::uint32_t family) const;
    void touch_event(const Message& message) const;
    template <typename Due, typename Batch>
    void handle_batch(const Batch& batch);
    void plan_month(std::int16_t month);
    void month_end(std::int16_t month);
    void centre_day();
    void centre_receive(CentreMessage&& message);
    void hand_to_centre(Date today, CentreMessage&& message);
    void execute(const CentreAction& action);
    void execute_all(std::vector<CentreAction>& actions);  // in order, then clears the list
    CentreSetup setup() const;

    RunResult result_;
    Context context_;
    Books books_;
    Families families_;
    Caf caf_;
    RightsLink rights_link_;
    DeclarationLink declaration_link_;
    Bank bank_;
    Processes processes_;
    std::unique_ptr<PajemploiCentre> builtin_;
    PajemploiCentre& centre_;
    bool centre_at_once_ = false;  // centre_.takes_messages_at_once(), asked once
    std::vector<CentreMessage> messages_;
    std::vector<CentreAction> actions_;
    // From the centre's turn to the end of its actions' execution: no message may reach a
    // centre that takes them at once (it would be called again inside its own turn).
    bool centre_turn_ = false;
    std::vector<FamilyId> fixed_;  // families whose fix reached the centre today
    void remember_fixes(const std::vector<CentreMessage>& messages);
    // The built-in centre takes its messages on a thread of its own when the run has two
    // threads or more (centre/centre_thread.hpp). Last: stopped before the rest goes.
    std::unique_ptr<CentreThread> centre_thread_;
};

CentreSetup Run::setup() const {
    CentreSetup setup;
    setup.scenario = &context_.scenario;
    setup.parameters = &context_.parameters;
    setup.world = &context_.world;
    setup.params_file = context_.options.params_file;
    setup.first_day = context_.scenario.first_month.first_day();
    setup.last_day = context_.horizon().plus_days(-1);
    for (int year = setup.first_day.year(); year <= setup.last_day.year(); ++year) {
        for (const Date holiday : public_holidays(year)) {
            if (setup.first_day <= holiday && holiday <= setup.last_day) setup.public_holidays.push_back(holiday);
        }
    }
    setup.families = static_cast<std::uint32_t>(context_.world.families.size());
    setup.contracts = static_cast<std::uint32_t>(context_.world.contracts.size());
    setup.needs_pajemploi_plus = std::any_of(context_.world.contracts.begin(), context_.world.contracts.end(),
                                             [](const Contract& c) { return c.pajemploi_plus; });
    setup.needs_parallel_run = context_.scenario.rollout.mode == RolloutMode::parallel_run;
    setup.needs_reconciliation = !context_.scenario.processes.reconciliations.empty();
    setup.needs_hourly_regime = context_.parameters.for_month(context_.scenario.last_month).hourly_start <=
                                context_.scenario.last_month;
    return setup;
}

RunResult Run::run() {
    const Date start = context_.scenario.first_month.first_day();
    RunObserver* observer = context_.options.observer;
    try {
        centre_.start(setup());
        if (centre_at_once_ && builtin_ != nullptr && context_.options.threads >= 2) {
            try {
                centre_thread_ = std::make_unique<CentreThread>(centre_, actions_, context_.scenario.seed);
            } catch (const std::system_error&) {
                // The system refused a thread: the centre takes its messages on this one (the
                // same results).
            }
        }
        families_.start();
        caf_.start();
        processes_.start();
        context_.post(start, Phase::plan, MonthPlan{0});
        context_.post(start, Phase::centre, CentreDay{});
        auto& queue = context_.queue();
        while (auto item = queue.pop()) {
            // Every calendar day ends, with or without events: watchers keep their own due dates.
            for (; context_.today() < item->date; context_.set_today(context_.today().plus_days(1))) {
                if (observer != nullptr) observer->on_day_end(*this);
            }
            // A batch is no event itself: each income, declaration or change in it is (handle_batch).
            if (!std::holds_alternative<IncomeBatch>(item->event) &&
                !std::holds_alternative<DeclarationBatch>(item->event) &&
                !std::holds_alternative<ChangesBatch>(item->event)) {
                ++result_.statistics.events;
            }
            if (const Message* next = queue.ahead(touch_far)) touch_event(*next);
            dispatch(item->event);
        }
        if (centre_thread_) centre_thread_->wait();
        centre_.finish();
        // The built-in centre is done with: its tables go before the summaries are made (the
        // run's peak of memory is at its end). centre_ is not used again.
        centre_thread_.reset();
        builtin_.reset();
    } catch (const CentreFailure& failure) {
        result_.complete = false;
        result_.stopped_on = failure.day();
        result_.stop_line = failure.line();
        result_.stop_reason = failure.what();
    }
    if (observer != nullptr) {
        observer->on_day_end(*this);
        if (result_.complete) observer->on_run_end(*this);
    }
    books_.summarise();
    result_.statistics.files_still_open = processes_.files_open();
    result_.ledger_net = context_.ledger().net();
    result_.statistics.transfers = context_.ledger().transfer_count();
    return std::move(result_);
}

// The incomes and declarations of a day reach families and contracts scattered over memory, in
// the order of their batch (IncomeBatch, DeclarationBatch): what the next ones read first is
// touched ahead (a declaration's contract far ahead, then through it its family's record, and
// what a centre that takes messages at once will read for it, nearer; an income's family record
// and account), so that those cache misses overlap with the handling of the ones before them.
void Run::touch_declaration_far(std::uint32_t contract, std::int16_t month) const {
    touch_whole(context_.world.contracts[contract]);
    books_.touch_prepared(ContractId{contract}, month);
}

void Run::touch_declaration_near(std::uint32_t contract, std::int16_t month) const {
    // A declaration reaches a centre that takes messages at once in the same event.
    const FamilyId family = context_.world.contracts[contract].family;
    context_.touch_family(family);
    books_.touch_declared(family);
    // (Not when the centre has its own thread: it may be writing what this would read.)
    if (centre_at_once_ && !centre_thread_) centre_.foresee_declaration(ContractId{contract}, family, context_.month_of(month));
}

void Run::touch_income(std::uint32_t family) const {
    context_.touch_family(FamilyId{family});
    context_.ledger().touch(context_.ledger().plan().family(FamilyId{family}));
}

// A day's bank orders (a payment day's millions) reach families scattered over memory in the
// order the centre gave them: what the one `touch_far` places on will read first is touched now.
void Run::touch_event(const Message& message) const {
    const auto* order = std::get_if<BankOrder>(&message);
    if (order == nullptr) return;
    const FamilyId family{order->family};
    if (family.index() >= context_.world.families.size()) return;
    context_.ledger().touch(context_.ledger().plan().family(family));
    books_.touch_family_month(family, order->month);
    if (const Histories* histories = context_.histories()) histories->touch(family);
}

// Each of a batch's incomes or declarations is an event of the run, handled as if it had been
// on the queue in the batch's place (where it was before batches: messages.hpp).
template <typename Due, typename Batch>
void Run::handle_batch(const Batch& batch) {
    const std::span<const std::uint32_t> ids = std::is_same_v<Due, IncomeDue>
                                                   ? families_.income_batch(batch.month, batch.batch)
                                                   : families_.batch(batch.month, batch.batch);
    const std::size_t count = ids.size();
    for (std::size_t i = 0; i < count; ++i) {
        if constexpr (std::is_same_v<Due, DeclarationDue>) {
            if (i + touch_far < count) touch_declaration_far(ids[i + touch_far], batch.month);
            if (i + touch_near < count) touch_declaration_near(ids[i + touch_near], batch.month);
        } else {
            if (i + touch_far < count) touch_income(ids[i + touch_far]);
        }
        ++result_.statistics.events;
        families_.handle(Due{ids[i], batch.month});
    }
    if constexpr (std::is_same_v<Due, IncomeDue>) {
        families_.income_batch_done(batch.month);
    } else {
        families_.batch_done(batch.month);
    }
}

void Run::dispatch(const Message& message) {
    std::visit(Overloaded{
                   [&](const MonthPlan& m) { plan_month(m.month); },
                   [&](const MonthEnd& m) { month_end(m.month); },
                   [&](const CentreDay&) { centre_day(); },
                   [&](const IncomeBatch& m) { handle_batch<IncomeDue>(m); },
                   [&](const DeclarationBatch& m) { handle_batch<DeclarationDue>(m); },
                   [&](const DeadlineCheck& m) { families_.handle(m); },
                   [&](const DebitOnStatement& m) { families_.handle(m); },
                   [&](const SalaryDue& m) { families_.handle(m); },
                   [&](const ChangeReported& m) { caf_.handle(m); },
                   [&](const ChangesBatch& m) {
                       for (const ChangeReported& change : caf_.batch(m)) {
                           ++result_.statistics.events;
                           caf_.handle(change);
                       }
                   },
                   [&](const InitialTransfer& m) { caf_.handle(m); },
                   [&](const NewYear& m) { caf_.handle(m); },
                   [&](const RegimeSwitch& m) { caf_.handle(m); },
                   [&](const DeclarationForCaf& m) { caf_.handle(m); },
                   [&](const CafPayment& m) { caf_.handle(m); },
                   [&](const ParallelCheck& m) { caf_.handle(m); },
                   [&](const ExtractRequest& m) { caf_.handle(m); },
                   [&](const CafDebitReturn& m) { caf_.handle(m); },
                   [&](const HeldPayment& m) { caf_.handle(m); },
                   [&](const RightsSent& m) { rights_link_.handle(m); },
                   [&](const RightsArrival& m) { rights_link_.handle(m); },
                   [&](const DeclarationSent& m) { declaration_link_.handle(m); },
                   [&](const DeclarationArrival& m) { declaration_link_.handle(m); },
                   [&](const BankOrder& m) { bank_.handle(m); },
                   [&](const Call& m) { processes_.handle(m); },
                   [&](const OpenFile& m) { processes_.handle(m); },
                   [&](const AgentsDay& m) { processes_.handle(m); },
                   [&](const ExtractRecord& m) { processes_.handle(m); },
                   [&](const RightsDelivered& m) { processes_.handle(m); },
                   [&](const RegularisationBatch& m) { processes_.handle(m); },
                   [&](const ReconciliationDay& m) { processes_.handle(m); },
                   [&](const AdvancePayment& m) { processes_.handle(m); },
                   [&](const AdvanceRecovery& m) { processes_.handle(m); },
                   [&](const AdvanceOffer& m) { processes_.handle(m); },
               },
               message);
}

// The month's calendar: incomes and declarations, the deadline checks and the month end.
void Run::plan_month(std::int16_t index) {
    const YearMonth month = context_.month_of(index);
    if (month.month() == 1 && index > 0) context_.post(context_.today(), Phase::caf, NewYear{});
    if (month.plus_months(1) == context_.parameters.for_month(month).hourly_start) {
        context_.post(context_.today(), Phase::caf, RegimeSwitch{});
    }
    books_.prepare_month(index, context_.options.threads);
    families_.plan_month(index);
    const Date deadline = books_.due_date(index, new_workflow_flag);
    const Date late_deadline = books_.due_date(index, new_workflow_flag | late_flag);
    context_.post(deadline, Phase::agents, DeadlineCheck{index, 0});
    context_.post(late_deadline, Phase::agents, DeadlineCheck{index, 1});
    context_.post(deadline.plus_days(old_workflow_grace_days), Phase::agents, DeadlineCheck{index, 2});
    context_.post(late_deadline.plus_days(old_workflow_grace_days), Phase::agents, DeadlineCheck{index, 3});
    context_.post(month.last_day(), Phase::month_end, MonthEnd{index});
    if (month < context_.scenario.last_month) {
        context_.post(month.plus_months(1).first_day(), Phase::plan, MonthPlan{static_cast<std::int16_t>(index + 1)});
    }
    if (context_.options.progress) context_.options.progress(index + 1, result_.month_count);
}

void Run::month_end(std::int16_t index) {
    books_.month_end(index);
    processes_.month_end(index);
}

// A centre that takes messages at once: those still waiting from an earlier day first, in
// their order, then this one.
void Run::centre_receive(CentreMessage&& message) {
    PAJESIM_ASSERT(!centre_turn_);
    const Date today = context_.today();
    std::vector<CentreMessage>& waiting = context_.centre_inbox();
    if (!waiting.empty()) {
        remember_fixes(waiting);
        for (CentreMessage& earlier : waiting) hand_to_centre(today, std::move(earlier));
        waiting.clear();
    }
    if (std::holds_alternative<FixFile>(message)) fixed_.push_back(std::get<FixFile>(message).family);
    hand_to_centre(today, std::move(message));
}

void Run::hand_to_centre(Date today, CentreMessage&& message) {
    if (centre_thread_) {
        centre_thread_->receive(today, std::move(message));
    } else {
        centre_.receive(today, message, actions_);
    }
}

void Run::remember_fixes(const std::vector<CentreMessage>& messages) {
    for (const CentreMessage& message : messages) {
        if (const auto* fix = std::get_if<FixFile>(&message)) fixed_.push_back(fix->family);
    }
}

// The centre's turn: the messages that reached it since its last turn, and its actions.
void Run::centre_day() {
    const Date today = context_.today();
    messages_.swap(context_.centre_inbox());
    context_.centre_inbox().clear();
    remember_fixes(messages_);
    if (centre_at_once_) {
        for (CentreMessage& message : messages_) hand_to_centre(today, std::move(message));
        messages_.clear();
    }
    if (centre_thread_) centre_thread_->wait();
    centre_turn_ = true;
    centre_.day(today, is_business_day(today), messages_, actions_);
    execute_all(actions_);
    centre_turn_ = false;
    // A file is fixed from the day the centre has the agent's corrections.
    if (RunObserver* observer = context_.options.observer) {
        for (const FamilyId family : fixed_) observer->on_file_fixed(family, *this);
    }
    fixed_.clear();
    // A busy day's messages are not kept for the quiet ones; the actions' room is (a busy day
    // comes back every month, and filling it again would copy every action a few times; the
    // built-in centre offers its actions by the batch, so its room is a batch and the messages'
    // actions of a day).
    std::vector<CentreMessage>().swap(messages_);
    const Date tomorrow = today.plus_days(1);
    if (tomorrow < context_.horizon()) context_.post(tomorrow, Phase::centre, CentreDay{});
}

void Run::execute_all(std::vector<CentreAction>& actions) {
    for (const CentreAction& action : actions) execute(action);
    actions.clear();
}

void Run::execute(const CentreAction& action) {
    const std::int16_t month = context_.index_of(action.month);
    const auto order = [&](OrderKind kind, Phase phase) {
        context_.post(context_.today(), phase,
                      BankOrder{kind, 0, month, action.family.value(), action.contract.value(),
                                static_cast<std::int32_t>(action.amount.value()), action.order});
    };
    switch (action.kind) {
        case ActionKind::pay_cmg:
            processes_.paid(action.family, month);
            return order(action.arrears ? OrderKind::cmg_arrears : OrderKind::cmg, Phase::payments);
        case ActionKind::claim_covered: return order(OrderKind::covered, Phase::payments);
        case ActionKind::pay_carer: return order(OrderKind::carer_payment, Phase::payments);
        case ActionKind::refund: return order(OrderKind::refund, Phase::payments);
        case ActionKind::debit_contributions: return order(OrderKind::contributions_debit, Phase::debits);
        case ActionKind::debit_plus: return order(OrderKind::plus_debit, Phase::debits);
        case ActionKind::recover_overpayment:
            if (!action.deducted) return order(OrderKind::overpayment_debit, Phase::debits);
            context_.step(action.family, StepKind::overpayment_deducted, month, action.amount);
            return order(OrderKind::overpayment_deduction, Phase::payments);
        case ActionKind::notify_overpayment: {
            MonthFigures& today = context_.figures_today();
            ++today.overpayments_notified;
            today.overpayments_notified_amount += action.amount;
            context_.step(action.family, StepKind::overpayment_notified, month, action.amount);
            PAJESIM_TRACE(context_, action.family, "overpayment_notified", month, action.amount,
                          std::string(action.reason));
            return;
        }
        case ActionKind::write_off_overpayment:
            books_.write_off(action.family, month, action.amount);
            context_.step(action.family, StepKind::overpayment_written_off, month, action.amount);
            PAJESIM_TRACE(context_, action.family, "overpayment_written_off", month, action.amount,
                          std::string(action.reason));
            return;
        case ActionKind::withhold_carer: {
            ++context_.figures_today().carer_payments_withheld;
            context_.step(action.family, StepKind::carer_payment_withheld, month);
            const Contract& contract = context_.world.contracts[action.contract.index()];
            PAJESIM_TRACE(context_, action.family, "carer_payment_withheld", month,
                          contract.pay_in(context_.month_of(month)), std::string(action.reason));
            return;
        }
        case ActionKind::hold:
            PAJESIM_TRACE(context_, action.family, "payment_held", month, Cents{0}, std::string(action.reason));
            processes_.held(action.family, month);
            return;
        case ActionKind::open_file:
            if (action.reason == "Pajemploi+ debit rejected repeatedly") {
                ++context_.figures_today().debits_escalated;
                context_.step(action.family, StepKind::debit_escalated, month);
                PAJESIM_TRACE(context_, action.family, "debit_escalated", month, Cents{0}, std::string(action.reason));
            }
            context_.post(context_.earliest(Phase::agents), Phase::agents, OpenFile{action.family.value(), month});
            return;
    }
}

std::string describe_today(const void* run) { return static_cast<const Run*>(run)->today().to_string(); }

}  // namespace

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

RunResult run_simulation(const Scenario& scenario, const law::LegalParameters& parameters, World& world,
                         const RunOptions& options) {
    PAJESIM_ASSERT(parameters.covers(scenario.first_month));
    PAJESIM_ASSERT(parameters.covers(scenario.last_month));
    auto run = std::make_unique<Run>(scenario, parameters, world, options);
    const RunContext context{scenario.seed, &describe_today, run.get()};
    const RunContextScope scope(context);
    return run->run();
}

}  // namespace pajesim::model
