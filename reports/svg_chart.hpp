#pragma once
// Line charts drawn as inline SVG, by the project: no script, no font or file fetched. Values
// are plotted by month; shaded bands mark the fault windows.

#include <string>
#include <vector>

#include "sim/kernel/cents.hpp"
#include "sim/kernel/date.hpp"

namespace pajesim::reports {

// An amount as a chart's value, in euros (display only).
inline double chart_euros(Cents amount) { return static_cast<double>(amount.value()) / 100.0; }

struct Series {
    std::string name;
    std::string colour;          // a CSS colour
    std::vector<double> values;  // one per month (display only: money is formatted elsewhere)
};

struct Band {
    std::string label;
    DateRange window;
};

struct Chart {
    std::string title;
    std::string unit;            // "families", "€", ...
    YearMonth first_month;
    std::vector<Series> series;  // every series has one value per month
    std::vector<Band> bands;
};

// An <svg> element, well-formed XML; one <polyline> per series with one point per month.
std::string svg_line_chart(const Chart& chart);
// A coordinate with one decimal, and a round upper bound for an axis (1, 2 or 5 times a power
// of ten): shared by every chart of the reports.
std::string chart_number(double value);
double chart_ceiling(double value);

// A horizontal bar chart of one value per option, with optional intervals (low, high).
struct Bar {
    std::string label;
    double value = 0;
    double low = 0;
    double high = 0;
};
std::string svg_bar_chart(const std::string& title, const std::string& unit, const std::vector<Bar>& bars);

// A response curve: one point per level of a factor (in order, labelled below the axis), the
// mean joined by a line, the interval (low, high) as a shaded band.
std::string svg_response_chart(const std::string& title, const std::string& unit, const std::vector<Bar>& levels);

}  // namespace pajesim::reports
