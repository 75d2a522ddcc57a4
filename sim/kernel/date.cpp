#include "sim/kernel/date.hpp"

#include <cstdio>

namespace pajesim {
namespace {

// Reads exactly `width` decimal digits at `text[position]`; nullopt otherwise.
std::optional<int> read_digits(std::string_view text, std::size_t position, std::size_t width) {
    if (position + width > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = 0; i < width; ++i) {
        const char c = text[position + i];
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

}  // namespace

Date Date::from_civil(int year, unsigned month, unsigned day) {
    const std::chrono::year_month_day civil{std::chrono::year{year}, std::chrono::month{month},
                                            std::chrono::day{day}};
    PAJESIM_ASSERT(civil.ok());
    return Date{std::chrono::sys_days{civil}};
}

std::optional<Date> Date::parse(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const auto year = read_digits(text, 0, 4);
    const auto month = read_digits(text, 5, 2);
    const auto day = read_digits(text, 8, 2);
    if (!year || !month || !day) return std::nullopt;
    const std::chrono::year_month_day civil{std::chrono::year{*year},
                                            std::chrono::month{static_cast<unsigned>(*month)},
                                            std::chrono::day{static_cast<unsigned>(*day)}};
    if (!civil.ok()) return std::nullopt;
    return Date{std::chrono::sys_days{civil}};
}

int Date::year() const { return static_cast<int>(civil().year()); }
unsigned Date::month() const { return static_cast<unsigned>(civil().month()); }
unsigned Date::day() const { return static_cast<unsigned>(civil().day()); }

YearMonth Date::year_month() const {
    const auto ymd = civil();
    return YearMonth::from_civil(static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()));
}

unsigned Date::iso_weekday() const { return std::chrono::weekday{days_}.iso_encoding(); }

Date Date::plus_years(int years) const {
    const auto ymd = civil();
    const auto moved = ymd + std::chrono::years{years};
    if (moved.ok()) return Date{std::chrono::sys_days{moved}};
    // Only 29 February in a common year lands here: the anniversary is passed on 1 March.
    PAJESIM_ASSERT(static_cast<unsigned>(ymd.month()) == 2 && static_cast<unsigned>(ymd.day()) == 29);
    return Date::from_civil(static_cast<int>(moved.year()), 3, 1);
}

std::string Date::to_string() const {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", year(), month(), day());
    return buffer;
}

YearMonth YearMonth::from_civil(int year, unsigned month) {
    PAJESIM_ASSERT(month >= 1 && month <= 12);
    return from_index(year * 12 + static_cast<std::int32_t>(month) - 1);
}

std::optional<YearMonth> YearMonth::parse(std::string_view text) {
    if (text.size() != 7 || text[4] != '-') return std::nullopt;
    const auto year = read_digits(text, 0, 4);
    const auto month = read_digits(text, 5, 2);
    if (!year || !month || *month < 1 || *month > 12) return std::nullopt;
    return from_civil(*year, static_cast<unsigned>(*month));
}

Date YearMonth::first_day() const { return Date::from_civil(year(), month(), 1); }

Date YearMonth::last_day() const { return plus_months(1).first_day().plus_days(-1); }

unsigned YearMonth::day_count() const {
    return static_cast<unsigned>(first_day().days_until(plus_months(1).first_day()));
}

Date YearMonth::day_clamped(unsigned day) const {
    PAJESIM_ASSERT(day >= 1);
    const unsigned last = day_count();
    return Date::from_civil(year(), month(), day < last ? day : last);
}

std::string YearMonth::to_string() const {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u", year(), month());
    return buffer;
}

DateRange DateRange::of_month(YearMonth month) {
    return DateRange{month.first_day(), month.plus_months(1).first_day()};
}

std::string DateRange::to_string() const {
    return "[" + begin_.to_string() + ", " + end_.to_string() + ")";
}

std::ostream& operator<<(std::ostream& out, Date date) { return out << date.to_string(); }
std::ostream& operator<<(std::ostream& out, YearMonth month) { return out << month.to_string(); }
std::ostream& operator<<(std::ostream& out, const DateRange& range) {
    return out << range.to_string();
}

}  // namespace pajesim
