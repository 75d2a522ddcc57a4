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

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/packed_cells.hpp"

namespace pajesim {

template <typename T>
class RowsOnDemand {
public:
    static constexpr std::size_t rows_per_block = 4096;

    RowsOnDemand() = default;
    RowsOnDemand(std::size_t entities, std::size_t months) { reset(entities, months); }

    // Every amount 0, no row held.
    void reset(std::size_t entities, std::size_t months) {
        PAJESIM_ASSERT(entities < UINT32_MAX);
        months_ = months;
        row_of_.assign(entities, 0);
        blocks_.clear();
        rows_ = 0;
    }

    // The entity's month: T{} (zero) when it holds no row.
    T get(std::size_t entity, std::size_t month) const {
        PAJESIM_ASSERT(month < months_);
        const std::uint32_t row = row_of_[entity];
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
        return row - 1;
    }
    T& cell(std::size_t row, std::size_t month) {
        return blocks_[row / rows_per_block][row % rows_per_block * months_ + month];
    }
    const T& cell(std::size_t row, std::size_t month) const {
        return blocks_[row / rows_per_block][row % rows_per_block * months_ + month];
    }

    std::size_t months_ = 0;
    std::vector<std::uint32_t> row_of_;  // per entity: its row + 1, 0 for none
    std::vector<std::unique_ptr<T[]>> blocks_;
    std::size_t rows_ = 0;
};

// 32-bit amounts held as RowsOnDemand holds them, three bytes an amount (an amount of a
// family's month is a few hundred euros, where 24 bits hold +-83 886.07), `Parts` amounts to a
// cell (the books' debits due and debited of a month, side by side). An entity one of whose
// amounts leaves 24 bits has all its months held in full apart, and the first amount of its
// row says so with a marker that no amount held in the row takes (the lowest 24-bit value).
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
        if (!rows_.holds(entity)) return Amounts{};
        if (load(rows_.get(entity, 0), 0) == marker) [[unlikely]] return wide_.at(entity)[month];
        const Cell cell = rows_.get(entity, month);
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
        Cell& first = rows_.at(entity, 0);
        if (load(first, 0) == marker) [[unlikely]] {
            wide_.at(entity)[month][part] += amount;
            return;
        }
        Cell& cell = rows_.at(entity, month);
        const std::int64_t value = std::int64_t{load(cell, part)} + amount;
        if (value > marker && value <= narrow_max) [[likely]] {
            write_int24(cell.data() + 3 * part, static_cast<std::int32_t>(value));
            return;
        }
        std::vector<Amounts> row(months_);
        for (std::size_t m = 0; m < months_; ++m) row[m] = get_all(entity, m);
        row[month][part] = static_cast<std::int32_t>(value);
        wide_.emplace(entity, std::move(row));
        write_int24(first.data(), marker);
    }
    // Entities holding a row, and those of them held in full apart.
    std::size_t rows() const { return rows_.rows(); }
    std::size_t wide_rows() const { return wide_.size(); }
    // What a read of the entity's month touches first: its row number (kernel/touch.hpp).
    const std::uint32_t& row_number(std::size_t entity) const { return rows_.row_number(entity); }

private:
    using Cell = std::array<std::uint8_t, 3 * Parts>;
    static constexpr std::int32_t marker = -(1 << 23);
    static constexpr std::int32_t narrow_max = (1 << 23) - 1;
    static std::int32_t load(const Cell& cell, std::size_t part) { return read_int24(cell.data() + 3 * part); }

    std::size_t months_ = 0;
    RowsOnDemand<Cell> rows_;
    std::unordered_map<std::size_t, std::vector<Amounts>> wide_;
};

}  // namespace pajesim
