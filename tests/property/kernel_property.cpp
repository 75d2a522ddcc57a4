#include <boost/test/unit_test.hpp>
#include <rapidcheck/boost_test.h>

#include <algorithm>
#include <tuple>
#include <vector>

#include "sim/kernel/business_days.hpp"
#include "sim/kernel/cents.hpp"
#include "sim/kernel/date.hpp"
#include "sim/kernel/event_queue.hpp"

using pajesim::Cents;
using pajesim::Date;
using pajesim::YearMonth;

namespace {

// Dates weighted to month ends and 29 February, where month arithmetic goes wrong.
rc::Gen<Date> gen_date() {
    return rc::gen::oneOf(
        rc::gen::map(rc::gen::inRange(0, 365 * 40),
                     [](int offset) { return Date::from_civil(1990, 1, 1).plus_days(offset); }),
        rc::gen::map(rc::gen::tuple(rc::gen::inRange(1990, 2030), rc::gen::inRange(1, 13),
                                    rc::gen::inRange(0, 3)),
                     [](const std::tuple<int, int, int>& t) {
                         const YearMonth month = YearMonth::from_civil(
                             std::get<0>(t), static_cast<unsigned>(std::get<1>(t)));
                         return month.last_day().plus_days(-std::get<2>(t));
                     }),
        rc::gen::map(rc::gen::inRange(0, 10), [](int k) {
            return Date::from_civil(1992 + 4 * k, 2, 29);
        }));
}

}  // namespace

RC_BOOST_PROP(dates_round_trip_through_text, ()) {
    const Date date = *gen_date();
    RC_CLASSIFY(date.month() == 2 && date.day() == 29, "29 February");
    RC_CLASSIFY(date == date.year_month().last_day(), "month end");
    RC_ASSERT(Date::parse(date.to_string()) == date);
    RC_ASSERT(YearMonth::parse(date.year_month().to_string()) == date.year_month());
}

RC_BOOST_PROP(month_arithmetic_round_trips, ()) {
    const Date date = *gen_date();
    const int months = *rc::gen::inRange(-60, 61);
    const YearMonth month = date.year_month();
    RC_ASSERT(month.plus_months(months).plus_months(-months) == month);
    RC_ASSERT(month.months_until(month.plus_months(months)) == months);
    // A clamped day is always inside its month, and is the same day when the month has it.
    const YearMonth target = month.plus_months(months);
    const Date moved = target.day_clamped(date.day());
    RC_ASSERT(moved.year_month() == target);
    RC_ASSERT(moved.day() == std::min(date.day(), target.day_count()));
}

RC_BOOST_PROP(next_business_day_is_the_first_one, ()) {
    const Date date = *gen_date();
    const Date next = pajesim::next_business_day_on_or_after(date);
    RC_ASSERT(next >= date);
    RC_ASSERT(pajesim::is_business_day(next));
    for (Date day = date; day < next; day = day.plus_days(1)) {
        RC_ASSERT(!pajesim::is_business_day(day));
    }
    RC_ASSERT(date.days_until(next) <= 4);  // at most a long weekend with a holiday
}

RC_BOOST_PROP(nth_business_day_counts_exactly_n, ()) {
    const Date date = *gen_date();
    const int n = *rc::gen::inRange(1, 12);
    const Date result = pajesim::nth_business_day_after(date, n);
    RC_ASSERT(pajesim::is_business_day(result));
    int counted = 0;
    for (Date day = date.plus_days(1); day <= result; day = day.plus_days(1)) {
        counted += pajesim::is_business_day(day) ? 1 : 0;
    }
    RC_ASSERT(counted == n);
}

RC_BOOST_PROP(money_text_round_trips, ()) {
    const auto value = *rc::gen::oneOf(rc::gen::inRange<std::int64_t>(-1'000'000, 1'000'000),
                                       rc::gen::cast<std::int64_t>(rc::gen::arbitrary<std::int32_t>()));
    const Cents amount{value};
    RC_ASSERT(Cents::parse(amount.to_string()) == amount);
}

RC_BOOST_PROP(half_up_rounding_is_within_half_a_cent, ()) {
    const Cents base{*rc::gen::inRange<std::int64_t>(0, 100'000'000)};
    const std::int64_t numerator = *rc::gen::inRange<std::int64_t>(0, 20'000);
    const pajesim::Ratio rate{numerator, 10'000};
    const Cents rounded = pajesim::apply_rate(base, rate, pajesim::Rounding::half_up);
    // |rounded x 10000 - base x numerator| <= 5000, and ties go up.
    const std::int64_t exact_times_10000 = base.value() * numerator;
    const std::int64_t difference = rounded.value() * 10'000 - exact_times_10000;
    RC_ASSERT(difference <= 5'000);
    RC_ASSERT(difference > -5'000);
}

RC_BOOST_PROP(queue_order_is_independent_of_insertion_order, ()) {
    // Events are (day, phase, tag); for the same (day, phase), push order is the order.
    const auto events = *rc::gen::container<std::vector<std::tuple<int, int, int>>>(
        rc::gen::tuple(rc::gen::inRange(0, 40), rc::gen::inRange(0, 4), rc::gen::inRange(0, 1000)));
    pajesim::EventQueue<std::size_t, 4> queue(Date::from_civil(2019, 1, 1));
    for (std::size_t i = 0; i < events.size(); ++i) {
        queue.push(Date::from_civil(2019, 1, 1).plus_days(std::get<0>(events[i])),
                   static_cast<std::size_t>(std::get<1>(events[i])), i);
    }
    std::vector<std::size_t> expected(events.size());
    for (std::size_t i = 0; i < expected.size(); ++i) expected[i] = i;
    std::stable_sort(expected.begin(), expected.end(), [&](std::size_t a, std::size_t b) {
        return std::tie(std::get<0>(events[a]), std::get<1>(events[a])) <
               std::tie(std::get<0>(events[b]), std::get<1>(events[b]));
    });
    std::vector<std::size_t> actual;
    while (auto item = queue.pop()) actual.push_back(item->event);
    RC_ASSERT(actual == expected);
}
