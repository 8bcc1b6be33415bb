#include "auth/secrets.hpp"

#include <sodium.h>

#include <stdexcept>

namespace classroom {

void ensure_sodium() {
  static const bool ready = [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    return true;
  }();
  (void)ready;
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

Sha256 sha256(std::string_view secret) {
  static_assert(std::tuple_size_v<Sha256> == crypto_hash_sha256_BYTES);
  ensure_sodium();
  Sha256 digest;
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  return digest;
}

std::string sha256_hex(std::string_view secret) {
  auto digest = sha256(secret);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest.data(), digest.size());
  return hex;
}

std::optional<Sha256> sha256_from_hex(std::string_view hex) {
  ensure_sodium();
  Sha256 out;
  std::size_t n = 0;
  const char* end = nullptr;
  if (hex.size() != 2 * out.size() ||
      sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &n, &end) != 0 || n != out.size())
    return std::nullopt;
  return out;
}

bool equal_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace classroom
