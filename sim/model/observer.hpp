#pragma once
// What the run shows to those who watch it (invariants, dossiers): a read-only view of the
// money owed and paid, and callbacks as the run goes. Observers never change the run.

#include <vector>
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/kernel/cents.hpp"
#include "sim/kernel/date.hpp"
#include "sim/kernel/ids.hpp"
#include "sim/kernel/small_vector.hpp"
#include "sim/model/ledger.hpp"

namespace pajesim::model {

class RunView {
public:
    virtual ~RunView() = default;
    virtual Date today() const = 0;
    virtual YearMonth first_month() const = 0;
    virtual std::int32_t month_count() const = 0;
    // The months written so far: every family's amounts of the months from this one on are
    // still all zero, and no family declared them, so a walk over a family's months may stop
    // here. At most month_count(); the default is month_count().
    virtual std::int32_t months_written() const { return month_count(); }
    virtual std::uint32_t family_count() const = 0;
    // Whether the family declared the month (for dossiers: invariants keep their own count of
    // declarations, from on_declaration).
    virtual bool declared(FamilyId family, std::int32_t month) const = 0;
    // The oracle's CMG for the month (true facts), and what was paid for it so far.
    virtual Cents cmg_owed(FamilyId family, std::int32_t month) const = 0;
    virtual Cents cmg_paid(FamilyId family, std::int32_t month) const = 0;
    // cmg_owed less cmg_paid, which a run keeps as such (zero once a month is paid: a walk over
    // a family's old months reads a bit where owed and paid were two cache misses).
    virtual Cents cmg_unpaid(FamilyId family, std::int32_t month) const {
        return cmg_owed(family, month) - cmg_paid(family, month);
    }
    // What the family should be debited for the month (oracle), and what was.
    virtual Cents debit_due(FamilyId family, std::int32_t month) const = 0;
    virtual Cents debited(FamilyId family, std::int32_t month) const = 0;
    virtual Cents carers_due(FamilyId family, std::int32_t month) const = 0;
    virtual Cents carers_paid(FamilyId family, std::int32_t month) const = 0;
    // carers_due less carers_paid, which a run keeps as such (it is zero once a month is paid).
    virtual Cents carers_unpaid(FamilyId family, std::int32_t month) const {
        return carers_due(family, month) - carers_paid(family, month);
    }
    // The accounts of the carers the family employs (each once, in contract order), and the
    // declared pay of the month for one of them: a family of several carers has each carer's
    // pay judged on its own. The defaults know no carer (the family is judged as a whole).
    virtual SmallVector<AccountId, 4> carers_of(FamilyId /*family*/) const { return {}; }
    virtual Cents carer_due(FamilyId family, std::int32_t month, AccountId /*carer*/) const {
        return carers_due(family, month);
    }
    // Overpayments of the month taken back (cmg_paid is net of them), and waived by the centre
    // (each write-off is above 0, so the month's sum is 0 or more).
    virtual Cents cmg_recovered(FamilyId family, std::int32_t month) const = 0;
    virtual Cents cmg_written_off(FamilyId family, std::int32_t month) const = 0;
    virtual Cents ledger_net() const = 0;
    virtual Cents balance(AccountId account) const = 0;
    virtual std::uint32_t account_count() const = 0;
    // The accounts of families and carers, numbered first (ledger.hpp, AccountPlan): their
    // balances stay small; the institutions' after them are the sums of everyone's.
    virtual std::uint32_t person_accounts() const { return account_count(); }
};

// A family declares a contract's month, on `date`, whatever then happens to the declaration
// on its way (a fault may lose or hold it). The family's CAF says which workflow the month is
// in. No flag of the model's (late, new workflow) comes with it: watchers judge for themselves.
// `covered` is the oracle's (true facts): the employer's contributions the CMG covers for the
// contract's month, which the CAF fund pays to the URSSAF.
struct DeclarationMade {
    Date date;
    FamilyId family;
    CafId caf;
    ContractId contract;
    YearMonth month;
    Cents covered;
};

// A step of a family's file, for dossiers.
struct FileEvent {
    Date date;
    FamilyId family;
    std::string_view kind;  // "declaration", "rights_received", "cmg_paid", "call", ...
    YearMonth month;        // the care month concerned, when there is one
    Cents amount;
    std::string detail;
    // The fault that caused the step, as 1 + its index in the scenario's `faults` list; 0: none.
    std::uint16_t fault = 0;
};

// What was done about a family, as it happens (for the register; cheap: no text).
enum class StepKind : std::uint8_t {
    call,                     // the family called the centre
    file_opened,              // an anomaly file was opened for it
    file_fixed,               // an agent fixed its file
    fix_error,                // ... keying a wrong bracket
    overpayment_notified,     // the centre told it a month was overpaid (amount)
    overpayment_written_off,  // the centre waived an overpayment (amount)
    carer_payment_withheld,   // Pajemploi+ kept the carer's pay until the debit succeeds
    debit_escalated,          // its debits were rejected too often: a file for the agents
    contacted,                // the centre called it about a payment it holds (outbound contact)
    // The centre ordered an overpayment of `month` deducted from a CMG payment (amount), on the
    // day it answered it (`recover_overpayment` with `deducted: true`).
    overpayment_deducted,
    // The bank rejected a debit of what the family owes for `month` (contributions, or a
    // Pajemploi+ debit; not an overpayment's recovery), for want of funds (amount).
    debit_rejected,
};

struct FamilyStep {
    Date date;
    FamilyId family;
    StepKind kind = StepKind::call;
    YearMonth month;
    Cents amount;
};

class RunObserver {
public:
    virtual ~RunObserver() = default;
    // Every transfer, after the ledger applied it (advances and their recoveries included:
    // causes advance and advance_recovery).
    virtual void on_transfer(const Transfer& /*transfer*/, const RunView& /*view*/) {}
    virtual void on_declaration(const DeclarationMade& /*declaration*/, const RunView& /*view*/) {}
    // After the last event of each simulated day, for every calendar day of the run (days
    // without events included), so that a watcher's own due dates are always visited.
    virtual void on_day_end(const RunView& /*view*/) {}
    virtual void on_file_fixed(FamilyId /*family*/, const RunView& /*view*/) {}
    virtual void on_family_step(const FamilyStep& /*step*/, const RunView& /*view*/) {}
    virtual void on_run_end(const RunView& /*view*/) {}
    // Dossiers: whether the run should describe this family's file, step by step.
    virtual bool traces(FamilyId /*family*/) const { return false; }
    virtual bool traces_any() const { return false; }
    virtual void on_file_event(const FileEvent& /*event*/) {}
};

}  // namespace pajesim::model
