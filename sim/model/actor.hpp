#pragma once
// What every actor gets from the run: the calendar, the event queue it posts its messages
// on, money through the ledger, the run's tally (figures that reports read, never
// decisions), and the dossier tracer. Actors hold their own state and meet only through
// messages (messages.hpp), the centre's mailbox and the ledger.

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/kernel/event_queue.hpp"
#include "sim/kernel/touch.hpp"
#include "sim/law/parameters.hpp"
#include "sim/model/centre/centre.hpp"
#include "sim/model/histories.hpp"
#include "sim/model/ledger.hpp"
#include "sim/model/messages.hpp"
#include "sim/model/observer.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/seams.hpp"
#include "sim/model/simulation.hpp"

namespace pajesim::model {

// The order of a day: the month's plan, the CAF, the rights link, incomes, declarations, the
// centre's turn, payments, debits (so a day's credits are there before its debits), the
// agents' work, and the month-end count last.
enum class Phase : std::uint8_t {
    plan, caf, rights_link, income, declarations, centre, payments, debits, agents, month_end
};
inline constexpr std::size_t phase_count = 10;

// Told of every transfer, after the ledger applied it (the truth's books).
class TransferWatcher {
public:
    virtual ~TransferWatcher() = default;
    virtual void on_transfer(const Transfer& transfer) = 0;
};

class Context {
public:
    Context(const Scenario& scenario, const law::LegalParameters& parameters, const World& world,
            const RunOptions& options, RunResult& tally);

    const Scenario& scenario;
    const law::LegalParameters& parameters;
    const World& world;  // the population's immutable data (the true facts live in truth/)
    const RunOptions& options;
    Seams& seams;
    RunResult& tally;

    Date today() const { return today_; }
    Date horizon() const { return horizon_; }
    void set_today(Date date) { today_ = date; }
    YearMonth month_of(std::int16_t index) const { return scenario.first_month.plus_months(index); }
    std::int16_t index_of(YearMonth month) const {
        return static_cast<std::int16_t>(scenario.first_month.months_until(month));
    }
    // The index of `month` brought within the run's months.
    std::int16_t clamped_index(YearMonth month) const {
        return index_of(std::clamp(month, scenario.first_month, scenario.last_month));
    }
    std::int16_t this_month() const { return clamped_index(today_.year_month()); }
    MonthFigures& figures(std::int16_t month) { return tally.months[static_cast<std::size_t>(month)]; }
    MonthFigures& figures_today() { return figures(this_month()); }
    // A family's overdraft or rejected debit, and the bank's fee for it.
    void overdraft() {
        MonthFigures& figure = figures_today();
        ++figure.overdrafts;
        figure.overdraft_fees += scenario.population.overdraft_fee;
    }
    // A family's CAF (at the start of the run) and its monthly income, from a dense copy: the
    // hot paths (declarations, incomes) read them for families in turn, and a family's whole
    // record is several cache lines away from the next family's.
    CafId caf_of(FamilyId family) const { return families_[family.index()].caf; }
    Cents monthly_income(FamilyId family) const {
        const FamilyAtHand& at_hand = families_[family.index()];
        if (at_hand.monthly_income != income_elsewhere) [[likely]] return Cents{at_hand.monthly_income};
        return world.families[family.index()].monthly_income;
    }
    // The cutover of a family's CAF: care months from its month on are the centre's.
    Date cutover_of(FamilyId family) const { return scenario.cutover_for(caf_of(family).value()); }
    bool new_workflow(FamilyId family, YearMonth month) const {
        return month >= cutover_months_[caf_of(family).index()];
    }
    // The care months of the old workflow for some family: those before the latest cutover
    // month of any family's CAF (0 to month_count).
    std::int32_t old_workflow_months() const {
        std::int32_t months = 0;
        for (const auto& family : families_) {
            months = std::max<std::int32_t>(months, scenario.first_month.months_until(cutover_months_[family.caf.index()]));
        }
        return std::min<std::int32_t>(months, tally.month_count);
    }
    // Touches the family's record here (its CAF and income), read soon (kernel/touch.hpp).
    void touch_family(FamilyId family) const { touch(families_[family.index()]); }

    void post(Date date, Phase phase, const Message& message) {
        PAJESIM_ASSERT(date >= today_);
        queue_.push(date, static_cast<std::size_t>(phase), message);
    }
    // A message with no delay, delivered at once to the actor that handles it (the queue would
    // deliver it later the same day, in the same phase: sending it at once spares the queue).
    void send(const Message& message) { deliver_(deliver_target_, message); }
    void set_delivery(void (*deliver)(void*, const Message&), void* target) {
        deliver_ = deliver;
        deliver_target_ = target;
    }
    // Today when `phase` is still to come today, else tomorrow.
    Date earliest(Phase phase) const {
        return static_cast<std::size_t>(phase) >= queue_.current_phase() ? today_ : today_.plus_days(1);
    }
    // A message reaches the centre: it is in the centre's next request (a centre that takes
    // messages at once gets it now when its turn of the day is still to come).
    void to_centre(CentreMessage message) {
        if (centre_at_once_ != nullptr && queue_.current_phase() <= static_cast<std::size_t>(Phase::centre)) {
            centre_at_once_(centre_target_, std::move(message));
        } else {
            centre_inbox_.push_back(std::move(message));
        }
    }
    bool centre_reads_credit_returns() const { return centre_reads_credit_returns_; }
    void set_centre_reads_credit_returns(bool reads) { centre_reads_credit_returns_ = reads; }
    void set_centre_at_once(void (*receive)(void*, CentreMessage&&), void* target) {
        centre_at_once_ = receive;
        centre_target_ = target;
    }

    void transfer(AccountId source, AccountId target, Cents amount, Cause cause, FamilyId family,
                  std::int16_t month);
    const AccountPlan& accounts() const { return ledger_.plan(); }
    Cents balance(AccountId account) const { return ledger_.balance(account); }

    // Tells the observers what was done about a family (no text: always on).
    void step(FamilyId family, StepKind kind, std::int16_t month, Cents amount = Cents{0}) {
        if (histories_ != nullptr) {
            histories_->fold(family, std::uint64_t{0x5354} << 48 | static_cast<std::uint64_t>(kind) << 16 |
                                         static_cast<std::uint16_t>(month),
                             static_cast<std::uint64_t>(amount.value()) ^
                                 static_cast<std::uint64_t>(today_.day_count()) << 40);
        }
        if (options.observer != nullptr) {
            options.observer->on_family_step(FamilyStep{today_, family, kind, month_of(month), amount}, *view_);
        }
    }
    bool tracing(FamilyId family) const { return tracing_any_ && options.observer->traces(family); }
    // `fault`: the fault that caused the step (1 + its index in the plan; 0: none).
    void trace(FamilyId family, std::string_view kind, std::int16_t month, Cents amount,
               std::string detail = {}, std::uint16_t fault = 0);
    // A file event of a family whose file is not followed: only its digest (histories.hpp).
    void trace_digest(FamilyId family, std::string_view kind, std::int16_t month, Cents amount, std::uint16_t fault) {
        histories_->fold_text(family, kind, month, amount, today_, fault);
    }

    // Following families after a run (histories.hpp). In the replay only the followed
    // families live: the actors' loops over families walk `families_living()` (null: all).
    bool replaying() const { return histories_ != nullptr && histories_->mode() == Histories::Mode::replay; }
    const std::vector<std::uint32_t>* families_living() const {
        return replaying() ? &histories_->followed_families() : nullptr;
    }
    // What a shared resource decided for a family: the decision itself, recorded in a run
    // whose families are followed after it, or the recorded one in their replay.
    std::int64_t shared(FamilyId family, SharedSite site, std::uint64_t key, std::int64_t decided) {
        return histories_ == nullptr ? decided : histories_->shared(family, site, key, decided);
    }
    Histories* histories() const { return histories_; }
    // Calls `visit(f)` for each family living in the run, in index order.
    template <typename Visit>
    void for_each_family(Visit&& visit) const {
        if (const std::vector<std::uint32_t>* only = families_living()) {
            for (const std::uint32_t f : *only) visit(f);
            return;
        }
        const auto families = static_cast<std::uint32_t>(world.families.size());
        for (std::uint32_t f = 0; f < families; ++f) visit(f);
    }
    // An item reaching the centre's (or the CAF's) intake: the seams' decision, a held item's
    // release day shared with every item the frozen server held.
    void intake(bool at_caf, const IntakeItem& item, Intake& intake) {
        if (at_caf) {
            seams.caf_intake(item, today_, intake);
        } else {
            seams.pajemploi_intake(item, today_, intake);
        }
        if (intake.lost || intake.held_by == 0 || histories_ == nullptr) return;
        const std::uint64_t key = item.key << 3 | static_cast<std::uint64_t>(item.kind) << 1 | (at_caf ? 1u : 0u);
        intake.process_on =
            day_of(static_cast<std::int32_t>(shared(item.family, SharedSite::intake_release, key, intake.process_on.day_count())));
        // The freeze that held it too (two freezes overlapping: the second holds what the
        // first releases within its window, a day that depends on every family's items).
        intake.held_by = static_cast<std::uint16_t>(shared(item.family, SharedSite::intake_fault, key, intake.held_by));
    }

    // The run's own plumbing (simulation.cpp).
    EventQueue<Message, phase_count>& queue() { return queue_; }
    Ledger& ledger() { return ledger_; }
    const Ledger& ledger() const { return ledger_; }
    std::vector<CentreMessage>& centre_inbox() { return centre_inbox_; }
    const RunView* view() const { return view_; }
    void set_watchers(TransferWatcher* books, const RunView* view) {
        books_ = books;
        view_ = view;
    }

private:
    // 8 bytes a family: the income in 32-bit cents, or (beyond) read from the world's record.
    static constexpr std::int32_t income_elsewhere = INT32_MIN;
    struct FamilyAtHand {
        CafId caf;
        std::int32_t monthly_income;
    };
    std::vector<FamilyAtHand> families_;  // by family, from the world at the run's start
    std::vector<YearMonth> cutover_months_;  // by CAF: its cutover's month
    EventQueue<Message, phase_count> queue_;
    Ledger ledger_;
    std::vector<CentreMessage> centre_inbox_;
    TransferWatcher* books_ = nullptr;
    void (*deliver_)(void*, const Message&) = nullptr;
    void* deliver_target_ = nullptr;
    void (*centre_at_once_)(void*, CentreMessage&&) = nullptr;
    void* centre_target_ = nullptr;
    bool centre_reads_credit_returns_ = true;
    const RunView* view_ = nullptr;
    Histories* histories_ = nullptr;
    Date today_;
    Date horizon_;
    bool tracing_any_ = false;
};

// The centre's form of a declaration (its content is the contract's facts).
inline DeclarationIn declaration_in(const Context& context, std::uint32_t contract, std::int16_t month,
                                    Date declared_on) {
    DeclarationIn in;
    in.id = ContractId{contract};
    in.month = context.month_of(month);
    in.declared_on = declared_on;
    in.contract = &context.world.contracts[contract];
    in.hours_x100 = in.contract->work_in(in.month).hours_x100;
    return in;
}

// Builds a file event's text only for a family whose file is followed: the texts would
// otherwise cost more than the simulation around them.
// Any other family's event goes into its digest when its history is kept (histories.hpp);
// otherwise none of the arguments is evaluated. The optional arguments are the detail's text
// and the fault's tag.
#define PAJESIM_TRACE_FAULT_(detail, fault, ...) fault
#define PAJESIM_TRACE_FAULT(...) PAJESIM_TRACE_FAULT_(__VA_ARGS__ __VA_OPT__(, ) 0, 0)
#define PAJESIM_TRACE(context, family, kind, month, amount, ...)                                 \
    do {                                                                                          \
        if ((context).tracing(family)) {                                                          \
            (context).trace(family, kind, month, amount __VA_OPT__(, ) __VA_ARGS__);              \
        } else if ((context).histories() != nullptr) {                                           \
            (context).trace_digest(family, kind, month, amount, PAJESIM_TRACE_FAULT(__VA_ARGS__)); \
        }                                                                                         \
    } while (false)

}  // namespace pajesim::model
