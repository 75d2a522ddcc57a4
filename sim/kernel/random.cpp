#include "sim/kernel/random.hpp"

#include "sim/kernel/assert.hpp"
#include "sim/kernel/int128.hpp"

namespace pajesim {
namespace {
constexpr std::uint64_t golden_gamma = 0x9e3779b97f4a7c15ULL;
}

RandomStream::RandomStream(std::uint64_t seed, std::uint32_t kind, std::uint64_t entity)
    : key_(mix64(mix64(mix64(seed) ^ (kind + 1) * golden_gamma) ^ mix64(entity + golden_gamma))) {}

RandomStream::RandomStream(std::uint64_t seed, StreamKind kind, std::uint64_t entity)
    : RandomStream(seed, static_cast<std::uint32_t>(kind), entity) {}

std::uint64_t RandomStream::next_u64() {
    ++counter_;
    return mix64(key_ + counter_ * golden_gamma);
}

std::uint64_t RandomStream::uniform_below(std::uint64_t bound) {
    PAJESIM_ASSERT(bound >= 1);
    UInt128 product = static_cast<UInt128>(next_u64()) * bound;
    auto low = static_cast<std::uint64_t>(product);
    if (low < bound) {
        const std::uint64_t threshold = (0 - bound) % bound;
        while (low < threshold) {
            product = static_cast<UInt128>(next_u64()) * bound;
            low = static_cast<std::uint64_t>(product);
        }
    }
    return static_cast<std::uint64_t>(product >> 64);
}

std::int64_t RandomStream::uniform_int(std::int64_t low, std::int64_t high) {
    PAJESIM_ASSERT(low <= high);
    const std::uint64_t span = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
    if (span == UINT64_MAX) return static_cast<std::int64_t>(next_u64());
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(low) + uniform_below(span + 1));
}

bool RandomStream::bernoulli(const Ratio& probability) {
    PAJESIM_ASSERT(probability.is_probability());
    if (probability.numerator() == 0) return false;
    if (probability.numerator() == probability.denominator()) return true;
    return uniform_below(static_cast<std::uint64_t>(probability.denominator())) <
           static_cast<std::uint64_t>(probability.numerator());
}

std::size_t RandomStream::weighted_choice(std::span<const std::uint32_t> weights) {
    std::uint64_t total = 0;
    for (const std::uint32_t weight : weights) total += weight;
    PAJESIM_ASSERT(total > 0);
    std::uint64_t draw = uniform_below(total);
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (draw < weights[i]) return i;
        draw -= weights[i];
    }
    PAJESIM_ASSERT(false);
    return 0;
}

std::int64_t RandomStream::bell_int(std::int64_t low, std::int64_t high, int count) {
    PAJESIM_ASSERT(count >= 1);
    PAJESIM_ASSERT(low <= high);
    const std::int64_t span = high - low;
    std::int64_t sum = 0;
    for (int i = 0; i < count; ++i) sum += uniform_int(0, span);
    return low + sum / count;
}

}  // namespace pajesim
