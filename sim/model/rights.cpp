#include "sim/model/rights.hpp"

#include <algorithm>

#include "sim/kernel/assert.hpp"

namespace pajesim::model {

void RightsStore::apply(const RightsMessage& message) {
    PAJESIM_ASSERT(message.family.index() < records_.size());
    std::vector<RightsRecord>& records = records_[message.family.index()];
    const YearMonth from = message.record.valid_from;
    records.erase(std::remove_if(records.begin(), records.end(),
                                 [from](const RightsRecord& r) { return r.valid_from >= from; }),
                  records.end());
    records.push_back(message.record);
    PAJESIM_ASSERT(std::is_sorted(records.begin(), records.end(),
                                  [](const RightsRecord& a, const RightsRecord& b) {
                                      return a.valid_from < b.valid_from;
                                  }));
}

std::string_view to_string(RightsCause cause) {
    switch (cause) {
        case RightsCause::bulk: return "bulk";
        case RightsCause::birth: return "birth";
        case RightsCause::separation: return "separation";
        case RightsCause::move: return "move";
        case RightsCause::new_year: return "new_year";
        case RightsCause::agent_request: return "agent_request";
    }
    return "?";
}

std::optional<RightsRecord> RightsStore::lookup(FamilyId family, YearMonth month) const {
    const std::vector<RightsRecord>& records = records_[family.index()];
    for (auto it = records.rbegin(); it != records.rend(); ++it) {
        if (it->valid_from <= month) return *it;
    }
    return std::nullopt;
}

}  // namespace pajesim::model
