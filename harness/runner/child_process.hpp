#pragma once
// Runs a command as a child process: writes `input` to its standard input, reads its standard
// output, waits for it, all within a time-out. The command runs under /bin/sh -c in a process
// group of its own, so that on a time-out, or once it has exited, everything it started is
// killed with it: pajesim never hangs on a child and leaves neither a zombie nor an orphan.
// This is the one place where pajesim starts another program (a calculator under `diff`, a
// system under test under `--sut`).

#include <sys/types.h>

#include <chrono>
#include <optional>
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

// A conversation with a long-running child, one line at a time: a system under test. Its
// standard error is collected (the last `error_limit` bytes are kept). The destructor kills
// the child's whole process group and reaps it, whatever happened.
class ChildSession {
public:
    // Throws InputError when the process cannot be started at all.
    explicit ChildSession(const std::string& command);
    ~ChildSession();
    ChildSession(const ChildSession&) = delete;
    ChildSession& operator=(const ChildSession&) = delete;

    struct Answer {
        std::optional<std::string> line;  // without its newline; none when the child failed
        std::string failure;              // why there is no line: "exited with code 1", ...
    };
    // Writes `line` and a newline, then reads one line back, within `timeout`. A line longer
    // than `max_line_bytes` is a failure.
    Answer exchange(std::string_view line, std::chrono::milliseconds timeout, std::size_t max_line_bytes);
    // Writes `line` and a newline, closes the child's input and waits for it to exit within
    // `timeout`; the failure text, or empty when it exited with code 0.
    std::string finish(std::string_view line, std::chrono::milliseconds timeout);
    // Whether a failure of exchange() or finish() is about a line the child wrote (one too
    // long, or one after the end) rather than about the process (an exit, a crash, a time-out).
    // Judged from the text, which a replay reads back from a recording.
    static bool is_about_a_line(std::string_view failure);
    // What the child wrote on its standard error so far: its last `error_limit` bytes (the
    // buffer is trimmed only when twice that, so the tail is cut here).
    std::string error_text() const {
        return error_.size() > error_limit ? error_.substr(error_.size() - error_limit) : error_;
    }
    static constexpr std::size_t error_limit = std::size_t{8} << 20;

private:
    // Pumps the pipes until `done` or the deadline; false on the deadline.
    template <typename Done>
    bool pump(std::string_view to_write, std::chrono::steady_clock::time_point deadline, Done done);
    std::string ending(std::chrono::milliseconds timeout, bool timed_out);
    void stop();

    pid_t pid_ = -1;
    int input_ = -1;
    int output_ = -1;
    int error_fd_ = -1;
    bool output_closed_ = false;
    bool exited_ = false;
    bool input_refused_ = false;  // a write failed: the child closed its input or is gone
    bool written_all_ = true;     // whether the last pump wrote all it had to
    int status_ = 0;
    std::string pending_;  // read from the child's output, not yet returned
    std::string error_;
};

}  // namespace pajesim::harness
