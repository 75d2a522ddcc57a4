#include "sim/kernel/json_input.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <istream>
#include <unordered_set>
#include <vector>

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace pajesim {

namespace {
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);
}  // namespace

std::string printable(const std::string& text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            // Not well-formed UTF-8 (half a character cut by someone's excerpt, say).
            out += "\\x";
            out.push_back(hex[byte >> 4]);
            out.push_back(hex[byte & 0xF]);
            ++i;
            continue;
        }
        unsigned code = 0x100;  // none
        if (byte < 0x20 || byte == 0x7F) {
            code = byte;
        } else if (byte == 0xC2 && static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
            code = static_cast<unsigned char>(text[i + 1]);  // a C1 control (U+0080 to U+009F)
        }
        if (code == 0x100) {
            out.append(text, i, length);
        } else {
            out += "\\u00";
            out.push_back(hex[code >> 4]);
            out.push_back(hex[code & 0xF]);
        }
        i += length;
    }
    return out;
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut);
}

namespace {

// A key as an error message shows it: whole up to 200 bytes, else its first 120 (cut at a
// character's start) and its length, so that a hostile key of megabytes gives a readable line.
std::string shown_key(std::string_view key) {
    if (key.size() <= 200) return std::string(key);
    return std::string(utf8_prefix(key, 120)) + "... (" + std::to_string(key.size()) + " bytes)";
}

std::string describe(const nlohmann::json& value) { return describe_json(value); }

// Where a byte sits in a text, for messages: "line L, column C" (columns count bytes).
std::string position_of(std::string_view text, std::size_t offset) {
    std::size_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1);
}

// The length of the UTF-8 sequence starting at text[i], or 0 when it is not well formed
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    if (byte(i + 1) < low || byte(i + 1) > high) return 0;
    for (std::size_t k = 2; k < length; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    }
    return length;
}

// The end of the JSON number starting at text[start], by the grammar of RFC 8259
// (-? int frac? exp?), so that the literals kept match the parser's numbers one for one.
std::size_t number_end(std::string_view text, std::size_t start) {
    const auto digits = [&](std::size_t i) {
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
        return i;
    };
    std::size_t i = start;
    if (text[i] == '-') ++i;
    i = digits(i);
    if (i < text.size() && text[i] == '.') i = digits(i + 1);
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
        i = digits(i);
    }
    return i;
}

// NUL bytes and invalid UTF-8 are refused before parsing, with their position; the literal
// text of every number outside strings is kept, in document order, for StrictParse.
std::vector<std::string_view> scan_text(std::string_view text, const std::string& file) {
    std::vector<std::string_view> numbers;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (c == '\0') {
            throw InputError(file, "", "a NUL byte at " + position_of(text, i) + " (not a JSON text)");
        }
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            throw InputError(file, "", "invalid UTF-8 at " + position_of(text, i));
        }
        if (in_string) {
            if (c == '\\') {
                ++i;  // the escaped character (ASCII in valid JSON) is skipped with it
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            const std::size_t stop = number_end(text, i);
            numbers.push_back(text.substr(i, stop - i));
            i = stop;
            continue;
        }
        i += length;
    }
    return numbers;
}

// A decimal number as (negative, significant digits, power of ten), zero as {false, "", 0}:
// "9.880" and "988e-2" have the same form.
struct DecimalForm {
    bool negative = false;
    std::string digits;
    long exponent = 0;
    bool operator==(const DecimalForm&) const = default;
};

DecimalForm decimal_form(std::string_view literal) {
    DecimalForm form;
    std::size_t i = 0;
    if (i < literal.size() && literal[i] == '-') {
        form.negative = true;
        ++i;
    }
    long fraction_digits = 0;
    bool in_fraction = false;
    for (; i < literal.size() && literal[i] != 'e' && literal[i] != 'E'; ++i) {
        if (literal[i] == '.') {
            in_fraction = true;
            continue;
        }
        form.digits += literal[i];
        if (in_fraction) ++fraction_digits;
    }
    long exponent = 0;
    if (i < literal.size()) {
        const std::string_view tail = literal.substr(i + 1);
        const bool minus = !tail.empty() && tail.front() == '-';
        const std::string_view digits = tail.substr(!tail.empty() && (tail.front() == '-' || tail.front() == '+') ? 1 : 0);
        for (const char d : digits) {
            if (d < '0' || d > '9') break;
            exponent = std::min(exponent * 10 + (d - '0'), 100'000L);
        }
        if (minus) exponent = -exponent;
    }
    form.exponent = exponent - fraction_digits;
    const std::size_t first = form.digits.find_first_not_of('0');
    if (first == std::string::npos) return DecimalForm{};
    form.digits.erase(0, first);
    while (form.digits.back() == '0') {
        form.digits.pop_back();
        ++form.exponent;
    }
    return form;
}

// Whether the double a literal was read as is that literal exactly, as a decimal: true for
// "0.7191" or "1e-5", false for "9.88000000000000000001" or "1e-400" (which a double cannot
// hold, and which would otherwise be read silently as 9.88 or 0).
bool read_exactly(std::string_view literal, double value) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return decimal_form(literal) == decimal_form(std::string_view(buffer, static_cast<std::size_t>(result.ptr - buffer)));
}

std::string cut(std::string_view text) {
    return text.size() > 40 ? std::string(utf8_prefix(text, 37)) + "..." : std::string(text);
}

// Follows the parser's events to know where it is (a JSON pointer), and refuses, as it goes,
// nesting beyond the limit, duplicate keys and numbers beyond the range of a double.
class StrictParse {
public:
    StrictParse(const std::string& file, std::vector<std::string_view> numbers)
        : file_(file), numbers_(std::move(numbers)) {}

    bool event(int, nlohmann::json::parse_event_t event, const nlohmann::json& parsed) {
        using Event = nlohmann::json::parse_event_t;
        switch (event) {
            case Event::object_start:
            case Event::array_start:
                if (frames_.size() >= max_json_depth) {
                    throw InputError(file_, pointer(), "nesting deeper than " +
                                                           std::to_string(max_json_depth) + " levels");
                }
                frames_.push_back(Frame{event == Event::array_start, 0, {}, {}});
                break;
            case Event::key: {
                Frame& frame = frames_.back();
                frame.key = parsed.get<std::string>();
                if (!frame.keys.insert(frame.key).second) {
                    throw InputError(file_, pointer(), "duplicate key \"" + frame.key + "\"");
                }
                break;
            }
            case Event::value:
                if (parsed.is_number()) check_number(parsed);
                advance();
                break;
            case Event::object_end:
            case Event::array_end:
                frames_.pop_back();
                advance();
                break;
        }
        return true;
    }

    // Where the parser is: the JSON pointer of the value being read.
    std::string pointer() const {
        std::string path;
        for (const Frame& frame : frames_) {
            path += '/';
            path += frame.is_array ? std::to_string(frame.index) : json_pointer_token(frame.key);
        }
        return path;
    }

private:
    void check_number(const nlohmann::json& parsed) {
        const std::string_view literal = next_number_ < numbers_.size() ? numbers_[next_number_] : std::string_view();
        ++next_number_;
        // The parser reads the integer -0 as 0, and the sign would be lost unseen: an amount
        // refuses a negative zero, and no count or identifier is written so.
        if (literal == "-0") throw InputError(file_, pointer(), "a negative zero (-0): write 0");
        if (!parsed.is_number_float()) return;
        const double value = parsed.get<double>();
        if (!std::isfinite(value)) throw InputError(file_, pointer(), "number out of range: beyond what a JSON number may hold here (about 1.8e308)");
        if (literal.empty()) return;
        if (literal.find_first_of(".eE") == std::string_view::npos) {
            throw InputError(file_, pointer(), "integer too large: " + cut(literal) + " (at most " +
                                                   std::to_string(UINT64_MAX) + ")");
        }
        if (!read_exactly(literal, value)) {
            throw InputError(file_, pointer(), "the number " + cut(literal) +
                                                   " cannot be read exactly (a JSON number carries about 15 "
                                                   "significant digits): write it as a decimal string");
        }
    }

    struct Frame {
        bool is_array;
        std::size_t index;
        std::string key;
        std::unordered_set<std::string> keys;
    };
    void advance() {
        if (!frames_.empty() && frames_.back().is_array) ++frames_.back().index;
    }
    const std::string& file_;
    std::vector<std::string_view> numbers_;  // number literals, in document order
    std::size_t next_number_ = 0;
    std::vector<Frame> frames_;
};

// Feeds the strict checks from nlohmann's SAX interface: the checking pass builds nothing (the
// DOM parser with a callback walks a whole array at the end of each of its elements, which is
// quadratic in an array's length), and the document is then parsed without a callback.
class StrictSax {
public:
    explicit StrictSax(StrictParse& strict) : strict_(strict) {}
    using Event = nlohmann::json::parse_event_t;
    bool null() { return value(nlohmann::json()); }
    bool boolean(bool flag) { return value(nlohmann::json(flag)); }
    bool number_integer(nlohmann::json::number_integer_t number) { return value(nlohmann::json(number)); }
    bool number_unsigned(nlohmann::json::number_unsigned_t number) { return value(nlohmann::json(number)); }
    bool number_float(nlohmann::json::number_float_t number, const std::string& /*literal*/) {
        return value(nlohmann::json(number));
    }
    bool string(std::string& /*text*/) { return value(nlohmann::json()); }
    bool binary(nlohmann::json::binary_t& /*bytes*/) { return value(nlohmann::json()); }
    bool start_object(std::size_t /*size*/) { return strict_.event(0, Event::object_start, none_); }
    bool key(std::string& name) { return strict_.event(0, Event::key, nlohmann::json(name)); }
    bool end_object() { return strict_.event(0, Event::object_end, none_); }
    bool start_array(std::size_t /*size*/) { return strict_.event(0, Event::array_start, none_); }
    bool end_array() { return strict_.event(0, Event::array_end, none_); }
    bool parse_error(std::size_t /*position*/, const std::string& /*token*/, const nlohmann::detail::exception& error) {
        error_id_ = error.id;
        error_text_ = error.what();
        return false;
    }
    int error_id() const { return error_id_; }
    const std::string& error_text() const { return error_text_; }

private:
    bool value(const nlohmann::json& parsed) { return strict_.event(0, Event::value, parsed); }
    StrictParse& strict_;
    const nlohmann::json none_;
    int error_id_ = 0;
    std::string error_text_;
};

std::string message(const std::string& file, const std::string& path, const std::string& reason) {
    return printable(file + ": " + (path.empty() ? "/" : path) + ": " + reason);
}

// The shortest decimal text that reads back as `value`: for a JSON literal of up to 15
// significant digits it is that literal's value, which lets "600.1" pass and "600.123" fail.
std::string shortest_text(double value) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

}  // namespace

bool valid_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) return false;
        i += length;
    }
    return true;
}

InputError::InputError(std::string file, std::string json_path, std::string reason)
    : std::runtime_error(message(file, json_path, reason)),
      file_(std::move(file)),
      json_path_(std::move(json_path)),
      reason_(std::move(reason)) {}

InputError::InputError(std::string file, std::string reason)
    : std::runtime_error(printable(file + ": " + reason)), file_(std::move(file)), reason_(std::move(reason)) {}

std::string InputError::where_and_why() const {
    if (json_path_.empty() || json_path_ == "/") return printable(reason_);
    return printable(json_path_ + ": " + reason_);
}

void JsonValue::fail(const std::string& reason) const { throw InputError(file_, path_, reason); }

JsonValue JsonValue::at(std::size_t index) const {
    PAJESIM_ASSERT(value_->is_array() && index < value_->size());
    return JsonValue((*value_)[index], file_, path_ + "/" + std::to_string(index));
}

std::size_t JsonValue::array_size(std::size_t min_size, std::size_t max_size) const {
    if (!value_->is_array()) fail("expected an array, found " + describe(*value_));
    const std::size_t size = value_->size();
    if (size < min_size) {
        fail("expected at least " + std::to_string(min_size) + " element(s), found " +
             std::to_string(size));
    }
    if (size > max_size) {
        fail("too many elements: " + std::to_string(size) + " (at most " +
             std::to_string(max_size) + ")");
    }
    return size;
}

std::string JsonValue::as_string() const {
    if (!value_->is_string()) fail("expected a string, found " + describe(*value_));
    return value_->get<std::string>();
}

std::string JsonValue::as_label() const {
    std::string label = as_string();
    for (std::size_t i = 0; i < label.size(); ++i) {
        auto code_point = static_cast<unsigned char>(label[i]);
        // The C1 controls U+0080 to U+009F (NEL among them), in UTF-8 0xC2 then 0x80 to 0x9F.
        const bool c1 = code_point == 0xC2 && i + 1 < label.size() &&
                        (static_cast<unsigned char>(label[i + 1]) & 0xE0u) == 0x80u;
        if (c1) code_point = static_cast<unsigned char>(label[i + 1]);
        if (code_point < 0x20 || code_point == 0x7f || c1) {
            char code[8];
            std::snprintf(code, sizeof code, "U+%04X", code_point);
            fail(std::string("a control character (") + code + ") in a string written into files and lines");
        }
    }
    return label;
}

std::string JsonValue::as_path() const {
    std::string path = as_string();
    if (path.empty()) fail("an empty path");
    if (path.find('\0') != std::string::npos) fail("a path with a NUL character");
    return path;
}

bool JsonValue::as_bool() const {
    if (!value_->is_boolean()) fail("expected true or false, found " + describe(*value_));
    return value_->get<bool>();
}

std::int64_t JsonValue::as_int(std::int64_t min_value, std::int64_t max_value) const {
    std::int64_t result = 0;
    if (value_->is_number_unsigned()) {
        const auto unsigned_value = value_->get<std::uint64_t>();
        if (unsigned_value > static_cast<std::uint64_t>(INT64_MAX)) {
            fail("out of range: " + describe(*value_) + " (expected " + std::to_string(min_value) +
                 " to " + std::to_string(max_value) + ")");
        }
        result = static_cast<std::int64_t>(unsigned_value);
    } else if (value_->is_number_integer()) {
        result = value_->get<std::int64_t>();
    } else {
        fail("expected an integer, found " + describe(*value_));
    }
    if (result < min_value || result > max_value) {
        fail("out of range: " + std::to_string(result) + " (expected " +
             std::to_string(min_value) + " to " + std::to_string(max_value) + ")");
    }
    return result;
}

std::uint64_t JsonValue::as_uint64() const {
    if (value_->is_number_unsigned()) return value_->get<std::uint64_t>();
    if (value_->is_number_integer() && value_->get<std::int64_t>() >= 0) {
        return static_cast<std::uint64_t>(value_->get<std::int64_t>());
    }
    fail("expected a whole number from 0 to " + std::to_string(UINT64_MAX) + ", found " +
         describe(*value_));
}

Cents JsonValue::as_cents() const {
    std::string text;
    if (value_->is_string()) {
        text = value_->get<std::string>();
    } else if (value_->is_number_integer() || value_->is_number_unsigned()) {
        text = value_->dump();
    } else if (value_->is_number_float()) {
        text = shortest_text(value_->get<double>());
    } else {
        fail("expected an amount in euros (a number or a string such as \"471.17\"), found " +
             describe(*value_));
    }
    if (const auto amount = Cents::parse(text)) {
        if (amount->value() == 0 && text.front() == '-') fail("not an amount in euros: a negative zero, " + describe(*value_));
        return *amount;
    }
    // Say why: a well-formed amount that is too large, or not an amount at all.
    const std::size_t start = !text.empty() && text.front() == '-' ? 1 : 0;
    const std::size_t point = text.find('.');
    const std::string_view digits = std::string_view(text).substr(start, point == std::string::npos ? std::string::npos : point - start);
    const std::size_t decimals = point == std::string::npos ? 0 : text.size() - point - 1;
    const bool well_formed = !digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos &&
                             (point == std::string::npos ||
                              (decimals >= 1 && decimals <= 2 &&
                               text.find_first_not_of("0123456789", point + 1) == std::string::npos));
    if (well_formed) {
        fail("amount too large: " + describe(*value_) + " (at most " + Cents{Cents::max_parsed_cents}.to_string() +
             " in magnitude)");
    }
    fail("not an amount in euros with at most 2 decimals: " + describe(*value_));
}

Cents JsonValue::as_cents(Cents min_value, Cents max_value) const {
    const Cents amount = as_cents();
    if (amount < min_value || amount > max_value) {
        fail("amount out of range: " + amount.to_string() + " (expected " +
             min_value.to_string() + " to " + max_value.to_string() + ")");
    }
    return amount;
}

Ratio JsonValue::as_ratio() const {
    std::optional<Ratio> ratio;
    if (value_->is_string()) {
        ratio = Ratio::parse_decimal(value_->get<std::string>());
    } else if (value_->is_number_integer() || value_->is_number_unsigned()) {
        ratio = Ratio::parse_decimal(value_->dump());
    } else if (value_->is_number_float()) {
        ratio = Ratio::parse_decimal(shortest_text(value_->get<double>()));
    } else {
        fail("expected a decimal number such as \"0.7191\", found " + describe(*value_));
    }
    if (!ratio) fail("not a decimal number (at most 12 decimals): " + describe(*value_));
    // "-0.00" or -0.0 is 0 with a sign nothing reads, as for amounts and the integer -0.
    const bool signed_zero = value_->is_string() ? value_->get_ref<const std::string&>().front() == '-'
                                                 : value_->is_number_float() && std::signbit(value_->get<double>());
    if (ratio->numerator() == 0 && signed_zero) fail("a negative zero (" + describe(*value_) + "): write 0");
    return *ratio;
}

Ratio JsonValue::as_probability() const {
    const Ratio ratio = as_ratio();
    if (!ratio.is_probability()) {
        fail("a probability must be between 0 and 1, found " + describe(*value_));
    }
    return ratio;
}

Date JsonValue::as_date() const {
    if (!value_->is_string()) fail("expected a date \"YYYY-MM-DD\", found " + describe(*value_));
    const auto date = Date::parse(value_->get<std::string>());
    if (!date) fail("not a calendar date (YYYY-MM-DD): " + describe(*value_));
    // The calendar (business days, public holidays) is tabled for these years; a date outside
    // them is a typing error, never a scenario.
    if (date->year() < calendar_first_year || date->year() > calendar_last_year) {
        fail("the date " + date->to_string() + " is outside the years " + std::to_string(calendar_first_year) +
             " to " + std::to_string(calendar_last_year) + " that pajesim's calendar covers");
    }
    return *date;
}

YearMonth JsonValue::as_year_month() const {
    if (!value_->is_string()) fail("expected a month \"YYYY-MM\", found " + describe(*value_));
    const auto month = YearMonth::parse(value_->get<std::string>());
    if (!month) fail("not a month (YYYY-MM, month 01 to 12): " + describe(*value_));
    if (month->year() < calendar_first_year || month->year() > calendar_last_year) {
        fail("the month " + month->to_string() + " is outside the years " + std::to_string(calendar_first_year) +
             " to " + std::to_string(calendar_last_year) + " that pajesim's calendar covers");
    }
    return *month;
}

ObjectReader::ObjectReader(const JsonValue& object) : object_(object) {
    if (!object.raw().is_object()) object.fail("expected an object, found " + describe(object.raw()));
}

JsonValue ObjectReader::required(std::string_view key) {
    auto value = optional(key);
    if (!value) object_.fail("missing required key \"" + std::string(key) + "\"");
    return *value;
}

std::optional<JsonValue> ObjectReader::optional(std::string_view key) {
    read_keys_.emplace(key);
    const auto found = object_.raw().find(key);
    if (found == object_.raw().end()) return std::nullopt;
    return JsonValue(*found, object_.file(), object_.path() + "/" + json_pointer_token(key));
}

void ObjectReader::finish() const {
    for (const auto& [key, value] : object_.raw().items()) {
        if (!read_keys_.contains(key)) {
            std::string known;
            for (const auto& name : read_keys_) known += (known.empty() ? "" : ", ") + name;
            throw InputError(object_.file(), object_.path() + "/" + json_pointer_token(key),
                             "unknown key \"" + shown_key(key) + "\" (known keys: " + known + ")");
        }
    }
}


std::string json_pointer_token(std::string_view whole_key) {
    const std::string key = shown_key(whole_key);
    std::string token;
    for (const char c : key) {
        if (c == '~') {
            token += "~0";
        } else if (c == '/') {
            token += "~1";
        } else {
            token += c;
        }
    }
    return token;
}

std::string describe_json(const nlohmann::json& value) {
    if (value.is_object()) return "an object of " + std::to_string(value.size()) + " key(s)";
    if (value.is_array()) return "an array of " + std::to_string(value.size()) + " element(s)";
    if (value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        if (text.size() > 60) {
            // Cut at a character's start, never inside a UTF-8 sequence.
            return nlohmann::json(std::string(utf8_prefix(text, 57)))
                       .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
                   "...";
        }
    }
    std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() > 60) text = std::string(utf8_prefix(text, 57)) + "...";
    return text;
}

nlohmann::json parse_json_text(std::string_view text, const std::string& file) {
    StrictParse strict(file, scan_text(text, file));
    StrictSax sax(strict);
    if (!nlohmann::json::sax_parse(text.begin(), text.end(), &sax)) {
        // 406: the lexer refuses a number beyond a double's range before the value reaches us.
        if (sax.error_id() == 406) {
            throw InputError(file, strict.pointer(), "number out of range: beyond what a JSON number may hold here (about 1.8e308)");
        }
        std::string reason = sax.error_text();
        // nlohmann's text starts with "[json.exception.parse_error.101] ": keep the rest.
        if (const auto close = reason.find("] "); close != std::string::npos) {
            reason = reason.substr(close + 2);
        }
        throw InputError(file, "", "malformed JSON: " + reason);
    }
    return nlohmann::json::parse(text.begin(), text.end());
}

nlohmann::json parse_json_line(std::string_view line, const std::string& file) {
    try {
        return parse_json_text(line, file);
    } catch (const InputError& error) {
        // position_of's and nlohmann's "line 1, column N" (both count bytes from 1).
        static constexpr std::string_view at_column = "line 1, column ";
        std::string reason = error.reason();
        const std::size_t at = reason.find(at_column);
        if (at == std::string::npos) throw;
        std::size_t end = at + at_column.size();
        while (end < reason.size() && reason[end] >= '0' && reason[end] <= '9') ++end;
        reason = reason.substr(0, at) + "byte " + reason.substr(at + at_column.size(), end - at - at_column.size()) +
                 " of the line" + reason.substr(end);
        throw InputError(error.file(), error.json_path(), std::move(reason));
    }
}

namespace {
// Reads an input whole in chunks through `read_chunk` (the bytes read; 0 at the end), refusing
// it as soon as it grows past `max_bytes`.
template <typename ReadChunk>
std::string read_within(const std::string& name, std::size_t max_bytes, ReadChunk read_chunk) {
    std::string text;
    std::array<char, 1 << 16> buffer;
    for (;;) {
        const std::size_t got = read_chunk(buffer.data(), buffer.size());
        if (got == 0) return text;
        if (text.size() + got > max_bytes) {
            throw InputError(name, "larger than the limit of " + std::to_string(max_bytes) +
                                       " bytes (reading stopped there)");
        }
        text.append(buffer.data(), got);
    }
}
}  // namespace

std::string read_input_stream(std::istream& in, const std::string& name, std::size_t max_bytes) {
    std::string text = read_within(name, max_bytes, [&](char* data, std::size_t size) -> std::size_t {
        if (!in) return 0;
        in.read(data, static_cast<std::streamsize>(size));
        return static_cast<std::size_t>(in.gcount());
    });
    if (in.bad()) throw InputError(name, "cannot be read");
    return text;
}

namespace {

// Checks each chunk read of a text of lines as it comes.
class LineLimit {
public:
    LineLimit(const std::string& path, std::size_t max_first_line_bytes, std::size_t max_line_bytes)
        : path_(path), max_first_(max_first_line_bytes), max_(max_line_bytes) {}
    void check(const char* data, std::size_t size) {
        for (std::size_t i = 0; i < size; ++i) {
            if (data[i] == '\n') {
                ++line_;
                in_line_ = 0;
                continue;
            }
            ++in_line_;
            if (data[i] == '\0') {
                throw InputError(path_, "a NUL byte at byte " + std::to_string(in_line_) + " of line " +
                                            std::to_string(line_) + ": not a text file (reading stopped there)");
            }
            const std::size_t max = line_ == 1 ? max_first_ : max_;
            if (in_line_ > max) {
                throw InputError(path_, "line " + std::to_string(line_) + " is longer than the limit of " +
                                            std::to_string(max) + " bytes (reading stopped there)");
            }
        }
    }

private:
    const std::string& path_;
    std::size_t max_first_;
    std::size_t max_;
    std::size_t line_ = 1;
    std::size_t in_line_ = 0;
};

std::string read_file_checked(const std::string& path, std::size_t max_bytes, LineLimit* lines) {
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (error || !std::filesystem::exists(status)) throw InputError(path, "no such file");
    if (std::filesystem::is_directory(status)) throw InputError(path, "is a folder, not a file");
    // Opened without waiting: a named pipe that no process writes to would block the open for
    // ever; with the flag cleared again, reading it gives what a writer sends, or at once an
    // empty input when there is none.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) throw InputError(path, "cannot open the file");
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) throw InputError(path, "cannot be read");
    std::string text = read_within(path, max_bytes, [&](char* data, std::size_t size) -> std::size_t {
        for (;;) {
            const ssize_t got = ::read(fd, data, size);
            if (got >= 0) {
                if (lines != nullptr) lines->check(data, static_cast<std::size_t>(got));
                return static_cast<std::size_t>(got);
            }
            if (errno != EINTR) throw InputError(path, "cannot be read");
        }
    });
    if (text.empty() && std::filesystem::is_fifo(status)) {
        throw InputError(path, "is a named pipe that nothing was written to");
    }
    return text;
}

}  // namespace

std::string read_input_file(const std::string& path, std::size_t max_bytes) {
    return read_file_checked(path, max_bytes, nullptr);
}

std::string read_input_lines(const std::string& path, std::size_t max_bytes, std::size_t max_first_line_bytes,
                             std::size_t max_line_bytes) {
    LineLimit lines(path, max_first_line_bytes, max_line_bytes);
    return read_file_checked(path, max_bytes, &lines);
}

nlohmann::json parse_json_file(const std::string& path, std::size_t max_bytes) {
    return parse_json_text(read_input_file(path, max_bytes), path);
}

}  // namespace pajesim
