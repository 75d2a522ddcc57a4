#pragma once
// JUnit XML for a scenario suite: one test case per scenario; a failed expectation is a
// <failure> with the reasons and the replay command; a scenario that could not be run (bad
// input) is an <error>. No clock time is written: the same suite gives the same bytes.

#include <string>
#include <vector>

namespace pajesim::reports {

struct SuiteCase {
    std::string name;       // the scenario's name (or its file when it could not be read)
    std::string file;
    bool error = false;     // bad input: the scenario could not be run
    std::vector<std::string> failures;
    std::string replay;     // the command that replays the run
};

std::string junit_xml(const std::string& suite_name, const std::vector<SuiteCase>& cases);
// Escapes text for XML content and attribute values.
std::string xml_escape(const std::string& text);

}  // namespace pajesim::reports
