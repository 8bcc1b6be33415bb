#include "auth/webhook_signature.hpp"

#include "auth/secrets.hpp"

#include <sodium.h>

namespace classroom {

std::string webhook_signature(std::string_view secret, std::string_view body) {
  ensure_sodium();
  // crypto_auth_hmacsha256_init takes a key of any length, as HMAC does.
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return std::string("sha256=") + hex;
}

}  // namespace classroom
