#pragma once
// French business days: Monday to Friday, less the eleven public holidays of the Code du
// travail (art. L3133-1): 1 January, Easter Monday, 1 May, 8 May, Ascension Thursday, Whit
// Monday, 14 July, 15 August, 1 November, 11 November, 25 December. The movable ones follow
// Easter Sunday (Gregorian computus). Alsace-Moselle's two extra days are not included.

#include <cstdint>
#include <vector>

#include "sim/kernel/date.hpp"

namespace pajesim {

Date easter_sunday(int year);
bool is_public_holiday(Date date);
// The public holidays of `year`, in date order.
std::vector<Date> public_holidays(int year);
bool is_business_day(Date date);
// `date` itself when it is a business day, else the next one.
Date next_business_day_on_or_after(Date date);
// The n-th business day strictly after `date` (n >= 1): the 2nd business day after a Friday
// declaration is the Tuesday, or later when a holiday intervenes.
Date nth_business_day_after(Date date, std::int32_t n);

}  // namespace pajesim
