#pragma once
// The truth's books: for each family and care month, what the law says is owed (the oracle on
// the TRUE facts, at each declaration) and what the ledger shows was paid, debited and paid to
// carers. Not an actor: nobody's belief, the measure of everyone's. Invariants, reports and
// harm figures read these books and the ledger; the families read them to know they are owed
// money (what a family knows of its own situation).

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "sim/kernel/deferred_sums.hpp"
#include "sim/kernel/packed_cells.hpp"
#include "sim/kernel/month_flags.hpp"
#include "sim/kernel/rows_on_demand.hpp"
#include "sim/kernel/small_vector.hpp"
#include "sim/kernel/windowed_cells.hpp"
#include "sim/kernel/zeroed_vector.hpp"
#include "sim/law/cmg.hpp"
#include "sim/model/actor.hpp"
#include "sim/model/population/world.hpp"

namespace pajesim::model {

// Per family and care month.
inline constexpr std::uint8_t declared_flag = 1;     // at least one contract declared
inline constexpr std::uint8_t new_workflow_flag = 2; // the centre's month
inline constexpr std::uint8_t late_flag = 4;         // a declaration after the 5th of M+1
inline constexpr std::uint8_t plus_flag = 8;         // a Pajemploi+ contract in the centre's month

// The CAF paid the CMG weeks after the declaration (25 business days by default): a month of
// the old workflow is due this many days after the new workflow's deadline (the families'
// patience before they call; the invariants state their own rule, harness/invariants).
inline constexpr std::int32_t old_workflow_grace_days = 60;

// Amounts per family and care month that few cells ever hold (overpayments recovered or
// written off): a hash table by cell instead of an array of zeros.
class SparseCells {
public:
    std::int32_t operator[](std::size_t at) const {
        if (cells_.empty()) return 0;
        const auto found = cells_.find(at);
        return found == cells_.end() ? 0 : found->second;
    }
    void add(std::size_t at, std::int32_t amount) { cells_[at] += amount; }

private:
    std::unordered_map<std::size_t, std::int32_t> cells_;
};

class Books final : public TransferWatcher {
public:
    Books(Context& context, const World& world);

    // The oracle's answer for one contract's month, on the true facts: the CMG owed (with the
    // complément différentiel, never below 0) and the contributions the CMG leaves uncovered.
    struct Owed {
        std::int32_t cmg = 0;
        std::int32_t uncovered = 0;
        std::int32_t covered = 0;  // the contributions the CMG covers (paid by the CAF fund)
    };
    // An answer prepared ahead (prepare_month) in 8 bytes, each amount in 21 bits (0 to
    // 20 971.51 euros), where an Owed takes 12. An answer with an amount outside is not kept
    // (`none`): a declaration then asks the oracle, which gives the same answer.
    struct Prepared {
        static constexpr std::uint64_t field = (std::uint64_t{1} << 21) - 1;
        static constexpr std::uint64_t none = ~std::uint64_t{0};
        std::uint64_t bits = 0;
        static Prepared of(const Owed& owed) {
            const auto fits = [](std::int32_t v) { return v >= 0 && static_cast<std::uint64_t>(v) <= field; };
            if (!fits(owed.cmg) || !fits(owed.uncovered) || !fits(owed.covered)) return Prepared{none};
            return Prepared{static_cast<std::uint64_t>(owed.cmg) | static_cast<std::uint64_t>(owed.uncovered) << 21 |
                            static_cast<std::uint64_t>(owed.covered) << 42};
        }
        bool held() const { return bits != none; }
        Owed owed() const {
            return Owed{static_cast<std::int32_t>(bits & field), static_cast<std::int32_t>(bits >> 21 & field),
                        static_cast<std::int32_t>(bits >> 42 & field)};
        }
    };
    // Computes, for every contract active in care month `month`, what the oracle says it is
    // owed, on `threads` threads (families split in contiguous ranges), before the month's
    // declarations are made. The oracle is a pure function of the world's true facts and the
    // law, so a declaration reads the same answer whether it was prepared or not, and on any
    // number of threads.
    void prepare_month(std::int16_t month, unsigned threads);
    // A family declares a contract's month today. Returns the contract's pay for the month
    // (Contract::pay_in, drawn once: the family pays its carer that much) and the
    // contributions the law says the CMG covers for it.
    struct Declared {
        Cents pay;
        Cents covered;
    };
    Declared declared(ContractId contract, std::int16_t month);
    // Brings ahead of a transfer for the family's month what on_transfer will read (its CMG
    // still owed, its debits' row, its carers' pay still owed: kernel/touch.hpp).
    void touch_family_month(FamilyId family, std::int16_t month) const {
        if (month < 0) return;
        context_.tally.unpaid_cents.touch_cell(family.index(), month);
        carers_unpaid_.touch_cell(family.index(), month);
        touch(debits_.row_number(family.index()));
    }
    // Brings ahead of declared() for one of the family's contracts what it reads first (the
    // row number of its debits, through which declared() then touches the month's cell).
    void touch_declared(FamilyId family) const { touch(debits_.row_number(family.index())); }
    // The same, farther ahead: the contract's prepared answer for the month (found by the
    // contract alone).
    void touch_prepared(ContractId contract, std::int16_t month) const {
        if (const Prepared* answer = prepared(contract, month)) touch(*answer);
    }
    void on_transfer(const Transfer& transfer) override;

    std::size_t cell(FamilyId family, std::int16_t month) const {
        // Month-major: a day's events touch one month's row in family order.
        return static_cast<std::size_t>(month) * families_ + family.index();
    }
    std::uint8_t flags(FamilyId family, std::int16_t month) const { return flags_.get(family.index(), month); }
    // 1 + the last care month any cell of the books was written for (a declaration, a transfer,
    // a write-off), 0 before any: the cells of later months are all zero, so the walks over a
    // family's months stop there (RunView::months_written).
    std::int16_t months_written() const { return months_written_; }
    Cents owed(FamilyId f, std::int16_t m) const { return Cents{context_.tally.owed_cents.get(f.index(), m)}; }
    // What is still owed of the month's CMG: owed less paid (negative when overpaid).
    std::int32_t unpaid(FamilyId f, std::int16_t m) const { return context_.tally.unpaid_cents.get(f.index(), m); }
    // CMG paid for the month, net of the overpayments recovered on it.
    Cents paid(FamilyId f, std::int16_t m) const { return owed(f, m) - Cents{unpaid(f, m)}; }
    Cents recovered(FamilyId f, std::int16_t m) const { return Cents{recovered_[cell(f, m)]}; }
    Cents written_off(FamilyId f, std::int16_t m) const { return Cents{written_off_[cell(f, m)]}; }
    Cents debit_due(FamilyId f, std::int16_t m) const { return Cents{debits(f, m).due}; }
    Cents debited(FamilyId f, std::int16_t m) const { return Cents{debits(f, m).debited}; }
    // The carers' pay declared for the month: the month's pay of each contract declared for it
    // (derived from the declarations, not stored).
    Cents carers_due(FamilyId f, std::int16_t m) const;
    Cents carers_paid(FamilyId f, std::int16_t m) const { return carers_due(f, m) - carers_unpaid(f, m); }
    // The carers' pay declared for the month less what they were paid for it (negative: paid
    // more, or a payment counted in the run's first or last month).
    Cents carers_unpaid(FamilyId f, std::int16_t m) const { return Cents{carers_unpaid_.get(f.index(), m)}; }
    // The family's carers' accounts (each once, in contract order), and the month's declared pay
    // of the contracts of one of them.
    SmallVector<AccountId, 4> carers_of(FamilyId f) const;
    Cents carer_due(FamilyId f, std::int16_t m, AccountId carer) const;
    // Bit m: the contract's month m was declared.
    std::uint64_t contract_declared(ContractId contract) const {
        const std::uint64_t low = contracts_[contract.index()].declared;
        return declared_high_.empty() ? low : low | std::uint64_t{declared_high_[contract.index()]} << 32;
    }

    // The day by which month `month` must be paid: the deadline, or for a family that declared
    // late, the deadline moved by the lateness allowed; a month of the old workflow later still.
    Date due_date(std::int16_t month, std::uint8_t flags) const;
    Date compute_due_date(std::int16_t month, std::uint8_t flags) const;
    // What the family is owed: CMG due and not paid, and debits beyond what was due. With
    // `due_only`, only months whose payment is due by today count.
    Cents owed_to_family(FamilyId family, bool due_only) const;
    // What the family's carers are owed for the centre's months due by today.
    Cents carers_owed(FamilyId family) const;
    // CMG paid above the law, net of what was recovered or written off, over every month (an
    // overpayment is one the day it is paid).
    Cents overpaid(FamilyId family) const;
    // Pajemploi+ debits due and not taken, over the months due by today.
    Cents debt_to_centre(FamilyId family) const;
    // The centre waives `amount` of the month's overpayment for good.
    void write_off(FamilyId family, std::int16_t month, Cents amount);
    // A family found wrong (at a deadline, a call, an over-debit): examined at month ends.
    void suspect(FamilyId family);
    const std::vector<std::uint32_t>& suspects() const { return suspects_; }

    // Counts, on the month's last day, the families owed money.
    void month_end(std::int16_t month);
    // The families' summaries and the end-of-run figures.
    void summarise();

private:
    // What the cell's month is overpaid by, net of write-offs (0 or more).
    std::int32_t overpaid_at(FamilyId family, std::int16_t month) const;
    // The month's pay of the family's contracts declared for it (only `carer`'s, when given).
    Cents declared_pay(FamilyId f, std::int16_t m, std::optional<AccountId> carer) const;
    // The complément différentiel's facts of a contract from its true declarations of the
    // reference period (computed once per contract).
    // A worker's copies of a contract's and a household's facts for a month.
    struct Scratch {
        law::ContractFacts contract;
        HouseholdScratch household;
        // The complement's reference months (transitional): apart, so that computing them never
        // overwrites the facts of the month being answered.
        law::ContractFacts contract_reference;
        HouseholdScratch household_reference;
    };
    const law::TransitionalFacts* transitional(ContractId contract, Scratch& scratch);
    void size_transitional();  // the complement's tables, one entry per contract, made once
    Owed oracle(ContractId contract, std::int16_t month, Scratch& scratch);
    Owed oracle_on(ContractId contract, std::int16_t month, const law::HouseholdFacts& household,
                   const law::ContractFacts& facts, Scratch& scratch);
    // The prepared answers of the last `prepared_months` care months, per contract: month M is
    // declared from the 25th of M to the 5th of M+1, or 20 days later at the latest
    // (late_declaration_max_days), so when M+2 is prepared, on its first day, M's declarations
    // are all made. A declaration of a month no longer prepared would ask the oracle.
    static constexpr std::size_t prepared_months = 2;
    std::array<std::vector<Prepared>, prepared_months> prepared_;
    std::array<std::int16_t, prepared_months> prepared_month_{-1, -1};
    // The contract's prepared answer for the month; none when the month is no longer prepared.
    const Prepared* prepared(ContractId contract, std::int16_t month) const {
        const std::size_t slot = static_cast<std::size_t>(month) % prepared_months;
        return prepared_month_[slot] == month ? &prepared_[slot][contract.index()] : nullptr;
    }
    // Per family, the months of the year in which its children are born or have birthdays
    // (law::turning_months): an answer is not carried over into or out of them.
    std::vector<std::uint16_t> turning_months_;

    Context& context_;
    const World& world_;
    std::vector<std::uint8_t> transitional_state_;  // 0 not computed, 1 none, 2 computed
    std::vector<law::TransitionalFacts> transitional_;
    Scratch scratch_;  // the facts of a month asked for outside prepare_month
    std::size_t families_;
    std::int16_t months_written_ = 0;
    void written(std::int16_t month) { months_written_ = std::max(months_written_, static_cast<std::int16_t>(month + 1)); }
    MonthFlags flags_;  // kernel/month_flags.hpp: two months a byte
    // What the family should be debited for the month (uncovered contributions, and a
    // Pajemploi+ salary) and what was debited, net of refunds. Most families are debited
    // nothing (an assmat's contributions are all covered, and most do not use Pajemploi+):
    // a family's months are held only from its first debit due or taken.
    struct Debits {
        std::int32_t due = 0;
        std::int32_t debited = 0;
    };
    // A month's debits in 6 bytes, each amount in 24 bits (up to 83 886.07 euros); a family
    // with an amount beyond is held in full apart from then on (kernel/rows_on_demand.hpp).
    NarrowRowsOnDemand<2> debits_;
    Debits debits(FamilyId f, std::int16_t m) const {
        const NarrowRowsOnDemand<2>::Amounts cell = debits_.get_all(f.index(), static_cast<std::size_t>(m));
        return Debits{cell[0], cell[1]};
    }
    // Adds to the month's debits, making the family's row (for a non-zero amount only).
    void add_debits(FamilyId f, std::int16_t m, std::int32_t due, std::int32_t debited);
    // The carers' pay declared for each family-month less what they were paid for it: zero
    // once a month is paid (kernel/windowed_cells.hpp).
    WindowedCells carers_unpaid_;
    SparseCells recovered_;
    SparseCells written_off_;
    // Per contract, what a family's declared pay is summed from, in one 12-byte record: the
    // months declared (bit m, the first 32 months; the others in declared_high_, held only for
    // a run of more), the pay of every month when it does not vary (else -1: drawn month by
    // month, Contract::pay_in) and the carer.
    struct ContractBook {
        std::uint32_t declared = 0;
        std::int32_t pay = -1;
        std::uint32_t carer = 0;
    };
    std::vector<ContractBook> contracts_;
    std::vector<std::uint32_t> declared_high_;  // bit m - 32: month m declared
    bool declared_in(std::size_t contract, std::int16_t month) const {
        if (month < 32) return (contracts_[contract].declared >> month & 1u) != 0;
        return (declared_high_[contract] >> (month - 32) & 1u) != 0;
    }
    // The Pajemploi+ salaries declared for each month: the salary part of the month's
    // Pajemploi+ debits, which are not contributions.
    std::vector<Cents> plus_salaries_;
    std::vector<Cents> plus_debits_;
    std::vector<std::uint8_t> suspect_;
    std::vector<std::uint32_t> suspects_;
    std::vector<std::uint8_t> affected_;  // bit 0: wrong at a month end or the run's, bit 1: overpaid at a month end
    // Counts the family among the families affected, once.
    void count_affected(std::uint32_t f);
    // Each family's carers' pay due and paid over the run (FamilySummary), read only once the run
    // is over: added a batch at a time (summarise applies what is left). The summaries are made
    // only then, when the centre's tables are gone: 16 bytes a family during the run, not 48.
    struct CarerTotals {
        std::int64_t due;
        std::int64_t paid;
    };
    ZeroedVector<CarerTotals> carer_totals_;
    DeferredSums<std::int64_t> carers_due_total_;
    DeferredSums<std::int64_t> carers_paid_total_;
    auto carers_due_of() {
        return [this](std::uint32_t f) -> std::int64_t& { return carer_totals_[f].due; };
    }
    auto carers_paid_of() {
        return [this](std::uint32_t f) -> std::int64_t& { return carer_totals_[f].paid; };
    }
    std::vector<Date> due_dates_;  // by month, then late (2) + new workflow (1)
};

}  // namespace pajesim::model
