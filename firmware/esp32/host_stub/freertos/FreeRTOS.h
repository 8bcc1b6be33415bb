#pragma once
// Stand-in: the few FreeRTOS calls the shell makes. Tasks are recorded with their
// function, not started: a task body is an endless loop around one step function
// (shell::control_step and friends), which the host tests call in turn on a
// simulated clock, as the scheduler would interleave them.
#include <cstdint>

using TaskHandle_t = void*;
using SemaphoreHandle_t = void*;
using BaseType_t = int;
using TickType_t = uint32_t;
#define pdPASS 1
#define pdFAIL 0
#define pdTRUE 1
#define pdFALSE 0
#define portMAX_DELAY 0xffffffffu
#define pdMS_TO_TICKS(ms) (static_cast<TickType_t>(ms))
#define portNUM_PROCESSORS 2

BaseType_t xTaskCreatePinnedToCore(void (*task)(void*), const char* name, uint32_t stack_depth, void* arg,
                                   unsigned priority, TaskHandle_t* handle, int core);
void vTaskDelay(TickType_t ticks);
void vTaskDelayUntil(TickType_t* previous_wake, TickType_t period);
TickType_t xTaskGetTickCount();
void vTaskDelete(TaskHandle_t task);
SemaphoreHandle_t xSemaphoreCreateMutex();
BaseType_t xSemaphoreTake(SemaphoreHandle_t mutex, TickType_t ticks);
BaseType_t xSemaphoreGive(SemaphoreHandle_t mutex);
