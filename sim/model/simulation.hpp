#pragma once
// The run: a discrete-event simulation of families, carers, the CAF, the Pajemploi centre and
// the banks, day by day over the scenario's period, with the old workflow before the cutover
// and the new one after it (domain.md sections 1 and 2). Each actor owns its state (folders of
// sim/model) and they meet through typed messages on one event queue (messages.hpp) and money
// through the ledger. What each family is owed comes from the oracle applied to the TRUE
// facts (truth/); what the CAF and the centre pay comes from what they believe.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/kernel/cents.hpp"
#include "sim/kernel/run_length_cells.hpp"
#include "sim/kernel/windowed_cells.hpp"
#include "sim/kernel/zeroed_vector.hpp"
#include "sim/law/parameters.hpp"
#include "sim/model/ledger.hpp"
#include "sim/model/observer.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/seams.hpp"
#include "sim/model/population/world.hpp"

namespace pajesim::model {

// Aggregates for one care month (money by care month, overdrafts by the month they happen).
struct MonthFigures {
    YearMonth month;
    std::uint32_t families = 0;       // families with at least one declaration for the month
    std::uint32_t declarations = 0;
    Cents cmg_owed;                   // oracle, true facts
    Cents cmg_paid;
    // At the run's end: families whose CMG paid for the month differs from the oracle's.
    std::uint32_t families_paid_wrongly = 0;
    Cents contributions_debited;      // taken from families
    Cents contributions_covered;      // paid by the CAF for families
    Cents carers_due;                 // net salary + maintenance declared
    Cents carers_paid;
    std::uint32_t overdrafts = 0;
    std::uint32_t rights_messages = 0;  // sent by the CAF during the month
    // At the month's last day: families owed money (CMG due and unpaid, or contributions
    // debited that the CMG covers), how much, and how many families ever were.
    std::uint32_t families_in_arrears = 0;
    // ... of whom owed at least processes.advance_threshold (hardship cases).
    std::uint32_t families_in_arrears_above_threshold = 0;
    // ... of whom owed at least processes.hardship_income_share of their monthly income.
    std::uint32_t families_in_hardship = 0;
    Cents money_owed;
    // ... families paid above what the law says (net of what was recovered or written off,
    // over every month), how much; families wrong either way; how many ever were.
    std::uint32_t families_overpaid = 0;
    Cents money_overpaid;
    std::uint32_t families_wrong = 0;
    std::uint32_t families_affected = 0;  // cumulative: wrong either way at a month end
    // ... families whose carers are unpaid for months due, and the pay missing.
    std::uint32_t carers_unpaid = 0;
    Cents carers_money_unpaid;
    // ... families owing the centre a Pajemploi+ debit due and not taken (a rejected debit:
    // under the guarantee rule the carer was paid all the same), and how much.
    std::uint32_t families_in_debt_to_centre = 0;
    Cents debt_to_centre;
    std::uint32_t files_open = 0;         // Pajemploi's backlog of anomaly files
    std::uint32_t agents = 0;             // national staff on the month's last day
    // During the month.
    std::uint32_t calls = 0;
    std::uint32_t files_opened = 0;
    std::uint32_t files_fixed = 0;
    std::uint32_t fix_errors = 0;
    std::uint32_t declarations_lost = 0;
    Cents arrears_paid;                   // by regularisation
    Cents contributions_refunded;
    std::uint32_t advances_paid = 0;
    Cents advances_amount;
    std::uint32_t advances_recovered = 0;
    std::uint32_t advances_recovered_before_payment = 0;
    // Overpayments: notified to families by the centre, recovered (deducted from later CMG or
    // debited), written off.
    std::uint32_t overpayments_notified = 0;
    Cents overpayments_notified_amount;
    Cents overpayments_recovered;
    Cents overpayments_written_off;
    // Pajemploi+: carer payments withheld until the parent's debit succeeds, and files
    // escalated after repeated rejected debits.
    std::uint32_t carer_payments_withheld = 0;
    std::uint32_t debits_escalated = 0;
    // The response: calls that did not get through (the line was full), families who gave up
    // calling, what the attempts cost families, outbound contacts, the agents' files lost to
    // capacity cuts (in files), and promised answers made, kept and broken.
    std::uint32_t calls_lost = 0;
    std::uint32_t callers_gave_up = 0;
    Cents call_costs;
    std::uint32_t contacts = 0;
    std::uint32_t files_lost_to_cuts = 0;
    std::uint32_t promises_made = 0;
    std::uint32_t promises_kept = 0;
    std::uint32_t promises_broken = 0;
    // What the banks charged families for the month's overdrafts and rejected debits
    // (population.overdraft_fee each, counted with `overdrafts`).
    Cents overdraft_fees;
};

struct FamilySummary {
    Cents cmg_owed;
    Cents cmg_paid;
    Cents largest_arrears;           // largest (owed - paid) over its care months
    Cents carers_due;
    Cents carers_paid;
    std::uint16_t months_declared = 0;
    std::int16_t first_month_wrong = -1;  // month indexes, -1: none
    std::int16_t last_month_wrong = -1;
};
static_assert(sizeof(FamilySummary) <= 48, "one per family: no hole between the fields");

struct RunStatistics {
    std::uint64_t events = 0;
    std::uint64_t transfers = 0;
    std::uint64_t rights_messages_sent = 0;
    std::uint64_t rights_messages_delivered = 0;
    std::uint64_t debits_rejected = 0;
    std::uint64_t payments_resent = 0;
    std::uint64_t double_debits = 0;
    std::uint32_t families_affected = 0;
    std::uint32_t files_still_open = 0;
    std::uint32_t families_still_owed = 0;  // at the end of the run
    Cents money_still_owed;
    std::uint32_t families_ever_overpaid = 0;  // at a month end
    std::uint32_t families_still_overpaid = 0;  // at the end of the run
    Cents money_still_overpaid;
    std::uint32_t families_carers_still_unpaid = 0;  // at the end of the run, months due
    Cents carers_money_still_unpaid;
    // The longest wait, in days past the due date, before a month's CMG was paid in full.
    std::int32_t longest_delay_days = 0;
    // Family-days in arrears, counted at month ends (families in arrears x days in the month).
    std::uint64_t family_days_in_arrears = 0;
};

struct RunResult {
    // False when the run stopped early: the centre under test failed on `stopped_on`.
    bool complete = true;
    Date stopped_on;
    std::uint64_t stop_line = 0;   // the line of the centre's answers at fault, 0: none
    std::string stop_reason;
    std::vector<MonthFigures> months;
    std::vector<FamilySummary> families;
    // Per family and care month: the CMG owed, in cents, and what is still owed of it (owed
    // less paid: negative when overpaid). What was paid is net of the overpayments recovered
    // on the month. The reports do not read them (the run's figures and summaries are made
    // from them at its end), so a caller may free them (harness::RunRequest::keep_cells).
    RunLengthCells owed_cents;   // kernel/run_length_cells.hpp: a family's months as runs
    WindowedCells unpaid_cents;  // kernel/windowed_cells.hpp: zero once a month is paid in full
    // What was paid for the cell `at` (month * families + family).
    std::int32_t paid_at(std::size_t at) const {
        const std::size_t rows = unpaid_cents.rows();
        const auto month = static_cast<std::int32_t>(at / rows);
        return owed_cents.get(at % rows, month) - unpaid_cents.get(at % rows, month);
    }
    std::int32_t month_count = 0;
    Cents ledger_net;
    RunStatistics statistics;
};

// Deliberate breaks of the model, for proving that the invariants bite. Off in every normal
// run; tests switch them on, and a build configured with -DPAJESIM_BREAK=<name> starts with
// one of them on (for `pajesim check` demonstrations).
struct TestBreaks {
    bool drop_salary_cap = false;           // Pajemploi forgets the 85 % cap
    bool pay_regularisation_twice = false;  // a regularisation pays its arrears twice
    bool recover_advances_early = false;    // advances recovered the day after they are paid
    bool lose_single_parent_in_transfer = false;  // the single-parent flag lost in every message
    bool any() const {
        return drop_salary_cap || pay_regularisation_twice || recover_advances_early ||
               lose_single_parent_in_transfer;
    }
};

// The breaks a build starts with (none unless configured with PAJESIM_BREAK).
TestBreaks default_breaks();

class PajemploiCentre;
class Histories;

struct RunOptions {
    JournalSink* journal = nullptr;
    Seams* seams = nullptr;  // null: a perfect world
    PajemploiCentre* centre = nullptr;  // null: the built-in centre
    std::string params_file;            // told to an external centre (absolute path)
    RunObserver* observer = nullptr;
    TestBreaks breaks = default_breaks();
    // Threads for the work split by family (the oracle's answers for each month): any number
    // gives the same results.
    unsigned threads = 1;
    // The oracle carries a contract's answer over from the month before when the law says the
    // month changes nothing for it (law::answer_carries_over); off, it computes every month
    // again. The same results either way (tested): the switch is there to show it.
    bool oracle_carry_over = true;
    // A centre that offers its actions during its turn (ActionOutlet, centre/centre.hpp) has
    // them executed by this many, so that a payment day's are not held together; 0: the run
    // gives it no outlet and executes them all after its turn. The same results either way
    // (tested): the switch is there to show it.
    std::size_t centre_actions_batch = 1024;
    // Following families after the run (histories.hpp): the first run's record to fill, or
    // the replay of the followed families from it. Null: neither.
    Histories* histories = nullptr;
    // Called after each simulated month's plan with (months done, months in all).
    std::function<void(std::int32_t, std::int32_t)> progress;
};

RunResult run_simulation(const Scenario& scenario, const law::LegalParameters& parameters,
                         World& world, const RunOptions& options);

}  // namespace pajesim::model
