#pragma once
// Firmware image signatures: Ed25519 (libsodium) over the image's 32-byte SHA-256
// digest, as the node checks them (firmware/core/update.hpp).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace classroom {

using FirmwareKey = std::array<unsigned char, 32>;

// A public key as 64 hex digits or 44 characters of base64; nothing otherwise.
std::optional<FirmwareKey> parse_firmware_key(std::string_view text);
// Every key of a file (one a line, '#' comments and blank lines skipped); throws
// std::runtime_error naming the file and line when one cannot be read.
std::vector<FirmwareKey> read_firmware_keys(const std::string& path);
// Whether `signature_hex` (128 hex digits) is one of `keys`' Ed25519 signature of the
// digest `sha256_hex` (64 hex digits).
bool firmware_signature_valid(std::string_view signature_hex, std::string_view sha256_hex,
                              const std::vector<FirmwareKey>& keys);
// Base64 (standard alphabet, padded) of bytes, and back; nothing when not base64.
std::string to_base64(std::string_view bytes);
std::optional<std::string> from_base64(std::string_view text);

}  // namespace classroom
