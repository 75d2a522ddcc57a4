#pragma once
// MonthBits: one bit per month of a run for each of n entities (contracts), zero at the start.
//
// It holds up to 64 months (a scenario spans at most 48, most 24): with 32 months or fewer an
// entity's bits are one 32-bit word, else two. The built-in centre keeps five such sets per
// contract (months taken in, settled, debited...): 64-bit words everywhere held 20 bytes a
// contract of zeros at 24 months, about 38 MB at 1 200 000 families (1.9 million contracts).

#include <cstddef>
#include <cstdint>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/touch.hpp"
#include "sim/kernel/zeroed_vector.hpp"

namespace pajesim {

class MonthBits {
public:
    static constexpr std::int32_t max_months = 64;

    MonthBits() = default;
    MonthBits(std::size_t entities, std::int32_t months) : shift_(months > 32 ? 1 : 0) {
        PAJESIM_ASSERT(months >= 0 && months <= max_months);
        words_ = ZeroedVector<std::uint32_t>(entities << shift_);
    }

    bool test(std::size_t entity, std::int32_t month) const {
        return (words_[at(entity, month)] >> (month & 31) & 1u) != 0;
    }
    void set(std::size_t entity, std::int32_t month) { words_[at(entity, month)] |= std::uint32_t{1} << (month & 31); }
    void reset(std::size_t entity, std::int32_t month) { words_[at(entity, month)] &= ~(std::uint32_t{1} << (month & 31)); }
    // Every bit of the entity: bit m is month m.
    std::uint64_t bits(std::size_t entity) const {
        if (shift_ == 0) return words_[entity];
        return std::uint64_t{words_[2 * entity]} | std::uint64_t{words_[2 * entity + 1]} << 32;
    }
    void touch_entity(std::size_t entity) const { touch(words_[entity << shift_]); }

private:
    std::size_t at(std::size_t entity, std::int32_t month) const {
        return (entity << shift_) + static_cast<std::size_t>(month >> 5);
    }

    ZeroedVector<std::uint32_t> words_;
    unsigned shift_ = 0;  // 0: one word an entity (32 months or fewer); 1: two
};

}  // namespace pajesim
