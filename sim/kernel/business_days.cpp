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
    const std::int32_t offset = easter_sunday(date.year()).days_until(date);
    return offset == 1 || offset == 39 || offset == 50;
}

bool is_business_day(Date date) { return date.iso_weekday() <= 5 && !is_public_holiday(date); }

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
