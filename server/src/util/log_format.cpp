#include "util/log_format.hpp"

#include "util/json_text.hpp"

#include <boost/json.hpp>
#include <spdlog/formatter.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <ctime>

namespace classroom {

namespace {

bool is_key_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

bool is_credential(std::string_view key) {
  for (std::string_view word : {"token", "password", "secret", "api_key", "authorization", "cookie"})
    if (key.find(word) != std::string_view::npos) return true;
  return false;
}

boost::json::value field_value(const std::string& v) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec == std::errc() && end == v.data() + v.size() && !v.empty() && (v.size() == 1 || v[0] != '0'))
    return n;
  return boost::json::string(v);
}

std::string utc_millis(std::int64_t unix_ms) {
  std::time_t secs = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  auto n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return std::string(buf, n) + fmt::format(".{:03}Z", unix_ms % 1000);
}

class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
    auto level = spdlog::level::to_string_view(msg.level);
    auto line = json_log_line(ms, std::string_view(level.data(), level.size()),
                              std::string_view(msg.payload.data(), msg.payload.size()));
    line += '\n';
    dest.append(line.data(), line.data() + line.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(); }
};

}  // namespace

std::optional<LogFormat> parse_log_format(std::string_view name) {
  if (name == "text") return LogFormat::text;
  if (name == "json") return LogFormat::json;
  return std::nullopt;
}

std::optional<std::vector<std::pair<std::string, std::string>>> log_fields(std::string_view m) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t i = 0;
  while (i < m.size()) {
    if (m[i] == ' ') {
      ++i;
      continue;
    }
    auto k = i;
    while (i < m.size() && is_key_char(m[i])) ++i;
    if (i == k || i >= m.size() || m[i] != '=') return std::nullopt;
    std::string key(m.substr(k, i - k));
    ++i;
    std::string value;
    if (i < m.size() && m[i] == '"') {
      // A quoted value ends at the quote followed by a space or the end: what the
      // code logs as what="..." may itself hold quotes.
      auto close = i + 1;
      for (;; ++close) {
        close = m.find('"', close);
        if (close == std::string_view::npos) return std::nullopt;
        if (close + 1 == m.size() || m[close + 1] == ' ') break;
      }
      value = m.substr(i + 1, close - i - 1);
      i = close + 1;
    } else {
      auto end = m.find(' ', i);
      if (end == std::string_view::npos) end = m.size();
      value = m.substr(i, end - i);
      i = end;
    }
    out.emplace_back(std::move(key), std::move(value));
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::string json_log_line(std::int64_t unix_ms, std::string_view level, std::string_view message) {
  boost::json::object o;
  o["ts"] = utc_millis(unix_ms);
  o["level"] = level;
  if (auto fields = log_fields(message)) {
    for (auto& [key, value] : *fields) {
      if (o.contains(key)) continue;  // ts and level are the logger's
      o[key] = is_credential(key) ? boost::json::value("[redacted]") : field_value(value);
    }
  } else {
    o["msg"] = message;
  }
  return to_json_text(o);
}

void setup_logging(LogFormat format, const std::string& level) {
  if (format == LogFormat::json)
    spdlog::set_formatter(std::make_unique<JsonFormatter>());
  else
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z level=%l %v");
  spdlog::set_level(spdlog::level::from_str(level));
}

}  // namespace classroom
