#include "auth/password.hpp"

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

struct SodiumInit {
  SodiumInit() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  }
};
void ensure_sodium() { static SodiumInit once; }

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

std::string random_token(std::size_t bytes) {
  ensure_sodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::string sha256_hex(std::string_view secret) {
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

bool equal_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace classroom
