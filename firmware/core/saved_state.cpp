#include "saved_state.hpp"

#include <charconv>

namespace fw {
namespace {

void put(std::string& out, const char* key, std::int64_t v) {
  out += key;
  out += '=';
  out += std::to_string(v);
  out += '\n';
}

}  // namespace

std::string serialize_state(const SavedState& s) {
  std::string out;
  put(out, "booked", s.booked ? 1 : 0);
  put(out, "until", s.booked_until_unix);
  put(out, "held", s.held ? 1 : 0);
  put(out, "saved_at", s.saved_at_unix);
  return out;
}

SavedState parse_state(std::string_view text) {
  SavedState s;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = line.substr(0, eq), value = line.substr(eq + 1);
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc{} || end != value.data() + value.size()) continue;
    if (key == "booked") s.booked = v == 1;
    else if (key == "until") s.booked_until_unix = v;
    else if (key == "held") s.held = v == 1;
    else if (key == "saved_at") s.saved_at_unix = v;
  }
  return s;
}

std::optional<std::int64_t> booked_remaining_s(const SavedState& s) {
  if (!s.booked) return 0;
  if (s.booked_until_unix <= 0 || s.saved_at_unix <= 0) return std::nullopt;
  const std::int64_t left = s.booked_until_unix - s.saved_at_unix;
  return left > 0 ? left : 0;
}

}  // namespace fw
