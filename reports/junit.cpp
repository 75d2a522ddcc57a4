#include "reports/junit.hpp"

#include <cstdio>
#include <sstream>

namespace pajesim::reports {

std::string xml_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default:
                // Control characters other than tab and newline are not allowed in XML 1.0.
                if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') {
                    out += ' ';
                } else {
                    out += c;
                }
        }
    }
    return out;
}

std::string junit_xml(const std::string& suite_name, const std::vector<SuiteCase>& cases) {
    std::size_t failures = 0;
    std::size_t errors = 0;
    for (const SuiteCase& c : cases) {
        if (c.error) {
            ++errors;
        } else if (!c.failures.empty()) {
            ++failures;
        }
    }
    std::ostringstream out;
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites name=\"" << xml_escape(suite_name) << "\" tests=\"" << cases.size()
        << "\" failures=\"" << failures << "\" errors=\"" << errors << "\">\n";
    out << "  <testsuite name=\"" << xml_escape(suite_name) << "\" tests=\"" << cases.size()
        << "\" failures=\"" << failures << "\" errors=\"" << errors << "\">\n";
    for (const SuiteCase& c : cases) {
        out << "    <testcase classname=\"scenarios\" name=\"" << xml_escape(c.name) << "\" file=\""
            << xml_escape(c.file) << "\"";
        if (!c.error && c.failures.empty()) {
            out << "/>\n";
            continue;
        }
        out << ">\n";
        std::string body;
        for (const std::string& failure : c.failures) body += failure + "\n";
        if (!c.replay.empty()) body += "replay: " + c.replay + "\n";
        const std::string tag = c.error ? "error" : "failure";
        out << "      <" << tag << " message=\"" << xml_escape(c.failures.empty() ? tag : c.failures.front())
            << "\">" << xml_escape(body) << "</" << tag << ">\n";
        out << "    </testcase>\n";
    }
    out << "  </testsuite>\n</testsuites>\n";
    return out.str();
}

}  // namespace pajesim::reports
