#pragma once
// An exact rational number for rates and probabilities: numerator / denominator, with a
// positive denominator, kept in lowest terms so that equal ratios compare equal.

#include <compare>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace pajesim {

class Ratio {
public:
    constexpr Ratio() = default;
    Ratio(std::int64_t numerator, std::int64_t denominator);
    static constexpr Ratio zero() { return Ratio{}; }
    static constexpr Ratio one() {
        Ratio result;
        result.numerator_ = 1;
        return result;
    }
    // Exact decimal text: "0.7191", "1.3", "0", "-0.5"; at most 12 decimals; nullopt otherwise.
    static std::optional<Ratio> parse_decimal(std::string_view text);

    constexpr std::int64_t numerator() const { return numerator_; }
    constexpr std::int64_t denominator() const { return denominator_; }
    bool is_probability() const { return numerator_ >= 0 && numerator_ <= denominator_; }

    Ratio operator*(const Ratio& other) const;

    // Decimal text with at least `min_decimals` decimals, exact when the ratio has a finite
    // decimal expansion (every ratio parsed from text does); else rounded at 12 decimals.
    std::string to_decimal_string(int min_decimals = 0) const;

    friend bool operator==(const Ratio&, const Ratio&) = default;
    friend std::strong_ordering operator<=>(const Ratio& left, const Ratio& right);

private:
    std::int64_t numerator_ = 0;
    std::int64_t denominator_ = 1;
};

std::ostream& operator<<(std::ostream& out, const Ratio& ratio);

}  // namespace pajesim
