#include "sim/kernel/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace pajesim {
namespace {
thread_local const RunContext* active_context = nullptr;
}

RunContextScope::RunContextScope(const RunContext& context) : previous_(active_context) {
    active_context = &context;
}

RunContextScope::~RunContextScope() { active_context = previous_; }

void assertion_failed(const char* file, int line, const char* condition) {
    std::fprintf(stderr, "pajesim: assertion failed: %s\n  at %s:%d\n", condition, file, line);
    if (active_context != nullptr) {
        std::fprintf(stderr, "  seed: %llu\n",
                     static_cast<unsigned long long>(active_context->seed));
        if (active_context->describe_date != nullptr && active_context->clock != nullptr) {
            const std::string date = active_context->describe_date(active_context->clock);
            std::fprintf(stderr, "  simulated date: %s\n", date.c_str());
        }
    }
    std::fflush(stderr);
    std::abort();
}

}  // namespace pajesim
