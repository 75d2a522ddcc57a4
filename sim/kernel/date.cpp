#include "sim/kernel/date.hpp"

#include <array>
#include <cstddef>
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

bool is_leap(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

unsigned days_in_month(int year, unsigned month) {
    static constexpr unsigned lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : lengths[month - 1];
}

// Days from 1970-01-01 to a proleptic Gregorian date, and back, in integer arithmetic (the
// calendar of std::chrono::sys_days; years counted from 1 March so that the leap day is the
// last of its year, in 400-year eras of 146 097 days). A run asks for these millions of times.
constexpr std::int32_t days_from_civil(int year, unsigned month, unsigned day) {
    const int y = year - (month <= 2 ? 1 : 0);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const auto year_of_era = static_cast<unsigned>(y - era * 400);                 // [0, 399]
    const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;  // [0, 365]
    const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + static_cast<std::int32_t>(day_of_era) - 719468;
}

// The first day of each month of the tabled years and of the month after them, as day counts:
// a month's first day and length are a lookup on every event's path (outside these years they
// are computed).
constexpr std::int32_t tabled_first_month = calendar_first_year * 12;
constexpr std::size_t tabled_months = static_cast<std::size_t>(calendar_last_year - calendar_first_year + 1) * 12 + 1;
constexpr std::array<std::int32_t, tabled_months> month_starts = [] {
    std::array<std::int32_t, tabled_months> starts{};
    for (std::size_t i = 0; i < tabled_months; ++i) {
        const auto index = tabled_first_month + static_cast<std::int32_t>(i);
        starts[i] = days_from_civil(index / 12, static_cast<unsigned>(index % 12) + 1, 1);
    }
    return starts;
}();

struct Civil {
    int year;
    unsigned month;
    unsigned day;
};

Civil civil_from_days(std::int32_t days) {
    const std::int32_t z = days + 719468;
    const std::int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto day_of_era = static_cast<unsigned>(z - era * 146097);  // [0, 146096]
    const unsigned year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;  // [0, 399]
    const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const unsigned shifted_month = (5 * day_of_year + 2) / 153;  // [0, 11], March first
    const unsigned day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    const unsigned month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
    const int year = static_cast<int>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
    return Civil{year, month, day};
}

}  // namespace

Date Date::from_civil(int year, unsigned month, unsigned day) {
    PAJESIM_ASSERT(month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month));
    return from_day_count(days_from_civil(year, month, day));
}

std::optional<Date> Date::parse(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const auto year = read_digits(text, 0, 4);
    const auto month = read_digits(text, 5, 2);
    const auto day = read_digits(text, 8, 2);
    if (!year || !month || !day) return std::nullopt;
    if (*month < 1 || *month > 12 || *day < 1 ||
        static_cast<unsigned>(*day) > days_in_month(*year, static_cast<unsigned>(*month))) {
        return std::nullopt;
    }
    return from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
}

int Date::year() const { return civil_from_days(day_count()).year; }
unsigned Date::month() const { return civil_from_days(day_count()).month; }
unsigned Date::day() const { return civil_from_days(day_count()).day; }

YearMonth Date::year_month() const {
    const Civil civil = civil_from_days(day_count());
    return YearMonth::from_civil(civil.year, civil.month);
}

unsigned Date::iso_weekday() const {
    // 1970-01-01 was a Thursday (4).
    const std::int32_t shifted = (day_count() + 3) % 7;
    return static_cast<unsigned>(shifted < 0 ? shifted + 7 : shifted) + 1;
}

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

Date YearMonth::first_day() const {
    const auto at = static_cast<std::size_t>(index_ - tabled_first_month);  // wraps below the table
    if (at < tabled_months) return Date::from_day_count(month_starts[at]);
    return Date::from_day_count(days_from_civil(year(), month(), 1));
}

Date YearMonth::last_day() const { return first_day().plus_days(static_cast<std::int32_t>(day_count()) - 1); }

unsigned YearMonth::day_count() const {
    const auto at = static_cast<std::size_t>(index_ - tabled_first_month);
    if (at < tabled_months - 1) return static_cast<unsigned>(month_starts[at + 1] - month_starts[at]);
    return days_in_month(year(), month());
}

Date YearMonth::day_clamped(unsigned day) const {
    PAJESIM_ASSERT(day >= 1);
    const unsigned last = day_count();
    return first_day().plus_days(static_cast<std::int32_t>(day < last ? day : last) - 1);
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
