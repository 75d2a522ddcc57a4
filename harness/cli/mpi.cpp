#include "harness/cli/mpi.hpp"

#include <cstdlib>

#ifdef PAJESIM_WITH_MPI
#include <mpi.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <deque>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#endif

namespace pajesim::cli {

#ifndef PAJESIM_WITH_MPI

bool mpi_built() { return false; }
MpiSession mpi_start() { return {}; }
void mpi_finish() {}

void mpi_share_runs(const MpiSession&, const std::vector<std::size_t>& pending,
                    const std::function<std::string(std::size_t)>& work,
                    const std::function<void(std::size_t, const std::string&)>& done, const std::string&) {
    for (const std::size_t run : pending) done(run, work(run));
}

std::vector<std::string> mpi_gather(const MpiSession&, const std::string& mine) { return {mine}; }
std::string mpi_broadcast(const MpiSession&, const std::string& value) { return value; }
void mpi_tell_others(const MpiSession&, const std::string&) {}
std::vector<std::string> mpi_news(const MpiSession&) { return {}; }

#else

namespace {

constexpr int tag_ready = 1;  // a rank's first requests for work
// Each rank other than 0 keeps this many requests in flight: it has its next run before it
// finishes the current one, and never waits on rank 0.
constexpr int requests_in_flight = 2;
constexpr int tag_done = 2;   // a run's id (8 bytes) and its summary
constexpr int tag_run = 3;    // rank 0's answer: the next run, or -1
constexpr int tag_news = 4;   // a counterexample found (mpi_tell_others)

MpiSession session_state;
bool started = false;

bool launched_by_mpi() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
        if (std::getenv(name) != nullptr) return true;
    }
    return false;
}

// What rank 0 prints when the launcher stops the job (a rank died): the runs assigned and not
// done. Written by the coordinator into one of two buffers, then published; the signal handler
// only reads the published one.
struct LostRunsMessage {
    std::array<std::array<char, 8192>, 2> buffers{};
    std::atomic<int> published{-1};
    std::atomic<std::size_t> length{0};
};
LostRunsMessage lost_message;
std::string resume_hint = "pajesim sweep SPEC --out DIR --resume";

void on_stop(int) {
    const int which = lost_message.published.load();
    if (which >= 0) {
        const std::size_t size = lost_message.length.load();
        [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, lost_message.buffers[static_cast<std::size_t>(which)].data(), size);
    }
    ::_exit(4);
}

void publish_lost(const std::multimap<int, std::size_t>& in_flight) {
    std::string text = "pajesim sweep: the sweep was stopped (a rank died or the job was killed); runs lost:";
    if (in_flight.empty()) text += " none in progress";
    for (const auto& [rank, run] : in_flight) text += " " + std::to_string(run) + " (rank " + std::to_string(rank) + ")";
    text += ". The runs done are kept: '" + resume_hint + "' finishes the others.\n";
    const int next = lost_message.published.load() == 0 ? 1 : 0;
    auto& buffer = lost_message.buffers[static_cast<std::size_t>(next)];
    const std::size_t size = std::min(text.size(), buffer.size());
    std::memcpy(buffer.data(), text.data(), size);
    lost_message.length.store(size);
    lost_message.published.store(next);
}

std::list<std::string> news_buffers;
std::vector<MPI_Request> news_requests;

void settle_news_requests() {
    if (news_requests.empty()) return;
    MPI_Waitall(static_cast<int>(news_requests.size()), news_requests.data(), MPI_STATUSES_IGNORE);
    news_requests.clear();
    news_buffers.clear();
}

}  // namespace

bool mpi_built() { return true; }

MpiSession mpi_start() {
    if (started) return session_state;
    started = true;
    if (!launched_by_mpi()) return session_state;
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_MULTIPLE, &provided);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    int rank = 0;
    int size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    session_state = {size > 1, rank, size};
    if (size > 1 && provided < MPI_THREAD_MULTIPLE) {
        // Rank 0 answers the others from a thread while it computes runs itself.
        if (rank == 0) {
            const char* message = "pajesim: this MPI library does not provide MPI_THREAD_MULTIPLE\n";
            [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, message, std::strlen(message));
        }
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    // A single rank under mpirun still initialised MPI: finalise it at the end all the same.
    return session_state;
}

void mpi_finish() {
    if (!started || !launched_by_mpi()) return;
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (finalized != 0) return;
    settle_news_requests();
    MPI_Barrier(MPI_COMM_WORLD);
    // Counterexamples told after the others stopped listening: read, so nothing is left in flight.
    (void)mpi_news(session_state);
    MPI_Finalize();
}

void mpi_share_runs(const MpiSession& session, const std::vector<std::size_t>& pending,
                    const std::function<std::string(std::size_t)>& work,
                    const std::function<void(std::size_t, const std::string&)>& done, const std::string& resume_command) {
    if (!session.active) {
        for (const std::size_t run : pending) done(run, work(run));
        return;
    }
    if (session.rank != 0) {
        // Asks for `requests_in_flight` runs at once, then for one more with each summary sent:
        // a queue of assigned runs, and the number of answers still to come.
        for (int r = 0; r < requests_in_flight; ++r) MPI_Send(nullptr, 0, MPI_CHAR, 0, tag_ready, MPI_COMM_WORLD);
        std::deque<std::int64_t> assigned;
        int awaited = requests_in_flight;
        const auto receive = [&] {
            std::int64_t run = -1;
            MPI_Recv(&run, 1, MPI_INT64_T, 0, tag_run, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            --awaited;
            if (run >= 0) assigned.push_back(run);
        };
        for (;;) {
            int flag = 1;
            while (awaited > 0 && flag != 0) {
                MPI_Iprobe(0, tag_run, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
                if (flag != 0) receive();
            }
            if (assigned.empty()) {
                if (awaited == 0) break;
                receive();
                continue;
            }
            const std::int64_t run = assigned.front();
            assigned.pop_front();
            const std::string summary = work(static_cast<std::size_t>(run));
            std::string message(sizeof run, '\0');
            std::memcpy(message.data(), &run, sizeof run);
            message += summary;
            MPI_Send(message.data(), static_cast<int>(message.size()), MPI_CHAR, 0, tag_done, MPI_COMM_WORLD);
            ++awaited;
        }
        return;
    }
    if (!resume_command.empty()) resume_hint = resume_command;
    std::mutex mutex;  // the queue, what is in flight, and `done`
    std::size_t next = 0;
    std::multimap<int, std::size_t> in_flight;  // rank -> runs assigned and not done
    const auto finished = [&](int rank, std::size_t run) {
        for (auto [at, end] = in_flight.equal_range(rank); at != end; ++at) {
            if (at->second == run) {
                in_flight.erase(at);
                break;
            }
        }
    };
    const auto take = [&](int rank) -> std::optional<std::size_t> {
        if (next >= pending.size()) return std::nullopt;
        const std::size_t run = pending[next++];
        in_flight.emplace(rank, run);
        publish_lost(in_flight);
        return run;
    };
    struct sigaction action {};
    action.sa_handler = on_stop;
    sigemptyset(&action.sa_mask);
    struct sigaction previous_term {};
    struct sigaction previous_int {};
    ::sigaction(SIGTERM, &action, &previous_term);
    ::sigaction(SIGINT, &action, &previous_int);
    {
        std::lock_guard lock(mutex);
        publish_lost(in_flight);
    }
    std::thread coordinator([&] {
        // Every other rank is answered "no more" once per request it keeps in flight.
        int endings = (session.size - 1) * requests_in_flight;
        while (endings > 0) {
            int flag = 0;
            MPI_Status status;
            MPI_Iprobe(MPI_ANY_SOURCE, tag_done, MPI_COMM_WORLD, &flag, &status);
            if (flag == 0) MPI_Iprobe(MPI_ANY_SOURCE, tag_ready, MPI_COMM_WORLD, &flag, &status);
            if (flag == 0) {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
                continue;
            }
            int length = 0;
            MPI_Get_count(&status, MPI_CHAR, &length);
            std::string message(static_cast<std::size_t>(length), '\0');
            MPI_Recv(message.data(), length, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
            std::int64_t answer = -1;
            {
                std::lock_guard lock(mutex);
                if (status.MPI_TAG == tag_done) {
                    std::int64_t run = 0;
                    std::memcpy(&run, message.data(), sizeof run);
                    finished(status.MPI_SOURCE, static_cast<std::size_t>(run));
                    publish_lost(in_flight);
                    done(static_cast<std::size_t>(run), message.substr(sizeof run));
                }
                if (const auto run = take(status.MPI_SOURCE)) answer = static_cast<std::int64_t>(*run);
            }
            MPI_Send(&answer, 1, MPI_INT64_T, status.MPI_SOURCE, tag_run, MPI_COMM_WORLD);
            if (answer < 0) --endings;
        }
    });
    for (;;) {
        std::optional<std::size_t> run;
        {
            std::lock_guard lock(mutex);
            run = take(0);
        }
        if (!run) break;
        const std::string summary = work(*run);
        std::lock_guard lock(mutex);
        finished(0, *run);
        publish_lost(in_flight);
        done(*run, summary);
    }
    coordinator.join();
    ::sigaction(SIGTERM, &previous_term, nullptr);
    ::sigaction(SIGINT, &previous_int, nullptr);
}

std::vector<std::string> mpi_gather(const MpiSession& session, const std::string& mine) {
    if (!session.active) return {mine};
    int length = static_cast<int>(mine.size());
    std::vector<int> lengths(static_cast<std::size_t>(session.size));
    MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::vector<int> offsets(lengths.size(), 0);
    std::string all;
    if (session.rank == 0) {
        int total = 0;
        for (std::size_t r = 0; r < lengths.size(); ++r) {
            offsets[r] = total;
            total += lengths[r];
        }
        all.resize(static_cast<std::size_t>(total));
    }
    MPI_Gatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, 0,
                MPI_COMM_WORLD);
    std::vector<std::string> gathered;
    if (session.rank != 0) return gathered;
    for (std::size_t r = 0; r < lengths.size(); ++r) {
        gathered.push_back(all.substr(static_cast<std::size_t>(offsets[r]), static_cast<std::size_t>(lengths[r])));
    }
    return gathered;
}

std::string mpi_broadcast(const MpiSession& session, const std::string& value) {
    if (!session.active) return value;
    std::uint64_t length = value.size();
    MPI_Bcast(&length, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    std::string copy = session.rank == 0 ? value : std::string(length, '\0');
    MPI_Bcast(copy.data(), static_cast<int>(length), MPI_CHAR, 0, MPI_COMM_WORLD);
    return copy;
}

void mpi_tell_others(const MpiSession& session, const std::string& message) {
    if (!session.active) return;
    news_buffers.push_back(message);
    const std::string& kept = news_buffers.back();
    for (int rank = 0; rank < session.size; ++rank) {
        if (rank == session.rank) continue;
        MPI_Request request;
        MPI_Isend(kept.data(), static_cast<int>(kept.size()), MPI_CHAR, rank, tag_news, MPI_COMM_WORLD, &request);
        news_requests.push_back(request);
    }
}

std::vector<std::string> mpi_news(const MpiSession& session) {
    std::vector<std::string> news;
    if (!session.active) return news;
    for (;;) {
        int flag = 0;
        MPI_Status status;
        MPI_Iprobe(MPI_ANY_SOURCE, tag_news, MPI_COMM_WORLD, &flag, &status);
        if (flag == 0) break;
        int length = 0;
        MPI_Get_count(&status, MPI_CHAR, &length);
        std::string message(static_cast<std::size_t>(length), '\0');
        MPI_Recv(message.data(), length, MPI_CHAR, status.MPI_SOURCE, tag_news, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        news.push_back(std::move(message));
    }
    return news;
}

#endif

}  // namespace pajesim::cli
