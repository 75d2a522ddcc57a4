#include <boost/test/unit_test.hpp>

#include <array>
#include <vector>

#include "sim/kernel/ids.hpp"
#include "sim/kernel/random.hpp"

using pajesim::Ratio;
using pajesim::RandomStream;
using pajesim::StreamKind;

BOOST_AUTO_TEST_CASE(golden_values_for_a_fixed_seed) {
    // Computed independently with a Python transcription of the documented construction:
    // key = mix(mix(mix(seed) ^ (kind + 1) * gamma) ^ mix(entity + gamma)),
    // draw n = mix(key + n * gamma), mix = SplitMix64's output function.
    RandomStream stream(42, StreamKind::test, 7);
    BOOST_TEST(stream.next_u64() == 0x6510df4a4054e8bcULL);
    BOOST_TEST(stream.next_u64() == 0xc745745db8f41c62ULL);
    BOOST_TEST(stream.next_u64() == 0xe60750b98161a284ULL);
    // Lemire: (0x6510df4a4054e8bc x 6) >> 64 = 2.
    RandomStream die(42, StreamKind::test, 7);
    BOOST_TEST(die.uniform_below(6) == 2u);
}

BOOST_AUTO_TEST_CASE(streams_are_reproducible) {
    RandomStream first(2019, StreamKind::population_family, 12);
    RandomStream second(2019, StreamKind::population_family, 12);
    for (int i = 0; i < 1000; ++i) BOOST_REQUIRE(first.next_u64() == second.next_u64());
}

BOOST_AUTO_TEST_CASE(adding_an_entity_leaves_the_others_draws_unchanged) {
    // Draw for entities 0..k, then for 0..k+1 in another order: entity j's draws are the same.
    const auto draws_of = [](std::uint64_t entity) {
        RandomStream stream(7, StreamKind::population_family, entity);
        std::vector<std::uint64_t> values;
        for (int i = 0; i < 16; ++i) values.push_back(stream.next_u64());
        return values;
    };
    std::vector<std::vector<std::uint64_t>> small;
    for (std::uint64_t entity = 0; entity < 10; ++entity) small.push_back(draws_of(entity));
    std::vector<std::vector<std::uint64_t>> large(11);
    for (std::uint64_t entity = 11; entity-- > 0;) large[entity] = draws_of(entity);
    for (std::size_t entity = 0; entity < 10; ++entity) {
        BOOST_TEST(small[entity] == large[entity], boost::test_tools::per_element());
    }
}

BOOST_AUTO_TEST_CASE(different_keys_give_different_streams) {
    RandomStream base(1, StreamKind::population_family, 1);
    RandomStream other_seed(2, StreamKind::population_family, 1);
    RandomStream other_kind(1, StreamKind::population_carer, 1);
    RandomStream other_entity(1, StreamKind::population_family, 2);
    const std::uint64_t value = base.next_u64();
    BOOST_TEST(value != other_seed.next_u64());
    BOOST_TEST(value != other_kind.next_u64());
    BOOST_TEST(value != other_entity.next_u64());
}

BOOST_AUTO_TEST_CASE(uniform_int_covers_its_bounds_evenly) {
    RandomStream stream(3, StreamKind::test, 0);
    std::array<int, 6> counts{};
    for (int i = 0; i < 60000; ++i) {
        const auto value = stream.uniform_int(1, 6);
        BOOST_REQUIRE(value >= 1);
        BOOST_REQUIRE(value <= 6);
        ++counts[static_cast<std::size_t>(value - 1)];
    }
    // Each face 10 000 expected; 5 standard deviations is about 460.
    for (const int count : counts) BOOST_TEST(std::abs(count - 10000) < 500);
}

BOOST_AUTO_TEST_CASE(bernoulli_hits_its_ratio) {
    RandomStream stream(4, StreamKind::test, 0);
    int hits = 0;
    for (int i = 0; i < 100000; ++i) hits += stream.bernoulli(Ratio{8, 100}) ? 1 : 0;
    // 8 000 expected; sigma = sqrt(100000 x 0.08 x 0.92) = 86.
    BOOST_TEST(std::abs(hits - 8000) < 450);
    RandomStream edges(4, StreamKind::test, 1);
    BOOST_TEST(!edges.bernoulli(Ratio::zero()));
    BOOST_TEST(edges.bernoulli(Ratio::one()));
}

BOOST_AUTO_TEST_CASE(weighted_choice_follows_weights) {
    RandomStream stream(5, StreamKind::test, 0);
    const std::array<std::uint32_t, 3> weights{1, 0, 3};
    std::array<int, 3> counts{};
    for (int i = 0; i < 40000; ++i) ++counts[stream.weighted_choice(weights)];
    BOOST_TEST(counts[1] == 0);  // a zero weight is never chosen
    BOOST_TEST(std::abs(counts[0] - 10000) < 500);
    BOOST_TEST(std::abs(counts[2] - 30000) < 500);
}

BOOST_AUTO_TEST_CASE(bell_int_stays_in_bounds_and_centres) {
    RandomStream stream(6, StreamKind::test, 0);
    std::int64_t sum = 0;
    for (int i = 0; i < 10000; ++i) {
        const auto value = stream.bell_int(60, 120, 3);
        BOOST_REQUIRE(value >= 60);
        BOOST_REQUIRE(value <= 120);
        sum += value;
    }
    BOOST_TEST(std::abs(sum / 10000 - 90) <= 1);
}

BOOST_AUTO_TEST_CASE(ids_are_distinct_types_and_print_with_a_prefix) {
    static_assert(!std::is_convertible_v<pajesim::FamilyId, pajesim::CarerId>);
    static_assert(!std::is_convertible_v<std::uint32_t, pajesim::FamilyId>);
    std::ostringstream out;
    out << pajesim::FamilyId{12} << " " << pajesim::CarerId{3} << " " << pajesim::CafId{75};
    BOOST_TEST(out.str() == "F12 C3 CAF75");
    BOOST_TEST(pajesim::FamilyId{1} < pajesim::FamilyId{2});
}
