#include "reports/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "reports/junit.hpp"
#include "sim/kernel/json_input.hpp"

namespace pajesim::reports {
namespace {

constexpr double width = 720;
constexpr double height = 260;
constexpr double left = 70;
constexpr double right = 20;
constexpr double top = 30;
constexpr double bottom = 40;

std::string number(double value) { return chart_number(value); }
double nice_ceiling(double value) { return chart_ceiling(value); }

std::string label(double value) {
    char buffer[32];
    if (value >= 1e6) {
        std::snprintf(buffer, sizeof buffer, "%.1fM", value / 1e6);
    } else if (value >= 1e4) {
        std::snprintf(buffer, sizeof buffer, "%.0fk", value / 1e3);
    } else if (value == std::floor(value)) {
        std::snprintf(buffer, sizeof buffer, "%.0f", value);
    } else {
        std::snprintf(buffer, sizeof buffer, "%.2f", value);  // small scales: 0.25, 2.50
    }
    return buffer;
}

}  // namespace

std::string svg_line_chart(const Chart& chart) {
    std::size_t months = 0;
    double maximum = 0;
    for (const Series& s : chart.series) {
        months = std::max(months, s.values.size());
        for (const double v : s.values) maximum = std::max(maximum, v);
    }
    const double y_max = nice_ceiling(maximum);
    const double plot_width = width - left - right;
    const double plot_height = height - top - bottom;
    const auto x_of = [&](double index) {
        return left + (months <= 1 ? 0 : plot_width * index / static_cast<double>(months - 1));
    };
    const auto y_of = [&](double value) { return top + plot_height * (1 - value / y_max); };
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 " +
                      number(width) + " " + number(height) + "\" role=\"img\" aria-label=\"" +
                      xml_escape(chart.title) + "\">";
    svg += "<title>" + xml_escape(chart.title) + "</title>";
    // Fault windows: a band from the month the window starts to the month it ends.
    for (const Band& band : chart.bands) {
        const double from = chart.first_month.months_until(band.window.begin().year_month());
        const double to = chart.first_month.months_until(band.window.end().plus_days(-1).year_month());
        const double a = std::clamp(from, 0.0, static_cast<double>(months ? months - 1 : 0));
        const double b = std::clamp(to, 0.0, static_cast<double>(months ? months - 1 : 0));
        if (to < 0 || from > static_cast<double>(months)) continue;
        svg += "<rect class=\"fault\" x=\"" + number(x_of(a) - 4) + "\" y=\"" + number(top) + "\" width=\"" +
               number(std::max(8.0, x_of(b) - x_of(a) + 8)) + "\" height=\"" + number(plot_height) +
               "\"><title>" + xml_escape(band.label) + "</title></rect>";
    }
    // Axes and grid.
    for (int tick = 0; tick <= 4; ++tick) {
        const double value = y_max * tick / 4;
        const double y = y_of(value);
        svg += "<line class=\"grid\" x1=\"" + number(left) + "\" x2=\"" + number(width - right) + "\" y1=\"" +
               number(y) + "\" y2=\"" + number(y) + "\"/>";
        svg += "<text class=\"axis\" x=\"" + number(left - 6) + "\" y=\"" + number(y + 4) +
               "\" text-anchor=\"end\">" + label(value) + "</text>";
    }
    for (std::size_t m = 0; m < months; m += std::max<std::size_t>(1, months / 8)) {
        svg += "<text class=\"axis\" x=\"" + number(x_of(static_cast<double>(m))) + "\" y=\"" +
               number(height - bottom + 16) + "\" text-anchor=\"middle\">" +
               chart.first_month.plus_months(static_cast<std::int32_t>(m)).to_string() + "</text>";
    }
    svg += "<text class=\"axis\" x=\"" + number(left) + "\" y=\"" + number(top - 10) + "\">" +
           xml_escape(chart.unit) + "</text>";
    double legend_x = left + 80;
    for (const Series& s : chart.series) {
        std::string points;
        for (std::size_t m = 0; m < s.values.size(); ++m) {
            if (!points.empty()) points += ' ';
            points += number(x_of(static_cast<double>(m))) + "," + number(y_of(s.values[m]));
        }
        svg += "<polyline class=\"series\" fill=\"none\" stroke=\"" + xml_escape(s.colour) +
               "\" stroke-width=\"2\" points=\"" + points + "\"><title>" + xml_escape(s.name) +
               "</title></polyline>";
        svg += "<rect x=\"" + number(legend_x) + "\" y=\"" + number(top - 20) +
               "\" width=\"12\" height=\"4\" fill=\"" + xml_escape(s.colour) + "\"/>";
        svg += "<text class=\"legend\" x=\"" + number(legend_x + 16) + "\" y=\"" + number(top - 14) + "\">" +
               xml_escape(s.name) + "</text>";
        legend_x += 40 + 7.0 * static_cast<double>(s.name.size());
    }
    svg += "</svg>";
    return svg;
}

std::string svg_bar_chart(const std::string& title, const std::string& unit, const std::vector<Bar>& bars) {
    double maximum = 0;
    for (const Bar& bar : bars) maximum = std::max({maximum, bar.value, bar.high});
    const double x_max = nice_ceiling(maximum);
    const double row = 34;
    const double chart_height = top + row * static_cast<double>(bars.size()) + 20;
    const double label_width = 200;
    const double plot_width = width - label_width - right;
    const auto x_of = [&](double value) { return label_width + plot_width * value / x_max; };
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 " + number(width) +
                      " " + number(chart_height) + "\" role=\"img\" aria-label=\"" + xml_escape(title) + "\">";
    svg += "<title>" + xml_escape(title) + "</title>";
    svg += "<text class=\"axis\" x=\"" + number(label_width) + "\" y=\"18\">" + xml_escape(unit) + " (max " +
           label(x_max) + ")</text>";
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const Bar& bar = bars[i];
        const double y = top + row * static_cast<double>(i);
        svg += "<text class=\"legend\" x=\"" + number(label_width - 8) + "\" y=\"" + number(y + 16) +
               "\" text-anchor=\"end\">" + xml_escape(bar.label) + "</text>";
        svg += "<rect class=\"bar\" x=\"" + number(label_width) + "\" y=\"" + number(y + 4) + "\" width=\"" +
               number(std::max(1.0, x_of(bar.value) - label_width)) + "\" height=\"18\"><title>" +
               xml_escape(bar.label + ": " + label(bar.value)) + "</title></rect>";
        if (bar.high > bar.low) {
            svg += "<line class=\"interval\" x1=\"" + number(x_of(bar.low)) + "\" x2=\"" + number(x_of(bar.high)) +
                   "\" y1=\"" + number(y + 13) + "\" y2=\"" + number(y + 13) + "\"/>";
        }
        svg += "<text class=\"value\" x=\"" + number(x_of(std::max(bar.value, bar.high)) + 6) + "\" y=\"" +
               number(y + 17) + "\">" + label(bar.value) + "</text>";
    }
    svg += "</svg>";
    return svg;
}

std::string svg_response_chart(const std::string& title, const std::string& unit, const std::vector<Bar>& levels) {
    double maximum = 0;
    for (const Bar& level : levels) maximum = std::max({maximum, level.value, level.high});
    const double y_max = nice_ceiling(maximum);
    // Room at both ends for the first and last levels' labels.
    const double margin = 70;
    const double plot_width = width - left - right - 2 * margin;
    const double plot_height = height - top - bottom;
    const std::size_t count = levels.size();
    const auto x_of = [&](std::size_t index) {
        return left + margin + (count <= 1 ? plot_width / 2 : plot_width * static_cast<double>(index) / static_cast<double>(count - 1));
    };
    const auto y_of = [&](double value) { return top + plot_height * (1 - value / y_max); };
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 " + number(width) + " " +
                      number(height) + "\" role=\"img\" aria-label=\"" + xml_escape(title) + "\">";
    svg += "<title>" + xml_escape(title) + "</title>";
    for (int tick = 0; tick <= 4; ++tick) {
        const double value = y_max * tick / 4;
        const double y = y_of(value);
        svg += "<line class=\"grid\" x1=\"" + number(left) + "\" x2=\"" + number(width - right) + "\" y1=\"" + number(y) +
               "\" y2=\"" + number(y) + "\"/>";
        svg += "<text class=\"axis\" x=\"" + number(left - 6) + "\" y=\"" + number(y + 4) + "\" text-anchor=\"end\">" +
               label(value) + "</text>";
    }
    svg += "<text class=\"axis\" x=\"" + number(left) + "\" y=\"" + number(top - 10) + "\">" + xml_escape(unit) + "</text>";
    svg += "<text class=\"legend\" x=\"" + number(width / 2) + "\" y=\"" + number(top - 12) + "\" text-anchor=\"middle\">" +
           xml_escape(title) + "</text>";
    std::string band;
    for (std::size_t i = 0; i < count; ++i) band += number(x_of(i)) + "," + number(y_of(levels[i].high)) + " ";
    for (std::size_t i = count; i-- > 0;) band += number(x_of(i)) + "," + number(y_of(levels[i].low)) + (i > 0 ? " " : "");
    svg += "<polygon class=\"interval-band\" fill=\"#1b6ca8\" fill-opacity=\"0.15\" stroke=\"none\" points=\"" + band +
           "\"><title>90 % interval</title></polygon>";
    std::string line;
    for (std::size_t i = 0; i < count; ++i) {
        if (!line.empty()) line += ' ';
        line += number(x_of(i)) + "," + number(y_of(levels[i].value));
    }
    svg += "<polyline class=\"series\" fill=\"none\" stroke=\"#1b6ca8\" stroke-width=\"2\" points=\"" + line + "\"/>";
    for (std::size_t i = 0; i < count; ++i) {
        const Bar& level = levels[i];
        svg += "<circle cx=\"" + number(x_of(i)) + "\" cy=\"" + number(y_of(level.value)) + "\" r=\"3.5\" fill=\"#1b6ca8\"><title>" +
               xml_escape(level.label + ": " + label(level.value) + " [" + label(level.low) + " – " + label(level.high) + "]") +
               "</title></circle>";
        svg += "<text class=\"axis\" x=\"" + number(x_of(i)) + "\" y=\"" + number(height - bottom + 16) +
               "\" text-anchor=\"middle\">" + xml_escape(std::string(utf8_prefix(level.label, 28))) + "</text>";
    }
    svg += "</svg>";
    return svg;
}

std::string chart_number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    return buffer;
}

double chart_ceiling(double value) {
    if (value <= 0) return 1;
    const double power = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : {1.0, 2.0, 5.0, 10.0}) {
        if (value <= step * power) return step * power;
    }
    return 10 * power;
}

}  // namespace pajesim::reports
