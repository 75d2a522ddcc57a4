#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/kernel/random.hpp"
#include "sim/kernel/small_vector.hpp"

using pajesim::SmallVector;
using List = SmallVector<std::uint32_t, 4>;

namespace {

bool same(const List& list, const std::vector<std::uint32_t>& expected) {
    if (list.size() != expected.size() || list.empty() != expected.empty()) return false;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        if (list[i] != expected[i]) return false;
    }
    return true;
}

}  // namespace

// The same size as a std::vector, its values held inside up to four.
BOOST_AUTO_TEST_CASE(as_large_as_a_std_vector) { BOOST_TEST(sizeof(List) == sizeof(std::vector<std::uint32_t>)); }

// Random pushes, removals, copies, moves and assignments, on both sides of the fourth value (in
// place and on the heap), against a std::vector doing the same.
BOOST_AUTO_TEST_CASE(behaves_as_a_std_vector) {
    pajesim::RandomStream stream(3, pajesim::StreamKind::test, 9);
    List list;
    std::vector<std::uint32_t> model;
    for (int n = 0; n < 20'000; ++n) {
        switch (stream.uniform_below(8)) {
            case 0:
            case 1:
            case 2: {
                const auto value = static_cast<std::uint32_t>(stream.uniform_below(30));
                list.push_back(value);
                model.push_back(value);
                break;
            }
            case 3:
                if (!model.empty()) {  // a value of its own, which growing may move
                    list.push_back(list.front());
                    model.push_back(model.front());
                }
                break;
            case 4: {
                const auto limit = static_cast<std::uint32_t>(stream.uniform_below(30));
                const std::size_t removed = erase_if(list, [&](std::uint32_t v) { return v >= limit; });
                BOOST_TEST(removed == std::erase_if(model, [&](std::uint32_t v) { return v >= limit; }));
                break;
            }
            case 5: {
                const List copy = list;
                List moved = std::move(list);
                list = copy;
                BOOST_TEST((moved == copy));
                BOOST_TEST(same(moved, model));
                break;
            }
            case 6: {
                std::vector<std::uint32_t> fresh(stream.uniform_below(9));
                for (auto& v : fresh) v = static_cast<std::uint32_t>(stream.uniform_below(30));
                list = fresh;
                model = fresh;
                break;
            }
            default:
                if (stream.uniform_below(4) == 0) {
                    list.clear();
                    model.clear();
                }
                break;
        }
        BOOST_TEST_REQUIRE(same(list, model), "after step " << n);
    }
}

// Equality is of the values, wherever they are held; a braced list and a std::vector convert.
BOOST_AUTO_TEST_CASE(equality_by_values) {
    List inline_list{1, 2, 3};
    List grown;
    for (std::uint32_t v = 0; v < 9; ++v) grown.push_back(v);
    erase_if(grown, [](std::uint32_t v) { return v == 0 || v > 3; });
    BOOST_TEST((grown == inline_list));
    BOOST_TEST((inline_list == std::vector<std::uint32_t>{1, 2, 3}));
    BOOST_TEST(!(inline_list == std::vector<std::uint32_t>{1, 2}));
    BOOST_TEST(!(inline_list == List{1, 2, 4}));
}
