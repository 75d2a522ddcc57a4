#include <boost/test/unit_test.hpp>

#include <vector>

#include "sim/kernel/business_days.hpp"

using pajesim::Date;

namespace {
Date d(int year, unsigned month, unsigned day) { return Date::from_civil(year, month, day); }
}  // namespace

BOOST_AUTO_TEST_CASE(easter_sundays_match_the_published_dates) {
    BOOST_TEST(pajesim::easter_sunday(2019) == d(2019, 4, 21));
    BOOST_TEST(pajesim::easter_sunday(2020) == d(2020, 4, 12));
    BOOST_TEST(pajesim::easter_sunday(2021) == d(2021, 4, 4));
    BOOST_TEST(pajesim::easter_sunday(2008) == d(2008, 3, 23));
    BOOST_TEST(pajesim::easter_sunday(2038) == d(2038, 4, 25));  // latest possible date
}

BOOST_AUTO_TEST_CASE(french_public_holidays_2019) {
    const std::vector<Date> expected{d(2019, 1, 1),  d(2019, 4, 22),  d(2019, 5, 1),
                                     d(2019, 5, 8),  d(2019, 5, 30),  d(2019, 6, 10),
                                     d(2019, 7, 14), d(2019, 8, 15),  d(2019, 11, 1),
                                     d(2019, 11, 11), d(2019, 12, 25)};
    BOOST_TEST(pajesim::public_holidays(2019) == expected, boost::test_tools::per_element());
    for (const Date holiday : expected) BOOST_TEST(pajesim::is_public_holiday(holiday));
    // Every other day of 2019 is not a holiday.
    int count = 0;
    for (Date day = d(2019, 1, 1); day < d(2020, 1, 1); day = day.plus_days(1)) {
        count += pajesim::is_public_holiday(day) ? 1 : 0;
    }
    BOOST_TEST(count == 11);
}

BOOST_AUTO_TEST_CASE(french_public_holidays_2020) {
    // Easter 12 April 2020: Monday 13 April, Ascension 21 May, Whit Monday 1 June.
    const std::vector<Date> expected{d(2020, 1, 1),  d(2020, 4, 13),  d(2020, 5, 1),
                                     d(2020, 5, 8),  d(2020, 5, 21),  d(2020, 6, 1),
                                     d(2020, 7, 14), d(2020, 8, 15),  d(2020, 11, 1),
                                     d(2020, 11, 11), d(2020, 12, 25)};
    BOOST_TEST(pajesim::public_holidays(2020) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(ascension_on_first_of_may_counts_once) {
    // Easter 23 March 2008: Ascension fell on 1 May 2008.
    BOOST_TEST(pajesim::public_holidays(2008).size() == 10u);
}

BOOST_AUTO_TEST_CASE(weekends_and_holidays_are_not_business_days) {
    BOOST_TEST(!pajesim::is_business_day(d(2019, 5, 25)));  // Saturday
    BOOST_TEST(!pajesim::is_business_day(d(2019, 5, 26)));  // Sunday
    BOOST_TEST(!pajesim::is_business_day(d(2019, 5, 30)));  // Ascension, a Thursday
    BOOST_TEST(pajesim::is_business_day(d(2019, 5, 29)));   // Wednesday
    BOOST_TEST(pajesim::is_business_day(d(2019, 5, 31)));   // Friday after Ascension
}

BOOST_AUTO_TEST_CASE(next_business_day_on_or_after) {
    BOOST_TEST(pajesim::next_business_day_on_or_after(d(2019, 5, 29)) == d(2019, 5, 29));
    BOOST_TEST(pajesim::next_business_day_on_or_after(d(2019, 5, 25)) == d(2019, 5, 27));
    // Sunday 14 July 2019 then Monday 15 July, a business day.
    BOOST_TEST(pajesim::next_business_day_on_or_after(d(2019, 7, 13)) == d(2019, 7, 15));
    // Christmas 2019 is a Wednesday.
    BOOST_TEST(pajesim::next_business_day_on_or_after(d(2019, 12, 25)) == d(2019, 12, 26));
    // Saturday 31 October 2020, then Sunday 1 November (a holiday too), Monday 2.
    BOOST_TEST(pajesim::next_business_day_on_or_after(d(2020, 10, 31)) == d(2020, 11, 2));
}

BOOST_AUTO_TEST_CASE(nth_business_day_after) {
    // Declaration on Friday 24 May 2019: 1st business day Monday 27, 2nd Tuesday 28.
    BOOST_TEST(pajesim::nth_business_day_after(d(2019, 5, 24), 1) == d(2019, 5, 27));
    BOOST_TEST(pajesim::nth_business_day_after(d(2019, 5, 24), 2) == d(2019, 5, 28));
    // Declaration on Tuesday 28 May 2019: 2nd business day skips Ascension (Thu 30): Fri 31.
    BOOST_TEST(pajesim::nth_business_day_after(d(2019, 5, 28), 2) == d(2019, 5, 31));
    // Declaration on Friday 7 June 2019: Whit Monday 10 June is a holiday: Tue 11, Wed 12.
    BOOST_TEST(pajesim::nth_business_day_after(d(2019, 6, 7), 2) == d(2019, 6, 12));
    // Across the year end: Tuesday 31 December 2019 -> Thu 2, Fri 3 January 2020.
    BOOST_TEST(pajesim::nth_business_day_after(d(2019, 12, 31), 2) == d(2020, 1, 3));
}

// The business-day questions are answered from a table of 1970 to 2199; outside it, and for
// every day across its edges, they agree with a walk day by day over weekdays and holidays.
BOOST_AUTO_TEST_CASE(business_day_table_agrees_with_a_day_by_day_walk) {
    const auto business = [](Date day) { return day.iso_weekday() <= 5 && !pajesim::is_public_holiday(day); };
    const auto walk_nth = [&](Date day, int n) {
        for (int counted = 0; counted < n;) {
            day = day.plus_days(1);
            if (business(day)) ++counted;
        }
        return day;
    };
    std::size_t wrong = 0;
    const auto check = [&](Date day) {
        Date next = day;
        while (!business(next)) next = next.plus_days(1);
        bool same = pajesim::is_business_day(day) == business(day) &&
                    pajesim::next_business_day_on_or_after(day) == next;
        for (const int n : {1, 2, 3, 7, 25}) same = same && pajesim::nth_business_day_after(day, n) == walk_nth(day, n);
        if (!same && ++wrong <= 5) BOOST_ERROR("business days disagree on " << day.to_string());
    };
    for (Date day = Date::from_civil(1969, 11, 1); day < Date::from_civil(1971, 3, 1); day = day.plus_days(1)) check(day);
    for (Date day = Date::from_civil(2017, 1, 1); day < Date::from_civil(2028, 1, 1); day = day.plus_days(1)) check(day);
    for (Date day = Date::from_civil(2199, 10, 1); day < Date::from_civil(2200, 3, 1); day = day.plus_days(1)) check(day);
    BOOST_TEST(wrong == 0u);
}
