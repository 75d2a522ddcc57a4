#include "sim/kernel/business_days.hpp"

#include <algorithm>

namespace pajesim {

Date easter_sunday(int year) {
    // Anonymous Gregorian algorithm (Meeus/Jones/Butcher), valid for every Gregorian year.
    PAJESIM_ASSERT(year >= 1583);
    const int a = year % 19;
    const int b = year / 100;
    const int c = year % 100;
    const int d = b / 4;
    const int e = b % 4;
    const int f = (b + 8) / 25;
    const int g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4;
    const int k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31;
    const int day = (h + l - 7 * m + 114) % 31 + 1;
    return Date::from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

std::vector<Date> public_holidays(int year) {
    const Date easter = easter_sunday(year);
    std::vector<Date> holidays{
        Date::from_civil(year, 1, 1),   easter.plus_days(1),  Date::from_civil(year, 5, 1),
        Date::from_civil(year, 5, 8),   easter.plus_days(39), easter.plus_days(50),
        Date::from_civil(year, 7, 14),  Date::from_civil(year, 8, 15),
        Date::from_civil(year, 11, 1),  Date::from_civil(year, 11, 11),
        Date::from_civil(year, 12, 25),
    };
    std::sort(holidays.begin(), holidays.end());
    // Ascension can fall on 1 or 8 May (as in 2008): one day, one holiday.
    holidays.erase(std::unique(holidays.begin(), holidays.end()), holidays.end());
    return holidays;
}

bool is_public_holiday(Date date) {
    const unsigned month = date.month();
    const unsigned day = date.day();
    if ((month == 1 && day == 1) || (month == 5 && (day == 1 || day == 8)) ||
        (month == 7 && day == 14) || (month == 8 && day == 15) ||
        (month == 11 && (day == 1 || day == 11)) || (month == 12 && day == 25)) {
        return true;
    }
    // Easter Monday falls in March or April; Ascension and Whit Monday in April to June.
    if (month < 3 || month > 6) return false;
    // Runs ask about the same few years again and again: keep the last Easter computed.
    thread_local int cached_year = 0;
    thread_local Date cached_easter;
    const int year = date.year();
    if (year != cached_year) {
        cached_easter = easter_sunday(year);
        cached_year = year;
    }
    const std::int32_t offset = cached_easter.days_until(date);
    return offset == 1 || offset == 39 || offset == 50;
}

namespace {

// The business days of 1970 to 2199, computed once: runs ask about the same days millions of
// times, and for the n-th business day after a date. `before[i]`: business days among the
// table's first i days; `days[k]`: the table offset of its k-th business day.
struct BusinessDayTable {
    std::int32_t first = 0;  // day count of the table's first day
    std::vector<std::int32_t> before;
    std::vector<std::int32_t> days;

    BusinessDayTable() {
        const Date begin = Date::from_civil(calendar_first_year, 1, 1);
        const Date end = Date::from_civil(calendar_last_year + 1, 1, 1);
        first = begin.day_count();
        const auto size = static_cast<std::size_t>(begin.days_until(end));
        before.assign(size + 1, 0);
        for (std::size_t i = 0; i < size; ++i) {
            const Date day = begin.plus_days(static_cast<std::int32_t>(i));
            const bool business = day.iso_weekday() <= 5 && !is_public_holiday(day);
            before[i + 1] = before[i] + (business ? 1 : 0);
            if (business) days.push_back(static_cast<std::int32_t>(i));
        }
    }
    // The date's offset in the table, or -1 outside it.
    std::int64_t offset(Date date) const {
        const std::int64_t at = std::int64_t{date.day_count()} - first;
        return at >= 0 && at < static_cast<std::int64_t>(before.size()) - 1 ? at : -1;
    }
    Date date_at(std::int32_t offset) const { return Date::from_day_count(first + offset); }
};

const BusinessDayTable& table() {
    static const BusinessDayTable instance;
    return instance;
}

}  // namespace

bool is_business_day(Date date) {
    const BusinessDayTable& t = table();
    const std::int64_t at = t.offset(date);
    if (at >= 0) return t.before[static_cast<std::size_t>(at) + 1] != t.before[static_cast<std::size_t>(at)];
    return date.iso_weekday() <= 5 && !is_public_holiday(date);
}

Date next_business_day_on_or_after(Date date) {
    const BusinessDayTable& t = table();
    const std::int64_t at = t.offset(date);
    if (at >= 0) {
        // The first business day at or after the offset: the before[at]-th of the table.
        const auto k = static_cast<std::size_t>(t.before[static_cast<std::size_t>(at)]);
        if (k < t.days.size()) return t.date_at(t.days[k]);
    }
    while (!is_business_day(date)) date = date.plus_days(1);
    return date;
}

Date nth_business_day_after(Date date, std::int32_t n) {
    PAJESIM_ASSERT(n >= 1);
    const BusinessDayTable& t = table();
    const std::int64_t at = t.offset(date);
    if (at >= 0) {
        // Business days up to and including `date`, then n more.
        const auto k = static_cast<std::size_t>(t.before[static_cast<std::size_t>(at) + 1]) +
                       static_cast<std::size_t>(n) - 1;
        if (k < t.days.size()) return t.date_at(t.days[k]);
    }
    for (std::int32_t counted = 0; counted < n;) {
        date = date.plus_days(1);
        if (is_business_day(date)) ++counted;
    }
    return date;
}

}  // namespace pajesim
