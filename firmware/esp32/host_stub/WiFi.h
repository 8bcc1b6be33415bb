#pragma once
#include "Arduino.h"

enum wl_status_t { WL_IDLE_STATUS = 0, WL_NO_SSID_AVAIL = 1, WL_CONNECTED = 3, WL_CONNECT_FAILED = 4,
                   WL_CONNECTION_LOST = 5, WL_DISCONNECTED = 6 };
enum wifi_mode_t { WIFI_OFF = 0, WIFI_STA = 1 };

class IPAddress {
 public:
  String toString() const { return "127.0.0.1"; }
};

class WiFiClass {
 public:
  bool mode(wifi_mode_t m);
  wl_status_t begin(const char* ssid, const char* password);
  wl_status_t status();
  bool disconnect(bool wifi_off = false);
  bool setAutoReconnect(bool on);
  IPAddress localIP();
  int8_t RSSI();
};
extern WiFiClass WiFi;

class WiFiClient {
 public:
  virtual ~WiFiClient() = default;
  void stop() {}
  // The answer body as a stream (HTTPClient::getStreamPtr), as the tests script it.
  int available() { return static_cast<int>(data_.size() - pos_); }
  int read(uint8_t* buf, size_t size) {
    const size_t n = size < data_.size() - pos_ ? size : data_.size() - pos_;
    for (size_t i = 0; i < n; ++i) buf[i] = static_cast<uint8_t>(data_[pos_ + i]);
    pos_ += n;
    return static_cast<int>(n);
  }
  uint8_t connected() { return pos_ < data_.size(); }
  void stub_fill(const std::string& data) { data_ = data; pos_ = 0; }

 private:
  std::string data_;
  size_t pos_ = 0;
};
