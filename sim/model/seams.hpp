#pragma once
// The seams where the outside of the model may act: the CAF -> Pajemploi rights link, the
// migration of records in the initial transfer, the availability of Pajemploi and of the CAFs,
// the declaration intake, the banks' payment files, the debits, and what Pajemploi does when
// it holds no rights. The model calls them and knows nothing of what is behind them; the
// defaults are a perfect world. Fault plans (harness/faults/) implement them; each hook
// receives the model's decision and may change it, so that faults compose in plan order.
// The built-in centre calls its hooks (debit_covered_without_rights, alternating_split,
// transitional_decision) from a thread of its own when the run has two threads or more
// (centre/centre_thread.hpp): they must be safe to call while the run calls the others.

#include <cstdint>

#include "sim/kernel/date.hpp"
#include "sim/kernel/ids.hpp"
#include "sim/model/rights.hpp"

namespace pajesim::model {

// What the link does with one message: delivered `delay_days` after sending (and again
// `duplicate_delay_days` after that when duplicated), or dropped.
// The `_by` fields name the fault that acted (1 + its index in the plan; 0: none), for the
// families' files.
struct LinkRoute {
    bool dropped = false;
    std::int32_t delay_days = 0;
    bool duplicated = false;
    std::int32_t duplicate_delay_days = 0;
    std::uint16_t dropped_by = 0;
    std::uint16_t delayed_by = 0;
    std::uint16_t duplicated_by = 0;
};

// What a system does with an item that reaches it: taken in on `process_on` (the arrival date
// unless the system is frozen), or lost.
struct Intake {
    bool lost = false;
    Date process_on;
    // A declaration whose hours reach the centre wrong (hourly regime): missing (0 hours), or
    // the days worked keyed as hours.
    std::uint8_t hours_error = 0;
    std::uint16_t held_by = 0;   // a frozen server (process_on later than the arrival)
    std::uint16_t lost_by = 0;
    std::uint16_t hours_by = 0;
    // A declaration that reaches the centre again, this many days after it is taken in (0: once).
    std::int32_t duplicate_in_days = 0;
    std::uint16_t duplicated_by = 0;
};
inline constexpr std::uint8_t hours_missing = 1;
inline constexpr std::uint8_t hours_days_keyed = 2;

enum class IntakeKind : std::uint8_t { declaration, rights_message, caf_change };

// Identifies an item for the faults' random streams: the same item gets the same draws in
// every rollout option (common random numbers).
struct IntakeItem {
    IntakeKind kind = IntakeKind::declaration;
    FamilyId family;
    CafId caf;
    std::uint64_t key = 0;  // contract and month, or message identity
    bool hourly = false;    // a declaration of a month of the hourly CMG
    bool new_workflow = false;  // a declaration of a care month the centre pays (not the CAF)
};

enum class TransitionalError : std::uint8_t { none, denied, granted_unchecked };

// A day's payment file of Pajemploi (CMG payments and Pajemploi+ carer payments).
struct PaymentFile {
    Date date;
    std::int32_t resend_after_business_days = 0;  // > 0: rejected by the bank, sent again
    FamilyId family;  // the payment's family (for the register of causes)
    std::uint16_t rejected_by = 0;
};

class Seams {
public:
    virtual ~Seams() = default;
    virtual void route_rights(const RightsMessage& /*message*/, Date /*sent*/, LinkRoute& /*route*/) {}
    // A record of the initial transfer may be altered on its way (mapping errors).
    virtual void migrate_record(const RightsMessage& /*message*/, Date /*sent*/,
                                RightsRecord& /*record*/) {}
    virtual void pajemploi_intake(const IntakeItem& /*item*/, Date /*arrival*/, Intake& /*intake*/) {}
    virtual void caf_intake(const IntakeItem& /*item*/, Date /*arrival*/, Intake& /*intake*/) {}
    virtual void payment_file(PaymentFile& /*file*/) {}
    // How many times a debit is presented (1; 2 for a double debit).
    virtual void debit_copies(FamilyId /*family*/, YearMonth /*month*/, Date /*date*/,
                              std::int32_t& /*copies*/) {}
    // Whether Pajemploi, holding no rights for a family, debits the contributions the CMG
    // should have covered (the 2019 behaviour) instead of holding them.
    virtual void debit_covered_without_rights(FamilyId /*family*/, Date /*date*/, bool& /*debit*/) {}
    // Whether Pajemploi halves the CMG of a household claiming for a child in alternating
    // residence, splitting the child's time again although each parent declares only their own
    // hours (the law splits nothing, D531-18-2).
    virtual void alternating_split(FamilyId /*family*/, Date /*date*/, bool& /*halve*/) {}
    // How Pajemploi decides a family's complément différentiel: right, denied to an eligible
    // family, or granted without checking the resources and hours conditions.
    virtual void transitional_decision(FamilyId /*family*/, Date /*date*/, TransitionalError& /*error*/) {}
};

}  // namespace pajesim::model
