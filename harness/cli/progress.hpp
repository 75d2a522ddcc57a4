#pragma once
// A progress bar on standard error when it is a terminal; silent otherwise or when quiet.

#include <cstdint>
#include <string>

namespace pajesim::cli {

class ProgressBar {
public:
    ProgressBar(std::string label, bool quiet);
    ~ProgressBar();
    void update(std::int64_t done, std::int64_t total);
    void finish();
    bool active() const { return active_; }

private:
    std::string label_;
    bool active_;
    bool finished_ = false;
};

}  // namespace pajesim::cli
