#pragma once
#include <map>

#include "harness/invariants/due_dates.hpp"
#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// A file put right stays right: after an agent fixes a family's file, no month of the new
// workflow of that family falling due later is wrongly paid, short or over (a wrong manual
// entry, or a later rights message that overwrites the fix, shows here).
class CorrectedFileStaysCorrect final : public Invariant {
public:
    explicit CorrectedFileStaysCorrect(const DueDates& due_dates)
        : Invariant("corrected_file_stays_correct"), due_dates_(due_dates) {}
    void on_file_fixed(FamilyId family, const model::RunView& view) override;
    void on_day_end(const model::RunView& view) override;

private:
    const DueDates& due_dates_;
    // family -> last fix. Few families are fixed, and the map is read only on due dates.
    std::map<std::uint32_t, Date> fixed_on_;
};

}  // namespace pajesim::invariants
