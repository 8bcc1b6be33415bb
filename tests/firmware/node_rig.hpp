#pragma once
// A node on a simulated clock with simulated sensors and a scripted server.
#include <cstdint>
#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "backoff.hpp"
#include "node.hpp"

namespace fw::test {

inline std::vector<std::int64_t> seqs_in(const std::string& body) {
  static const std::regex re("\"seq\":([0-9]+)");
  std::vector<std::int64_t> out;
  for (auto it = std::sregex_iterator(body.begin(), body.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back(std::stoll((*it)[1]));
  return out;
}

inline Config test_config() {
  Config c;
  c.device_id = "room-101";
  c.api_key = "secret-key-123";
  c.server_url = "http://127.0.0.1:8080";
  c.wifi_ssid = "campus";
  c.start_jitter_ms = 0;  // tests count calls from boot on
  return c;
}

// The server as the node sees it: answers every call at once, or not at all.
struct FakeServer {
  bool reachable = true;
  int status = 200;             // for status/batch calls when reachable
  std::int32_t retry_after_s = -1;
  bool power_on = true;
  bool booked = false;
  std::string reason = "occupied";
  std::optional<std::int32_t> next_report_s;
  std::optional<Command> command;  // handed out once with the next status answer
  std::optional<std::int64_t> booked_until;  // unix seconds
  bool answers_last_seq = true;    // false: a server from before last_seq in status answers
  std::function<std::optional<Reply>(const Request&)> script;  // overrides when it answers

  std::vector<std::pair<Millis, Request>> received;
  std::vector<std::int64_t> accepted_seqs;  // in the order the server applied them
  std::int64_t last_seq = 0;
  std::int64_t duplicates = 0;              // reports discarded for a seq already seen
  std::int64_t unix_base = 1'700'000'000;

  Reply handle(Millis now, const Request& req) {
    if (!reachable) return Reply{0, -1, {}, "connect timeout"};
    received.emplace_back(now, req);
    if (script)
      if (auto r = script(req)) return *r;
    if (status != 200) return Reply{status, retry_after_s, {}, "scripted"};
    const std::int64_t unix_now = unix_base + now / 1000;
    switch (req.kind) {
      case RequestKind::Heartbeat: return Reply{200, -1, HeartbeatAnswer{unix_now}, {}};
      case RequestKind::PowerLog: return Reply{200, -1, PowerLogAnswer{}, {}};
      case RequestKind::Batch: {
        BatchAnswer a;
        for (auto s : seqs_in(req.body)) {
          if (s <= last_seq) { ++a.duplicates; ++duplicates; continue; }
          ++a.accepted;
          last_seq = s;
          accepted_seqs.push_back(s);
        }
        a.last_seq = last_seq;
        return Reply{200, -1, a, {}};
      }
      case RequestKind::Status: {
        // Like classroomd: a seq it has already seen is a duplicate and is discarded,
        // yet the answer still carries the power decision.
        for (auto s : seqs_in(req.body)) {
          if (s <= last_seq) { ++duplicates; continue; }
          last_seq = s;
          accepted_seqs.push_back(s);
        }
        StatusAnswer a;
        a.power_on = power_on;
        a.is_booked = booked;
        a.reason = reason;
        a.next_report_s = next_report_s;
        a.server_time = unix_now;
        a.command = command;
        if (answers_last_seq) a.last_seq = last_seq;
        a.booked_until = booked_until;
        command.reset();
        return Reply{200, -1, a, {}};
      }
    }
    return Reply{};
  }

  std::size_t count(RequestKind k) const {
    std::size_t n = 0;
    for (auto& [t, r] : received) n += r.kind == k;
    return n;
  }
};

// Distances the sensor would read: a wall at 350 cm, and people moving about.
struct Room {
  std::function<bool(Millis)> people = [](Millis) { return false; };
  std::function<std::optional<float>(Millis, Rng&)> fault;  // overrides when it returns a value
  float wall_cm = 350.0f;
  Rng rng{42};

  std::optional<float> distance(Millis now) {
    if (fault)
      if (auto f = fault(now, rng)) return *f < 0 ? std::nullopt : f;
    if (people(now)) return 60.0f + static_cast<float>(rng.below(200));
    return wall_cm - 1.0f + static_cast<float>(rng.below(3));
  }
};

struct Rig {
  Config config = test_config();
  Millis now = 0;
  FakeServer server;
  Room room;
  std::vector<std::string> logs;
  std::vector<std::pair<Millis, bool>> switches;
  std::optional<Node> node;

  explicit Rig(Config c = test_config(), BootState boot = {}) : config(std::move(c)) { start(boot); }

  void start(BootState boot = {}) {
    node.emplace(config, now, boot, [this](LogLevel, const std::string& s) { logs.push_back(s); });
  }

  // Runs the node's loop at its sample period, carrying out its calls at once.
  void run_for(Millis span) {
    const Millis end = now + span;
    while (now < end) {
      node->on_distance(now, room.distance(now));
      node->tick(now);
      while (auto req = node->next_request(now)) node->on_reply(now, server.handle(now, *req));
      note_relay();
      now += config.sample_period_ms;
    }
  }

  void note_relay() {
    if (switches.empty() || switches.back().second != node->relay_on())
      switches.emplace_back(now, node->relay_on());
  }

  bool logged(const std::string& part) const {
    for (auto& l : logs)
      if (l.find(part) != std::string::npos) return true;
    return false;
  }

  std::vector<Request> requests(RequestKind k) const {
    std::vector<Request> out;
    for (auto& [t, r] : server.received)
      if (r.kind == k) out.push_back(r);
    return out;
  }
};

}  // namespace fw::test
