#include "sim/model/centre/builtin/rights_store.hpp"

#include <algorithm>

#include "sim/kernel/assert.hpp"

namespace pajesim::model::centre {

std::span<const RightsRecord> RightsStore::records(FamilyId family) const {
    const Slot& slot = slots_[family.index()];
    if (slot.count != moved) return {slot.records.data(), slot.count};
    const std::vector<RightsRecord>& records = overflow_.find(family.value())->second;
    return {records.data(), records.size()};
}

void RightsStore::set_children(FamilyId family, std::optional<std::span<const law::ChildFacts>> list) {
    PAJESIM_ASSERT(family.index() < slots_.size());
    Slot& slot = slots_[family.index()];
    if (slot.child_count == children_elsewhere) long_children_.erase(family.value());
    if (!list) {
        slot.child_count = no_children;
        return;
    }
    const std::span<const law::ChildFacts> children = *list;
    if (children.size() <= slot_children) {
        for (std::size_t c = 0; c < children.size(); ++c) {
            const law::ChildFacts& child = children[c];
            slot.children[c] = Child{child.birth.day_count(), child.aeeh, child.alternating};
        }
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
    const Child& child = slot.children[index];
    return law::ChildFacts{Date::from_day_count(child.birth), child.aeeh, child.alternating};
}

void RightsStore::apply(FamilyId family, const RightsRecord& record) {
    PAJESIM_ASSERT(family.index() < slots_.size());
    Slot& slot = slots_[family.index()];
    const YearMonth from = record.valid_from;
    // The records are in valid_from order: those from `from` on are a suffix.
    if (slot.count != moved) {
        while (slot.count > 0 && slot.records[slot.count - 1u].valid_from >= from) --slot.count;
        if (slot.count < slot_records) {
            slot.records[slot.count++] = record;
            return;
        }
        std::vector<RightsRecord>& records = overflow_[family.value()];
        records.assign(slot.records.begin(), slot.records.end());
        records.push_back(record);
        slot.count = moved;
        return;
    }
    std::vector<RightsRecord>& records = overflow_.find(family.value())->second;
    while (!records.empty() && records.back().valid_from >= from) records.pop_back();
    records.push_back(record);
}

std::optional<RightsRecord> RightsStore::lookup(FamilyId family, YearMonth month) const {
    const std::span<const RightsRecord> held = records(family);
    for (auto it = held.rbegin(); it != held.rend(); ++it) {
        if (it->valid_from <= month) return *it;
    }
    return std::nullopt;
}

bool RightsStore::holds_exactly(FamilyId family, std::span<const RightsRecord> wanted) const {
    if (wanted.empty()) return true;
    const YearMonth from = wanted.front().valid_from;
    std::size_t i = 0;
    for (const RightsRecord& record : records(family)) {
        if (record.valid_from < from) continue;
        if (i >= wanted.size() || !(record == wanted[i])) return false;
        ++i;
    }
    return i == wanted.size();
}

}  // namespace pajesim::model::centre
