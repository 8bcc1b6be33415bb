#include "saved_reports.hpp"

#include <charconv>
#include <cmath>

#include "presence.hpp"

namespace fw {
namespace {

constexpr std::string_view kVersion = "ob1";

std::uint16_t checksum(std::string_view s) {
  std::uint32_t h = 2166136261u;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return static_cast<std::uint16_t>((h >> 16) ^ (h & 0xffffu));
}

void seal(std::string& line) {
  static const char* hex = "0123456789abcdef";
  const std::uint16_t c = checksum(line);
  line += '*';
  for (int shift = 12; shift >= 0; shift -= 4) line += hex[(c >> shift) & 15];
  line += '\n';
}

// The line's content when its checksum matches.
std::optional<std::string_view> unseal(std::string_view line) {
  const auto star = line.rfind('*');
  if (star == std::string_view::npos || line.size() - star != 5) return std::nullopt;
  unsigned v = 0;
  auto [end, ec] = std::from_chars(line.data() + star + 1, line.data() + line.size(), v, 16);
  if (ec != std::errc{} || end != line.data() + line.size()) return std::nullopt;
  const std::string_view body = line.substr(0, star);
  if (checksum(body) != v) return std::nullopt;
  return body;
}

// Splits `s` at commas into exactly `n` fields.
bool fields(std::string_view s, std::string_view* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const auto comma = s.find(',');
    if ((comma == std::string_view::npos) != (i + 1 == n)) return false;
    out[i] = s.substr(0, comma);
    s = comma == std::string_view::npos ? std::string_view{} : s.substr(comma + 1);
  }
  return true;
}

bool number(std::string_view s, std::int64_t& v) {
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc{} && end == s.data() + s.size();
}

// The static text the report points at, for a stored fault name.
const char* known_fault(std::string_view name) {
  for (const char* f : {fault::kNoEcho, fault::kOutOfRange, fault::kStuckReading, fault::kPirSilent,
                        fault::kPirStuckHigh})
    if (name == f) return f;
  return nullptr;
}

std::optional<std::int64_t> unix_of(const StatusReport& r, std::optional<Millis> wall_offset_ms) {
  if (r.made_at_unix > 0) return r.made_at_unix;
  if (wall_offset_ms) return (r.made_at + *wall_offset_ms) / 1000;
  return std::nullopt;
}

}  // namespace

SavedReports serialize_reports(const std::deque<StatusReport>& items,
                               std::optional<Millis> wall_offset_ms, std::size_t max_reports,
                               std::size_t max_bytes) {
  SavedReports out;
  // The newest timed report is the header's base; records count back from it.
  std::optional<std::int64_t> base_seq, base_unix;
  for (auto it = items.rbegin(); it != items.rend(); ++it)
    if (auto t = unix_of(*it, wall_offset_ms)) {
      base_seq = it->seq;
      base_unix = *t;
      break;
    }
  for (const auto& r : items) out.untimed += !unix_of(r, wall_offset_ms);
  if (!base_seq) return out;

  std::string header = std::string(kVersion) + ',' + std::to_string(*base_seq) + ',' + std::to_string(*base_unix);
  seal(header);
  std::vector<std::string> lines;  // newest first
  std::size_t bytes = header.size();
  for (auto it = items.rbegin(); it != items.rend() && lines.size() < max_reports; ++it) {
    const auto t = unix_of(*it, wall_offset_ms);
    if (!t) continue;
    std::string line = std::to_string(*base_seq - it->seq) + ',' + std::to_string(*base_unix - *t) + ',' +
                       std::to_string((it->is_occupied ? 1 : 0) | (it->is_power_on ? 2 : 0) | (it->sensor_ok ? 4 : 0)) +
                       ',' + std::to_string(it->last_movement_s) + ',' +
                       (it->temperature ? std::to_string(std::llround(*it->temperature * 100.0)) : std::string("-")) +
                       ',' + (it->sensor_fault ? it->sensor_fault : "-");
    seal(line);
    if (bytes + line.size() > max_bytes) break;  // the older ones give way
    bytes += line.size();
    lines.push_back(std::move(line));
  }
  out.text.reserve(bytes);
  out.text = header;
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) out.text += *it;
  out.kept = lines.size();
  return out;
}

std::vector<StatusReport> parse_reports(std::string_view text) {
  std::vector<StatusReport> out;
  std::int64_t base_seq = 0, base_unix = 0;
  bool header = false;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::string_view raw = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    const auto line = unseal(raw);
    if (!header) {
      std::string_view f[3];
      if (!line || !fields(*line, f, 3) || f[0] != kVersion || !number(f[1], base_seq) ||
          !number(f[2], base_unix) || base_seq <= 0 || base_unix <= 0)
        return {};  // another version, or no base to count from
      header = true;
      continue;
    }
    std::string_view f[6];
    std::int64_t back_seq = 0, back_s = 0, flags = 0, idle = 0, centi = 0;
    if (!line || !fields(*line, f, 6) || !number(f[0], back_seq) || !number(f[1], back_s) ||
        !number(f[2], flags) || !number(f[3], idle) || (f[4] != "-" && !number(f[4], centi)))
      continue;
    StatusReport r;
    r.seq = base_seq - back_seq;
    r.made_at_unix = base_unix - back_s;
    if (r.seq <= 0 || r.made_at_unix <= 0 || flags < 0 || flags > 7 || idle < 0) continue;
    if (!out.empty() && r.seq <= out.back().seq) continue;  // seqs only grow
    r.is_occupied = flags & 1;
    r.is_power_on = flags & 2;
    r.sensor_ok = flags & 4;
    r.last_movement_s = idle;
    if (f[4] != "-") r.temperature = static_cast<double>(centi) / 100.0;
    r.sensor_fault = f[5] == "-" ? nullptr : known_fault(f[5]);
    out.push_back(r);
  }
  return out;
}

}  // namespace fw
