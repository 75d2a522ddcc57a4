#pragma once
// Money as a whole number of euro cents over int64_t. There is no constructor from a
// floating-point number; arithmetic is overflow-checked (PAJESIM_ASSERT); scaling by a rate
// goes through apply_rate with a named rounding, as the legal texts name theirs.

#include <climits>
#include <compare>
#include <cstdint>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/int128.hpp"
#include "sim/kernel/ratio.hpp"

namespace pajesim {

enum class Rounding {
    half_up,     // to the nearest cent, ties away from zero ("arrondi au centime le plus proche")
    toward_zero, // drop the fraction of a cent
    half_even,   // to the nearest cent, ties to the even cent
};

class Cents {
public:
    constexpr Cents() = default;
    template <typename Integer>
        requires std::is_integral_v<Integer> && (!std::is_same_v<Integer, bool>)
    constexpr explicit Cents(Integer value) : value_(static_cast<std::int64_t>(value)) {}
    template <typename Floating>
        requires std::is_floating_point_v<Floating>
    Cents(Floating) = delete;  // money never comes from a double

    static Cents from_euros(std::int64_t euros);
    // Exact decimal text: "471.17", "-3.5", "12"; at most 2 decimals, no sign '+', no
    // exponent, no spaces; nullopt otherwise (also beyond +-max_parsed, 90 000 billion euros).
    static std::optional<Cents> parse(std::string_view text);
    // The largest magnitude parse() accepts: well inside int64_t, so that sums of a few
    // bounded amounts never overflow silently.
    static constexpr std::int64_t max_parsed_cents = 9'000'000'000'000'000;

    constexpr std::int64_t value() const { return value_; }
    // "471.17", "-0.05", "12.00": always two decimals.
    std::string to_string() const;

    // Inline: sums run hundreds of millions of times in a national run.
    Cents operator+(Cents other) const {
        std::int64_t result = 0;
        PAJESIM_ASSERT(!__builtin_add_overflow(value_, other.value_, &result));
        return Cents{result};
    }
    Cents operator-(Cents other) const {
        std::int64_t result = 0;
        PAJESIM_ASSERT(!__builtin_sub_overflow(value_, other.value_, &result));
        return Cents{result};
    }
    Cents operator-() const {
        PAJESIM_ASSERT(value_ != INT64_MIN);
        return Cents{-value_};
    }
    Cents& operator+=(Cents other) { return *this = *this + other; }
    Cents& operator-=(Cents other) { return *this = *this - other; }
    Cents times(std::int64_t count) const;

    friend constexpr bool operator==(Cents, Cents) = default;
    friend constexpr auto operator<=>(Cents, Cents) = default;

private:
    std::int64_t value_ = 0;
};

// numerator / denominator rounded by `rounding` (denominator > 0).
std::int64_t divide_rounded(Int128 numerator, Int128 denominator, Rounding rounding);

namespace detail {

// divide_rounded in 64 bits, for the common case where the operands fit (numerator > INT64_MIN,
// denominator > 0): the same results (cents_test compares both sides of the boundary with the
// definitions).
inline std::int64_t divide_rounded_64(std::int64_t numerator, std::int64_t denominator, Rounding rounding) {
    const bool negative = numerator < 0;
    const std::int64_t magnitude = negative ? -numerator : numerator;
    std::int64_t quotient = magnitude / denominator;
    const std::int64_t remainder = magnitude % denominator;
    switch (rounding) {
        case Rounding::toward_zero:
            break;
        case Rounding::half_up:
            if (remainder >= denominator - remainder) ++quotient;
            break;
        case Rounding::half_even:
            if (remainder > denominator - remainder || (remainder == denominator - remainder && quotient % 2 == 1)) {
                ++quotient;
            }
            break;
    }
    return negative ? -quotient : quotient;
}

Cents apply_rate_wide(Cents base, const Ratio& rate, Rounding rounding);

}  // namespace detail

// base x rate, rounded to the cent by `rounding`. Exact: in 64-bit integers when the product
// fits (inline: the law computes millions), else in 128-bit ones.
inline Cents apply_rate(Cents base, const Ratio& rate, Rounding rounding) {
    std::int64_t product = 0;
    if (!__builtin_mul_overflow(base.value(), rate.numerator(), &product) && product != INT64_MIN) {
        return Cents{detail::divide_rounded_64(product, rate.denominator(), rounding)};
    }
    return detail::apply_rate_wide(base, rate, rounding);
}

inline Cents min(Cents left, Cents right) { return left < right ? left : right; }
inline Cents max(Cents left, Cents right) { return left < right ? right : left; }
// An amount of one family's month in 32 bits, as the banks' orders carry it: asserted to fit.
inline std::int32_t narrow(Cents amount) {
    PAJESIM_ASSERT(amount.value() >= INT32_MIN && amount.value() <= INT32_MAX);
    return static_cast<std::int32_t>(amount.value());
}

std::ostream& operator<<(std::ostream& out, Cents amount);

}  // namespace pajesim
