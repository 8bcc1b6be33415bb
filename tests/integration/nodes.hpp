#pragma once
// Nodes for the tests that run servers by hand (outages, crashes, several instances).
#include "fixture.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

struct NodeKey {
  std::string id, key;
  std::int64_t room;
};

inline NodeKey register_node(int port, const std::string& token, const std::string& id) {
  auto d = ts::http_json(port, "POST", "/api/admin/devices", json::object{{"device_id", id}}, token);
  auto c = ts::http_json(port, "POST", "/api/admin/classrooms", json::object{{"name", "Room " + id}, {"esp_device_id", id}}, token);
  if (d.status != 201 || c.status != 201) throw std::runtime_error("node set-up failed: " + d.body + c.body);
  return {id, std::string(d.json().at("api_key").as_string()), c.json().at("id").as_int64()};
}

inline ts::HttpResult report(int port, const NodeKey& n, bool occupied, std::optional<std::int64_t> seq = std::nullopt) {
  auto body = json::object{{"is_occupied", occupied}, {"is_power_on", true}, {"last_movement", occupied ? 0 : 900}};
  if (seq) body["seq"] = *seq;
  return ts::http(port, "POST", "/api/esp/status", json::serialize(body), {{"X-Device-ID", n.id}, {"X-API-Key", n.key}});
}

inline ts::HttpResult report_batch(int port, const NodeKey& n, std::int64_t first_seq, int count) {
  json::array reports;
  for (int i = 0; i < count; ++i)
    reports.push_back({{"is_occupied", i % 2 == 0}, {"is_power_on", true}, {"last_movement", 0}, {"seq", first_seq + i}});
  return ts::http(port, "POST", "/api/esp/status/batch", json::serialize(json::object{{"reports", reports}}),
                  {{"X-Device-ID", n.id}, {"X-API-Key", n.key}});
}

// Rows stored for the node (what the database really has).
inline std::int64_t stored_reports(const std::string& db, const NodeKey& n) {
  auto out = ts::sql(db, "SELECT COUNT(*) FROM status_logs WHERE device_id = '" + n.id + "'");
  if (out.empty() || out.find_first_not_of("0123456789") != std::string::npos)
    throw std::runtime_error("cannot count status_logs: '" + out + "'");
  return std::stoll(out);
}

// Waits (up to ~15 s) until the node has `want` rows stored; returns what it has.
inline std::int64_t wait_stored(const std::string& db, const NodeKey& n, std::int64_t want) {
  std::int64_t have = -1;
  for (int i = 0; i < 150 && have != want; ++i) {
    have = stored_reports(db, n);
    if (have != want) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return have;
}

// The shared PostgreSQL cluster stopped for the scope (started again however the test ends).
class PgOutage {
 public:
  PgOutage() { ts::Postgres::instance().stop(); }
  void end() {
    if (!down_) return;
    down_ = false;
    ts::Postgres::instance().start();
  }
  ~PgOutage() {
    try {
      end();
    } catch (...) {
    }
  }

 private:
  bool down_ = true;
};
