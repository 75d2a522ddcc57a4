#pragma once
// PAJESIM_ASSERT: an always-on check for bugs in pajesim itself (on under NDEBUG too).
// On failure it throws InternalError, whose message gives file, line and condition and, when a
// run is active, the run's seed and simulated date; the command line reports it as a bug (exit
// code 70), never as an abort. Bad input is never reported through it.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace pajesim {

// What a failing assertion prints about the run in progress. A run installs one for its
// lifetime with RunContextScope; outside any run nothing extra is printed.
struct RunContext {
    std::uint64_t seed = 0;
    std::string (*describe_date)(const void* clock) = nullptr;
    const void* clock = nullptr;
};

class RunContextScope {
public:
    explicit RunContextScope(const RunContext& context);
    ~RunContextScope();
    RunContextScope(const RunContextScope&) = delete;
    RunContextScope& operator=(const RunContextScope&) = delete;

private:
    const RunContext* previous_;
};

// A bug in pajesim itself (a failed PAJESIM_ASSERT).
class InternalError : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

[[noreturn]] void assertion_failed(const char* file, int line, const char* condition);

}  // namespace pajesim

#define PAJESIM_ASSERT(condition)                                              \
    do {                                                                       \
        if (!(condition)) [[unlikely]] {                                       \
            ::pajesim::assertion_failed(__FILE__, __LINE__, #condition);       \
        }                                                                      \
    } while (false)
