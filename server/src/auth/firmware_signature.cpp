#include "auth/firmware_signature.hpp"

#include "auth/secrets.hpp"

#include <sodium.h>

#include <fstream>
#include <stdexcept>

namespace classroom {

namespace {

std::optional<std::string> hex_bytes(std::string_view hex, std::size_t n) {
  if (hex.size() != 2 * n) return std::nullopt;
  std::string out(n, '\0');
  std::size_t len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), n, hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
      len != n)
    return std::nullopt;
  return out;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return s.substr(i);
}

}  // namespace

std::string to_base64(std::string_view bytes) {
  ensure_sodium();
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.pop_back();  // the terminating NUL
  return out;
}

std::optional<std::string> from_base64(std::string_view text) {
  ensure_sodium();
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr, &len,
                        &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size())
    return std::nullopt;
  out.resize(len);
  return out;
}

std::optional<FirmwareKey> parse_firmware_key(std::string_view text) {
  std::optional<std::string> bytes;
  if (text.size() == 64) bytes = hex_bytes(text, 32);
  else if (text.size() == 44) bytes = from_base64(text);
  if (!bytes || bytes->size() != 32) return std::nullopt;
  FirmwareKey k{};
  std::copy(bytes->begin(), bytes->end(), k.begin());
  return k;
}

std::vector<FirmwareKey> read_firmware_keys(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("--firmware-public-key: cannot read " + path);
  std::vector<FirmwareKey> keys;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    auto k = parse_firmware_key(line);
    if (!k)
      throw std::runtime_error("--firmware-public-key: " + path + ":" + std::to_string(n) +
                               " is not an Ed25519 public key (64 hex digits or 44 characters of base64)");
    keys.push_back(*k);
  }
  if (keys.empty()) throw std::runtime_error("--firmware-public-key: " + path + " holds no key");
  return keys;
}

bool firmware_signature_valid(std::string_view signature_hex, std::string_view sha256_hex,
                              const std::vector<FirmwareKey>& keys) {
  ensure_sodium();
  auto sig = hex_bytes(signature_hex, crypto_sign_BYTES);
  auto digest = hex_bytes(sha256_hex, crypto_hash_sha256_BYTES);
  if (!sig || !digest) return false;
  for (const auto& k : keys)
    if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()),
                                    reinterpret_cast<const unsigned char*>(digest->data()), digest->size(), k.data()) == 0)
      return true;
  return false;
}

}  // namespace classroom
