#pragma once
// touch(x): reads one byte of x, so that its cache line is on its way before the code that
// needs it comes to it. A real load, not the processor's prefetch instruction: on the machines
// measured (virtual machines), prefetch instructions ahead of a day's events changed nothing,
// where a load whose value nothing waits for let the processor go on with the events before
// while the line came (docs/performance.md). Unlike a prefetch, the address must be valid.

namespace pajesim {

template <typename T>
inline void touch(const T& object) {
    asm volatile("" : : "r"(*reinterpret_cast<const unsigned char*>(&object)));
}

}  // namespace pajesim
