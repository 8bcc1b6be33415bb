#pragma once
#include "WiFi.h"

#define HTTPC_ERROR_CONNECTION_REFUSED (-1)
#define HTTPC_ERROR_READ_TIMEOUT (-11)

class HTTPClient {
 public:
  bool begin(WiFiClient& client, const String& url);
  void end();
  void setTimeout(uint16_t ms);
  void setConnectTimeout(int32_t ms);
  void setReuse(bool reuse);
  void addHeader(const String& name, const String& value);
  void collectHeaders(const char* keys[], size_t count);
  int GET();
  int POST(const String& body);
  String getString();
  int getSize();  // Content-Length, -1 when the answer has none
  WiFiClient* getStreamPtr();
  String header(const char* name);
  static String errorToString(int error);

 private:
  int send(const char* method, const std::string& body);
  arduino_stub::HttpCall call_;
  arduino_stub::HttpAnswer answer_;
  WiFiClient stream_;
};
