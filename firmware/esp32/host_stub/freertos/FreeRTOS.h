#pragma once
// Stand-in: the few FreeRTOS calls the shell makes. Tasks are recorded, not started.
#include <cstdint>

using TaskHandle_t = void*;
using SemaphoreHandle_t = void*;
using BaseType_t = int;
using TickType_t = uint32_t;
#define pdPASS 1
#define pdTRUE 1
#define pdFALSE 0
#define portMAX_DELAY 0xffffffffu
#define pdMS_TO_TICKS(ms) (static_cast<TickType_t>(ms))

BaseType_t xTaskCreatePinnedToCore(void (*task)(void*), const char* name, uint32_t stack_depth, void* arg,
                                   unsigned priority, TaskHandle_t* handle, int core);
void vTaskDelay(TickType_t ticks);
SemaphoreHandle_t xSemaphoreCreateMutex();
BaseType_t xSemaphoreTake(SemaphoreHandle_t mutex, TickType_t ticks);
BaseType_t xSemaphoreGive(SemaphoreHandle_t mutex);
