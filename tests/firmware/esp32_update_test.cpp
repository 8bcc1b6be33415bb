// Over-the-air updates on the ESP32 shell: an offered image is downloaded by the
// network task, checked and booted; a bad one is refused for good; a new image is kept
// once it reaches the server and rolled back when it does not.
#include <gtest/gtest.h>
#include <sodium.h>

#include <esp_ota_ops.h>

#include <array>
#include <string>

#include "node.hpp"
#include "shell_rig.hpp"

namespace {

using shell_test::HttpAnswer;
using shell_test::HttpCall;
using shell_test::kConfigured;
using shell_test::Shell;

std::string hex(const unsigned char* p, std::size_t n) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += {d[p[i] >> 4], d[p[i] & 15]};
  return s;
}

// An image and its offer, signed with the key whose seed is `seed_byte` x 32; the host
// build trusts the one of seed 7 (firmware/esp32/CMakeLists.txt).
struct Offer {
  std::string image, json;
  explicit Offer(unsigned char seed_byte, std::size_t size = 40'000) {
    EXPECT_GE(sodium_init(), 0);
    std::array<unsigned char, 32> seed{};
    seed.fill(seed_byte);
    unsigned char pk[32], sk[64], digest[32], sig[64];
    crypto_sign_seed_keypair(pk, sk, seed.data());
    for (std::size_t i = 0; i < size; ++i) image += static_cast<char>((i * 31 + 5) & 0xff);
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(image.data()), image.size());
    crypto_sign_detached(sig, nullptr, digest, 32, sk);
    json = R"({"version":"1.1.0","url":"https://10.0.0.2/fw/1.1.0.bin","sha256":")" + hex(digest, 32) +
           R"(","size":)" + std::to_string(size) + R"(,"signature":")" + hex(sig, 64) + R"("})";
  }
};

struct ShellUpdates : Shell {
  int downloads = 0;
  void offer(const Offer& o) {
    status_body = R"({"message":"ok","is_booked":false,"reason":"occupied","power_on":true,"firmware":)" + o.json + "}";
    s.http = [this, image = o.image](const HttpCall& c) -> HttpAnswer {
      if (c.url == "https://10.0.0.2/fw/1.1.0.bin") {
        ++downloads;
        return {200, image, {}};
      }
      return answer(c);
    };
    s.nvs["classroom/ca_pem"] = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  }
};

TEST_F(ShellUpdates, AnOfferedSignedImageIsDownloadedCheckedAndBooted) {
  const Offer o(7);
  offer(o);
  boot();
  EXPECT_THROW(run_ms(10'000), arduino_stub::RestartRequested);
  EXPECT_EQ(downloads, 1);
  EXPECT_EQ(s.ota_image, o.image);
  EXPECT_TRUE(s.ota_boot_set);
  EXPECT_NE(s.serial_out.find("update 1.1.0 installed"), std::string::npos);
}

TEST_F(ShellUpdates, AnImageSignedWithAnotherKeyIsRefusedAndNotTriedAgain) {
  offer(Offer(9));
  boot();
  run_ms(10 * 60'000);
  EXPECT_EQ(downloads, 1);
  EXPECT_FALSE(s.ota_boot_set);
  EXPECT_EQ(s.nvs["classroom/ota_failed"], "1.1.0");
  EXPECT_NE(s.serial_out.find("image refused: bad signature"), std::string::npos) << s.serial_out;
  setup();  // nor after a reboot
  run_ms(60'000);
  EXPECT_EQ(downloads, 1);
}

TEST_F(ShellUpdates, ATruncatedDownloadIsRefused) {
  Offer o(7);
  offer(o);
  o.image.resize(o.image.size() / 2);
  s.http = [this, image = o.image](const HttpCall& c) -> HttpAnswer {
    if (c.url.find("/fw/") != std::string::npos) return {200, image, {}};
    return answer(c);
  };
  boot();
  run_ms(60'000);
  EXPECT_FALSE(s.ota_boot_set);
  EXPECT_NE(s.serial_out.find("image refused: wrong size"), std::string::npos);
}

TEST_F(Shell, ANewImageThatReachesTheServerIsKept) {
  s.running_ota_state = ESP_OTA_IMG_PENDING_VERIFY;
  boot();
  run_ms(3000);
  EXPECT_TRUE(s.ota_marked_valid);
  EXPECT_FALSE(s.ota_rolled_back);
}

TEST_F(Shell, ANewImageThatNeverReachesTheServerIsRolledBack) {
  s.running_ota_state = ESP_OTA_IMG_PENDING_VERIFY;
  boot();
  s.wifi_up = false;
  EXPECT_THROW(run_ms(11 * 60'000), arduino_stub::RestartRequested);
  EXPECT_TRUE(s.ota_rolled_back);
  EXPECT_FALSE(s.ota_marked_valid);
  EXPECT_EQ(s.nvs["classroom/ota_failed"], fw::kFirmwareVersion);
}

}  // namespace
