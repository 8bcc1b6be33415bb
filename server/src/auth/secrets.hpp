#pragma once
// Secrets that are not passwords (libsodium): random tokens, one-way hashes of
// high-entropy keys, constant-time comparison.
#include <cstddef>
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
// Constant-time comparison of two equal-length strings.
bool equal_secret(std::string_view a, std::string_view b);

}  // namespace classroom
