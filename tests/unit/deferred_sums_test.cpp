#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <vector>

#include "sim/kernel/cents.hpp"
#include "sim/kernel/deferred_sums.hpp"
#include "sim/kernel/narrow_totals.hpp"
#include "sim/kernel/random.hpp"

using pajesim::Cents;
using pajesim::DeferredSums;

// Totals reached through a member, as a record's field is.
struct Record {
    std::int32_t other = 0;
    Cents total;
};

// For batches of one, of seven (additions left over when read) and the default, the totals are
// those of adding at once, and nothing is applied before the batch is full.
BOOST_AUTO_TEST_CASE(totals_equal_those_of_adding_at_once) {
    for (const std::size_t batch : {std::size_t{1}, std::size_t{7}, DeferredSums<Cents>::default_batch}) {
        std::vector<Record> records(50);
        std::vector<Cents> expected(50);
        DeferredSums<Cents> sums(batch);
        const auto at = [&](std::uint32_t i) -> Cents& { return records[i].total; };
        pajesim::RandomStream stream(7, pajesim::StreamKind::test, batch);
        for (int n = 0; n < 1000; ++n) {
            const auto index = static_cast<std::uint32_t>(stream.uniform_below(50));
            const Cents amount{static_cast<std::int64_t>(stream.uniform_below(2'000'00)) - 1'000'00};
            sums.add(index, amount, at);
            expected[index] += amount;
            BOOST_TEST(sums.noted() == (batch == 1 ? 0u : static_cast<std::size_t>(n + 1) % batch));
        }
        sums.apply(at);
        BOOST_TEST(sums.noted() == 0u);
        for (std::size_t i = 0; i < records.size(); ++i) {
            BOOST_TEST(records[i].total == expected[i], "batch " << batch << ", total " << i);
            BOOST_TEST(records[i].other == 0);
        }
    }
}

// Totals in 32 bits (kernel/narrow_totals.hpp), against plain 64-bit totals: movements of
// either sign noted and applied in batches, some pushing a total beyond 32 bits (and back),
// one landing exactly on the lowest 32-bit value (the marker of a total held apart), the last
// two totals held in full from the start. Every total, and their sum, reads back exactly.
BOOST_AUTO_TEST_CASE(narrow_totals_read_back_every_total_within_and_beyond_32_bits) {
    constexpr std::size_t count = 5'000;
    constexpr std::size_t wide_from = count - 2;
    constexpr std::int64_t int32_min = -2'147'483'648;
    pajesim::NarrowTotals totals(count, wide_from);
    std::vector<std::int64_t> plain(count, 0);
    DeferredSums<Cents> sums(1'000);
    pajesim::RandomStream stream(13, pajesim::StreamKind::test, 3);
    const auto move = [&](std::uint32_t i, std::int64_t amount) {
        sums.add_to(i, Cents{amount}, totals);
        plain[i] += amount;
    };
    for (int n = 0; n < 40'000; ++n) {
        const auto i = static_cast<std::uint32_t>(stream.uniform_below(count));
        std::int64_t amount = stream.uniform_int(-90'000, 100'000);
        if (stream.uniform_below(1'000) == 0) amount = stream.uniform_int(1'000'000'000, 3'000'000'000);
        move(i, amount);
        // A total that is the sum of the others' opposites: beyond 32 bits soon.
        move(static_cast<std::uint32_t>(count - 1), -amount);
    }
    // Exactly the marker, exactly the highest 32-bit value, then back within 32 bits.
    move(7, int32_min - plain[7]);
    move(8, 2'147'483'647 - plain[8]);
    move(9, 3'000'000'000);
    move(9, -3'000'000'000);
    sums.apply_to(totals);
    std::size_t wrong = 0;
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (totals.get(i).value() != plain[i]) ++wrong;
        sum += plain[i];
    }
    BOOST_TEST(wrong == 0u);
    BOOST_TEST(totals.get(7).value() == int32_min);
    BOOST_TEST(totals.get(8).value() == 2'147'483'647);
    BOOST_TEST(totals.sum().value() == sum);
    BOOST_TEST(totals.apart() >= 2u);           // 7 and 9 at least, held apart once beyond
    BOOST_TEST(totals.apart() < count / 20);    // most stay in 32 bits
    BOOST_TEST(totals.get(count - 1).value() < int32_min);  // the full total, beyond 32 bits
}
