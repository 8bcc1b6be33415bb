#pragma once
// Stand-in for ESP-IDF's OTA calls (esp_ota_ops.h), with their signatures.
#include <cstddef>
#include <cstdint>

#include "esp_task_wdt.h"

typedef struct {
  uint32_t address;
  uint32_t size;
  char label[17];
} esp_partition_t;
typedef uint32_t esp_ota_handle_t;
typedef enum {
  ESP_OTA_IMG_NEW = 0x0,
  ESP_OTA_IMG_PENDING_VERIFY = 0x1,
  ESP_OTA_IMG_VALID = 0x2,
  ESP_OTA_IMG_INVALID = 0x3,
  ESP_OTA_IMG_ABORTED = 0x4,
  ESP_OTA_IMG_UNDEFINED = -1,
} esp_ota_img_states_t;
#define ESP_FAIL (-1)

const esp_partition_t* esp_ota_get_running_partition(void);
const esp_partition_t* esp_ota_get_next_update_partition(const esp_partition_t* start_from);
esp_err_t esp_ota_get_state_partition(const esp_partition_t* partition, esp_ota_img_states_t* ota_state);
esp_err_t esp_ota_begin(const esp_partition_t* partition, size_t image_size, esp_ota_handle_t* out_handle);
esp_err_t esp_ota_write(esp_ota_handle_t handle, const void* data, size_t size);
esp_err_t esp_ota_end(esp_ota_handle_t handle);
esp_err_t esp_ota_abort(esp_ota_handle_t handle);
esp_err_t esp_ota_set_boot_partition(const esp_partition_t* partition);
esp_err_t esp_ota_mark_app_valid_cancel_rollback(void);
esp_err_t esp_ota_mark_app_invalid_rollback_and_reboot(void);
