#pragma once
#include <map>

#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// A file put right stays right: after an agent fixes a family's file, no month of that family
// falling due later is short-paid (a wrong manual entry, or a later rights message that
// overwrites the fix, shows here).
class CorrectedFileStaysCorrect final : public Invariant {
public:
    CorrectedFileStaysCorrect() : Invariant("corrected_file_stays_correct") {}
    void on_file_fixed(FamilyId family, const model::RunView& view) override;
    void on_day_end(const model::RunView& view) override;

private:
    std::map<std::uint32_t, Date> fixed_on_;  // family -> last fix
};

}  // namespace pajesim::invariants
