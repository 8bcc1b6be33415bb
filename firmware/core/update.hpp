#pragma once
// Over-the-air updates, the node's side: whether to take an offered image, checking
// the downloaded bytes (size, SHA-256, Ed25519 signature of the SHA-256 digest), and,
// after booting a new image, whether to keep it (it reached the server) or let the
// bootloader roll back. Pure: the platform supplies the hashing and the signature
// check (mbedTLS and libsodium on the ESP32) and does the flash writes.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "clock.hpp"

namespace fw {

// The `firmware` object of an answer: {"version", "url", "sha256", "size", "signature"}.
struct FirmwareOffer {
  std::string version;
  std::string url;
  std::string sha256;     // 64 hex digits of the image's SHA-256
  std::int64_t size = 0;  // bytes
  std::string signature;  // 128 hex digits: Ed25519 over the 32-byte SHA-256 digest
};

enum class OfferVerdict { Take, AlreadyRunning, FailedBefore, Malformed, NotHttps, TooLarge };
const char* to_string(OfferVerdict v);

// `failed_version`: an image that was refused or rolled back before (not tried again).
OfferVerdict judge_offer(const FirmwareOffer& offer, std::string_view running_version,
                         std::string_view failed_version, std::int64_t partition_bytes);

using Digest = std::array<std::uint8_t, 32>;
using Signature = std::array<std::uint8_t, 64>;
using PublicKey = std::array<std::uint8_t, 32>;

// What the platform provides for the check.
class ImageCrypto {
 public:
  virtual ~ImageCrypto() = default;
  virtual void sha256_update(const std::uint8_t* data, std::size_t n) = 0;
  virtual Digest sha256_final() = 0;
  virtual bool ed25519_verify(const Signature& sig, const Digest& message, const PublicKey& key) = 0;
};

enum class ImageVerdict { Good, WrongSize, WrongHash, BadSignature };
const char* to_string(ImageVerdict v);

// Fed the image as it downloads; refuses more bytes than offered at once.
class ImageCheck {
 public:
  ImageCheck(const FirmwareOffer& offer, ImageCrypto& crypto, const PublicKey& key);
  bool feed(const std::uint8_t* data, std::size_t n);  // false: beyond the offered size
  ImageVerdict finish();
  std::int64_t received() const { return received_; }

 private:
  FirmwareOffer offer_;
  ImageCrypto& crypto_;
  PublicKey key_;
  std::int64_t received_ = 0;
  bool overflow_ = false;
};

// After booting an image that is still on trial: keep it once it has reached the
// server, roll back when it has not within the trial time (or crashed: the bootloader
// does that by itself).
class NewImageTrial {
 public:
  static constexpr Millis kTrial = minutes(10);
  enum class Action { Wait, MarkValid, RollBack };
  explicit NewImageTrial(Millis boot) : deadline_(boot + kTrial) {}
  Action on_tick(Millis now, bool reached_server) const {
    if (reached_server) return Action::MarkValid;
    return now >= deadline_ ? Action::RollBack : Action::Wait;
  }

 private:
  Millis deadline_;
};

// Hex text to bytes; nothing when it is not exactly that many hex digits.
template <std::size_t N>
std::optional<std::array<std::uint8_t, N>> from_hex(std::string_view hex);

}  // namespace fw
