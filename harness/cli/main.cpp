#include <iostream>
#include <string>
#include <vector>

#include "harness/cli/cli.hpp"

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    const std::vector<std::string> arguments(argv + 1, argv + argc);
    return pajesim::cli::run_cli(arguments, std::cin, std::cout, std::cerr);
}
