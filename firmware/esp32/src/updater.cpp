#include "updater.hpp"

#include <Ed25519.h>
#include <esp_ota_ops.h>
#include <mbedtls/sha256.h>

namespace shell {
namespace {

#ifndef CLASSROOM_UPDATE_KEY
#define CLASSROOM_UPDATE_KEY ""
#endif

class ChipCrypto : public fw::ImageCrypto {
 public:
  ChipCrypto() {
    mbedtls_sha256_init(&ctx_);
    mbedtls_sha256_starts(&ctx_, 0);
  }
  ~ChipCrypto() override { mbedtls_sha256_free(&ctx_); }
  void sha256_update(const std::uint8_t* data, std::size_t n) override { mbedtls_sha256_update(&ctx_, data, n); }
  fw::Digest sha256_final() override {
    fw::Digest d{};
    mbedtls_sha256_finish(&ctx_, d.data());
    return d;
  }
  bool ed25519_verify(const fw::Signature& sig, const fw::Digest& msg, const fw::PublicKey& key) override {
    return Ed25519::verify(sig.data(), key.data(), msg.data(), msg.size());
  }

 private:
  mbedtls_sha256_context ctx_;
};

}  // namespace

std::optional<fw::PublicKey> update_key() { return fw::from_hex<32>(CLASSROOM_UPDATE_KEY); }

std::int64_t update_partition_bytes() {
  const esp_partition_t* next = esp_ota_get_next_update_partition(nullptr);
  return next ? next->size : 0;
}

UpdateResult install_update(HttpLink& http, const fw::FirmwareOffer& offer, const fw::PublicKey& key,
                            int connect_ms, int read_ms) {
  UpdateResult r{offer.version, false, {}};
  const esp_partition_t* target = esp_ota_get_next_update_partition(nullptr);
  esp_ota_handle_t handle = 0;
  if (!target || esp_ota_begin(target, static_cast<size_t>(offer.size), &handle) != ESP_OK) {
    r.error = "no update partition for this image";
    return r;
  }
  ChipCrypto crypto;
  fw::ImageCheck check(offer, crypto, key);
  bool written = true;
  const HttpResult got = http.download(offer.url, connect_ms, read_ms, [&](const std::uint8_t* data, std::size_t n) {
    written = written && check.feed(data, n) && esp_ota_write(handle, data, n) == ESP_OK;
    return written;
  });
  const fw::ImageVerdict verdict = check.finish();
  if (got.status != 200 || verdict != fw::ImageVerdict::Good || !written) {
    esp_ota_abort(handle);
    r.error = got.status != 200 ? "download: " + (got.error.empty() ? "HTTP " + std::to_string(got.status) : got.error)
                                : std::string("image refused: ") + fw::to_string(verdict);
    return r;
  }
  if (esp_ota_end(handle) != ESP_OK || esp_ota_set_boot_partition(target) != ESP_OK) {
    r.error = "image not accepted by the bootloader";
    return r;
  }
  r.installed = true;
  return r;
}

bool running_image_on_trial() {
  esp_ota_img_states_t state{};
  return esp_ota_get_state_partition(esp_ota_get_running_partition(), &state) == ESP_OK &&
         state == ESP_OTA_IMG_PENDING_VERIFY;
}

void keep_running_image() { esp_ota_mark_app_valid_cancel_rollback(); }

void roll_back_running_image() {
  esp_ota_mark_app_invalid_rollback_and_reboot();
  ESP.restart();  // only if the call returned (no other image to go back to)
}

}  // namespace shell
