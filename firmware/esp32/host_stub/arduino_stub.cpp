// The stand-in's behaviour: pins, clock, serial, WiFi, HTTP, NVS and FreeRTOS calls
// act on arduino_stub::state(), which tests script and inspect.
#include <cstdio>

#include "Arduino.h"
#include "HTTPClient.h"
#include "Preferences.h"
#include "WiFi.h"
#include "esp_ota_ops.h"
#include "esp_system.h"
#include "esp_task_wdt.h"
#include "esp_timer.h"

namespace arduino_stub {
State& state() {
  static State s;
  return s;
}
void reset() { state() = State{}; }
}  // namespace arduino_stub

using arduino_stub::state;

HardwareSerial Serial;
EspClass ESP;
WiFiClass WiFi;

void pinMode(uint8_t pin, uint8_t mode) {
  state().pin_mode[pin] = mode;
  // An open input with a pull-up reads high (a button not pressed).
  if (mode == INPUT_PULLUP && !state().pin_level.count(pin)) state().pin_level[pin] = HIGH;
}
void digitalWrite(uint8_t pin, uint8_t value) {
  state().pin_level[pin] = value;
  state().writes.emplace_back(pin, value);
}
int digitalRead(uint8_t pin) { return state().pin_level.count(pin) ? state().pin_level[pin] : LOW; }
void delayMicroseconds(uint32_t us) { state().now_us += us; }
unsigned long pulseIn(uint8_t pin, uint8_t, unsigned long timeout_us) {
  const unsigned long echo = state().pulse ? state().pulse(pin) : 0;
  const unsigned long waited = echo == 0 || echo > timeout_us ? timeout_us : echo;
  state().now_us += static_cast<int64_t>(waited);
  return echo > timeout_us ? 0 : echo;
}
unsigned long millis() { return static_cast<unsigned long>(state().now_us / 1000); }
void delay(uint32_t ms) { state().now_us += static_cast<int64_t>(ms) * 1000; }
int64_t esp_timer_get_time() { return state().now_us; }

void HardwareSerial::begin(unsigned long) {}
int HardwareSerial::available() { return static_cast<int>(state().serial_in.size()); }
int HardwareSerial::read() {
  if (state().serial_in.empty()) return -1;
  const int c = static_cast<unsigned char>(state().serial_in.front());
  state().serial_in.erase(0, 1);
  return c;
}
size_t HardwareSerial::print(const char* text) {
  state().serial_out += text;
  return std::char_traits<char>::length(text);
}
size_t HardwareSerial::println(const char* text) { return print(text) + print("\r\n"); }
size_t HardwareSerial::printf(const char* format, ...) {
  char buf[512];
  va_list args;
  va_start(args, format);
  const int n = std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  state().serial_out += buf;
  return n > 0 ? static_cast<size_t>(n) : 0;
}

void EspClass::restart() { throw arduino_stub::RestartRequested{}; }
uint32_t EspClass::getFreeHeap() { return state().free_heap; }
esp_reset_reason_t esp_reset_reason() { return static_cast<esp_reset_reason_t>(state().reset_reason); }

BaseType_t xTaskCreatePinnedToCore(void (*body)(void*), const char* name, uint32_t, void*, unsigned, TaskHandle_t* h,
                                   int) {
  state().tasks.emplace_back(name);
  state().task_bodies.push_back(body);
  if (h) *h = nullptr;
  return pdPASS;
}
namespace {
// A task body is an endless loop; a test runs it for a few rounds and stops it here.
void count_round() {
  if (state().task_rounds < 0) return;
  if (state().task_rounds-- == 0) throw arduino_stub::TaskStopped{};
}
}  // namespace
void vTaskDelay(TickType_t ticks) {
  count_round();
  state().now_us += static_cast<int64_t>(ticks) * 1000;
}
void vTaskDelayUntil(TickType_t* previous, TickType_t period) {
  count_round();
  *previous += period;
  if (state().now_us < static_cast<int64_t>(*previous) * 1000) state().now_us = static_cast<int64_t>(*previous) * 1000;
}
TickType_t xTaskGetTickCount() { return static_cast<TickType_t>(state().now_us / 1000); }
void vTaskDelete(TaskHandle_t) {}
SemaphoreHandle_t xSemaphoreCreateMutex() {
  static int token;
  return &token;
}
BaseType_t xSemaphoreTake(SemaphoreHandle_t, TickType_t) { return pdTRUE; }
BaseType_t xSemaphoreGive(SemaphoreHandle_t) { return pdTRUE; }

esp_err_t esp_task_wdt_init(const esp_task_wdt_config_t* config) {
  if (state().watchdog_running) return ESP_ERR_INVALID_STATE;
  state().watchdog_running = true;
  state().watchdog_timeout_ms = config->timeout_ms;
  return ESP_OK;
}
esp_err_t esp_task_wdt_reconfigure(const esp_task_wdt_config_t* config) {
  if (!state().watchdog_running) return ESP_ERR_INVALID_STATE;
  state().watchdog_timeout_ms = config->timeout_ms;
  return ESP_OK;
}
esp_err_t esp_task_wdt_add(TaskHandle_t) {
  ++state().watchdog_tasks;
  return ESP_OK;
}
esp_err_t esp_task_wdt_delete(TaskHandle_t) {
  --state().watchdog_tasks;
  return ESP_OK;
}
esp_err_t esp_task_wdt_reset() {
  ++state().watchdog_resets;
  return ESP_OK;
}

bool WiFiClass::mode(wifi_mode_t) { return true; }
wl_status_t WiFiClass::begin(const char*, const char*) {
  ++state().wifi_begins;
  return status();
}
wl_status_t WiFiClass::status() { return state().wifi_up ? WL_CONNECTED : WL_DISCONNECTED; }
bool WiFiClass::disconnect(bool) { return true; }
bool WiFiClass::setAutoReconnect(bool) { return true; }
IPAddress WiFiClass::localIP() { return {}; }
int8_t WiFiClass::RSSI() { return state().rssi; }

bool HTTPClient::begin(WiFiClient&, const String& url) {
  call_ = {};
  call_.url = url.c_str();
  return true;
}
void HTTPClient::end() {}
void HTTPClient::setTimeout(uint16_t) {}
void HTTPClient::setConnectTimeout(int32_t) {}
void HTTPClient::setReuse(bool) {}
void HTTPClient::addHeader(const String& name, const String& value) { call_.headers[name.c_str()] = value.c_str(); }
void HTTPClient::collectHeaders(const char*[], size_t) {}
int HTTPClient::send(const char* method, const std::string& body) {
  call_.method = method;
  call_.body = body;
  state().http_calls.push_back(call_);
  answer_ = state().http ? state().http(call_) : arduino_stub::HttpAnswer{};
  return answer_.code;
}
int HTTPClient::GET() { return send("GET", {}); }
int HTTPClient::POST(const String& body) { return send("POST", body.c_str()); }
String HTTPClient::getString() { return String(answer_.body.c_str()); }
int HTTPClient::getSize() { return static_cast<int>(answer_.body.size()); }
WiFiClient* HTTPClient::getStreamPtr() {
  stream_.stub_fill(answer_.body);
  return &stream_;
}
String HTTPClient::header(const char* name) {
  auto it = answer_.headers.find(name);
  return it == answer_.headers.end() ? String() : String(it->second.c_str());
}
String HTTPClient::errorToString(int error) {
  return error == HTTPC_ERROR_CONNECTION_REFUSED ? "connection refused" : "read timeout";
}

bool Preferences::begin(const char* name, bool read_only) {
  ns_ = name;
  read_only_ = read_only;
  return true;
}
void Preferences::end() {}
String Preferences::getString(const char* k, const String& fallback) {
  auto it = state().nvs.find(key(k));
  return it == state().nvs.end() ? fallback : String(it->second.c_str());
}
size_t Preferences::putString(const char* k, const String& value) {
  // NVS keeps a string of at most 4000 bytes with its terminating zero.
  if (read_only_ || value.length() + 1 > 4000) return 0;
  state().nvs[key(k)] = value.c_str();
  ++state().nvs_writes;
  return value.length();
}
int64_t Preferences::getLong64(const char* k, int64_t fallback) {
  auto it = state().nvs.find(key(k));
  return it == state().nvs.end() ? fallback : std::stoll(it->second);
}
size_t Preferences::putLong64(const char* k, int64_t value) {
  if (read_only_) return 0;
  state().nvs[key(k)] = std::to_string(value);
  ++state().nvs_writes;
  return 8;
}
bool Preferences::remove(const char* k) { return state().nvs.erase(key(k)) > 0; }

namespace {
esp_partition_t app0{0x10000, 0x140000, "app0"}, app1{0x150000, 0x140000, "app1"};
}
const esp_partition_t* esp_ota_get_running_partition() { return &app0; }
const esp_partition_t* esp_ota_get_next_update_partition(const esp_partition_t*) { return &app1; }
esp_err_t esp_ota_get_state_partition(const esp_partition_t*, esp_ota_img_states_t* s) {
  *s = static_cast<esp_ota_img_states_t>(state().running_ota_state);
  return ESP_OK;
}
esp_err_t esp_ota_begin(const esp_partition_t* p, size_t size, esp_ota_handle_t* h) {
  if (size > p->size) return ESP_FAIL;
  state().ota_image.clear();
  *h = 1;
  return ESP_OK;
}
esp_err_t esp_ota_write(esp_ota_handle_t, const void* data, size_t size) {
  state().ota_image.append(static_cast<const char*>(data), size);
  return ESP_OK;
}
esp_err_t esp_ota_end(esp_ota_handle_t) { return ESP_OK; }
esp_err_t esp_ota_abort(esp_ota_handle_t) {
  state().ota_image.clear();
  return ESP_OK;
}
esp_err_t esp_ota_set_boot_partition(const esp_partition_t*) {
  state().ota_boot_set = true;
  return ESP_OK;
}
esp_err_t esp_ota_mark_app_valid_cancel_rollback() {
  state().ota_marked_valid = true;
  state().running_ota_state = ESP_OTA_IMG_VALID;
  return ESP_OK;
}
esp_err_t esp_ota_mark_app_invalid_rollback_and_reboot() {
  state().ota_rolled_back = true;
  throw arduino_stub::RestartRequested{};
}
