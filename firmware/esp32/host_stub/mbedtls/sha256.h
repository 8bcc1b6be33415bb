#pragma once
// Stand-in for mbedTLS 3.x SHA-256 (ESP-IDF 5), computed with libsodium on the PC.
#include <cstddef>
#include <sodium.h>

typedef struct {
  crypto_hash_sha256_state state;
} mbedtls_sha256_context;

inline void mbedtls_sha256_init(mbedtls_sha256_context*) {}
inline void mbedtls_sha256_free(mbedtls_sha256_context*) {}
inline int mbedtls_sha256_starts(mbedtls_sha256_context* ctx, int is224) {
  return is224 ? -1 : crypto_hash_sha256_init(&ctx->state);
}
inline int mbedtls_sha256_update(mbedtls_sha256_context* ctx, const unsigned char* input, size_t ilen) {
  return crypto_hash_sha256_update(&ctx->state, input, ilen);
}
inline int mbedtls_sha256_finish(mbedtls_sha256_context* ctx, unsigned char output[32]) {
  return crypto_hash_sha256_final(&ctx->state, output);
}
