#pragma once
// pajesim's own Pajemploi centre (internal to sim/model/centre): its copy of the rights, the
// declarations it took in, the CMG it computes from them, its orders and what the banks
// returned. It knows nothing else of the run. docs/sut-protocol.md, "Timing the built-in
// centre follows", states its rules for other implementations to match.

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/chunked_list.hpp"
#include "sim/kernel/month_bits.hpp"
#include "sim/kernel/run_length_cells.hpp"
#include "sim/kernel/rows_on_demand.hpp"
#include "sim/law/cmg.hpp"
#include "sim/model/centre/builtin/rights_store.hpp"
#include "sim/model/centre/centre.hpp"
#include "sim/model/simulation.hpp"

namespace pajesim::model::centre {

class BuiltinCentre final : public PajemploiCentre {
public:
    BuiltinCentre(Seams& seams, const TestBreaks& breaks) : seams_(seams), breaks_(breaks) {}
    void start(const CentreSetup& setup) override;
    void day(Date date, bool business_day, std::span<const CentreMessage> messages,
             std::vector<CentreAction>& actions) override;
    void finish() override {}
    bool takes_messages_at_once() const override { return true; }
    void foresee_declaration(ContractId contract, FamilyId family, YearMonth month) const override;
    bool reads_credit_returns() const override { return false; }
    void receive(Date date, const CentreMessage& message, std::vector<CentreAction>& actions) override;
    void set_action_outlet(ActionOutlet outlet) override { outlet_ = outlet; }

private:
    enum class Step : std::uint8_t { cmg, covered, contributions_debit, plus_debit, carer, recovery };
    // An order to give on a later day: what give() needs without reading the contract (a
    // payment order reads its pending step alone). 20 bytes.
    struct Pending {
        Step step = Step::cmg;
        bool without_rights = false;  // a debit decided while the centre held no rights
        std::int16_t month = 0;
        std::uint32_t contract = 0;
        std::uint32_t family = 0;
        std::int32_t amount = 0;      // cents, as the orders to the banks carry them
        std::int32_t cmg = 0;         // Pajemploi+: the CMG credited just before the debit
    };
    struct DebitInFlight {
        Pending debit;
        Date ordered;
        std::uint8_t executions = 0;  // executed returns read (2: a faulty bank took it twice)
        bool rejected = false;        // forgotten: its bank rejected it
    };
    // The debits a bank may still report, in the order they were ordered: order ids grow with
    // the days, so a return finds its debit by binary search and the debits too old to be
    // reported leave from the front (no allocation per debit, no walk of them each day).
    class DebitsInFlight {
    public:
        void add(OrderId id, const Pending& debit, Date ordered);  // id above every one held
        DebitInFlight* find(OrderId id);                           // null: not held
        // Forgets the debits ordered before `day`.
        void forget_ordered_before(Date day);

    private:
        std::vector<std::pair<OrderId, DebitInFlight>> held_;
        std::size_t front_ = 0;  // held_[front_..] are held
    };
    // An overpayment of a family-month the centre found and has not taken back yet.
    struct Overpayment {
        std::int64_t outstanding = 0;
        std::int64_t written_off = 0;  // waived: the family keeps it (part of committed_)
        Date not_before;               // the notification + the notice period
        bool debit_scheduled = false;  // debit policy: a recovery is planned
    };

    std::size_t cell(FamilyId family, std::int16_t month) const {
        return static_cast<std::size_t>(month) * families_ + family.index();
    }
    std::int16_t index_of(YearMonth month) const {
        return static_cast<std::int16_t>(scenario_->first_month.months_until(month));
    }
    YearMonth month_of(std::int16_t index) const { return scenario_->first_month.plus_months(index); }
    // A contract taken in (its facts are the population's, which its declarations point to).
    const Contract& contract(std::uint32_t id) const { return world_->contracts[id]; }
    void schedule(Date date, const Pending& pending);
    OrderId order(ActionKind kind, FamilyId family, std::int16_t month, Cents amount, bool arrears = false,
                  ContractId contract = ContractId{}, OrderId flag = 0);

    void take_in(const DeclarationIn& declaration);
    // `with_complement`: adds the complément différentiel to the amount paid (hourly regime).
    // `hours_of`: the month whose declared hours to use (the complement's reference months).
    std::optional<law::Entitlement> compute(std::uint32_t contract, YearMonth month, bool with_complement = true,
                                            std::optional<YearMonth> hours_of = std::nullopt);
    // The complément différentiel's facts of a contract from the declarations it took in for the
    // reference period and its own rights.
    std::optional<law::TransitionalFacts> transitional(std::uint32_t contract);
    static std::uint64_t hours_key(std::uint32_t contract, std::int16_t month) {
        return std::uint64_t{contract} << 16 | static_cast<std::uint16_t>(month);
    }
    void settle_with_rights(std::uint32_t contract, std::int16_t month, const law::Entitlement& computed);
    void settle_without_rights(std::uint32_t contract, std::int16_t month, bool has_rights, const char* why);
    Date carer_date(YearMonth month) const;
    void give(const Pending& pending);
    Cents debit_amount(const Pending& pending);
    void returned(const BankReturn& message);
    void handle(const CentreMessage& message);
    void regularise(FamilyId family);
    void reconcile(const Reconcile& message);
    // Overpayments: found at a regularisation, then recovered by the scenario's policy.
    void overpaid(FamilyId family, std::int16_t month, Cents excess);
    // Deducts what may be taken back from a CMG payment just ordered (deduct policy).
    void deduct_from(FamilyId family, Cents payment);
    void recover(const Pending& pending);
    // Whether a month of the family's is held (taken in, not settled): no recovery then.
    bool holds_months(FamilyId family) const;
    Date debit_day(const Overpayment& over) const;
    // Pajemploi+: whether the carer's pay for the month must wait for the parent's debit.
    bool carer_waits_for_debit(std::uint32_t contract, std::int16_t month) const;
    void debit_rejected(const Pending& debit);
    Date after_next_income(FamilyId family) const;

    Seams& seams_;
    TestBreaks breaks_;
    const Scenario* scenario_ = nullptr;
    const World* world_ = nullptr;  // the contracts taken in, the families' income days
    const law::LegalParameters* parameters_ = nullptr;
    Date first_day_;
    Date last_day_;
    Date today_;
    std::vector<CentreAction>* actions_ = nullptr;
    ActionOutlet outlet_;  // offered the day's actions after each message and each step given
    std::size_t families_ = 0;
    std::int32_t month_count_ = 0;
    std::optional<RightsStore> rights_;
    std::vector<std::uint32_t> first_contract_;                 // per family: contracts taken in
    std::vector<std::uint32_t> next_contract_;
    // Per contract, bit m: month m taken in, settled, contributions debited in full without rights.
    MonthBits received_;
    MonthBits settled_;
    MonthBits debited_all_;
    // Per family and month: CMG ordered (what a regularisation compares with: a payment on its
    // way is not missing), and what the banks returned as debited (held from a family's first
    // debit: most families are debited nothing).
    RunLengthCells committed_;
    RunLengthCells covered_committed_;  // covered contributions claimed or scheduled
    NarrowRowsOnDemand<1> debited_;  // three bytes a month (kernel/rows_on_demand.hpp)
    // The steps to give, by day from first_day_: lists of chunks, filled without a copy and
    // given back as they are read (kernel/chunked_list.hpp).
    using PendingDay = ChunkedList<Pending, 1024>;
    PendingDay::Pool pending_pool_;
    std::vector<PendingDay> pending_;
    DebitsInFlight debits_;
    std::unordered_map<std::size_t, Overpayment> overpayments_;  // by cell
    std::unordered_map<std::uint32_t, std::int64_t> overpaid_families_;  // outstanding, by family
    // Deductions made in the payment month, by family: (month index, amount).
    std::unordered_map<std::uint32_t, std::pair<std::int32_t, std::int64_t>> deducted_;
    // Pajemploi+: per contract, bit m: the month's debit executed; its carer's pay waiting for it.
    MonthBits plus_debited_;
    MonthBits carer_waiting_;
    // Rejections of each contract-month's debit, and the family's months with a rejected
    // Pajemploi+ debit still to be taken.
    std::unordered_map<std::uint64_t, std::uint32_t> rejections_;
    std::unordered_map<std::uint32_t, std::uint32_t> months_unpaid_;
    std::unordered_set<std::uint32_t> complement_granted_;  // families paid a complément différentiel
    // Hours declared otherwise than the contract's, by contract and month (faults only).
    std::unordered_map<std::uint64_t, std::int32_t> declared_hours_;
    OrderId next_order_ = 1;
    law::HouseholdFacts household_;
    law::ContractFacts contract_scratch_;
};

}  // namespace pajesim::model::centre
