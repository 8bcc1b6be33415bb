#pragma once
// JSON request bodies (writing is simple enough to do without a library, and the
// ESP32 and the PC then send byte-identical bodies) and the ISO 8601 reader for the
// server's clock.
#include <cstdint>
#include <optional>
#include <vector>
#include <string>
#include <string_view>

#include "protocol.hpp"

namespace fw {

void append_json_string(std::string& out, std::string_view s);

std::string status_body(std::string_view device_id, const StatusReport& r,
                        std::optional<std::int64_t> unix_s);
// Every report in a batch carries its seq and timestamp (its made_at_unix when set,
// else made_at on this boot's clock).
std::string batch_body(std::string_view device_id, const std::vector<StatusReport>& reports,
                       std::int64_t unix_now_s, Millis now);
std::string power_log_body(const PowerLogEntry& e, std::optional<std::int64_t> unix_s);
std::string heartbeat_body(std::string_view firmware_version, const Health& health = {});

// "2024-05-01T09:30:00Z", "...+02:00", "...-05:30", with optional fraction; a missing
// offset is read as UTC. Returns unix seconds, or nothing when it is not such a time.
std::optional<std::int64_t> parse_iso8601(std::string_view text);

}  // namespace fw
