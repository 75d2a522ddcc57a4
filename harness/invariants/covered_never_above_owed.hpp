#pragma once
#include <vector>

#include "harness/invariants/due_dates.hpp"
#include "harness/invariants/invariant.hpp"
#include "sim/kernel/windowed_cells.hpp"

namespace pajesim::invariants {

// No public money created on the contributions' side: what the CAF fund pays the URSSAF for a
// family-month (cause contributions_covered: the employer's contributions the CMG covers,
// claimed by the CAF in the old workflow and by Pajemploi in the new) never exceeds what the
// law covers for the contracts declared for that month (the oracle on the true facts, told
// with each declaration). A cover claimed twice, for a month never declared, or not scaled
// down by the hourly cap breaks it. Checked at each such transfer. One signed amount per
// family-month: what the law still covers, less what was claimed (zero once a month is
// claimed in full: kernel/windowed_cells.hpp).
class CoveredNeverAboveOwed final : public Invariant {
public:
    CoveredNeverAboveOwed() : Invariant("covered_never_above_owed") {}
    void on_declaration(const model::DeclarationMade& declaration, const model::RunView& view) override;
    // The causes on_transfer acts on: the set calls it for these only.
    static constexpr model::CauseSet transfer_causes{model::Cause::contributions_covered};
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;
    // What the law still covers for the family-month less what was claimed so far (negative:
    // claimed above the law).
    Cents left(FamilyId family, std::int32_t month) const {
        if (room_.empty()) return Cents{0};
        return Cents{room_.get(family.index(), month)};
    }

private:
    // The index of a family-month's month, the table sized on first use; -1 outside the run.
    std::int32_t month_of(FamilyId family, YearMonth month, const model::RunView& view);
    WindowedCells room_;
};

// The other side: by a declared month's due date (the harness's), the CAF's fund has paid the
// URSSAF all the contributions the law's CMG covers for it. A cover computed short (from a
// gross salary rounded down, say), claimed late or never leaves the URSSAF short, and the
// family's contributions then unpaid by anyone. Judged on each due date, from what
// covered_never_above_owed keeps (it watches the run before this one is asked).
class CoveredClaimedOnTime final : public Invariant {
public:
    CoveredClaimedOnTime(const DueDates& due_dates, const CoveredNeverAboveOwed& cover)
        : Invariant("covered_claimed_on_time"), due_dates_(due_dates), cover_(cover) {}
    void on_day_end(const model::RunView& view) override;

private:
    const DueDates& due_dates_;
    const CoveredNeverAboveOwed& cover_;
};

}  // namespace pajesim::invariants
