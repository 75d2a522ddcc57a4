#include "sim/model/centre/builtin/rights_store.hpp"

#include <algorithm>

#include "sim/kernel/assert.hpp"

namespace pajesim::model::centre {

void RightsStore::apply(FamilyId family, const RightsRecord& record) {
    PAJESIM_ASSERT(family.index() < records_.size());
    std::vector<RightsRecord>& records = records_[family.index()];
    const YearMonth from = record.valid_from;
    std::erase_if(records, [from](const RightsRecord& r) { return r.valid_from >= from; });
    records.push_back(record);
}

std::optional<RightsRecord> RightsStore::lookup(FamilyId family, YearMonth month) const {
    const std::vector<RightsRecord>& records = records_[family.index()];
    for (auto it = records.rbegin(); it != records.rend(); ++it) {
        if (it->valid_from <= month) return *it;
    }
    return std::nullopt;
}

bool RightsStore::holds_exactly(FamilyId family, const std::vector<RightsRecord>& wanted) const {
    if (wanted.empty()) return true;
    const std::vector<RightsRecord>& records = records_[family.index()];
    const YearMonth from = wanted.front().valid_from;
    std::size_t i = 0;
    for (const RightsRecord& record : records) {
        if (record.valid_from < from) continue;
        if (i >= wanted.size() || !(record == wanted[i])) return false;
        ++i;
    }
    return i == wanted.size();
}

}  // namespace pajesim::model::centre
