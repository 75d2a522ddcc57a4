#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <vector>

#include "sim/kernel/cents.hpp"
#include "sim/kernel/deferred_sums.hpp"
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
