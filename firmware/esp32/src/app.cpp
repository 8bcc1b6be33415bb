#include "app.hpp"

#include <Arduino.h>
#include <esp_system.h>
#include <esp_task_wdt.h>
#include <esp_timer.h>
#include <freertos/task.h>

#include <optional>

#include <WiFi.h>

#include "answer_json.hpp"
#include "board.hpp"
#include "boot_guard.hpp"
#include "console.hpp"
#include "links.hpp"
#include "log_ring.hpp"
#include "mailbox.hpp"
#include "net_budget.hpp"
#include "node.hpp"
#include "relay.hpp"
#include "sensors.hpp"
#include "settings_store.hpp"
#include "updater.hpp"

namespace shell {
namespace {

fw::Millis now_ms() { return esp_timer_get_time() / 1000; }

fw::ResetKind reset_kind(esp_reset_reason_t r) {
  switch (r) {
    case ESP_RST_POWERON: return fw::ResetKind::PowerOn;
    case ESP_RST_SW:
    case ESP_RST_EXT:
    case ESP_RST_DEEPSLEEP: return fw::ResetKind::Clean;
    default: return fw::ResetKind::Crash;
  }
}

struct App {
  Relay relay;
  SettingsStore store;
  LogRing log;
  fw::Config config;
  std::optional<fw::Node> node;
  std::optional<WifiLink> wifi;
  std::optional<HttpLink> http;
  std::optional<HttpLink> poll_http;
  std::optional<Console> console;
  Mailbox<fw::Request, fw::Reply> reports;   // control → network
  Mailbox<std::string, HttpResult> polls;    // control → commands
  Mailbox<fw::FirmwareOffer, UpdateResult> updates;  // control → network
  std::optional<fw::NewImageTrial> trial;    // this image was just installed
  std::string failed_update;                 // a version not to take again
  std::string judged_update;                 // the last offer looked at
  fw::Millis boot_at = 0;
  fw::Millis next_sample = 0;
  bool configured = false;
  bool safe_mode = false;
  bool stable_noted = false;
  const board::Profile* board = &board::kReference;
  std::string reset_reason;
  volatile int rssi = 0;                     // written by the network task only
  volatile bool wifi_up = false;             // written by the network task only

  void note(const char* level, const std::string& text) {
    log.add(now_ms(), level, text);
    Serial.printf("%s %s\n", level, text.c_str());
  }
};

App* app = nullptr;

void control_task(void*) {
  esp_task_wdt_add(nullptr);
  TickType_t wake = xTaskGetTickCount();
  for (;;) {
    control_step();
    vTaskDelayUntil(&wake, pdMS_TO_TICKS(app->config.sample_period_ms));
  }
}

void network_task(void*) {
  esp_task_wdt_add(nullptr);
  for (;;)
    if (!network_step()) vTaskDelay(pdMS_TO_TICKS(20));
}

void commands_task(void*) {
  esp_task_wdt_add(nullptr);
  for (;;)
    if (!poll_step()) vTaskDelay(pdMS_TO_TICKS(50));
}

void start_task(void (*body)(void*), const char* name, uint32_t stack, unsigned priority, int core) {
  if (xTaskCreatePinnedToCore(body, name, stack, nullptr, priority, nullptr, core) != pdPASS)
    app->note("ERROR", std::string("could not start task ") + name);
}

void configure_watchdog() {
  esp_task_wdt_config_t wdt{};
  wdt.timeout_ms = static_cast<uint32_t>(fw::kWatchdogMs);
  wdt.idle_core_mask = (1u << portNUM_PROCESSORS) - 1;  // and each core's idle task, as Arduino sets it
  wdt.trigger_panic = true;
  // Arduino-ESP32 3.x starts the watchdog before setup(): reconfigure it.
  if (esp_task_wdt_reconfigure(&wdt) == ESP_ERR_INVALID_STATE) esp_task_wdt_init(&wdt);
}

// Counts this boot; true when the node must start in safe mode.
bool guard_boot() {
  const auto v = fw::on_boot(app->store.unstable_boots(), reset_kind(esp_reset_reason()));
  app->store.save_unstable_boots(v.store_now);
  if (v.safe_mode)
    app->note("ERROR", "safe mode: " + std::to_string(v.store_now) +
                           " boots in a row ended in a crash; relay on, network only");
  return v.safe_mode;
}

// Once the boot proved stable the count starts over; safe mode ends with a restart.
void watch_uptime(fw::Millis now) {
  const fw::Millis up = now - app->boot_at;
  if (!app->stable_noted && !app->safe_mode && fw::boot_proved_stable(up)) {
    app->store.save_unstable_boots(0);
    app->stable_noted = true;
  }
  if (app->safe_mode && up >= fw::kSafeModeFor) {
    app->store.save_unstable_boots(0);
    app->note("INFO", "leaving safe mode: restarting");
    ESP.restart();
  }
}

const char* reset_text(esp_reset_reason_t r) {
  switch (r) {
    case ESP_RST_POWERON: return "poweron";
    case ESP_RST_EXT: return "external";
    case ESP_RST_SW: return "software";
    case ESP_RST_PANIC: return "panic";
    case ESP_RST_INT_WDT: return "int_wdt";
    case ESP_RST_TASK_WDT: return "task_wdt";
    case ESP_RST_WDT: return "wdt";
    case ESP_RST_DEEPSLEEP: return "deepsleep";
    case ESP_RST_BROWNOUT: return "brownout";
    case ESP_RST_SDIO: return "sdio";
    default: return "unknown";
  }
}

fw::Health health() {
  fw::Health h;
  if (app->wifi_up) h.rssi = app->rssi;
  h.reset_reason = app->reset_reason;
  h.free_heap = ESP.getFreeHeap();
  h.safe_mode = app->safe_mode;
  return h;
}

void sense(fw::Node& node, fw::Millis now) {
  if (now < app->next_sample) return;
  app->next_sample = now + app->config.sample_period_ms;
  const board::Profile& b = *app->board;
  if (app->config.sensor != fw::SensorMode::Pir) node.on_distance(now, read_distance_cm(b));
  if (app->config.sensor != fw::SensorMode::Ultrasonic) node.on_pir(now, read_pir(b));
  node.on_button(now, read_button(b));
  node.tick(now);
}

void pump_reports(fw::Node& node, fw::Millis now) {
  if (auto reply = app->reports.take_answer()) node.on_reply(now, *reply);
  if (node.in_flight() || !app->reports.idle()) return;
  if (auto req = node.next_request(now)) app->reports.post(std::move(*req));
}

void pump_commands(fw::Node& node, fw::Millis now) {
  if (auto r = app->polls.take_answer()) {
    std::string error = r->error;
    std::optional<fw::CommandsAnswer> answer;
    if (r->status == 200) answer = parse_commands(r->body, error);
    node.on_command_poll(now, r->status, answer, error);
  }
  if (app->wifi_up && app->polls.idle() && node.command_poll_due(now)) {
    node.command_poll_started();
    app->polls.post(node.command_poll_path());
  }
}

void look_at_offer(const fw::FirmwareOffer& offer) {
  if (offer.version == app->judged_update || !app->updates.idle()) return;
  app->judged_update = offer.version;
  const auto key = update_key();
  const auto verdict = fw::judge_offer(offer, fw::kFirmwareVersion, app->failed_update, update_partition_bytes());
  if (verdict == fw::OfferVerdict::AlreadyRunning) return;
  if (!key || verdict != fw::OfferVerdict::Take) {
    app->note("WARN", "update " + offer.version + " not taken: " + (key ? fw::to_string(verdict) : "no update key built in"));
    return;
  }
  app->note("INFO", "update " + offer.version + ": downloading " + offer.url);
  app->updates.post(offer);
}

// Updates: an offer to look at, a download's outcome, and the trial of a new image.
void pump_updates(fw::Node& node, fw::Millis now) {
  if (auto r = app->updates.take_answer()) {
    if (r->installed) {
      app->note("INFO", "update " + r->version + " installed; restarting into it");
      ESP.restart();
    }
    app->note("ERROR", "update " + r->version + " failed: " + r->error);
    app->failed_update = r->version;
    app->store.save_failed_update(r->version);
  }
  if (app->trial) {
    switch (app->trial->on_tick(now, node.reachable())) {
      case fw::NewImageTrial::Action::Wait: return;
      case fw::NewImageTrial::Action::MarkValid:
        keep_running_image();
        app->note("INFO", std::string("firmware ") + fw::kFirmwareVersion + " reached the server: kept");
        app->trial.reset();
        return;
      case fw::NewImageTrial::Action::RollBack:
        app->store.save_failed_update(fw::kFirmwareVersion);
        app->note("ERROR", std::string("firmware ") + fw::kFirmwareVersion + " never reached the server: rolling back");
        roll_back_running_image();
    }
  }
  if (const auto& offer = node.update_offer()) look_at_offer(*offer);
}

fw::Reply call_server(const fw::Request& req) {
  fw::Reply reply;
  if (!app->wifi_up) {
    reply.error = "WiFi down";
    return reply;
  }
  HttpResult r = app->http->call("POST", req.path, req.body, app->config.http_timeout_ms,
                                 app->config.http_timeout_ms);
  reply.status = r.status;
  reply.retry_after_s = r.retry_after_s;
  reply.error = r.error;
  if (r.status == 200) reply.body = parse_answer(req.kind, r.body, reply.error);
  else if (r.status != 0 && r.error.empty()) reply.error = std::string(r.body.c_str()).substr(0, 160);  // for the log
  return reply;
}

}  // namespace

bool in_safe_mode() { return app && app->safe_mode; }

void control_step() {
  esp_task_wdt_reset();
  fw::Node& node = *app->node;
  app->console->poll();
  const fw::Millis now = now_ms();
  watch_uptime(now);
  node.set_health(health());
  if (app->safe_mode) {
    app->relay.set(true);
    if (app->configured) pump_reports(node, now);  // the heartbeat says where we are
    return;
  }
  sense(node, now);
  if (auto ceiling = node.take_seq_ceiling()) app->store.save_seq_ceiling(*ceiling);
  if (auto state = node.take_state_to_save(now)) app->store.save_node_state(*state);
  if (auto reports = node.take_buffer_to_save(now))
    if (!app->store.save_offline_reports(*reports)) app->note("ERROR", "cannot write the offline buffer to NVS");
  // A node that was never configured has no server to lose: it leaves power on.
  if (!app->configured) return;
  pump_reports(node, now);
  pump_commands(node, now);
  app->relay.set(node.relay_on());
  pump_updates(node, now);
}

bool network_step() {
  esp_task_wdt_reset();
  app->wifi->maintain(now_ms());
  app->wifi_up = app->wifi->up();
  if (app->wifi_up) app->rssi = WiFi.RSSI();
  if (auto offer = app->updates.take_question()) {
    app->updates.answer(install_update(*app->http, *offer, *update_key(), app->config.http_timeout_ms,
                                       app->config.http_timeout_ms));
    return true;
  }
  auto req = app->reports.take_question();
  if (!req) return false;
  app->reports.answer(call_server(*req));
  return true;
}

bool poll_step() {
  esp_task_wdt_reset();
  auto path = app->polls.take_question();
  if (!path) return false;
  const int read_ms = static_cast<int>(fw::poll_read_timeout_ms(app->config));
  app->polls.answer(app->poll_http->call("GET", *path, {}, app->config.http_timeout_ms, read_ms));
  return true;
}

void app_setup() {
  delete app;
  app = new App();
  // The settings say which board this is; reading them touches no pin.
  std::vector<std::string> problems;
  app->config = app->store.load(problems);
  app->board = &board::profile(app->config.board);
  app->relay.begin(*app->board);  // power stays on from the first pin written on
  app->boot_at = now_ms();
  Serial.begin(board::kBaud);
  for (const auto& p : problems) app->note("ERROR", "stored setting refused: " + p);
  configure_watchdog();
  app->reset_reason = reset_text(esp_reset_reason());
  app->safe_mode = guard_boot();
  if (!app->safe_mode) sensors_begin(*app->board);
  const auto missing = fw::validate(app->config);
  app->configured = missing.empty();
  for (const auto& p : missing) app->note("WARN", "not configured: " + p);

  const fw::BootState boot{app->store.seq_ceiling(), app->store.node_state(),
                           fw::parse_reports(app->store.offline_reports())};
  app->node.emplace(app->config, now_ms(), boot, [](fw::LogLevel level, const std::string& text) {
    app->note(level == fw::LogLevel::Info ? "INFO" : level == fw::LogLevel::Warn ? "WARN" : "ERROR", text);
  });
  if (auto ceiling = app->node->take_seq_ceiling()) app->store.save_seq_ceiling(*ceiling);

  app->console.emplace(app->store, app->log, [] { return app->node->status_line(now_ms()); });
  app->wifi.emplace(app->config);
  const String ca = app->store.ca_pem();
  app->http.emplace(app->config, ca);
  app->poll_http.emplace(app->config, ca);
  if (!app->reports.begin() || !app->polls.begin() || !app->updates.begin())
    app->note("ERROR", "could not create mailbox locks");
  app->failed_update = app->store.failed_update();
  if (running_image_on_trial()) {
    app->trial.emplace(now_ms());
    app->note("INFO", std::string("firmware ") + fw::kFirmwareVersion + " on trial until it reaches the server");
  }
  start_task(control_task, "control", 6144, 3, 1);
  if (app->configured) {
    app->wifi->begin();
    start_task(network_task, "network", 12288, 2, 0);
    if (app->config.command_wait_s > 0 && !app->safe_mode) start_task(commands_task, "commands", 12288, 1, 0);
  }
  app->note("INFO", std::string("classroom node ") + fw::kFirmwareVersion + " started; type help");
}

// Arduino's loop task has nothing left to do: the work is in the tasks above.
void app_loop() { vTaskDelay(pdMS_TO_TICKS(1000)); }

}  // namespace shell
