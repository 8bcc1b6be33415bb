#include "update.hpp"

namespace fw {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

template <std::size_t N>
std::optional<std::array<std::uint8_t, N>> from_hex(std::string_view hex) {
  if (hex.size() != 2 * N) return std::nullopt;
  std::array<std::uint8_t, N> out{};
  for (std::size_t i = 0; i < N; ++i) {
    const int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return out;
}
template std::optional<std::array<std::uint8_t, 32>> from_hex<32>(std::string_view);
template std::optional<std::array<std::uint8_t, 64>> from_hex<64>(std::string_view);

const char* to_string(OfferVerdict v) {
  switch (v) {
    case OfferVerdict::Take: return "take";
    case OfferVerdict::AlreadyRunning: return "already running";
    case OfferVerdict::FailedBefore: return "failed before";
    case OfferVerdict::Malformed: return "malformed offer";
    case OfferVerdict::NotHttps: return "not https";
    case OfferVerdict::TooLarge: return "larger than the update partition";
  }
  return "malformed offer";
}

const char* to_string(ImageVerdict v) {
  switch (v) {
    case ImageVerdict::Good: return "good";
    case ImageVerdict::WrongSize: return "wrong size";
    case ImageVerdict::WrongHash: return "wrong SHA-256";
    case ImageVerdict::BadSignature: return "bad signature";
  }
  return "bad signature";
}

OfferVerdict judge_offer(const FirmwareOffer& o, std::string_view running, std::string_view failed,
                         std::int64_t partition_bytes) {
  if (o.version.empty() || o.size <= 0 || !from_hex<32>(o.sha256) || !from_hex<64>(o.signature))
    return OfferVerdict::Malformed;
  if (o.version == running) return OfferVerdict::AlreadyRunning;
  if (o.version == failed) return OfferVerdict::FailedBefore;
  if (o.url.rfind("https://", 0) != 0) return OfferVerdict::NotHttps;
  if (o.size > partition_bytes) return OfferVerdict::TooLarge;
  return OfferVerdict::Take;
}

ImageCheck::ImageCheck(const FirmwareOffer& offer, ImageCrypto& crypto, const PublicKey& key)
    : offer_(offer), crypto_(crypto), key_(key) {}

bool ImageCheck::feed(const std::uint8_t* data, std::size_t n) {
  if (overflow_ || received_ + static_cast<std::int64_t>(n) > offer_.size) {
    overflow_ = true;
    return false;
  }
  crypto_.sha256_update(data, n);
  received_ += static_cast<std::int64_t>(n);
  return true;
}

ImageVerdict ImageCheck::finish() {
  const Digest digest = crypto_.sha256_final();
  if (overflow_ || received_ != offer_.size) return ImageVerdict::WrongSize;
  const auto want = from_hex<32>(offer_.sha256);
  if (!want || *want != digest) return ImageVerdict::WrongHash;
  const auto sig = from_hex<64>(offer_.signature);
  if (!sig || !crypto_.ed25519_verify(*sig, digest, key_)) return ImageVerdict::BadSignature;
  return ImageVerdict::Good;
}

}  // namespace fw
