// The most trivial centre speaking docs/sut-protocol.md: it answers the handshake with every
// capability and each day with no action, reading nothing but each line's date. It measures
// the protocol's own cost (protocol_benchmark); examples/sut/echo_centre.py is the same in Python.
#include <iostream>
#include <string>

int main() {
    std::ios::sync_with_stdio(false);
    std::string line;
    bool hello = true;
    while (std::getline(std::cin, line)) {
        if (hello) {
            std::cout << R"json({"type":"hello","protocol":1,"name":"echo centre (C++)","capabilities":["pajemploi_plus","parallel_run"]})json"
                      << '\n' << std::flush;
            hello = false;
            continue;
        }
        const auto at = line.find("\"date\":\"");
        if (at == std::string::npos) return 0;  // the end
        std::cout << R"({"type":"actions","date":")" << line.substr(at + 8, 10) << R"(","actions":[]})" << '\n'
                  << std::flush;
    }
    return 0;
}
