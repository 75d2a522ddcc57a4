#pragma once
// A table of amounts per entity (a family) and month that most entities never hold: the debits
// of a run where most families use neither Pajemploi+ nor a home carer. An entity's row (all
// its months, side by side) is made at its first non-zero amount; a table of one 32-bit row
// number per entity says where, 0 for none. Where two thirds of the families have no row, the
// table takes about a third of a dense one's memory.
//
// Rows are stored in blocks of `rows_per_block`, each allocated whole when the previous one is
// full: the rows never move (a reference stays valid), growing never copies the table nor holds
// two copies of it at once, and a run allocates a block once per `rows_per_block` entities.
//
// An entity's row number may carry a mark (`mark`), which its owner gives a meaning of its own
// (NarrowRowsOnDemand: the entity is held in full apart); a read of a marked entity's row
// number says so in the same load.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/packed_cells.hpp"
#include "sim/kernel/touch.hpp"

namespace pajesim {

template <typename T>
class RowsOnDemand {
public:
    static constexpr std::size_t rows_per_block = 4096;
    static constexpr std::uint32_t mark_bit = std::uint32_t{1} << 31;

    RowsOnDemand() = default;
    RowsOnDemand(std::size_t entities, std::size_t months) { reset(entities, months); }

    // Every amount 0, no row held.
    void reset(std::size_t entities, std::size_t months) {
        PAJESIM_ASSERT(entities < mark_bit);
        months_ = months;
        row_of_.assign(entities, 0);
        blocks_.clear();
        rows_ = 0;
    }

    // The entity's month: T{} (zero) when it holds no row.
    T get(std::size_t entity, std::size_t month) const {
        PAJESIM_ASSERT(month < months_);
        const std::uint32_t row = row_of_[entity] & ~mark_bit;
        return row == 0 ? T{} : cell(row - 1, month);
    }
    // The entity's month to write, its row made if it holds none: call it for a non-zero
    // amount only (a row made for nothing is memory lost, not a wrong amount).
    T& at(std::size_t entity, std::size_t month) {
        PAJESIM_ASSERT(month < months_);
        return cell(row(entity), month);
    }
    // Whether the entity holds a row.
    bool holds(std::size_t entity) const { return row_of_[entity] != 0; }
    // Marks the entity (its row made if it holds none); whether a row number read by
    // row_number says the entity is marked.
    void mark(std::size_t entity) {
        row(entity);
        row_of_[entity] |= mark_bit;
    }
    static bool marked(std::uint32_t row_number) { return (row_number & mark_bit) != 0; }
    // The entity's month, for a row number read by row_number that is neither 0 nor marked.
    const T& cell_of(std::uint32_t row_number, std::size_t month) const {
        PAJESIM_ASSERT(row_number != 0 && !marked(row_number) && month < months_);
        return cell(row_number - 1, month);
    }
    std::size_t rows() const { return rows_; }
    // What a read of the entity's month touches first: its row number (kernel/touch.hpp).
    const std::uint32_t& row_number(std::size_t entity) const { return row_of_[entity]; }

private:
    std::size_t row(std::size_t entity) {
        std::uint32_t& row = row_of_[entity];
        if (row == 0) {
            if (rows_ == blocks_.size() * rows_per_block) {
                blocks_.push_back(std::make_unique<T[]>(rows_per_block * months_));  // zeroed
            }
            row = static_cast<std::uint32_t>(++rows_);
        }
        return (row & ~mark_bit) - 1;
    }
    T& cell(std::size_t row, std::size_t month) {
        return blocks_[row / rows_per_block][row % rows_per_block * months_ + month];
    }
    const T& cell(std::size_t row, std::size_t month) const {
        return blocks_[row / rows_per_block][row % rows_per_block * months_ + month];
    }

    std::size_t months_ = 0;
    std::vector<std::uint32_t> row_of_;  // per entity: its row + 1, 0 for none; mark_bit: marked
    std::vector<std::unique_ptr<T[]>> blocks_;
    std::size_t rows_ = 0;
};

// 32-bit amounts held as RowsOnDemand holds them, three bytes an amount (an amount of a
// family's month is a few hundred euros, where 24 bits hold +-83 886.07), `Parts` amounts to a
// cell (the books' debits due and debited of a month, side by side). An entity one of whose
// amounts leaves 24 bits has all its months held in full apart, and its row number is marked:
// a read loads the row number and then the month's cell, two dependent loads, where a marker
// in the row's first cell made it three (a row spans several cache lines).
template <std::size_t Parts = 1>
class NarrowRowsOnDemand {
public:
    using Amounts = std::array<std::int32_t, Parts>;

    NarrowRowsOnDemand() = default;
    NarrowRowsOnDemand(std::size_t entities, std::size_t months) { reset(entities, months); }

    void reset(std::size_t entities, std::size_t months) {
        months_ = months;
        rows_.reset(entities, months);
        wide_.clear();
    }
    // The month's amounts (all zero for an entity that holds no row).
    Amounts get_all(std::size_t entity, std::size_t month) const {
        const std::uint32_t row = rows_.row_number(entity);
        if (row == 0) return Amounts{};
        if (Rows::marked(row)) [[unlikely]] return wide_.at(entity)[month];
        const Cell& cell = rows_.cell_of(row, month);
        Amounts amounts{};
        for (std::size_t part = 0; part < Parts; ++part) amounts[part] = load(cell, part);
        return amounts;
    }
    std::int32_t get(std::size_t entity, std::size_t month, std::size_t part = 0) const {
        return get_all(entity, month)[part];
    }
    // Adds a non-zero amount to one of the entity's month's (its row made if it holds none).
    void add(std::size_t entity, std::size_t month, std::int32_t amount, std::size_t part = 0) {
        PAJESIM_ASSERT(part < Parts);
        if (Rows::marked(rows_.row_number(entity))) [[unlikely]] {
            wide_.at(entity)[month][part] += amount;
            return;
        }
        Cell& cell = rows_.at(entity, month);
        const std::int64_t value = std::int64_t{load(cell, part)} + amount;
        if (value >= narrow_min && value <= narrow_max) [[likely]] {
            write_int24(cell.data() + 3 * part, static_cast<std::int32_t>(value));
            return;
        }
        std::vector<Amounts> row(months_);
        for (std::size_t m = 0; m < months_; ++m) row[m] = get_all(entity, m);
        row[month][part] = static_cast<std::int32_t>(value);
        wide_.emplace(entity, std::move(row));
        rows_.mark(entity);
    }
    // Entities holding a row, and those of them held in full apart.
    std::size_t rows() const { return rows_.rows(); }
    std::size_t wide_rows() const { return wide_.size(); }
    // What a read of the entity's month touches first: its row number (kernel/touch.hpp).
    const std::uint32_t& row_number(std::size_t entity) const { return rows_.row_number(entity); }
    // Touches the entity's month's cell when it holds a narrow row: reads its row number, so
    // that number is best touched some time before.
    void touch_cell(std::size_t entity, std::size_t month) const {
        const std::uint32_t row = rows_.row_number(entity);
        if (row != 0 && !Rows::marked(row) && month < months_) touch(rows_.cell_of(row, month));
    }

private:
    using Cell = std::array<std::uint8_t, 3 * Parts>;
    using Rows = RowsOnDemand<Cell>;
    static constexpr std::int32_t narrow_min = -(1 << 23);
    static constexpr std::int32_t narrow_max = (1 << 23) - 1;
    static std::int32_t load(const Cell& cell, std::size_t part) { return read_int24(cell.data() + 3 * part); }

    std::size_t months_ = 0;
    Rows rows_;
    std::unordered_map<std::size_t, std::vector<Amounts>> wide_;
};

}  // namespace pajesim
