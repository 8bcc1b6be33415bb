// classroom-fanout: opens N dashboards (WebSocket /api/ws) on a running classroomd, then
// sends a node's reports one at a time, each flipping its room's occupancy, and measures
// how long each report takes from its send to its arrival at every dashboard. Then, with
// --room, the other live path: the node long-polls for commands while an admin gives
// its room a power command, timed from the admin's call to the node's answer. Prints the
// percentiles; --json writes them.
#include <CLI/CLI.hpp>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

struct Dashboard {
  std::vector<Clock::time_point> heard;  // arrival of each room_status event
  bool ready = false;
  bool failed = false;
};

asio::awaitable<void> listen(tcp::endpoint server, std::string target, Dashboard& d, std::atomic<int>& ready) {
  websocket::stream<beast::tcp_stream> ws(co_await asio::this_coro::executor);
  auto [cec] = co_await beast::get_lowest_layer(ws).async_connect(server, asio::as_tuple(asio::use_awaitable));
  if (cec) {
    d.failed = true;
    ++ready;
    co_return;
  }
  auto [hec] = co_await ws.async_handshake("127.0.0.1", target, asio::as_tuple(asio::use_awaitable));
  if (hec) {
    d.failed = true;
    ++ready;
    co_return;
  }
  beast::flat_buffer buffer;
  for (;;) {
    auto [rec, n] = co_await ws.async_read(buffer, asio::as_tuple(asio::use_awaitable));
    if (rec) co_return;
    auto now = Clock::now();
    std::string_view text(static_cast<const char*>(buffer.data().data()), n);
    if (!d.ready && text.find("\"hello\"") != std::string_view::npos) {
      d.ready = true;
      ++ready;
    } else if (text.find("\"room_status\"") != std::string_view::npos) {
      d.heard.push_back(now);
    }
    buffer.consume(n);
  }
}

struct Caller {
  std::string device, key, bearer;
};

// One call over its own connection, as a node (device and key) or an admin (bearer).
http::response<http::string_body> call(const tcp::endpoint& server, http::verb verb, const std::string& target,
                                       const Caller& who, std::string body = {}) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(server);
  http::request<http::string_body> req{verb, target, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!who.device.empty()) {
    req.set("X-Device-ID", who.device);
    req.set("X-API-Key", who.key);
  }
  if (!who.bearer.empty()) req.set(http::field::authorization, "Bearer " + who.bearer);
  if (!body.empty()) {
    req.set(http::field::content_type, "application/json");
    req.body() = std::move(body);
    req.prepare_payload();
  }
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  return res;
}

int report(const tcp::endpoint& server, const Caller& node, bool occupied) {
  return call(server, http::verb::post, "/api/esp/status", node,
              std::string(R"({"is_occupied":)") + (occupied ? "true" : "false") + R"(,"is_power_on":true})")
      .result_int();
}

// The number after "key": in a JSON text, or -1.
long long number_after(const std::string& text, const std::string& key) {
  auto at = text.find("\"" + key + "\":");
  return at == std::string::npos ? -1 : std::atoll(text.c_str() + at + key.size() + 3);
}

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"classroom-fanout: N dashboards on a classroomd, and how long a node's report takes to reach each"};
  int port = 0, dashboards = 1000, reports = 20, gap_ms = 300, commands = 20;
  long long room = 0;
  std::string token, device, key, json;
  app.add_option("--port", port, "classroomd's port on 127.0.0.1")->required();
  app.add_option("--token", token, "a signed-in user's token (the dashboards' account)")->required();
  app.add_option("--device", device, "the reporting node's device id")->required();
  app.add_option("--key", key, "its API key")->required();
  app.add_option("--dashboards", dashboards, "dashboards to open")->capture_default_str()->check(CLI::Range(1, 60000));
  app.add_option("--reports", reports, "reports to send, one at a time")->capture_default_str()->check(CLI::Range(1, 10000));
  app.add_option("--gap-ms", gap_ms, "pause after each report")->capture_default_str()->check(CLI::Range(10, 60000));
  app.add_option("--room", room, "the node's classroom id: also time power commands to the long-polling node");
  app.add_option("--commands", commands, "power commands to time with --room")->capture_default_str()->check(CLI::Range(1, 1000));
  app.add_option("--json", json, "also write the figures as JSON to FILE");
  CLI11_PARSE(app, argc, argv);

  rlimit fds{};
  getrlimit(RLIMIT_NOFILE, &fds);
  fds.rlim_cur = fds.rlim_max;
  setrlimit(RLIMIT_NOFILE, &fds);

  tcp::endpoint server(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
  asio::io_context ioc;
  std::vector<Dashboard> boards(static_cast<std::size_t>(dashboards));
  std::atomic<int> ready{0};
  for (auto& d : boards) asio::co_spawn(ioc, listen(server, "/api/ws?token=" + token, d, ready), asio::detached);
  std::thread network([&] { ioc.run(); });

  auto opened = Clock::now();
  while (ready < dashboards && Clock::now() - opened < std::chrono::seconds(60))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  auto failed = std::count_if(boards.begin(), boards.end(), [](const Dashboard& d) { return d.failed || !d.ready; });
  std::cerr << "dashboards open: " << dashboards - failed << " of " << dashboards << " in "
            << static_cast<int>(ms(Clock::now() - opened)) << " ms\n";

  std::vector<Clock::time_point> sent;
  int refused = 0;
  for (int r = 0; r < reports; ++r) {
    sent.push_back(Clock::now());
    if (report(server, Caller{device, key, {}}, r % 2 == 0) != 200) ++refused;
    std::this_thread::sleep_for(std::chrono::milliseconds(gap_ms));
    std::fprintf(stderr, "\rreports sent: %d of %d", r + 1, reports);
  }
  std::cerr << "\n";
  std::this_thread::sleep_for(std::chrono::seconds(1));
  ioc.stop();
  network.join();

  // Commands: the node waits on its long-poll; the admin's call starts the clock; the
  // node confirms each with a power log, as the firmware does, so the next wait is clean.
  std::vector<double> command_ms;
  int commands_lost = 0;
  for (int k = 0; room > 0 && k < commands; ++k) {
    std::optional<Clock::time_point> heard;
    std::string answer;
    std::thread poll([&] {
      auto res = call(server, http::verb::get, "/api/esp/commands?wait=10", Caller{device, key, {}});
      heard = Clock::now();
      answer = res.body();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the wait is in place
    const bool on = k % 2 == 0;
    auto given = Clock::now();
    auto res = call(server, http::verb::post, "/api/admin/power/" + std::to_string(room), Caller{{}, {}, token},
                    std::string(R"({"power_on":)") + (on ? "true" : "false") + R"(,"duration_min":5})");
    poll.join();
    auto id = number_after(answer, "id");
    if (res.result_int() != 200 || id < 0) {
      ++commands_lost;
      continue;
    }
    command_ms.push_back(ms(*heard - given));
    call(server, http::verb::post, "/api/esp/power-log", Caller{device, key, {}},
         std::string(R"({"power_on":)") + (on ? "true" : "false") + R"(,"reason":"manual_override","command_id":)" +
             std::to_string(id) + "}");
    std::fprintf(stderr, "\rcommands timed: %d of %d", k + 1, commands);
  }
  if (room > 0) std::cerr << "\n";
  std::sort(command_ms.begin(), command_ms.end());

  // The k-th room_status a dashboard heard answers the k-th report (the first report may
  // or may not flip the room: a dashboard's list starts at the first it heard after it).
  std::vector<double> latencies;
  std::size_t missed = 0;
  for (const auto& d : boards) {
    if (!d.ready) continue;
    auto offset = d.heard.size() < sent.size() ? sent.size() - d.heard.size() : 0;
    missed += offset > 1 ? offset - 1 : 0;
    for (std::size_t k = 0; k < d.heard.size() && k + offset < sent.size(); ++k)
      latencies.push_back(ms(d.heard[k] - sent[k + offset]));
  }
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) {
    return latencies.empty() ? 0.0 : latencies[std::min(latencies.size() - 1, static_cast<std::size_t>(p * latencies.size()))];
  };
  std::printf("dashboards %d (open %ld), reports %d (refused %d), deliveries %zu, missed %zu\n", dashboards,
              static_cast<long>(dashboards - failed), reports, refused, latencies.size(), missed);
  std::printf("report -> dashboard: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", pct(0.5), pct(0.99),
              latencies.empty() ? 0.0 : latencies.back());
  auto cmd_pct = [&](double p) {
    return command_ms.empty() ? 0.0 : command_ms[std::min(command_ms.size() - 1, static_cast<std::size_t>(p * command_ms.size()))];
  };
  if (room > 0)
    std::printf("command -> long-polling node: %zu timed (lost %d), p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                command_ms.size(), commands_lost, cmd_pct(0.5), cmd_pct(0.99), command_ms.empty() ? 0.0 : command_ms.back());
  if (!json.empty())
    std::ofstream(json) << "{\"commands\":" << command_ms.size() << ",\"commands_lost\":" << commands_lost
                        << ",\"command_p50_ms\":" << cmd_pct(0.5) << ",\"command_p99_ms\":" << cmd_pct(0.99)
                        << ",\"dashboards\":" << dashboards << ",\"open\":" << dashboards - failed
                        << ",\"reports\":" << reports << ",\"refused\":" << refused << ",\"deliveries\":" << latencies.size()
                        << ",\"missed\":" << missed << ",\"p50_ms\":" << pct(0.5) << ",\"p99_ms\":" << pct(0.99)
                        << ",\"max_ms\":" << (latencies.empty() ? 0.0 : latencies.back()) << "}\n";
  return failed == 0 && refused == 0 && missed == 0 && commands_lost == 0 ? 0 : 1;
}
