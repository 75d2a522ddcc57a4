#pragma once
// WindowedCells: a month-major table of signed 32-bit amounts, one cell per row (a family) and
// month, that starts at zero and is held densely only for the last `window_months` months
// written; an older month keeps its non-zero cells alone, in a hash table.
//
// Some of a run's family-month amounts come back to zero once their month is settled: what a
// family is still owed of a month's CMG (owed less paid), what its carers are still owed, what
// the law still covers of its contributions less what was claimed. A month is written mostly
// in the weeks after it (declared, then paid), and an older month only for the families a
// fault or a process touched late (a late payment, a regularisation, a recovery). Held for
// every month, such a table was 81 bytes a family over a 27-month run (three a cell); held for
// the last two months it is 6, and the old months' non-zero cells are a few per cent of the
// families' (four months held, 12 bytes, kept fewer apart but cost more at 200 000 families).
//
// Every value reads back exactly, whatever the month: when a write moves the window on, the
// months it leaves keep their non-zero cells in the hash table, and a later write to such a
// month goes there too (a zero erases its entry). A bit per row says whether the row has ever
// had an entry there, so that reading an old month of a row that has none costs no lookup.
// Reading a month later than any written, or before the first, gives zero. Should the old
// months' non-zero cells outgrow a sixteenth of the table (a centre that never pays, a long
// outage), they are kept densely from then on, three bytes a cell as every month once was,
// so that the worst case costs what the plain table did. Like a std::vector, a table is
// written by one thread at a time.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/packed_cells.hpp"

namespace pajesim {

class WindowedCells {
public:
    // The months held densely: the latest written and the one before it.
    static constexpr std::int32_t window_months = 2;

    WindowedCells() = default;
    WindowedCells(std::size_t rows, std::int32_t months)
        : dense_(rows * static_cast<std::size_t>(window_months)), rows_(rows), months_(months),
          marked_((rows + 63) / 64, 0) {}

    std::size_t rows() const { return rows_; }
    std::int32_t months() const { return months_; }
    bool empty() const { return rows_ == 0; }
    // How many cells of months left behind are non-zero (tests, measures), while they are
    // kept apart; and whether they are kept densely instead.
    std::size_t old_count() const { return old_.size(); }
    bool dense_past() const { return !all_.empty(); }

    std::int32_t get(std::size_t row, std::int32_t month) const {
        if (month > latest_ || month < 0) return 0;
        if (month > latest_ - window_months) [[likely]] return dense_.get(dense_at(row, month));
        if (!all_.empty()) return all_.get(old_key(row, month));
        if (!marked(row)) return 0;
        const auto found = old_.find(old_key(row, month));
        return found == old_.end() ? 0 : found->second;
    }
    void set(std::size_t row, std::int32_t month, std::int32_t value) {
        PAJESIM_ASSERT(month >= 0 && row < rows_);
        if (month > latest_) advance(month);
        if (month > latest_ - window_months) [[likely]] {
            dense_.set(dense_at(row, month), value);
            return;
        }
        set_old(row, month, value);
    }
    void add(std::size_t row, std::int32_t month, std::int32_t amount) { set(row, month, get(row, month) + amount); }
    // Brings the cell's line into the cache ahead of its use (a month already in the window).
    void touch_cell(std::size_t row, std::int32_t month) const {
        if (month <= latest_ && month > latest_ - window_months) dense_.touch_cell(dense_at(row, month));
    }

    // Equal shapes and values, however they are held.
    friend bool operator==(const WindowedCells& a, const WindowedCells& b) {
        if (a.rows_ != b.rows_ || a.months_ != b.months_) return false;
        for (std::int32_t month = 0; month < a.months_; ++month) {
            for (std::size_t row = 0; row < a.rows_; ++row) {
                if (a.get(row, month) != b.get(row, month)) return false;
            }
        }
        return true;
    }

private:
    std::size_t dense_at(std::size_t row, std::int32_t month) const {
        return static_cast<std::size_t>(month % window_months) * rows_ + row;
    }
    std::uint64_t old_key(std::size_t row, std::int32_t month) const {
        return static_cast<std::uint64_t>(month) * rows_ + row;
    }
    bool marked(std::size_t row) const { return (marked_[row / 64] >> (row % 64) & 1u) != 0; }
    void mark(std::size_t row) { marked_[row / 64] |= std::uint64_t{1} << (row % 64); }

    [[gnu::noinline]] void set_old(std::size_t row, std::int32_t month, std::int32_t value) {
        if (!all_.empty()) {
            all_.set(old_key(row, month), value);
            return;
        }
        if (value == 0) {
            if (marked(row)) old_.erase(old_key(row, month));
            return;
        }
        old_[old_key(row, month)] = value;
        mark(row);
        if (old_.size() > dense_threshold()) to_dense();
    }
    // Past this many cells apart, the hash table (some 40 bytes a cell) would outgrow a dense
    // table of every month (3 bytes a cell): a run whose old months stay unsettled (a centre
    // that never pays, a long outage) keeps them densely instead, as every month once was.
    std::size_t dense_threshold() const { return rows_ * static_cast<std::size_t>(months_) / 16 + 1'024; }
    [[gnu::noinline]] void to_dense() {
        all_ = PackedCells(rows_ * static_cast<std::size_t>(months_));
        for (const auto& [key, value] : old_) all_.set(key, value);
        std::unordered_map<std::uint64_t, std::int32_t>().swap(old_);
    }
    // Makes `month` the latest month held: the months that leave the window keep their
    // non-zero cells in the hash table, and their rows of the window are cleared for the
    // months that take their place.
    [[gnu::noinline]] void advance(std::int32_t month) {
        PAJESIM_ASSERT(month < months_);
        const std::int32_t first_leaving = std::max(0, latest_ - window_months + 1);
        const std::int32_t last_leaving = std::min(latest_, month - window_months);
        for (std::int32_t leaving = first_leaving; leaving <= last_leaving; ++leaving) {
            const std::size_t base = static_cast<std::size_t>(leaving % window_months) * rows_;
            dense_.for_each_non_zero(base, base + rows_, [&](std::size_t at, std::int32_t value) {
                const std::size_t row = at - base;
                if (!all_.empty()) {
                    all_.set(old_key(row, leaving), value);
                } else {
                    old_[old_key(row, leaving)] = value;
                    mark(row);
                }
                dense_.set(at, 0);
            });
            if (all_.empty() && old_.size() > dense_threshold()) to_dense();
        }
        latest_ = month;
    }

    PackedCells dense_;  // window_months rows of `rows_` cells, month m in row m % window_months
    std::size_t rows_ = 0;
    std::int32_t months_ = 0;
    std::int32_t latest_ = -1;  // the latest month written, -1 before any
    std::unordered_map<std::uint64_t, std::int32_t> old_;
    std::vector<std::uint64_t> marked_;  // bit per row: has had a cell in old_
    PackedCells all_;  // once old_ grew past dense_threshold(): every month, month-major, densely
};

}  // namespace pajesim
