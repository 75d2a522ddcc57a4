#pragma once

#include "harness/faults/fault.hpp"

namespace pajesim::faults {

// declaration_lost: a share of the declarations reaching Pajemploi inside the window are lost.
// May: lose declarations (each drawn once, by contract and month). May not: lose rights
// messages, delay anything, or touch declarations outside the window.
class DeclarationLost final : public Fault {
public:
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window, const FaultContext& context);
    DeclarationLost(DateRange window, const FaultContext& context, Ratio share);
    void pajemploi_intake(const model::IntakeItem& item, Date arrival, model::Intake& intake) override;

private:
    Ratio share_;
};

}  // namespace pajesim::faults
