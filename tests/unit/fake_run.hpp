#pragma once
// A hand-built run for testing invariants on their own: a RunView whose figures the test sets
// (what the law says is owed, what was paid, debited, balances), and a driver that feeds
// observers declarations, transfers, fixes and day ends in date order, as the engine does.
// Expected values in the tests come from the rules' definitions, never from a run.

#include <algorithm>
#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "harness/invariants/carers_paid_on_time.hpp"
#include "harness/invariants/due_dates.hpp"
#include "sim/kernel/assert.hpp"

namespace pajesim::testing {

class FakeView final : public model::RunView {
public:
    struct Cell {
        bool declared = false;
        Cents cmg_owed, cmg_paid, debit_due, debited, carers_due, carers_paid, recovered, written_off;
    };
    FakeView(YearMonth first, std::int32_t months, std::uint32_t families)
        : first_(first), months_(months), families_(families), plan_{families, 3},
          cells_(static_cast<std::size_t>(months) * families), balances_(plan_.size()) {}

    Cell& cell(FamilyId family, YearMonth month) {
        const std::int32_t m = first_.months_until(month);
        PAJESIM_ASSERT(m >= 0 && m < months_ && family.index() < families_);
        return cells_[static_cast<std::size_t>(m) * families_ + family.index()];
    }
    const Cell& cell(FamilyId family, std::int32_t m) const {
        return cells_[static_cast<std::size_t>(m) * families_ + family.index()];
    }
    const model::AccountPlan& plan() const { return plan_; }
    // The balances as "the model" keeps them: apply() is a correct ledger; a test may set a
    // balance directly to play a ledger that went wrong.
    void apply(const model::Transfer& transfer) {
        balances_[transfer.source.index()] -= transfer.amount;
        balances_[transfer.target.index()] += transfer.amount;
    }
    void set_balance(AccountId account, Cents balance) { balances_[account.index()] = balance; }
    void set_today(Date today) { today_ = today; }

    Date today() const override { return today_; }
    YearMonth first_month() const override { return first_; }
    std::int32_t month_count() const override { return months_; }
    std::uint32_t family_count() const override { return families_; }
    bool declared(FamilyId family, std::int32_t month) const override { return cell(family, month).declared; }
    Cents cmg_owed(FamilyId family, std::int32_t month) const override { return cell(family, month).cmg_owed; }
    Cents cmg_paid(FamilyId family, std::int32_t month) const override { return cell(family, month).cmg_paid; }
    Cents debit_due(FamilyId family, std::int32_t month) const override { return cell(family, month).debit_due; }
    Cents debited(FamilyId family, std::int32_t month) const override { return cell(family, month).debited; }
    Cents carers_due(FamilyId family, std::int32_t month) const override { return cell(family, month).carers_due; }
    Cents carers_paid(FamilyId family, std::int32_t month) const override {
        return cell(family, month).carers_paid;
    }
    Cents cmg_recovered(FamilyId family, std::int32_t month) const override { return cell(family, month).recovered; }
    Cents cmg_written_off(FamilyId family, std::int32_t month) const override {
        return cell(family, month).written_off;
    }
    // A family given carers (declare_for): each carer's own dues; the others have none listed.
    SmallVector<AccountId, 4> carers_of(FamilyId family) const override {
        const auto found = carers_.find(family.value());
        if (found == carers_.end()) return {};
        return found->second;
    }
    Cents carer_due(FamilyId family, std::int32_t month, AccountId carer) const override {
        const auto found = carer_dues_.find({family.value(), month, carer.value()});
        return found == carer_dues_.end() ? Cents{0} : found->second;
    }
    void add_carer_due(FamilyId family, YearMonth month, AccountId carer, Cents pay) {
        std::vector<AccountId>& carers = carers_[family.value()];
        if (std::find(carers.begin(), carers.end(), carer) == carers.end()) carers.push_back(carer);
        carer_dues_[{family.value(), first_.months_until(month), carer.value()}] += pay;
    }
    Cents ledger_net() const override {
        Cents net{0};
        for (const Cents balance : balances_) net += balance;
        return net;
    }
    Cents balance(AccountId account) const override { return balances_[account.index()]; }
    std::uint32_t account_count() const override { return plan_.size(); }
    std::uint32_t person_accounts() const override { return plan_.caf_fund().value(); }

private:
    YearMonth first_;
    std::int32_t months_;
    std::uint32_t families_;
    model::AccountPlan plan_;
    std::vector<Cell> cells_;
    std::vector<Cents> balances_;
    Date today_;
    std::map<std::uint32_t, std::vector<AccountId>> carers_;
    std::map<std::tuple<std::uint32_t, std::int32_t, std::uint32_t>, Cents> carer_dues_;
};

// Keeps the carers' amounts as InvariantSet does, before the invariants that read them: watch
// it first.
class CarerPaymentsFirst final : public model::RunObserver {
public:
    explicit CarerPaymentsFirst(invariants::CarerPayments& payments) : payments_(payments) {}
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override {
        payments_.on_transfer(transfer, view);
    }

private:
    invariants::CarerPayments& payments_;
};

// The rule the tests use unless they say otherwise: the 10th of M+1, 15 days of late
// declarations plus a week, 60 days of grace for the old workflow; CAF 0 switches to the new
// workflow with June 2019's care month, CAF 1 with September 2019's.
inline invariants::DueDateRule test_rule() {
    invariants::DueDateRule rule;
    rule.payment_deadline_day = 10;
    rule.late_allowance_days = 22;
    rule.old_workflow_grace_days = 60;
    rule.cutover_month_of_caf = {YearMonth::from_civil(2019, 6), YearMonth::from_civil(2019, 9)};
    return rule;
}

inline Date day(int year, unsigned month, unsigned d) { return Date::from_civil(year, month, d); }
inline YearMonth month(int year, unsigned m) { return YearMonth::from_civil(year, m); }
inline Cents euros(std::int64_t cents) { return Cents{cents}; }

// Drives observers through a hand-written story. The period is April 2019 to March 2020
// (12 care months) unless given; every call moves the clock forward to its date first,
// ending each day passed (days without events too), as the engine does.
class FakeRun {
public:
    explicit FakeRun(invariants::DueDateRule rule = test_rule(), YearMonth first = month(2019, 4),
                     std::int32_t months = 12, std::uint32_t families = 3)
        : view(first, months, families), due_dates(std::move(rule)) {
        view.set_today(first.first_day());
    }
    void watch(model::RunObserver& observer) { observers_.push_back(&observer); }

    // Ends every day before `date`.
    void go_to(Date date) {
        PAJESIM_ASSERT(date >= view.today());
        while (view.today() < date) {
            for (auto* observer : observers_) observer->on_day_end(view);
            view.set_today(view.today().plus_days(1));
        }
    }
    // Ends `date` itself, then the run.
    void end_after(Date date) {
        go_to(date.plus_days(1));
        for (auto* observer : observers_) observer->on_run_end(view);
    }

    void declare(FamilyId family, YearMonth care_month, Date date, Cents cmg_owed, CafId caf = CafId{0},
                 Cents carers_due = Cents{0}, Cents debit_due = Cents{0}, Cents covered = Cents{0}) {
        go_to(date);
        FakeView::Cell& cell = view.cell(family, care_month);
        cell.declared = true;
        cell.cmg_owed += cmg_owed;
        cell.carers_due += carers_due;
        cell.debit_due += debit_due;
        const model::DeclarationMade made{date, family, caf, ContractId{family.value()}, care_month, covered};
        due_dates.on_declaration(made, view);
        for (auto* observer : observers_) observer->on_declaration(made, view);
    }
    // CMG (or arrears) from the CAF's fund to the family; the figures first, then the transfer.
    void pay(FamilyId family, YearMonth care_month, Date date, Cents amount,
             model::Cause cause = model::Cause::cmg) {
        go_to(date);
        view.cell(family, care_month).cmg_paid += amount;
        transfer(view.plan().caf_fund(), view.plan().family(family), amount, cause, family, care_month);
    }
    void pay_carer(FamilyId family, YearMonth care_month, Date date, Cents amount, CarerId carer = CarerId{0}) {
        go_to(date);
        view.cell(family, care_month).carers_paid += amount;
        transfer(view.plan().family(family), view.plan().carer(carer), amount, model::Cause::salary, family,
                 care_month);
    }
    // A contract of `carer` declared for the month with `pay`: the family's carers are then
    // judged one by one (a family given two carers or more).
    void declare_for(FamilyId family, YearMonth care_month, Date date, CarerId carer, Cents pay) {
        view.add_carer_due(family, care_month, view.plan().carer(carer), pay);
        declare(family, care_month, date, Cents{0}, CafId{0}, pay);
    }
    void debit(FamilyId family, YearMonth care_month, Date date, Cents amount,
               model::Cause cause = model::Cause::contributions_debit) {
        go_to(date);
        view.cell(family, care_month).debited += amount;
        transfer(view.plan().family(family), view.plan().urssaf(), amount, cause, family, care_month);
    }
    // A debit given back to the family (the figures first, then the transfer).
    void refund(FamilyId family, YearMonth care_month, Date date, Cents amount) {
        go_to(date);
        view.cell(family, care_month).debited -= amount;
        transfer(view.plan().urssaf(), view.plan().family(family), amount, model::Cause::debit_refund, family,
                 care_month);
    }
    void advance(FamilyId family, Date date, Cents amount) {
        go_to(date);
        transfer(view.plan().caf_fund(), view.plan().family(family), amount, model::Cause::advance, family,
                 date.year_month());
    }
    void recover(FamilyId family, Date date, Cents amount) {
        go_to(date);
        transfer(view.plan().family(family), view.plan().caf_fund(), amount, model::Cause::advance_recovery,
                 family, date.year_month());
    }
    // An overpayment taken back (debited, or deducted from a payment): the month's CMG paid is
    // net of it.
    void recover_overpayment(FamilyId family, YearMonth care_month, Date date, Cents amount) {
        go_to(date);
        FakeView::Cell& cell = view.cell(family, care_month);
        cell.cmg_paid -= amount;
        cell.recovered += amount;
        transfer(view.plan().family(family), view.plan().caf_fund(), amount, model::Cause::overpayment_recovery,
                 family, care_month);
    }
    // The centre tells the family that a month was overpaid (a step of its file).
    void notify_overpayment(FamilyId family, YearMonth care_month, Date date, Cents amount) {
        step(family, care_month, date, model::StepKind::overpayment_notified, amount);
    }
    // The centre waives an overpayment of the month (a step; the view's written-off figure too).
    void write_off_overpayment(FamilyId family, YearMonth care_month, Date date, Cents amount) {
        view.cell(family, care_month).written_off += amount;
        step(family, care_month, date, model::StepKind::overpayment_written_off, amount);
    }
    // The centre orders an overpayment deducted from a CMG payment: the order's step, then the
    // recovery itself.
    void deduct_overpayment(FamilyId family, YearMonth care_month, Date date, Cents amount) {
        step(family, care_month, date, model::StepKind::overpayment_deducted, amount);
        recover_overpayment(family, care_month, date, amount);
    }
    void step(FamilyId family, YearMonth care_month, Date date, model::StepKind kind, Cents amount) {
        go_to(date);
        const model::FamilyStep made{date, family, kind, care_month, amount};
        for (auto* observer : observers_) observer->on_family_step(made, view);
    }
    // The CAF fund pays the URSSAF contributions the CMG covers for the month.
    void claim_covered(FamilyId family, YearMonth care_month, Date date, Cents amount) {
        go_to(date);
        transfer(view.plan().caf_fund(), view.plan().urssaf(), amount, model::Cause::contributions_covered, family,
                 care_month);
    }
    void fix_file(FamilyId family, Date date) {
        go_to(date);
        for (auto* observer : observers_) observer->on_file_fixed(family, view);
    }
    // A transfer the ledger applies as reported (a test may then unbalance the view).
    void transfer(AccountId source, AccountId target, Cents amount, model::Cause cause, FamilyId family,
                  YearMonth care_month) {
        const model::Transfer record{view.today(), source, target, amount, cause, family, care_month};
        view.apply(record);
        for (auto* observer : observers_) observer->on_transfer(record, view);
    }

    FakeView view;
    invariants::DueDates due_dates;

private:
    std::vector<model::RunObserver*> observers_;
};

}  // namespace pajesim::testing
