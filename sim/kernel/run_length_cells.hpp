#pragma once
// RunLengthCells: a table of signed 32-bit amounts, one cell per row (a family) and month,
// that starts at zero; the last two months written are held densely, month-major, and the
// older ones as runs of months of equal value, 32 bytes a row.
//
// Some of a run's family-month tables hold an amount that stays the same from month to month
// for most families: the CMG the oracle says a family is owed (RunResult::owed_cents), and the
// built-in centre's CMG ordered and covered contributions claimed. It changes when the law's
// amounts are revalued (April), when the N-2 resources change (January), at a birth, a third
// or sixth birthday, a separation, and at the first and last months of a contract: on the
// 2019 incident a family's 27 months hold 3 to 5 changes of value (8 at most in 20 000
// families). Held densely, three bytes a month, such a table was 81 bytes a family over 27
// months; here it is 38, whatever the run's length.
//
// A month is written and read mostly in the weeks after it (declared, settled, paid), by the
// events of a day in family order: those months stay dense (three bytes a cell, month m in
// row m % 2), so that a day's events read them as they did. When a write moves on to a new
// month, the month that leaves the window is added to every row's runs. A row holds up to
// seven runs: each a first month and a 24-bit value, lasting until the next run's first month;
// the months before the first run are zero. A later write to an old month (a regularisation,
// a recovery) splits its run, and runs of equal value next to each other are merged again.
//
// A row that needs more runs, or a value outside 24 bits, is kept apart as a plain array of
// its months; should such rows outgrow a sixty-fourth of the table (and 1 024), as under
// monthly hours that vary or a system under test that writes odd amounts, the old months are
// kept densely from then on, three bytes a cell (PackedCells), as every month once was, so
// that the worst case costs what the plain table did. Every value reads back exactly in every
// form; a month after the latest written reads zero.
//
// The rows come from ZeroedVector (a row of zero bytes is a row of zeros): pages never written
// are never faulted in. Like a std::vector, a table is written by one thread at a time.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/packed_cells.hpp"
#include "sim/kernel/touch.hpp"
#include "sim/kernel/zeroed_vector.hpp"

namespace pajesim {

class RunLengthCells {
public:
    // The months held densely: the latest written and the one before it.
    static constexpr std::int32_t window_months = 2;
    static constexpr unsigned max_runs = 7;
    static constexpr std::int32_t narrow_max = (1 << 23) - 1;
    static constexpr std::int32_t narrow_min = -(1 << 23);
    static constexpr std::int32_t max_months = 255;

    RunLengthCells() = default;
    RunLengthCells(std::size_t rows, std::int32_t months)
        : window_(rows * static_cast<std::size_t>(window_months)), rows_(rows), months_(months) {
        PAJESIM_ASSERT(months >= 0 && months <= max_months);
    }

    std::size_t rows() const { return rows_; }
    std::int32_t months() const { return months_; }
    std::size_t size() const { return rows_ * static_cast<std::size_t>(months_); }
    bool empty() const { return rows_ == 0; }
    void swap(RunLengthCells& other) noexcept {
        window_.swap(other.window_);
        std::swap(rows_, other.rows_);
        std::swap(months_, other.months_);
        std::swap(latest_, other.latest_);
        runs_.swap(other.runs_);
        apart_.swap(other.apart_);
        all_.swap(other.all_);
    }
    // How many rows are kept apart as plain arrays, and whether the old months are dense now
    // (tests, measures); the bound on the rows apart, past which they become dense.
    std::size_t apart_count() const { return apart_.size(); }
    bool dense() const { return !all_.empty(); }
    std::size_t apart_limit() const { return rows_ / 64 + 1024; }

    // The cell of `row` and `month`.
    std::int32_t get(std::size_t row, std::int32_t month) const {
        if (in_window(month)) [[likely]] return window_.get(window_at(row, month));
        if (month > latest_ || month < 0) return 0;
        return get_old(row, month);
    }
    void set(std::size_t row, std::int32_t month, std::int32_t value) {
        PAJESIM_ASSERT(row < rows_ && month >= 0 && month < months_);
        if (month > latest_) advance(month);
        if (in_window(month)) [[likely]] {
            window_.set(window_at(row, month), value);
            return;
        }
        set_old(row, month, value);
    }
    void add(std::size_t row, std::int32_t month, std::int32_t amount) {
        if (in_window(month)) [[likely]] {
            window_.add(window_at(row, month), amount);
            return;
        }
        set(row, month, get(row, month) + amount);
    }
    // Brings the cell's line into the cache ahead of its use (a month already in the window).
    void touch_cell(std::size_t row, std::int32_t month) const {
        if (in_window(month)) window_.touch_cell(window_at(row, month));
    }

    // By a month-major cell index (month * rows() + row), as PackedCells: for tests.
    std::int32_t get(std::size_t at) const {
        PAJESIM_ASSERT(at < size());
        return get(at % rows_, static_cast<std::int32_t>(at / rows_));
    }
    std::int32_t operator[](std::size_t at) const { return get(at); }

    // Equal shapes and values, whatever the form each is held in.
    friend bool operator==(const RunLengthCells& a, const RunLengthCells& b) {
        if (a.rows_ != b.rows_ || a.months_ != b.months_) return false;
        for (std::size_t row = 0; row < a.rows_; ++row) {
            for (std::int32_t m = 0; m < a.months_; ++m) {
                if (a.get(row, m) != b.get(row, m)) return false;
            }
        }
        return true;
    }

private:
    static constexpr std::uint8_t apart_mark = 255;
    // A row's runs: `count` of them, run i from month first[i] (increasing) with value(i).
    struct Row {
        std::uint8_t count;
        std::array<std::uint8_t, max_runs> first;
        std::array<std::uint8_t, 3 * max_runs> bytes;  // each value's 24 bits, low byte first
        std::array<std::uint8_t, 3> unused;
        std::int32_t value(unsigned i) const { return read_int24(bytes.data() + 3 * i); }
        void set_value(unsigned i, std::int32_t v) { write_int24(bytes.data() + 3 * i, v); }
    };
    static_assert(sizeof(Row) == 32, "two rows a cache line");
    struct Run {
        std::int32_t first;
        std::int32_t value;
    };

    // Whether the month is one of the two held densely (never before the first).
    bool in_window(std::int32_t month) const { return month <= latest_ && month > latest_ - window_months && month >= 0; }
    std::size_t window_at(std::size_t row, std::int32_t month) const {
        return static_cast<std::size_t>(month % window_months) * rows_ + row;
    }
    std::size_t all_at(std::size_t row, std::int32_t month) const {
        return static_cast<std::size_t>(month) * rows_ + row;
    }
    // The first month held densely: the runs hold the months before it.
    std::int32_t boundary() const { return std::max(0, latest_ - window_months + 1); }

    [[gnu::noinline]] std::int32_t get_old(std::size_t row, std::int32_t month) const {
        if (!all_.empty()) return all_.get(all_at(row, month));
        const Row& r = runs_[row];
        const unsigned n = r.count;
        if (n == apart_mark) return apart_.at(row)[static_cast<std::size_t>(month)];
        // The last run that starts by `month`.
        for (unsigned i = n; i > 0; --i) {
            if (r.first[i - 1] <= month) return r.value(i - 1);
        }
        return 0;
    }
    [[gnu::noinline]] void set_old(std::size_t row, std::int32_t month, std::int32_t value) {
        if (!all_.empty()) {
            all_.set(all_at(row, month), value);
        } else if (runs_[row].count == apart_mark) {
            apart_.at(row)[static_cast<std::size_t>(month)] = value;
        } else {
            set_in_runs(row, month, value, boundary());
        }
    }

    // Writes `value` into the row's runs, which hold the months before `end`: the run holding
    // `month` is split around it, and runs of equal value next to each other are merged.
    void set_in_runs(std::size_t row, std::int32_t month, std::int32_t value, std::int32_t end) {
        Row& r = runs_[row];
        const unsigned n = r.count;
        // The run holding `month` (-1: the zeros before the first run).
        int at = -1;
        while (at + 1 < static_cast<int>(n) && r.first[static_cast<unsigned>(at + 1)] <= month) ++at;
        const std::int32_t current = at < 0 ? 0 : r.value(static_cast<unsigned>(at));
        if (current == value) return;
        const std::int32_t next_first =
            at + 1 < static_cast<int>(n) ? r.first[static_cast<unsigned>(at + 1)] : end;
        std::array<Run, max_runs + 2> runs{};
        unsigned k = 0;
        const auto push = [&](std::int32_t first, std::int32_t v) {
            // The months before the first run are zero: a first run of zero is no run.
            const std::int32_t before = k == 0 ? 0 : runs[k - 1].value;
            if (v == before) return;
            runs[k++] = Run{first, v};
        };
        for (int i = 0; i < at; ++i) push(r.first[static_cast<unsigned>(i)], r.value(static_cast<unsigned>(i)));
        if (at >= 0 && r.first[static_cast<unsigned>(at)] < month) push(r.first[static_cast<unsigned>(at)], current);
        push(month, value);
        if (month + 1 < next_first) push(month + 1, current);
        for (unsigned i = static_cast<unsigned>(at + 1); i < n; ++i) push(r.first[i], r.value(i));
        if (k <= max_runs && value >= narrow_min && value <= narrow_max) [[likely]] {
            r.count = static_cast<std::uint8_t>(k);
            for (unsigned i = 0; i < k; ++i) {
                r.first[i] = static_cast<std::uint8_t>(runs[i].first);
                r.set_value(i, runs[i].value);
            }
            return;
        }
        move_apart(row, month, value, end);
    }

    // Keeps the row's old months (before `end`) as a plain array from now on, `value` in `month`.
    [[gnu::noinline]] void move_apart(std::size_t row, std::int32_t month, std::int32_t value, std::int32_t end) {
        std::vector<std::int32_t> months(static_cast<std::size_t>(months_));
        const Row& r = runs_[row];
        for (unsigned i = 0; i < r.count; ++i) {
            const std::int32_t last = i + 1 < r.count ? r.first[i + 1] : end;
            for (std::int32_t m = r.first[i]; m < last; ++m) months[static_cast<std::size_t>(m)] = r.value(i);
        }
        months[static_cast<std::size_t>(month)] = value;
        apart_.emplace(row, std::move(months));
        runs_[row] = Row{};
        runs_[row].count = apart_mark;
        if (apart_.size() > apart_limit()) make_dense(std::max(end, month + 1));
    }

    // Every old month (those before `end`), month-major, three bytes a cell; the runs and the
    // rows apart freed. (Within a month leaving the window, the rows not yet given it read
    // their last run's value there: advance then writes each of them.)
    [[gnu::noinline, gnu::cold]] void make_dense(std::int32_t end) {
        PackedCells all(size());
        for (std::size_t row = 0; row < rows_; ++row) {
            for (std::int32_t m = 0; m < end; ++m) {
                const std::int32_t v = get_old(row, m);
                if (v != 0) all.set(all_at(row, m), v);
            }
        }
        all_.swap(all);
        ZeroedVector<Row>().swap(runs_);
        std::unordered_map<std::size_t, std::vector<std::int32_t>>().swap(apart_);
    }

    // Makes `month` the latest month held: each month that leaves the window is added to every
    // row's old months, and its row of the window cleared for the month that takes its place.
    [[gnu::noinline]] void advance(std::int32_t month) {
        PAJESIM_ASSERT(month < months_);
        if (runs_.empty() && all_.empty()) runs_ = ZeroedVector<Row>(rows_);
        // Every month before the new window leaves, the months never written (after the
        // latest, in a jump) as zeros.
        for (std::int32_t leaving = boundary(); leaving <= month - window_months; ++leaving) {
            const bool written = leaving <= latest_;
            const std::size_t base = static_cast<std::size_t>(leaving % window_months) * rows_;
            for (std::size_t row = 0; row < rows_; ++row) {
                const std::int32_t value = written ? window_.get(base + row) : 0;
                if (all_.empty()) [[likely]] {
                    append(row, leaving, value);
                } else {
                    all_.set(all_at(row, leaving), value);
                }
                if (value != 0) window_.set(base + row, 0);
            }
        }
        latest_ = month;
    }
    // Gives the row's old months one more, `month` (the runs so far end there): most rows end
    // with the month's value already, and nothing is written.
    void append(std::size_t row, std::int32_t month, std::int32_t value) {
        Row& r = runs_[row];
        const unsigned n = r.count;
        if (n == apart_mark) {
            apart_.at(row)[static_cast<std::size_t>(month)] = value;
            return;
        }
        const std::int32_t last = n == 0 ? 0 : r.value(n - 1);
        if (value == last) return;
        if (n < max_runs && value >= narrow_min && value <= narrow_max) [[likely]] {
            r.first[n] = static_cast<std::uint8_t>(month);
            r.set_value(n, value);
            r.count = static_cast<std::uint8_t>(n + 1);
            return;
        }
        move_apart(row, month, value, month);
    }

    PackedCells window_;  // window_months rows of `rows_` cells, month m in row m % window_months
    std::size_t rows_ = 0;
    std::int32_t months_ = 0;
    std::int32_t latest_ = -1;  // the latest month written, -1 before any
    ZeroedVector<Row> runs_;    // made when the first month leaves the window
    std::unordered_map<std::size_t, std::vector<std::int32_t>> apart_;
    PackedCells all_;  // once the rows apart outgrew apart_limit(): the old months, densely
};

}  // namespace pajesim
