#pragma once
// A firmware signing key as an admin holds one: Ed25519 over the image's SHA-256 digest,
// hex, as the server checks and the node checks again. Header-only, for the unit and the
// integration tests alike.
#include <sodium.h>

#include <stdexcept>
#include <string>

namespace testing_support {

inline std::string hex_of(const unsigned char* bytes, std::size_t n) {
  std::string hex(2 * n + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, n);
  hex.pop_back();
  return hex;
}

inline std::string sha256_hex(const std::string& data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return hex_of(digest, sizeof digest);
}

struct ImageSigner {
  ImageSigner() {
    if (sodium_init() < 0) throw std::runtime_error("sodium_init");
    crypto_sign_keypair(pk, sk);
  }
  std::string public_hex() const { return hex_of(pk, sizeof pk); }
  std::string sign_hex(const std::string& image) const {
    unsigned char digest[crypto_hash_sha256_BYTES], sig[crypto_sign_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(image.data()), image.size());
    crypto_sign_detached(sig, nullptr, digest, sizeof digest, sk);
    return hex_of(sig, sizeof sig);
  }
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
};

}  // namespace testing_support

namespace ts = testing_support;
