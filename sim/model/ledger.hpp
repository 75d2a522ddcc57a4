#pragma once
// Double-entry money: every transfer moves an amount from a source account to a target
// account, on a date, for a cause (family, care month, rule). Balances are kept in memory;
// the full journal is streamed only when asked for. The sum of all balances is zero at every
// instant: money enters the world only from the `outside` account, whose balance goes negative.

#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <string_view>
#include <vector>

#include "sim/kernel/cents.hpp"
#include "sim/kernel/date.hpp"
#include "sim/kernel/deferred_sums.hpp"
#include "sim/kernel/narrow_totals.hpp"
#include "sim/kernel/touch.hpp"
#include "sim/kernel/ids.hpp"

namespace pajesim::model {

enum class Cause : std::uint8_t {
    opening_balance,       // the family's balance at the start of the run
    income,                // the family's monthly income
    salary,                // parent -> carer, outside Pajemploi+
    cmg,                   // CMG remuneration part, CAF (or Pajemploi for it) -> parent
    contributions_covered, // CAF -> URSSAF, the contributions the CMG covers
    contributions_debit,   // parent -> URSSAF, contributions the CMG does not cover
    pajemploi_plus_debit,  // parent -> Pajemploi: salary + uncovered contributions
    carer_payment,         // Pajemploi -> carer, Pajemploi+
    cmg_arrears,           // CMG of past months paid by a regularisation
    debit_refund,          // URSSAF -> parent: what was debited beyond what was due
    advance,               // CAF -> parent: a repayable advance (acompte)
    advance_recovery,      // parent -> CAF: the advance taken back
    // parent -> CAF fund: CMG paid above what was due, taken back by the centre (debited, or
    // deducted from a later CMG payment: then the payment and this recovery are applied the
    // same day, the payment first). `month` is the care month that was overpaid.
    overpayment_recovery,
};

inline constexpr std::size_t cause_count = static_cast<std::size_t>(Cause::overpayment_recovery) + 1;

// A set of causes: what an observer of transfers acts on.
class CauseSet {
public:
    constexpr CauseSet(std::initializer_list<Cause> causes) {
        for (const Cause cause : causes) bits_ |= std::uint32_t{1} << static_cast<unsigned>(cause);
    }
    static constexpr CauseSet all() {
        CauseSet set{};
        set.bits_ = (std::uint32_t{1} << cause_count) - 1;
        return set;
    }
    constexpr bool contains(Cause cause) const { return (bits_ >> static_cast<unsigned>(cause) & 1u) != 0; }

private:
    std::uint32_t bits_ = 0;
};
static_assert(cause_count <= 32);

std::string_view to_string(Cause cause);

struct Transfer {
    Date date;
    AccountId source;
    AccountId target;
    Cents amount;
    Cause cause = Cause::income;
    FamilyId family;
    YearMonth month;
};

// A consumer of the journal (a file writer, a test collecting transfers).
class JournalSink {
public:
    virtual ~JournalSink() = default;
    virtual void record(const Transfer& transfer) = 0;
};

// Writes the journal as CSV: date,source,target,amount,cause,family,month.
class CsvJournal final : public JournalSink {
public:
    explicit CsvJournal(std::ostream& out);
    void record(const Transfer& transfer) override;

private:
    std::ostream& out_;
};

// The account numbering: families first, then carers, then the institutions.
struct AccountPlan {
    std::uint32_t families = 0;
    std::uint32_t carers = 0;
    AccountId family(FamilyId id) const { return AccountId{id.value()}; }
    AccountId carer(CarerId id) const { return AccountId{families + id.value()}; }
    AccountId caf_fund() const { return AccountId{families + carers}; }
    AccountId pajemploi() const { return AccountId{families + carers + 1}; }
    AccountId urssaf() const { return AccountId{families + carers + 2}; }
    AccountId outside() const { return AccountId{families + carers + 3}; }
    std::uint32_t size() const { return families + carers + 4; }
};

// A carer's balance is read by nobody while a run goes on (a family's is: whether it can be
// debited), so the movements of carers' accounts, scattered over millions of them, are noted
// and added a batch at a time (kernel/deferred_sums.hpp) before any carer's balance or the net
// is read: the same balances at every reading. A family's or a carer's balance is held in 32
// bits, the institutions' in full (kernel/narrow_totals.hpp).
class Ledger {
public:
    explicit Ledger(AccountPlan plan) : plan_(plan), balances_(plan.size(), plan.caf_fund().index()) {}

    void set_journal(JournalSink* journal) { journal_ = journal; }
    void transfer(const Transfer& transfer);
    Cents balance(AccountId account) const {
        if (deferred(account)) settle();
        return balances_.get(account.index());
    }
    // Brings a family's balance, kept up to date at every transfer, into the cache ahead of its
    // use (kernel/touch.hpp).
    void touch(AccountId account) const {
        pajesim::touch(*static_cast<const unsigned char*>(balances_.address(account.index())));
    }
    // The sum of every balance: zero unless the ledger is broken.
    Cents net() const;
    std::uint64_t transfer_count() const { return transfer_count_; }
    const AccountPlan& plan() const { return plan_; }

private:
    bool deferred(AccountId account) const {
        return account.value() - plan_.families < plan_.carers;  // unsigned: false below the carers
    }
    void move(AccountId account, Cents amount) {
        if (deferred(account)) {
            carers_.add_to(account.value(), amount, balances_);
        } else {
            balances_.add(account.index(), amount);
        }
    }
    void settle() const { carers_.apply_to(balances_); }

    AccountPlan plan_;
    mutable NarrowTotals balances_;
    mutable DeferredSums<Cents> carers_;  // the carers' movements not yet in balances_
    JournalSink* journal_ = nullptr;
    std::uint64_t transfer_count_ = 0;
};

}  // namespace pajesim::model
