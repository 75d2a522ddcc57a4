#include "sim/kernel/cents.hpp"

namespace pajesim {
namespace {
constexpr std::int64_t parse_limit_cents = Cents::max_parsed_cents;
}  // namespace

Cents Cents::from_euros(std::int64_t euros) {
    std::int64_t result = 0;
    PAJESIM_ASSERT(!__builtin_mul_overflow(euros, std::int64_t{100}, &result));
    return Cents{result};
}

std::optional<Cents> Cents::parse(std::string_view text) {
    bool negative = false;
    if (!text.empty() && text.front() == '-') {
        negative = true;
        text.remove_prefix(1);
    }
    if (text.empty()) return std::nullopt;
    std::int64_t units = 0;
    int integer_digits = 0;
    int decimals = -1;  // -1: no point seen yet
    for (const char c : text) {
        if (c == '.') {
            if (decimals >= 0 || integer_digits == 0) return std::nullopt;
            decimals = 0;
            continue;
        }
        if (c < '0' || c > '9') return std::nullopt;
        if (decimals >= 0) {
            if (++decimals > 2) return std::nullopt;
        } else if (++integer_digits > 17) {
            return std::nullopt;
        }
        // Beyond the limit, stop before the next digit could overflow.
        if (units > parse_limit_cents / 10) return std::nullopt;
        units = units * 10 + (c - '0');
    }
    if (decimals == 0) return std::nullopt;  // "12." is not an amount
    const int missing_decimals = decimals < 0 ? 2 : 2 - decimals;
    for (int i = 0; i < missing_decimals; ++i) {
        if (units > parse_limit_cents / 10) return std::nullopt;
        units *= 10;
    }
    if (units > parse_limit_cents) return std::nullopt;
    return Cents{negative ? -units : units};
}

std::string Cents::to_string() const {
    const bool negative = value_ < 0;
    const unsigned long long magnitude =
        negative ? 0ULL - static_cast<unsigned long long>(value_)
                 : static_cast<unsigned long long>(value_);
    std::string text = std::to_string(magnitude / 100);
    const unsigned long long fraction = magnitude % 100;
    text += '.';
    text += static_cast<char>('0' + fraction / 10);
    text += static_cast<char>('0' + fraction % 10);
    return negative ? "-" + text : text;
}

Cents Cents::times(std::int64_t count) const {
    std::int64_t result = 0;
    PAJESIM_ASSERT(!__builtin_mul_overflow(value_, count, &result));
    return Cents{result};
}

std::int64_t divide_rounded(Int128 numerator, Int128 denominator, Rounding rounding) {
    PAJESIM_ASSERT(denominator > 0);
    if (numerator > INT64_MIN && numerator <= INT64_MAX && denominator <= INT64_MAX) {
        return detail::divide_rounded_64(static_cast<std::int64_t>(numerator), static_cast<std::int64_t>(denominator),
                                         rounding);
    }
    const bool negative = numerator < 0;
    const Int128 magnitude = negative ? -numerator : numerator;
    Int128 quotient = magnitude / denominator;
    const Int128 remainder = magnitude % denominator;
    switch (rounding) {
        case Rounding::toward_zero:
            break;
        case Rounding::half_up:
            if (remainder * 2 >= denominator) ++quotient;
            break;
        case Rounding::half_even:
            if (remainder * 2 > denominator || (remainder * 2 == denominator && quotient % 2 == 1)) {
                ++quotient;
            }
            break;
    }
    const Int128 result = negative ? -quotient : quotient;
    PAJESIM_ASSERT(result <= INT64_MAX && result >= INT64_MIN);
    return static_cast<std::int64_t>(result);
}

Cents detail::apply_rate_wide(Cents base, const Ratio& rate, Rounding rounding) {
    const Int128 numerator = static_cast<Int128>(base.value()) * rate.numerator();
    return Cents{divide_rounded(numerator, rate.denominator(), rounding)};
}

std::ostream& operator<<(std::ostream& out, Cents amount) { return out << amount.to_string(); }

}  // namespace pajesim
