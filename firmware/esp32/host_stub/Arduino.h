#pragma once
// A minimal stand-in for the Arduino-ESP32 API the shell uses, so firmware/esp32/src
// compiles, links and runs on a PC. It declares only what the shell calls, with the
// real signatures; tests script it through arduino_stub::state().
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <vector>

#define ESP_ARDUINO_VERSION_MAJOR 3
#define HIGH 0x1
#define LOW 0x0
#define INPUT 0x01
#define OUTPUT 0x03
#define INPUT_PULLUP 0x05
#define INPUT_PULLDOWN 0x09

class String {
 public:
  String() = default;
  String(const char* c) : s_(c ? c : "") {}
  explicit String(long v) : s_(std::to_string(v)) {}
  const char* c_str() const { return s_.c_str(); }
  unsigned length() const { return static_cast<unsigned>(s_.size()); }
  bool isEmpty() const { return s_.empty(); }
  long toInt() const { return std::strtol(s_.c_str(), nullptr, 10); }
  String& operator+=(const String& o) { s_ += o.s_; return *this; }
  String& operator+=(char c) { s_ += c; return *this; }
  bool operator==(const String& o) const { return s_ == o.s_; }
  bool operator==(const char* o) const { return s_ == (o ? o : ""); }

 private:
  std::string s_;
};

void pinMode(uint8_t pin, uint8_t mode);
void digitalWrite(uint8_t pin, uint8_t value);
int digitalRead(uint8_t pin);
void delayMicroseconds(uint32_t us);
unsigned long pulseIn(uint8_t pin, uint8_t state, unsigned long timeout_us);
unsigned long millis();
void delay(uint32_t ms);

class HardwareSerial {
 public:
  void begin(unsigned long baud);
  int available();
  int read();
  size_t print(const char* text);
  size_t println(const char* text = "");
  size_t printf(const char* format, ...) __attribute__((format(printf, 2, 3)));
};
extern HardwareSerial Serial;

class EspClass {
 public:
  [[noreturn]] void restart();
  uint32_t getFreeHeap();
};
extern EspClass ESP;

#include "freertos/FreeRTOS.h"

namespace arduino_stub {

struct HttpCall {
  std::string method, url, body;
  std::map<std::string, std::string> headers;
};
struct HttpAnswer {
  int code = -1;  // negative: HTTPClient's transport errors
  std::string body;
  std::map<std::string, std::string> headers;
};

struct RestartRequested {};  // thrown by ESP.restart() so a test can see it
struct TaskStopped {};       // thrown by a delay once task_rounds are used up

// Everything the stand-in remembers or is told to do.
struct State {
  int64_t now_us = 0;
  std::map<uint8_t, uint8_t> pin_mode;
  std::map<uint8_t, int> pin_level;
  std::vector<std::pair<uint8_t, int>> writes;  // every digitalWrite, in order
  std::function<unsigned long(uint8_t)> pulse;   // echo time in µs, 0 = timeout
  std::string serial_in, serial_out;
  bool wifi_up = false;
  int wifi_begins = 0;
  std::function<HttpAnswer(const HttpCall&)> http;
  std::vector<HttpCall> http_calls;
  std::map<std::string, std::string> nvs;  // "namespace/key" → value
  int nvs_writes = 0;                      // puts that reached the flash
  std::vector<std::string> tasks;          // names of the tasks created (not run on the PC)
  std::vector<void (*)(void*)> task_bodies;
  int task_rounds = -1;                    // delays left before TaskStopped; -1: no limit
  int watchdog_resets = 0;
  bool watchdog_running = true;            // Arduino 3.x starts it before setup()
  uint32_t watchdog_timeout_ms = 5000;
  int watchdog_tasks = 0;                  // esp_task_wdt_add() calls
  int reset_reason = 1;                    // esp_reset_reason_t; ESP_RST_POWERON
  uint32_t free_heap = 200000;
  int8_t rssi = -60;
  // OTA (esp_ota_ops.h): the image written to the other partition, and what was called.
  std::string ota_image;
  bool ota_boot_set = false, ota_marked_valid = false, ota_rolled_back = false;
  int running_ota_state = 2;  // esp_ota_img_states_t; ESP_OTA_IMG_VALID
};

State& state();
void reset();

}  // namespace arduino_stub
