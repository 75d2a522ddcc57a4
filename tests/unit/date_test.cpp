#include <boost/test/unit_test.hpp>

#include "sim/kernel/date.hpp"

using pajesim::Date;
using pajesim::DateRange;
using pajesim::YearMonth;

BOOST_AUTO_TEST_CASE(parses_and_prints_iso_dates) {
    const auto date = Date::parse("2019-05-25");
    BOOST_REQUIRE(date.has_value());
    BOOST_TEST(date->year() == 2019);
    BOOST_TEST(date->month() == 5u);
    BOOST_TEST(date->day() == 25u);
    BOOST_TEST(date->to_string() == "2019-05-25");
}

BOOST_AUTO_TEST_CASE(rejects_impossible_or_malformed_dates) {
    for (const char* text : {"2019-02-29", "2019-13-01", "2019-00-10", "2019-04-31", "2019-5-25",
                             "2019/05/25", "2019-05-25 ", "", "20190525", "2019-05-2x"}) {
        BOOST_TEST(!Date::parse(text).has_value(), text);
    }
    BOOST_TEST(Date::parse("2020-02-29").has_value());
}

BOOST_AUTO_TEST_CASE(weekdays_are_iso) {
    // 25 May 2019 was a Saturday; 1 January 2018 a Monday.
    BOOST_TEST(Date::from_civil(2019, 5, 25).iso_weekday() == 6u);
    BOOST_TEST(Date::from_civil(2018, 1, 1).iso_weekday() == 1u);
    BOOST_TEST(Date::from_civil(2020, 2, 29).iso_weekday() == 6u);
}

BOOST_AUTO_TEST_CASE(month_lengths_follow_the_calendar) {
    BOOST_TEST(YearMonth::from_civil(2019, 2).day_count() == 28u);
    BOOST_TEST(YearMonth::from_civil(2020, 2).day_count() == 29u);
    BOOST_TEST(YearMonth::from_civil(2100, 2).day_count() == 28u);  // not a leap year
    BOOST_TEST(YearMonth::from_civil(2000, 2).day_count() == 29u);  // a leap year
    BOOST_TEST(YearMonth::from_civil(2019, 4).day_count() == 30u);
    BOOST_TEST(YearMonth::from_civil(2019, 12).day_count() == 31u);
    BOOST_TEST(YearMonth::from_civil(2019, 12).last_day() == Date::from_civil(2019, 12, 31));
}

BOOST_AUTO_TEST_CASE(month_arithmetic_crosses_years) {
    const YearMonth november = YearMonth::from_civil(2019, 11);
    BOOST_TEST(november.plus_months(2) == YearMonth::from_civil(2020, 1));
    BOOST_TEST(november.plus_months(-11) == YearMonth::from_civil(2018, 12));
    BOOST_TEST(november.plus_months(-23) == YearMonth::from_civil(2017, 12));
    BOOST_TEST(YearMonth::from_civil(2019, 1).months_until(YearMonth::from_civil(2020, 12)) == 23);
}

BOOST_AUTO_TEST_CASE(day_clamped_handles_month_ends) {
    BOOST_TEST(YearMonth::from_civil(2019, 2).day_clamped(31) == Date::from_civil(2019, 2, 28));
    BOOST_TEST(YearMonth::from_civil(2020, 2).day_clamped(30) == Date::from_civil(2020, 2, 29));
    BOOST_TEST(YearMonth::from_civil(2019, 4).day_clamped(31) == Date::from_civil(2019, 4, 30));
    BOOST_TEST(YearMonth::from_civil(2019, 5).day_clamped(31) == Date::from_civil(2019, 5, 31));
}

BOOST_AUTO_TEST_CASE(year_month_parsing_is_strict) {
    BOOST_TEST(YearMonth::parse("2019-06").value() == YearMonth::from_civil(2019, 6));
    for (const char* text : {"2019-13", "2019-00", "2019-6", "2019-06-01", "19-06", ""}) {
        BOOST_TEST(!YearMonth::parse(text).has_value(), text);
    }
    BOOST_TEST(YearMonth::from_civil(2019, 6).to_string() == "2019-06");
}

BOOST_AUTO_TEST_CASE(leap_day_anniversaries_fall_on_first_of_march) {
    const Date leap_day = Date::from_civil(2016, 2, 29);
    BOOST_TEST(leap_day.plus_years(3) == Date::from_civil(2019, 3, 1));
    BOOST_TEST(leap_day.plus_years(4) == Date::from_civil(2020, 2, 29));
    BOOST_TEST(Date::from_civil(2016, 3, 2).plus_years(3) == Date::from_civil(2019, 3, 2));
}

BOOST_AUTO_TEST_CASE(ranges_are_half_open) {
    const DateRange june = DateRange::of_month(YearMonth::from_civil(2019, 6));
    BOOST_TEST(june.day_count() == 30);
    BOOST_TEST(june.contains(Date::from_civil(2019, 6, 1)));
    BOOST_TEST(june.contains(Date::from_civil(2019, 6, 30)));
    BOOST_TEST(!june.contains(Date::from_civil(2019, 7, 1)));
    BOOST_TEST(!june.contains(Date::from_civil(2019, 5, 31)));
    const DateRange july = DateRange::of_month(YearMonth::from_civil(2019, 7));
    BOOST_TEST(!june.overlaps(july));  // adjacent ranges do not overlap
    const DateRange freeze{Date::from_civil(2019, 5, 4), Date::from_civil(2019, 5, 25)};
    BOOST_TEST(freeze.day_count() == 21);  // three weeks
    BOOST_TEST(freeze.to_string() == "[2019-05-04, 2019-05-25)");
}

// The calendar arithmetic is hand-written integer code (it is on every event's path): every day
// of eight centuries, leap years of every kind included, agrees with std::chrono's calendar.
BOOST_AUTO_TEST_CASE(civil_arithmetic_agrees_with_std_chrono_over_eight_centuries) {
    namespace chr = std::chrono;
    const chr::sys_days begin{chr::year_month_day{chr::year{1600}, chr::January, chr::day{1}}};
    const chr::sys_days end{chr::year_month_day{chr::year{2401}, chr::January, chr::day{1}}};
    std::size_t wrong = 0;
    for (chr::sys_days day = begin; day < end; day += chr::days{1}) {
        const chr::year_month_day ymd{day};
        const int y = static_cast<int>(ymd.year());
        const auto m = static_cast<unsigned>(ymd.month());
        const auto d = static_cast<unsigned>(ymd.day());
        const Date date{day};
        if (Date::from_civil(y, m, d) != date || date.year() != y || date.month() != m || date.day() != d ||
            date.year_month() != YearMonth::from_civil(y, m) ||
            date.iso_weekday() != chr::weekday{day}.iso_encoding()) {
            if (++wrong <= 5) BOOST_ERROR("day " << date.day_count() << " (" << y << "-" << m << "-" << d << ")");
        }
        if (d == 1) {
            const YearMonth month = YearMonth::from_civil(y, m);
            const chr::sys_days next{chr::year_month_day{ymd.year() / ymd.month() / 1} + chr::months{1}};
            const auto length = static_cast<unsigned>((next - day).count());
            BOOST_TEST(month.first_day() == date);
            BOOST_TEST(month.day_count() == length);
            BOOST_TEST(month.last_day() == Date{next - chr::days{1}});
            BOOST_TEST(month.day_clamped(31) == Date{next - chr::days{1}});
            BOOST_TEST(month.day_clamped(15) == Date{day + chr::days{14}});
        }
    }
    BOOST_TEST(wrong == 0u);
}
