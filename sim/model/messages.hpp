#pragma once
// The typed messages the actors send one another on the event queue. Each is addressed by
// its type: the run delivers it to the one actor that handles it (simulation.cpp). Messages
// are small values: the queue holds millions of them.

#include <cstdint>
#include <variant>

#include "sim/kernel/date.hpp"
#include "sim/kernel/ids.hpp"
#include "sim/model/rights.hpp"

namespace pajesim::model {

// The run's calendar.
struct MonthPlan { std::int16_t month = 0; };
struct MonthEnd { std::int16_t month = 0; };
struct CentreDay {};

// To the families (sim/model/families).
// The month's incomes, or its declarations, that fall on one day: one message on the queue for
// all of them (Families::plan_month), handed to the families as an IncomeDue (DeclarationDue)
// each, in family (contract) order. `batch` indexes the month's calendar (Families::batch).
// IncomeDue and DeclarationDue are never on the queue themselves.
struct IncomeDue { std::uint32_t family = 0; std::int16_t month = 0; };
struct DeclarationDue { std::uint32_t contract = 0; std::int16_t month = 0; };
struct IncomeBatch { std::int16_t month = 0; std::uint16_t batch = 0; };
struct DeclarationBatch { std::int16_t month = 0; std::uint16_t batch = 0; };
// The month's payment deadline: families wrongly paid may notice (flags: bit 0 late
// declarations, bit 1 the CAF's months).
struct DeadlineCheck { std::int16_t month = 0; std::uint8_t which = 0; };
// A debit on the family's bank statement.
struct DebitOnStatement { std::uint32_t family = 0; std::int16_t month = 0; };
// A parent paying the carer directly, who could not for lack of funds, tries again.
struct SalaryDue { std::uint32_t contract = 0; std::int16_t month = 0; std::uint16_t attempt = 0; };

// To the CAF (sim/model/caf).
// A change of situation reaching the CAF: those drawn at the start that fall on one day are
// one ChangesBatch on the queue (Caf::start), handed to the CAF as a ChangeReported each, in
// family order; a change the CAF's frozen server held comes back alone.
struct ChangeReported { std::uint32_t family = 0; std::uint8_t change = 0; };
struct ChangesBatch { std::uint32_t batch = 0; };
struct InitialTransfer { std::uint32_t cohort = 0; };
struct NewYear {};
// The month before the hourly CMG: the CAF sends every transferred family's monthly resources.
struct RegimeSwitch {};
// An old-workflow declaration passed on by the intake, taken in on `taken_on`.
struct DeclarationForCaf { std::uint32_t contract = 0; std::int16_t month = 0; std::int32_t taken_on = 0; };
struct CafPayment { std::uint32_t contract = 0; std::int16_t month = 0; };
// A parallel-run declaration: the CAF adds its computation and sends it on to the centre.
struct ParallelCheck { std::uint32_t contract = 0; std::int16_t month = 0; };
// An agent asks for the family's rights since its cutover (`keying_error`: the agent will
// key the last one wrongly).
// `reconciliation`: the periodic comparison of rights, not an agent's fix.
struct ExtractRequest { std::uint32_t family = 0; bool keying_error = false; bool reconciliation = false; };
// The centre held a family's payment for `month`: its CAF, if it advances automatically,
// estimates the month's CMG from its own facts (and sends Processes an AdvanceOffer).
struct HeldPayment { std::uint32_t family = 0; std::int16_t month = 0; };
struct CafDebitReturn { std::uint32_t contract = 0; std::int16_t month = 0; std::int32_t amount = 0; bool executed = false; };

// To the links (sim/model/links).
struct RightsSent { RightsMessage message; };
struct RightsArrival { RightsMessage message; };  // message.held: released by a restarted server
// (Fields ordered by size: the queue holds millions of messages, 24 bytes each at most.)
struct DeclarationSent {
    std::uint32_t contract = 0;
    std::int32_t declared_on = 0;  // Date::day_count()
    std::int32_t check_cmg = 0;
    std::int32_t check_covered = 0;
    std::int16_t month = 0;
    bool checked = false;  // parallel run: the CAF's computation comes with it
};
struct DeclarationArrival {
    std::uint32_t contract = 0;
    std::int32_t declared_on = 0;
    std::int32_t check_cmg = 0;
    std::int32_t check_covered = 0;
    std::int16_t month = 0;
    bool checked : 1 = false;
    bool held : 1 = false;         // held by a frozen server, released today
    std::uint8_t hours_error = 0;  // Intake::hours_error
};

// To the banks (sim/model/bank).
enum class OrderKind : std::uint8_t {
    cmg, cmg_arrears, covered, contributions_debit, plus_debit, carer_payment, refund,  // the centre's
    overpayment_debit,      // the centre takes an overpayment back: a debit, which may bounce
    overpayment_deduction,  // ... deducted from a CMG payment of the same day: never bounces
    caf_debit,              // the CAF's
};
struct BankOrder {
    OrderKind kind = OrderKind::cmg;
    std::uint8_t flags = 0;      // bank_copy: a faulty bank's second presentation
    std::int16_t month = 0;
    std::uint32_t family = 0;
    std::uint32_t contract = 0;  // carer payments and the CAF's debits
    std::int32_t amount = 0;     // cents
    std::uint32_t order = 0;     // the issuer's id
};
inline constexpr std::uint8_t bank_copy = 1;

// To the processes (sim/model/processes).
// `again`: a family still owed money calling back (dropped while its file is open).
// `attempt`: the family's attempts so far to get through a full line (call_centre).
struct Call { std::uint32_t family = 0; std::int16_t month = 0; bool again = false; std::uint8_t attempt = 0; };
// `month`: the care month in question (the centre's action's).
struct OpenFile { std::uint32_t family = 0; std::int16_t month = 0; };
struct AgentsDay {};
// One record of the CAF's extract (`count` records in all; none when count is 0).
struct ExtractRecord {
    std::uint32_t family = 0;
    RightsRecord record;
    std::uint8_t index = 0;
    std::uint8_t count = 0;
    bool keying_error = false;
    bool reconciliation = false;
};
struct RightsDelivered { std::uint32_t family = 0; YearMonth valid_from; };
struct RegularisationBatch {};
struct ReconciliationDay { std::uint8_t campaign = 0; };  // processes.reconciliation's index
struct AdvancePayment { std::uint32_t family = 0; std::int32_t amount = 0; };
struct AdvanceRecovery { std::uint32_t family = 0; std::int32_t amount = 0; };
// The CAF's estimate of a held month's CMG (cents), from the facts it holds.
struct AdvanceOffer { std::uint32_t family = 0; std::int32_t amount = 0; };

// The day a message's day count stands for.
inline Date day_of(std::int32_t day_count) { return Date{}.plus_days(day_count); }

// A queue entry stays as small as the engine's events were.
using Message = std::variant<
    MonthPlan, MonthEnd, CentreDay,
    IncomeBatch, DeclarationBatch, DeadlineCheck, DebitOnStatement, SalaryDue,
    ChangeReported, ChangesBatch, InitialTransfer, NewYear, RegimeSwitch, DeclarationForCaf, CafPayment, ParallelCheck,
    ExtractRequest, CafDebitReturn, HeldPayment,
    RightsSent, RightsArrival, DeclarationSent, DeclarationArrival,
    BankOrder,
    Call, OpenFile, AgentsDay, ExtractRecord, RightsDelivered, RegularisationBatch, ReconciliationDay,
    AdvancePayment, AdvanceRecovery, AdvanceOffer>;

static_assert(sizeof(Message) <= 24, "a message is at most 24 bytes");

}  // namespace pajesim::model
