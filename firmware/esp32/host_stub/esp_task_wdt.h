#pragma once
// Stand-in for the ESP-IDF 4 task watchdog API (Arduino-ESP32 2.x).
#include <cstdint>

#include "freertos/FreeRTOS.h"
using esp_err_t = int;
#define ESP_OK 0
esp_err_t esp_task_wdt_init(uint32_t timeout_s, bool panic);
esp_err_t esp_task_wdt_add(TaskHandle_t task);
esp_err_t esp_task_wdt_reset();
