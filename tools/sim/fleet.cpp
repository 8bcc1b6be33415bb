#include "fleet.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include "answer_json.hpp"
#include "saved_reports.hpp"

namespace sim {

namespace asio = boost::asio;
using namespace std::chrono_literals;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

struct Fleet::VirtualNode {
  VirtualNode(DeviceIdentity identity, World w) : id(std::move(identity)), world(std::move(w)) {}
  DeviceIdentity id;
  World world;
  fw::Millis boot_at = 0;
  std::optional<fw::Node> node;
  fw::Millis next_sample = 0;
  bool polling = false;
  std::unique_ptr<HttpClient::Channel> channel;
  fw::Millis first_boot = 0;
  bool rebooted = false;
  bool refused = false;          // answered 503 at least once
  bool unanswered = false;       // a call got no answer (connect, timeout, reset)
  std::uint64_t backlog = 0;     // reports it started with (--backlog)
  bool backlog_delivered = false;
  struct Nvs {  // what the ESP32 shell keeps in Preferences
    std::int64_t seq_ceiling = 0;
    fw::SavedState state;
    std::string outbox;
  } nvs;
};

namespace {

fw::Config node_config(const DeviceIdentity& d, const FleetOptions& o) {
  fw::Config c;
  c.device_id = d.device_id;
  c.api_key = d.api_key;
  c.server_url = "http://simulated";
  c.sample_period_ms = o.sample_ms;
  c.debounce_samples = 2;  // the simulated sensor is read at 2 Hz, not 10 Hz
  if (o.report_interval_s > 0) {
    c.report_interval_s = o.report_interval_s;
    c.follow_server_interval = 0;
  }
  c.command_wait_s = o.long_poll ? o.poll_wait_s : 0;
  c.start_jitter_ms = 0;  // the fleet spreads boots itself (--ramp)
  return c;
}

}  // namespace

Fleet::Fleet(asio::io_context& io, HttpClient& http, std::vector<DeviceIdentity> devices, FleetOptions options)
    : io_(io), http_(http), opt_(options) {
  fw::Rng rng(opt_.seed);
  const auto interval = fw::seconds(opt_.report_interval_s > 0 ? opt_.report_interval_s : 120);
  const auto ramp = opt_.ramp_s >= 0 ? static_cast<fw::Millis>(opt_.ramp_s * 1000) : interval;
  for (std::size_t i = 0; i < devices.size(); ++i) {
    auto v = std::make_unique<VirtualNode>(std::move(devices[i]), World(opt_.scenario, rng.next()));
    // Nodes power up spread out (by default over one report interval, which spreads
    // their reports evenly), as a campus does after a power cut.
    v->boot_at = static_cast<fw::Millis>(rng.below(static_cast<std::uint32_t>(ramp + 1)));
    v->next_sample = v->boot_at;
    if (opt_.backlog_s > 0) {
      // Kept in its NVS as the ESP32 shell keeps them (within the flash budget), so the
      // node takes them back at boot as after a power cut.
      const auto now_unix = std::chrono::duration_cast<std::chrono::seconds>(
                                std::chrono::system_clock::now().time_since_epoch()).count();
      auto held = outage_backlog(opt_.backlog_s, interval / 1000, now_unix);
      auto saved = fw::serialize_reports({held.begin(), held.end()}, std::nullopt);
      v->nvs.outbox = saved.text;
      v->nvs.seq_ceiling = static_cast<std::int64_t>(held.size()) + 1;
      v->backlog = saved.kept;
      ++stats_.backlog_nodes;
      stats_.backlog_reports += saved.kept;
    }
    nodes_.push_back(std::move(v));
  }
}

Fleet::~Fleet() = default;

fw::Millis Fleet::sim_now() const {
  const auto wall = std::chrono::steady_clock::now() - started_;
  return static_cast<fw::Millis>(std::chrono::duration<double, std::milli>(wall).count() * opt_.speed);
}

void Fleet::stop() {
  if (stopping_) return;
  stopping_ = true;
  http_.shutdown();
}

asio::awaitable<void> Fleet::run() {
  started_ = std::chrono::steady_clock::now();
  asio::steady_timer timer(io_);
  double next_progress = opt_.progress_every_s;
  while (!stopping_) {
    const fw::Millis now = sim_now();
    for (auto& v : nodes_) step(*v, now);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    if (!opt_.quiet && wall >= next_progress) {
      progress(wall);
      next_progress += opt_.progress_every_s;
    }
    if (opt_.duration_s > 0 && wall >= opt_.duration_s) break;
    timer.expires_after(20ms);
    co_await timer.async_wait(use_tuple);
  }
  finished_wall_s_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  // Let calls in flight finish (they are counted), then close everything.
  for (int i = 0; i < 100 && in_flight_ > 0 && !stopping_; ++i) {
    timer.expires_after(20ms);
    co_await timer.async_wait(use_tuple);
  }
  stopping_ = true;
  http_.shutdown();
}

void Fleet::boot(VirtualNode& v, fw::Millis now) {
  fw::LogFn log;
  if (opt_.verbose)
    log = [id = v.id.device_id](fw::LogLevel, const std::string& text) { fmt::print(stderr, "{}: {}\n", id, text); };
  v.boot_at = now;
  v.node.emplace(node_config(v.id, opt_), now,
                 fw::BootState{v.nvs.seq_ceiling, v.nvs.state, fw::parse_reports(v.nvs.outbox)}, std::move(log));
  if (auto ceiling = v.node->take_seq_ceiling()) v.nvs.seq_ceiling = *ceiling;
}

bool Fleet::link_up(VirtualNode& v, fw::Millis now) {
  if (opt_.reboot_offline_s.size() == 3) {
    const double since = static_cast<double>(now - v.first_boot) / 1000.0;
    if (since >= opt_.reboot_offline_s[0] && since < opt_.reboot_offline_s[2]) return false;
  }
  return v.world.link_up(now);
}

void Fleet::step(VirtualNode& v, fw::Millis now) {
  if (now < v.boot_at) return;
  if (!v.node) {
    v.first_boot = v.boot_at;
    boot(v, v.boot_at);
  }
  // A power cut in the middle of the outage, once no call of the old node is pending.
  if (opt_.reboot_offline_s.size() == 3 && !v.rebooted && !v.node->in_flight() && !v.polling &&
      now - v.first_boot >= static_cast<fw::Millis>(opt_.reboot_offline_s[1] * 1000)) {
    v.rebooted = true;
    ++stats_.reboots;
    v.next_sample = now;  // the new boot's clock: no sample from before it
    boot(v, now);
    for (const auto& r : v.node->buffered_reports()) stats_.restored.emplace_back(v.id.device_id, r.made_at_unix);
  }
  auto& node = *v.node;
  if (v.backlog && !v.backlog_delivered && node.counters().reports_delivered >= v.backlog) {
    v.backlog_delivered = true;
    ++stats_.backlog_delivered;
    stats_.backlog_last_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  }
  for (; v.next_sample <= now; v.next_sample += opt_.sample_ms) {
    node.on_distance(v.next_sample, v.world.distance(v.next_sample));
    node.tick(v.next_sample);
    if (!node.relay_on() && node.sensor_faulty(v.next_sample)) ++stats_.faulted_dark_samples;
  }
  node.set_temperature(v.world.temperature(now));
  if (auto ceiling = node.take_seq_ceiling()) v.nvs.seq_ceiling = *ceiling;
  if (auto state = node.take_state_to_save(now)) v.nvs.state = *state;
  if (auto reports = node.take_buffer_to_save(now)) v.nvs.outbox = *reports;
  if (auto req = node.next_request(now)) asio::co_spawn(io_, send(v, std::move(*req)), asio::detached);
  if (!v.polling && node.command_poll_due(now)) {
    v.polling = true;
    node.command_poll_started();
    asio::co_spawn(io_, poll(v), asio::detached);
  }
}

asio::awaitable<void> Fleet::send(VirtualNode& v, fw::Request req) {
  ++in_flight_;
  fw::Reply reply;
  if (!link_up(v, sim_now())) {
    ++stats_.scenario_drops;
    reply = make_reply(req.kind, 0, {}, -1, "network down (scenario)");
  } else {
    auto call = post_as_device(req.path, std::move(req.body), v.id.device_id, v.id.api_key);
    auto res = co_await http_.send(std::move(call));
    if (!(stopping_ && res.status == 0)) stats_.record(fw::to_string(req.kind), res.status, res.micros, res.wait_micros, res.error);
    if (res.status == 503) v.refused = true;
    if (res.status == 0 && !stopping_) v.unanswered = true;
    reply = make_reply(req.kind, res.status, res.body, res.retry_after_s, res.error);
  }
  --in_flight_;
  v.node->on_reply(sim_now(), reply);
}

asio::awaitable<void> Fleet::poll(VirtualNode& v) {
  if (!v.channel) v.channel = http_.channel(std::chrono::seconds(opt_.poll_wait_s + 15));
  const auto path = v.node->command_poll_path();
  int status = 0;
  std::optional<fw::CommandsAnswer> answer;
  std::string error;
  if (link_up(v, sim_now())) {
    ++stats_.polls;
    auto call = get_as_device(path, v.id.device_id, v.id.api_key);
    auto res = co_await v.channel->send(std::move(call));
    status = res.status;
    error = res.error;
    if (status == 200) answer = parse_commands(res.body, error);
    if (answer) stats_.poll_commands += answer->commands.size();
  } else {
    asio::steady_timer t(io_);  // a dropped network does not answer at once
    t.expires_after(std::chrono::milliseconds(static_cast<long>(1000 / std::max(1.0, opt_.speed))));
    co_await t.async_wait(use_tuple);
  }
  v.polling = false;
  v.node->on_command_poll(sim_now(), status, answer, error);
}

NodeTotals Fleet::totals() const {
  NodeTotals t;
  const fw::Millis now = sim_now();
  for (const auto& v : nodes_) {
    ++t.nodes;
    if (!v->node) continue;
    const auto& c = v->node->counters();
    t.reports_made += c.reports_made;
    t.reports_delivered += c.reports_delivered;
    t.reports_dropped += c.reports_dropped;
    t.commands_applied += c.commands_applied;
    t.relay_switches += c.relay_switches;
    t.answers_malformed += c.answers_malformed;
    t.buffered += v->node->buffered();
    t.occupied += v->node->occupied(now);
    t.power_on += v->node->relay_on();
    t.reachable += v->node->reachable();
    const bool faulted = v->node->sensor_faulty(now);
    t.sensor_faulted += faulted;
    t.faulted_and_dark += faulted && !v->node->relay_on();
    t.refused += v->refused;
    t.unanswered += v->unanswered;
  }
  return t;
}

RunInfo Fleet::info() const {
  const double wall = finished_wall_s_ > 0
                          ? finished_wall_s_
                          : std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  return RunInfo{to_string(opt_.scenario), wall, wall * opt_.speed, opt_.speed};
}

void Fleet::progress(double wall) {
  const auto t = totals();
  const auto calls = stats_.total_calls();
  const double rate = static_cast<double>(calls - last_progress_calls_) / opt_.progress_every_s;
  last_progress_calls_ = calls;
  std::uint64_t ok = 0;
  if (auto it = stats_.answers.find(200); it != stats_.answers.end()) ok = it->second;
  const auto sim_s = static_cast<std::int64_t>(wall * opt_.speed);
  fmt::print(stderr,
             "[{:7.1f}s] sim {:02}:{:02}:{:02}  calls {} ({:.0f}/s) ok {} failed {}  buffered {}  "
             "occupied {}/{}  power-on {}  commands {}  p99 {:.2f} ms\n",
             wall, sim_s / 3600, sim_s / 60 % 60, sim_s % 60, calls, rate, ok, calls - ok + stats_.scenario_drops,
             t.buffered, t.occupied, t.nodes, t.power_on, t.commands_applied, stats_.latency.percentile_ms(0.99));
}

}  // namespace sim
