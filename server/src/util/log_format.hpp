#pragma once
// Log lines for people (`text`) or for log shippers (`json`: one object a line). The
// code logs `event=NAME key=value key="quoted value"`; in JSON those become members.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace classroom {

enum class LogFormat { text, json };
std::optional<LogFormat> parse_log_format(std::string_view name);

// `event=x a=1 what="b c"` → {event,x} {a,1} {what,b c}; nullopt when the message is
// not wholly key=value pairs (it is then logged whole, as `msg`).
std::optional<std::vector<std::pair<std::string, std::string>>> log_fields(std::string_view message);

// One JSON line: {"ts", "level", then the message's fields or "msg"}. Values of fields
// named like a credential are replaced, integers are numbers.
std::string json_log_line(std::int64_t unix_ms, std::string_view level, std::string_view message);

// Installs the format and level on spdlog's default logger.
void setup_logging(LogFormat format, const std::string& level);

}  // namespace classroom
