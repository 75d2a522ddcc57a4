#pragma once
// The Pajemploi centre as a pluggable actor: what it receives each day and what it answers,
// the C++ form of the `pajesim-centre` protocol (docs/sut-protocol.md). The run gives the
// centre, once a day, every message that reached it that day in arrival order, and executes
// the actions it answers on the same day (credits, then debits). The built-in centre
// (make_builtin_centre) is one implementation; harness/runner/sut_centre.hpp drives an
// external program through the same interface.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/kernel/cents.hpp"
#include "sim/kernel/date.hpp"
#include "sim/kernel/ids.hpp"
#include "sim/law/parameters.hpp"
#include "sim/model/population/world.hpp"
#include "sim/model/rights.hpp"
#include "sim/model/scenario.hpp"

namespace pajesim::model {

class Seams;
struct TestBreaks;

// An order id, chosen by the centre: unique over the run (32 bits: the banks carry it in
// their messages, which stay small).
using OrderId = std::uint32_t;

// A CAF decision as the centre receives it. `children` are the family's children (the first
// `record.known_children` are those the CAF knows; a bit of `record.lost_birth_mask` marks a
// child whose birth date was lost): the message's content, held by reference to the
// population's immutable data rather than copied.
struct RightsIn {
    FamilyId family;
    CafId caf;
    RightsCause cause = RightsCause::bulk;
    RightsRecord record;
    std::optional<std::span<const law::ChildFacts>> children;  // none: no list given
};

// A monthly declaration: the contract's facts for the month (`contract` refers to the
// population's immutable record), and in a parallel-run month the CAF's computation.
struct DeclarationIn {
    ContractId id;
    YearMonth month;
    Date declared_on;
    const Contract* contract = nullptr;
    std::int32_t hours_x100 = 0;  // paid hours as declared (the contract's, unless keyed wrongly)
    bool checked = false;
    Cents check_cmg;
    Cents check_covered;
};

struct BankReturn {
    OrderId order = 0;
    bool executed = false;
    Cents amount;
};

// An agent puts a family's file right: rights to apply in order (one may be keyed wrongly),
// the family's declarations of the new workflow so far, then a regularisation.
struct FixFile {
    FamilyId family;
    std::vector<RightsIn> rights;
    std::vector<DeclarationIn> declarations;
};

struct Regularise {
    FamilyId family;
};

// The periodic reconciliation of rights: the CAF's decisions for the family since its cutover
// (in order, as in an extract). A centre whose copy differs applies them and regularises.
struct Reconcile {
    FamilyId family;
    std::vector<RightsIn> rights;
};

using CentreMessage = std::variant<RightsIn, DeclarationIn, BankReturn, FixFile, Regularise, Reconcile>;

enum class ActionKind : std::uint8_t {
    pay_cmg,              // CAF fund -> family (arrears when `arrears`)
    claim_covered,        // CAF fund -> URSSAF
    debit_contributions,  // family -> URSSAF
    debit_plus,           // family -> Pajemploi (Pajemploi+: salary and uncovered contributions)
    pay_carer,            // Pajemploi -> the contract's carer
    refund,               // URSSAF -> family
    // family -> CAF fund: an overpayment of `month` taken back. `deducted`: from a CMG payment
    // ordered just before on the same day (never rejected); otherwise a debit (may bounce).
    recover_overpayment,
    hold,                 // no money: a payment held, with a reason
    open_file,            // no money: the agents are asked to look at the family
    // No money: the centre tells the family that `month` was overpaid by `amount` (the
    // notification that opens the recovery), or waives `amount` of the overpayment for good.
    notify_overpayment,
    write_off_overpayment,
    // No money: Pajemploi+ keeps the carer's pay for `month` (contract) until the parent's debit
    // succeeds.
    withhold_carer,
};

// The actions of a centre's turn are held in a list until it ends (or until the centre offers
// them: ActionOutlet): the fields are in an order that leaves no hole (48 bytes).
struct CentreAction {
    Cents amount;
    // hold, open_file: valid until the centre's next day (the built-in centre's are literals).
    std::string_view reason;
    OrderId order = 0;
    FamilyId family;
    ContractId contract;  // pay_carer; hold (the declaration's contract)
    YearMonth month;
    ActionKind kind = ActionKind::hold;
    bool arrears = false;
    bool deducted = false;  // recover_overpayment
};
static_assert(sizeof(CentreAction) <= 48, "a centre's actions are held in a list until executed");

bool moves_money(ActionKind kind);

// Lets a centre in the same process have the run execute, during the centre's turn, the
// actions it has put in its list so far (they then leave the list), so that a busy day's are
// not held together: a payment day of 1 200 000 families has about 1.3 million. A centre may
// offer them only where nothing it does afterwards depends on the run's executing them (the
// built-in centre reads nothing of the run), only where it can no longer throw CentreFailure
// for that day (a failed assertion ends the run as a bug whatever was executed), and only on
// the run's thread: in `day`, never in `receive`. The run executes them in the order they were
// put, as it does those left in the list at the end of the turn, so offering changes nothing
// but the room the list takes.
class ActionOutlet {
public:
    using Execute = void (*)(void* run, std::vector<CentreAction>& actions);  // executes, then clears
    ActionOutlet() = default;  // executes nothing: the actions stay in the list
    ActionOutlet(Execute execute, void* run, std::size_t batch) : execute_(execute), run_(run), batch_(batch) {}
    // Has the run execute the actions in `actions` once there are `batch` of them or more.
    void offer(std::vector<CentreAction>& actions) const {
        if (execute_ != nullptr && actions.size() >= batch_) execute_(run_, actions);
    }

private:
    Execute execute_ = nullptr;
    void* run_ = nullptr;
    std::size_t batch_ = 0;
};

// What a centre is told before the first day (the protocol's handshake).
struct CentreSetup {
    const Scenario* scenario = nullptr;
    const law::LegalParameters* parameters = nullptr;
    const World* world = nullptr;     // the ids pajesim issued (families, contracts, carers)
    std::string params_file;          // absolute path of the parameter table
    Date first_day;
    Date last_day;                    // the horizon: the last day a request is sent for
    std::vector<Date> public_holidays;
    std::uint32_t families = 0;
    std::uint32_t contracts = 0;
    bool needs_pajemploi_plus = false;
    bool needs_parallel_run = false;
    bool needs_hourly_regime = false;  // the run has care months of the hourly CMG (from 2025-09)
    bool needs_reconciliation = false; // the run reconciles rights periodically (Reconcile)
};

// A centre that cannot go on: an external system that broke the protocol, crashed or timed
// out. The run stops, and its report is marked incomplete with this day and reason.
class CentreFailure : public std::runtime_error {
public:
    CentreFailure(Date day, std::uint64_t line, const std::string& reason)
        : std::runtime_error(reason), day_(day), line_(line) {}
    Date day() const { return day_; }
    std::uint64_t line() const { return line_; }  // line of the centre's answers, 0: none

private:
    Date day_;
    std::uint64_t line_;
};

class PajemploiCentre {
public:
    virtual ~PajemploiCentre() = default;
    virtual void start(const CentreSetup& setup) = 0;
    // One day: the messages that reached the centre, in arrival order; the actions it takes,
    // appended to `actions`. Throws CentreFailure.
    virtual void day(Date date, bool business_day, std::span<const CentreMessage> messages,
                     std::vector<CentreAction>& actions) = 0;
    // A centre in the same process may take each message the moment it arrives, before its day
    // (the order and the day are the same; only the batching differs): `day` is then called
    // with no message. Actions it answers are executed with the day's.
    virtual bool takes_messages_at_once() const { return false; }
    // A declaration of `contract` (of `family`) for care month `month` may soon reach a centre
    // that takes messages at once: it may touch what it will read for it (kernel/touch.hpp; a
    // hint for speed, which must change nothing).
    virtual void foresee_declaration(ContractId /*contract*/, FamilyId /*family*/, YearMonth /*month*/) const {}
    // Whether the centre reads the returns of its credits (always executed); the protocol sends
    // them, a centre in the same process may decline them.
    virtual bool reads_credit_returns() const { return true; }
    virtual void receive(Date /*date*/, const CentreMessage& /*message*/, std::vector<CentreAction>& /*actions*/) {}
    // Where the centre may offer its actions during its day (ActionOutlet); given before the
    // first day. A centre that ignores it leaves every action of its day in the list until the
    // day ends.
    virtual void set_action_outlet(ActionOutlet /*outlet*/) {}
    // After the last day.
    virtual void finish() = 0;
};

// pajesim's own centre. `seams` carries the one fault that acts inside it (whether it debits
// covered contributions when it holds no rights); `breaks` its deliberate bugs.
std::unique_ptr<PajemploiCentre> make_builtin_centre(Seams& seams, const TestBreaks& breaks);

}  // namespace pajesim::model
