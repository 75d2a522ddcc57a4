#include "sim/kernel/assert.hpp"


namespace pajesim {
namespace {
thread_local const RunContext* active_context = nullptr;
}

RunContextScope::RunContextScope(const RunContext& context) : previous_(active_context) {
    active_context = &context;
}

RunContextScope::~RunContextScope() { active_context = previous_; }

void assertion_failed(const char* file, int line, const char* condition) {
    std::string message = std::string("assertion failed: ") + condition + "\n  at " + file + ":" +
                          std::to_string(line);
    if (active_context != nullptr) {
        message += "\n  seed: " + std::to_string(active_context->seed);
        if (active_context->describe_date != nullptr && active_context->clock != nullptr) {
            message += "\n  simulated date: " + active_context->describe_date(active_context->clock);
        }
    }
    throw InternalError(message);
}

}  // namespace pajesim
