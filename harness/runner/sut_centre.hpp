#pragma once
// The Pajemploi centre as an external system under test: the `pajesim-centre` protocol
// (docs/sut-protocol.md) spoken over a line link, with every answer validated. A protocol
// break, a crash or a time-out stops the run with model::CentreFailure (exit 3). The link is a
// child process (--sut), or a recording played back (`pajesim replay`, and the replays that
// follow the most harmed families' files).

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/runner/child_process.hpp"
#include "sim/model/centre/centre.hpp"

namespace pajesim::harness {

inline constexpr int centre_protocol_version = 1;
inline constexpr std::size_t max_centre_line_bytes = std::size_t{64} << 20;

// Where the centre's lines go and come from.
class CentreLink {
public:
    virtual ~CentreLink() = default;
    // Sends one line and returns the answer line, or why there is none.
    virtual ChildSession::Answer exchange(const std::string& line) = 0;
    // Sends the end; the failure, or empty when the centre ended well.
    virtual std::string finish(const std::string& line) = 0;
    // The centre's standard error so far (empty for a recording).
    virtual std::string error_text() const { return {}; }
};

class ProcessLink final : public CentreLink {
public:
    ProcessLink(const std::string& command, std::chrono::milliseconds timeout)
        : session_(command), timeout_(timeout) {}
    ChildSession::Answer exchange(const std::string& line) override {
        ChildSession::Answer answer = session_.exchange(line, timeout_, max_centre_line_bytes);
        if (answer.line) {
            ++answers_;
        } else {
            answer.failure = explained(std::move(answer.failure));
        }
        return answer;
    }
    std::string finish(const std::string& line) override {
        std::string failure = session_.finish(line, timeout_);
        return failure.empty() ? failure : explained(std::move(failure));
    }
    std::string error_text() const override { return session_.error_text(); }

private:
    // A failure's text with what helps its reader: that the centre never answered its hello,
    // and the last line it wrote on its standard error (a shell's "not found", an exception).
    // Added here, before the conversation records it, so that a replay shows the same text.
    std::string explained(std::string failure) const;

    ChildSession session_;
    std::chrono::milliseconds timeout_;
    std::uint64_t answers_ = 0;
};

// One line of a conversation: sent to the centre, received from it, or the centre's failure.
struct ConversationLine {
    enum class Kind : std::uint8_t { sent, received, failure };
    Kind kind = Kind::sent;
    std::string text;
};

// Plays a recorded conversation back: answers what the centre answered, and checks that each
// line sent is the one recorded (throws InputError naming `file` and the line otherwise).
class ReplayLink final : public CentreLink {
public:
    // Without `check_sent`, `lines` hold the answers only (a conversation kept without what
    // was sent: the replays that follow families' files regenerate it).
    ReplayLink(const std::vector<ConversationLine>& lines, std::string file, std::size_t first_line_number,
               bool check_sent = true)
        : lines_(lines), file_(std::move(file)), first_line_number_(first_line_number), check_sent_(check_sent) {}
    ChildSession::Answer exchange(const std::string& line) override;
    std::string finish(const std::string& line) override;

private:
    void expect_sent(const std::string& line);
    const std::vector<ConversationLine>& lines_;
    std::string file_;
    std::size_t first_line_number_;
    bool check_sent_;
    std::size_t next_ = 0;
};

class SutCentre final : public model::PajemploiCentre {
public:
    // `conversation`, when given, receives every line as it crosses the link (the lines sent
    // too only with `keep_sent`).
    SutCentre(CentreLink& link, std::vector<ConversationLine>* conversation, bool keep_sent = true)
        : link_(link), conversation_(conversation), keep_sent_(keep_sent) {}
    void start(const model::CentreSetup& setup) override;
    void day(Date date, bool business_day, std::span<const model::CentreMessage> messages,
             std::vector<model::CentreAction>& actions) override;
    void finish() override;
    std::uint64_t messages_sent() const { return messages_sent_; }
    const std::string& centre_name() const { return name_; }

private:
    std::string exchange(const std::string& request, Date day);
    [[noreturn]] void broke(Date day, const std::string& reason) const;
    void read_hello(const std::string& line, const model::CentreSetup& setup);
    void read_actions(const std::string& line, Date day, std::vector<model::CentreAction>& actions);
    void append_declaration(std::string& out, const model::DeclarationIn& declaration) const;
    void append_rights_list(std::string& out, const std::vector<model::RightsIn>& rights) const;
    void append_record(std::string& out, const model::RightsRecord& record,
                       std::span<const law::ChildFacts> children) const;

    CentreLink& link_;
    std::vector<ConversationLine>* conversation_;
    bool keep_sent_;
    model::CentreSetup setup_;
    std::uint64_t answers_ = 0;         // lines received so far
    std::uint64_t messages_sent_ = 0;
    std::string name_;
    std::vector<std::string> order_names_;  // model::OrderId - 1 -> the centre's id
    std::unordered_set<std::string> used_orders_;
    // The amounts and the number of the actions per family and care month (family << 16 |
    // month index), over the run.
    struct FamilyMonthActions {
        std::uint64_t cents = 0;
        std::uint32_t count = 0;
    };
    std::unordered_map<std::uint64_t, FamilyMonthActions> amounts_;
    std::deque<std::string> reasons_;  // the day's hold and open_file reasons
    // Bit m: the contract's declaration of the run's month m was sent (a hold must name one).
    mutable std::vector<std::uint64_t> declarations_sent_;
    std::string request_;
};

// The recording file (`--record`): a header line, then the conversation.
std::string recording_line(const ConversationLine& line);
ConversationLine read_recording_line(const std::string& text, const std::string& file, std::size_t number);

}  // namespace pajesim::harness
