#pragma once
// Civil dates, year-months and half-open date ranges over the std::chrono calendar.
// A Date is a day count since 1970-01-01 in 32 bits (std::chrono::sys_days counts in 64, and
// records hold many dates); a YearMonth is a month count. Both are regular value types, totally
// ordered, printable as ISO 8601 ("2019-05-25", "2019-05").

#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "sim/kernel/assert.hpp"

namespace pajesim {

class YearMonth;

// The years whose business days and public holidays pajesim tables; an input date outside
// them is refused where it is read (JsonValue::as_date, as_year_month).
inline constexpr int calendar_first_year = 1970;
inline constexpr int calendar_last_year = 2199;

class Date {
public:
    constexpr Date() = default;
    // Calendar dates only: every date pajesim reads is within calendar_first_year and
    // calendar_last_year, and its arithmetic stays within a run, far inside 32 bits.
    constexpr explicit Date(std::chrono::sys_days days)
        : count_(static_cast<std::int32_t>(days.time_since_epoch().count())) {}
    // The day `count` days after 1970-01-01 (the inverse of day_count()).
    static constexpr Date from_day_count(std::int32_t count) {
        Date date;
        date.count_ = count;
        return date;
    }
    // Asserts that the three numbers form a real calendar date.
    static Date from_civil(int year, unsigned month, unsigned day);
    // Parses "YYYY-MM-DD" exactly; nullopt for anything else, including 2019-02-29.
    static std::optional<Date> parse(std::string_view text);

    constexpr std::chrono::sys_days sys_days() const { return std::chrono::sys_days{std::chrono::days{count_}}; }
    constexpr std::int32_t day_count() const { return count_; }
    std::chrono::year_month_day civil() const { return std::chrono::year_month_day{sys_days()}; }
    int year() const;
    unsigned month() const;
    unsigned day() const;
    YearMonth year_month() const;
    // Monday = 1 ... Sunday = 7 (ISO 8601).
    unsigned iso_weekday() const;

    constexpr Date plus_days(std::int32_t days) const { return from_day_count(count_ + days); }
    constexpr std::int32_t days_until(Date later) const {
        return later.day_count() - day_count();
    }
    // The same day `years` later; 29 February becomes 1 March in a common year (the day after
    // 28 February is the first day on which the anniversary has passed).
    Date plus_years(int years) const;

    std::string to_string() const;

    friend constexpr bool operator==(Date, Date) = default;
    friend constexpr auto operator<=>(Date, Date) = default;

private:
    std::int32_t count_ = 0;
};
static_assert(sizeof(Date) == 4);

class YearMonth {
public:
    constexpr YearMonth() = default;
    static YearMonth from_civil(int year, unsigned month);
    // Parses "YYYY-MM" exactly; nullopt for anything else (month 13, missing zero, ...).
    static std::optional<YearMonth> parse(std::string_view text);

    constexpr int year() const { return floor_div(index_, 12); }
    constexpr unsigned month() const {
        return static_cast<unsigned>(index_ - floor_div(index_, 12) * 12 + 1);
    }
    Date first_day() const;
    Date last_day() const;
    unsigned day_count() const;
    // The day `day` of this month, clamped to the month's last day (31 -> 30, 28 or 29).
    Date day_clamped(unsigned day) const;

    constexpr YearMonth plus_months(std::int32_t months) const {
        return from_index(index_ + months);
    }
    constexpr std::int32_t months_until(YearMonth later) const { return later.index_ - index_; }
    constexpr std::int32_t index() const { return index_; }
    static constexpr YearMonth from_index(std::int32_t index) {
        YearMonth result;
        result.index_ = index;
        return result;
    }

    std::string to_string() const;

    friend constexpr bool operator==(YearMonth, YearMonth) = default;
    friend constexpr auto operator<=>(YearMonth, YearMonth) = default;

private:
    static constexpr int floor_div(std::int32_t value, std::int32_t divisor) {
        return value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor);
    }
    std::int32_t index_ = 0;  // year * 12 + (month - 1)
};

// [begin, end): contains begin, excludes end. An empty range has begin == end.
class DateRange {
public:
    constexpr DateRange() = default;
    DateRange(Date begin, Date end) : begin_(begin), end_(end) { PAJESIM_ASSERT(begin <= end); }
    static DateRange of_month(YearMonth month);

    constexpr Date begin() const { return begin_; }
    constexpr Date end() const { return end_; }
    constexpr bool empty() const { return begin_ == end_; }
    constexpr std::int32_t day_count() const { return begin_.days_until(end_); }
    constexpr bool contains(Date date) const { return begin_ <= date && date < end_; }
    constexpr bool overlaps(const DateRange& other) const {
        return begin_ < other.end_ && other.begin_ < end_;
    }

    std::string to_string() const;

    friend constexpr bool operator==(const DateRange&, const DateRange&) = default;

private:
    Date begin_{};
    Date end_{};
};

std::ostream& operator<<(std::ostream& out, Date date);
std::ostream& operator<<(std::ostream& out, YearMonth month);
std::ostream& operator<<(std::ostream& out, const DateRange& range);

}  // namespace pajesim
