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
};
