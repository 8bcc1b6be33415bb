#include "auth/password.hpp"

#include "auth/secrets.hpp"

#include <sodium.h>

#include <semaphore>
#include <stdexcept>

namespace classroom {

namespace {
// OWASP's argon2id floor (m=19 MiB, t=2, p=1); at most two hashes at once so a burst
// of logins cannot take the machine's memory or both cores.
constexpr unsigned long long kOps = 2;
constexpr std::size_t kMem = 19u * 1024u * 1024u;
std::counting_semaphore<2> hashing_slots(2);

struct Slot {
  Slot() { hashing_slots.acquire(); }
  ~Slot() { hashing_slots.release(); }
};
}  // namespace

std::string hash_password(std::string_view password) {
  ensure_sodium();
  Slot slot;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), kOps, kMem) != 0)
    throw std::runtime_error("out of memory while hashing a password");
  return out;
}

bool verify_password(std::string_view password, const std::string& hash) {
  ensure_sodium();
  Slot slot;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string password_problem(std::string_view password) {
  if (password.size() < 8) return "password must be at least 8 characters";
  if (password.size() > 128) return "password must be at most 128 characters";
  return {};
}

}  // namespace classroom
