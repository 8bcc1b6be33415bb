#pragma once
#include "WiFi.h"

class WiFiClientSecure : public WiFiClient {
 public:
  void setCACert(const char* pem) { ca_ = pem ? pem : ""; }
  void setHandshakeTimeout(unsigned long seconds) { (void)seconds; }
  const std::string& ca() const { return ca_; }

 private:
  std::string ca_;
};
