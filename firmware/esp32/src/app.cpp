#include "app.hpp"

#include <Arduino.h>
#include <esp_task_wdt.h>
#include <esp_timer.h>
#include <freertos/semphr.h>
#include <freertos/task.h>

#include <optional>

#include "answer_json.hpp"
#include "board.hpp"
#include "console.hpp"
#include "links.hpp"
#include "log_ring.hpp"
#include "node.hpp"
#include "relay.hpp"
#include "sensors.hpp"
#include "settings_store.hpp"

namespace shell {
namespace {

fw::Millis now_ms() { return esp_timer_get_time() / 1000; }

// Hands one long-poll at a time from the loop to the poll task and its answer back.
struct PollMailbox {
  SemaphoreHandle_t lock = nullptr;
  bool requested = false;
  bool answered = false;
  std::string path;
  HttpResult result;
};

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
  PollMailbox mailbox;
  fw::Millis next_sample = 0;
  bool configured = false;

  void note(const char* level, const std::string& text) {
    log.add(now_ms(), level, text);
    Serial.printf("%s %s\n", level, text.c_str());
  }
};

App* app = nullptr;

void poll_task(void*) {
  for (;;) {
    std::string path;
    xSemaphoreTake(app->mailbox.lock, portMAX_DELAY);
    if (app->mailbox.requested && !app->mailbox.answered) path = app->mailbox.path;
    xSemaphoreGive(app->mailbox.lock);
    if (path.empty()) {
      vTaskDelay(pdMS_TO_TICKS(50));
      continue;
    }
    HttpResult r = app->poll_http->call("GET", path, {}, (app->config.command_wait_s + 10) * 1000);
    xSemaphoreTake(app->mailbox.lock, portMAX_DELAY);
    app->mailbox.result = r;
    app->mailbox.answered = true;
    xSemaphoreGive(app->mailbox.lock);
  }
}

void exchange(fw::Node& node, fw::Millis now) {
  auto req = node.next_request(now);
  if (!req) return;
  fw::Reply reply;
  if (!app->wifi->up()) {
    reply.error = "WiFi down";
  } else {
    HttpResult r = app->http->call("POST", req->path, req->body, app->config.http_timeout_ms);
    reply.status = r.status;
    reply.retry_after_s = r.retry_after_s;
    reply.error = r.error;
    if (r.status == 200) reply.body = parse_answer(req->kind, r.body, reply.error);
    else if (r.status != 0) reply.error = r.body.c_str();
  }
  node.on_reply(now_ms(), reply);
}

void command_poll(fw::Node& node, fw::Millis now) {
  xSemaphoreTake(app->mailbox.lock, portMAX_DELAY);
  if (app->mailbox.answered) {
    HttpResult r = app->mailbox.result;
    app->mailbox.requested = app->mailbox.answered = false;
    xSemaphoreGive(app->mailbox.lock);
    std::string error = r.error;
    std::optional<fw::CommandsAnswer> answer;
    if (r.status == 200) answer = parse_commands(r.body, error);
    node.on_command_poll(now, r.status, answer, error);
    return;
  }
  if (!app->mailbox.requested && app->wifi->up() && node.command_poll_due(now)) {
    node.command_poll_started();
    app->mailbox.path = node.command_poll_path();
    app->mailbox.requested = true;
  }
  xSemaphoreGive(app->mailbox.lock);
}

}  // namespace

void app_setup() {
  static Relay early;
  early.begin();  // power stays on from the first instruction on
  delete app;
  app = new App();
  app->relay = early;
  Serial.begin(board::kBaud);
  esp_task_wdt_init(board::kWatchdogSeconds, true);
  esp_task_wdt_add(nullptr);
  sensors_begin();

  std::vector<std::string> problems;
  app->config = app->store.load(problems);
  for (const auto& p : problems) app->note("ERROR", "stored setting refused: " + p);
  const auto missing = fw::validate(app->config);
  app->configured = missing.empty();
  for (const auto& p : missing) app->note("WARN", "not configured: " + p);

  const fw::BootState boot{app->store.seq_ceiling()};
  app->node.emplace(app->config, now_ms(), boot, [](fw::LogLevel level, const std::string& text) {
    app->note(level == fw::LogLevel::Info ? "INFO" : level == fw::LogLevel::Warn ? "WARN" : "ERROR", text);
  });
  if (auto ceiling = app->node->take_seq_ceiling()) app->store.save_seq_ceiling(*ceiling);

  app->console.emplace(app->store, app->log, [] { return app->node->status_line(now_ms()); });
  app->wifi.emplace(app->config);
  const String ca = app->store.ca_pem();
  app->http.emplace(app->config, ca);
  app->poll_http.emplace(app->config, ca);
  app->mailbox.lock = xSemaphoreCreateMutex();
  if (app->configured) {
    app->wifi->begin();
    if (app->config.command_wait_s > 0) xTaskCreatePinnedToCore(poll_task, "commands", 8192, nullptr, 1, nullptr, 0);
  }
  app->note("INFO", std::string("classroom node ") + fw::kFirmwareVersion + " started; type help");
}

void app_loop() {
  esp_task_wdt_reset();
  fw::Node& node = *app->node;
  app->console->poll();
  const fw::Millis now = now_ms();
  if (now >= app->next_sample) {
    app->next_sample = now + app->config.sample_period_ms;
    if (app->config.sensor != fw::SensorMode::Pir) node.on_distance(now, read_distance_cm());
    if (app->config.sensor != fw::SensorMode::Ultrasonic) node.on_pir(now, read_pir());
    node.tick(now);
  }
  if (auto ceiling = node.take_seq_ceiling()) app->store.save_seq_ceiling(*ceiling);
  // A node that was never configured has no server to lose: it leaves power on.
  if (app->configured) {
    app->relay.set(node.relay_on());
    app->wifi->maintain(now);
    exchange(node, now);
    command_poll(node, now_ms());
    app->relay.set(node.relay_on());
  }
  delay(10);
}

}  // namespace shell
