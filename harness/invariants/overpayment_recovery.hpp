#pragma once
#include "harness/invariants/due_dates.hpp"
#include "harness/invariants/invariant.hpp"

#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

namespace pajesim::invariants {

// The day's overpayment recoveries, by family-month (few), for invariants judged when the day
// ends: the recovery transfers of one family-month on one day are summed.
class DayRecoveries {
public:
    struct Recovered {
        FamilyId family;
        YearMonth month;
        Cents amount;  // taken back from the month today
    };
    void add(const model::Transfer& transfer);  // ignores every other cause
    const std::vector<Recovered>& today() const { return today_; }
    void clear() { today_.clear(); }

private:
    std::vector<Recovered> today_;  // in the order they were first made
};

// An overpayment is taken back only from a family that is owed nothing: a recovery (debited, or
// deducted from a CMG payment) while the family waits for CMG due, or for debits beyond what
// was due to be refunded, takes money it is owed (the harness's due dates and the oracle's
// amounts, never the centre's view). Judged at the end of the recovery's day: a month due that
// day and paid later that day (a deduction made from one payment before the next) is not owed.
class NoRecoveryWhileOwed final : public Invariant {
public:
    explicit NoRecoveryWhileOwed(const DueDates& due_dates)
        : Invariant("no_recovery_while_owed"), due_dates_(due_dates) {}
    // The causes on_transfer acts on: the set calls it for these only.
    static constexpr model::CauseSet transfer_causes{model::Cause::overpayment_recovery};
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;
    void on_day_end(const model::RunView& view) override;

private:
    const DueDates& due_dates_;
    DayRecoveries recoveries_;
};

// An overpayment is taken back only after the family was told of it (notify_overpayment, a
// step of its file) and the scenario's notice period has run: each notification of a month
// opens its own notice period (a newer, larger overpayment found), so a recovery of the month
// comes no earlier than its last notification so far plus `overpayment_notice_days`. Judged
// at the end of the recovery's day (with a notice period of 0, a notification and a recovery
// of the same day are in order).
class RecoveryAfterNotice final : public Invariant {
public:
    explicit RecoveryAfterNotice(const DueDates& due_dates)
        : Invariant("recovery_after_notice"), due_dates_(due_dates) {}
    void on_family_step(const model::FamilyStep& step, const model::RunView& view) override;
    // The causes on_transfer acts on: the set calls it for these only.
    static constexpr model::CauseSet transfer_causes{model::Cause::overpayment_recovery};
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;
    void on_day_end(const model::RunView& view) override;

private:
    const DueDates& due_dates_;
    // The last notification of each family-month so far (few: overpayments are rare), by
    // family_month_key.
    std::unordered_map<std::uint64_t, Date> notified_;
    DayRecoveries recoveries_;
};

// What the centre takes back is what it told the family: over a family-month, the
// overpayments recovered (debited or deducted) and written off never exceed the overpayments
// notified (each notify_overpayment states the excess it found, so the notices add up). A
// notice that understates the excess, a recovery repeated, or a write-off of more than was
// found breaks it. Judged at the end of the day (a notice and its write-off come in one
// answer). A bank that executes a recovery debit twice breaks it until the centre pays the
// second back (the double_debit fault says so).
class RecoveryWithinNotice final : public Invariant {
public:
    RecoveryWithinNotice() : Invariant("recovery_within_notice") {}
    void on_family_step(const model::FamilyStep& step, const model::RunView& view) override;
    // The causes on_transfer acts on: the set calls it for these only.
    static constexpr model::CauseSet transfer_causes{model::Cause::overpayment_recovery};
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;
    void on_day_end(const model::RunView& view) override;

private:
    struct Taken {
        Cents notified;
        Cents taken;  // recovered and written off
    };
    void touch(FamilyId family, YearMonth month);
    // By family_month_key (few: overpayments are rare), and today's family-months.
    std::unordered_map<std::uint64_t, Taken> months_;
    std::vector<std::pair<FamilyId, YearMonth>> today_;
};

// The scenario's `monthly_limit` on deductions (processes.overpayment_recovery, policy
// `deduct`): over the deductions the centre answers for a family in a calendar month
// (`recover_overpayment` with `deducted: true`, whatever months they take back from), at most
// the limit; under `deduct` without a limit, anything; under `debit` and `write_off`, nothing.
// Judged at each deduction ordered (debits of a remainder are not deductions), from the rule's
// `deductions_monthly_limit`.
class DeductionsWithinMonthlyLimit final : public Invariant {
public:
    explicit DeductionsWithinMonthlyLimit(const DueDates& due_dates)
        : Invariant("deductions_within_monthly_limit"), due_dates_(due_dates) {}
    void on_family_step(const model::FamilyStep& step, const model::RunView& view) override;

private:
    const DueDates& due_dates_;
    // By family: the calendar month of its last deduction (YearMonth::index) and what was
    // deducted in it.
    std::unordered_map<std::uint32_t, std::pair<std::int32_t, Cents>> deducted_;
};

// A recovery never exceeds what was overpaid: once the month is due (the harness's due date),
// and at the end of the recovery's day if that is later, the month's CMG paid (net of every
// recovery) is still at least what the law says. Not at the recovery itself: a month of two
// contracts is paid declaration by declaration, and a centre that finds the sum it ordered
// above its figure deducts the excess from the first payment while the second is still to
// be made; what the law owes for the month is then not all due yet.
class RecoveryWithinOverpayment final : public Invariant {
public:
    explicit RecoveryWithinOverpayment(const DueDates& due_dates)
        : Invariant("recovery_within_overpayment"), due_dates_(due_dates) {}
    // The causes on_transfer acts on: the set calls it for these only.
    static constexpr model::CauseSet transfer_causes{model::Cause::overpayment_recovery};
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;
    void on_day_end(const model::RunView& view) override;

private:
    using Cell = std::pair<std::uint32_t, std::int32_t>;  // family, month index
    const DueDates& due_dates_;
    // Recovered from each family-month since it was last judged, and the days they are judged
    // on (a late declaration may move a month's due date: it is then looked at again).
    std::map<Cell, Cents> recovered_;
    std::multimap<std::int32_t, Cell> judged_on_;
};

// A write-off never waives more than was overpaid: at the end of a write-off's day (or once
// the month is due, if later), what the centre wrote off for a family-month
// (`write_off_overpayment`) is at most what the month is overpaid by, net (its CMG paid, net
// of recoveries, less the law's amount). A centre that writes off the same excess again at
// each regularisation breaks it, though each write-off has its notice. When a declaration
// raises the law's amount, what was written off shrinks with the excess (the centre's rule 12,
// docs/sut-protocol.md: the family keeps it, it is not paid again), so only what is still an
// excess counts against a later write-off.
class WriteOffsWithinOverpayment final : public Invariant {
public:
    explicit WriteOffsWithinOverpayment(const DueDates& due_dates)
        : Invariant("write_offs_within_overpayment"), due_dates_(due_dates) {}
    void on_family_step(const model::FamilyStep& step, const model::RunView& view) override;
    void on_declaration(const model::DeclarationMade& declaration, const model::RunView& view) override;
    void on_day_end(const model::RunView& view) override;

private:
    using Cell = std::pair<std::uint32_t, std::int32_t>;  // family, month index
    const DueDates& due_dates_;
    std::map<Cell, Cents> written_off_;  // what still counts, by family-month (rare)
    std::multimap<std::int32_t, Cell> judged_on_;
};

}  // namespace pajesim::invariants
