#pragma once
// The built-in centre's copy of the rights, built only from the records it receives: per
// family, records ordered by valid_from. A record valid from V replaces everything the copy
// held from V on: a late, reordered message overwrites newer rights, as a real overwrite does.
//
// Layout: a family's first records and its children live in a 64-byte slot of one array (a
// lookup and the computation after it read one cache line, found by the family's index); a
// family that comes to hold more records moves them all to a side table, and a list of more
// children than the slot holds is read where the message pointed.

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
    // The family's records, oldest first.
    std::span<const RightsRecord> records(FamilyId family) const;
    // Touches the family's slot, soon read (kernel/touch.hpp).
    void touch(FamilyId family) const { pajesim::touch(slots_[family.index()]); }

    // The family's children as its last rights message listed them (every child of the run,
    // future births included: a record's known_children says how many the centre knows).
    // `children` must outlive the store when it is longer than a slot holds.
    void set_children(FamilyId family, std::optional<std::span<const law::ChildFacts>> children);
    // Whether a message gave the family's children (no list gives none).
    bool has_children(FamilyId family) const { return slots_[family.index()].child_count != no_children; }
    std::size_t child_count(FamilyId family) const;
    law::ChildFacts child(FamilyId family, std::size_t index) const;

private:
    static constexpr std::size_t slot_records = 3;
    static constexpr std::size_t slot_children = 4;
    static constexpr std::uint8_t moved = UINT8_MAX;                   // the records are in `overflow_`
    static constexpr std::uint8_t no_children = UINT8_MAX;             // no list received
    static constexpr std::uint8_t children_elsewhere = UINT8_MAX - 1;  // see long_children_
    // A child in 8 bytes: its birth as a day count, and its flags.
    struct Child {
        std::int32_t birth = 0;
        bool aeeh = false;
        bool alternating = false;
    };
    // Every field of law::ChildFacts is kept: a new one must be added here (and this updated).
    static_assert(sizeof(law::ChildFacts) == 8);
    struct alignas(64) Slot {
        std::array<RightsRecord, slot_records> records{};
        std::uint8_t count = 0;
        std::uint8_t child_count = no_children;
        std::array<Child, slot_children> children{};
    };
    static_assert(sizeof(Slot) == 64);
    std::vector<Slot> slots_;
    std::unordered_map<std::uint32_t, std::vector<RightsRecord>> overflow_;
    // Lists longer than a slot holds: the message's own (the world's list of the family's children).
    std::unordered_map<std::uint32_t, std::span<const law::ChildFacts>> long_children_;
};

}  // namespace pajesim::model::centre
