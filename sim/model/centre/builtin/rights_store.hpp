#pragma once
// The built-in centre's copy of the rights, built only from the records it receives: per
// family, records ordered by valid_from. A record valid from V replaces everything the copy
// held from V on: a late, reordered message overwrites newer rights, as a real overwrite does.
//
// Layout: a family's first records live in a 32-byte slot of one array (a lookup reads one
// cache line, found by the family's index); a family that comes to hold more moves them all to
// a side table.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "sim/model/rights.hpp"

namespace pajesim::model::centre {

class RightsStore {
public:
    explicit RightsStore(std::size_t families) : slots_(families) {}
    void apply(FamilyId family, const RightsRecord& record);
    // The record in force for `month`, if the centre holds any.
    std::optional<RightsRecord> lookup(FamilyId family, YearMonth month) const;
    // Whether the copy, from records[0].valid_from on, is exactly `records` (what applying them
    // in order would leave).
    bool holds_exactly(FamilyId family, const std::vector<RightsRecord>& records) const;
    // The family's records, oldest first.
    std::span<const RightsRecord> records(FamilyId family) const;

private:
    static constexpr std::size_t slot_records = 3;
    static constexpr std::uint8_t moved = UINT8_MAX;  // the records are in `overflow_`
    struct alignas(32) Slot {
        std::array<RightsRecord, slot_records> records{};
        std::uint8_t count = 0;
    };
    static_assert(sizeof(Slot) == 32);
    std::vector<Slot> slots_;
    std::unordered_map<std::uint32_t, std::vector<RightsRecord>> overflow_;
};

}  // namespace pajesim::model::centre
