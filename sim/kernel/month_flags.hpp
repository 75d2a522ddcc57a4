#pragma once
// MonthFlags: four flag bits per row (a family) and month, zero at the start, two months to a
// byte.
//
// The books and the due-date invariant keep, per family and care month, whether it was
// declared, late, in the new workflow, under Pajemploi+: four bits at most, which a byte per
// cell held with four bits to spare (27 bytes a family over 27 months). Months 2k and 2k + 1
// share byte k of a row's pair, the even month in the low four bits. The table stays
// month-major by pairs of months (byte (m / 2) * rows + row), so a walk over the families of
// one month reads one row of bytes in order, as before.

#include <cstddef>
#include <cstdint>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/touch.hpp"
#include "sim/kernel/zeroed_vector.hpp"

namespace pajesim {

class MonthFlags {
public:
    MonthFlags() = default;
    MonthFlags(std::size_t rows, std::int32_t months)
        : bytes_(rows * static_cast<std::size_t>((months + 1) / 2)), rows_(rows) {
        PAJESIM_ASSERT(months >= 0);
    }

    bool empty() const { return rows_ == 0; }
    // The row's flags for the month (four bits).
    std::uint8_t get(std::size_t row, std::int32_t month) const {
        return static_cast<std::uint8_t>(bytes_[at(row, month)] >> shift(month) & 0x0Fu);
    }
    // Sets the given flags (four bits at most), keeping the others.
    void set(std::size_t row, std::int32_t month, std::uint8_t flags) {
        PAJESIM_ASSERT(flags <= 0x0Fu);
        bytes_[at(row, month)] |= static_cast<std::uint8_t>(flags << shift(month));
    }
    void touch_cell(std::size_t row, std::int32_t month) const { touch(bytes_[at(row, month)]); }

    // The month's flags of every row in order: for walks over the families of a month.
    template <typename Visit>
    void for_each_row(std::int32_t month, Visit visit) const {
        const std::uint8_t* row_bytes = bytes_.data() + static_cast<std::size_t>(month / 2) * rows_;
        const unsigned s = shift(month);
        for (std::size_t row = 0; row < rows_; ++row) {
            visit(row, static_cast<std::uint8_t>(row_bytes[row] >> s & 0x0Fu));
        }
    }

private:
    std::size_t at(std::size_t row, std::int32_t month) const { return static_cast<std::size_t>(month / 2) * rows_ + row; }
    static unsigned shift(std::int32_t month) { return (month & 1) != 0 ? 4u : 0u; }

    ZeroedVector<std::uint8_t> bytes_;
    std::size_t rows_ = 0;
};

}  // namespace pajesim
