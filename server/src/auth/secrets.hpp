#pragma once
// Secrets that are not passwords (libsodium): random tokens, one-way hashes of
// high-entropy keys, constant-time comparison.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace classroom {

// Initialises libsodium once; every function here calls it.
void ensure_sodium();
// Random secrets for API keys, JWT secrets and calendar tokens (URL-safe base64).
std::string random_token(std::size_t bytes);
// SHA-256 hex (64 digits) of a high-entropy secret (API keys, feed tokens: fast, one-way)
// or of any bytes (a firmware image).
std::string sha256_hex(std::string_view secret);
// The same digest as 32 bytes, and back from its 64 hex digits (nullopt when it is not that).
using Sha256 = std::array<unsigned char, 32>;
Sha256 sha256(std::string_view secret);
std::optional<Sha256> sha256_from_hex(std::string_view hex);
// Constant-time comparison of two equal-length strings.
bool equal_secret(std::string_view a, std::string_view b);

}  // namespace classroom
