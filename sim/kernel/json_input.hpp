#pragma once
// Strict reading of JSON input (scenarios, parameter tables, entitlement requests). Every
// error names the file, the JSON pointer of the offending value and the reason; unknown keys
// are errors. Bad input is reported with InputError, which the CLI turns into exit code 2.

#include <cstdint>
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

class InputError : public std::runtime_error {
public:
    InputError(std::string file, std::string json_path, std::string reason);
    const std::string& file() const { return file_; }
    const std::string& json_path() const { return json_path_; }
    const std::string& reason() const { return reason_; }

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
    bool as_bool() const;
    std::int64_t as_int(std::int64_t min_value, std::int64_t max_value) const;
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

// Escapes a key for a JSON pointer (RFC 6901: "~" -> "~0", "/" -> "~1").
std::string json_pointer_token(std::string_view key);
// Parses text as JSON; a syntax error becomes an InputError naming the file.
nlohmann::json parse_json_text(std::string_view text, const std::string& file);
// Reads and parses a file, refusing files larger than `max_bytes`.
nlohmann::json parse_json_file(const std::string& path, std::size_t max_bytes = 64u << 20);

}  // namespace pajesim
