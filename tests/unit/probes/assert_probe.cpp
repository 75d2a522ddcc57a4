// Fails a PAJESIM_ASSERT inside a run context: CTest checks what it prints.
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
    PAJESIM_ASSERT(argc == 0);
    return 0;
}
