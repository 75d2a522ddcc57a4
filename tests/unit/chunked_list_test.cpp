#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <string>
#include <vector>

#include "sim/kernel/chunked_list.hpp"

using Pool = pajesim::ChunkPool<std::string, 4>;
using List = pajesim::ChunkedList<std::string, 4>;

// Values pushed across several chunks read back in order, also while more are pushed; chunks read
// to their end go back to the pool, which keeps no more than it was told to.
BOOST_AUTO_TEST_CASE(reads_in_push_order_and_gives_chunks_back) {
    Pool pool(2);
    List list;
    for (int i = 0; i < 10; ++i) list.push_back(std::to_string(i), pool);
    BOOST_TEST(list.size() == 10u);
    BOOST_TEST(pool.kept() == 0u);
    std::vector<std::string> read;
    for (std::size_t i = 0; i < list.size(); ++i) {
        read.push_back(list[i]);
        if (i == 5) list.push_back("late", pool);  // joins the end while reading
        list.read_through(i, pool);
        if (i == 3) BOOST_TEST(pool.kept() == 1u);  // the first chunk, read to its end
    }
    const std::vector<std::string> expected{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "late"};
    BOOST_TEST(read == expected, boost::test_tools::per_element());
    BOOST_TEST(pool.kept() == 2u);  // two chunks read to their end, the third partly filled
    list.release(pool);
    BOOST_TEST(list.empty());
    BOOST_TEST(pool.kept() == 2u);  // the third went back to the heap: the pool keeps two
    // A new list takes the kept chunks first, and its values are its own.
    List again;
    for (int i = 0; i < 5; ++i) again.push_back(std::to_string(100 + i), pool);
    BOOST_TEST(pool.kept() == 0u);
    BOOST_TEST(again[0] == "100");
    BOOST_TEST(again[4] == "104");
    again.release(pool);
}
