#include "harness/cli/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace pajesim::cli {

ProgressBar::ProgressBar(std::string label, bool quiet)
    : label_(std::move(label)), active_(!quiet && isatty(STDERR_FILENO) == 1) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(std::int64_t done, std::int64_t total) {
    if (!active_ || total <= 0) return;
    constexpr int width = 30;
    const auto filled = static_cast<int>(done * width / total);
    std::fprintf(stderr, "\r%s [", label_.c_str());
    for (int i = 0; i < width; ++i) std::fputc(i < filled ? '#' : ' ', stderr);
    std::fprintf(stderr, "] %lld/%lld", static_cast<long long>(done), static_cast<long long>(total));
    std::fflush(stderr);
}

void ProgressBar::finish() {
    if (!active_ || finished_) return;
    finished_ = true;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
}

}  // namespace pajesim::cli
