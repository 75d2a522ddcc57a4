#pragma once
// CSV fields as RFC 4180 writes them, for the text fields of pajesim's CSV outputs (names come
// from scenario files: anything can be in them).

#include <string>
#include <string_view>

namespace pajesim::reports {

// A text field: quoted (with its quotes doubled) when it holds a comma, a quote, CR or LF; and,
// so that a spreadsheet shows it as text instead of running it as a formula, prefixed with a
// single quote when it starts with '=', '+', '-', '@', a tab or CR (OWASP's advice on CSV
// injection). Numbers are written as they are, never through this function.
std::string csv_text(std::string_view text);

}  // namespace pajesim::reports
