#pragma once
#include "WiFi.h"

class WiFiClientSecure : public WiFiClient {
 public:
  // Like the real one, it keeps the pointer: the PEM must outlive the client.
  void setCACert(const char* pem) { ca_ = pem; }
  void setHandshakeTimeout(unsigned long seconds) { handshake_timeout_s_ = seconds; }
  const char* ca() const { return ca_; }
  unsigned long handshake_timeout_s() const { return handshake_timeout_s_; }

 private:
  const char* ca_ = nullptr;
  unsigned long handshake_timeout_s_ = 120;  // the library's default
};
