#include "sim/model/histories.hpp"

#include <algorithm>

namespace pajesim::model {
Histories Histories::recording(std::uint32_t families) {
    Histories histories;
    histories.mode_ = Mode::record;
    histories.digests_.assign(families, 0);
    return histories;
}

std::int64_t Histories::shared(FamilyId family, SharedSite site, std::uint64_t key, std::int64_t decided) {
    if (mode_ == Mode::record) {
        recorded_.push_back(Decision{family.value(), key_hash(key), static_cast<std::uint32_t>(site), 0,
                                     static_cast<std::int32_t>(decided)});
        return decided;
    }
    const auto found = of_family_.find(family.value());
    if (found != of_family_.end()) {
        for (std::uint32_t i = found->second.first; i < found->second.second; ++i) {
            Decision& d = decisions_[i];
            if (d.taken != 0 || !d.is(site, key_hash(key))) continue;
            d.taken = 1;
            return d.value;
        }
    }
    own_way_ = true;
    return decided;
}

bool Histories::peek(FamilyId family, SharedSite site, std::uint64_t key, std::int64_t& decided) const {
    if (mode_ != Mode::replay) return false;
    const auto found = of_family_.find(family.value());
    if (found == of_family_.end()) return false;
    for (std::uint32_t i = found->second.first; i < found->second.second; ++i) {
        const Decision& d = decisions_[i];
        if (d.taken != 0 || !d.is(site, key_hash(key))) continue;
        decided = d.value;
        return true;
    }
    return false;
}

void Histories::start_replay(const std::vector<std::uint32_t>& followed) {
    mode_ = Mode::replay;
    followed_.assign(digests_.size(), 0);
    followed_list_ = followed;
    for (const std::uint32_t f : followed) {
        followed_[f] = 1;
        expected_[f] = digests_[f];
    }
    // The followed families' decisions, each family's together and in the run's order.
    decisions_.clear();
    for (std::size_t i = 0; i < recorded_.size(); ++i) {
        const Decision& d = recorded_[i];
        if (followed_[d.family] != 0) decisions_.push_back(d);
    }
    recorded_.clear();
    std::stable_sort(decisions_.begin(), decisions_.end(),
                     [](const Decision& a, const Decision& b) { return a.family < b.family; });
    for (std::uint32_t i = 0; i < decisions_.size();) {
        std::uint32_t end = i;
        while (end < decisions_.size() && decisions_[end].family == decisions_[i].family) ++end;
        of_family_[decisions_[i].family] = {i, end};
        i = end;
    }
    std::fill(digests_.begin(), digests_.end(), 0);
    own_way_ = false;
}

std::uint64_t Histories::expected(FamilyId family) const {
    const auto found = expected_.find(family.value());
    return found == expected_.end() ? 0 : found->second;
}

}  // namespace pajesim::model
