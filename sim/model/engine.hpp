#pragma once
// The run's engine (internal to sim/model): the state of the simulated world and the steps of
// its workflows. Its member functions are defined by actor: engine.cpp (the event loop, the
// month's plan, month ends), caf.cpp (the CAF), pajemploi.cpp (declarations, payments,
// debits), processes.cpp (families' calls, agents, regularisation, advances).

#include <deque>
#include <optional>
#include <vector>

#include "sim/kernel/event_queue.hpp"
#include "sim/kernel/random.hpp"
#include "sim/model/rights.hpp"
#include "sim/model/simulation.hpp"

namespace pajesim::model::detail {

// The order of a day: the month's plan, the CAF, the rights link, incomes, declarations,
// payments, debits (so a day's credits are there before its debits), the agents' work, and
// the month-end count last.
enum class Phase : std::uint8_t {
    plan, caf, rights_link, income, declarations, payments, debits, agents, month_end
};
inline constexpr std::size_t phase_count = 9;

enum class EventKind : std::uint8_t {
    month_plan,           // month
    rights_transfer,      // subject: CAF cohort (the bulk transfer)
    caf_process,          // subject: family, amount: change index
    rights_delivery,      // subject: family, amount: packed record, extra: cause and CAF
    income,               // subject: family
    declaration,          // subject: contract, month
    declaration_intake,   // subject: contract, month (Pajemploi takes it in)
    caf_payment,          // subject: contract, month (old workflow)
    cmg_payment,          // subject: contract, month, amount
    covered_payment,      // subject: contract, month, amount (CAF -> URSSAF)
    contributions_debit,  // subject: contract, month, amount
    plus_debit,           // subject: contract, month, amount (salary + contributions), extra: CMG
    carer_payment,        // subject: contract, month, amount (Pajemploi+)
    deadline_check,       // month; flags: bit 0 late declarations, bit 1 the CAF's months
    call,                 // subject: family
    agents_day,
    regularisation_batch,
    advance_payment,      // subject: family, amount
    advance_recovery,     // subject: family, amount
    month_end,            // month
};

struct Event {
    EventKind kind = EventKind::month_plan;
    std::uint8_t flags = 0;
    std::int16_t month = 0;       // month index from the first month
    std::uint32_t subject = 0;    // family, contract or cohort
    std::int64_t amount = 0;
    std::int64_t extra = 0;
};

// Per family and care month (bits of Engine::month_flags_).
inline constexpr std::uint8_t declared_flag = 1;     // at least one contract declared
inline constexpr std::uint8_t new_workflow_flag = 2; // handled by Pajemploi
inline constexpr std::uint8_t late_flag = 4;         // a declaration after the 5th of M+1

// The CAF paid the CMG weeks after the declaration (25 business days by default): a month of
// the old workflow is due this many days after the new workflow's deadline (the families'
// patience before they call; the invariants state their own rule, harness/invariants).
inline constexpr std::int32_t old_workflow_grace_days = 60;

class Engine;

// The run's state as observers see it.
class EngineView final : public RunView {
public:
    explicit EngineView(const Engine& engine) : engine_(engine) {}
    Date today() const override;
    YearMonth first_month() const override;
    std::int32_t month_count() const override;
    std::uint32_t family_count() const override;
    bool declared(FamilyId family, std::int32_t month) const override;
    Cents cmg_owed(FamilyId family, std::int32_t month) const override;
    Cents cmg_paid(FamilyId family, std::int32_t month) const override;
    Cents debit_due(FamilyId family, std::int32_t month) const override;
    Cents debited(FamilyId family, std::int32_t month) const override;
    Cents carers_due(FamilyId family, std::int32_t month) const override;
    Cents carers_paid(FamilyId family, std::int32_t month) const override;
    Cents ledger_net() const override;
    Cents balance(AccountId account) const override;
    std::uint32_t account_count() const override;

private:
    const Engine& engine_;
};

class Engine {
public:
    Engine(const Scenario& scenario, const law::LegalParameters& parameters, World& world,
           const RunOptions& options);
    RunResult run();
    Date today() const { return today_; }

private:
    friend class EngineView;
    // Tells the observer about a step of a family's file, when it follows that family.
    void trace(FamilyId family, std::string_view kind, std::int16_t month, Cents amount,
               std::string detail = {});
    bool tracing(FamilyId family) const {
        return tracing_any_ && options_.observer->traces(family);
    }
    // engine.cpp
    void push(Date date, Phase phase, const Event& event);
    // Today when `phase` is still to come today, else tomorrow.
    Date earliest(Phase phase) const {
        return static_cast<std::size_t>(phase) >= queue_.current_phase() ? today_ : today_.plus_days(1);
    }
    void dispatch(const Event& event);
    void plan_month(std::int16_t index);
    Date declaration_date(ContractId contract, YearMonth month) const;
    void month_end(std::int16_t index);
    void summarise();
    YearMonth month_of(std::int16_t index) const { return scenario_.first_month.plus_months(index); }
    std::int16_t index_of(YearMonth month) const {
        return static_cast<std::int16_t>(scenario_.first_month.months_until(month));
    }
    std::size_t cell(FamilyId family, std::int16_t month) const {
        // Month-major: a day's events touch one month's row in family order.
        return static_cast<std::size_t>(month) * world_.families.size() + family.index();
    }
    MonthFigures& figures(std::int16_t month) {
        return result_.months[static_cast<std::size_t>(month)];
    }
    MonthFigures& figures_today();
    void transfer(AccountId source, AccountId target, Cents amount, Cause cause, FamilyId family,
                  std::int16_t month);
    Date cutover_of(FamilyId family) const;
    bool new_workflow(FamilyId family, YearMonth month) const;

    // caf.cpp
    void schedule_caf_processing(FamilyId family);
    void caf_process(const Event& event);
    const law::HouseholdFacts& caf_facts(FamilyId family, YearMonth month);
    RightsRecord caf_decision(FamilyId family, YearMonth month);
    std::vector<RightsRecord> caf_decisions_from(FamilyId family, YearMonth first);
    void send_rights_from(FamilyId family, YearMonth first, RightsCause cause);
    void send_rights(const RightsMessage& message);
    void rights_transfer(std::uint32_t cohort);
    void january_roll();
    void deliver_rights(const Event& event);
    void caf_pay(const Event& event);

    // pajemploi.cpp
    void declare(ContractId contract, std::int16_t month);
    void declaration_intake(ContractId contract, std::int16_t month);
    void settle_with_rights(ContractId contract, std::int16_t month, const law::Entitlement& computed);
    // `has_rights`: Pajemploi holds rights but the payment is held (a parallel-run check).
    void settle_without_rights(ContractId contract, std::int16_t month, bool has_rights);
    std::optional<law::Entitlement> pajemploi_compute(const Contract& contract, YearMonth month);
    Date pajemploi_plus_carer_date(YearMonth month) const;
    void pay_salary_directly(const Contract& contract, std::int16_t month);
    void carer_paid(const Contract& contract, std::int16_t month, Cents amount, Cause cause,
                    AccountId source);
    void record_cmg(FamilyId family, std::int16_t month, Cents amount, Cause cause);
    bool payment_file_sent(const Event& event);
    void pay_cmg(const Event& event);
    void pay_covered(const Event& event);
    bool try_debit(const Event& event, FamilyId family, Cents amount);
    void debit_contributions(const Event& event);
    void debit_pajemploi_plus(const Event& event);
    void pay_carer(const Event& event);
    std::int32_t debit_copies(FamilyId family, std::int16_t month);
    Cents debit_amount(const Event& event);

    // processes.cpp
    void deadline_check(std::int16_t month, std::uint8_t which);
    // The day by which month `month` must be paid: the deadline, or for a family that declared
    // late, the deadline moved by the lateness allowed.
    Date due_date(std::int16_t month, bool late) const;
    Cents owed_to_family(FamilyId family, bool due_only) const;
    Cents carers_owed(FamilyId family) const;
    void call(FamilyId family);
    // A family sees on its statement a debit beyond what it owes, and may call.
    void notice_over_debit(FamilyId family, std::int16_t month);
    void open_file(FamilyId family);
    void agents_day();
    std::uint32_t agents_on(Date date) const;
    void fix_file(FamilyId family);
    void request_regularisation(FamilyId family);
    void regularisation_batch();
    void regularise(FamilyId family);
    void pay_advance(const Event& event);
    void recover_advance(const Event& event);

    const Scenario& scenario_;
    const WorkflowParameters& workflow_;
    const ProcessParameters& processes_;
    const law::LegalParameters& parameters_;
    World& world_;
    const RunOptions& options_;
    Seams default_seams_;
    Seams& seams_;
    EventQueue<Event, phase_count> queue_;
    Ledger ledger_;
    RightsStore rights_;
    Date horizon_;
    Date today_;
    Date first_cutover_;
    RunResult result_;

    // The CAF.
    std::vector<std::uint8_t> caf_known_;         // bit k: change k processed
    std::vector<std::uint8_t> rights_sent_;       // the family's rights went to Pajemploi
    // Pajemploi, per contract: bit m set when month m was declared, taken in, settled.
    std::vector<std::uint64_t> contract_declared_;
    std::vector<std::uint64_t> contract_received_;
    std::vector<std::uint64_t> contract_settled_;
    std::vector<std::uint64_t> contract_debited_all_;  // contributions debited without rights
    std::vector<std::uint8_t> month_flags_;       // per family and month
    // Per family and month: what the oracle says should be debited, and what was.
    std::vector<std::int32_t> contributions_due_cents_;
    // Per family and month: CMG Pajemploi has scheduled or paid (what a regularisation
    // compares with: a payment already on its way is not missing).
    std::vector<std::int32_t> committed_cents_;
    std::vector<std::int32_t> carers_due_cents_;
    std::vector<std::int32_t> carers_paid_cents_;
    EngineView view_{*this};
    bool tracing_any_ = false;  // some observer follows some family's file
    std::vector<std::int32_t> contributions_debited_cents_;
    // Processes.
    std::deque<std::uint32_t> files_;             // open files, first come first served
    std::vector<std::uint8_t> file_open_;
    std::vector<std::uint8_t> regularisation_pending_;
    std::vector<std::uint32_t> regularisation_queue_;
    std::vector<std::uint8_t> suspect_;           // found wrong at a deadline, not yet square
    std::vector<std::uint32_t> suspects_;
    std::vector<std::uint8_t> affected_;          // ever owed money at a month end
    std::vector<Cents> advance_outstanding_;
    std::vector<std::uint16_t> fixes_of_family_;
    std::int64_t capacity_carry_thousandths_ = 0;  // agents' unused fraction of a file
    // Scratch objects reused to avoid allocations.
    law::HouseholdFacts caf_scratch_;
    law::HouseholdFacts pajemploi_household_;
    law::ContractFacts pajemploi_contract_;
    law::ContractFacts caf_contract_;
};

// Builds a file event's text only for a family whose file is followed: the texts would
// otherwise cost more than the simulation around them.
#define PAJESIM_TRACE(family, ...)                                      \
    do {                                                                \
        if (tracing(family)) trace(family, __VA_ARGS__);                \
    } while (false)

// The packing of a rights record into an event's integers.
std::int64_t pack(const RightsRecord& record);
RightsRecord unpack(std::int64_t packed);

}  // namespace pajesim::model::detail
