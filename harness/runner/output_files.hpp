#pragma once
// Output files written atomically: each file is written beside its target under a temporary
// name, then renamed, so a reader never sees half a report.

#include <string>

namespace pajesim::harness {

// Throws std::runtime_error naming the path when the file cannot be written.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace pajesim::harness
