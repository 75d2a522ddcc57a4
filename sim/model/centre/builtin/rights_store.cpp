#include "sim/model/centre/builtin/rights_store.hpp"

#include <algorithm>
#include <cstring>

#include "sim/kernel/assert.hpp"

namespace pajesim::model::centre {

RightsStore::Packed RightsStore::pack(const RightsRecord& record) {
    Packed packed;
    packed.valid_from = static_cast<std::uint16_t>(record.valid_from.index());
    packed.bits = static_cast<std::uint8_t>(record.bracket | (record.single_parent ? 4u : 0u) |
                                            static_cast<unsigned>(record.known_children) << 3);
    packed.lost_birth_mask = record.lost_birth_mask;
    packed.resources_monthly = record.resources_monthly;
    return packed;
}

RightsRecord RightsStore::unpack(const Packed& packed) {
    RightsRecord record;
    record.valid_from = YearMonth::from_index(packed.valid_from);
    record.bracket = packed.bits & 3u;
    record.single_parent = (packed.bits & 4u) != 0;
    record.known_children = static_cast<std::uint8_t>(packed.bits >> 3);
    record.lost_birth_mask = packed.lost_birth_mask;
    record.resources_monthly = packed.resources_monthly;
    return record;
}

void RightsStore::set_children(FamilyId family, std::optional<std::span<const law::ChildFacts>> list) {
    PAJESIM_ASSERT(family.index() < slots_.size());
    Slot& slot = slots_[family.index()];
    if (slot.child_count == children_elsewhere) long_children_.erase(family.value());
    slot.children = {};
    if (!list) {
        slot.child_count = no_children;
        return;
    }
    const std::span<const law::ChildFacts> children = *list;
    if (children.size() <= slot_children && std::all_of(children.begin(), children.end(), [](const law::ChildFacts& c) {
            return packs(c);
        })) {
        for (std::size_t c = 0; c < children.size(); ++c) {
            const law::ChildFacts& child = children[c];
            slot.children[c] = static_cast<std::uint32_t>(child.birth.day_count()) << 2 | (child.aeeh ? 1u : 0u) |
                               (child.alternating ? 2u : 0u);
        }
        slot.child_count = static_cast<std::uint8_t>(children.size());
    } else if (children.size() > slot_children && children.size() < children_elsewhere) {
        const law::ChildFacts* first = children.data();
        static_assert(sizeof(first) <= sizeof(slot.children));
        std::memcpy(slot.children.data(), &first, sizeof(first));
        slot.child_count = static_cast<std::uint8_t>(children.size());
    } else {
        long_children_[family.value()] = children;
        slot.child_count = children_elsewhere;
    }
}

std::size_t RightsStore::child_count(FamilyId family) const {
    const Slot& slot = slots_[family.index()];
    if (slot.child_count == no_children) return 0;
    if (slot.child_count != children_elsewhere) return slot.child_count;
    return long_children_.find(family.value())->second.size();
}

law::ChildFacts RightsStore::child(FamilyId family, std::size_t index) const {
    const Slot& slot = slots_[family.index()];
    PAJESIM_ASSERT(slot.child_count != no_children);
    if (slot.child_count == children_elsewhere) return long_children_.find(family.value())->second[index];
    PAJESIM_ASSERT(index < slot.child_count);
    if (slot.child_count > slot_children) {
        const law::ChildFacts* first = nullptr;
        std::memcpy(&first, slot.children.data(), sizeof(first));
        return first[index];
    }
    const std::uint32_t packed = slot.children[index];
    return law::ChildFacts{Date::from_day_count(static_cast<std::int32_t>(packed) >> 2), (packed & 1u) != 0,
                           (packed & 2u) != 0};
}

void RightsStore::apply(FamilyId family, const RightsRecord& record) {
    PAJESIM_ASSERT(family.index() < slots_.size());
    Slot& slot = slots_[family.index()];
    const YearMonth from = record.valid_from;
    // The records are in valid_from order: those from `from` on are a suffix.
    if (slot.count != moved) {
        while (slot.count > 0 && unpack(slot.records[slot.count - 1u]).valid_from >= from) --slot.count;
        if (slot.count < slot_records && packs(record)) {
            slot.records[slot.count++] = pack(record);
            return;
        }
        std::vector<RightsRecord>& records = overflow_[family.value()];
        records.clear();
        for (std::uint8_t i = 0; i < slot.count; ++i) records.push_back(unpack(slot.records[i]));
        records.push_back(record);
        slot.count = moved;
        return;
    }
    std::vector<RightsRecord>& records = overflow_.find(family.value())->second;
    while (!records.empty() && records.back().valid_from >= from) records.pop_back();
    records.push_back(record);
}

std::optional<RightsRecord> RightsStore::lookup(FamilyId family, YearMonth month) const {
    const Slot& slot = slots_[family.index()];
    if (slot.count != moved) {
        for (std::uint8_t i = slot.count; i > 0; --i) {
            if (slot.records[i - 1u].valid_from <= month.index()) return unpack(slot.records[i - 1u]);
        }
        return std::nullopt;
    }
    const std::vector<RightsRecord>& held = overflow_.find(family.value())->second;
    for (auto it = held.rbegin(); it != held.rend(); ++it) {
        if (it->valid_from <= month) return *it;
    }
    return std::nullopt;
}

bool RightsStore::holds_exactly(FamilyId family, std::span<const RightsRecord> wanted) const {
    if (wanted.empty()) return true;
    const YearMonth from = wanted.front().valid_from;
    std::size_t i = 0;
    const auto matches = [&](const RightsRecord& record) {
        if (record.valid_from < from) return true;
        if (i >= wanted.size() || !(record == wanted[i])) return false;
        ++i;
        return true;
    };
    const Slot& slot = slots_[family.index()];
    if (slot.count != moved) {
        for (std::uint8_t k = 0; k < slot.count; ++k) {
            if (!matches(unpack(slot.records[k]))) return false;
        }
    } else {
        for (const RightsRecord& record : overflow_.find(family.value())->second) {
            if (!matches(record)) return false;
        }
    }
    return i == wanted.size();
}

}  // namespace pajesim::model::centre
