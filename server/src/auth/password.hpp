#pragma once
// argon2id password hashes (libsodium). Hashing costs tens of milliseconds and
// ~19 MiB: call only from the worker pool, never from a network thread.
#include <string>
#include <string_view>

namespace classroom {

std::string hash_password(std::string_view password);
bool verify_password(std::string_view password, const std::string& hash);

// Passwords people choose: 8..128 characters. Returns an empty string when fine,
// otherwise what is wrong.
std::string password_problem(std::string_view password);

// Random secrets for API keys, JWT secrets and calendar tokens (URL-safe base64).
std::string random_token(std::size_t bytes);
// SHA-256 hex of a high-entropy secret (API keys, feed tokens): fast, one-way.
std::string sha256_hex(std::string_view secret);
// Constant-time comparison of two equal-length strings.
bool equal_secret(std::string_view a, std::string_view b);

}  // namespace classroom
