#pragma once
// The built-in centre's copy of the rights, built only from the records it receives: per
// family, records ordered by valid_from. A record valid from V replaces everything the copy
// held from V on: a late, reordered message overwrites newer rights, as a real overwrite does.

#include <optional>
#include <vector>

#include "sim/model/rights.hpp"

namespace pajesim::model::centre {

class RightsStore {
public:
    explicit RightsStore(std::size_t families) : records_(families) {}
    void apply(FamilyId family, const RightsRecord& record);
    // The record in force for `month`, if the centre holds any.
    std::optional<RightsRecord> lookup(FamilyId family, YearMonth month) const;
    // Whether the copy, from records[0].valid_from on, is exactly `records` (what applying them
    // in order would leave).
    bool holds_exactly(FamilyId family, const std::vector<RightsRecord>& records) const;

private:
    std::vector<std::vector<RightsRecord>> records_;
};

}  // namespace pajesim::model::centre
