// Over-the-air updates, the node's side: which offers it takes, the image check, and
// keeping or rolling back a new image. The reference crypto is libsodium's.
#include <gtest/gtest.h>
#include <sodium.h>

#include <string>
#include <vector>

#include "node_rig.hpp"
#include "update.hpp"

namespace fw {
namespace {

class SodiumCrypto : public ImageCrypto {
 public:
  SodiumCrypto() { crypto_hash_sha256_init(&state_); }
  void sha256_update(const std::uint8_t* data, std::size_t n) override { crypto_hash_sha256_update(&state_, data, n); }
  Digest sha256_final() override {
    Digest d{};
    crypto_hash_sha256_final(&state_, d.data());
    return d;
  }
  bool ed25519_verify(const Signature& sig, const Digest& msg, const PublicKey& key) override {
    return crypto_sign_verify_detached(sig.data(), msg.data(), msg.size(), key.data()) == 0;
  }

 private:
  crypto_hash_sha256_state state_;
};

std::string hex(const std::uint8_t* p, std::size_t n) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += {d[p[i] >> 4], d[p[i] & 15]};
  return s;
}

// An admin's signing key (fixed seed, so runs are alike) and an image signed with it.
struct Signed {
  PublicKey pk{};
  std::array<std::uint8_t, crypto_sign_SECRETKEYBYTES> sk{};
  std::vector<std::uint8_t> image;
  FirmwareOffer offer;

  explicit Signed(std::uint8_t seed_byte = 7, std::size_t size = 300'000) {
    EXPECT_EQ(sodium_init() >= 0, true);
    std::array<std::uint8_t, crypto_sign_SEEDBYTES> seed{};
    seed.fill(seed_byte);
    crypto_sign_seed_keypair(pk.data(), sk.data(), seed.data());
    image.resize(size);
    for (std::size_t i = 0; i < size; ++i) image[i] = static_cast<std::uint8_t>(i * 131 + 7);
    Digest d{};
    crypto_hash_sha256(d.data(), image.data(), image.size());
    Signature sig{};
    crypto_sign_detached(sig.data(), nullptr, d.data(), d.size(), sk.data());
    offer = {"1.1.0", "https://campus.example/fw/1.1.0.bin", hex(d.data(), d.size()),
             static_cast<std::int64_t>(size), hex(sig.data(), sig.size())};
  }
};

ImageVerdict check(const FirmwareOffer& offer, const std::vector<std::uint8_t>& bytes, const PublicKey& key) {
  SodiumCrypto crypto;
  ImageCheck c(offer, crypto, key);
  for (std::size_t i = 0; i < bytes.size(); i += 4096)
    if (!c.feed(bytes.data() + i, std::min<std::size_t>(4096, bytes.size() - i))) break;
  return c.finish();
}

TEST(Update, TakesOnlyACompleteHttpsOfferOfAnotherVersionThatFits) {
  const Signed s;
  const std::int64_t partition = 1'310'720;
  EXPECT_EQ(judge_offer(s.offer, "1.0.0", "", partition), OfferVerdict::Take);
  EXPECT_EQ(judge_offer(s.offer, "1.1.0", "", partition), OfferVerdict::AlreadyRunning);
  EXPECT_EQ(judge_offer(s.offer, "1.0.0", "1.1.0", partition), OfferVerdict::FailedBefore);
  FirmwareOffer o = s.offer;
  o.url = "http://campus.example/fw.bin";
  EXPECT_EQ(judge_offer(o, "1.0.0", "", partition), OfferVerdict::NotHttps);
  o = s.offer;
  o.size = partition + 1;
  EXPECT_EQ(judge_offer(o, "1.0.0", "", partition), OfferVerdict::TooLarge);
  o = s.offer;
  o.sha256.pop_back();
  EXPECT_EQ(judge_offer(o, "1.0.0", "", partition), OfferVerdict::Malformed);
  o = s.offer;
  o.signature[0] = 'z';
  EXPECT_EQ(judge_offer(o, "1.0.0", "", partition), OfferVerdict::Malformed);
}

TEST(Update, AGoodImagePassesTheCheck) {
  const Signed s;
  EXPECT_EQ(check(s.offer, s.image, s.pk), ImageVerdict::Good);
}

TEST(Update, AnImageWithOneByteChangedIsRefusedForItsHash) {
  Signed s;
  s.image[123'456] ^= 1;
  EXPECT_EQ(check(s.offer, s.image, s.pk), ImageVerdict::WrongHash);
}

TEST(Update, AShortOrLongImageIsRefusedForItsSize) {
  Signed s;
  auto shorter = s.image;
  shorter.pop_back();
  EXPECT_EQ(check(s.offer, shorter, s.pk), ImageVerdict::WrongSize);
  auto longer = s.image;
  longer.push_back(0);
  EXPECT_EQ(check(s.offer, longer, s.pk), ImageVerdict::WrongSize);
}

TEST(Update, AnImageSignedWithAnotherKeyIsRefused) {
  const Signed admin(7), intruder(9, 299'000);  // another key, another image
  // The intruder's image and hash are consistent; only the signature gives it away.
  EXPECT_EQ(check(intruder.offer, intruder.image, admin.pk), ImageVerdict::BadSignature);
  FirmwareOffer forged = intruder.offer;
  forged.signature = admin.offer.signature;  // a real signature, of another image
  EXPECT_EQ(check(forged, intruder.image, admin.pk), ImageVerdict::BadSignature);
}

TEST(Update, ANewImageIsKeptOnceItReachesTheServerAndRolledBackOtherwise) {
  const NewImageTrial trial(seconds(3));
  EXPECT_EQ(trial.on_tick(seconds(30), false), NewImageTrial::Action::Wait);
  EXPECT_EQ(trial.on_tick(seconds(40), true), NewImageTrial::Action::MarkValid);
  EXPECT_EQ(trial.on_tick(seconds(3) + NewImageTrial::kTrial, false), NewImageTrial::Action::RollBack);
}

TEST(Update, TheNodeKeepsTheOfferOfItsLatestAnswer) {
  const Signed s;
  test::Rig rig;
  rig.server.script = [&](const Request& r) -> std::optional<Reply> {
    if (r.kind != RequestKind::Status) return std::nullopt;
    StatusAnswer a;
    a.firmware = s.offer;
    return Reply{200, -1, a, {}};
  };
  rig.run_for(seconds(2));
  ASSERT_TRUE(rig.node->update_offer());
  EXPECT_EQ(rig.node->update_offer()->version, "1.1.0");
  rig.server.script = nullptr;  // the assignment was withdrawn
  rig.run_for(minutes(3));
  EXPECT_FALSE(rig.node->update_offer());
}

}  // namespace
}  // namespace fw
