// The server's check of an uploaded image: Ed25519 over the SHA-256 digest, as the
// node checks it (firmware/core/update.hpp).
#include "auth/firmware_signature.hpp"
#include "auth/secrets.hpp"

#include "image_signer.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

using namespace classroom;

namespace {

// The admin's key, as the server is given its public half.
struct Keys : ts::ImageSigner {
  FirmwareKey key() const {
    FirmwareKey k{};
    std::copy(pk, pk + 32, k.begin());
    return k;
  }
};

}  // namespace

TEST(FirmwareSignature, Sha256IsTheKnownDigest) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(FirmwareSignature, AcceptsTheKeysSignatureOfTheDigestOnly) {
  Keys a, b;
  const std::string image(5000, '\x5a');
  const auto sig = a.sign_hex(image);
  EXPECT_TRUE(firmware_signature_valid(sig, sha256_hex(image), {a.key()}));
  EXPECT_TRUE(firmware_signature_valid(sig, sha256_hex(image), {b.key(), a.key()})) << "any configured key";
  EXPECT_FALSE(firmware_signature_valid(sig, sha256_hex(image), {b.key()})) << "another key";
  EXPECT_FALSE(firmware_signature_valid(sig, sha256_hex(image + "x"), {a.key()})) << "another image";
  EXPECT_FALSE(firmware_signature_valid(sig.substr(2), sha256_hex(image), {a.key()})) << "too short";
  EXPECT_FALSE(firmware_signature_valid(sig, sha256_hex(image), {})) << "no key";
}

TEST(FirmwareSignature, ReadsKeysAsHexOrBase64) {
  Keys a;
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, a.pk, 32);
  auto from_hex = parse_firmware_key(hex);
  auto from_b64 = parse_firmware_key(to_base64(std::string(reinterpret_cast<const char*>(a.pk), 32)));
  ASSERT_TRUE(from_hex);
  ASSERT_TRUE(from_b64);
  EXPECT_EQ(*from_hex, a.key());
  EXPECT_EQ(*from_b64, a.key());
  EXPECT_FALSE(parse_firmware_key("not a key"));
  EXPECT_FALSE(parse_firmware_key(std::string(64, 'z')));
}

TEST(FirmwareSignature, Base64RoundTrips) {
  const std::string bytes("\x00\x01\xff\x10 binary", 11);
  EXPECT_EQ(from_base64(to_base64(bytes)), bytes);
  EXPECT_FALSE(from_base64("***"));
}
