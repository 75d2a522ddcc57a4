#pragma once
// The seams where the outside of the model may act: the CAF -> Pajemploi rights link, the
// migration of records at the cutover, Pajemploi's availability, the declaration intake and
// the banks' payment files. The model calls them and knows nothing of what is behind them;
// the defaults are a perfect world. Fault plans (harness/faults/) implement them.

#include <cstdint>

#include "sim/kernel/date.hpp"
#include "sim/kernel/ids.hpp"
#include "sim/model/rights.hpp"

namespace pajesim::model {

// What the link does with one message: delivered `delay_days` after sending (and again
// `duplicate_delay_days` later when duplicated), or dropped.
struct LinkRoute {
    bool dropped = false;
    std::int32_t delay_days = 0;
    bool duplicated = false;
    std::int32_t duplicate_delay_days = 0;
};

class Seams {
public:
    virtual ~Seams() = default;
    // `nominal_delay_days` is the scenario's link delay.
    virtual LinkRoute route_rights(const RightsMessage& /*message*/, Date /*sent*/,
                                   std::int32_t nominal_delay_days) {
        return LinkRoute{false, nominal_delay_days, false, 0};
    }
    // A record of the initial transfer may be altered on its way (mapping errors).
    virtual void migrate_record(FamilyId /*family*/, RightsRecord& /*record*/) {}
    // Whether Pajemploi takes in a declaration made on `date` (false: lost).
    virtual bool declaration_received(ContractId /*contract*/, YearMonth /*month*/,
                                      Date /*date*/) {
        return true;
    }
};

}  // namespace pajesim::model
