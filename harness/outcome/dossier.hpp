#pragma once
// One family's file, as a run's outcome carries it to the reports.

#include <string_view>
#include <vector>

#include "harness/invariants/invariant.hpp"
#include "sim/kernel/cents.hpp"
#include "sim/kernel/date.hpp"
#include "sim/kernel/ids.hpp"
#include "sim/model/ledger.hpp"
#include "sim/model/observer.hpp"

namespace pajesim::harness {

// One family's file: what happened to it step by step, every movement of money that concerned
// it, what was owed and paid month by month, and the invariants that fired for it.
struct Dossier {
    FamilyId family;
    std::vector<model::FileEvent> events;
    // A movement of money to or from the family, or paid for it (covered contributions, its
    // carers' pay under Pajemploi+), in the order the ledger applied them.
    struct Money {
        Date date;
        model::Cause cause = model::Cause::cmg;
        YearMonth month;      // the care month concerned
        Cents amount;
        bool to_family = false;    // credited to the family's account
        bool from_family = false;  // debited from it
    };
    std::vector<Money> money;
    struct Month {
        YearMonth month;
        Cents owed;         // the CMG the law says (oracle, true facts)
        Cents paid;         // CMG paid for the month, net of overpayments recovered
        Cents debit_due;
        Cents debited;
        Cents recovered;    // overpayments recovered on the month
        Cents written_off;  // overpayments of the month written off by the centre
        Cents carers_due;
        Cents carers_paid;
    };
    std::vector<Month> months;  // declared months, at the end of the run
    std::vector<invariants::Violation> violations;  // the family's, most harmful first
};

}  // namespace pajesim::harness
