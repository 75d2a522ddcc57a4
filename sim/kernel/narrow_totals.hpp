#pragma once
// Running totals of money for millions of entities (accounts), each held in 32 bits: a family's
// or a carer's balance stays within +-21 474 836.47 euros. A total that leaves 32 bits is held
// in full apart from then on, its 32-bit place set to a marker no narrow total takes (the
// lowest 32-bit value); the last entities (`wide_from` on: the institutions, whose totals are
// the sums of everyone's) are held in full from the start. Every total reads back exactly.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <vector>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/cents.hpp"

namespace pajesim {

class NarrowTotals {
public:
    NarrowTotals() = default;
    // `count` totals, all zero; those from `wide_from` on held in full.
    NarrowTotals(std::size_t count, std::size_t wide_from)
        : narrow_(std::min(count, wide_from), 0), full_(count - narrow_.size(), Cents{0}) {}

    std::size_t size() const { return narrow_.size() + full_.size(); }
    bool empty() const { return size() == 0; }

    Cents get(std::size_t i) const {
        if (i >= narrow_.size()) return full_[i - narrow_.size()];
        const std::int32_t value = narrow_[i];
        if (value == marker) [[unlikely]] return apart_.at(i);
        return Cents{value};
    }
    void add(std::size_t i, Cents amount) {
        if (i >= narrow_.size()) {
            full_[i - narrow_.size()] += amount;
            return;
        }
        std::int32_t& value = narrow_[i];
        if (value == marker) [[unlikely]] {
            apart_.at(i) += amount;
            return;
        }
        const Cents sum = Cents{value} + amount;
        if (sum.value() > marker && sum.value() <= std::numeric_limits<std::int32_t>::max()) [[likely]] {
            value = static_cast<std::int32_t>(sum.value());
            return;
        }
        apart_.emplace(i, sum);
        value = marker;
    }
    // Where the i-th total lives (to fetch it ahead: kernel/touch.hpp, DeferredSums).
    const void* address(std::size_t i) const {
        return i < narrow_.size() ? static_cast<const void*>(&narrow_[i]) : &full_[i - narrow_.size()];
    }
    // The sum of every total.
    Cents sum() const {
        std::int64_t narrow = 0;
        for (const std::int32_t value : narrow_) narrow += value == marker ? 0 : value;
        Cents total{narrow};
        for (const auto& [i, value] : apart_) total += value;
        for (const Cents value : full_) total += value;
        return total;
    }
    // Totals held apart after leaving 32 bits (tests, measures).
    std::size_t apart() const { return apart_.size(); }

private:
    static constexpr std::int32_t marker = std::numeric_limits<std::int32_t>::min();
    std::vector<std::int32_t> narrow_;
    std::vector<Cents> full_;
    std::unordered_map<std::size_t, Cents> apart_;
};

}  // namespace pajesim
