#pragma once
// WiFi with reconnect, and HTTP(S) calls to the server (TLS pinned to a CA when one is
// configured). One HttpLink per task: the loop's reports and the command long-poll.
#include <Arduino.h>
#include <HTTPClient.h>
#include <WiFiClientSecure.h>

#include <cstdint>
#include <functional>
#include <string>

#include "backoff.hpp"
#include "config.hpp"

namespace shell {

class WifiLink {
 public:
  explicit WifiLink(const fw::Config& config);
  void begin();
  // Call every loop: starts a new attempt after a backoff while the link is down.
  void maintain(fw::Millis now);
  bool up() const;

 private:
  const fw::Config& config_;
  fw::Backoff backoff_;
  fw::Millis next_attempt_ = 0;
  bool was_up_ = false;
};

struct HttpResult {
  int status = 0;  // 0: no answer
  String body;
  int retry_after_s = -1;
  std::string error;
};

class HttpLink {
 public:
  static constexpr int kMaxAnswerBytes = 8192;
  HttpLink(const fw::Config& config, const String& ca_pem);
  // Connect and TLS handshake are each bounded by connect_ms, the answer by read_ms.
  HttpResult call(const char* method, const std::string& path, const std::string& body, int connect_ms,
                  int read_ms);
  // GET of an absolute URL, the body handed to `sink` in chunks as it arrives (false
  // from the sink stops it); `read_ms` bounds each wait for more bytes.
  HttpResult download(const std::string& url, int connect_ms, int read_ms,
                      const std::function<bool(const std::uint8_t*, std::size_t)>& sink);

 private:
  const fw::Config& config_;
  String ca_pem_;  // WiFiClientSecure keeps a pointer into it: never moved
  bool tls_;
  WiFiClient plain_;
  WiFiClientSecure secure_;
  HTTPClient http_;
};

}  // namespace shell
