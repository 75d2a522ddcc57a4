#include "sim/kernel/ratio.hpp"

#include <numeric>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/int128.hpp"

namespace pajesim {

Ratio::Ratio(std::int64_t numerator, std::int64_t denominator) {
    PAJESIM_ASSERT(denominator != 0);
    if (denominator < 0) {
        PAJESIM_ASSERT(numerator != INT64_MIN && denominator != INT64_MIN);
        numerator = -numerator;
        denominator = -denominator;
    }
    const std::int64_t divisor = std::gcd(numerator, denominator);
    numerator_ = numerator / divisor;
    denominator_ = denominator / divisor;
}

std::optional<Ratio> Ratio::parse_decimal(std::string_view text) {
    bool negative = false;
    if (!text.empty() && text.front() == '-') {
        negative = true;
        text.remove_prefix(1);
    }
    if (text.empty()) return std::nullopt;
    std::int64_t numerator = 0;
    std::int64_t denominator = 1;
    bool seen_point = false;
    int integer_digits = 0;
    int decimals = 0;
    for (const char c : text) {
        if (c == '.') {
            if (seen_point || integer_digits == 0) return std::nullopt;
            seen_point = true;
            continue;
        }
        if (c < '0' || c > '9') return std::nullopt;
        if (seen_point) {
            if (++decimals > 12) return std::nullopt;
            denominator *= 10;
        } else if (++integer_digits > 6) {
            return std::nullopt;
        }
        numerator = numerator * 10 + (c - '0');
    }
    if (seen_point && decimals == 0) return std::nullopt;
    return Ratio{negative ? -numerator : numerator, denominator};
}

Ratio Ratio::operator*(const Ratio& other) const {
    const Int128 numerator = static_cast<Int128>(numerator_) * other.numerator_;
    const Int128 denominator = static_cast<Int128>(denominator_) * other.denominator_;
    const Int128 divisor = gcd128(numerator < 0 ? -numerator : numerator, denominator);
    const Int128 reduced_numerator = numerator / divisor;
    const Int128 reduced_denominator = denominator / divisor;
    PAJESIM_ASSERT(reduced_numerator <= INT64_MAX && reduced_numerator >= -INT64_MAX);
    PAJESIM_ASSERT(reduced_denominator <= INT64_MAX);
    return Ratio{static_cast<std::int64_t>(reduced_numerator),
                 static_cast<std::int64_t>(reduced_denominator)};
}

std::strong_ordering operator<=>(const Ratio& left, const Ratio& right) {
    const Int128 a = static_cast<Int128>(left.numerator_) * right.denominator_;
    const Int128 b = static_cast<Int128>(right.numerator_) * left.denominator_;
    return a <=> b;
}

std::string Ratio::to_decimal_string(int min_decimals) const {
    std::string text;
    const bool negative = numerator_ < 0;
    UInt128 remainder = static_cast<UInt128>(negative ? -static_cast<Int128>(numerator_) : numerator_);
    const UInt128 denominator = static_cast<UInt128>(denominator_);
    text = std::to_string(static_cast<unsigned long long>(remainder / denominator));
    remainder %= denominator;
    std::string decimals;
    while ((remainder != 0 || static_cast<int>(decimals.size()) < min_decimals) &&
           decimals.size() < 12) {
        remainder *= 10;
        decimals.push_back(static_cast<char>('0' + static_cast<int>(remainder / denominator)));
        remainder %= denominator;
    }
    if (!decimals.empty()) text += "." + decimals;
    return negative ? "-" + text : text;
}

std::ostream& operator<<(std::ostream& out, const Ratio& ratio) {
    return out << ratio.numerator() << "/" << ratio.denominator();
}

}  // namespace pajesim
