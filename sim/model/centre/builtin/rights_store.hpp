#pragma once
// The built-in centre's copy of the rights, built only from the records it receives: per
// family, records ordered by valid_from. A record valid from V replaces everything the copy
// held from V on: a late, reordered message overwrites newer rights, as a real overwrite does.
//
// Layout: a family's first three records and its children live in a 32-byte slot of one array
// (a lookup and the computation after it read one slot, found by the family's index): each
// record in 6 bytes (its month as a 16-bit month index), up to three children in 4 bytes each
// (the birth's day count and the two flags), a longer list as the address of the message's
// own, which is the population's immutable data (centre.hpp, RightsIn). A family that comes to
// hold more records, or a record whose month does not fit 16 bits, moves them all to a side
// table.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "sim/kernel/touch.hpp"
#include "sim/law/cmg.hpp"
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
    bool holds_exactly(FamilyId family, std::span<const RightsRecord> records) const;
    // Touches the family's slot, soon read (kernel/touch.hpp).
    void touch(FamilyId family) const { pajesim::touch(slots_[family.index()]); }

    // The family's children as its last rights message listed them (every child of the run,
    // future births included: a record's known_children says how many the centre knows). A
    // list of more than three children is kept by reference: it must outlive the store.
    void set_children(FamilyId family, std::optional<std::span<const law::ChildFacts>> children);
    // Whether a message gave the family's children (no list gives none).
    bool has_children(FamilyId family) const { return slots_[family.index()].child_count != no_children; }
    std::size_t child_count(FamilyId family) const;
    law::ChildFacts child(FamilyId family, std::size_t index) const;

private:
    static constexpr std::size_t slot_records = 3;
    static constexpr std::size_t slot_children = 3;
    static constexpr std::uint8_t moved = UINT8_MAX;                   // the records are in `overflow_`
    static constexpr std::uint8_t no_children = UINT8_MAX;             // no list received
    static constexpr std::uint8_t children_elsewhere = UINT8_MAX - 1;  // see long_children_
    // A record in 6 bytes: every field of RightsRecord, its month as a 16-bit month index.
    struct Packed {
        std::uint16_t valid_from = 0;
        std::uint8_t bits = 0;  // bracket (2 bits), single parent (1), known children (5)
        std::uint8_t lost_birth_mask = 0;
        std::uint16_t resources_monthly = 0;
    };
    // Every field of RightsRecord and law::ChildFacts is kept: a new one must be added to the
    // packed forms (and these updated).
    static_assert(sizeof(RightsRecord) == 8);
    static_assert(sizeof(law::ChildFacts) == 8);
    static bool packs(const RightsRecord& record) {
        return record.valid_from.index() >= 0 && record.valid_from.index() <= UINT16_MAX;
    }
    static Packed pack(const RightsRecord& record);
    static RightsRecord unpack(const Packed& packed);
    // A child in 4 bytes: the birth's day count (30 bits, signed) and its two flags.
    static bool packs(const law::ChildFacts& child) {
        return child.birth.day_count() >= -(1 << 29) && child.birth.day_count() < (1 << 29);
    }
    struct alignas(32) Slot {
        // Up to slot_children packed children, or (a longer list) the address of its first.
        std::array<std::uint32_t, slot_children> children{};
        std::array<Packed, slot_records> records{};
        std::uint8_t count = 0;
        std::uint8_t child_count = no_children;
    };
    static_assert(sizeof(Slot) == 32);
    std::vector<Slot> slots_;
    std::unordered_map<std::uint32_t, std::vector<RightsRecord>> overflow_;
    // Lists whose count a slot does not hold (254 children or more), or of a few children
    // whose births do not pack: the message's own list.
    std::unordered_map<std::uint32_t, std::span<const law::ChildFacts>> long_children_;
};

}  // namespace pajesim::model::centre
