#pragma once
// Strict reading of JSON input: the one reader of every file pajesim takes in (scenarios with
// their fault plans and expectations, parameter tables, entitlement lines, the run folders read
// by `compare`). Every error names the file, the JSON pointer of the offending value and the
// reason. Refused, besides malformed JSON: unknown keys (ObjectReader), duplicate keys, numbers
// beyond the range of a double, nesting deeper than max_json_depth (checked as the parser
// goes, before anything recursive touches the document), NUL bytes, invalid UTF-8, trailing
// data, and files larger than their limit (reading stops at the limit). Bad input is reported
// with InputError, which the CLI turns into exit code 2.

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/kernel/cents.hpp"
#include "sim/kernel/date.hpp"
#include "sim/kernel/ratio.hpp"

namespace pajesim {

// A message as a terminal may print it: every control character (U+0000 to U+001F, U+007F and
// U+0080 to U+009F) written as \uXXXX, so that a key, a value or a file name holding a NUL, an
// escape sequence or a newline neither cuts the message short nor acts on the terminal, and
// every byte that is not part of well-formed UTF-8 written as \xNN, so that the message is
// valid UTF-8 wherever it goes (a JSON report refuses anything else). Every InputError's
// message is made so; other messages that quote an input use it too.
std::string printable(const std::string& text);
// The longest start of `text` of at most `max_bytes` that does not end inside a UTF-8
// sequence (for an excerpt of an input in a message).
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

class InputError : public std::runtime_error {
public:
    // About a value inside a document: "FILE: /json/path: reason" ("/" for the whole document).
    InputError(std::string file, std::string json_path, std::string reason);
    // About the file itself (missing, a folder, too large, an output in the way): "FILE: reason".
    InputError(std::string file, std::string reason);
    const std::string& file() const { return file_; }
    const std::string& json_path() const { return json_path_; }
    const std::string& reason() const { return reason_; }
    // The message without the file, for a text the caller names itself (a line of an
    // answer): "/json/path: reason", or the reason alone about the whole document; printable.
    std::string where_and_why() const;

private:
    std::string file_;
    std::string json_path_;
    std::string reason_;
};

// A value inside a document, with where it sits, for error messages.
class JsonValue {
public:
    JsonValue(const nlohmann::json& value, std::string file, std::string path)
        : value_(&value), file_(std::move(file)), path_(std::move(path)) {}

    const nlohmann::json& raw() const { return *value_; }
    const std::string& file() const { return file_; }
    const std::string& path() const { return path_; }
    [[noreturn]] void fail(const std::string& reason) const;

    JsonValue at(std::size_t index) const;
    std::size_t array_size(std::size_t min_size, std::size_t max_size) const;

    std::string as_string() const;
    // A string naming a file: not empty, without a NUL character (which would cut the name).
    std::string as_path() const;
    // A string that is echoed as a name (an id, a version): without control characters (NUL,
    // line breaks, escapes, and the C1 controls U+0080 to U+009F, NEL among them), which would
    // cut or forge the lines and files it is written to.
    std::string as_label() const;
    bool as_bool() const;
    std::int64_t as_int(std::int64_t min_value, std::int64_t max_value) const;
    // A whole number over the full 64-bit unsigned range (seeds).
    std::uint64_t as_uint64() const;
    // A JSON number (integer, or with at most 2 decimals) or a string such as "471.17".
    Cents as_cents() const;
    Cents as_cents(Cents min_value, Cents max_value) const;
    // A decimal string such as "0.7191" (a JSON number is accepted when it is exact).
    Ratio as_ratio() const;
    Ratio as_probability() const;
    Date as_date() const;
    YearMonth as_year_month() const;

private:
    const nlohmann::json* value_;
    std::string file_;
    std::string path_;
};

// Reads an object's members by name; finish() rejects any member that was not read.
class ObjectReader {
public:
    explicit ObjectReader(const JsonValue& object);
    JsonValue required(std::string_view key);
    std::optional<JsonValue> optional(std::string_view key);
    void finish() const;
    const JsonValue& value() const { return object_; }

private:
    JsonValue object_;
    std::set<std::string, std::less<>> read_keys_;
};

// Whether `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF), as the JSON reader requires.
bool valid_utf8(std::string_view text);

// Escapes a key for a JSON pointer (RFC 6901: "~" -> "~0", "/" -> "~1").
std::string json_pointer_token(std::string_view key);

// The deepest nesting of arrays and objects accepted (pajesim's formats need 6).
inline constexpr std::size_t max_json_depth = 64;
// The default size limit of a JSON file.
inline constexpr std::size_t default_max_json_bytes = std::size_t{64} << 20;

// Parses text as one JSON document, strictly (see above); every refusal is an InputError
// naming `file` (for JSON Lines, "FILE:LINE").
nlohmann::json parse_json_text(std::string_view text, const std::string& file);
// The same for a text of one line, a line of JSON Lines, one answer of a centre or of a
// calculator: a position in it reads "byte N of the line" rather than "line 1, column N",
// which would contradict the line number the caller names.
nlohmann::json parse_json_line(std::string_view line, const std::string& file);
// Reads a whole input file, never more than `max_bytes` (the reading stops at the limit and
// says so); refuses folders and files that cannot be read.
std::string read_input_file(const std::string& path, std::size_t max_bytes);
// The same for a text of lines (JSON Lines): besides, no line may hold a NUL byte, nor the
// first line more than `max_first_line_bytes` (a header), nor another more than
// `max_line_bytes`; the reading stops at the first that does and says so, so that a file of
// one endless line (/dev/zero) is refused at once, not after `max_bytes`.
std::string read_input_lines(const std::string& path, std::size_t max_bytes, std::size_t max_first_line_bytes,
                             std::size_t max_line_bytes);
// Reads at most `max_bytes` from a stream (standard input), refusing more.
std::string read_input_stream(std::istream& in, const std::string& name, std::size_t max_bytes);
// Reads and parses a file, refusing files larger than `max_bytes`.
nlohmann::json parse_json_file(const std::string& path, std::size_t max_bytes = default_max_json_bytes);
// A short description of a value for error messages: scalars as text (cut at 60 characters),
// containers by their kind and size; never walks the document.
std::string describe_json(const nlohmann::json& value);

}  // namespace pajesim
