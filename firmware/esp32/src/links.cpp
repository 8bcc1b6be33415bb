#include "links.hpp"

#include <WiFi.h>
#include <esp_task_wdt.h>

namespace shell {

WifiLink::WifiLink(const fw::Config& config)
    // Association and DHCP take seconds and the driver reconnects by itself
    // (setAutoReconnect): a new begin() only after 15..30 s, growing to 1.5..3 min,
    // so an attempt in progress is not cut short.
    : config_(config), backoff_(30000, 180000, fw::seed_from(config.device_id.c_str())) {}

void WifiLink::begin() {
  WiFi.mode(WIFI_STA);
  WiFi.setAutoReconnect(true);
  if (!config_.wifi_ssid.empty()) WiFi.begin(config_.wifi_ssid.c_str(), config_.wifi_password.c_str());
}

bool WifiLink::up() const { return WiFi.status() == WL_CONNECTED; }

void WifiLink::maintain(fw::Millis now) {
  if (up()) {
    was_up_ = true;
    backoff_.reset();
    return;
  }
  if (config_.wifi_ssid.empty() || now < next_attempt_) return;
  if (was_up_ || backoff_.failures() > 0) {
    WiFi.disconnect();
    WiFi.begin(config_.wifi_ssid.c_str(), config_.wifi_password.c_str());
  }
  was_up_ = false;
  next_attempt_ = now + backoff_.next_delay();
}

HttpLink::HttpLink(const fw::Config& config, const String& ca_pem)
    : config_(config), ca_pem_(ca_pem), tls_(config.server_url.rfind("https://", 0) == 0) {
  if (!ca_pem_.isEmpty()) secure_.setCACert(ca_pem_.c_str());
  // The library's default handshake timeout is 120 s, beyond any sane call budget.
  secure_.setHandshakeTimeout(static_cast<unsigned long>((config.http_timeout_ms + 999) / 1000));
}

HttpResult HttpLink::call(const char* method, const std::string& path, const std::string& body, int connect_ms,
                          int read_ms) {
  HttpResult r;
  if (tls_ && ca_pem_.isEmpty()) {
    r.error = "https needs a CA certificate (console: cert)";
    return r;
  }
  const String url((config_.server_url + path).c_str());
  WiFiClient& client = tls_ ? static_cast<WiFiClient&>(secure_) : plain_;
  if (!http_.begin(client, url)) {
    r.error = "bad server_url";
    return r;
  }
  http_.setReuse(true);
  http_.setConnectTimeout(connect_ms);
  http_.setTimeout(static_cast<uint16_t>(read_ms > 65000 ? 65000 : read_ms));
  http_.addHeader("X-Device-ID", config_.device_id.c_str());
  http_.addHeader("X-API-Key", config_.api_key.c_str());
  const char* keep[] = {"Retry-After"};
  http_.collectHeaders(keep, 1);
  int code;
  if (std::string(method) == "GET") {
    code = http_.GET();
  } else {
    http_.addHeader("Content-Type", "application/json");
    code = http_.POST(String(body.c_str()));
  }
  if (code <= 0) {
    r.error = HTTPClient::errorToString(code).c_str();
  } else if (http_.getSize() > kMaxAnswerBytes) {
    // A proxy's or captive portal's page must not eat the heap: no answer of ours is
    // this long.
    r.status = code == 200 ? 0 : code;
    r.error = "answer of " + std::to_string(http_.getSize()) + " bytes refused";
  } else {
    r.status = code;
    r.body = http_.getString();
    const String retry = http_.header("Retry-After");
    if (!retry.isEmpty()) r.retry_after_s = static_cast<int>(retry.toInt());
  }
  http_.end();
  return r;
}

HttpResult HttpLink::download(const std::string& url, int connect_ms, int read_ms,
                              const std::function<bool(const std::uint8_t*, std::size_t)>& sink) {
  HttpResult r;
  const bool tls = url.rfind("https://", 0) == 0;
  if (tls && ca_pem_.isEmpty()) {
    r.error = "https needs a CA certificate (console: cert)";
    return r;
  }
  WiFiClient& client = tls ? static_cast<WiFiClient&>(secure_) : plain_;
  if (!http_.begin(client, String(url.c_str()))) {
    r.error = "bad update url";
    return r;
  }
  http_.setReuse(false);
  http_.setConnectTimeout(connect_ms);
  http_.setTimeout(static_cast<uint16_t>(read_ms > 65000 ? 65000 : read_ms));
  http_.addHeader("X-Device-ID", config_.device_id.c_str());
  http_.addHeader("X-API-Key", config_.api_key.c_str());
  const int code = http_.GET();
  if (code != 200) {
    r.status = code > 0 ? code : 0;
    r.error = code > 0 ? "HTTP " + std::to_string(code) : HTTPClient::errorToString(code).c_str();
    http_.end();
    return r;
  }
  WiFiClient* stream = http_.getStreamPtr();
  std::uint8_t buf[1024];
  unsigned long last_byte = millis();
  int left = http_.getSize();
  while (left != 0) {
    esp_task_wdt_reset();
    const int avail = stream->available();
    if (avail <= 0) {
      if (!stream->connected() || millis() - last_byte > static_cast<unsigned long>(read_ms)) break;
      delay(5);
      continue;
    }
    const int want = avail < static_cast<int>(sizeof buf) ? avail : static_cast<int>(sizeof buf);
    const int n = stream->read(buf, static_cast<size_t>(left > 0 && left < want ? left : want));
    if (n <= 0) continue;
    last_byte = millis();
    if (left > 0) left -= n;
    if (!sink(buf, static_cast<std::size_t>(n))) break;
  }
  r.status = 200;
  http_.end();
  return r;
}

}  // namespace shell
