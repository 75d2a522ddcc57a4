#include "harness/runner/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/json_input.hpp"

namespace pajesim::harness {
namespace {

// The process groups of the children alive, so that pajesim, stopped by SIGINT, SIGTERM or
// SIGHUP, takes them with it: the parent-death signal reaches the shell pajesim starts, not
// what the shell starts in turn (a centre run by `sh -c` that forks, or execs another program).
constexpr std::size_t max_live_groups = 256;
std::array<std::atomic<pid_t>, max_live_groups> live_groups{};

extern "C" void stop_children_and_die(int signal) {
    // Only async-signal-safe calls: kill every live group, then die of the signal as before.
    for (auto& group : live_groups) {
        const pid_t id = group.load(std::memory_order_relaxed);
        if (id > 0) ::kill(-id, SIGKILL);
    }
    struct sigaction fallback {};
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    ::sigaction(signal, &fallback, nullptr);
    ::raise(signal);  // blocked until the handler returns, then delivered by default
}

void install_stop_handlers() {
    static std::once_flag once;
    std::call_once(once, [] {
        for (const int signal : {SIGINT, SIGTERM, SIGHUP}) {
            struct sigaction current {};
            ::sigaction(signal, nullptr, &current);
            // An ignored signal (nohup) stays ignored; a handler of someone else's stays theirs.
            if (current.sa_handler != SIG_DFL) continue;
            struct sigaction action {};
            action.sa_handler = stop_children_and_die;
            sigemptyset(&action.sa_mask);
            ::sigaction(signal, &action, nullptr);
        }
    });
}

void remember_group(pid_t group) {
    install_stop_handlers();
    for (auto& slot : live_groups) {
        pid_t free = 0;
        if (slot.compare_exchange_strong(free, group)) return;
    }
}

void forget_group(pid_t group) {
    for (auto& slot : live_groups) {
        pid_t held = group;
        if (slot.compare_exchange_strong(held, 0)) return;
    }
}

using Clock = std::chrono::steady_clock;

// A calculator answering a few million requests writes a few hundred MiB; beyond this it is
// printing garbage without end, and is stopped rather than allowed to fill the memory.
constexpr std::size_t max_output_bytes = std::size_t{1} << 30;
constexpr std::size_t error_tail_bytes = 4096;
constexpr std::size_t chunk_bytes = 1 << 16;

class Pipe {
public:
    Pipe() {
        if (::pipe2(ends_.data(), O_CLOEXEC) != 0) {
            throw InputError("pipe", std::string("cannot create a pipe: ") + std::strerror(errno));
        }
    }
    ~Pipe() {
        close_read();
        close_write();
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    int read_end() const { return ends_[0]; }
    int write_end() const { return ends_[1]; }
    void close_read() { close_end(0); }
    void close_write() { close_end(1); }

private:
    void close_end(int which) {
        if (ends_[which] >= 0) ::close(ends_[which]);
        ends_[which] = -1;
    }
    std::array<int, 2> ends_{-1, -1};
};

// SIGPIPE ignored while the child runs: a child that stops reading its input makes write()
// fail with EPIPE instead of killing pajesim. Restored on the way out.
class IgnoreSigpipe {
public:
    IgnoreSigpipe() {
        struct sigaction ignore {};
        ignore.sa_handler = SIG_IGN;
        sigemptyset(&ignore.sa_mask);
        ::sigaction(SIGPIPE, &ignore, &previous_);
    }
    ~IgnoreSigpipe() { ::sigaction(SIGPIPE, &previous_, nullptr); }
    IgnoreSigpipe(const IgnoreSigpipe&) = delete;
    IgnoreSigpipe& operator=(const IgnoreSigpipe&) = delete;

private:
    struct sigaction previous_ {};
};

[[noreturn]] void exec_in_child(const std::string& command, const Pipe& input, const Pipe& output,
                                const Pipe& error, pid_t parent) {
    // Only async-signal-safe calls from here to exec.
    ::setpgid(0, 0);
    // Should pajesim itself be killed, the child goes too (the process group is killed in
    // every other case).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    struct sigaction default_action {};
    default_action.sa_handler = SIG_DFL;
    sigemptyset(&default_action.sa_mask);
    ::sigaction(SIGPIPE, &default_action, nullptr);  // an ignored signal stays ignored over exec
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    if (::dup2(input.read_end(), STDIN_FILENO) < 0 || ::dup2(output.write_end(), STDOUT_FILENO) < 0 ||
        ::dup2(error.write_end(), STDERR_FILENO) < 0) {
        ::_exit(127);
    }
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
}

// Whether the child has exited, without reaping it: while it is an unreaped zombie its pid, and
// so its process group id, cannot be reused, and killing the group is safe.
bool has_exited(pid_t pid) {
    siginfo_t info{};
    if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
        return errno == ECHILD;
    }
    return info.si_pid == pid;
}

void set_non_blocking(int fd) {
    const int flags = ::fcntl(fd, F_GETFL);
    ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

// Reads what is available; false at the end of the stream.
bool read_some(int fd, std::string& into) {
    std::array<char, chunk_bytes> buffer;
    const ssize_t count = ::read(fd, buffer.data(), buffer.size());
    if (count > 0) {
        into.append(buffer.data(), static_cast<std::size_t>(count));
        return true;
    }
    if (count < 0 && (errno == EAGAIN || errno == EINTR)) return true;
    return false;
}

struct Streams {
    Pipe& input;
    Pipe& output;
    Pipe& error;
};

// Feeds the input and collects the outputs until both outputs are closed, the child has gone,
// or the deadline. Returns false on the deadline (or too much output).
bool exchange(pid_t pid, Streams streams, std::string_view input, Clock::time_point deadline,
              ChildOutcome& outcome) {
    std::size_t written = 0;
    std::string error_text;
    bool input_open = true;
    bool output_open = true;
    bool error_open = true;
    bool child_gone = false;
    if (input.empty()) {
        streams.input.close_write();
        input_open = false;
    }
    while (output_open || error_open) {
        const auto now = Clock::now();
        if (now >= deadline || outcome.output.size() > max_output_bytes) return false;
        std::array<pollfd, 3> fds{};
        nfds_t count = 0;
        if (input_open) fds[count++] = pollfd{streams.input.write_end(), POLLOUT, 0};
        if (output_open) fds[count++] = pollfd{streams.output.read_end(), POLLIN, 0};
        if (error_open) fds[count++] = pollfd{streams.error.read_end(), POLLIN, 0};
        // Wakes at least every 50 ms to see whether the child is gone while something it
        // started still holds the pipes open.
        const auto wait = std::min<std::int64_t>(
            50, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1);
        const int ready = ::poll(fds.data(), count, static_cast<int>(wait));
        if (ready < 0 && errno != EINTR) return false;
        if (ready == 0 && child_gone) {
            // The child is gone and its group killed, and nothing came for a whole wait: only a
            // process that left its group (setsid) holds the pipes. What the child wrote was in
            // them when it exited and has been read: its answer is complete.
            break;
        }
        for (nfds_t i = 0; i < count && ready > 0; ++i) {
            if (fds[i].revents == 0) continue;
            if (input_open && fds[i].fd == streams.input.write_end()) {
                const std::size_t size = std::min(chunk_bytes, input.size() - written);
                const ssize_t sent = ::write(fds[i].fd, input.data() + written, size);
                if (sent > 0) written += static_cast<std::size_t>(sent);
                if (sent < 0 && errno != EAGAIN && errno != EINTR) outcome.input_refused = true;
                if (written == input.size() || outcome.input_refused) {
                    streams.input.close_write();
                    input_open = false;
                }
            } else if (output_open && fds[i].fd == streams.output.read_end()) {
                output_open = read_some(fds[i].fd, outcome.output);
            } else if (error_open && fds[i].fd == streams.error.read_end()) {
                error_open = read_some(fds[i].fd, error_text);
                if (error_text.size() > 2 * error_tail_bytes) {
                    error_text.erase(0, error_text.size() - error_tail_bytes);
                }
            }
        }
        if (!child_gone && has_exited(pid)) {
            // What it left running is killed; the pipes then drain to their end.
            child_gone = true;
            ::kill(-pid, SIGKILL);
            if (input_open) {
                if (written < input.size()) outcome.input_refused = true;
                streams.input.close_write();
                input_open = false;
            }
        }
    }
    if (error_text.size() > error_tail_bytes) error_text.erase(0, error_text.size() - error_tail_bytes);
    outcome.error_tail = std::move(error_text);
    return true;
}

// The failures about a line the child wrote, rather than about the process (is_about_a_line).
constexpr std::string_view line_too_long = "wrote a line longer than ";
constexpr std::string_view line_after_end = "wrote after the end";

// A time limit as messages give it: "10 s", or "1500 ms" when not whole seconds.
std::string duration_text(std::chrono::milliseconds timeout) {
    const auto milliseconds = timeout.count();
    return milliseconds % 1000 == 0 ? std::to_string(milliseconds / 1000) + " s" : std::to_string(milliseconds) + " ms";
}

// "exited with code N", with what a shell means by 126 and 127 (the command is run by
// /bin/sh -c, which exits so when it cannot run or find it).
std::string exited_with(int code) {
    std::string text = "exited with code " + std::to_string(code);
    if (code == 127) text += " (the shell's code for a command not found)";
    if (code == 126) text += " (the shell's code for a command found but not runnable)";
    // A shell that stays as the program's parent (Debian's sh does, for a command that does
    // not start with `exec`) exits with 128 + N when the program is killed by signal N.
    if (code > 128 && code < 128 + 65) {
        const int signal = code - 128;
        text += " (the shell's code for a program killed by signal " + std::to_string(signal) + ", " +
                ::strsignal(signal) + ")";
    }
    return text;
}

}  // namespace

std::string ChildOutcome::describe(std::chrono::milliseconds timeout) const {
    switch (ending) {
        case Ending::exited:
            return exited_with(exit_code);
        case Ending::signalled:
            return "was killed by signal " + std::to_string(signal) + " (" + ::strsignal(signal) + ")";
        case Ending::too_much_output:
            return "wrote more than " + std::to_string(max_output_bytes >> 20) + " MiB (killed)";
        case Ending::timed_out:
            break;
    }
    return "gave no complete answer within " + duration_text(timeout) + " (killed)";
}

ChildOutcome run_child(const std::string& command, std::string_view input,
                       std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    IgnoreSigpipe ignore_sigpipe;
    Pipe input_pipe;
    Pipe output_pipe;
    Pipe error_pipe;
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        throw InputError(command, std::string("cannot start a process: ") + std::strerror(errno));
    }
    if (pid == 0) exec_in_child(command, input_pipe, output_pipe, error_pipe, parent);
    ::setpgid(pid, pid);  // also here, so that no kill can come before the child's own call
    remember_group(pid);
    input_pipe.close_read();
    output_pipe.close_write();
    error_pipe.close_write();
    set_non_blocking(input_pipe.write_end());
    set_non_blocking(output_pipe.read_end());
    set_non_blocking(error_pipe.read_end());

    ChildOutcome outcome;
    bool in_time = exchange(pid, Streams{input_pipe, output_pipe, error_pipe}, input, deadline,
                            outcome);
    while (in_time && !has_exited(pid)) {
        if (Clock::now() >= deadline) in_time = false;
        else std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    // The whole group goes, whatever happened: nothing the command started outlives it.
    ::kill(-pid, SIGKILL);
    forget_group(pid);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (outcome.output.size() > max_output_bytes) {
        outcome.ending = ChildOutcome::Ending::too_much_output;
    } else if (!in_time) {
        outcome.ending = ChildOutcome::Ending::timed_out;
    } else if (WIFSIGNALED(status)) {
        outcome.ending = ChildOutcome::Ending::signalled;
        outcome.signal = WTERMSIG(status);
    } else {
        outcome.ending = ChildOutcome::Ending::exited;
        outcome.exit_code = WEXITSTATUS(status);
    }
    return outcome;
}

}  // namespace pajesim::harness

namespace pajesim::harness {

ChildSession::ChildSession(const std::string& command) {
    Pipe input_pipe;
    Pipe output_pipe;
    Pipe error_pipe;
    // SIGPIPE stays ignored for the session's life: a child that stops reading makes write()
    // fail with EPIPE instead of killing pajesim.
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    ::sigaction(SIGPIPE, &ignore, nullptr);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) throw InputError(command, std::string("cannot start a process: ") + std::strerror(errno));
    if (pid == 0) exec_in_child(command, input_pipe, output_pipe, error_pipe, parent);
    ::setpgid(pid, pid);
    remember_group(pid);
    pid_ = pid;
    input_pipe.close_read();
    output_pipe.close_write();
    error_pipe.close_write();
    input_ = ::dup(input_pipe.write_end());
    output_ = ::dup(output_pipe.read_end());
    error_fd_ = ::dup(error_pipe.read_end());
    for (const int fd : {input_, output_, error_fd_}) {
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);
        set_non_blocking(fd);
    }
}

ChildSession::~ChildSession() { stop(); }

void ChildSession::stop() {
    if (pid_ < 0) return;
    ::kill(-pid_, SIGKILL);
    forget_group(pid_);
    if (!exited_) {
        while (::waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
        }
        exited_ = true;
    }
    for (int* fd : {&input_, &output_, &error_fd_}) {
        if (*fd >= 0) ::close(*fd);
        *fd = -1;
    }
    pid_ = -1;
}

template <typename Done>
bool ChildSession::pump(std::string_view to_write, Clock::time_point deadline, Done done) {
    std::size_t written = 0;
    while (true) {
        written_all_ = written == to_write.size();
        if (written == to_write.size() && done()) return true;
        const auto now = Clock::now();
        if (now >= deadline) return false;
        std::array<pollfd, 3> fds{};
        nfds_t count = 0;
        const bool writing = written < to_write.size() && input_ >= 0;
        if (writing) fds[count++] = pollfd{input_, POLLOUT, 0};
        if (!output_closed_) fds[count++] = pollfd{output_, POLLIN, 0};
        if (error_fd_ >= 0) fds[count++] = pollfd{error_fd_, POLLIN, 0};
        const auto wait = std::min<std::int64_t>(
            50, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1);
        const bool gone_before = exited_;
        const int ready = count == 0 ? 0 : ::poll(fds.data(), count, static_cast<int>(wait));
        if (count == 0) std::this_thread::sleep_for(std::chrono::milliseconds(wait));
        if (ready < 0 && errno != EINTR) return false;
        if (ready == 0 && gone_before) {
            // The child is gone and its group killed, and nothing came for a whole wait: only a
            // process that left its group (setsid) holds the pipes open. What the child wrote
            // was in them when it exited and has been read: it is the child's whole output.
            return true;
        }
        for (nfds_t i = 0; i < count && ready > 0; ++i) {
            if (fds[i].revents == 0) continue;
            if (writing && fds[i].fd == input_) {
                const std::size_t size = std::min(chunk_bytes, to_write.size() - written);
                const ssize_t sent = ::write(input_, to_write.data() + written, size);
                if (sent > 0) written += static_cast<std::size_t>(sent);
                if (sent < 0 && errno != EAGAIN && errno != EINTR) {
                    // Refused: the child closed its input, or is gone (EPIPE). Nothing more
                    // can reach it; the caller says which.
                    input_refused_ = true;
                    written = to_write.size();
                }
            } else if (!output_closed_ && fds[i].fd == output_) {
                output_closed_ = !read_some(output_, pending_);
            } else if (error_fd_ >= 0 && fds[i].fd == error_fd_) {
                if (!read_some(error_fd_, error_)) {
                    ::close(error_fd_);
                    error_fd_ = -1;
                }
                if (error_.size() > 2 * error_limit) error_.erase(0, error_.size() - error_limit);
            }
        }
        if (!exited_) {
            const pid_t reaped = ::waitpid(pid_, &status_, WNOHANG);
            if (reaped == pid_) {
                exited_ = true;
                // What it left running goes too; the pipes then drain to their end.
                ::kill(-pid_, SIGKILL);
                forget_group(pid_);
            }
        }
        if (exited_ && output_closed_ && done()) return true;
        if (exited_ && output_closed_) return true;
    }
}

std::string ChildSession::ending(std::chrono::milliseconds timeout, bool timed_out) {
    if (timed_out) return "gave no answer within " + duration_text(timeout) + " (killed)";
    if (!exited_) return "closed its output";
    if (WIFSIGNALED(status_)) {
        return "was killed by signal " + std::to_string(WTERMSIG(status_)) + " (" + ::strsignal(WTERMSIG(status_)) + ")";
    }
    return exited_with(WEXITSTATUS(status_));
}

ChildSession::Answer ChildSession::exchange(std::string_view line, std::chrono::milliseconds timeout,
                                            std::size_t max_line_bytes) {
    std::string request(line);
    request.push_back('\n');
    bool too_long = false;
    const auto has_line = [&] {
        if (pending_.find('\n') != std::string::npos) return true;
        too_long = pending_.size() > max_line_bytes;
        // A child that closed its output has no answer to give, whether it exits or not.
        return too_long || output_closed_;
    };
    const auto deadline = Clock::now() + timeout;
    const bool in_time = pump(request, deadline, has_line);
    if (!in_time && !written_all_) {
        // Its answer may be waiting already (written ahead), but the request never reached
        // it: a child that stops reading its input is stopped like one that stops answering.
        stop();
        return Answer{std::nullopt, "did not read its input within " + duration_text(timeout) + " (killed)"};
    }
    if (input_refused_) {
        // The request could not be written: the child closed its input, or exited. Whatever
        // it wrote ahead is no answer to a request it never had.
        if (!exited_) pump({}, std::min(deadline, Clock::now() + std::chrono::seconds(1)), [&] { return exited_; });
        std::string failure = exited_ ? ending(timeout, false) : "closed its input";
        stop();
        return Answer{std::nullopt, failure};
    }
    if (in_time && output_closed_ && !exited_ && pending_.find('\n') == std::string::npos) {
        // A process's output ends as it exits, a moment before it can be reaped: wait for that
        // moment (a second at most), so that an exit or a crash is told as such, whatever the
        // timing. Only a process still running then has closed its output and stayed.
        pump({}, std::min(deadline, Clock::now() + std::chrono::seconds(1)), [&] { return exited_; });
    }
    const std::size_t end = pending_.find('\n');
    if (end != std::string::npos && end <= max_line_bytes) {
        Answer answer{pending_.substr(0, end), {}};
        pending_.erase(0, end + 1);
        return answer;
    }
    if (end != std::string::npos || too_long) {
        stop();
        return Answer{std::nullopt, std::string(line_too_long) + std::to_string(max_line_bytes >> 20) + " MiB"};
    }
    std::string failure = ending(timeout, !in_time);
    if (!pending_.empty() && in_time) failure += " after an unfinished line";
    stop();
    return Answer{std::nullopt, failure};
}

bool ChildSession::is_about_a_line(std::string_view failure) {
    return failure.starts_with(line_too_long) || failure.starts_with(line_after_end);
}

std::string ChildSession::finish(std::string_view line, std::chrono::milliseconds timeout) {
    std::string request(line);
    request.push_back('\n');
    const auto deadline = Clock::now() + timeout;
    pump(request, deadline, [] { return true; });
    if (input_ >= 0) {
        ::close(input_);
        input_ = -1;
    }
    const bool in_time = pump({}, deadline, [&] { return exited_; });
    std::string failure;
    if (!in_time) {
        failure = "did not exit within " + std::to_string(timeout.count() / 1000) + " s after the end (killed)";
    } else if (WIFSIGNALED(status_) || WEXITSTATUS(status_) != 0) {
        failure = ending(timeout, false);
    } else if (!pending_.empty()) {
        failure = line_after_end;
    }
    stop();
    return failure;
}

}  // namespace pajesim::harness
