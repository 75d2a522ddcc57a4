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

// Business days of 1970 to 2199, computed once: runs ask about the same days millions of times.
constexpr int table_first_year = 1970;
constexpr int table_last_year = 2199;

const std::vector<bool>& business_day_table(std::int32_t* first_day_count) {
    static const std::int32_t first = Date::from_civil(table_first_year, 1, 1).day_count();
    static const std::vector<bool> table = [] {
        const Date begin = Date::from_civil(table_first_year, 1, 1);
        const Date end = Date::from_civil(table_last_year + 1, 1, 1);
        std::vector<bool> days(static_cast<std::size_t>(begin.days_until(end)));
        for (Date day = begin; day < end; day = day.plus_days(1)) {
            days[static_cast<std::size_t>(begin.days_until(day))] =
                day.iso_weekday() <= 5 && !is_public_holiday(day);
        }
        return days;
    }();
    *first_day_count = first;
    return table;
}

}  // namespace

bool is_business_day(Date date) {
    std::int32_t first = 0;
    const std::vector<bool>& table = business_day_table(&first);
    const std::int32_t offset = date.day_count() - first;
    if (offset >= 0 && static_cast<std::size_t>(offset) < table.size()) {
        return table[static_cast<std::size_t>(offset)];
    }
    return date.iso_weekday() <= 5 && !is_public_holiday(date);
}

Date next_business_day_on_or_after(Date date) {
    while (!is_business_day(date)) date = date.plus_days(1);
    return date;
}

Date nth_business_day_after(Date date, std::int32_t n) {
    PAJESIM_ASSERT(n >= 1);
    for (std::int32_t counted = 0; counted < n;) {
        date = date.plus_days(1);
        if (is_business_day(date)) ++counted;
    }
    return date;
}

}  // namespace pajesim
