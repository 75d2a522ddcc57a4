#pragma once
// PackedCells: a table of signed 32-bit amounts that starts at zero, held in three bytes a cell.
//
// A run's family-month tables (CMG owed and paid, carers paid, the centre's orders and claims,
// the cover invariant's room) hold amounts in cents of one family and month: a few hundred
// euros, far inside the ±83 886.07 euros that 24 bits hold. They are a third of a national
// run's memory, so their fourth byte was about 170 MB at 1 200 000 families over 24 months.
//
// Every 32-bit value is still held exactly: a value outside 24 bits (possible under extreme
// but valid tables, or a defect of a system under test) is stored in a side table by cell and
// its three bytes hold a marker (-2^23: that value itself goes to the side table). Reading a cell checks
// the marker, a branch that is never taken in a run of real figures.
//
// The room comes from ZeroedVector: pages never written are never faulted in. A cell
// is read and written with a two-byte and a one-byte access, never past its three bytes (the
// last cell needs no padding). Like a std::vector, a table is written by one thread at a time:
// the side table is not shared safely.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <utility>

#include "sim/kernel/touch.hpp"
#include "sim/kernel/zeroed_vector.hpp"

namespace pajesim {

// A signed 24-bit value in three bytes, low byte first (the low 16 bits as one two-byte
// access): PackedCells' cells and RunLengthCells' runs.
inline std::int32_t read_int24(const std::uint8_t* p) {
    std::uint16_t low = 0;
    std::memcpy(&low, p, sizeof low);
    const auto high = static_cast<std::int8_t>(p[2]);
    return static_cast<std::int32_t>(high) * 65'536 + static_cast<std::int32_t>(low);
}
inline void write_int24(std::uint8_t* p, std::int32_t value) {
    const auto bits = static_cast<std::uint32_t>(value);
    const auto low = static_cast<std::uint16_t>(bits & 0xFFFFu);
    std::memcpy(p, &low, sizeof low);
    p[2] = static_cast<std::uint8_t>((bits >> 16) & 0xFFu);
}

class PackedCells {
public:
    static constexpr std::int32_t narrow_max = (1 << 23) - 1;
    static constexpr std::int32_t narrow_min = -narrow_max;
    static constexpr std::int32_t marker = -(1 << 23);

    PackedCells() = default;
    explicit PackedCells(std::size_t cells) : bytes_(3 * cells), size_(cells) {}

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    void swap(PackedCells& other) noexcept {
        bytes_.swap(other.bytes_);
        std::swap(size_, other.size_);
        wide_.swap(other.wide_);
    }
    // How many cells hold a value outside 24 bits (tests).
    std::size_t wide_count() const { return wide_.size(); }

    std::int32_t get(std::size_t at) const {
        const std::int32_t narrow = load(at);
        if (narrow != marker) [[likely]] return narrow;
        return wide_value(at);
    }
    void set(std::size_t at, std::int32_t value) {
        if (value >= narrow_min && value <= narrow_max && load(at) != marker) [[likely]] {
            store(at, value);
            return;
        }
        set_rare(at, value);
    }
    void add(std::size_t at, std::int32_t amount) { set(at, get(at) + amount); }
    // Calls fn(at, value) for each cell of [first, last) that is not 0, in order. A cell of 0 is
    // three zero bytes (the marker is not), so the scan skips zero bytes eight at a time: a
    // table mostly of zeros is read at the speed of memory. fn may set the cell it is given.
    template <typename Fn>
    void for_each_non_zero(std::size_t first, std::size_t last, Fn&& fn) const {
        const std::uint8_t* bytes = bytes_.data();
        std::size_t b = 3 * first;
        const std::size_t end = 3 * last;
        while (b < end) {
            if (b + 8 <= end) {
                std::uint64_t word = 0;
                std::memcpy(&word, bytes + b, sizeof word);
                if (word == 0) {
                    b += 8;
                    continue;
                }
            }
            while (b < end && bytes[b] == 0) ++b;
            if (b == end) return;
            const std::size_t at = b / 3;
            b = 3 * (at + 1);
            fn(at, get(at));
        }
    }
    // Brings the cell's line into the cache ahead of its use (touch.hpp).
    void touch_cell(std::size_t at) const { touch(bytes_[3 * at]); }

    // A cell as an lvalue: reads as its value; =, += and -= write it.
    class Ref {
    public:
        operator std::int32_t() const { return cells_->get(at_); }  // NOLINT: reads as an amount
        Ref& operator=(std::int32_t value) {
            cells_->set(at_, value);
            return *this;
        }
        Ref& operator+=(std::int32_t amount) {
            cells_->add(at_, amount);
            return *this;
        }
        Ref& operator-=(std::int32_t amount) {
            cells_->set(at_, cells_->get(at_) - amount);
            return *this;
        }

    private:
        friend class PackedCells;
        Ref(PackedCells* cells, std::size_t at) : cells_(cells), at_(at) {}
        PackedCells* cells_;
        std::size_t at_;
    };
    Ref operator[](std::size_t at) { return Ref(this, at); }
    std::int32_t operator[](std::size_t at) const { return get(at); }

    // Equal sizes and values, whatever the room or the order the wide values came in.
    friend bool operator==(const PackedCells& a, const PackedCells& b) {
        if (a.size_ != b.size_) return false;
        for (std::size_t at = 0; at < a.size_; ++at) {
            if (a.get(at) != b.get(at)) return false;
        }
        return true;
    }

private:
    // The paths of a wide value, out of the line of the common one.
    [[gnu::noinline, gnu::cold]] std::int32_t wide_value(std::size_t at) const { return wide_.at(at); }
    [[gnu::noinline, gnu::cold]] void set_rare(std::size_t at, std::int32_t value) {
        const bool was_wide = load(at) == marker;
        if (value < narrow_min || value > narrow_max) {
            wide_[at] = value;
            if (!was_wide) store(at, marker);
            return;
        }
        wide_.erase(at);
        store(at, value);
    }
    // The 24 bits at `at`, sign-extended.
    std::int32_t load(std::size_t at) const { return read_int24(bytes_.data() + 3 * at); }
    void store(std::size_t at, std::int32_t narrow) { write_int24(bytes_.data() + 3 * at, narrow); }

    ZeroedVector<std::uint8_t> bytes_;
    std::size_t size_ = 0;
    std::unordered_map<std::size_t, std::int32_t> wide_;
};

}  // namespace pajesim
