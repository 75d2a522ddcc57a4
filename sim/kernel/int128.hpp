#pragma once
// 128-bit integers for exact intermediate products of money and rates (GCC and Clang).

namespace pajesim {
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

// Greatest common divisor of two non-negative 128-bit integers (std::gcd does not accept
// them in strict ISO mode).
constexpr Int128 gcd128(Int128 a, Int128 b) {
    while (b != 0) {
        const Int128 r = a % b;
        a = b;
        b = r;
    }
    return a;
}
}  // namespace pajesim
