#pragma once
// One family's file, as a run's outcome carries it to the reports.

#include <vector>

#include "sim/kernel/cents.hpp"
#include "sim/kernel/date.hpp"
#include "sim/kernel/ids.hpp"
#include "sim/model/observer.hpp"

namespace pajesim::harness {

// One family's file: what happened to it, and what was owed and paid month by month.
struct Dossier {
    FamilyId family;
    std::vector<model::FileEvent> events;
    struct Month {
        YearMonth month;
        Cents owed;
        Cents paid;
        Cents debit_due;
        Cents debited;
    };
    std::vector<Month> months;  // declared months, at the end of the run
};

}  // namespace pajesim::harness
