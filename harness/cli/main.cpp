#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "harness/cli/cli.hpp"

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    // A closed pipe on the standard output (`pajesim entitlement ... | head -1`) is a failed
    // write like a full disk, reported below with exit 2, not a death by SIGPIPE. A child
    // process (a centre, a calculator) gets the default action back before it starts.
    std::signal(SIGPIPE, SIG_IGN);
    const std::vector<std::string> arguments(argv + 1, argv + argc);
    const int code = pajesim::cli::run_cli(arguments, std::cin, std::cout, std::cerr);
    // What the command printed must have reached its standard output (a full disk, a closed
    // pipe): results lost silently would read as a success.
    std::cout.flush();
    if (!std::cout || std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
        std::cerr << "pajesim: cannot write the standard output: what the command printed is incomplete\n";
        return code == 0 || code == 1 ? 2 : code;
    }
    return code;
}
