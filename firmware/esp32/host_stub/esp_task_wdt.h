#pragma once
// Stand-in for the ESP-IDF 5 task watchdog API (Arduino-ESP32 3.x), with its
// signatures. As on the chip, the watchdog is already running at boot (Arduino 3.x
// starts it), so esp_task_wdt_init() answers ESP_ERR_INVALID_STATE and
// esp_task_wdt_reconfigure() is the call that sets the timeout.
#include <cstdint>

#include "freertos/FreeRTOS.h"
using esp_err_t = int;
#define ESP_OK 0
#define ESP_ERR_INVALID_STATE 0x103

typedef struct {
  uint32_t timeout_ms;
  uint32_t idle_core_mask;
  bool trigger_panic;
} esp_task_wdt_config_t;

esp_err_t esp_task_wdt_init(const esp_task_wdt_config_t* config);
esp_err_t esp_task_wdt_reconfigure(const esp_task_wdt_config_t* config);
esp_err_t esp_task_wdt_add(TaskHandle_t task);
esp_err_t esp_task_wdt_delete(TaskHandle_t task);
esp_err_t esp_task_wdt_reset();
