#pragma once
// A family-month table as a plain array, month-major, and a check that a table under test
// (WindowedCells, RunLengthCells: anything with get(row, month)) holds the same values.

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pajesim::testing {

struct Reference {
    std::size_t rows;
    std::int32_t months;
    std::vector<std::int32_t> cells;
    Reference(std::size_t r, std::int32_t m) : rows(r), months(m), cells(r * static_cast<std::size_t>(m), 0) {}
    std::int32_t& at(std::size_t row, std::int32_t month) { return cells[static_cast<std::size_t>(month) * rows + row]; }
};

template <typename Table>
void check_all(const Table& table, Reference& reference, const char* when) {
    for (std::int32_t month = 0; month < reference.months; ++month) {
        for (std::size_t row = 0; row < reference.rows; ++row) {
            BOOST_TEST_REQUIRE(table.get(row, month) == reference.at(row, month),
                               when << ": row " << row << " month " << month);
        }
    }
}

}  // namespace pajesim::testing
