#pragma once
// Stand-in for rweather's Crypto library Ed25519 (lib_deps rweather/Crypto), computed
// with libsodium on the PC.
#include <cstddef>
#include <cstdint>
#include <sodium.h>

class Ed25519 {
 public:
  static bool verify(const uint8_t signature[64], const uint8_t publicKey[32], const void* message, size_t len) {
    return crypto_sign_verify_detached(signature, static_cast<const unsigned char*>(message), len, publicKey) == 0;
  }
};
