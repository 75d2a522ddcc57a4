#pragma once
// Counter-based random streams. A stream is keyed by (seed, stream kind, entity id); its n-th
// draw is a pure function of the key and n, so a family's draws never depend on how many other
// families exist or in which order they were drawn. The distributions are our own: std::
// distributions differ between standard libraries, and our output must not.

#include <cstdint>
#include <span>

#include "sim/kernel/ratio.hpp"

namespace pajesim {

// Each consumer of randomness has its own kind, so that two consumers never share draws.
enum class StreamKind : std::uint32_t {
    test = 0,
    population_family = 1,
    population_carer = 2,
    population_child = 3,
    life_events = 4,
    declarations = 5,
    caf_processing = 6,
    family_notice = 7,
    agent_fix = 8,
    diff_request = 9,
    population_alternating = 10,
    reconciliation = 11,
    call_centre = 12,
    advance_request = 13,
    caf_answer = 14,
    population_entrant = 15,
    population_contract_end = 16,
    population_contract_month = 17,
    population_siblings = 18,
    sweep_design = 19,
    fault = 100,  // faults use fault + their index in the plan
};

// SplitMix64's output function (Steele, Lea, Flood 2014): a bijective 64-bit mixer.
constexpr std::uint64_t mix64(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

class RandomStream {
public:
    RandomStream(std::uint64_t seed, StreamKind kind, std::uint64_t entity);
    RandomStream(std::uint64_t seed, std::uint32_t kind, std::uint64_t entity);

    std::uint64_t next_u64();
    // Uniform in [0, bound), bound >= 1, without modulo bias (Lemire 2019).
    std::uint64_t uniform_below(std::uint64_t bound);
    // Uniform in [low, high], inclusive, low <= high.
    std::int64_t uniform_int(std::int64_t low, std::int64_t high);
    // True with probability `probability` exactly (a ratio in [0, 1]).
    bool bernoulli(const Ratio& probability);
    // Index i with probability weights[i] / sum(weights); at least one weight is positive.
    std::size_t weighted_choice(std::span<const std::uint32_t> weights);
    // Sum of `count` uniform draws in [low, high]: a bell-shaped integer (Irwin-Hall).
    std::int64_t bell_int(std::int64_t low, std::int64_t high, int count);

    std::uint64_t draws() const { return counter_; }

private:
    std::uint64_t key_;
    std::uint64_t counter_ = 0;
};

}  // namespace pajesim
