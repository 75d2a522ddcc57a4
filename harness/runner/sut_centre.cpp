#include "harness/runner/sut_centre.hpp"

#include <algorithm>
#include <charconv>

#include "sim/kernel/business_days.hpp"
#include "sim/kernel/json_input.hpp"

namespace pajesim::harness {
namespace {

using model::ActionKind;

constexpr std::int64_t max_action_cents = 1'000'000'000;  // 10 000 000.00 euros
constexpr std::size_t max_order_id = 64;
constexpr std::size_t max_reason = 200;
// The amounts of the actions for one family's care month, all together: 20 000 000.00 euros
// (the books keep a family-month's cents in 32 bits).
constexpr std::uint64_t max_family_month_cents = 2'000'000'000;
// A centre's answers are bounded in number as in amounts (docs/sut-protocol.md), so that a
// centre flooding the run with small actions is found out, not followed until the memory is
// gone: at most this many actions for one family and care month over the run, and in one
// answer at most answer_actions_per_family per family of the run and answer_actions_base more.
constexpr std::uint32_t max_family_month_actions = 1'000;
constexpr std::uint64_t answer_actions_per_family = 256;
constexpr std::uint64_t answer_actions_base = 4'096;

void append_string(std::string& out, std::string_view text) {
    out.push_back('"');
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (static_cast<unsigned char>(c) < 0x20) {
            out += nlohmann::json(std::string(1, c)).dump().substr(1, 6);
        } else {
            out.push_back(c);
        }
    }
    out.push_back('"');
}

void append_key(std::string& out, std::string_view key) {
    out.push_back(',');
    append_string(out, key);
    out.push_back(':');
}

void append_number(std::string& out, std::uint64_t value) {
    char buffer[24];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    out.append(buffer, end);
}

void append_two_digits(std::string& out, unsigned value) {
    out.push_back(static_cast<char>('0' + value / 10));
    out.push_back(static_cast<char>('0' + value % 10));
}

// "2019-06" and "2019-06-27" without a temporary string (the requests carry millions).
void append_month(std::string& out, YearMonth month) {
    out.push_back('"');
    append_number(out, static_cast<std::uint64_t>(month.year()));
    out.push_back('-');
    append_two_digits(out, month.month());
    out.push_back('"');
}

void append_date(std::string& out, Date date) {
    out.push_back('"');
    append_number(out, static_cast<std::uint64_t>(date.year()));
    out.push_back('-');
    append_two_digits(out, date.month());
    out.push_back('-');
    append_two_digits(out, date.day());
    out.push_back('"');
}

// "123.45" (amounts in requests are never negative).
void append_cents(std::string& out, Cents amount) {
    const auto cents = static_cast<std::uint64_t>(amount.value());
    out.push_back('"');
    append_number(out, cents / 100);
    out.push_back('.');
    append_two_digits(out, static_cast<unsigned>(cents % 100));
    out.push_back('"');
}


// Characters of valid UTF-8 text (the reader refuses invalid UTF-8): bytes that do not
// continue a sequence.
std::size_t characters(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0u) != 0x80u;
    }));
}

// "123.45": digits without a leading zero, a point, exactly two decimals; positive and at
// most 10 000 000.00.
std::optional<Cents> read_amount(const nlohmann::json& value) {
    if (!value.is_string()) return std::nullopt;
    const std::string& text = value.get_ref<const std::string&>();
    const std::size_t point = text.find('.');
    if (point == std::string::npos || point == 0 || point > 8 || text.size() != point + 3) return std::nullopt;
    if (point > 1 && text[0] == '0') return std::nullopt;  // no leading zero: "012.50" is not an amount
    std::int64_t cents = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i == point) continue;
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        cents = cents * 10 + (text[i] - '0');
    }
    if (cents <= 0 || cents > max_action_cents) return std::nullopt;
    return Cents{cents};
}

bool valid_order_id(const std::string& id) {
    if (id.empty() || id.size() > max_order_id) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == ':' || c == '-';
    });
}

}  // namespace

// --- the link to a running centre ----------------------------------------------------------

std::string ProcessLink::explained(std::string failure) const {
    if (answers_ == 0) failure += ", before answering the hello";
    std::string error = session_.error_text();
    while (!error.empty() && (error.back() == '\n' || error.back() == '\r')) error.pop_back();
    std::string last = error.substr(error.find_last_of('\n') == std::string::npos ? 0 : error.find_last_of('\n') + 1);
    if (last.empty()) return failure;
    constexpr std::size_t max_shown = 300;
    if (last.size() > max_shown) {
        std::size_t cut = max_shown;
        while (cut > 0 && (static_cast<unsigned char>(last[cut]) & 0xC0u) == 0x80u) --cut;  // a whole character
        last = last.substr(0, cut) + "...";
    }
    const bool utf8 = valid_utf8(last);
    for (char& c : last) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F || (!utf8 && byte >= 0x80)) c = '?';
    }
    return failure + "; the last line of its standard error: " + last;
}

// --- the link played back from a recording ------------------------------------------------

void ReplayLink::expect_sent(const std::string& line) {
    const std::size_t number = first_line_number_ + next_;
    if (next_ >= lines_.size()) {
        throw InputError(file_, "line " + std::to_string(number) +
                                    ": the recording ends where this run sends another line: it was cut "
                                    "short, or made by another scenario, seed or version of pajesim");
    }
    const ConversationLine& recorded = lines_[next_++];
    if (recorded.kind != ConversationLine::Kind::sent || recorded.text != line) {
        throw InputError(file_, "line " + std::to_string(number) +
                                    ": this run sends another line than the one recorded: the recording "
                                    "was altered, or made by another version of pajesim");
    }
}

ChildSession::Answer ReplayLink::exchange(const std::string& line) {
    if (check_sent_) expect_sent(line);
    if (next_ >= lines_.size()) {
        throw InputError(file_, "line " + std::to_string(first_line_number_ + next_) +
                                    ": the recording ends before the centre's answer");
    }
    const ConversationLine& answer = lines_[next_++];
    if (answer.kind == ConversationLine::Kind::received) return ChildSession::Answer{answer.text, {}};
    if (answer.kind == ConversationLine::Kind::failure) return ChildSession::Answer{std::nullopt, answer.text};
    throw InputError(file_, "line " + std::to_string(first_line_number_ + next_ - 1) +
                                ": two lines sent in a row: the centre's answer is missing");
}

std::string ReplayLink::finish(const std::string& line) {
    if (check_sent_) expect_sent(line);
    if (next_ < lines_.size() && lines_[next_].kind == ConversationLine::Kind::failure) return lines_[next_++].text;
    // The run is over: a line after it was not part of its conversation (added to the file).
    if (next_ < lines_.size()) {
        throw InputError(file_, "line " + std::to_string(first_line_number_ + next_) +
                                    ": a line after the end of the run's conversation");
    }
    return {};
}

// --- the centre's side of the conversation -------------------------------------------------

std::string recording_line(const ConversationLine& line) {
    const char* key = line.kind == ConversationLine::Kind::sent       ? "sent"
                      : line.kind == ConversationLine::Kind::received ? "received"
                                                                      : "failure";
    std::string out = "{";
    if (valid_utf8(line.text)) {
        append_string(out, key);
        out.push_back(':');
        out += nlohmann::json(line.text).dump();
    } else {
        // A JSON string holds only valid UTF-8: the line's bytes as they crossed the pipe, in
        // hexadecimal, so that the replay reads the very bytes the run read.
        append_string(out, std::string(key) + "_hex");
        out += ":\"";
        static constexpr char digits[] = "0123456789abcdef";
        for (const char c : line.text) {
            const auto byte = static_cast<unsigned char>(c);
            out.push_back(digits[byte >> 4]);
            out.push_back(digits[byte & 0x0F]);
        }
        out.push_back('"');
    }
    out.push_back('}');
    return out;
}

namespace {

// The bytes written by recording_line as hexadecimal digits.
std::string bytes_from_hex(const JsonValue& value) {
    const std::string& text = value.as_string();
    if (text.size() % 2 != 0) value.fail("expected an even number of hexadecimal digits");
    const auto digit = [&](char c) -> unsigned {
        if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
        if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
        value.fail("expected lowercase hexadecimal digits (0-9, a-f)");
    };
    std::string bytes;
    bytes.reserve(text.size() / 2);
    for (std::size_t i = 0; i < text.size(); i += 2) {
        bytes.push_back(static_cast<char>((digit(text[i]) << 4) | digit(text[i + 1])));
    }
    return bytes;
}

}  // namespace

ConversationLine read_recording_line(const std::string& text, const std::string& file, std::size_t number) {
    const std::string where = file + ":" + std::to_string(number);
    const nlohmann::json document = parse_json_line(text, where);
    const JsonValue root(document, where, "");
    ObjectReader reader(root);
    using Kind = ConversationLine::Kind;
    std::optional<ConversationLine> line;
    for (const auto& [key, kind] : {std::pair{"sent", Kind::sent}, std::pair{"received", Kind::received},
                                    std::pair{"failure", Kind::failure}}) {
        std::optional<ConversationLine> found;
        std::optional<JsonValue> value = reader.optional(key);
        if (value) {
            found = ConversationLine{kind, value->as_string()};
        } else if ((value = reader.optional(std::string(key) + "_hex"))) {
            found = ConversationLine{kind, bytes_from_hex(*value)};
        }
        if (found && line) root.fail("expected one message on the line, found two");
        if (found && kind == Kind::failure && found->text.empty()) {
            value->fail("a failure with no reason: pajesim always records why the centre gave no answer");
        }
        // pajesim records a reason of a few hundred bytes, its control characters replaced (it
        // is printed and written into the reports): anything else was not written by pajesim.
        if (found && kind == Kind::failure) {
            if (found->text.size() > 4'096) {
                value->fail("a failure reason of " + std::to_string(found->text.size()) +
                            " bytes: pajesim records at most a few hundred");
            }
            for (const char c : found->text) {
                const auto byte = static_cast<unsigned char>(c);
                if (byte < 0x20 || byte == 0x7F) value->fail("a failure reason with a control character");
            }
        }
        if (found) line = std::move(found);
    }
    if (!line) {
        root.fail("expected one of the keys \"sent\", \"received\", \"failure\" (or the same with \"_hex\")");
    }
    reader.finish();
    return *line;
}

void SutCentre::broke(Date day, const std::string& reason) const {
    throw model::CentreFailure(day, answers_, reason);
}

std::string SutCentre::exchange(const std::string& request, Date day) {
    if (conversation_ != nullptr && keep_sent_) conversation_->push_back({ConversationLine::Kind::sent, request});
    ChildSession::Answer answer = link_.exchange(request);
    if (!answer.line) {
        if (conversation_ != nullptr) conversation_->push_back({ConversationLine::Kind::failure, answer.failure});
        throw model::CentreFailure(day, ChildSession::is_about_a_line(answer.failure) ? answers_ + 1 : 0, answer.failure);
    }
    ++answers_;
    if (conversation_ != nullptr) conversation_->push_back({ConversationLine::Kind::received, *answer.line});
    return std::move(*answer.line);
}

void SutCentre::start(const model::CentreSetup& setup) {
    setup_ = setup;
    const model::Scenario& scenario = *setup.scenario;
    std::string out = "{\"type\":\"hello\",\"protocol\":" + std::to_string(centre_protocol_version);
    append_key(out, "scenario");
    append_string(out, scenario.name);
    append_key(out, "seed");
    append_string(out, std::to_string(scenario.seed));
    append_key(out, "first_month");
    append_string(out, scenario.first_month.to_string());
    append_key(out, "last_month");
    append_string(out, scenario.last_month.to_string());
    append_key(out, "first_day");
    append_string(out, setup.first_day.to_string());
    append_key(out, "last_day");
    append_string(out, setup.last_day.to_string());
    append_key(out, "params_file");
    append_string(out, setup.params_file);
    append_key(out, "public_holidays");
    out.push_back('[');
    for (std::size_t i = 0; i < setup.public_holidays.size(); ++i) {
        if (i > 0) out.push_back(',');
        append_string(out, setup.public_holidays[i].to_string());
    }
    out.push_back(']');
    const model::WorkflowParameters& w = scenario.workflow;
    out += ",\"workflow\":{\"cmg_payment_delay_business_days\":" + std::to_string(w.cmg_payment_delay_business_days) +
           ",\"contributions_debit_business_days\":" + std::to_string(w.contributions_debit_business_days) +
           ",\"pajemploi_plus_carer_payment_business_days\":" +
           std::to_string(w.pajemploi_plus_carer_payment_business_days) +
           ",\"pajemploi_plus_carer_payment_deadline_day\":" +
           std::to_string(w.pajemploi_plus_carer_payment_deadline_day) +
           ",\"debit_representation_days\":" + std::to_string(w.debit_representation_days) +
           ",\"carer_pay_rule\":" +
           (w.carer_pay_rule == model::CarerPayRule::guarantee ? "\"guarantee\"" : "\"after_debit\"") +
           ",\"guaranteed_months\":" + std::to_string(w.guaranteed_months) +
           ",\"escalate_after_rejections\":" + std::to_string(w.escalate_after_rejections) +
           ",\"represent_after_income\":" + (w.represent_after_income ? "true" : "false") + "}";
    const model::OverpaymentPolicy& policy = scenario.processes.overpayment;
    out += ",\"overpayment\":{\"recovery\":";
    out += policy.recovery == model::OverpaymentRecovery::debit    ? "\"debit\""
           : policy.recovery == model::OverpaymentRecovery::deduct ? "\"deduct\""
                                                                  : "\"write_off\"";
    out += ",\"monthly_limit\":";
    append_cents(out, policy.monthly_limit);
    out += ",\"notice_days\":" + std::to_string(policy.notice_days) +
           ",\"debit_remainder_after_days\":" + std::to_string(policy.debit_remainder_after_days) + "}";
    append_key(out, "families");
    append_number(out, setup.families);
    append_key(out, "contracts");
    append_number(out, setup.contracts);
    append_key(out, "needs");
    out.push_back('[');
    bool first = true;
    for (const auto& [needed, name] : {std::pair{setup.needs_pajemploi_plus, "pajemploi_plus"},
                                       std::pair{setup.needs_parallel_run, "parallel_run"},
                                       std::pair{setup.needs_hourly_regime, "hourly_regime"},
                                       std::pair{setup.needs_reconciliation, "reconciliation"}}) {
        if (!needed) continue;
        if (!first) out.push_back(',');
        first = false;
        append_string(out, name);
    }
    out += "]}";
    read_hello(exchange(out, setup.first_day), setup);
}

void SutCentre::read_hello(const std::string& line, const model::CentreSetup& setup) {
    const Date day = setup.first_day;
    try {
        const std::string where = "the handshake";
        const nlohmann::json document = parse_json_line(line, where);
        const JsonValue root(document, where, "");
        if (!document.is_object()) root.fail("expected an object");
        ObjectReader reader(root);
        if (reader.required("type").as_string() != "hello") reader.required("type").fail("expected \"hello\"");
        const JsonValue protocol = reader.required("protocol");
        if (protocol.as_int(0, 1'000'000) != centre_protocol_version) {
            protocol.fail("pajesim speaks protocol version " + std::to_string(centre_protocol_version));
        }
        const JsonValue name = reader.required("name");
        name_ = name.as_label();  // printed on the terminal and in the reports
        if (characters(name_) > max_reason) name.fail("longer than 200 characters");
        const JsonValue capabilities = reader.required("capabilities");
        std::vector<std::string> offered;
        const std::size_t count = capabilities.array_size(0, 100);
        for (std::size_t i = 0; i < count; ++i) offered.push_back(capabilities.at(i).as_string());
        reader.finish();
        const auto has = [&](const char* capability) {
            return std::find(offered.begin(), offered.end(), capability) != offered.end();
        };
        if (setup.needs_pajemploi_plus && !has("pajemploi_plus")) {
            broke(day, "the scenario has Pajemploi+ contracts and the system under test lacks the capability "
                       "\"pajemploi_plus\"");
        }
        if (setup.needs_hourly_regime && !has("hourly_regime")) {
            broke(day, "the scenario has care months of the hourly CMG (from 2025-09) and the system under test "
                       "lacks the capability \"hourly_regime\"");
        }
        if (setup.needs_reconciliation && !has("reconciliation")) {
            broke(day, "the scenario reconciles rights periodically and the system under test lacks the capability "
                       "\"reconciliation\"");
        }
        if (setup.needs_parallel_run && !has("parallel_run")) {
            broke(day, "the scenario runs a parallel run and the system under test lacks the capability "
                       "\"parallel_run\"");
        }
    } catch (const InputError& error) {
        broke(day, error.where_and_why());
    }
}

void SutCentre::append_record(std::string& out, const model::RightsRecord& record,
                              std::span<const law::ChildFacts> children) const {
    out += ",\"valid_from\":";
    append_month(out, record.valid_from);
    out += ",\"bracket\":";
    append_number(out, record.bracket);
    out += record.single_parent ? ",\"single_parent\":true" : ",\"single_parent\":false";
    if (setup_.parameters->for_month(record.valid_from).hourly()) {
        out += ",\"resources_monthly\":";
        append_number(out, record.resources_monthly);
    }
    out += ",\"children\":[";
    for (std::uint8_t c = 0; c < record.known_children; ++c) {
        if (c > 0) out.push_back(',');
        const law::ChildFacts& child = children[c];
        out += "{\"birth\":";
        if ((record.lost_birth_mask >> c & 1u) != 0) {
            out += "null";
        } else {
            append_date(out, child.birth);
        }
        out += child.aeeh ? ",\"aeeh\":true" : ",\"aeeh\":false";
        if (child.alternating) out += ",\"alternating\":true";
        out.push_back('}');
    }
    out.push_back(']');
}

void SutCentre::append_declaration(std::string& out, const model::DeclarationIn& d) const {
    const model::Contract& contract = *d.contract;
    if (declarations_sent_.empty()) declarations_sent_.assign(setup_.world->contracts.size(), 0);
    const std::int32_t sent_month = setup_.scenario->first_month.months_until(d.month);
    if (sent_month >= 0 && sent_month < 64) declarations_sent_[d.id.index()] |= std::uint64_t{1} << sent_month;
    out += "{\"type\":\"declaration\",\"id\":\"C";
    append_number(out, d.id.value());
    out.push_back('-');
    append_number(out, static_cast<std::uint64_t>(d.month.year()));
    out.push_back('-');
    append_two_digits(out, d.month.month());
    out += "\",\"family\":";
    append_number(out, contract.family.value());
    out += ",\"contract\":";
    append_number(out, d.id.value());
    out += ",\"carer\":";
    append_number(out, contract.carer.value());
    out += contract.mode() == law::CareMode::assmat ? ",\"mode\":\"assmat\"" : ",\"mode\":\"home_carer\"";
    out += contract.pajemploi_plus ? ",\"pajemploi_plus\":true" : ",\"pajemploi_plus\":false";
    out += ",\"month\":";
    append_month(out, d.month);
    out += ",\"declared_on\":";
    append_date(out, d.declared_on);
    const model::MonthWork work = contract.work_in(d.month);
    out += ",\"net_salary\":";
    append_cents(out, work.net_salary);
    out += ",\"maintenance\":";
    append_cents(out, work.maintenance);
    out += ",\"days\":";
    append_number(out, static_cast<std::uint64_t>(work.days_worked));
    // The parent's income day, when a rejected Pajemploi+ debit is presented after it.
    const model::WorkflowParameters& w = setup_.scenario->workflow;
    if (w.carer_pay_rule == model::CarerPayRule::after_debit && w.represent_after_income) {
        out += ",\"income_day\":";
        append_number(out, setup_.world->families[contract.family.index()].income_day);
    }
    // Hours in every declaration of a run that reaches the hourly CMG: its complément
    // différentiel averages the declarations of March to May 2025.
    if (setup_.needs_hourly_regime) {
        out += ",\"hours\":";
        append_cents(out, Cents{d.hours_x100});  // two decimals, like an amount
        out += ",\"meals\":";
        append_cents(out, contract.facts().meals);
    }
    out += ",\"children\":[";
    const SmallVector<std::uint32_t, 4> children = contract.children();
    for (std::size_t i = 0; i < children.size(); ++i) {
        if (i > 0) out.push_back(',');
        append_number(out, children[i]);
    }
    out.push_back(']');
    if (d.checked) {
        out += ",\"caf_check\":{\"cmg\":";
        append_cents(out, d.check_cmg);
        out += ",\"covered\":";
        append_cents(out, d.check_covered);
        out.push_back('}');
    }
    out.push_back('}');
}

// `,"rights":[{...},...]`: records without the message's own keys (an agent's file, a
// reconciliation).
void SutCentre::append_rights_list(std::string& out, const std::vector<model::RightsIn>& rights) const {
    out += ",\"rights\":[";
    for (std::size_t i = 0; i < rights.size(); ++i) {
        out += i == 0 ? "{" : ",{";
        std::string record;
        append_record(record, rights[i].record, rights[i].children.value_or(std::span<const law::ChildFacts>{}));
        out.append(record, 1);  // without the leading comma
        out.push_back('}');
    }
    out.push_back(']');
}

void SutCentre::day(Date date, bool business_day, std::span<const model::CentreMessage> messages,
                    std::vector<model::CentreAction>& actions) {
    std::string& out = request_;
    out.clear();
    out += "{\"type\":\"day\",\"date\":\"" + date.to_string() + "\",\"business_day\":";
    out += business_day ? "true" : "false";
    out += ",\"messages\":[";
    bool first = true;
    for (const model::CentreMessage& message : messages) {
        if (!first) out.push_back(',');
        first = false;
        ++messages_sent_;
        if (const auto* rights = std::get_if<model::RightsIn>(&message)) {
            out += "{\"type\":\"rights\",\"family\":";
            append_number(out, rights->family.value());
            out += ",\"caf\":";
            append_number(out, rights->caf.value());
            append_key(out, "cause");
            append_string(out, to_string(rights->cause));
            append_record(out, rights->record, rights->children.value_or(std::span<const law::ChildFacts>{}));
            out.push_back('}');
        } else if (const auto* declaration = std::get_if<model::DeclarationIn>(&message)) {
            append_declaration(out, *declaration);
        } else if (const auto* bank = std::get_if<model::BankReturn>(&message)) {
            out += "{\"type\":\"bank_return\",\"order\":";
            append_string(out, order_names_[bank->order - 1]);
            out += bank->executed ? ",\"status\":\"executed\"" : ",\"status\":\"rejected\"";
            out += ",\"amount\":";
            append_cents(out, bank->amount);
            if (!bank->executed) out += ",\"reason\":\"insufficient_funds\"";
            out.push_back('}');
        } else if (const auto* fix = std::get_if<model::FixFile>(&message)) {
            out += "{\"type\":\"fix_file\",\"family\":" + std::to_string(fix->family.value());
            append_rights_list(out, fix->rights);
            out += ",\"declarations\":[";
            for (std::size_t i = 0; i < fix->declarations.size(); ++i) {
                if (i > 0) out.push_back(',');
                append_declaration(out, fix->declarations[i]);
            }
            out += "]}";
        } else if (const auto* regularise = std::get_if<model::Regularise>(&message)) {
            out += "{\"type\":\"regularise\",\"family\":" + std::to_string(regularise->family.value()) + "}";
        } else if (const auto* reconcile = std::get_if<model::Reconcile>(&message)) {
            out += "{\"type\":\"reconcile\",\"family\":" + std::to_string(reconcile->family.value());
            append_rights_list(out, reconcile->rights);
            out.push_back('}');
        }
    }
    out += "]}";
    reasons_.clear();
    read_actions(exchange(out, date), date, actions);
}

void SutCentre::read_actions(const std::string& line, Date day, std::vector<model::CentreAction>& actions) {
    const model::Scenario& scenario = *setup_.scenario;
    const model::World& world = *setup_.world;
    try {
        const std::string where = "the answer";
        if (line.empty()) throw InputError(where, "", "an empty line, where one JSON object was expected");
        const nlohmann::json document = parse_json_line(line, where);
        const JsonValue root(document, where, "");
        if (!document.is_object()) root.fail("expected an object");
        ObjectReader reader(root);
        const JsonValue type = reader.required("type");
        if (type.as_string() != "actions") type.fail("expected \"actions\"");
        const JsonValue date = reader.required("date");
        if (date.as_date() != day) {
            std::string reason = "an answer for another day (the request was for " + day.to_string() + ")";
            // The answer to an earlier request: the centre wrote more than one line for one.
            if (date.as_date() < day) reason += "; a centre that writes two lines for one request is found out here, a day late";
            date.fail(reason);
        }
        const JsonValue list = reader.required("actions");
        const std::size_t count = list.array_size(0, std::size_t{1} << 24);
        const std::uint64_t most_actions = answer_actions_base + answer_actions_per_family * setup_.families;
        if (count > most_actions) {
            list.fail(std::to_string(count) + " actions in one answer, more than the " + std::to_string(most_actions) +
                      " allowed (" + std::to_string(answer_actions_base) + " and " +
                      std::to_string(answer_actions_per_family) + " per family of the run)");
        }
        reader.finish();
        for (std::size_t i = 0; i < count; ++i) {
            const JsonValue item = list.at(i);
            if (!item.raw().is_object()) item.fail("expected an object");
            ObjectReader fields(item);
            // The action's `amount`, read into it and counted against its family-month's bounds:
            // no centre moves, notifies or writes off millions for one family's month; beyond
            // them its answers are broken (and the books' 32-bit family-month cents would wrap).
            const auto read_counted_amount = [&](model::CentreAction& action) {
                const JsonValue amount = fields.required("amount");
                const std::optional<Cents> cents = read_amount(amount.raw());
                if (!cents) {
                    amount.fail("not an amount: a string with exactly two decimals and no leading zero, above "
                                "0.00 and at most 10000000.00, such as \"12.50\"; found " + describe_json(amount.raw()));
                }
                action.amount = *cents;
                const auto m = static_cast<std::uint64_t>(scenario.first_month.months_until(action.month));
                FamilyMonthActions& so_far = amounts_[(std::uint64_t{action.family.index()} << 16) | m];
                if (++so_far.count > max_family_month_actions) {
                    amount.fail("more than " + std::to_string(max_family_month_actions) + " actions for family " +
                                std::to_string(action.family.value()) + " and care month " + action.month.to_string() +
                                " over the run (payments, debits, refunds, recoveries, notices and write-offs "
                                "together): no centre needs that many for one family's month");
                }
                std::uint64_t& sum = so_far.cents;
                sum += static_cast<std::uint64_t>(action.amount.value());
                if (sum > max_family_month_cents) {
                    amount.fail("more than 20000000.00 in the actions for family " +
                                std::to_string(action.family.value()) + " and care month " +
                                action.month.to_string() +
                                " (payments, debits, refunds, recoveries, notices and write-offs together): no "
                                "centre pays, takes or forgives that much for one family's month");
                }
            };
            const JsonValue kind_value = fields.required("type");
            const std::string kind = kind_value.as_string();
            model::CentreAction action;
            if (kind == "pay_cmg") action.kind = ActionKind::pay_cmg;
            else if (kind == "claim_covered") action.kind = ActionKind::claim_covered;
            else if (kind == "debit") action.kind = ActionKind::debit_contributions;
            else if (kind == "pay_carer") action.kind = ActionKind::pay_carer;
            else if (kind == "refund") action.kind = ActionKind::refund;
            else if (kind == "hold") action.kind = ActionKind::hold;
            else if (kind == "open_file") action.kind = ActionKind::open_file;
            else if (kind == "recover_overpayment") action.kind = ActionKind::recover_overpayment;
            else if (kind == "notify_overpayment") action.kind = ActionKind::notify_overpayment;
            else if (kind == "write_off_overpayment") action.kind = ActionKind::write_off_overpayment;
            else if (kind == "withhold_carer") action.kind = ActionKind::withhold_carer;
            else kind_value.fail("unknown action \"" + std::string(utf8_prefix(kind, 60)) + "\"");
            const JsonValue family = fields.required("family");
            action.family = FamilyId{static_cast<std::uint32_t>(family.as_int(0, INT64_MAX))};
            if (family.raw().get<std::int64_t>() >= static_cast<std::int64_t>(setup_.families)) {
                family.fail("no such family (families are 0 to " + std::to_string(setup_.families - 1) + ")");
            }
            if (action.kind != ActionKind::open_file) {
                const JsonValue month = fields.required("month");
                action.month = month.as_year_month();
                if (action.month < scenario.first_month || action.month > scenario.last_month) {
                    month.fail("not a care month of the run (" + scenario.first_month.to_string() + " to " +
                               scenario.last_month.to_string() + ")");
                }
                if (action.month > day.year_month()) month.fail("a care month after the day's month");
            }
            if (model::moves_money(action.kind)) {
                const JsonValue order = fields.required("order");
                std::string id = order.as_string();
                if (!valid_order_id(id)) order.fail("not an order id (1 to 64 characters among A-Z a-z 0-9 . _ : -)");
                if (!used_orders_.insert(id).second) order.fail("order id \"" + id + "\" used before");
                order_names_.push_back(std::move(id));
                action.order = order_names_.size();
                read_counted_amount(action);
            }
            if (action.kind == ActionKind::pay_cmg) action.arrears = fields.required("arrears").as_bool();
            if (action.kind == ActionKind::recover_overpayment) {
                action.deducted = fields.required("deducted").as_bool();
            }
            if (action.kind == ActionKind::notify_overpayment || action.kind == ActionKind::write_off_overpayment) {
                read_counted_amount(action);
            }
            if (action.kind == ActionKind::debit_contributions) {
                const JsonValue debit_kind = fields.required("kind");
                const std::string text = debit_kind.as_string();
                if (text == "pajemploi_plus") action.kind = ActionKind::debit_plus;
                else if (text != "contributions") debit_kind.fail("expected \"contributions\" or \"pajemploi_plus\"");
            }
            if (action.kind == ActionKind::pay_carer || action.kind == ActionKind::withhold_carer) {
                const JsonValue contract = fields.required("contract");
                const std::int64_t id = contract.as_int(0, INT64_MAX);
                if (id >= static_cast<std::int64_t>(world.contracts.size())) contract.fail("no such contract");
                if (world.contracts[static_cast<std::size_t>(id)].family != action.family) {
                    contract.fail("contract " + std::to_string(id) + " is not family " +
                                  std::to_string(action.family.value()) + "'s");
                }
                if (action.kind == ActionKind::withhold_carer && !world.contracts[static_cast<std::size_t>(id)].pajemploi_plus) {
                    contract.fail("contract " + std::to_string(id) + " is not under Pajemploi+: its carer is paid by "
                                  "the parent, not withheld by the centre");
                }
                action.contract = ContractId{static_cast<std::uint32_t>(id)};
            }
            if (action.kind == ActionKind::hold) {
                // The id of a declaration sent to the centre: "C<contract>-<YYYY-MM>", of this
                // family and this month.
                const JsonValue declaration = fields.required("declaration");
                const std::string text = declaration.as_string();
                if (text.size() > max_order_id) declaration.fail("longer than 64 characters");
                std::string expected_tail = action.month.to_string();
                expected_tail.insert(expected_tail.begin(), '-');
                const bool shaped = text.size() > 1 + expected_tail.size() && text.front() == 'C' &&
                                    text.compare(text.size() - expected_tail.size(), expected_tail.size(), expected_tail) == 0;
                const std::string number = shaped ? text.substr(1, text.size() - 1 - expected_tail.size()) : "";
                const bool digits = !number.empty() && number.size() <= 10 &&
                                    number.find_first_not_of("0123456789") == std::string::npos;
                const std::uint64_t contract = digits ? std::stoull(number) : 0;
                const std::int32_t m = scenario.first_month.months_until(action.month);
                if (!digits || contract >= world.contracts.size() || world.contracts[contract].family != action.family ||
                    declarations_sent_.empty() || m < 0 || m >= 64 || (declarations_sent_[contract] >> m & 1u) == 0) {
                    declaration.fail("not the id of a declaration of family " + std::to_string(action.family.value()) +
                                     " for " + action.month.to_string() + " sent to the centre");
                }
            }
            if (action.kind == ActionKind::hold || action.kind == ActionKind::open_file ||
                action.kind == ActionKind::notify_overpayment || action.kind == ActionKind::write_off_overpayment ||
                action.kind == ActionKind::withhold_carer) {
                const JsonValue reason = fields.required("reason");
                reasons_.push_back(reason.as_label());
                if (characters(reasons_.back()) > max_reason) reason.fail("longer than 200 characters");
                action.reason = reasons_.back();
            }
            fields.finish();
            actions.push_back(std::move(action));
        }
    } catch (const InputError& error) {
        broke(day, error.where_and_why());
    }
}

void SutCentre::finish() {
    const std::string end = "{\"type\":\"end\"}";
    if (conversation_ != nullptr && keep_sent_) conversation_->push_back({ConversationLine::Kind::sent, end});
    const std::string failure = link_.finish(end);
    if (!failure.empty()) {
        if (conversation_ != nullptr) conversation_->push_back({ConversationLine::Kind::failure, failure});
        throw model::CentreFailure(setup_.last_day, ChildSession::is_about_a_line(failure) ? answers_ + 1 : 0, failure);
    }
}

}  // namespace pajesim::harness
