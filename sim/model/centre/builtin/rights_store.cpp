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

bool RightsStore::holds_exactly(FamilyId family, const std::vector<RightsRecord>& wanted) const {
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
