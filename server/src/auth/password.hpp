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

}  // namespace classroom
