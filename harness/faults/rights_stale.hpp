#pragma once

#include "harness/faults/fault.hpp"

namespace pajesim::faults {

// rights_stale: changes of situation not propagated: the messages caused by the listed changes
// ("new_year", "birth", "separation", "move", and "regime_switch": the monthly resources the
// CAF sends before the hourly CMG) are dropped for a share of families, so Pajemploi keeps the
// rights it had (without resources: it holds the family's hourly months).
// May: drop messages of the listed causes. May not: drop the initial transfer or other causes.
class RightsStale final : public Fault {
public:
    static constexpr MayViolate may_violate{wrong_rights_may_violate};
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window, const FaultContext& context);
    RightsStale(DateRange window, const FaultContext& context, Ratio share, std::uint32_t causes_mask);
    void route_rights(const model::RightsMessage& message, Date sent, model::LinkRoute& route) override;

private:
    Ratio share_;
    std::uint32_t causes_mask_;
};

}  // namespace pajesim::faults
