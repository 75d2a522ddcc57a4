#include "sim/model/histories.hpp"

#include <algorithm>

namespace pajesim::model {
namespace {

// splitmix64's finaliser: every input bit moves every output bit.
std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

}  // namespace

Histories Histories::recording(std::uint32_t families) {
    Histories histories;
    histories.mode_ = Mode::record;
    histories.digests_.assign(families, 0);
    return histories;
}

std::int64_t Histories::shared(FamilyId family, SharedSite site, std::uint64_t key, std::int64_t decided) {
    if (mode_ == Mode::record) {
        decisions_.push_back({family.value(), site, false, key_hash(key), static_cast<std::int32_t>(decided)});
        return decided;
    }
    const auto found = of_family_.find(family.value());
    if (found != of_family_.end()) {
        for (std::uint32_t i = found->second.first; i < found->second.second; ++i) {
            Decision& d = decisions_[i];
            if (d.taken || d.site != site || d.key != key_hash(key)) continue;
            d.taken = true;
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
        if (d.taken || d.site != site || d.key != key_hash(key)) continue;
        decided = d.value;
        return true;
    }
    return false;
}

void Histories::fold(FamilyId family, std::uint64_t a, std::uint64_t b) {
    std::uint64_t& digest = digests_[family.index()];
    digest = mix(digest ^ mix(a + 0x9e3779b97f4a7c15ULL) ^ (b * 0xff51afd7ed558ccdULL));
}

void Histories::fold_text(FamilyId family, std::string_view kind, std::int16_t month, Cents amount, Date date) {
    std::uint64_t name = 0xcbf29ce484222325ULL;  // FNV-1a of the event's kind
    for (const char c : kind) name = (name ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    fold(family, name ^ static_cast<std::uint64_t>(static_cast<std::uint16_t>(month)) << 48,
         static_cast<std::uint64_t>(amount.value()) ^ static_cast<std::uint64_t>(date.day_count()) << 40);
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
    std::erase_if(decisions_, [&](const Decision& d) { return followed_[d.family] == 0; });
    std::stable_sort(decisions_.begin(), decisions_.end(),
                     [](const Decision& a, const Decision& b) { return a.family < b.family; });
    decisions_.shrink_to_fit();
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
