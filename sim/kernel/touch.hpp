#pragma once
// touch(x): asks for x's cache line, so that it is on its way before the code that needs it
// comes to it: the processor's prefetch instruction. It was a load whose value nothing waits
// for, which moved the stall of a declaration's contract out of the handling into the loop
// ahead; but a load that misses still holds up everything after it from retiring, and the
// batch of declarations then spent 6.8 % of the run's samples waiting on the contract's touch
// eight declarations on. A prefetch retires at once (docs/performance.md). The address need
// not be valid; the touches pass valid ones all the same.

namespace pajesim {

template <typename T>
inline void touch(const T& object) {
    __builtin_prefetch(&object);
}

// touch(x) for every cache line x spans (a record not aligned on lines may span two).
template <typename T>
inline void touch_whole(const T& object) {
    const auto* first = reinterpret_cast<const char*>(&object);
    __builtin_prefetch(first);
    if constexpr (sizeof(T) > 1) __builtin_prefetch(first + sizeof(T) - 1);
}

}  // namespace pajesim
