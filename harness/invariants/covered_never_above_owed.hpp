#pragma once
#include <vector>

#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// No public money created on the contributions' side: what the CAF fund pays the URSSAF for a
// family-month (cause contributions_covered: the employer's contributions the CMG covers,
// claimed by the CAF in the old workflow and by Pajemploi in the new) never exceeds what the
// law covers for the contracts declared for that month (the oracle on the true facts, told
// with each declaration). A cover claimed twice, for a month never declared, or not scaled
// down by the hourly cap breaks it. Checked at each such transfer. One signed amount per
// family-month: what the law still covers, less what was claimed.
class CoveredNeverAboveOwed final : public Invariant {
public:
    CoveredNeverAboveOwed() : Invariant("covered_never_above_owed") {}
    void on_declaration(const model::DeclarationMade& declaration, const model::RunView& view) override;
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;

private:
    // The cell of a family-month, the table sized on first use; -1 outside the run's months.
    std::int64_t cell(FamilyId family, YearMonth month, const model::RunView& view);
    std::vector<std::int32_t> room_;  // month-major, as the model's tables
};

}  // namespace pajesim::invariants
