// Fails a PAJESIM_ASSERT inside a run context: CTest checks the message the InternalError
// carries (the command line prints it and exits with 70).
#include <cstdio>
#include <string>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/date.hpp"

namespace {
std::string describe(const void* clock) { return static_cast<const pajesim::Date*>(clock)->to_string(); }
}  // namespace

int main(int argc, char**) {
    const pajesim::Date today = pajesim::Date::from_civil(2019, 5, 25);
    const pajesim::RunContext context{42, &describe, &today};
    const pajesim::RunContextScope scope(context);
    try {
        PAJESIM_ASSERT(argc == 0);
    } catch (const pajesim::InternalError& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 70;
    }
    return 0;
}
