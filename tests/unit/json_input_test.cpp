// The strict JSON reader: what it refuses, where it says the fault is, and what it still
// accepts (the edges: 64 levels of nesting, the largest exact numbers, valid UTF-8 of every
// length).

#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>

#include "sim/kernel/json_input.hpp"

using pajesim::InputError;
using pajesim::parse_json_text;

namespace {

// The message of the refusal of `text`, or "" when it was accepted.
std::string refusal(const std::string& text) {
    try {
        parse_json_text(text, "f.json");
    } catch (const InputError& error) {
        return error.what();
    }
    return "";
}

std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

BOOST_AUTO_TEST_CASE(duplicate_keys_are_refused_at_their_path) {
    BOOST_TEST(refusal(R"({"a": 1, "a": 2})") == "f.json: /a: duplicate key \"a\"");
    BOOST_TEST(refusal(R"({"p": {"x": [1, {"k": 1, "k": 1}]}})") == "f.json: /p/x/1/k: duplicate key \"k\"");
    // The same key in two objects, and escaped spellings of one key, are judged as keys.
    BOOST_TEST(refusal(R"({"a": {"k": 1}, "b": {"k": 1}})").empty());
    BOOST_TEST(refusal(R"({"k": 1, "\u006b": 2})") == "f.json: /k: duplicate key \"k\"");
    BOOST_TEST(refusal(R"({"a/b": 1, "a/b": 1})") == "f.json: /a~1b: duplicate key \"a/b\"");
}

BOOST_AUTO_TEST_CASE(nesting_is_limited_before_anything_recursive_runs) {
    BOOST_TEST(pajesim::max_json_depth == 64u);
    BOOST_TEST(refusal(nested_arrays(64)).empty());
    BOOST_TEST(refusal(nested_arrays(65)).find("nesting deeper than 64 levels") != std::string::npos);
    // Far deeper than any stack: refused at the 65th level, with the path there.
    const std::string deep = refusal(nested_arrays(200'000));
    BOOST_TEST(deep.find("nesting deeper than 64 levels") != std::string::npos);
    BOOST_TEST(deep.rfind("f.json: /0/0/", 0) == 0u);
    std::string objects;
    for (int i = 0; i < 100'000; ++i) objects += "{\"k\":";
    BOOST_TEST(refusal(objects + "1" + std::string(100'000, '}')).find("nesting deeper") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(numbers_beyond_a_double_or_not_exact_are_refused) {
    BOOST_TEST(refusal(R"({"n": 1e400})") == "f.json: /n: number out of range: beyond what a JSON number may hold here (about 1.8e308)");
    BOOST_TEST(refusal(R"({"n": [0, -1e400]})") == "f.json: /n/1: number out of range: beyond what a JSON number may hold here (about 1.8e308)");
    BOOST_TEST(refusal(R"({"n": 1e-400})").find("/n: the number 1e-400 cannot be read exactly") != std::string::npos);
    BOOST_TEST(refusal(R"({"n": 9.88000000000000000001})").find("cannot be read exactly") != std::string::npos);
    BOOST_TEST(refusal(R"({"n": 99999999999999999999999})") ==
               "f.json: /n: integer too large: 99999999999999999999999 (at most 18446744073709551615)");
    // A fraction after an exponent is not a number (found by the params fuzz target: the digits
    // after the exponent were once read on, past the number's end, into a signed overflow).
    BOOST_TEST(refusal(R"({"n": 1e-0000000000000.00000000000001166995000})").find("malformed JSON") != std::string::npos);
    BOOST_TEST(refusal(R"([1e-999999999999999999999])") == "f.json: /0: the number 1e-999999999999999999999 cannot be read "
                                                           "exactly (a JSON number carries about 15 significant digits): "
                                                           "write it as a decimal string");
    // The integer -0 would be read as 0, its sign lost: refused where it stands.
    BOOST_TEST(refusal(R"({"a": [1, -0]})") == "f.json: /a/1: a negative zero (-0): write 0");
    // Exact numbers in every notation pass, as do the 64-bit integers.
    for (const char* exact : {"0.7191", "1e-5", "-0.0", "12.50", "1E+2", "4.7117e2", "18446744073709551615",
                              "-9223372036854775808", "0.1", "123456789012345"}) {
        BOOST_TEST(refusal(std::string("{\"n\": ") + exact + "}").empty(), exact);
    }
}

BOOST_AUTO_TEST_CASE(nul_bytes_and_invalid_utf8_are_refused_with_their_position) {
    BOOST_TEST(refusal(std::string("{\"a\":1}\0{}", 10)) == "f.json: /: a NUL byte at line 1, column 8 (not a JSON text)");
    BOOST_TEST(refusal(std::string("{\n\"a\":\"x\0\"}", 11)).find("a NUL byte at line 2, column 7") != std::string::npos);
    for (const char* bad : {"\xff", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc3"}) {
        const std::string message = refusal(std::string("{\"a\":\"") + bad + "\"}");
        BOOST_TEST(message == "f.json: /: invalid UTF-8 at line 1, column 7", message);
    }
    // Valid sequences of every length: é, €, 𝄞, and U+10FFFF.
    BOOST_TEST(refusal("{\"a\":\"\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e \xf4\x8f\xbf\xbf\"}").empty());
}

BOOST_AUTO_TEST_CASE(malformed_and_trailing_text_are_refused) {
    BOOST_TEST(refusal(R"({"a": 1} {"b": 2})").find("f.json: /: malformed JSON") == 0u);
    BOOST_TEST(refusal(R"({"a": 1,})").find("malformed JSON") != std::string::npos);
    BOOST_TEST(refusal("").find("malformed JSON") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(reading_stops_at_the_size_limit) {
    std::istringstream small(std::string(100, ' '));
    BOOST_TEST(pajesim::read_input_stream(small, "in", 100).size() == 100u);
    std::istringstream large(std::string(101, ' '));
    BOOST_CHECK_EXCEPTION(pajesim::read_input_stream(large, "in", 100), InputError, [](const InputError& e) {
        return std::string(e.what()) == "in: larger than the limit of 100 bytes (reading stopped there)";
    });
    BOOST_CHECK_EXCEPTION(pajesim::read_input_file("/", 100), InputError, [](const InputError& e) {
        return std::string(e.what()) == "/: is a folder, not a file";
    });
}

BOOST_AUTO_TEST_CASE(messages_never_print_a_whole_document) {
    const std::string big = "[" + std::string(10'000, '1') + "]";
    const nlohmann::json value = nlohmann::json::array({1, 2, 3});
    BOOST_TEST(pajesim::describe_json(value) == "an array of 3 element(s)");
    BOOST_TEST(pajesim::describe_json(nlohmann::json(std::string(1000, 'x'))).size() < 70u);
    // A long text is cut at a character's start: cutting "é" (2 bytes) in half made the
    // message itself invalid UTF-8, and printing it threw (found by every fuzz target).
    const std::string accents = "x" + std::string(100, 'a').replace(55, 4, "\xc3\xa9\xc3\xa9");
    BOOST_TEST(pajesim::describe_json(nlohmann::json(accents)).find("...") != std::string::npos);
    for (std::size_t offset = 0; offset < 4; ++offset) {
        std::string text(offset, 'a');
        for (int i = 0; i < 40; ++i) text += "\xe2\x82\xac";  // euro signs, 3 bytes each
        BOOST_CHECK_NO_THROW(pajesim::describe_json(nlohmann::json(text)));
    }
    const nlohmann::json document = parse_json_text(R"({"seed": [1, 2]})", "f.json");
    const pajesim::JsonValue root(document, "f.json", "");
    pajesim::ObjectReader reader(root);
    BOOST_CHECK_EXCEPTION(reader.required("seed").as_uint64(), InputError, [](const InputError& e) {
        return std::string(e.what()) ==
               "f.json: /seed: expected a whole number from 0 to 18446744073709551615, found an array of 2 element(s)";
    });
}

BOOST_AUTO_TEST_CASE(amounts_too_large_say_so) {
    const nlohmann::json document = parse_json_text(R"({"a": 12345678901234567, "b": "1.234", "c": "90000000000000.00"})", "f.json");
    const pajesim::JsonValue root(document, "f.json", "");
    pajesim::ObjectReader reader(root);
    BOOST_CHECK_EXCEPTION(reader.required("a").as_cents(), InputError, [](const InputError& e) {
        return std::string(e.what()).find("/a: amount too large: 12345678901234567") != std::string::npos;
    });
    BOOST_CHECK_EXCEPTION(reader.required("b").as_cents(), InputError, [](const InputError& e) {
        return std::string(e.what()).find("/b: not an amount in euros with at most 2 decimals") != std::string::npos;
    });
    BOOST_TEST(reader.required("c").as_cents() == pajesim::Cents{pajesim::Cents::max_parsed_cents});
}

BOOST_AUTO_TEST_CASE(a_message_is_valid_utf8_whatever_it_quotes) {
    // A syntax error at "é": the parser's excerpt of what it read last is the first byte of the
    // character alone. Quoted as it was, it made the message invalid UTF-8, and a report that
    // carried it (a centre's answer) could not be written.
    const std::string message = refusal("\xc3\xa9");
    BOOST_TEST(message.find("malformed JSON") != std::string::npos, message);
    BOOST_TEST(pajesim::valid_utf8(message), message);
    BOOST_TEST(message.find("\\xC3") != std::string::npos, message);
    // Each byte outside well-formed UTF-8 as \xNN, each control character as \u00NN (the C1
    // controls too), every other character kept whole.
    BOOST_TEST(pajesim::printable("caf\xc3\xa9 \xc3 \xff\x1b \xc2\x85 \xe2\x82\xac \xe2\x82") ==
               "caf\xc3\xa9 \\xC3 \\xFF\\u001B \\u0085 \xe2\x82\xac \\xE2\\x82");
    // An excerpt never ends inside a character: é is 2 bytes, € 3.
    BOOST_TEST(pajesim::utf8_prefix("a\xc3\xa9", 2) == "a");
    BOOST_TEST(pajesim::utf8_prefix("a\xc3\xa9", 3) == "a\xc3\xa9");
    BOOST_TEST(pajesim::utf8_prefix("\xe2\x82\xac\xe2\x82\xac", 5) == "\xe2\x82\xac");
    BOOST_TEST(pajesim::utf8_prefix("\xe2\x82\xac\xe2\x82\xac", 6) == "\xe2\x82\xac\xe2\x82\xac");
    BOOST_TEST(pajesim::utf8_prefix("abc", 10) == "abc");
}
