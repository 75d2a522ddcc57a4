#pragma once
// The entry point of a fuzz target, as libFuzzer calls it. Each target feeds arbitrary bytes to
// one of pajesim's input readers and lets through only what the contract allows: an
// InputError (bad input, exit code 2). Any other exception, a crash, a sanitizer report or a
// hang is a finding. The same sources build twice: with libFuzzer (ci/fuzz.sh, clang), and
// with replay_main.cpp into a program that replays the seed corpus and every past finding in
// the ordinary test suite (and under the sanitizers).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/kernel/json_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace pajesim::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Runs `read` on the input; bad input is the expected outcome of most inputs.
template <typename Read>
int accept_bad_input(Read read) {
    try {
        read();
    } catch (const InputError& error) {
        // The message must name the file: a refusal that says nothing is a finding.
        if (error.file().empty() || std::string_view(error.what()).empty()) __builtin_trap();
    }
    return 0;
}

}  // namespace pajesim::fuzz
