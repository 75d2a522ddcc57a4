#include "sim/kernel/json_input.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

namespace pajesim {
namespace {

std::string describe(const nlohmann::json& value) {
    std::string text = value.dump();
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    return text;
}

std::string message(const std::string& file, const std::string& path, const std::string& reason) {
    return file + ": " + (path.empty() ? "/" : path) + ": " + reason;
}

// The shortest decimal text that reads back as `value`: for a JSON literal of up to 15
// significant digits it is that literal's value, which lets "600.1" pass and "600.123" fail.
std::string shortest_text(double value) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

}  // namespace

InputError::InputError(std::string file, std::string json_path, std::string reason)
    : std::runtime_error(message(file, json_path, reason)),
      file_(std::move(file)),
      json_path_(std::move(json_path)),
      reason_(std::move(reason)) {}

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

Cents JsonValue::as_cents() const {
    std::optional<Cents> amount;
    if (value_->is_string()) {
        amount = Cents::parse(value_->get<std::string>());
    } else if (value_->is_number_integer() || value_->is_number_unsigned()) {
        amount = Cents::parse(value_->dump());
    } else if (value_->is_number_float()) {
        amount = Cents::parse(shortest_text(value_->get<double>()));
    } else {
        fail("expected an amount in euros (a number or a string such as \"471.17\"), found " +
             describe(*value_));
    }
    if (!amount) {
        fail("not an amount in euros with at most 2 decimals: " + describe(*value_));
    }
    return *amount;
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
    return *date;
}

YearMonth JsonValue::as_year_month() const {
    if (!value_->is_string()) fail("expected a month \"YYYY-MM\", found " + describe(*value_));
    const auto month = YearMonth::parse(value_->get<std::string>());
    if (!month) fail("not a month (YYYY-MM, month 01 to 12): " + describe(*value_));
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
                             "unknown key \"" + key + "\" (known keys: " + known + ")");
        }
    }
}

std::string json_pointer_token(std::string_view key) {
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

nlohmann::json parse_json_text(std::string_view text, const std::string& file) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& error) {
        std::string reason = error.what();
        // nlohmann's text starts with "[json.exception.parse_error.101] ": keep the rest.
        if (const auto close = reason.find("] "); close != std::string::npos) {
            reason = reason.substr(close + 2);
        }
        throw InputError(file, "", "malformed JSON: " + reason);
    }
}

nlohmann::json parse_json_file(const std::string& path, std::size_t max_bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, "", "cannot open the file");
    std::ostringstream content;
    content << in.rdbuf();
    const std::string text = content.str();
    if (text.size() > max_bytes) {
        throw InputError(path, "", "file too large: " + std::to_string(text.size()) +
                                       " bytes (at most " + std::to_string(max_bytes) + ")");
    }
    return parse_json_text(text, path);
}

}  // namespace pajesim
