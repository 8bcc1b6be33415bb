// The node's side of the server's answers. The firmware core never parses JSON itself
// (firmware/core/protocol.hpp): a shell turns the answer body into a fw::Reply and the
// core's Node::on_reply / on_command_poll turn that into the relay decision. The one
// text parser in the core is fw::parse_iso8601 (wire.cpp), for server_time.
//
// Input: lines, a script of one connection's life.
//   "<status> <body>"  the answer to the call the node is making (if any), decoded as
//                      the PC shell does (tools/sim/answer_json.cpp: make_reply)
//   "cmd <status> <body>"  an answer to the command long-poll (parse_commands)
//   "+<ms>"            time passes (at most 10^7 ms); "pir 1|0", "dist <cm>"
// Every line is also read by parse_iso8601 on its own and checked against
// Howard Hinnant's date library.
#include "check.hpp"

#include "answer_json.hpp"
#include "node.hpp"
#include "wire.hpp"

#include <date/date.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

long long to_ll(std::string_view s, long long fallback) {
  long long v = fallback;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc{} ? v : fallback;
}

void check_iso(std::string_view s) {
  auto t = fw::parse_iso8601(s);
  if (!t) return;
  FUZZ_CHECK(s.size() >= 19, "parse_iso8601 accepted %zu bytes", s.size());
  int y = to_ll(s.substr(0, 4), -1), mo = to_ll(s.substr(5, 2), -1), d = to_ll(s.substr(8, 2), -1);
  int h = to_ll(s.substr(11, 2), -1), mi = to_ll(s.substr(14, 2), -1), sec = to_ll(s.substr(17, 2), -1);
  date::year_month_day ymd{date::year{y}, date::month(unsigned(mo)), date::day(unsigned(d))};
  // The reader is lenient on purpose: day 31 of any month and second 60 are taken and
  // carried over, so only real calendar dates are compared with the date library.
  if (!ymd.ok() || sec > 59) return;
  std::int64_t offset = 0;
  auto tail = s.substr(19);
  if (!tail.empty() && tail[0] == '.') {
    std::size_t i = 1;
    while (i < tail.size() && tail[i] >= '0' && tail[i] <= '9') ++i;
    tail = tail.substr(i);
  }
  if (!tail.empty() && (tail[0] == '+' || tail[0] == '-'))
    offset = (to_ll(tail.substr(1, 2), 0) * 3600 + to_ll(tail.substr(4, 2), 0) * 60) * (tail[0] == '-' ? -1 : 1);
  auto expect = date::sys_days{ymd}.time_since_epoch().count() * 86400LL + h * 3600 + mi * 60 + sec - offset;
  FUZZ_CHECK(*t == expect, "parse_iso8601(%.*s) = %lld, date library says %lld", int(s.size()), s.data(),
             (long long)*t, (long long)expect);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  fw::Config config;
  config.device_id = "esp32-fuzz";
  fw::Millis now = 1000;
  fw::Node node(config, now);
  int lines = 0;
  try {
    while (!in.empty() && lines++ < 256) {
      auto nl = in.find('\n');
      std::string_view l = in.substr(0, nl);
      in = nl == std::string_view::npos ? std::string_view{} : in.substr(nl + 1);
      check_iso(l);

      if (!l.empty() && l[0] == '+') {
        now += std::clamp<long long>(to_ll(l.substr(1), 0), 0, 10'000'000);
        node.tick(now);
        continue;
      }
      if (l.starts_with("pir ")) {
        node.on_pir(now, l.substr(4) == "1");
        continue;
      }
      if (l.starts_with("dist ")) {
        node.on_distance(now, static_cast<float>(to_ll(l.substr(5), 100)));
        continue;
      }
      if (l.starts_with("cmd ")) {
        l.remove_prefix(4);
        auto sp = l.find(' ');
        int status = static_cast<int>(to_ll(l.substr(0, sp), 0));
        std::string_view body = sp == std::string_view::npos ? std::string_view{} : l.substr(sp + 1);
        if (!node.command_poll_due(now)) continue;
        node.command_poll_started();
        std::string error;
        std::optional<fw::CommandsAnswer> answer;
        if (status == 200) answer = sim::parse_commands(body, error);
        node.on_command_poll(now, status, answer, error);
        continue;
      }
      // An answer to the call in flight; the node makes one first when it has one due.
      node.tick(now);
      if (!node.in_flight()) {
        auto req = node.next_request(now);
        if (!req) continue;
        FUZZ_CHECK(!req->body.empty() && req->body.front() == '{' && req->body.back() == '}',
                   "request body %s", req->body.c_str());
      }
      auto sp = l.find(' ');
      int status = static_cast<int>(std::clamp<long long>(to_ll(l.substr(0, sp), 0), 0, 999));
      std::string_view body = sp == std::string_view::npos ? std::string_view{} : l.substr(sp + 1);
      int retry_after = status == 429 || status == 503 ? 30 : -1;
      auto reply = sim::make_reply(*node.in_flight(), status, body, retry_after, status == 0 ? "timeout" : "");
      node.on_reply(now, reply);
      FUZZ_CHECK(!node.in_flight(), "still in flight after its reply");
      now += 10;
      node.tick(now);
    }
  } catch (const std::exception& e) {
    fuzz_unexpected("Node", &e);
  }
  (void)node.status_line(now);
  (void)node.take_seq_ceiling();
  return 0;
}
