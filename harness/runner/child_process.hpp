#pragma once
// Runs a command as a child process: writes `input` to its standard input, reads its standard
// output, waits for it, all within a time-out. The command runs under /bin/sh -c in a process
// group of its own, so that on a time-out, or once it has exited, everything it started is
// killed with it: pajesim never hangs on a child and leaves neither a zombie nor an orphan.
// This is the one place where pajesim starts another program (a calculator under `diff`, and
// later a system under test).

#include <chrono>
#include <string>
#include <string_view>

namespace pajesim::harness {

struct ChildOutcome {
    enum class Ending { exited, signalled, timed_out, too_much_output };
    Ending ending = Ending::exited;
    int exit_code = 0;          // when exited
    int signal = 0;             // when signalled
    std::string output;         // all of standard output
    std::string error_tail;     // the last few KiB of standard error
    bool input_refused = false; // the child closed its standard input before reading it all

    bool succeeded() const { return ending == Ending::exited && exit_code == 0; }
    // "exited with code 1", "killed by signal 11 (Segmentation fault)", "gave no complete
    // answer within 30 s (killed)", "wrote more than 1 GiB (killed)"
    std::string describe(std::chrono::milliseconds timeout) const;
};

// Throws InputError (exit code 2) only when the process cannot be started at all (no pipes,
// no fork); a command that does not exist is a child that exits with 127, as in a shell.
ChildOutcome run_child(const std::string& command, std::string_view input,
                       std::chrono::milliseconds timeout);

}  // namespace pajesim::harness
